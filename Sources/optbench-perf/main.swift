import Foundation
import Optim
import Problems

// Measures L-BFGS's own work per iteration — everything but the objective's evaluations —
// on chained Rosenbrock, against the memory-bandwidth floor of the two-loop recursion:
// (4m + 4)·8n bytes per iteration divided by the bandwidth of a 4-accumulator dot product
// on vectors that do not fit in cache. The floor is measured right before each L-BFGS run,
// so each run's ratio compares two measurements taken under the same machine load.
//
//   optbench-perf [--n 1000000] [--memory 10] [--iterations 60] [--repeats 5] [--threads 1]
//
// Prints one JSON object; scripts/bench/bench-lbfgs turns it into results/lbfgs-overhead.md.
// --threads is the run's Options.threads (L-BFGS's passes) and OpenBLAS's count.
//
//   optbench-perf passes [--n 1000000] [--memory 10] [--threads 1]
//
// times the two passes of LBFGSMemory alone on a full memory (PassProbe).
//
//   optbench-perf mlp [--repeats 20] [--threads 1] [--export DIR]
//
// instead times the loss and gradient of a 64-256-10 tanh/softmax network on 10,000
// generated samples (MLPBenchmark; scripts/bench/bench-mlp compares it with NumPy and JAX), and
//
//   optbench-perf tanh-probe
//
// times VectorMath.tanh against a libm call per element on 2.56·10⁶ values, and
//
//   optbench-perf kernels
//
// times each element-wise kernel, L-BFGS's own work and the MLP gradient, with the kernels'
// accuracy (KernelBenchmark; scripts/bench/bench-isa compares the portable and the tuned build), and
//
//   optbench-perf growth lbfgs|cg|bfgs --n N | growth mlp --samples N --hidden H
//
// times one size of the cost-growth table (GrowthBenchmark; scripts/bench/bench-growth), whose chart
// `optbench-perf growth-chart results/cost-growth.csv NOTE` draws (GrowthChart).

/// Wraps an objective and accumulates the wall time spent inside it.
final class TimedObjective<Base: Objective>: Objective {
    let base: Base
    var nanoseconds: UInt64 = 0
    init(_ base: Base) { self.base = base }
    var dimension: Int { base.dimension }
    func value(at x: UnsafeBufferPointer<Double>) -> Double {
        let t = DispatchTime.now().uptimeNanoseconds
        defer { nanoseconds += DispatchTime.now().uptimeNanoseconds - t }
        return base.value(at: x)
    }
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        let t = DispatchTime.now().uptimeNanoseconds
        defer { nanoseconds += DispatchTime.now().uptimeNanoseconds - t }
        return base.valueAndGradient(at: x, gradient: gradient)
    }
}

/// The dot product the floor is defined by: four scalar accumulators, unit stride.
@inline(never)
func fourAccumulatorDot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    var i = 0
    while i + 4 <= n {
        s0 += a[i] * b[i]
        s1 += a[i + 1] * b[i + 1]
        s2 += a[i + 2] * b[i + 2]
        s3 += a[i + 3] * b[i + 3]
        i += 4
    }
    while i < n { s0 += a[i] * b[i]; i += 1 }
    return (s0 + s1) + (s2 + s3)
}

/// Bytes per second of `fourAccumulatorDot` over `vectors` taken in pairs (together larger
/// than the last-level cache, so every sweep streams from memory), best of `sweeps`.
func dotBandwidth(_ vectors: [Vector], sweeps: Int) -> Double {
    let n = vectors[0].count, pairs = vectors.count / 2
    var best = Double.infinity
    var sink = 0.0
    for _ in 0..<sweeps {
        let t = DispatchTime.now().uptimeNanoseconds
        for p in 0..<pairs { sink += fourAccumulatorDot(vectors[2 * p].pointer, vectors[2 * p + 1].pointer, n) }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t) * 1e-9)
    }
    precondition(sink.isFinite)
    return Double(2 * pairs * n * 8) / best
}

struct Arguments {
    var n = 1_000_000
    var memory = 10
    var iterations = 60
    var repeats = 5
    var threads = 1

    init(_ arguments: ArraySlice<String>) {
        var args = arguments.makeIterator()
        while let flag = args.next() {
            guard let text = args.next(), let value = Int(text), value > 0 else {
                FileHandle.standardError.write(Data("optbench-perf: \(flag) needs a positive integer\n".utf8))
                exit(2)
            }
            switch flag {
            case "--n": n = value
            case "--memory": memory = value
            case "--iterations": iterations = value
            case "--repeats": repeats = value
            case "--threads": threads = value
            default:
                FileHandle.standardError.write(
                    Data(
                        ("optbench-perf: unknown flag \(flag); expected --n, --memory, --iterations, --repeats, "
                            + "--threads\n")
                            .utf8))
                exit(2)
            }
        }
    }
}

struct Measurement {
    var bandwidth: Double
    var floorSeconds: Double
    var ownSeconds: Double
    var totalSeconds: Double
    var finalValue: Double
    var evaluationsPerIteration: Double
    var objectiveSecondsPerEvaluation: Double
    var ratio: Double { ownSeconds / floorSeconds }
}

/// One L-BFGS run, measured over the iterations after the memory is full (m+1 … m+k).
func measureLBFGS(
    n: Int, m: Int, iterations: Int
) -> (own: Double, total: Double, evaluationsPerIteration: Double, objectivePerEvaluation: Double, value: Double) {
    let objective = TimedObjective(Rosenbrock(dimension: n))
    let first = m + 1
    var mark: (seconds: Double, objective: UInt64, evaluations: Int)?
    let result = orExit("L-BFGS on rosenbrock:n=\(n)") {
        try minimize(
            objective, from: Rosenbrock(dimension: n).standardStart, using: LBFGS(memory: m, lineSearch: MoreThuente()),
            options: Options(
                gradientTolerance: 1e-12, maxIterations: first + iterations, traceEvery: 0, threads: arguments.threads)
        ) { r in
            if r.iteration == first { mark = (r.seconds, objective.nanoseconds, r.valueEvaluations) }
            return .proceed
        }
    }
    guard let mark, let last = result.trace.last, result.iterations == first + iterations else {
        FileHandle.standardError.write(
            Data(
                ("optbench-perf: L-BFGS on rosenbrock:n=\(n) stopped early (\(result.status.rawValue)) before the "
                    + "measured iterations\n")
                    .utf8))
        exit(1)
    }
    let objectiveSeconds = Double(objective.nanoseconds - mark.objective) * 1e-9
    let evaluations = last.valueEvaluations - mark.evaluations
    let total = last.seconds - mark.seconds, own = total - objectiveSeconds
    return (
        own / Double(iterations), total / Double(iterations), Double(evaluations) / Double(iterations),
        objectiveSeconds / Double(evaluations), result.value
    )
}

if CommandLine.arguments.dropFirst().first == "tanh-probe" {
    let n = 2_560_000
    let x = Vector((0..<n).map { Double($0 % 1000) / 250 - 2 }), y = Vector(count: n)
    for label in ["vector", "libm"] {
        var best = 1e9
        for _ in 0..<10 {
            let t = DispatchTime.now().uptimeNanoseconds
            if label == "vector" {
                VectorMath.tanh(x.pointer, into: y.pointer, count: n)
            } else {
                for i in 0..<n { y[i] = Foundation.tanh(x[i]) }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t) * 1e-6)
        }
        print(label, best, "ms")
    }
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "mlp" {
    print(MLPBenchmark(arguments: Array(CommandLine.arguments.dropFirst(2))).run())
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "passes" {
    let arguments = Arguments(CommandLine.arguments.dropFirst(2))
    print(PassProbe.run(n: arguments.n, m: arguments.memory, threads: arguments.threads))
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "kernels" {
    print(KernelBenchmark.run())
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "growth" {
    print(GrowthBenchmark.run(Array(CommandLine.arguments.dropFirst(2))))
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "growth-chart" {
    print(GrowthChart.run(Array(CommandLine.arguments.dropFirst(2))), terminator: "")
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "formula" {
    var repeats = 10
    if CommandLine.arguments.count == 4, CommandLine.arguments[2] == "--repeats", let r = Int(CommandLine.arguments[3]),
        r > 0
    {
        repeats = r
    }
    print(FormulaBenchmark.run(repeats: repeats))
    exit(0)
}

let arguments = Arguments(CommandLine.arguments.dropFirst())
let n = arguments.n, m = arguments.memory
BLASThreads.set(arguments.threads)
let bandwidthVectors = (0..<(2 * max(6, 160_000_000 / (16 * n)))).map {
    Vector(count: n, repeating: 1 + Double($0) * 1e-3)
}
var measurements: [Measurement] = []
for _ in 0..<arguments.repeats {
    let bandwidth = dotBandwidth(bandwidthVectors, sweeps: 5)
    let run = measureLBFGS(n: n, m: m, iterations: arguments.iterations)
    measurements.append(
        Measurement(
            bandwidth: bandwidth, floorSeconds: Double((4 * m + 4) * 8 * n) / bandwidth,
            ownSeconds: run.own, totalSeconds: run.total, finalValue: run.value,
            evaluationsPerIteration: run.evaluationsPerIteration,
            objectiveSecondsPerEvaluation: run.objectivePerEvaluation))
}
let ratios = measurements.map(\.ratio).sorted()
let median = measurements.sorted { $0.ratio < $1.ratio }[measurements.count / 2]
func list(_ values: [Double]) -> String { "[" + values.map { String(format: "%.4g", $0) }.joined(separator: ",") + "]" }
print("""
    {"n":\(n),"memory":\(m),"iterations":\(arguments.iterations),"repeats":\(arguments.repeats),"threads":\(arguments.threads),\
    "final_values":[\(Set(measurements.map { $0.finalValue.description }).sorted().joined(separator: ","))],\
    "ratios":\(list(ratios)),"ratio_median":\(median.ratio),"ratio_best":\(ratios[0]),\
    "median_run":{"dot_bandwidth_gb_per_s":\(median.bandwidth / 1e9),"floor_ms_per_iteration":\(median.floorSeconds * 1e3),\
    "own_ms_per_iteration":\(median.ownSeconds * 1e3),"total_ms_per_iteration":\(median.totalSeconds * 1e3),"evaluations_per_iteration":\(median.evaluationsPerIteration),\
    "objective_ms_per_evaluation":\(median.objectiveSecondsPerEvaluation * 1e3)}}
    """)
