import Optim

/// A problem to minimize: an objective, its standard starting point, and what is known
/// about its solution (for reporting the distance to it).
public struct TestProblem {
    /// The canonical reference with every parameter spelled out, e.g. "rosenbrock:n=2".
    public let name: String
    public let objective: any Objective
    /// The standard starting point.
    public let start: [Double]
    /// x*, when known exactly (quadratics: Q⁻¹b from a Cholesky solve).
    public let minimizer: [Double]?
    /// f*, when known.
    public let minimum: Double?
    /// What the problem reports about a solution besides f (a network's parameter count,
    /// train/test accuracy or RMSE), in display order.
    public let metrics: (([Double]) -> [(name: String, value: Double)])?
    /// The names of the variables, in the order of x, when they have names (formulas).
    public let variables: [String]?
    /// Where ∇f comes from when it is not the objective's own (e.g. "central differences of f").
    public let gradientSource: String?
    /// The files the problem was read from (a problem file, its dataset): a command must not
    /// write its report over them.
    public var inputFiles: [String] = []
    /// The box the problem is posed on (problem-file "lower"/"upper", --bounds); nil: none.
    public var bounds: Bounds?
    /// General constraints l ≤ c(x) ≤ u (problem-file "constraints", `--constraint`); nil: none.
    public var constraints: (any ConstraintFunctions)?

    public init(
        name: String, objective: any Objective, start: [Double], minimizer: [Double]? = nil, minimum: Double? = nil,
        metrics: (([Double]) -> [(name: String, value: Double)])? = nil, variables: [String]? = nil,
        gradientSource: String? = nil
    ) {
        self.name = name
        self.objective = objective
        self.start = start
        self.minimizer = minimizer
        self.minimum = minimum
        self.metrics = metrics
        self.variables = variables
        self.gradientSource = gradientSource
    }

    /// The same problem started from `x0` instead of its standard start.
    /// - Throws: `x0` has the wrong length.
    public func starting(at x0: [Double]) throws(ProblemError) -> TestProblem {
        guard x0.count == dimension else {
            throw .startLength(problem: name, given: x0.count, expected: dimension)
        }
        var moved = TestProblem(
            name: name, objective: objective, start: x0, minimizer: minimizer, minimum: minimum, metrics: metrics,
            variables: variables, gradientSource: gradientSource)
        moved.inputFiles = inputFiles
        moved.bounds = bounds
        moved.constraints = constraints
        return moved
    }

    public var dimension: Int { objective.dimension }

    /// ‖x − x*‖₂ / max(1, ‖x*‖₂), or nil when x* is unknown.
    public func distanceToMinimizer(_ x: [Double]) -> Double? {
        guard let minimizer, minimizer.count == x.count else { return nil }
        var difference = 0.0, size = 0.0
        for i in 0..<x.count {
            difference += (x[i] - minimizer[i]) * (x[i] - minimizer[i])
            size += minimizer[i] * minimizer[i]
        }
        return difference.squareRoot() / max(1, size.squareRoot())
    }
}
