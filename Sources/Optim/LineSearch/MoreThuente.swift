/// Strong Wolfe line search of Moré & Thuente, "Line search algorithms with guaranteed
/// sufficient decrease", ACM TOMS 20(3), 1994 — the algorithm of MINPACK-2's `dcsrch`.
///
/// Finds α with
///   φ(α) ≤ φ(0) + c1·α·φ'(0)          (sufficient decrease)
///   |φ'(α)| ≤ c2·|φ'(0)|              (strong curvature)
/// by keeping an interval [αₗ, αᵤ] (paper's I) known to contain such points once bracketed,
/// and choosing trial steps by safeguarded cubic/quadratic/secant interpolation (`TrialStep`).
/// While no point with ψ(α) ≤ 0 and φ'(α) ≥ min(c1, c2)·φ'(0) has been seen (stage 1) it works
/// on the auxiliary ψ(α) = φ(α) − φ(0) − c1·α·φ'(0) (paper, section 2).
///
/// Non-finite φ(α) (e.g. an overflow far along d) is handled before the algorithm sees it:
/// the step is halved towards the best point so far, and the largest step is capped there.
///
/// Where f's rounding hides the decrease (near a minimizer φ(α) − φ(0) = O(‖∇f‖²) falls
/// below the rounding of f, so no step can be certified by a test on f, and comparisons of
/// values are noise), a trial point with |φ(α) − φ(0)| < εₖ = ε·|φ(0)| whose step moves x by
/// more than its rounding (α‖d‖∞ > ε_mach‖x‖∞) has its value replaced, for the search's tests
/// and interpolation only, by that of the quadratic through φ(0), φ'(0) and φ'(α):
/// φ(0) + α(φ'(0) + φ'(α))/2. The sufficient-decrease test then reads
///   (2c1 − 1)·φ'(0) ≥ φ'(α),
/// the approximate Wolfe condition of Hager & Zhang (SIAM J. Optim. 16(1), 2005, eq. 4.1 and
/// section 4; CG_DESCENT, ACM TOMS 32(1), 2006), which rests on φ', accurate there; the
/// curvature test is unchanged. (Below the resolution of x, φ' is rounding too: without that
/// condition L-BFGS cycled between two such points on Meyer's function.) The accepted step
/// carries the measured φ(α). Searches whose values all differ from φ(0) by εₖ or more follow
/// `dcsrch` step for step; ε = 0 turns the replacement off. When φ' cannot certify a step
/// either, the search fails as before, so a tolerance below what f and ∇f resolve still ends
/// in a line-search failure.
///
/// With a differenced gradient (issue 27; `SearchLine.probe`) a trial that φ alone places in the
/// paper's case 1 — no sufficient decrease (ψ(α) > 0, outside the rounding level εₖ) and, once
/// past stage 1, higher than the best point — costs one f evaluation: it cannot end the search,
/// it becomes the interval's upper end αᵤ, and its slope is not differenced. The next step is
/// then `dcstep`'s quadratic step of case 1 (through φ(αₗ), φ'(αₗ), φ(α)) alone, kept within 0.01
/// and 0.5 of the way from αₗ to α (a backtracking safeguard, N&W section 3.5: where φ(α) is huge
/// the quadratic's minimizer falls onto αₗ; 0.1 cost CG a quarter more evaluations on Rosenbrock),
/// and a later case 4 takes the quadratic through the trial point's
/// φ, φ' and φ(αᵤ) in place of the cubic.
/// ∇f is differenced wherever the search reads φ'(α). With an analytic gradient every step is
/// `dcsrch`'s, as before.
///
/// The step limits scale with the problem (issue 30): `dcsrch` leaves stpmin and stpmax to its
/// caller, and scipy's BFGS and CG pass 1e-100 and 1e100 (`_minimize_bfgs`, `_minimize_cg`). Here,
/// with `relativeLimits` (the default), they are `minStep`·α₀ and `maxStep`·α₀ for the search's
/// first trial step α₀, so multiplying f by s (α₀ by 1/s) leaves every test and every trial step
/// in units of α₀ unchanged, and a badly scaled f (‖∇f‖ ~ 1e±50) is searched as a well-scaled one.
///
/// Unbounded below: while the search is still extrapolating (nothing bracketed, each trial lower
/// than the best so far with ψ' ≤ 0), the evaluation budget does not stop it — it follows f down to
/// α_max, at most `maxExtrapolations` more evaluations. Reaching α_max (never lowered by a
/// non-finite φ) with the sufficient-decrease test still holding and ψ'(α) ≤ 0 is `dcsrch`'s
/// "stp = stpmax" warning; here it throws `LineSearchFailure.unboundedBelow` with that point in
/// the trial buffers, and the run ends with status `unbounded` at it (`minimize`).
public struct MoreThuente: LineSearch {
    /// Sufficient-decrease parameter (paper's μ), 0 < c1 < 1/2 … and c1 < c2.
    public var c1: Double
    /// Curvature parameter (paper's η), c1 < c2 < 1.
    public var c2: Double
    /// Relative width of the interval below which the search stops (rounding errors).
    public var intervalTolerance: Double
    /// Smallest and largest α allowed: multiples of the first trial step α₀ when `relativeLimits`,
    /// else absolute (L-BFGS-B's feasible step).
    public var minStep: Double
    public var maxStep: Double
    /// Whether `minStep` and `maxStep` are multiples of the first trial step (see the type's comment).
    public var relativeLimits = true
    /// Evaluations beyond `maxEvaluations` allowed while the search is still extrapolating with f
    /// decreasing (enough for dcsrch's extrapolation α + 4(α − α_best) to reach 1e20·α₀ from α₀ on
    /// a straight line: trials α₀(4^k − 1)/3, 35 of them).
    public var maxExtrapolations = 40
    /// Evaluations of φ allowed per search.
    public var maxEvaluations: Int
    /// ε of the approximate Wolfe level εₖ = ε·|φ(0)| (0: off).
    public var approximateWolfe: Double
    /// `dcsrch` ends on a warning (rounding errors, the interval below `intervalTolerance`, the
    /// step at its maximum or minimum) with the current trial step, and L-BFGS-B's `lnsrlb` takes
    /// that step. When true the search returns it; when false (default) it throws the warning.
    public var acceptsWarnings = false

    /// Defaults as in the field: c1 = 1e-4, c2 = 0.9 (use 0.1 for conjugate gradient),
    /// at most 20 evaluations; ε = 3e-12 for the approximate Wolfe level (results/tolerance-defaults.md).
    public init(c1: Double = 1e-4, c2: Double = 0.9, intervalTolerance: Double = 1e-14,
                minStep: Double = 1e-20, maxStep: Double = 1e20, maxEvaluations: Int = 20,
                approximateWolfe: Double = 3e-12) {
        self.c1 = c1
        self.c2 = c2
        self.intervalTolerance = intervalTolerance
        self.minStep = minStep
        self.maxStep = maxStep
        self.maxEvaluations = maxEvaluations
        self.approximateWolfe = approximateWolfe
    }

    public var summary: String {
        "Moré–Thuente strong Wolfe (c1 = \(NumberStyle.format(c1)), c2 = \(NumberStyle.format(c2)), ε = "
            + "\(NumberStyle.format(approximateWolfe)), ≤ \(maxEvaluations) evaluations)"
    }

    public mutating func search<O: Objective>(
        _ objective: O, along line: SearchLine, initialStep: Double
    ) throws(LineSearchFailure) -> LineSearchStep {
        let f0 = line.value0, g0 = line.slope0
        guard g0 < 0, g0.isFinite else { throw .notDescentDirection(slope: g0) }
        let xtrapLower = 1.1, xtrapUpper = 4.0
        let decreaseSlope = c1 * g0              // paper's μ φ'(0)
        let roundingLevel = approximateWolfe * abs(f0)   // εₖ
        var resolvedStep = Double.nan            // least α that moves x by ε_mach‖x‖∞, when needed
        let scale = relativeLimits ? initialStep : 1
        let minStep = self.minStep * scale, maxStep = self.maxStep * scale
        var stepCap = maxStep                    // lowered when φ is non-finite further out

        var alpha = min(max(initialStep, minStep), stepCap)
        var bracketed = false
        var stage1 = true
        var extrapolating = true                 // every trial so far lower than the last, ψ' ≤ 0
        var width = maxStep - minStep
        var previousWidth = 2 * width
        // Best point (x in the paper) and the other end of the interval (y).
        var lo = (step: 0.0, value: f0, slope: g0)
        var hi = (step: 0.0, value: f0, slope: g0)
        var bounds = (min: 0.0, max: alpha + xtrapUpper * alpha)
        var evaluations = 0

        /// φ(α), and φ'(α) unless φ alone puts α in case 1 (see the type's comment): then nil.
        func measure(_ alpha: Double) -> (f: Double, g: Double?) {
            let (f, probed) = line.probe(objective, at: alpha)
            guard probed == nil, f.isFinite else { return (f, probed) }
            if abs(f - f0) >= roundingLevel && f > f0 + alpha * decreaseSlope && (stage1 || f > lo.value) {
                return (f, nil)
            }
            return (f, line.completeSlope(objective, value: f))
        }

        while true {
            var (f, measured) = measure(alpha)
            evaluations += 1
            if !(f.isFinite && measured?.isFinite != false) {
                // Step back towards the best point until φ is finite again; never go past
                // the largest finite step found this way.
                repeat {
                    let next = lo.step + 0.5 * (alpha - lo.step)
                    guard evaluations < maxEvaluations, next > lo.step, next > minStep else {
                        throw .nonFiniteValue(stepLength: alpha)
                    }
                    alpha = next
                    (f, measured) = measure(alpha)
                    evaluations += 1
                } while !(f.isFinite && measured?.isFinite != false)
                stepCap = alpha
                bounds.max = min(bounds.max, stepCap)
            }
            // NaN: not differenced (case 1 on φ alone; every test below that reads g is decided before it).
            var g = measured ?? .nan

            // Within rounding of φ(0), f says nothing: the search goes on with the quadratic
            // model's value φ(0) + α(φ'(0) + φ'(α))/2, and its decrease test, written on the
            // slopes so that φ(0)'s magnitude cannot round it away, is approximate Wolfe
            // (see the type's comment).
            var modelled = abs(f - f0) < roundingLevel
            if modelled {
                if resolvedStep.isNaN { resolvedStep = Double.ulpOfOne * line.x.maxAbs / line.direction.maxAbs }
                modelled = alpha > resolvedStep
            }
            let value = modelled ? f0 + 0.5 * alpha * (g0 + g) : f
            let sufficientDecreaseBound = f0 + alpha * decreaseSlope
            let decreases = modelled ? g <= (2 * c1 - 1) * g0 : f <= sufficientDecreaseBound
            if stage1 && decreases && g >= min(c1, c2) * g0 { stage1 = false }
            extrapolating = extrapolating && !bracketed && decreases && value < lo.value && g <= decreaseSlope

            // Tests for termination: convergence wins over the warnings, as in dcsrch.
            if decreases && abs(g) <= c2 * (-g0) {
                return LineSearchStep(stepLength: alpha, value: f, slope: g, evaluations: evaluations)
            }
            var warning: LineSearchFailure?
            if bracketed && (alpha <= bounds.min || alpha >= bounds.max) {
                warning = .roundingErrors(stepLength: alpha)
            }
            if bracketed && bounds.max - bounds.min <= intervalTolerance * bounds.max {
                warning = .roundingErrors(stepLength: alpha)
            }
            if alpha == stepCap && decreases && g <= decreaseSlope {
                // Every trial lower, up to α_max itself: f follows d down without bound (as far
                // as α_max tells).
                warning = extrapolating && stepCap == maxStep && relativeLimits
                    ? .unboundedBelow(stepLength: alpha, value: f) : .stepAtMaximum(stepLength: alpha)
            }
            if alpha == minStep && (!decreases || g >= decreaseSlope) { warning = .stepAtMinimum(stepLength: alpha) }
            if let warning {
                if acceptsWarnings {
                    if measured == nil { g = line.completeSlope(objective, value: f) }
                    return LineSearchStep(stepLength: alpha, value: f, slope: g, evaluations: evaluations)
                }
                throw warning
            }
            if evaluations >= maxEvaluations && !(extrapolating && evaluations < maxEvaluations + maxExtrapolations) {
                throw .evaluationLimit(evaluations: evaluations)
            }

            // Next trial step. In stage 1, while ψ rather than φ rules the choice, interpolate ψ.
            var interval: TrialStep
            if stage1 && value <= lo.value && !decreases {
                interval = TrialStep(
                    best: (lo.step, lo.value - lo.step * decreaseSlope, lo.slope - decreaseSlope),
                    other: (hi.step, hi.value - hi.step * decreaseSlope, hi.slope - decreaseSlope),
                    bracketed: bracketed)
                interval.update(
                    step: alpha, value: value - alpha * decreaseSlope, slope: g - decreaseSlope,
                    bounds: bounds)
                lo = (
                    interval.best.step, interval.best.value + interval.best.step * decreaseSlope,
                    interval.best.slope + decreaseSlope
                )
                hi = (
                    interval.other.step, interval.other.value + interval.other.step * decreaseSlope,
                    interval.other.slope + decreaseSlope
                )
            } else {
                interval = TrialStep(best: lo, other: hi, bracketed: bracketed)
                interval.update(step: alpha, value: value, slope: g, bounds: bounds)
                lo = interval.best
                hi = interval.other
            }
            bracketed = interval.bracketed
            alpha = interval.next

            // Force sufficient shrinkage of the interval: bisect when two steps did not
            // shrink it by a factor of 0.66 (paper, section 4).
            if bracketed {
                if abs(hi.step - lo.step) >= 0.66 * previousWidth { alpha = lo.step + 0.5 * (hi.step - lo.step) }
                previousWidth = width
                width = abs(hi.step - lo.step)
                bounds = (min(lo.step, hi.step), max(lo.step, hi.step))
            } else {
                bounds = (alpha + xtrapLower * (alpha - lo.step), alpha + xtrapUpper * (alpha - lo.step))
            }
            alpha = min(max(alpha, minStep), stepCap)
            // When no further progress is possible, try the best point once more: the tests
            // above then end the search.
            if bracketed
                && (alpha <= bounds.min || alpha >= bounds.max
                    || bounds.max - bounds.min <= intervalTolerance * bounds.max)
            {
                alpha = lo.step
            }
        }
    }
}

/// The safeguarded step of Moré & Thuente (1994, section 4; MINPACK-2 `dcstep`): given the
/// best point so far, the other end of the interval and a new trial point (step, value,
/// slope), it updates the interval and computes the next trial step from cubic and
/// quadratic (or secant) interpolants, in four cases by how the new point compares.
struct TrialStep {
    typealias Point = (step: Double, value: Double, slope: Double)
    /// Paper's αₗ (lowest value seen, with slope pointing into the interval).
    var best: Point
    /// Paper's αᵤ.
    var other: Point
    var bracketed: Bool
    /// The next trial step.
    var next = 0.0

    init(best: Point, other: Point, bracketed: Bool) {
        self.best = best
        self.other = other
        self.bracketed = bracketed
    }

    /// θ and the scale s of the cubic interpolating the points a and b (paper, section 4),
    /// shared by the case-specific formulas for the cubic's minimizer.
    private static func cubicTerms(_ a: Point, _ b: Point) -> (theta: Double, s: Double) {
        let theta = 3 * (a.value - b.value) / (b.step - a.step) + a.slope + b.slope
        let s = max(abs(theta), abs(a.slope), abs(b.slope))
        return (theta, s)
    }

    /// Minimizer of the quadratic through a's value and slope and b's value (`dcstep`'s stpq).
    private static func quadraticStep(from a: Point, to b: Point) -> Double {
        a.step + ((a.slope / ((a.value - b.value) / (b.step - a.step) + a.slope)) / 2) * (b.step - a.step)
    }

    mutating func update(step: Double, value: Double, slope: Double, bounds: (min: Double, max: Double)) {
        let x = best, p: Point = (step, value, slope)
        let signedSlope = p.slope * (x.slope / abs(x.slope))
        var result: Double

        if p.value > x.value && p.slope.isNaN {
            // Case 1 without φ'(α) (not differenced, issue 27): the quadratic step alone, kept in
            // [αₗ + 0.01(α − αₗ), αₗ + 0.5(α − αₗ)] (see the type's comment): where φ(α) is
            // enormous the quadratic's minimizer collapses onto αₗ.
            let near = x.step + 0.01 * (p.step - x.step), far = x.step + 0.5 * (p.step - x.step)
            let quadratic = Self.quadraticStep(from: x, to: p)
            result = quadratic.isFinite ? min(max(quadratic, min(near, far)), max(near, far)) : far
            bracketed = true
        } else if p.value > x.value {
            // Case 1: higher value — the minimum is bracketed. Cubic step if closer to αₗ,
            // otherwise halfway between cubic and quadratic steps.
            let (theta, s) = Self.cubicTerms(x, p)
            var gamma = s * ((theta / s) * (theta / s) - (x.slope / s) * (p.slope / s)).squareRoot()
            if p.step < x.step { gamma = -gamma }
            let pp = (gamma - x.slope) + theta
            let q = ((gamma - x.slope) + gamma) + p.slope
            let cubic = x.step + (pp / q) * (p.step - x.step)
            let quadratic = Self.quadraticStep(from: x, to: p)
            result = abs(cubic - x.step) < abs(quadratic - x.step) ? cubic : cubic + (quadratic - cubic) / 2
            bracketed = true
        } else if signedSlope < 0 {
            // Case 2: lower value, slopes of opposite sign — bracketed. The step farther
            // from the trial point of the cubic and the secant steps.
            let (theta, s) = Self.cubicTerms(x, p)
            var gamma = s * ((theta / s) * (theta / s) - (x.slope / s) * (p.slope / s)).squareRoot()
            if p.step > x.step { gamma = -gamma }
            let pp = (gamma - p.slope) + theta
            let q = ((gamma - p.slope) + gamma) + x.slope
            let cubic = p.step + (pp / q) * (x.step - p.step)
            let secant = p.step + (p.slope / (p.slope - x.slope)) * (x.step - p.step)
            result = abs(cubic - p.step) > abs(secant - p.step) ? cubic : secant
            bracketed = true
        } else if abs(p.slope) < abs(x.slope) {
            // Case 3: lower value, same sign, slope magnitude decreasing. The cubic may have
            // no minimizer in the direction of the step; then use the bound.
            let (theta, s) = Self.cubicTerms(x, p)
            var gamma = s * max(0, (theta / s) * (theta / s) - (x.slope / s) * (p.slope / s)).squareRoot()
            if p.step > x.step { gamma = -gamma }
            let pp = (gamma - p.slope) + theta
            let q = (gamma + (x.slope - p.slope)) + gamma
            let r = pp / q
            let cubic: Double
            if r < 0 && gamma != 0 {
                cubic = p.step + r * (x.step - p.step)
            } else {
                cubic = p.step > x.step ? bounds.max : bounds.min
            }
            let secant = p.step + (p.slope / (p.slope - x.slope)) * (x.step - p.step)
            if bracketed {
                result = abs(cubic - p.step) < abs(secant - p.step) ? cubic : secant
                let limit = p.step + 0.66 * (other.step - p.step)
                result = p.step > x.step ? min(limit, result) : max(limit, result)
            } else {
                result = abs(cubic - p.step) > abs(secant - p.step) ? cubic : secant
                result = max(bounds.min, min(bounds.max, result))
            }
        } else {
            // Case 4: lower value, same sign, slope magnitude not decreasing: cubic through
            // the new point and αᵤ if bracketed, else the bound.
            if bracketed && other.slope.isNaN {
                // αᵤ's slope was not differenced (issue 27): the quadratic through p and φ(αᵤ),
                // bisection if it has no minimizer.
                let quadratic = Self.quadraticStep(from: p, to: other)
                result = quadratic.isFinite ? quadratic : p.step + 0.5 * (other.step - p.step)
            } else if bracketed {
                let y = other
                let (theta, s) = Self.cubicTerms(p, y)
                var gamma = s * ((theta / s) * (theta / s) - (y.slope / s) * (p.slope / s)).squareRoot()
                if p.step > y.step { gamma = -gamma }
                let pp = (gamma - p.slope) + theta
                let q = ((gamma - p.slope) + gamma) + y.slope
                result = p.step + (pp / q) * (y.step - p.step)
            } else {
                result = p.step > x.step ? bounds.max : bounds.min
            }
        }

        // Update the interval (paper, "updating algorithm").
        if p.value > x.value {
            other = p
        } else {
            if signedSlope < 0 { other = x }
            best = p
        }
        next = result
    }
}

extension MoreThuente: WolfeLineSearch {
    public static var parameters: [Parameter<MoreThuente>] {
        [
            .wolfeC1, .wolfeC2,
            .real(
                "epsilon", \.approximateWolfe, .halfOpen(0, 1),
                "ε: approximate Wolfe where |φ(α) − φ(0)| < ε|φ(0)| (0: off)"),
        ]
    }

    public func validateRest() throws(InvalidParameter) {
        try requireWolfeOrder()
        try InvalidParameter.require(intervalTolerance >= 0, "intervalTolerance", intervalTolerance, "≥ 0")
        try InvalidParameter.require(minStep >= 0 && maxStep > minStep, "maxStep", maxStep, "0 ≤ minStep < maxStep")
        try InvalidParameter.require(maxEvaluations >= 1, "maxEvaluations", maxEvaluations, "an integer ≥ 1")
    }
}
