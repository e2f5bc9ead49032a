/// Backtracking line search on the Armijo (sufficient decrease) condition
///   φ(α) ≤ φ(0) + c1·α·φ'(0),
/// with safeguarded interpolation (Nocedal & Wright, 2nd ed., section 3.5; Dennis &
/// Schnabel, Algorithm A6.3.1): the first backtrack minimizes the quadratic through φ(0),
/// φ'(0), φ(α); later ones the cubic through φ(0), φ'(0) and the last two trials. Each new
/// α is kept in [ρ_lo·α, ρ_hi·α] so the search neither stalls nor collapses.
///
/// A non-finite φ(α) counts as "too far": the step is multiplied by ρ_lo.
///
/// An accepted step that shows no positive curvature is followed further (`UnboundedRay`, issue
/// 30, with its backoff; restarted when the solver's iteration is 0): f decreasing at every ×10
/// step up to 1e20 times the first trial step ends the run with status `unbounded`; a convex φ is
/// never probed.
/// The test and the interpolation use φ alone, so with a differenced gradient (issue 27) each
/// rejected trial costs one f evaluation and ∇f is differenced at the accepted point only
/// (`SearchLine.probe`).
public struct Backtracking: LineSearch {
    /// Sufficient-decrease parameter, 0 < c1 < 1.
    public var c1: Double
    /// Safeguards: the next step lies in [shrinkMin·α, shrinkMax·α], 0 < shrinkMin ≤ shrinkMax < 1.
    public var shrinkMin: Double
    public var shrinkMax: Double
    /// Evaluations of φ allowed per search.
    public var maxEvaluations: Int
    /// Whether an accepted step that decreased f at least linearly is followed further
    /// (`UnboundedRay`); off, the search is the plain backtracking of N&W section 3.5.
    public var followsUnbounded = true
    private var ray = UnboundedRay()

    public init(c1: Double = 1e-4, shrinkMin: Double = 0.1, shrinkMax: Double = 0.5, maxEvaluations: Int = 50) {
        self.c1 = c1
        self.shrinkMin = shrinkMin
        self.shrinkMax = shrinkMax
        self.maxEvaluations = maxEvaluations
    }

    public var summary: String {
        "backtracking Armijo (c1 = \(NumberStyle.format(c1)), shrink in [\(shrinkMin), \(shrinkMax)], ≤ "
            + "\(maxEvaluations) evaluations)"
    }

    public mutating func search<O: Objective>(
        _ objective: O, along line: SearchLine, initialStep: Double
    ) throws(LineSearchFailure) -> LineSearchStep {
        let f0 = line.value0, g0 = line.slope0
        guard g0 < 0, g0.isFinite else { throw .notDescentDirection(slope: g0) }
        // Below this α the step x + α·d no longer changes x in floating point.
        let minStep = Double.ulpOfOne * max(1, line.x.maxAbs) / max(line.direction.maxAbs, .leastNormalMagnitude)

        var alpha = initialStep
        var previous: (step: Double, value: Double)? = nil
        var evaluations = 0
        while true {
            let (f, probed) = line.probe(objective, at: alpha)
            evaluations += 1
            // A differenced slope is needed only where f passes the test.
            let g = probed ?? (f.isFinite && f <= f0 + c1 * alpha * g0 ? line.completeSlope(objective, value: f) : 0)
            let finite = f.isFinite && g.isFinite
            if finite && f <= f0 + c1 * alpha * g0 {
                if line.iteration == 0 { ray = UnboundedRay() }
                let probe = followsUnbounded
                    ? try ray.schedule(objective, along: line, accepted: (alpha, f, g), firstStep: initialStep) : 0
                return LineSearchStep(stepLength: alpha, value: f, slope: g, evaluations: evaluations + probe)
            }
            if evaluations >= maxEvaluations {
                throw finite ? .evaluationLimit(evaluations: evaluations) : .nonFiniteValue(stepLength: alpha)
            }
            var next: Double
            if !finite {
                next = shrinkMin * alpha
                previous = nil
            } else {
                next = Self.interpolate(f0: f0, g0: g0, current: (alpha, f), previous: previous)
                next = next.isFinite ? min(max(next, shrinkMin * alpha), shrinkMax * alpha) : shrinkMax * alpha
                previous = (alpha, f)
            }
            if next < minStep {
                throw finite ? .roundingErrors(stepLength: alpha) : .nonFiniteValue(stepLength: alpha)
            }
            alpha = next
        }
    }

    /// Minimizer of the quadratic (one trial so far) or cubic (two trials) model of φ that
    /// matches φ(0), φ'(0) and the trials (N&W eqs. 3.57–3.59). Unsafeguarded; NaN when the
    /// model has no minimizer (the caller then takes the largest allowed step).
    static func interpolate(
        f0: Double, g0: Double, current: (step: Double, value: Double), previous: (step: Double, value: Double)?
    ) -> Double {
        let a1 = current.step, f1 = current.value
        guard let (a0, fPrev) = previous else {
            return -g0 * a1 * a1 / (2 * (f1 - f0 - g0 * a1))
        }
        let r1 = f1 - f0 - g0 * a1, r0 = fPrev - f0 - g0 * a0
        let denominator = a1 - a0
        let a = (r1 / (a1 * a1) - r0 / (a0 * a0)) / denominator
        let b = (-a0 * r1 / (a1 * a1) + a1 * r0 / (a0 * a0)) / denominator
        if a == 0 { return -g0 / (2 * b) }
        let discriminant = b * b - 3 * a * g0
        guard discriminant >= 0 else { return .nan }
        return (-b + discriminant.squareRoot()) / (3 * a)
    }
}

extension Backtracking: Configurable {
    public static var parameters: [Parameter<Backtracking>] { [.real("c1", \.c1, .open(0, 1), "sufficient decrease")] }

    public func validateRest() throws(InvalidParameter) {
        try InvalidParameter.require(
            shrinkMin > 0 && shrinkMin <= shrinkMax, "shrinkMin", shrinkMin, "0 < shrinkMin ≤ shrinkMax")
        try InvalidParameter.require(shrinkMax < 1, "shrinkMax", shrinkMax, "shrinkMax < 1")
        try InvalidParameter.require(maxEvaluations >= 1, "maxEvaluations", maxEvaluations, "an integer ≥ 1")
    }
}
