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
/// that `CountedObjective` reports them as f evaluations.
public protocol DifferencedObjective: Objective {
    /// f evaluations inside one `valueAndGradient`, besides f(x) itself.
    var valueEvaluationsPerGradient: Int { get }
}

/// Gives any objective a gradient by finite differences of f: for functions without a
/// gradient (an external program that prints only f), and to check one. The steps are the
/// actually representable ones, hᵢ = (xᵢ + hᵢ) − xᵢ, so the quotient divides by the step
/// that was taken. Not safe to evaluate from two threads at once (it keeps a work buffer).
public final class FiniteDifferenceGradient<Base: Objective>: DifferencedObjective {
    public let base: Base
    public let scheme: DifferenceScheme
    private let point: UnsafeMutableBufferPointer<Double>

    public init(_ base: Base, scheme: DifferenceScheme = .central) {
        self.base = base
        self.scheme = scheme
        point = .allocate(capacity: base.dimension)
        point.initialize(repeating: 0)
    }

    deinit { point.deallocate() }

    public var dimension: Int { base.dimension }
    public var valueEvaluationsPerGradient: Int { scheme.valueEvaluationsPerGradient(dimension: base.dimension) }

    public func value(at x: UnsafeBufferPointer<Double>) -> Double { base.value(at: x) }

    public func valueAndGradient(
        at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        let n = dimension
        let f = base.value(at: x)
        _ = point.update(fromContentsOf: x)
        let readOnly = UnsafeBufferPointer(point)
        for i in 0..<n {
            let xi = x[i]
            switch scheme {
            case .central:
                let h = Self.cbrtEpsilon * max(1, abs(xi))
                point[i] = xi + h
                let up = point[i]
                let fUp = base.value(at: readOnly)
                point[i] = xi - h
                let down = point[i]
                let fDown = base.value(at: readOnly)
                gradient[i] = (fUp - fDown) / (up - down)
            case .forward:
                let h = Self.sqrtEpsilon * max(1, abs(xi))
                point[i] = xi + h
                let up = point[i]
                gradient[i] = (base.value(at: readOnly) - f) / (up - xi)
            }
            point[i] = xi
        }
        return f
    }

    /// ε^{1/3} and ε^{1/2} for doubles.
    static var cbrtEpsilon: Double { 6.0554544523933395e-06 }
    static var sqrtEpsilon: Double { 1.4901161193847656e-08 }
}

extension FiniteDifferenceGradient: FallibleObjective where Base: FallibleObjective {
    public var failure: EvaluationFailure? { base.failure }
}
