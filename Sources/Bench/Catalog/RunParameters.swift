import Optim

/// The driver's stopping rules (`Options`, whose table declares them) as run, compare, plot and
/// hessian take them.
public enum StoppingRules {
    public static let parameters: [ParameterInfo] = Options().parameterInfo

    /// The options that `assignments` describe, for a command that takes only run-wide
    /// parameters (`compare`): a solver parameter or a training parameter there is refused.
    public static func options(
        from assignments: [Assignment], traceEvery: Int, command: String
    ) throws(RequestError) -> Options {
        try SolverCatalog.checkRepeats(assignments)
        for a in assignments where !parameters.contains(where: { $0.key == a.key }) {
            if TrainingSchedule.parameters.contains(where: { $0.key == a.key }) {
                throw .trainingNotAvailable(key: a.key, command: command)
            }
            if SolverCatalog.solverKeys.contains(a.key) { throw .perSolverParameter(key: a.key) }
            throw .unknownParameter(a.key)
        }
        return try options(assignments, traceEvery: traceEvery)
    }

    /// The options of `assignments` (all of them stopping rules) with the trace frequency.
    static func options(_ assignments: [Assignment], traceEvery: Int) throws(RequestError) -> Options {
        try SolverCatalog.configure(Options(traceEvery: traceEvery), from: assignments, owner: "the stopping rules")
            .value
    }
}

/// Mini-batch training's schedule: epochs and batch size (`MiniBatchOptions`' table) and
/// dropout. Giving `epochs` or `batch-size` makes a run train by mini-batches (solvers with a
/// `MiniBatchUse`, objectives with mini-batches).
public struct TrainingSchedule: Configurable, Sendable {
    /// Only its epochs and batch size are the schedule's; the rule is the method's.
    public var batches = MiniBatchOptions(rule: .sgd, learningRate: 1)
    /// Inverted dropout on hidden units with this keep probability (mlp problems); nil: none.
    public var dropoutKeep: Double?

    public init() {}

    public static var parameters: [Parameter<TrainingSchedule>] {
        MiniBatchOptions.parameters.map { $0.lifted(\.batches) }
            + [.real("dropout-keep", \.dropoutKeep, .leftOpen(0, 1),
                     "inverted dropout on hidden units with keep probability p (mlp problems)", unset: "none")]
    }

    /// The table without its type.
    public static let info: [ParameterInfo] = TrainingSchedule().parameterInfo

    /// The keys that turn a run into mini-batch training.
    public static let activating: Set<String> = ["epochs", "batch-size"]
}
