/// Strong Wolfe line search by bracketing and zoom: Nocedal & Wright, 2nd ed., Algorithm 3.5
/// (bracketing, expanding the step by `expansion` until the conditions hold or an interval
/// that contains acceptable steps is found) and Algorithm 3.6 (zoom, shrinking that interval
/// by safeguarded cubic interpolation, eq. 3.59, with bisection as the fallback).
///
/// Conditions: φ(α) ≤ φ(0) + c1·α·φ'(0) and |φ'(α)| ≤ c2·|φ'(0)|. A non-finite φ(α) counts
/// as too large a step, so the interval closes in on the finite side.
///
/// One change to the book's tests "φ(αⱼ) ≥ φ(αₗₒ)": values that differ by no more than
/// rounding (2ε|φ(αₗₒ)|) count as equal, so near a flat minimizer — where φ no longer
/// resolves the steps the curvature condition asks for — the slope decides which side of
/// the interval to keep, instead of rounding noise.
///
/// With a differenced gradient (issue 27; `SearchLine.probe`) a trial whose φ already rejects it
/// (no sufficient decrease, or higher than the lower end) costs one f evaluation: ∇f is differenced
/// only where the search reads φ'. Such a trial becomes the interval's upper end without a slope,
/// and the zoom's next step is then the minimizer of the quadratic through φ(αₗₒ), φ'(αₗₒ) and
/// φ(αₕᵢ) (N&W eq. 3.57–3.58 on [αₗₒ, αₕᵢ]) in place of the cubic; with an analytic gradient every
/// step is as before.
///
/// `maxStep` is a multiple of the first trial step α₀ (so the search is invariant under f → s·f,
/// issue 30; scipy's BFGS and CG give their searches 1e100 for the same reason). While the
/// bracketing phase keeps finding lower values the evaluation budget does not stop it: it follows
/// f down, with up to `maxExtrapolations` more evaluations, to α_max = `maxStep`·α₀, where it
/// throws `LineSearchFailure.unboundedBelow` (that point in the trial buffers) and the run ends
/// with status `unbounded`.
public struct StrongWolfe: LineSearch {
    public var c1: Double
    public var c2: Double
    /// Factor by which the trial step grows while no interval is known (> 1).
    public var expansion: Double
    /// Largest step, as a multiple of the first trial step.
    public var maxStep: Double
    public var maxEvaluations: Int
    /// Evaluations beyond `maxEvaluations` while bracketing finds lower values (×2 steps from α₀ to
    /// 1e20·α₀ take log₂ 1e20 ≈ 67).
    public var maxExtrapolations = 70

    public init(
        c1: Double = 1e-4, c2: Double = 0.9, expansion: Double = 2, maxStep: Double = 1e20, maxEvaluations: Int = 30
    ) {
        self.c1 = c1
        self.c2 = c2
        self.expansion = expansion
        self.maxStep = maxStep
        self.maxEvaluations = maxEvaluations
    }

    public var summary: String {
        "strong Wolfe bracketing/zoom, N&W Alg. 3.5–3.6 (c1 = \(NumberStyle.format(c1)), c2 = "
            + "\(NumberStyle.format(c2)), ≤ \(maxEvaluations) evaluations)"
    }

    private typealias Point = (step: Double, value: Double, slope: Double)

    public mutating func search<O: Objective>(
        _ objective: O, along line: SearchLine, initialStep: Double
    ) throws(LineSearchFailure) -> LineSearchStep {
        let f0 = line.value0, g0 = line.slope0
        guard g0 < 0, g0.isFinite else { throw .notDescentDirection(slope: g0) }
        var evaluations = 0
        var budget = maxEvaluations + maxExtrapolations   // until the zoom starts
        /// The trial point; rejected(p) says when φ alone rejects it, and then its slope is not
        /// differenced (NaN with a finite value).
        func evaluate(_ alpha: Double, rejected: (Point) -> Bool) throws(LineSearchFailure) -> Point {
            guard evaluations < budget else { throw .evaluationLimit(evaluations: evaluations) }
            evaluations += 1
            let (f, probed) = line.probe(objective, at: alpha)
            guard f.isFinite else { return (alpha, .infinity, .nan) }
            if probed == nil && rejected((alpha, f, .nan)) { return (alpha, f, .nan) }
            let g = probed ?? line.completeSlope(objective, value: f)
            return g.isFinite ? (alpha, f, g) : (alpha, .infinity, .nan)
        }
        func accept(_ p: Point) -> LineSearchStep {
            LineSearchStep(stepLength: p.step, value: p.value, slope: p.slope, evaluations: evaluations)
        }
        func sufficientDecrease(_ p: Point) -> Bool { p.value <= f0 + c1 * p.step * g0 }
        /// φ(p) above φ(q) by more than rounding.
        func higher(_ p: Point, than q: Point) -> Bool { p.value - q.value > 2 * Double.ulpOfOne * abs(q.value) }
        func curvature(_ p: Point) -> Bool { abs(p.slope) <= c2 * -g0 }

        // Algorithm 3.6: the interval between lo and hi contains steps satisfying the strong
        // Wolfe conditions; lo satisfies sufficient decrease with the lowest value so far.
        func zoom(_ lo: Point, _ hi: Point) throws(LineSearchFailure) -> LineSearchStep {
            var lo = lo, hi = hi
            budget = maxEvaluations
            while true {
                let width = abs(hi.step - lo.step)
                guard width > Double.ulpOfOne * max(lo.step, hi.step) else {
                    throw .roundingErrors(stepLength: lo.step)
                }
                let slopeless = hi.slope.isNaN && hi.value.isFinite   // rejected on φ alone
                var alpha = slopeless ? Self.quadraticMinimizer(lo, hi) : Self.cubicMinimizer(lo, hi)
                let margin = 0.1 * width
                if !(alpha.isFinite && alpha > min(lo.step, hi.step) + margin && alpha < max(lo.step, hi.step) - margin)
                {
                    alpha = 0.5 * (lo.step + hi.step)
                }
                let p = try evaluate(alpha) { p in !sufficientDecrease(p) || higher(p, than: lo) }
                if !sufficientDecrease(p) || higher(p, than: lo) {
                    hi = p
                } else {
                    if curvature(p) { return accept(p) }
                    if p.slope * (hi.step - lo.step) >= 0 { hi = lo }
                    lo = p
                }
            }
        }

        // Algorithm 3.5.
        var previous: Point = (0, f0, g0)
        let maxStep = self.maxStep * initialStep
        var alpha = min(initialStep, maxStep)
        while true {
            let first = evaluations == 0
            let p = try evaluate(alpha) { p in !sufficientDecrease(p) || (!first && higher(p, than: previous)) }
            if !sufficientDecrease(p) || (evaluations > 1 && higher(p, than: previous)) {
                return try zoom(previous, p)
            }
            if curvature(p) { return accept(p) }
            if p.slope >= 0 { return try zoom(p, previous) }
            guard alpha < maxStep else { throw .unboundedBelow(stepLength: alpha, value: p.value) }
            previous = p
            alpha = min(expansion * alpha, maxStep)
        }
    }

    /// Minimizer of the quadratic through φ(a), φ'(a) and φ(b) (N&W eq. 3.58 with a in place of
    /// 0); NaN when it has no minimizer. For an upper end b whose slope was not differenced.
    private static func quadraticMinimizer(_ a: Point, _ b: Point) -> Double {
        let h = b.step - a.step
        let curvature = b.value - a.value - a.slope * h
        guard curvature > 0 else { return .nan }
        return a.step - a.slope * h * h / (2 * curvature)
    }

    /// Minimizer of the cubic interpolating φ and φ' at a and b (N&W eq. 3.59); NaN when it
    /// does not exist (or an end is not finite).
    private static func cubicMinimizer(_ a: Point, _ b: Point) -> Double {
        let d1 = a.slope + b.slope - 3 * (a.value - b.value) / (a.step - b.step)
        let radicand = d1 * d1 - a.slope * b.slope
        guard radicand >= 0 else { return .nan }
        let d2 = (b.step > a.step ? 1.0 : -1.0) * radicand.squareRoot()
        return b.step - (b.step - a.step) * (b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2)
    }
}

extension StrongWolfe: WolfeLineSearch {
    public static var parameters: [Parameter<StrongWolfe>] { [.wolfeC1, .wolfeC2] }

    public func validateRest() throws(InvalidParameter) {
        try requireWolfeOrder()
        try InvalidParameter.require(expansion > 1, "expansion", expansion, "> 1")
        try InvalidParameter.require(maxStep > 0, "maxStep", maxStep, "> 0")
        try InvalidParameter.require(maxEvaluations >= 1, "maxEvaluations", maxEvaluations, "an integer ≥ 1")
    }
}
