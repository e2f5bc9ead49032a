/// ½‖v(x)‖² with v the signed violation of l ≤ c(x) ≤ u (`ConstraintMeasures.signedViolation`), and
/// its gradient J(x)ᵀv from one pass over the constraints: the objective of `ipm`'s restoration
/// phase, a simple form of Wächter & Biegler 2006 §3.3 (their problem (30) without the proximity
/// term, minimized over the box by L-BFGS-B). Its buffer is allocated once per restoration.
final class ViolationObjective: Objective {
    let constraints: any ConstraintFunctions
    private let values: Vector
    private let lower: [Double], upper: [Double]

    init(constraints: any ConstraintFunctions) {
        self.constraints = constraints
        values = Vector(count: max(constraints.count, 1))
        lower = constraints.lower
        upper = constraints.upper
    }

    var dimension: Int { constraints.dimension }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        gradient.update(repeating: 0)
        let lower = lower, upper = upper
        let c = UnsafeMutableBufferPointer(rebasing: values.storage[0..<constraints.count])
        constraints.valuesAndTransposeProduct(at: x, values: c, into: gradient) { i, ci in
            ConstraintMeasures.signedViolation(ci, lower: lower[i], upper: upper[i])
        }
        var sum = 0.0
        for i in 0..<c.count {
            let v = ConstraintMeasures.signedViolation(c[i], lower: lower[i], upper: upper[i])
            sum += v * v
        }
        return sum / 2
    }
}
