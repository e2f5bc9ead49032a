/// How `FiniteDifferenceGradient` differences f.
public enum DifferenceScheme: String, Sendable, CaseIterable {
    /// gᵢ = (f(x + hᵢeᵢ) − f(x − hᵢeᵢ)) / 2hᵢ with hᵢ = ε^{1/3}·max(1, |xᵢ|): error about
    /// ε^{2/3} ≈ 4·10⁻¹¹ relative (N&W section 8.1, eq. 8.7); 2n f evaluations per gradient.
    case central
    /// gᵢ = (f(x + hᵢeᵢ) − f(x)) / hᵢ with hᵢ = √ε·max(1, |xᵢ|): error about √ε ≈ 10⁻⁸
    /// relative (N&W eq. 8.6); n f evaluations per gradient besides f(x).
    case forward

    /// f evaluations one gradient costs, besides f(x) itself.
    public func valueEvaluationsPerGradient(dimension n: Int) -> Int { self == .central ? 2 * n : n }

    /// For reports: "central differences", "forward differences".
    public var summary: String { "\(rawValue) differences" }
}

/// Counts the f evaluations an objective spends inside one gradient (finite differences), so
/// that `CountedObjective` reports them as f evaluations, and lets a caller that already has
/// f(x) ask for ∇f(x) alone.
///
/// When `valueEvaluationsPerGradient` > 0, the line searches (issue 27) evaluate f alone at a
/// trial point (`SearchLine.probe`) and difference ∇f there (`SearchLine.completeSlope`) only
/// when the search needs φ'(α) or accepts the point: a trial rejected on f costs one f
/// evaluation, not 1 + n or 1 + 2n.
public protocol DifferencedObjective: Objective {
    /// f evaluations inside one `valueAndGradient`, besides f(x) itself (0: the gradient is
    /// analytic, and callers evaluate f and ∇f together).
    var valueEvaluationsPerGradient: Int { get }

    /// ∇f(x) written into `gradient`, given f(x) = `value` already evaluated at x (not evaluated
    /// again): `valueEvaluationsPerGradient` f evaluations.
    func gradient(at x: UnsafeBufferPointer<Double>, value: Double, into gradient: UnsafeMutableBufferPointer<Double>)
}

/// Gives any objective a gradient by finite differences of f: for functions without a
/// gradient (an external program that prints only f), and to check one. The steps are the
/// actually representable ones, hᵢ = (xᵢ + hᵢ) − xᵢ, so the quotient divides by the step
/// that was taken. Not safe to evaluate from two threads at once (it keeps a work buffer).
///
/// On a box (`bounds`, issue 30) f is never evaluated outside it, as scipy's `approx_derivative`
/// does with bounds (`_adjust_scheme_to_bounds`, scipy/optimize/_numdiff.py), for x inside the box:
/// - central: where x ± h does not fit, the step shrinks to what fits on both sides when that is
///   at least the one-sided step min(h, d/2) (d: the room on the roomier side), else the difference
///   becomes the one-sided three-point formula gᵢ = (−3f(x) + 4f(x + h) − f(x + 2h)) / 2h
///   (N&W eq. 8.5's O(h²) one-sided counterpart) with h = min(h, d/2) pointing into the box:
///   2 evaluations either way;
/// - forward: where x + h leaves the box the step is reversed (x − h), and when neither fits it
///   goes to the farther bound: 1 evaluation;
/// - a variable fixed by equal bounds (lᵢ = uᵢ) is not differenced: gᵢ = 0 and no evaluation.
///   scipy's `minimize` removes such variables before the method sees them (`_remove_from_bounds`,
///   scipy ≥ 1.9), and on a box a zero component leaves the projected gradient unchanged there.
/// Every coordinate of every trial point is clipped into the box, so rounding cannot leave it.
/// `valueEvaluationsPerGradient` counts the free variables only, so counts stay exact.
public final class FiniteDifferenceGradient<Base: Objective>: DifferencedObjective {
    public let base: Base
    public let scheme: DifferenceScheme
    /// The box f is evaluated in (nil: everywhere).
    public let bounds: Bounds?
    public let valueEvaluationsPerGradient: Int
    private let point: UnsafeMutableBufferPointer<Double>

    public init(_ base: Base, scheme: DifferenceScheme = .central, bounds: Bounds? = nil) {
        self.base = base
        self.scheme = scheme
        self.bounds = bounds
        let fixed = bounds.map { b in b.lower.indices.count { b.lower[$0] == b.upper[$0] } } ?? 0
        valueEvaluationsPerGradient = scheme.valueEvaluationsPerGradient(dimension: base.dimension - fixed)
        point = .allocate(capacity: base.dimension)
        point.initialize(repeating: 0)
    }

    deinit { point.deallocate() }

    /// The same differences with f evaluated only inside `box`.
    public func confined(to box: Bounds) -> FiniteDifferenceGradient<Base> {
        FiniteDifferenceGradient(base, scheme: scheme, bounds: box)
    }

    public var dimension: Int { base.dimension }

    public func value(at x: UnsafeBufferPointer<Double>) -> Double { base.value(at: x) }

    /// f at x with xᵢ replaced by `xi` (clipped into [lo, hi]); the coordinate actually used.
    private func value(at xi: Double, _ i: Int, lo: Double, hi: Double) -> (f: Double, at: Double) {
        point[i] = min(max(xi, lo), hi)
        return (base.value(at: UnsafeBufferPointer(point)), point[i])
    }

    public func valueAndGradient(
        at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        let f = base.value(at: x)
        self.gradient(at: x, value: f, into: gradient)
        return f
    }

    public func gradient(
        at x: UnsafeBufferPointer<Double>, value f: Double, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        let n = dimension
        _ = point.update(fromContentsOf: x)
        for i in 0..<n {
            let xi = x[i]
            let lo = bounds?.lower[i] ?? -.infinity, hi = bounds?.upper[i] ?? .infinity
            if lo == hi {
                gradient[i] = 0
                continue
            }
            let below = xi - lo, above = hi - xi   // room on each side (x inside the box)
            switch scheme {
            case .central:
                var h = Self.cbrtEpsilon * max(1, abs(xi))
                if below >= h && above >= h {
                    gradient[i] = centralDifference(xi, h, i, lo: lo, hi: hi)
                } else {
                    // scipy's '2-sided' adjustment with num_steps = 1.
                    let forward = above >= below
                    h = min(h, 0.5 * (forward ? above : below))
                    if h <= min(below, above) {
                        gradient[i] = centralDifference(xi, min(below, above), i, lo: lo, hi: hi)
                    } else {
                        let sign = forward ? 1.0 : -1.0
                        let (f1, _) = value(at: xi + sign * h, i, lo: lo, hi: hi)
                        let (f2, x2) = value(at: xi + sign * 2 * h, i, lo: lo, hi: hi)
                        gradient[i] = (-3 * f + 4 * f1 - f2) / (x2 - xi)
                    }
                }
            case .forward:
                var h = Self.sqrtEpsilon * max(1, abs(xi))
                if h > above {
                    // scipy's '1-sided' adjustment: reverse, or the farther bound when h fits nowhere.
                    h = h <= below ? -h : (above >= below ? above : -below)
                }
                let (f1, x1) = value(at: xi + h, i, lo: lo, hi: hi)
                gradient[i] = (f1 - f) / (x1 - xi)
            }
            point[i] = xi
        }
    }

    /// (f(x + h eᵢ) − f(x − h eᵢ)) / (the representable distance between the two points).
    private func centralDifference(_ xi: Double, _ h: Double, _ i: Int, lo: Double, hi: Double) -> Double {
        let (fUp, up) = value(at: xi + h, i, lo: lo, hi: hi)
        let (fDown, down) = value(at: xi - h, i, lo: lo, hi: hi)
        return (fUp - fDown) / (up - down)
    }

    /// ε^{1/3} and ε^{1/2} for doubles.
    static var cbrtEpsilon: Double { 6.0554544523933395e-06 }
    static var sqrtEpsilon: Double { 1.4901161193847656e-08 }
}

/// An objective that evaluates f differently on a box (finite differences that stay inside it).
/// `minimize(_:from:bounds:…)` hands the solver `confinedObjective(to:)` of its box.
public protocol BoxConfinableObjective: Objective {
    /// The box f is evaluated in (nil: none, or the box makes no difference to this objective).
    var confinement: Bounds? { get }
    /// The same objective, evaluating f only inside `box`.
    func confinedObjective(to box: Bounds) -> any Objective
}

extension FiniteDifferenceGradient: BoxConfinableObjective {
    public var confinement: Bounds? { bounds }
    public func confinedObjective(to box: Bounds) -> any Objective { bounds == box ? self : confined(to: box) }
}

extension FiniteDifferenceGradient: FallibleObjective where Base: FallibleObjective {
    public var failure: EvaluationFailure? { base.failure }
}
