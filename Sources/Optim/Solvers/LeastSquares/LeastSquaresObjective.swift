/// A nonlinear least-squares objective: residuals r: ℝⁿ → ℝᵐ (m ≥ n) and f(x) = Σᵢ rᵢ(x)²,
/// with no factor ½ — the convention of Moré, Garbow & Hillstrom 1981, whose 35 problems
/// implement it — so ∇f = 2Jᵀr and the Gauss–Newton model of ∇²f is 2JᵀJ.
/// `value(at:)` must equal Σ rᵢ² of `residuals(at:into:)` up to rounding.
public protocol LeastSquaresObjective: Objective {
    /// m, the number of residuals (at least `dimension`).
    var residualCount: Int { get }

    /// Writes r(x) into `residuals` (m elements, fully overwritten).
    func residuals(at x: UnsafeBufferPointer<Double>, into residuals: UnsafeMutableBufferPointer<Double>)

    /// Writes the Jacobian J(x) = ∂r/∂x into `jacobian`: m × n, column-major (column j, the
    /// m partial derivatives ∂rᵢ/∂xⱼ, is contiguous at j·m), fully overwritten.
    func jacobian(at x: UnsafeBufferPointer<Double>, into jacobian: UnsafeMutableBufferPointer<Double>)
}

/// Counting: a residual vector is one f evaluation (f = ‖r‖² costs nothing more), a Jacobian
/// one Jacobian evaluation (`jacobianEvaluations`); the residuals that come with the
/// Jacobian are not re-counted because `jacobian` does not return them — as in MINPACK's
/// `lmder`, whose `nfev` and `njev` these counts match.
extension CountedObjective: LeastSquaresObjective where Base: LeastSquaresObjective {
    package var residualCount: Int { base.residualCount }

    package func residuals(at x: UnsafeBufferPointer<Double>, into residuals: UnsafeMutableBufferPointer<Double>) {
        if failure != nil {
            residuals.update(repeating: .nan)
            return
        }
        valueEvaluations += 1
        timed { base.residuals(at: x, into: residuals) }
        if history != nil {
            // f = Σ rᵢ², this protocol's convention.
            var sum = 0.0
            for r in residuals { sum += r * r }
            history?.append(evaluations: valueEvaluations, value: sum)
        }
    }

    package func jacobian(at x: UnsafeBufferPointer<Double>, into jacobian: UnsafeMutableBufferPointer<Double>) {
        if failure != nil {
            jacobian.update(repeating: .nan)
            return
        }
        jacobianEvaluations += 1
        timed { base.jacobian(at: x, into: jacobian) }
    }
}
