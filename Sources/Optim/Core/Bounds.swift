/// Box constraints lᵢ ≤ xᵢ ≤ uᵢ, one pair per variable; −∞ / +∞ where a side is absent.
///
/// The feasible set is the box B = {x : l ≤ x ≤ u}; P is the projection onto it
/// (componentwise clipping). First-order optimality at x ∈ B is P(x − ∇f(x)) = x (Byrd, Lu,
/// Nocedal & Zhu, SIAM J. Sci. Comput. 16(5), 1995, section 6), measured by the projected
/// gradient norm ‖P(x − ∇f) − x‖∞ (L-BFGS-B's `projgr`).
public struct Bounds: Sendable, Equatable {
    public let lower: [Double]
    public let upper: [Double]

    /// - Throws: `BoundsError` when the arrays differ in length, a bound is NaN, a lower bound is
    ///   +∞ or an upper bound −∞, or lᵢ > uᵢ (the first offending index).
    public init(lower: [Double], upper: [Double]) throws(BoundsError) {
        guard lower.count == upper.count else { throw .lengthMismatch(lower: lower.count, upper: upper.count) }
        for i in lower.indices {
            if lower[i].isNaN || lower[i] == .infinity { throw .invalidLower(index: i, value: lower[i]) }
            if upper[i].isNaN || upper[i] == -.infinity { throw .invalidUpper(index: i, value: upper[i]) }
            if lower[i] > upper[i] { throw .crossed(index: i, lower: lower[i], upper: upper[i]) }
        }
        self.lower = lower
        self.upper = upper
    }

    /// Bounds already known to be valid, unchecked.
    private init(validLower lower: [Double], upper: [Double]) {
        self.lower = lower
        self.upper = upper
    }

    /// No bound on any of `dimension` variables (−∞ and +∞ pass every check of `init`).
    public static func unbounded(dimension: Int) -> Bounds {
        Bounds(
            validLower: Array(repeating: -.infinity, count: dimension),
            upper: Array(repeating: .infinity, count: dimension))
    }

    public var dimension: Int { lower.count }

    /// Whether some variable has a finite bound (L-BFGS-B's `cnstnd`).
    public var constrains: Bool { lower.contains { $0.isFinite } || upper.contains { $0.isFinite } }

    /// Whether every variable has both bounds finite (L-BFGS-B's `boxed`).
    public var boxesEveryVariable: Bool { lower.allSatisfy(\.isFinite) && upper.allSatisfy(\.isFinite) }

    /// P(x): x clipped into the box.
    public func project(_ x: [Double]) -> [Double] {
        precondition(x.count == dimension, "project: x has \(x.count) elements, the bounds \(dimension)")
        return x.indices.map { min(max(x[$0], lower[$0]), upper[$0]) }
    }

    /// Clips `x` into the box in place.
    @inlinable public func clip(_ x: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<x.count { x[i] = min(max(x[i], lower[i]), upper[i]) }
    }

    /// ‖P(x − g) − x‖∞ for x in the box: gᵢ where xᵢ may move against it, else the distance to the
    /// bound it pushes towards (as `projgr` computes it). A NaN gradient gives NaN.
    public func projectedGradientNorm(x: UnsafeBufferPointer<Double>, gradient g: UnsafeBufferPointer<Double>) -> Double
    {
        var norm = 0.0
        for i in 0..<g.count {
            var gi = g[i]
            if gi.isNaN { return .nan }
            if gi < 0 { gi = max(x[i] - upper[i], gi) } else { gi = min(x[i] - lower[i], gi) }
            norm = max(norm, abs(gi))
        }
        return norm
    }

    /// Which bound each variable of `x` sits on (exact equality: L-BFGS-B puts active
    /// variables exactly on their bounds).
    public func activeSet(at x: [Double]) -> [ActiveBound] {
        x.indices.compactMap { i in
            if lower[i] == upper[i] && x[i] == lower[i] { return ActiveBound(index: i, side: .fixed, value: x[i]) }
            if x[i] == lower[i] { return ActiveBound(index: i, side: .lower, value: x[i]) }
            if x[i] == upper[i] { return ActiveBound(index: i, side: .upper, value: x[i]) }
            return nil
        }
    }
}

/// A bound that binds at a point: variable `index` equals its lower or upper bound (or both, when
/// they coincide).
public struct ActiveBound: Sendable, Equatable {
    public enum Side: String, Sendable { case lower, upper, fixed }
    public let index: Int
    public let side: Side
    public let value: Double

    public init(index: Int, side: Side, value: Double) {
        self.index = index
        self.side = side
        self.value = value
    }
}

/// Why bounds are malformed; indices are 0-based.
public enum BoundsError: Error, Equatable, Sendable, CustomStringConvertible {
    case lengthMismatch(lower: Int, upper: Int)
    /// The bounds have `given` entries for a problem of `expected` variables.
    case wrongLength(given: Int, expected: Int)
    case invalidLower(index: Int, value: Double)
    case invalidUpper(index: Int, value: Double)
    case crossed(index: Int, lower: Double, upper: Double)

    public var description: String {
        switch self {
        case .lengthMismatch(let l, let u): "the lower bounds have \(l) entries and the upper bounds \(u)"
        case .wrongLength(let given, let expected):
            "the bounds have \(given) entries but the problem has \(expected) variables"
        case .invalidLower(let i, let v): "lower bound \(i) is \(v): expected a number or −∞"
        case .invalidUpper(let i, let v): "upper bound \(i) is \(v): expected a number or +∞"
        case .crossed(let i, let l, let u):
            "lower bound \(i) (\(NumberStyle.format(l))) is above upper bound \(i) (\(NumberStyle.format(u)))"
        }
    }
}
