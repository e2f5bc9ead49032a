import Optim
import Problems

/// One solver's run on one problem for `optbench plot`: its comparison row (status, counts,
/// trace) and, for a problem of two variables, every iterate x₀, x₁, …, x_last, recorded by
/// the driver's `inspect` hook. Recording copies x outside the counted objective, so the
/// row's evaluation counts are the solver's alone.
public struct IteratePath: Sendable {
    public let row: Comparison.Row
    /// Every iterate, the returned x last; empty when the problem does not have 2 variables.
    public let iterates: [[Double]]

    /// Runs `entry` on `problem` under `options` (give `traceEvery` 1 for a trace entry per
    /// iteration). `problem` should be an instance of its own: a program problem's counts
    /// are kept per instance. `stop`, asked after every iteration, ends the run as
    /// `interrupted` when it answers true (Ctrl-C).
    public init(problem: TestProblem, solver entry: Comparison.SolverEntry, options: Options,
                stop: @escaping () -> Bool = { false }) throws(MinimizeError) {
        let record = problem.dimension == 2
        var iterates: [[Double]] = []
        var result = try Self.minimizeRecording(
            problem.objective, solver: entry.choice.makeSolver(), from: problem.start, bounds: problem.bounds,
            options: options,
            stop: stop
        ) { x in
            if record { iterates.append(x) }
        }
        problem.finishExternal(&result)
        if record {
            // A start where f or ∇f is not finite never reaches the solver (nor the hook).
            if iterates.isEmpty { iterates.append(problem.start) }
            if iterates.last != result.x { iterates.append(result.x) }
        }
        row = Comparison.Row(problem: problem, entry: entry, result: result)
        self.iterates = iterates
    }

    private static func minimizeRecording<O: Objective, S: Solver>(
        _ objective: O, solver: S, from x0: [Double], bounds: Bounds?, options: Options,
        stop: @escaping () -> Bool,
        record: @escaping ([Double]) -> Void
    ) throws(MinimizeError) -> OptimizationResult {
        var solver = solver
        return try minimize(
            objective, from: x0, bounds: bounds, using: &solver, options: options,
            inspect: { state, _ in record(state.x.array) },
            callback: { _ in stop() ? .interrupt : .proceed })
    }
}
