/// Following f down a ray past an accepted step (issue 30), for the methods whose own step never
/// extrapolates: the backtracking search, Barzilai–Borwein, the trust-region methods and
/// L-BFGS-B (whose `lnsrlb` search stops at 1e10 or after maxls evaluations).
///
/// The rule is the expanding line searches' (Moré–Thuente, strong Wolfe, Hager–Zhang): f is
/// taken as unbounded below along d when every trial is lower than the last up to
/// α_max = 1e20·α₀, α₀ the first trial step (so the rule is invariant under f → s·f and under
/// the length of d). Here it starts only when the accepted step αₐ shows no sign of positive
/// curvature along d: f fell at least as fast as its linear model, φ(αₐ) ≤ φ(0) + αₐφ'(0), and
/// the slope is at least as steep, φ'(αₐ) ≤ φ'(0) — which a strictly convex φ never does, so a
/// convex problem never pays for it. It then tries αₖ = 10ᵏαₐ (k = 1, 2, …, the last one capped
/// at α_max: at most 20 more evaluations) while each still shows none,
/// φ(αₖ) ≤ φ(αₖ₋₁) + (αₖ − αₖ₋₁)φ'(0) (to rounding, 4ε|φ(αₖ)|) and φ'(αₖ) ≤ φ'(0), so that a
/// probe stops at the first sign of curvature, as in a valley that bends. Reaching α_max throws
/// `LineSearchFailure.unboundedBelow` with that point in the trial buffers (`minimize` ends the
/// run there, status `unbounded`). A trial that fails the test, or is not finite, ends the
/// probe: the accepted point is evaluated again (one more evaluation, counted like the others)
/// so that the trial buffers hold it as before, and the method goes on unchanged.
///
/// What starts a probe besides that test is the method's: L-BFGS-B's search stopping at its
/// largest step, a trust-region step on the boundary of the largest radius Δ_max — neither
/// happens on a problem with a minimizer within reach. Backtracking and Barzilai–Borwein have no
/// such signal, so they hold an `UnboundedRay` whose `schedule` backs off: after the k-th probe
/// that ended without reaching α_max, the next 2ᵏ − 1 steps that pass the test are not probed,
/// so a nonconvex problem pays for O(log iterations) probes, and an unbounded one is followed
/// at its first such step.
struct UnboundedRay {
    /// Probes ended without reaching α_max, and steps still to let pass before the next probe.
    private var failures = 0, pause = 0

    init() {}

    /// `follow`, with the backoff of the type's description.
    mutating func schedule<O: Objective>(
        _ objective: O, along line: SearchLine, accepted: (step: Double, value: Double, slope: Double),
        firstStep: Double
    ) throws(LineSearchFailure) -> Int {
        guard Self.starts(along: line, accepted: accepted) else { return 0 }
        if pause > 0 {
            pause -= 1
            return 0
        }
        let spent = try Self.follow(objective, along: line, accepted: accepted, firstStep: firstStep)
        failures = min(failures + 1, 30)
        pause = (1 << failures) - 1
        return spent
    }

    /// Whether the accepted step shows no positive curvature (the test that starts a probe).
    static func starts(along line: SearchLine, accepted: (step: Double, value: Double, slope: Double)) -> Bool {
        let g0 = line.slope0
        return g0 < 0 && accepted.value <= line.value0 + accepted.step * g0 && accepted.slope <= g0
    }

    /// α_max / α₀.
    static let reach = 1e20
    /// αₖ₊₁ / αₖ while probing.
    static let growth = 10.0

    /// Probes the ray beyond `accepted` when the accepted step shows no positive curvature.
    /// - Parameters:
    ///   - line: the ray x + αd (its trial buffers hold the accepted point on entry and on return).
    ///   - accepted: αₐ, φ(αₐ) and φ'(αₐ).
    ///   - firstStep: α₀, the first trial step of the search that accepted αₐ.
    /// - Returns: the evaluations the probe spent (0 when it did not start).
    /// - Throws: `unboundedBelow` at α_max when every trial passed the test.
    static func follow<O: Objective>(
        _ objective: O, along line: SearchLine, accepted: (step: Double, value: Double, slope: Double),
        firstStep: Double
    ) throws(LineSearchFailure) -> Int {
        let g0 = line.slope0
        guard starts(along: line, accepted: accepted) else { return 0 }
        let limit = reach * firstStep
        var alpha = accepted.step, last = accepted.value, evaluations = 0
        while alpha < limit {
            let previous = alpha
            alpha = min(growth * alpha, limit)
            let (f, g) = line.evaluate(objective, at: alpha)
            evaluations += 1
            let linear = last + (alpha - previous) * g0 + 4 * Double.ulpOfOne * abs(f)
            guard f.isFinite, g.isFinite, f < last, f <= linear, g <= g0 else {
                _ = line.evaluate(objective, at: accepted.step)
                return evaluations + 1
            }
            last = f
        }
        throw .unboundedBelow(stepLength: alpha, value: last)
    }
}
