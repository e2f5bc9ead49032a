import Synchronization

/// Stopping rules and bookkeeping for `minimize`. Defaults follow the field
/// (gradient tolerance 1e-6 on ‖∇f‖∞ — a solver with tests of its own may default it
/// otherwise, `Solver.defaultGradientTolerance` — and 1000 iterations); the other rules are off
/// unless set.
public struct Options: Sendable, Equatable {
    /// Stop when ‖∇f(x)‖∞ ≤ gradientTolerance. Must be ≥ 0 (0: never on this rule). nil: the
    /// solver's default (`Solver.defaultGradientTolerance(for:)`: 1e-6, and 0 for `lm` on a
    /// Jacobian, which stops by MINPACK's scale-free tests instead).
    public var gradientTolerance: Double? = nil
    /// Stop when |fₖ − fₖ₊₁| / max(|fₖ|, |fₖ₊₁|, 1) ≤ functionTolerance. 0 turns the rule off.
    public var functionTolerance: Double = 0
    /// Stop when ‖xₖ₊₁ − xₖ‖∞ ≤ stepTolerance. 0 turns the rule off.
    public var stepTolerance: Double = 0
    /// Stop after this many iterations (≥ 0).
    public var maxIterations: Int = 1000
    /// Stop once this many f evaluations have been spent (checked between iterations, so the
    /// last line search may go past it by at most its own evaluation bound). `nil`: no limit.
    public var maxEvaluations: Int? = nil
    /// Wall-clock limit in seconds, checked between iterations. `nil`: no limit.
    public var timeLimit: Double? = nil
    /// Record a trace entry every `traceEvery` iterations (≥ 1); iteration 0 and the final
    /// iterate are always recorded. 0 records only those two.
    public var traceEvery: Int = 1
    /// Threads the run may split its long vector passes between (L-BFGS's and OWL-QN's passes
    /// over their pairs, the gradient test, line-search trial points), with the same bits on
    /// any count; values below 1 mean 1. OpenBLAS's own count is the caller's to pin
    /// (`BLASThreads.set`).
    public var threads: Int = 1
    /// Checked before each iteration: once cancelled, the run ends with status `interrupted`
    /// at the last accepted iterate. nil: the run cannot be cancelled this way (the callback
    /// may still answer `.interrupt`).
    public var cancellation: Cancellation? = nil
    /// Record every f the run evaluates with the evaluation count at its return
    /// (`OptimizationResult.valueHistory`, one pair per evaluation: memory bounded by `maxEvaluations`).
    public var recordValues = false

    public init(gradientTolerance: Double? = nil, functionTolerance: Double = 0, stepTolerance: Double = 0,
                maxIterations: Int = 1000, maxEvaluations: Int? = nil, timeLimit: Double? = nil,
                traceEvery: Int = 1, threads: Int = 1, cancellation: Cancellation? = nil) {
        self.threads = threads
        self.cancellation = cancellation
        self.gradientTolerance = gradientTolerance
        self.functionTolerance = functionTolerance
        self.stepTolerance = stepTolerance
        self.maxIterations = maxIterations
        self.maxEvaluations = maxEvaluations
        self.timeLimit = timeLimit
        self.traceEvery = traceEvery
    }

}

/// A parameter outside its accepted range. `name` is the library's field name (the property
/// of the solver, line search or options); callers map it to their own names.
public struct InvalidParameter: Error, Equatable, CustomStringConvertible {
    public let name: String
    public let value: String
    public let expected: String

    public init(name: String, value: String, expected: String) {
        self.name = name
        self.value = value
        self.expected = expected
    }

    public var description: String { "\(name) = \(value) is invalid: expected \(expected)" }

    /// Throws unless `condition` holds.
    @inlinable public static func require(
        _ condition: Bool, _ name: String, _ value: some CustomStringConvertible, _ expected: String
    ) throws(InvalidParameter) {
        if !condition { throw InvalidParameter(name: name, value: value.description, expected: expected) }
    }
}

extension Options: Configurable {
    /// The stopping rules as people set them (`--gtol`, … on the command line).
    public static var parameters: [Parameter<Options>] {
        [
            .real(
                "gtol", \.gradientTolerance, .atLeast(0), "stop when ‖∇f‖∞ ≤ gtol (0: off)",
                unset: "1e-6 (lm with J: 0)"),
            .real(
                "ftol", \.functionTolerance, .atLeast(0), "stop when |fₖ − fₖ₊₁| / max(|fₖ|, |fₖ₊₁|, 1) ≤ ftol (0: off)"
            ),
            .real("xtol", \.stepTolerance, .atLeast(0), "stop when ‖xₖ₊₁ − xₖ‖∞ ≤ xtol (0: off)"),
            .integer("max-iter", \.maxIterations, 0...Int.max, "iteration limit"),
            .integer("max-evals", \.maxEvaluations, 1...Int.max, "limit on f evaluations, checked between iterations",
                     unset: "none"),
            .real("time-limit", \.timeLimit, .above(0),
                  "wall-clock limit in seconds, checked between iterations (batches when training)", unset: "none"),
            .flag("record-values", \.recordValues,
                  "record (f evaluations, f) at every evaluation of f: the result's history"),
        ]
    }

    public func validateRest() throws(InvalidParameter) {
        try InvalidParameter.require(traceEvery >= 0, "traceEvery", traceEvery, "an integer ≥ 0")
    }

    /// Checks every field; the error names the parameter (`gtol`, …) and its accepted range.
    public func validate() throws(InvalidParameter) { try validateParameters() }
}

/// A flag that asks the runs holding it (`Options.cancellation`) to stop at their next
/// iteration; safe to raise from any thread (a signal handler's queue included).
public final class Cancellation: Sendable, Equatable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    /// Asks every run holding this flag to stop.
    public func cancel() { flag.store(true, ordering: .sequentiallyConsistent) }

    public var isCancelled: Bool { flag.load(ordering: .sequentiallyConsistent) }

    public static func == (a: Cancellation, b: Cancellation) -> Bool { a === b }
}
