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

    public init(name: String, objective: any Objective, start: [Double], minimizer: [Double]? = nil, minimum: Double? = nil,
                metrics: (([Double]) -> [(name: String, value: Double)])? = nil) {
        self.name = name
        self.objective = objective
        self.start = start
        self.minimizer = minimizer
        self.minimum = minimum
        self.metrics = metrics
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
