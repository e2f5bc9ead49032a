/// The line search of Hager & Zhang: "A new conjugate gradient method with guaranteed
/// descent and an efficient line search", SIAM J. Optim. 16(1), 2005, section 4, and
/// "Algorithm 851: CG_DESCENT", ACM TOMS 32(1), 2006.
///
/// It accepts α satisfying either the Wolfe conditions (T1)
///   φ(α) − φ(0) ≤ δ·α·φ'(0)  and  φ'(α) ≥ σ·φ'(0)
/// or the approximate Wolfe conditions (T2)
///   (2δ − 1)·φ'(0) ≥ φ'(α) ≥ σ·φ'(0)  and  φ(α) ≤ φ(0) + εₖ,   εₖ = ε·|φ(0)|.
/// T2 rests on derivatives, which stay accurate where differences of f drown in rounding
/// (near a minimizer φ(α) − φ(0) = O(‖∇f‖²) falls below ε_mach·|f|); that is what lets a
/// method converge to ‖∇f‖ far below √ε_mach·|f| where an Armijo test on f must fail.
///
/// The interval [a, b] keeps φ'(a) < 0, φ(a) ≤ φ(0) + εₖ, φ'(b) ≥ 0 (bracket, paper's
/// B1–B3 / E0); it shrinks by double secant steps (secant², paper's S1–S4) and the update
/// rules U0–U3, with a bisection when an iteration does not shrink it by the factor γ.
/// Non-finite φ counts as "above φ(0) + εₖ", so the search backs off from it.
///
/// With a differenced gradient (issue 27; `SearchLine.probe`) a trial with φ above φ(0) + εₖ,
/// which neither T1 nor T2 accepts, costs one f evaluation: its slope is not differenced and it
/// is taken as an upper end by B3/U3 (θ-bisection towards the lower end), whatever the sign of
/// φ' there — the paper's argument for U3 rests only on φ'(a) < 0 and φ(ā) > φ(0) + εₖ. With an
/// analytic gradient every step is as before.
public struct HagerZhang: LineSearch {
    /// δ (Wolfe sufficient decrease), 0 < δ < 1/2.
    public var delta: Double
    /// σ (Wolfe curvature), δ ≤ σ < 1.
    public var sigma: Double
    /// ε of εₖ = ε·|φ(0)|, the tolerance of the approximate Wolfe conditions.
    public var epsilon: Double
    /// θ, the bisection weight of update rule U3, 0 < θ < 1.
    public var theta: Double
    /// γ, the required shrink factor per iteration, 0 < γ < 1.
    public var gamma: Double
    /// ρ, the expansion factor while bracketing, > 1.
    public var expansion: Double
    public var maxEvaluations: Int

    /// Defaults of CG_DESCENT: δ = 0.1, σ = 0.9, ε = 1e-6, θ = 0.5, γ = 0.66, ρ = 5.
    public init(delta: Double = 0.1, sigma: Double = 0.9, epsilon: Double = 1e-6, theta: Double = 0.5,
                gamma: Double = 0.66, expansion: Double = 5, maxEvaluations: Int = 50) {
        self.delta = delta
        self.sigma = sigma
        self.epsilon = epsilon
        self.theta = theta
        self.gamma = gamma
        self.expansion = expansion
        self.maxEvaluations = maxEvaluations
    }

    public var summary: String {
        "Hager–Zhang approximate Wolfe (δ = \(NumberStyle.format(delta)), σ = \(NumberStyle.format(sigma)), ε = "
            + "\(NumberStyle.format(epsilon)), ≤ \(maxEvaluations) evaluations)"
    }

    public mutating func search<O: Objective>(
        _ objective: O, along line: SearchLine, initialStep: Double
    ) throws(LineSearchFailure) -> LineSearchStep {
        guard line.slope0 < 0, line.slope0.isFinite else { throw .notDescentDirection(slope: line.slope0) }
        var run = Run(objective: objective, line: line, parameters: self)
        let point = try run.search(initialStep: initialStep)
        return LineSearchStep(
            stepLength: point.step, value: point.value, slope: point.slope, evaluations: run.evaluations)
    }

    /// One search: the evaluations and the interval logic. Each stage returns either a point
    /// that met T1 or T2 (`.accepted`) or the bracket it narrowed to (`.interval`).
    private struct Run<O: Objective> {
        typealias Point = HagerZhangPoint

        let objective: O
        let line: SearchLine
        let p: HagerZhang
        let f0: Double, g0: Double
        /// φ(0) + εₖ: the level a bracket end must not exceed.
        let ceiling: Double
        /// α = 0, the lower end every search starts from.
        let origin: Point
        var evaluations = 0

        init(objective: O, line: SearchLine, parameters: HagerZhang) {
            self.objective = objective
            self.line = line
            p = parameters
            f0 = line.value0
            g0 = line.slope0
            ceiling = f0 + parameters.epsilon * abs(f0)
            origin = Point(step: 0, value: f0, slope: g0, acceptable: false)
        }

        /// Evaluates φ at c and tests T1 and T2 there.
        mutating func evaluate(_ c: Double) throws(LineSearchFailure) -> Point {
            guard evaluations < p.maxEvaluations else { throw .evaluationLimit(evaluations: evaluations) }
            let (f, probed) = line.probe(objective, at: c)
            evaluations += 1
            guard f.isFinite else { return Point(step: c, value: .infinity, slope: .nan, acceptable: false) }
            // Above the ceiling φ decides alone (an upper end for B3/U3): no slope differenced.
            if probed == nil && f > ceiling { return Point(step: c, value: f, slope: .nan, acceptable: false) }
            let g = probed ?? line.completeSlope(objective, value: f)
            guard g.isFinite else { return Point(step: c, value: .infinity, slope: .nan, acceptable: false) }
            let curvature = g >= p.sigma * g0
            let wolfe = f - f0 <= p.delta * c * g0 && curvature
            let approximate = (2 * p.delta - 1) * g0 >= g && curvature && f <= ceiling
            return Point(step: c, value: f, slope: g, acceptable: wolfe || approximate)
        }

        /// A point fit to be the lower end a: descent slope and value below the ceiling.
        func isLowerEnd(_ c: Point) -> Bool { c.slope < 0 && c.value <= ceiling }

        mutating func search(initialStep: Double) throws(LineSearchFailure) -> Point {
            var stage = try bracket(try evaluate(initialStep))
            while true {
                switch stage {
                case .accepted(let point):
                    return point
                case .interval(let a, let b):
                    let width = b.step - a.step
                    guard width > Double.ulpOfOne * b.step else { throw .roundingErrors(stepLength: a.step) }
                    stage = try secant2(a, b)
                    if case .interval(let na, let nb) = stage, nb.step - na.step > p.gamma * width {
                        stage = try update(na, nb, try evaluate(0.5 * (na.step + nb.step)))
                    }
                }
            }
        }

        /// Paper's bracket (B0–B3): expand from c until the slope turns non-negative (B2: the
        /// bracket is [last point fit to be a lower end, c]) or the value rises above the
        /// ceiling (B3: θ-bisection of [0, c], as in the paper). The expansion stops at
        /// 1e20 times the first trial step (issue 30; the paper sets no limit): reached with every
        /// trial lower than the last, f is taken as unbounded below along d (`unboundedBelow`,
        /// the point in the trial buffers); ρ = 5 gets there in 30 evaluations.
        mutating func bracket(_ start: Point) throws(LineSearchFailure) -> HagerZhangStage {
            var c = start
            var lastLower = origin
            let maxStep = 1e20 * start.step
            var descending = true                    // every trial lower than the last
            while true {
                if c.acceptable { return .accepted(c) }
                if c.slope >= 0 { return .interval(lastLower, c) }
                if !isLowerEnd(c) { return try bisect(lower: origin, upper: c) }
                descending = descending && c.value < lastLower.value
                if descending && c.step >= maxStep { throw .unboundedBelow(stepLength: c.step, value: c.value) }
                lastLower = c
                c = try evaluate(descending ? min(p.expansion * c.step, maxStep) : p.expansion * c.step)
            }
        }

        /// Update rules U0–U3 for a new point c in [a, b].
        mutating func update(_ a: Point, _ b: Point, _ c: Point) throws(LineSearchFailure) -> HagerZhangStage {
            if c.acceptable { return .accepted(c) }
            if !(c.step > a.step && c.step < b.step) { return .interval(a, b) }    // U0
            if c.slope >= 0 { return .interval(a, c) }                             // U1
            if isLowerEnd(c) { return .interval(c, b) }                            // U2
            return try bisect(lower: a, upper: c)                                   // U3
        }

        /// U3: φ'(upper) < 0 but φ(upper) above the ceiling (or not finite) — a minimizer
        /// lies in between; shrink by θ-bisection until a point with φ' ≥ 0 appears.
        mutating func bisect(lower: Point, upper: Point) throws(LineSearchFailure) -> HagerZhangStage {
            var lo = lower, hi = upper
            while true {
                guard hi.step - lo.step > Double.ulpOfOne * hi.step else {
                    throw hi.value.isFinite
                        ? .roundingErrors(stepLength: lo.step) : .nonFiniteValue(stepLength: hi.step)
                }
                let d = try evaluate((1 - p.theta) * lo.step + p.theta * hi.step)
                if d.acceptable { return .accepted(d) }
                if d.slope >= 0 { return .interval(lo, d) }
                if isLowerEnd(d) { lo = d } else { hi = d }
            }
        }

        /// secant(a, b): the zero of the linear interpolant of φ' through a and b.
        static func secant(_ a: Point, _ b: Point) -> Double {
            (a.step * b.slope - b.step * a.slope) / (b.slope - a.slope)
        }

        /// Paper's secant² (S1–S4).
        mutating func secant2(_ a: Point, _ b: Point) throws(LineSearchFailure) -> HagerZhangStage {
            let c = Self.secant(a, b)
            guard c.isFinite, c > a.step, c < b.step else { return .interval(a, b) }
            let first = try update(a, b, try evaluate(c))
            guard case .interval(let A, let B) = first else { return first }
            var next: Double?
            if c == B.step { next = Self.secant(b, B) }
            if c == A.step { next = Self.secant(a, A) }
            if let next, next.isFinite, next > A.step, next < B.step {
                return try update(A, B, try evaluate(next))
            }
            return first
        }
    }
}

/// A trial point (α, φ(α), φ'(α)) of the Hager–Zhang search, and whether it met T1 or T2.
private struct HagerZhangPoint {
    var step: Double
    var value: Double
    var slope: Double
    var acceptable: Bool
}

/// Where a stage of the Hager–Zhang search ended: an acceptable point, or a bracket [a, b].
/// Declared outside the generic `Run`: types nested in a generic struct and used in typed
/// throwing functions have crashed the Swift 6.3 optimizer (FunctionSignatureOpts).
private enum HagerZhangStage {
    case accepted(HagerZhangPoint)
    case interval(HagerZhangPoint, HagerZhangPoint)
}

extension HagerZhang: Configurable {
    public static var parameters: [Parameter<HagerZhang>] {
        [.real("c1", \.delta, .open(0, 0.5), "δ, sufficient decrease"),
         .real("c2", \.sigma, .open(0, 1), "σ, curvature (δ ≤ σ)", relation: "c1 ≤ c2 < 1 (δ ≤ σ)")]
    }

    public func validateRest() throws(InvalidParameter) {
        try InvalidParameter.require(sigma >= delta, "c2", sigma, "c1 ≤ c2 < 1 (δ ≤ σ)")
        try InvalidParameter.require(epsilon >= 0 && epsilon.isFinite, "epsilon", epsilon, "a finite number ≥ 0")
        try InvalidParameter.require(theta > 0 && theta < 1, "theta", theta, "0 < θ < 1")
        try InvalidParameter.require(gamma > 0 && gamma < 1, "gamma", gamma, "0 < γ < 1")
        try InvalidParameter.require(expansion > 1, "expansion", expansion, "ρ > 1")
        try InvalidParameter.require(maxEvaluations >= 1, "maxEvaluations", maxEvaluations, "an integer ≥ 1")
    }
}
