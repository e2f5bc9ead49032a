/// BOBYQA: M. J. D. Powell, "The BOBYQA algorithm for bound constrained optimization without
/// derivatives", Cambridge DAMTP report 2009/NA06 — a derivative-free trust-region method on
/// quadratic models that interpolate f at m points (default m = 2n + 1), each model the one of
/// least Frobenius-norm change of its Hessian (`InterpolationSet`, which writes out the update),
/// minimized in a trust region
/// intersected with the box (`BoxTrustRegionStep`), with geometry steps (`GeometryStep`) that
/// keep the points well placed. It also serves unconstrained problems (infinite bounds), as
/// PDFO's bobyqa does.
///
/// The run follows Powell's BOBYQB as PDFO 2.2.0 ships it, operation for operation, so that it
/// reproduces PDFO's evaluated points:
/// - The start (Powell's section 2, BOBYQA's driver): x₀ is projected into the box, and a
///   coordinate within ρ_beg of a bound is moved onto it (when on or beyond it) or to ρ_beg from it,
///   so that the initial points x₀ ± ρ_beg eᵢ (2ρ_beg inwards on a bound) are all feasible.
/// - One iteration of the driver is one evaluation of f. A trust-region step d (radius Δ) is
///   taken unless ‖d‖ < ½ρ; its ratio r = (f(xopt + d) − f(xopt)) / (Q(xopt + d) − Q(xopt)) sets
///   Δ ← min(½Δ, ‖d‖) when r ≤ 0.1, max(½Δ, ‖d‖) when r ≤ 0.7, else max(½Δ, 2‖d‖), and Δ ← ρ when
///   Δ ≤ 1.5ρ (section 6). The point t to replace maximizes
///   max(1, (‖xptₜ − xnew‖/Δ)⁴)·σₜ (section 4); after an unsuccessful step the point
///   farthest from xopt beyond max(2Δ, 10ρ) gets a geometry step instead (section 3).
/// - ρ is reduced (section 6) when the steps are short and the model errors of the last three
///   evaluations are small against ⅛ρ²·crvmin, or when no progress is possible at this ρ:
///   ρ_new = ρ_end if ρ/ρ_end ≤ 16, √(ρ ρ_end) if ≤ 250, else ρ/10; Δ ← max(½ρ_old, ρ_new).
/// - Every point evaluated lies in the box: Powell's xbase + s is clipped, and put exactly on a
///   bound whenever s is on it, so rounding never leaves the box.
/// - After three consecutive trust-region steps whose model gradient is more than √10 times that
///   of the minimum-Frobenius-norm model of the values alone, the model is replaced by that one
///   (Powell's ITEST rule).
///
/// Stops: ρ = ρ_end with no further progress (converged-step, the detail says ρ reached rhoend);
/// maxfev evaluations spent (evaluation-limit: never exceeded); a trust-region step that the model
/// says cannot reduce f (converged-step, saying so), or a denominator σ
/// damaged by cancellation (Powell's RESCUE, which is not implemented here: the run ends with
/// status factorization-failed and says so, where PDFO would rebuild the set). The iterate the
/// driver reports is always the best point so far with its own f. A NaN, ±∞ or f above 2¹⁰⁰ after
/// the start is taken as 2¹⁰⁰, as PDFO does (its "moderated extreme barrier": its Python layer
/// substitutes HUGEFUN = 2¹⁰⁰), so the run moves away from such points and goes on; the result's
/// extras count them (`barrier_evaluations`). A non-finite f(x₀) ends the run before it starts
/// (the driver's rule; PDFO would go on from the barrier value).
public struct BOBYQA: DerivativeFreeSolver, BoundedSolver {
    /// ρ_beg: the initial trust radius and spacing of the initial points; nil: 1, or a quarter of
    /// the narrowest box width when that is smaller (PDFO's default).
    public var rhobeg: Double?
    /// ρ_end: the final trust radius, the accuracy asked for in x (at most ρ_beg: with the default
    /// ρ_beg on a narrow box, min(ρ_end, ρ_beg)).
    public var rhoend: Double
    /// m: interpolation points, n + 2 ≤ m ≤ (n+1)(n+2)/2; nil: 2n + 1.
    public var points: Int?
    /// maxfev: f evaluations allowed (the start's included), never exceeded; nil leaves it to the
    /// driver's limit, checked between iterations.
    public var maxEvaluations: Int?

    private var run = BOBYQARun()

    public init(rhobeg: Double? = nil, rhoend: Double = 1e-6, points: Int? = nil, maxEvaluations: Int? = nil) {
        self.rhobeg = rhobeg
        self.rhoend = rhoend
        self.points = points
        self.maxEvaluations = maxEvaluations
    }

    public var summary: String {
        "BOBYQA (m = \(points.map(String.init) ?? "2n + 1"), ρ_beg = \(rhobeg.map(NumberStyle.format) ?? "default"), "
            + "ρ_end = \(NumberStyle.format(rhoend)))"
    }

    /// m for dimension n.
    public func interpolationPoints(dimension n: Int) -> Int { points ?? 2 * n + 1 }

    /// ρ_beg on this box (nil: no bounds).
    public func initialRadius(bounds: Bounds?) -> Double {
        if let rhobeg { return rhobeg }
        guard let bounds else { return 1 }
        var width = Double.infinity
        for i in 0..<bounds.dimension { width = min(width, bounds.upper[i] - bounds.lower[i]) }
        return min(1, width / 4)
    }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        let n = objective.dimension, m = interpolationPoints(dimension: n)
        if m < n + 2 || m > (n + 1) * (n + 2) / 2 { return .interpolationPoints(points: m, dimension: n) }
        return Unsupported.denseStorage(dimension: m + n)
    }

    public func unsupportedReason(bounds: Bounds) -> Unsupported? {
        let rho = initialRadius(bounds: bounds)
        for i in 0..<bounds.dimension where bounds.upper[i] - bounds.lower[i] < 2 * rho {
            return .initialRadiusAboveHalfWidth(radius: rho, width: bounds.upper[i] - bounds.lower[i], variable: i)
        }
        return nil
    }

    /// Powell's start: x₀ projected into the box, each coordinate within ρ_beg of a bound moved
    /// onto it (when on or beyond it) or to ρ_beg inside.
    public func startingPoint(_ x0: [Double], bounds: Bounds?) -> [Double] {
        guard let bounds else { return x0 }
        let rho = initialRadius(bounds: bounds)
        var x = bounds.project(x0)
        for j in x.indices {
            let lower = bounds.lower[j], upper = bounds.upper[j]
            if lower - x[j] >= -rho {
                x[j] = lower - x[j] >= 0 ? lower : lower + rho
            } else if upper - x[j] <= rho {
                x[j] = upper - x[j] <= 0 ? upper : upper - rho
            }
        }
        return x
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        let n = state.dimension
        let lower = state.bounds?.lower ?? Array(repeating: -.infinity, count: n)
        let upper = state.bounds?.upper ?? Array(repeating: .infinity, count: n)
        run = BOBYQARun(
            dimension: n, points: interpolationPoints(dimension: n), lower: lower, upper: upper,
            rhobeg: initialRadius(bounds: state.bounds), rhoend: min(rhoend, initialRadius(bounds: state.bounds)),
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

extension BOBYQA: Configurable {
    public static var parameters: [Parameter<BOBYQA>] {
        [
            .real("rhobeg", \.rhobeg, .above(0), "initial trust radius and spacing of the initial points",
                  unset: "1, or a quarter of the narrowest box width when smaller (PDFO's)"),
        ] + PowellModelParameters.shared(rhoend: \.rhoend, points: \.points, maxfev: \.maxEvaluations)
    }

    public func validateRest() throws(InvalidParameter) {
        if let rhobeg {
            try InvalidParameter.require(rhoend <= rhobeg, "rhoend", rhoend, "at most rhobeg = \(rhobeg)")
        } else {
            try InvalidParameter.require(rhoend <= 1, "rhoend", rhoend, "at most rhobeg's default, 1")
        }
    }
}
