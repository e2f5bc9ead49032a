import Foundation
import Optim
import Problems

/// `optbench-perf mlp [--repeats 20] [--threads 1] [--export DIR]`: the loss and gradient of
/// the 64-256-10 tanh/softmax network on 10,000 generated samples (`mlp:samples=12500,…`, whose
/// 80 % training split is the objective), timed `repeats` times after one warm-up evaluation
/// with OpenBLAS on `threads` threads. Prints one JSON object: best and median milliseconds, the
/// loss, and an FNV-1a hash of the bits of the loss and the gradient — equal hashes mean
/// bit-identical results (scripts/bench/bench-mlp compares one thread with two). `--export DIR`
/// also writes the data, θ, the loss and the gradient for scripts/bench/mlp_numpy.py and
/// scripts/bench/mlp_jax.py (the format is described in scripts/bench/mlp_data.py).
struct MLPBenchmark {
    var repeats = 20
    var threads = 1
    var export: String?

    init(arguments: [String]) {
        var args = arguments.makeIterator()
        while let flag = args.next() {
            guard let text = args.next() else { Self.fail("\(flag) needs a value") }
            switch flag {
            case "--repeats", "--threads":
                guard let value = Int(text), value > 0 else { Self.fail("\(flag) needs a positive integer") }
                if flag == "--repeats" { repeats = value } else { threads = value }
            case "--export": export = text
            default: Self.fail("unknown flag \(flag); expected --repeats, --threads, --export")
            }
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("optbench-perf mlp: \(message)\n".utf8))
        exit(2)
    }

    func run() -> String {
        BLASThreads.set(threads)
        let problem = orExit("the benchmark network") {
            try ProblemRegistry.resolve("mlp:samples=12500,features=64,hidden=256,classes=10,seed=1")
        }
        guard let objective = problem.objective as? MLPObjective, objective.sampleCount == 10_000 else {
            Self.fail("the benchmark network is not a 10,000-sample MLP")
        }
        let theta = Vector(problem.start), gradient = Vector(count: objective.dimension)
        var times: [Double] = []
        var loss = 0.0
        for _ in 0...repeats {
            let t = DispatchTime.now().uptimeNanoseconds
            loss = objective.valueAndGradient(at: theta.readOnly, gradient: gradient.storage)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t) * 1e-6)
        }
        times = Array(times.dropFirst()).sorted()
        if let export { write(objective, theta: theta.array, loss: loss, gradient: gradient.array, to: export) }
        return "{\"samples\":\(objective.sampleCount),\"threads\":\(BLASThreads.current),\"best_ms\":\(times[0]),"
            + "\"median_ms\":\(times[times.count / 2]),\"loss\":\(loss),"
                + "\"bits\":\"\(Self.fnv1a([loss] + gradient.array))\"}"
    }

    /// 64-bit FNV-1a of the bytes of the values' bit patterns, as hex.
    static func fnv1a(_ values: [Double]) -> String { String(FNV1a.hash(bitsOf: values), radix: 16) }

    private func write(
        _ objective: MLPObjective, theta: [Double], loss: Double, gradient: [Double], to directory: String
    ) {
        let sizes = objective.architecture.sizes, data = objective.data
        orExit("--export \(directory)") {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (name, values) in [
                ("inputs", data.inputs), ("targets", data.targets), ("theta", theta), ("gradient", gradient),
            ] {
                try values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: "\(directory)/\(name).bin")) }
            }
            let shape = "{\"samples\":\(objective.sampleCount),\"features\":\(sizes[0]),\"hidden\":\(sizes[1]),"
                + "\"classes\":\(sizes[2]),\"l2\":\(objective.l2),\"loss\":\(loss)}\n"
            try Data(shape.utf8).write(to: URL(fileURLWithPath: "\(directory)/shape.json"))
        }
    }
}
