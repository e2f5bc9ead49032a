/// The trust-region method, N&W Algorithm 4.1 (Conn, Gould & Toint 2000, Alg. 6.1.1): at x,
/// a subproblem solver returns p with ‖p‖₂ ≤ Δ approximately minimizing the quadratic model
/// m(p) = f + gᵀp + ½pᵀ∇²f p; the ratio ρ = (f(x) − f(x + p)) / (m(0) − m(p)) of actual to
/// predicted reduction decides both the step and the radius:
///
/// - ρ < ¼: Δ ← ¼‖p‖ (N&W shrink ¼Δ; a fraction of ‖p‖ ≤ Δ instead, so that a rejected
///   interior step is never retried unchanged at a radius it already fitted in);
/// - ρ > ¾ and ‖p‖ = Δ (the subproblem stopped on the boundary): Δ ← min(2Δ, Δ_max);
/// - otherwise Δ is kept;
/// - the step is accepted when ρ > η (a trial with f(x + p) not finite has ρ = −∞).
///
/// With `radiusRule` = `.symmetricRankOne` the radius follows N&W Algorithm 6.2 (SR1) instead,
/// whose model changes on rejected trials too, so that a rejected step is not retried unchanged
/// anyway: ρ > ¾ and ‖p‖ > 0.8Δ: Δ ← min(2Δ, Δ_max); 0.1 ≤ ρ ≤ ¾ or ‖p‖ ≤ 0.8Δ: Δ kept;
/// ρ < 0.1: Δ ← ½Δ.
///
/// One iteration of the driver is one *accepted* step: the rejected trials before it (each a
/// subproblem solve and one f, ∇f evaluation, all counted) happen inside `step`, so the
/// driver's rules (f change, step size) always compare two accepted iterates. The returned
/// point is thus always the last accepted iterate with its own f. When the radius falls below
/// the floor ε·max(1, ‖x‖₂) (ε = 2.2·10⁻¹⁶: x + p then rounds to x, and ρ measures rounding,
/// not the model) the run stops with status `radius-collapsed`. The step length the trace
/// reports is ‖p‖₂ of the accepted step. f unbounded below: the radius is capped at Δ_max, so
/// an accepted step on the boundary of Δ_max that shows no positive curvature is followed along
/// its ray (`UnboundedRay`); f lower at every ×10 step up to 1e20·p ends the run `unbounded`.
/// Defaults Δ₀ = 1, Δ_max = 1000, η = 0.15 are scipy's (`scipy.optimize._trustregion`).
public struct TrustRegion<Subproblem: TrustRegionSubproblem>: Solver {
    public var subproblem: Subproblem
    /// Δ₀ > 0.
    public var initialRadius: Double
    /// Δ_max ≥ Δ₀.
    public var maxRadius: Double
    /// η ∈ [0, ¼): the least ρ for which a step is accepted.
    public var acceptance: Double
    /// How Δ follows ρ: N&W Algorithm 4.1 (the default) or 6.2.
    public var radiusRule: TrustRegionRadiusRule

    /// The current radius Δ.
    public private(set) var radius = 0.0
    /// Rejected trials so far in this run.
    public private(set) var rejectedSteps = 0
    private var trialStep = Vector(count: 0)

    public init(subproblem: Subproblem, initialRadius: Double = 1, maxRadius: Double = 1000, acceptance: Double = 0.15,
                radiusRule: TrustRegionRadiusRule = .standard) {
        self.subproblem = subproblem
        self.initialRadius = initialRadius
        self.maxRadius = maxRadius
        self.acceptance = acceptance
        self.radiusRule = radiusRule
    }

    public var summary: String {
        "trust region (\(subproblem.summary); Δ₀ = \(NumberStyle.format(initialRadius)), Δ_max = "
            + "\(NumberStyle.format(maxRadius)), η = \(NumberStyle.format(acceptance)))"
    }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        subproblem.unsupportedReason(for: objective)
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        radius = initialRadius
        rejectedSteps = 0
        trialStep = try Vector(allocating: state.dimension)
        try subproblem.start(state, objective: objective)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        try subproblem.prepare(state, objective: objective)
        let floor = Double.ulpOfOne * max(1, state.x.norm2)
        while true {
            guard radius >= floor else { throw .radiusCollapsed(radius: radius, floor: floor) }
            let model = try subproblem.solve(state, objective: objective, radius: radius, into: trialStep)
            Kernels.addScaled(state.x.readOnly, 1, trialStep.readOnly, into: state.trialX.storage)
            let trialValue = objective.valueAndGradient(
                at: state.trialX.readOnly, gradient: state.trialGradient.storage)
            let ratio = Self.ratio(actual: state.value - trialValue, predicted: model.predictedReduction)
            let stepNorm = trialStep.norm2
            let atLargestRadius = model.onBoundary && radius >= maxRadius
            switch radiusRule {
            case .standard:
                radius = Self.updatedRadius(
                    radius, ratio: ratio, stepNorm: stepNorm, onBoundary: model.onBoundary, maxRadius: maxRadius)
            case .symmetricRankOne:
                radius = Self.symmetricRankOneRadius(radius, ratio: ratio, stepNorm: stepNorm, maxRadius: maxRadius)
            }
            subproblem.observeTrial(state, step: trialStep)
            if ratio > acceptance {
                if atLargestRadius { try followDown(state, objective: objective, value: trialValue) }
                state.acceptTrial(value: trialValue, stepLength: stepNorm)
                return
            }
            rejectedSteps += 1
        }
    }

    /// An accepted p on the boundary of Δ_max along which f fell at least linearly,
    /// f(x + p) ≤ f(x) + gᵀp, with ∇f(x + p)ᵀp ≤ gᵀp, is followed
    /// along the ray x + αp (`UnboundedRay`, α₀ = 1): f lower at every ×10 step up to α = 1e20
    /// ends the run `unbounded` there; otherwise the trial buffers hold x + p again.
    private func followDown<O: Objective>(
        _ state: IterationState, objective: O, value: Double
    ) throws(SolverFailure) {
        let ray = SearchLine(state: state, direction: trialStep, slope0: state.gradient.dot(trialStep))
        let slope = state.trialGradient.dot(trialStep)
        do throws(LineSearchFailure) {
            _ = try UnboundedRay.follow(objective, along: ray, accepted: (1, value, slope), firstStep: 1)
        } catch {
            throw .lineSearch(error)
        }
    }

    /// ρ = actual / predicted reduction; −∞ (reject, shrink) when the trial f is not finite or
    /// the model predicts no decrease, which a subproblem solution only does in rounding.
    static func ratio(actual: Double, predicted: Double) -> Double {
        guard actual.isFinite, predicted > 0 else { return -.infinity }
        return actual / predicted
    }

    /// The radius after a trial step (the rules in the type's description).
    /// - Parameters:
    ///   - radius: Δ of the trial.
    ///   - ratio: ρ of the trial.
    ///   - stepNorm: ‖p‖₂ of the trial.
    ///   - onBoundary: whether the subproblem solver stopped on ‖p‖ = Δ.
    ///   - maxRadius: Δ_max.
    public static func updatedRadius(
        _ radius: Double, ratio: Double, stepNorm: Double, onBoundary: Bool, maxRadius: Double
    ) -> Double {
        if ratio < 0.25 { return 0.25 * stepNorm }
        if ratio > 0.75 && onBoundary { return min(2 * radius, maxRadius) }
        return radius
    }

    /// The radius after a trial step by N&W Algorithm 6.2 (the rule in the type's description).
    public static func symmetricRankOneRadius(
        _ radius: Double, ratio: Double, stepNorm: Double, maxRadius: Double
    ) -> Double {
        if ratio > 0.75 { return stepNorm <= 0.8 * radius ? radius : min(2 * radius, maxRadius) }
        if ratio >= 0.1 { return radius }
        return 0.5 * radius
    }
}

/// The radius updates of `TrustRegion`'s description.
public enum TrustRegionRadiusRule: Sendable {
    /// N&W Algorithm 4.1 (shrinking to ¼‖p‖).
    case standard
    /// N&W Algorithm 6.2 (SR1).
    case symmetricRankOne
}

extension TrustRegion: Configurable {
    /// Δ₀, Δ_max and η, then the subproblem's own parameters.
    public static var parameters: [Parameter<TrustRegion>] {
        [
            .real("radius", \.initialRadius, .above(0), "initial trust radius Δ₀"),
            .real("max-radius", \.maxRadius, .above(0), "largest trust radius Δ_max", relation: "radius ≤ max-radius"),
            .real(
                "eta", \.acceptance, .halfOpen(0, 0.25), "η: a step is accepted when actual/predicted reduction ρ > η"),
        ] + Subproblem.parameters.map { $0.lifted(\.subproblem) }
    }

    public func validateRest() throws(InvalidParameter) {
        try InvalidParameter.require(maxRadius >= initialRadius, "max-radius", maxRadius, "radius ≤ max-radius")
        try subproblem.validateRest()
    }
}
