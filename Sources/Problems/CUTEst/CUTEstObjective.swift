import Optim

/// Where a CUTEst function's code sends its gradient: each term adds ∂(term)/∂xᵢ to entry i.
/// `GradientInto` accumulates into a buffer, `NoGradient` drops everything, so the same
/// hand-written code gives f alone, f and ∇f, or (run in `Dual`) ∇²f·v.
protocol GradientSink {
    associatedtype Scalar: ADScalar
    /// Whether the contributions are kept (false: the caller wants f only).
    var isActive: Bool { get }
    /// gᵢ += v.
    func add(_ i: Int, _ v: Scalar)
}

/// Accumulates into a zeroed buffer of n entries.
struct GradientInto<Scalar: ADScalar>: GradientSink {
    let buffer: UnsafeMutableBufferPointer<Scalar>
    var isActive: Bool { true }
    @inline(__always) func add(_ i: Int, _ v: Scalar) { buffer[i] = buffer[i] + v }
}

/// Drops the gradient: value-only evaluations.
struct NoGradient<Scalar: ADScalar>: GradientSink {
    var isActive: Bool { false }
    @inline(__always) func add(_ i: Int, _ v: Scalar) {}
}

/// The term (a − 1)², common to many SIF files, for the variable a = x[ia], with its gradient added to g.
@inline(__always)
func squaredOffset<T: ADScalar, G: GradientSink>(_ a: T, _ ia: Int, _ g: G) -> T where G.Scalar == T {
    let d = a - 1
    g.add(ia, 2 * d)
    return d * d
}

/// One CUTEst problem at a fixed n: f and its exact gradient written once, generic over the
/// arithmetic (`Double`, or `Dual` for Hessian-vector products), O(n) work, no allocation.
protocol CUTEstFunction: Sendable {
    var dimension: Int { get }
    /// The SIF file's START POINT.
    func start() -> [Double]
    /// f(x), with ∂f/∂xᵢ added into `gradient` (which the caller has zeroed).
    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ gradient: G) -> T where G.Scalar == T
}

/// A `CUTEstFunction` as an `Objective`: f and ∇f from the hand-written code in `Double`;
/// ∇²f·v exactly, as the derivative of that gradient code along v (one pass in dual numbers,
/// about twice the cost of a gradient); the dense Hessian from n such products.
///
/// The class is not generic: it keeps the three passes as closures made where the function's
/// type is known, so they run specialized (a generic class's protocol witnesses would run the
/// arithmetic through `ADScalar`'s witness table). The dual-number work buffers (2n) are
/// allocated on the first Hessian-vector product and kept, so one instance must not be
/// evaluated from two threads at once.
final class CUTEstObjective: HessianVectorObjective {
    let dimension: Int
    private let valueOnly: (UnsafeBufferPointer<Double>) -> Double
    private let withGradient: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Double
    private let dualPass: (UnsafeBufferPointer<Dual>, UnsafeMutableBufferPointer<Dual>) -> Void
    private var dualPoint: UnsafeMutableBufferPointer<Dual>?
    private var dualGradient: UnsafeMutableBufferPointer<Dual>?

    init<F: CUTEstFunction>(_ function: F) {
        dimension = function.dimension
        valueOnly = { x in function.evaluate(x, NoGradient<Double>()) }
        withGradient = { x, g in function.evaluate(x, GradientInto(buffer: g)) }
        dualPass = { x, g in _ = function.evaluate(x, GradientInto(buffer: g)) }
    }

    deinit {
        dualPoint?.deallocate()
        dualGradient?.deallocate()
    }

    var hessianSource: String { "exact (forward-mode derivative of the hand-written gradient)" }

    func value(at x: UnsafeBufferPointer<Double>) -> Double { valueOnly(x) }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        gradient.update(repeating: 0)
        return withGradient(x, gradient)
    }

    func hessianVectorProduct(at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
                              into out: UnsafeMutableBufferPointer<Double>) {
        if dualPoint == nil {
            dualPoint = .allocate(capacity: dimension)
            dualGradient = .allocate(capacity: dimension)
        }
        let point = dualPoint!, gradient = dualGradient!
        for i in 0..<dimension { point[i] = Dual(x[i], v[i]) }
        gradient.update(repeating: Dual(0))
        dualPass(UnsafeBufferPointer(point), gradient)
        for i in 0..<dimension { out[i] = gradient[i].derivative }
    }
}
