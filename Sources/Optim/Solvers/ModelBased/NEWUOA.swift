/// NEWUOA: M. J. D. Powell, "The NEWUOA software for unconstrained optimization without
/// derivatives", DAMTP 2004/NA05 (in Large-Scale Nonlinear Optimization, Springer 2006) — a
/// derivative-free trust-region method for unconstrained problems on quadratic models that
/// interpolate f at m points (default m = 2n + 1), each the model of least Frobenius-norm change
/// of its Hessian (`InterpolationSet` writes out the update, `NEWUOAModel` NEWUOA's own parts).
///
/// The run follows Powell's NEWUOB as PDFO 2.2.0 ships it, operation for operation, so that it
/// reproduces PDFO's evaluated points:
/// - The start (§2): x₀, x₀ + ρ_beg eᵢ, x₀ − ρ_beg eᵢ, then for m > 2n + 1 points x₀ ± ρ_beg eᵢ
///   ± ρ_beg eⱼ on the sides where f was lower; the first model and H in closed form.
/// - Trust-region steps (§5, `SphereTrustRegionStep`: truncated conjugate gradients, then
///   rotations on the sphere). A step shorter than ½ρ is not evaluated: Δ shrinks tenfold, and a
///   geometry step or a reduction of ρ follows (§6).
/// - Δ after a step (§3): ½‖d‖ when the ratio r = (f − f_opt)/(Q change) ≤ 0.1, max(½Δ, ‖d‖) when
///   r ≤ 0.7, else max(½Δ, 2‖d‖); ρ when Δ ≤ 1.5ρ. The point replaced maximizes |σₖ| weighted
///   by (‖xptₖ − xopt‖/max(Δ/10, ρ))⁶ (§4).
/// - After a step that reduced f by less than a tenth of the predicted reduction, the point
///   farthest from xopt beyond 2Δ gets a geometry step (§6, `LagrangeGeometryStep`: BIGLAG, then
///   BIGDEN when σ would lose accuracy to cancellation) of length max(min(dist/10, ½Δ), ρ).
/// - ρ is reduced (§7) as in BOBYQA: ρ_end if ρ/ρ_end ≤ 16, √(ρ ρ_end) if ≤ 250, else ρ/10;
///   Δ ← max(½ρ_old, ρ_new). At ρ_end, a last short step is evaluated before the run ends.
/// - After three unproductive trust-region steps at Δ = ρ whose model gradient is at least ten
///   times that of the least-Frobenius-norm model of the values alone, that model replaces Q
///   (PDFO's test, which reads ratio ≤ 0.01 where Powell wrote |ratio| ≤ 0.01).
///
/// Stops: ρ = ρ_end with no further progress (converged-step); maxfev evaluations spent
/// (evaluation-limit, never exceeded); a trust-region step the model says cannot reduce f
/// (converged-step, saying so); NaN in the model or in a step (non-finite, as PDFO's INFO −3/−1).
/// f values that are NaN, ±∞ or above 2¹⁰⁰ are taken as 2¹⁰⁰, as BOBYQA (and PDFO) does, and
/// counted in the extras (`barrier_evaluations`). The reported iterate is the best point so far.
/// NEWUOA takes no bounds: use BOBYQA on a box.
public struct NEWUOA: DerivativeFreeSolver {
    /// ρ_beg: the initial trust radius and spacing of the initial points (PDFO's default 1).
    public var rhobeg: Double
    /// ρ_end: the final trust radius, the accuracy asked for in x (at most ρ_beg).
    public var rhoend: Double
    /// m: interpolation points, n + 2 ≤ m ≤ (n+1)(n+2)/2; nil: 2n + 1.
    public var points: Int?
    /// maxfev: f evaluations allowed (the start's included), never exceeded; nil leaves it to the
    /// driver's limit, checked between iterations.
    public var maxEvaluations: Int?

    private var run = NEWUOARun()

    public init(rhobeg: Double = 1, rhoend: Double = 1e-6, points: Int? = nil, maxEvaluations: Int? = nil) {
        self.rhobeg = rhobeg
        self.rhoend = rhoend
        self.points = points
        self.maxEvaluations = maxEvaluations
    }

    public var summary: String {
        "NEWUOA (m = \(points.map(String.init) ?? "2n + 1"), ρ_beg = \(NumberStyle.format(rhobeg)), "
            + "ρ_end = \(NumberStyle.format(rhoend)))"
    }

    /// m for dimension n.
    public func interpolationPoints(dimension n: Int) -> Int { points ?? 2 * n + 1 }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        let n = objective.dimension, m = interpolationPoints(dimension: n)
        if m < n + 2 || m > (n + 1) * (n + 2) / 2 { return .interpolationPoints(points: m, dimension: n) }
        return Unsupported.denseStorage(dimension: m + n)
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        let n = state.dimension
        run = NEWUOARun(
            dimension: n, points: interpolationPoints(dimension: n), rhobeg: rhobeg, rhoend: rhoend,
            maxfev: maxEvaluations ?? .max)
        run.begin(state, objective: objective)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        try run.iterate(state, objective: objective)
    }

    public mutating func finish<O: Objective>(_ state: IterationState, objective: O) -> ResultExtras? {
        run.extras
    }
}

extension NEWUOA: Configurable {
    public static var parameters: [Parameter<NEWUOA>] {
        [
            .real("rhobeg", \.rhobeg, .above(0), "initial trust radius and spacing of the initial points"),
        ] + PowellModelParameters.shared(rhoend: \.rhoend, points: \.points, maxfev: \.maxEvaluations)
    }

    public func validateRest() throws(InvalidParameter) {
        try InvalidParameter.require(rhoend <= rhobeg, "rhoend", rhoend, "at most rhobeg = \(rhobeg)")
    }
}
