/// ∇²f(x) by central differences of the analytic gradient:
///   column j ≈ (∇f(x + hⱼeⱼ) − ∇f(x − hⱼeⱼ)) / 2hⱼ,   hⱼ = ε^{1/3}·max(1, |xⱼ|),
/// the step that balances the O(h²) truncation error against the O(ε/h) rounding error of
/// the differences (N&W section 8.1, eq. 8.7 applied to ∇f), then symmetrized as ½(H + Hᵀ).
/// 2n gradient evaluations; error about ε^{2/3} ≈ 4·10⁻¹¹ relative to the third derivatives.
package func centralDifferenceHessian<O: Objective>(_ objective: O, at x: [Double]) -> Matrix {
    let n = objective.dimension
    var h = Matrix(rows: n, columns: n)
    let point = Vector(x), up = Vector(count: n), down = Vector(count: n)
    for j in 0..<n {
        let step = cbrtEpsilon * max(1, abs(x[j]))
        point[j] = x[j] + step
        _ = objective.valueAndGradient(at: point.readOnly, gradient: up.storage)
        point[j] = x[j] - step
        _ = objective.valueAndGradient(at: point.readOnly, gradient: down.storage)
        point[j] = x[j]
        for i in 0..<n { h[i, j] = (up[i] - down[i]) / (2 * step) }
    }
    h.symmetrize()
    return h
}

/// ε^{1/3} for doubles.
private let cbrtEpsilon = 6.0554544523933395e-06

/// Gives any objective a Hessian by `centralDifferenceHessian` (for objectives without an
/// analytic one). Its Hessian evaluations cost 2n gradient evaluations each.
public struct FiniteDifferenceHessian<Base: Objective>: HessianObjective {
    public let base: Base
    public init(_ base: Base) { self.base = base }
    public var dimension: Int { base.dimension }

    public func value(at x: UnsafeBufferPointer<Double>) -> Double { base.value(at: x) }

    public func valueAndGradient(
        at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        base.valueAndGradient(at: x, gradient: gradient)
    }

    public func hessian(at x: UnsafeBufferPointer<Double>, into hessian: UnsafeMutableBufferPointer<Double>) {
        _ = hessian.update(fromContentsOf: centralDifferenceHessian(base, at: Array(x)).elements)
    }

    public var hessianSource: String { "central differences of the gradient" }
}
