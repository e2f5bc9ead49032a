import Optim

/// The driver's stopping rules (`Options`) as parameters, shared by run, compare and hessian.
/// Defaults are the library's (`Options()`).
public enum StoppingRules {
    public static let parameters: [Parameter] = {
        let d = Options()
        return [
            Parameter("gtol", field: "gradientTolerance", "stop when ‖∇f‖∞ ≤ gtol", .real(.above(0)), default: .value(.real(d.gradientTolerance))),
            Parameter("ftol", field: "functionTolerance", "stop when |fₖ − fₖ₊₁| / max(|fₖ|, |fₖ₊₁|, 1) ≤ ftol (0: off)",
                      .real(.atLeast(0)), default: .value(.real(d.functionTolerance))),
            Parameter("xtol", field: "stepTolerance", "stop when ‖xₖ₊₁ − xₖ‖∞ ≤ xtol (0: off)", .real(.atLeast(0)),
                      default: .value(.real(d.stepTolerance))),
            Parameter("max-iter", field: "maxIterations", "iteration limit", .integer(0...Int.max), default: .value(.integer(d.maxIterations))),
            Parameter("max-evals", field: "maxEvaluations", "limit on f evaluations, checked between iterations", .integer(1...Int.max),
                      default: .unset("none")),
            Parameter("time-limit", field: "timeLimit", "wall-clock limit in seconds, checked between iterations (batches when training)",
                      .real(.above(0)), default: .unset("none")),
        ]
    }()

    /// The options that `assignments` describe, for a command that takes only run-wide
    /// parameters (`compare`): a solver parameter or a training parameter there is refused.
    public static func options(from assignments: [Assignment], traceEvery: Int, command: String) throws(RequestError) -> Options {
        try SolverCatalog.checkRepeats(assignments)
        for a in assignments where !parameters.contains(where: { $0.key == a.key }) {
            if TrainingParameters.parameters.contains(where: { $0.key == a.key }) { throw .trainingNotAvailable(key: a.key, command: command) }
            if SolverCatalog.solverKeys.contains(a.key) { throw .perSolverParameter(key: a.key) }
            throw .unknownParameter(a.key)
        }
        return options(try SolverCatalog.values(of: parameters, from: assignments, owner: "the stopping rules"), traceEvery: traceEvery)
    }

    /// The options the values describe, with the given trace frequency.
    static func options(_ v: ParameterValues, traceEvery: Int) -> Options {
        Options(gradientTolerance: v.real("gtol"), functionTolerance: v.real("ftol"), stepTolerance: v.real("xtol"),
                maxIterations: v.integer("max-iter"), maxEvaluations: v.optionalInteger("max-evals"),
                timeLimit: v.optionalReal("time-limit"), traceEvery: traceEvery)
    }
}

/// Mini-batch training's schedule as parameters. Giving `epochs` or `batch-size` makes a run
/// train by mini-batches (solvers with a `MiniBatchUse`, objectives with mini-batches).
public enum TrainingParameters {
    public static let parameters: [Parameter] = [
        Parameter("epochs", "train by mini-batches for this many epochs", .integer(1...Int.max), default: .value(.integer(20))),
        Parameter("batch-size", field: "batchSize", "mini-batch size", .integer(1...Int.max), default: .value(.integer(32))),
        Parameter("dropout-keep", "inverted dropout on hidden units with keep probability p (mlp problems)",
                  .real(NumberRange(lower: 0, lowerClosed: false, upper: 1, upperClosed: true)), default: .unset("none")),
    ]

    /// The keys that turn a run into mini-batch training.
    public static let activating: Set<String> = ["epochs", "batch-size"]
}
