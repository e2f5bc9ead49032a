/// The Barzilai–Borwein gradient method with Raydan's nonmonotone line search: algorithm
/// GBB of M. Raydan, "The Barzilai and Borwein gradient method for the large scale
/// unconstrained minimization problem", SIAM J. Optim. 7(1), 1997, pp. 26–33.
///
/// xₖ₊₁ = xₖ − λₖ gₖ, where the trial step λ is the Barzilai–Borwein step (J. Barzilai &
/// J. M. Borwein, "Two-point step size gradient methods", IMA J. Numer. Anal. 8, 1988) from
/// the last pair s = xₖ − xₖ₋₁, y = gₖ − gₖ₋₁:
///   BB1:  λ = sᵀs / sᵀy      (Raydan's 1/αₖ with αₖ = −gₖ₋₁ᵀyₖ₋₁ / (λₖ₋₁ gₖ₋₁ᵀgₖ₋₁)),
///   BB2:  λ = sᵀy / yᵀy.
/// Step 2 of GBB: when 1/λ is outside [ε, 1/ε] — which includes sᵀy ≤ 0 — λ is replaced by
/// 1/δ with δ = 1 if ‖g‖₂ > 1, ‖g‖₂⁻¹ if 10⁻⁵ ≤ ‖g‖₂ ≤ 1 and 10⁵ below, i.e.
/// λ = min(1, max(‖g‖₂, 10⁻⁵)) (Raydan, section 4). The first iteration starts from that
/// same safe step.
///
/// Scale (issue 30): ε, δ and the thresholds on ‖g‖₂ above are in f's units, so GBB as
/// published takes other steps when f is multiplied by s. Here λ is tested as uλ ∈ [ε, 1/ε]
/// with u = ‖∇f(x₀)‖₂, and the step that replaces an unusable one — and the first step — is the
/// unit step λ = 1/‖gₖ‖₂, which moves x by 1 (the first step of the other first-order methods):
/// the iterates are then the same for every s. Measured against Raydan's δ in a transcription
/// (scripts/reference/reference-bb.py's rules; MGH in results/bb-mgh.md): Rosenbrock 75 iterations
/// against 64 (BB1), 80 against 90 (BB2); Wood 120 against 967 (BB1), 488 against 2211 (BB2).
///
/// Steps 4–5, the nonmonotone line search of Grippo, Lampariello & Lucidi (1986): λ is
/// accepted when
///   f(xₖ − λgₖ) ≤ max₀≤ⱼ≤min(k,M) fₖ₋ⱼ − γ λ gₖᵀgₖ,
/// otherwise λ ← σλ with σ ∈ [σ₁, σ₂] the minimizer of the quadratic through fₖ, −gₖᵀgₖ and
/// f(xₖ − λgₖ), safeguarded into [σ₁, σ₂] (σ₁ after a non-finite value). M = 0 gives the
/// monotone Armijo rule. Since the test allows f to rise, the returned point — the last
/// accepted iterate — need not be the best one seen.
///
/// Defaults are those of Raydan's experiments: M = 10, γ = 10⁻⁴, σ₁ = 0.1, σ₂ = 0.5,
/// ε = 10⁻¹⁰. One f and ∇f evaluation per trial step; the search allows `maxEvaluations`.
///
/// f unbounded below (issue 30): an accepted λ along which f fell at least linearly,
/// f(xₖ − λgₖ) ≤ fₖ − λgₖᵀgₖ, with sᵀy ≤ 0, is followed further along −gₖ by `UnboundedRay` (×10
/// steps up to 1e20 times the iteration's first trial λ, with its backoff); every trial lower
/// ends the run `unbounded`.
public struct BarzilaiBorwein: Solver {
    /// Which Barzilai–Borwein step λ the iteration tries first.
    public enum StepRule: String, Sendable, CaseIterable {
        /// λ = sᵀs / sᵀy (the "long" step; Barzilai & Borwein's eq. (5)).
        case bb1
        /// λ = sᵀy / yᵀy (the "short" step; eq. (6)).
        case bb2
    }

    public var rule: StepRule
    /// M: the test compares with the largest of the last M + 1 values of f (0: monotone).
    public var nonmonotoneMemory: Int
    /// γ of the sufficient-decrease test, 0 < γ < 1.
    public var sufficientDecrease: Double
    /// σ₁ ≤ σ₂: each backtrack multiplies λ by a factor in [σ₁, σ₂], 0 < σ₁ ≤ σ₂ < 1.
    public var shrinkMin: Double
    public var shrinkMax: Double
    /// ε: 1/λ must lie in [ε, 1/ε], 0 < ε < 1.
    public var stepBound: Double
    /// Trial steps (evaluations) allowed per iteration.
    public var maxEvaluations: Int

    /// f at the last M + 1 iterates (a ring), for the nonmonotone reference value.
    private var history: [Double] = []
    private var historyCount = 0
    private var historyNext = 0
    /// λ to try at the next iteration.
    private var nextStep = Double.nan
    /// u = ‖∇f(x₀)‖₂, the unit of the test on λ (the type's description).
    private var unit = 1.0
    private var s = Vector(count: 0)
    private var y = Vector(count: 0)
    private var unbounded = UnboundedRay()

    public init(rule: StepRule = .bb1, nonmonotoneMemory: Int = 10, sufficientDecrease: Double = 1e-4,
                shrinkMin: Double = 0.1, shrinkMax: Double = 0.5, stepBound: Double = 1e-10, maxEvaluations: Int = 50) {
        self.rule = rule
        self.nonmonotoneMemory = nonmonotoneMemory
        self.sufficientDecrease = sufficientDecrease
        self.shrinkMin = shrinkMin
        self.shrinkMax = shrinkMax
        self.stepBound = stepBound
        self.maxEvaluations = maxEvaluations
    }

    public var summary: String {
        "Barzilai–Borwein (\(rule == .bb1 ? "BB1 sᵀs/sᵀy" : "BB2 sᵀy/yᵀy")) + Raydan's nonmonotone search (M = "
            + "\(nonmonotoneMemory), γ = \(NumberStyle.format(sufficientDecrease)))"
    }

    /// GBB's step 2: the step used when the Barzilai–Borwein step is unusable, λ = 1/δ.
    /// Raydan's δ rule, kept for reference (not scale-invariant; the solver uses `unitStep`).
    static func safeStep(gradientNorm: Double) -> Double { min(1, max(gradientNorm, 1e-5)) }

    /// The unit step λ = 1/‖g‖₂ (x moves by 1), or 1 when ‖g‖₂ is 0 or not finite.
    static func unitStep(gradientNorm: Double) -> Double {
        gradientNorm > 0 && gradientNorm.isFinite ? 1 / gradientNorm : 1
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        history = Array(repeating: -.infinity, count: nonmonotoneMemory + 1)
        historyCount = 0
        historyNext = 0
        unbounded = UnboundedRay()
        remember(state.value)
        unit = state.gradient.norm2
        if !(unit > 0 && unit.isFinite) { unit = 1 }
        nextStep = Self.unitStep(gradientNorm: unit)
        s = try Vector(allocating: state.dimension)
        y = try Vector(allocating: state.dimension)
    }

    private mutating func remember(_ f: Double) {
        history[historyNext] = f
        historyNext = (historyNext + 1) % history.count
        historyCount = min(historyCount + 1, history.count)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        let g = state.gradient, x = state.x
        let gg = g.dot(g), fk = state.value
        var reference = -Double.infinity
        for i in 0..<historyCount { reference = max(reference, history[i]) }
        // Below this λ the step no longer changes x in floating point.
        let smallest = Double.ulpOfOne * max(1, x.maxAbs) / max(g.maxAbs, .leastNormalMagnitude)

        var lambda = nextStep
        var evaluations = 0
        var f = Double.nan
        while true {
            Kernels.addScaled(x.readOnly, -lambda, g.readOnly, into: state.trialX.storage)
            f = objective.valueAndGradient(at: state.trialX.readOnly, gradient: state.trialGradient.storage)
            evaluations += 1
            let finite = f.isFinite && state.trialGradient.maxAbs.isFinite
            if finite && f <= reference - sufficientDecrease * lambda * gg { break }
            if evaluations >= maxEvaluations {
                throw .lineSearch(
                    finite ? .evaluationLimit(evaluations: evaluations) : .nonFiniteValue(stepLength: lambda))
            }
            // Minimizer of the quadratic q(t) with q(0) = fₖ, q'(0) = −gᵀg, q(λ) = f, as a
            // fraction of λ; its denominator is positive whenever the test above failed.
            let sigma = finite ? lambda * gg / (2 * (f - fk + lambda * gg)) : shrinkMin
            lambda *= sigma.isFinite ? min(max(sigma, shrinkMin), shrinkMax) : shrinkMin
            if lambda < smallest {
                throw .lineSearch(finite ? .roundingErrors(stepLength: lambda) : .nonFiniteValue(stepLength: lambda))
            }
        }

        // f fell at least linearly along −g: follow it down (`UnboundedRay`; s holds −g meanwhile).
        if f <= fk - lambda * gg {
            Kernels.scaled(-1, g.readOnly, into: s.storage)
            let ray = SearchLine(state: state, direction: s, slope0: -gg)
            let slope = state.trialGradient.dot(s)
            do throws(LineSearchFailure) {
                _ = try unbounded.schedule(objective, along: ray, accepted: (lambda, f, slope), firstStep: nextStep)
            } catch {
                throw .lineSearch(error)
            }
        }
        Kernels.addScaled(state.trialX.readOnly, -1, x.readOnly, into: s.storage)
        Kernels.addScaled(state.trialGradient.readOnly, -1, g.readOnly, into: y.storage)
        state.acceptTrial(value: f, stepLength: lambda)
        remember(f)
        let sy = s.dot(y)
        let proposed = rule == .bb1 ? s.dot(s) / sy : sy / y.dot(y)
        // GBB's step 2 on α = 1/(uλ) ∈ [ε, 1/ε]; NaN and sᵀy ≤ 0 fail the test too.
        let scaled = unit * proposed
        nextStep = scaled >= stepBound && scaled <= 1 / stepBound
            ? proposed : Self.unitStep(gradientNorm: state.gradient.norm2)
    }
}

extension BarzilaiBorwein: Configurable {
    public static var parameters: [Parameter<BarzilaiBorwein>] {
        [
            .choice("step", \.rule, "bb1: λ = sᵀs/sᵀy, or bb2: λ = sᵀy/yᵀy"),
            .integer("nonmonotone", \.nonmonotoneMemory, 0...1000,
                     "M: accept against the largest of the last M + 1 values of f (0: monotone)"),
            .real("c1", \.sufficientDecrease, .open(0, 1), "γ, sufficient decrease of the nonmonotone test"),
        ]
    }

    public func validateRest() throws(InvalidParameter) {
        try InvalidParameter.require(shrinkMin > 0 && shrinkMin <= shrinkMax, "shrinkMin", shrinkMin, "0 < σ₁ ≤ σ₂")
        try InvalidParameter.require(shrinkMax < 1, "shrinkMax", shrinkMax, "σ₂ < 1")
        try InvalidParameter.require(stepBound > 0 && stepBound < 1, "stepBound", stepBound, "0 < ε < 1")
        try InvalidParameter.require(maxEvaluations >= 1, "maxEvaluations", maxEvaluations, "an integer ≥ 1")
    }
}
