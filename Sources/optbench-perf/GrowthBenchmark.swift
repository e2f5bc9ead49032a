import Foundation
import Optim
import Problems

/// `optbench-perf growth`: one point of how a solver's cost per iteration, or the MLP's cost
/// per evaluation, grows with the problem size (scripts/bench/bench-growth runs it over the sizes,
/// fits the growth exponents and writes results/cost-growth.md).
///
///   optbench-perf growth lbfgs|cg|bfgs --n N [--windows 5] [--seconds 0.3]
///
/// runs the solver (the CLI's default: L-BFGS with m = 10 and CG with PR+, both with
/// Moré–Thuente; BFGS with Moré–Thuente) on chained Rosenbrock from its standard start and
/// times `windows` consecutive windows of iterations, each at least `seconds` of wall time and
/// `minimumIterations` iterations long, after a warm-up (L-BFGS: m + 1 iterations, so its
/// memory is full; the others: 2). A run that converges is restarted, and its warm-up again
/// not timed. For each window it prints the wall seconds, the seconds inside the objective
/// (f and ∇f) and the f evaluations, per iteration, as one JSON object.
///
///   optbench-perf growth mlp --samples N --hidden H [--windows 5] [--seconds 0.3]
///
/// times the loss and gradient of a 64-H-10 tanh/softmax network on N generated training
/// samples (as `optbench-perf mlp`) in `windows` windows of calls, each at least `seconds`
/// long, after one untimed call; prints each window's seconds per call.
enum GrowthBenchmark {
    /// Iterations of one timed window, at least: a window shorter than this at n = 10⁷ would
    /// time one or two iterations.
    static let minimumIterations = 5

    /// Totals over one window of iterations.
    struct Window {
        var iterations = 0
        var seconds = 0.0
        var objectiveNanoseconds: UInt64 = 0
        var evaluations = 0
    }

    /// `windows` consecutive timed windows of `solver` on chained Rosenbrock of dimension `n`,
    /// each begun after the previous one closed, never within a run's first `warmup` iterations.
    static func windows<S: Solver>(
        _ solver: S, name: String, n: Int, warmup: Int, count: Int, seconds: Double
    ) -> [Window] {
        let problem = Rosenbrock(dimension: n), start = problem.standardStart
        var done: [Window] = [], current = Window()
        while done.count < count {
            let objective = TimedObjective(problem)
            var previous: (seconds: Double, objective: UInt64, evaluations: Int)?
            let result = orExit("\(name) on rosenbrock:n=\(n)") {
                try minimize(
                    objective, from: start, using: solver, options: Options(maxIterations: 100_000_000, traceEvery: 0)
                ) { entry in
                    let now = (
                        seconds: entry.seconds, objective: objective.nanoseconds, evaluations: entry.valueEvaluations
                    )
                    if let previous {
                        current.iterations += 1
                        current.seconds += now.seconds - previous.seconds
                        current.objectiveNanoseconds += now.objective - previous.objective
                        current.evaluations += now.evaluations - previous.evaluations
                        if current.seconds >= seconds && current.iterations >= minimumIterations {
                            done.append(current)
                            current = Window()
                            if done.count == count { return .stop }
                        }
                    }
                    if entry.iteration >= warmup { previous = now }
                    return .proceed
                }
            }
            guard result.iterations > warmup else {
                failure(
                    "\(name) on rosenbrock:n=\(n) stopped at iteration \(result.iterations) "
                        + "(\(result.status.rawValue)), within its \(warmup)-iteration warm-up",
                    status: 1)
            }
        }
        return done
    }

    /// Seconds per call of the MLP's loss and gradient in `count` consecutive windows of
    /// calls, each at least `seconds` long, after one untimed call.
    static func mlpWindows(samples: Int, hidden: Int, count: Int, seconds: Double) -> [Double] {
        // The registry keeps 80% of the generated samples for training.
        let reference = "mlp:samples=\(samples * 5 / 4),features=64,hidden=\(hidden),classes=10,seed=1"
        let problem = orExit("the network \(reference)") { try ProblemRegistry.resolve(reference) }
        guard let objective = problem.objective as? MLPObjective, objective.sampleCount == samples else {
            failure("\(reference) does not train on \(samples) samples; give a multiple of 4", status: 2)
        }
        let theta = Vector(problem.start), gradient = Vector(count: objective.dimension)
        var sink = objective.valueAndGradient(at: theta.readOnly, gradient: gradient.storage)
        let windows = (0..<count).map { _ in
            var calls = 0, elapsed = 0.0
            while elapsed < seconds {
                let t = DispatchTime.now().uptimeNanoseconds
                sink += objective.valueAndGradient(at: theta.readOnly, gradient: gradient.storage)
                elapsed += Double(DispatchTime.now().uptimeNanoseconds - t) * 1e-9
                calls += 1
            }
            return elapsed / Double(calls)
        }
        guard sink.isFinite else { failure("\(reference): the loss is not finite", status: 1) }
        return windows
    }

    static func list(_ values: [Double]) -> String { "[" + values.map { "\($0)" }.joined(separator: ",") + "]" }

    /// Parses `arguments` (after `growth`), measures, and returns the JSON line.
    static func run(_ arguments: [String]) -> String {
        guard let kind = arguments.first, ["lbfgs", "cg", "bfgs", "mlp"].contains(kind) else {
            failure("growth needs lbfgs, cg, bfgs or mlp, then its flags", status: 2)
        }
        var values: [String: Double] = ["--windows": 5, "--seconds": 0.3]
        let accepted =
            kind == "mlp" ? ["--samples", "--hidden", "--windows", "--seconds"] : ["--n", "--windows", "--seconds"]
        var rest = arguments.dropFirst().makeIterator()
        while let flag = rest.next() {
            guard accepted.contains(flag) else {
                failure("growth \(kind): unknown flag \(flag); expected \(accepted.joined(separator: ", "))", status: 2)
            }
            guard let text = rest.next(), let value = Double(text), value > 0, value.isFinite,
                flag == "--seconds" || (value == value.rounded() && value <= 1e9)
            else {
                failure(
                    "growth \(kind): \(flag) needs a positive \(flag == "--seconds" ? "number" : "integer")", status: 2)
            }
            values[flag] = value
        }
        for flag in accepted where values[flag] == nil { failure("growth \(kind): \(flag) is required", status: 2) }
        let count = Int(values["--windows"]!), seconds = values["--seconds"]!
        if kind == "mlp" {
            let samples = Int(values["--samples"]!), hidden = Int(values["--hidden"]!)
            let windows = mlpWindows(samples: samples, hidden: hidden, count: count, seconds: seconds)
            return
                "{\"kind\":\"mlp\",\"samples\":\(samples),\"hidden\":\(hidden),"
                    + "\"seconds_per_evaluation\":\(list(windows))}"
        }
        let n = Int(values["--n"]!)
        guard n >= 2 else { failure("growth \(kind): chained Rosenbrock needs --n ≥ 2", status: 2) }
        let memory = 10
        let measured =
            switch kind {
            case "lbfgs":
                windows(LBFGS(memory: memory), name: "L-BFGS", n: n, warmup: memory + 1, count: count, seconds: seconds)
            case "cg": windows(NonlinearCG(), name: "CG", n: n, warmup: 2, count: count, seconds: seconds)
            default: windows(BFGS(), name: "BFGS", n: n, warmup: 2, count: count, seconds: seconds)
            }
        func perIteration(_ value: (Window) -> Double) -> String {
            list(measured.map { value($0) / Double($0.iterations) })
        }
        return "{\"kind\":\"\(kind)\",\"n\":\(n),\(kind == "lbfgs" ? "\"memory\":\(memory)," : "")"
            + "\"iterations\":\(list(measured.map { Double($0.iterations) })),"
            + "\"seconds_per_iteration\":\(perIteration(\.seconds)),"
            + "\"objective_seconds_per_iteration\":\(perIteration { Double($0.objectiveNanoseconds) * 1e-9 }),"
            + "\"evaluations_per_iteration\":\(perIteration { Double($0.evaluations) })}"
    }
}
