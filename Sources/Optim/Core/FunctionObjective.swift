/// An objective made of the caller's closures, so a function can be minimized without
/// writing a type:
///
/// ```swift
/// let rosenbrock = FunctionObjective(dimension: 2) { x, gradient in
///     let a = 1 - x[0], b = x[1] - x[0] * x[0]
///     if let gradient {
///         gradient[0] = -2 * a - 400 * x[0] * b
///         gradient[1] = 200 * b
///     }
///     return a * a + 100 * b * b
/// }
/// let result = try minimize(rosenbrock, from: [-1.2, 1])
/// ```
///
/// Two forms:
/// - **buffers** (`init(dimension:_:)`): the closure reads x and, when the gradient buffer is
///   not nil, fills all of it. Nothing is allocated per evaluation.
/// - **arrays** (`init(dimension:value:gradient:differences:)`): closures on `[Double]`. Each
///   evaluation copies x into an array this object keeps (no allocation unless the closure
///   keeps that array), and the gradient closure allocates the array it returns. Without a
///   gradient closure, ∇f comes from finite differences of f (`FiniteDifferenceGradient`:
///   2n extra f evaluations per gradient for central differences, which the result's
///   `valueEvaluations` counts). A gradient of the wrong length does not trap: it sets
///   `failure`, and `minimize` ends the run with status `evaluationFailed` at the last
///   accepted iterate.
///
/// Like other objectives that keep work buffers, an instance is not safe to evaluate from
/// two threads at once.
public final class FunctionObjective: DifferencedObjective, FallibleObjective, BoxConfinableObjective {
    /// f(x); when `gradient` is not nil, ∇f(x) written into all of its `dimension` elements.
    public typealias Evaluation = (_ x: UnsafeBufferPointer<Double>, _ gradient: UnsafeMutableBufferPointer<Double>?) ->
        Double

    public let dimension: Int
    /// Where ∇f comes from, for reports: "analytic", "central differences", "forward differences".
    public let gradientSource: String
    /// Set once the array form's gradient closure returned the wrong number of elements;
    /// later evaluations return NaN without calling the closures.
    public private(set) var failure: EvaluationFailure?

    private enum Body {
        case buffers(Evaluation)
        case arrays(value: ([Double]) -> Double, gradient: (([Double]) -> [Double])?)
    }

    private let body: Body
    /// The array form's copy of x, reused by every evaluation.
    private var point: [Double]
    /// The array form without a gradient closure differences f through this.
    private var differences: FiniteDifferenceGradient<ValueOf>?
    /// The box the differences stay inside (nil: none, or ∇f is analytic).
    public var confinement: Bounds? { differences?.bounds }

    /// An objective from one closure on buffers (no allocation per evaluation).
    /// - Parameters:
    ///   - dimension: n, the number of variables.
    ///   - evaluate: returns f(x) for x (`dimension` elements); when its gradient argument is
    ///     not nil (always, except for f-only evaluations such as `value(at:)`), it must
    ///     overwrite all `dimension` elements with ∇f(x).
    public init(dimension: Int, _ evaluate: @escaping Evaluation) {
        self.dimension = dimension
        body = .buffers(evaluate)
        gradientSource = "analytic"
        point = []
    }

    /// An objective from closures on arrays (allocates: see the type's documentation).
    /// - Parameters:
    ///   - dimension: n, the number of variables.
    ///   - value: f(x), for x with `dimension` elements.
    ///   - gradient: ∇f(x), `dimension` elements; nil to difference f instead.
    ///   - differences: the difference scheme when `gradient` is nil (central: error about
    ///     ε^{2/3} relative, 2n f evaluations per gradient; N&W section 8.1).
    ///   - bounds: the box f may be evaluated in (nil: everywhere): the differences step inward at
    ///     an active bound and leave a variable fixed by equal bounds alone (gᵢ = 0), as
    ///     `FiniteDifferenceGradient` describes. `minimize(_:from:bounds:…)` passes its box on
    ///     itself (`confinedObjective(to:)`).
    public init(dimension: Int, value: @escaping ([Double]) -> Double, gradient: (([Double]) -> [Double])? = nil,
                differences scheme: DifferenceScheme = .central, bounds: Bounds? = nil) {
        self.dimension = dimension
        body = .arrays(value: value, gradient: gradient)
        gradientSource = gradient == nil ? scheme.summary : "analytic"
        point = [Double](repeating: 0, count: dimension)
        if gradient == nil {
            differences = FiniteDifferenceGradient(ValueOf(owner: self), scheme: scheme, bounds: bounds)
        }
    }

    /// f evaluations inside one gradient besides f(x): 2n or n with differences (the free
    /// variables only on a box), else 0.
    public var valueEvaluationsPerGradient: Int { differences?.valueEvaluationsPerGradient ?? 0 }

    /// ∇f(x) given f(x) = `value`: the differences alone (f is not evaluated again); with a
    /// gradient closure, a full evaluation.
    public func gradient(
        at x: UnsafeBufferPointer<Double>, value: Double, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        guard failure == nil, let differences else {
            _ = valueAndGradient(at: x, gradient: gradient)
            return
        }
        differences.gradient(at: x, value: value, into: gradient)
    }

    public func value(at x: UnsafeBufferPointer<Double>) -> Double {
        if failure != nil { return .nan }
        switch body {
        case .buffers(let evaluate):
            return evaluate(x, nil)
        case .arrays(let value, _):
            copyPoint(x)
            return value(point)
        }
    }

    public func valueAndGradient(
        at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        if failure != nil {
            gradient.update(repeating: .nan)
            return .nan
        }
        switch body {
        case .buffers(let evaluate):
            return evaluate(x, gradient)
        case .arrays(let value, let gradientOf):
            guard let gradientOf else {
                return differences.unsafelyUnwrapped.valueAndGradient(at: x, gradient: gradient)
            }
            copyPoint(x)
            let f = value(point)
            let g = gradientOf(point)
            guard g.count == dimension else {
                failure = EvaluationFailure("the gradient has \(g.count) elements, expected \(dimension)")
                gradient.update(repeating: .nan)
                return .nan
            }
            _ = gradient.update(fromContentsOf: g)
            return f
        }
    }

    /// The same closures with the differences confined to `box` (itself when ∇f is analytic or
    /// the differences already use `box`).
    public func confinedObjective(to box: Bounds) -> any Objective {
        guard let differences, differences.bounds != box, case .arrays(let value, let gradient) = body else {
            return self
        }
        return FunctionObjective(
            dimension: dimension, value: value, gradient: gradient, differences: differences.scheme, bounds: box)
    }

    private func copyPoint(_ x: UnsafeBufferPointer<Double>) {
        point.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: x) }
    }

    /// f of the owning objective, seen by `FiniteDifferenceGradient` (which only asks for f;
    /// its gradient is the owner's, so it is a complete objective all the same). Unowned: the
    /// owner holds the differencer that holds this.
    struct ValueOf: Objective {
        unowned let owner: FunctionObjective
        var dimension: Int { owner.dimension }
        func value(at x: UnsafeBufferPointer<Double>) -> Double { owner.value(at: x) }
        func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double
        {
            owner.valueAndGradient(at: x, gradient: gradient)
        }
    }
}
