/// How first-order methods (gradient descent, nonlinear CG), whose directions carry no
/// natural scale, choose the first trial step of each line search. Quasi-Newton and Newton
/// methods try α = 1 instead.
public enum InitialStepRule: String, Sendable, CaseIterable {
    /// N&W eq. 3.60: assume the first-order change of f repeats,
    /// α₀ = αₖ₋₁·∇fₖ₋₁ᵀdₖ₋₁ / ∇fₖᵀdₖ; first iteration 1/‖∇f‖₂
    /// (a unit step, `unscaledInitialStep`).
    case previousDecrease = "previous-decrease"
    /// Hager & Zhang (2006), CG_DESCENT's rules I0 and I2: first iteration
    /// ψ₀‖x₀‖∞/‖∇f₀‖∞ (or ψ₀|f₀|/‖∇f₀‖₂² when x₀ = 0, else 1), ψ₀ = 0.01; then ψ₂·αₖ₋₁ with
    /// ψ₂ = 2. (Their rule I1, a quadratic interpolation step, costs an extra evaluation and
    /// is not used.)
    case hagerZhang = "hager-zhang"

    /// The first trial step at x₀.
    public func first(state: IterationState) -> Double {
        switch self {
        case .previousDecrease:
            return unscaledInitialStep(gradient: state.gradient)
        case .hagerZhang:
            let psi0 = 0.01
            let xNorm = state.x.maxAbs, gNorm = state.gradient.maxAbs
            if xNorm > 0 { return psi0 * xNorm / gNorm }
            if state.value != 0 { return psi0 * abs(state.value) / state.gradient.dot(state.gradient) }
            return 1
        }
    }

    /// The first trial step of this iteration: `first` at x₀ (`previousSlope` is NaN before any
    /// step was taken), `next` afterwards.
    /// - Parameters:
    ///   - previousSlope: ∇fₖ₋₁ᵀdₖ₋₁, NaN on the first iteration.
    ///   - slope: ∇fₖᵀdₖ.
    public func trialStep(state: IterationState, previousSlope: Double, slope: Double) -> Double {
        previousSlope.isNaN ? first(state: state)
            : next(previousStep: state.stepLength, previousSlope: previousSlope, slope: slope)
    }

    /// The first trial step at iteration k > 0.
    /// - Parameters:
    ///   - previousStep: αₖ₋₁.
    ///   - previousSlope: ∇fₖ₋₁ᵀdₖ₋₁.
    ///   - slope: ∇fₖᵀdₖ.
    public func next(previousStep: Double, previousSlope: Double, slope: Double) -> Double {
        switch self {
        case .previousDecrease: previousStep * previousSlope / slope
        case .hagerZhang: 2 * previousStep
        }
    }
}
