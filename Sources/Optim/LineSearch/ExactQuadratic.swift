/// The exact line search on a quadratic f(x) = ½xᵀQx − bᵀx: φ is a parabola, minimized at
/// α = −∇fᵀd / dᵀQd (N&W eq. 5.6 / 3.55). One Hessian-vector product and one evaluation per
/// search. Only for `QuadraticObjective`s.
public struct ExactQuadratic: LineSearch {
    private var product = Vector(count: 0)

    public init() {}

    public var summary: String { "exact line search on a quadratic (α = −gᵀd / dᵀQd)" }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        Unsupported.requiring(.quadratic, of: objective)
    }

    public mutating func search<O: Objective>(
        _ objective: O, along line: SearchLine, initialStep: Double
    ) throws(LineSearchFailure) -> LineSearchStep {
        guard line.slope0 < 0, line.slope0.isFinite else { throw .notDescentDirection(slope: line.slope0) }
        guard let quadratic = objective as? any QuadraticObjective else {
            preconditionFailure("ExactQuadratic on a non-quadratic objective; unsupportedReason should have refused it")
        }
        if product.count != line.direction.count { product = Vector(count: line.direction.count) }
        quadratic.multiplyHessian(line.direction.readOnly, into: product.storage)
        let curvature = line.direction.dot(product)
        guard curvature.isFinite else { throw .nonFiniteValue(stepLength: 0) }
        guard curvature > 0 else { throw .nonPositiveCurvature(curvature) }
        let alpha = -line.slope0 / curvature
        let (f, g) = line.evaluate(objective, at: alpha)
        guard f.isFinite && g.isFinite else { throw .nonFiniteValue(stepLength: alpha) }
        return LineSearchStep(stepLength: alpha, value: f, slope: g, evaluations: 1)
    }
}

extension ExactQuadratic: Configurable {
    public static var parameters: [Parameter<ExactQuadratic>] { [] }
}
