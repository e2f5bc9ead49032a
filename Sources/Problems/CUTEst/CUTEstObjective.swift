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
/// The dual-number work buffers (2n) are allocated on the first Hessian-vector product and
/// kept, so one instance must not be evaluated from two threads at once.
final class CUTEstObjective<F: CUTEstFunction>: HessianVectorObjective {
    let function: F
    public let dimension: Int
    private var dualPoint: UnsafeMutableBufferPointer<Dual>?
    private var dualGradient: UnsafeMutableBufferPointer<Dual>?

    init(_ function: F) {
        self.function = function
        dimension = function.dimension
    }

    deinit {
        dualPoint?.deallocate()
        dualGradient?.deallocate()
    }

    public var hessianSource: String { "exact (forward-mode derivative of the hand-written gradient)" }

    public func value(at x: UnsafeBufferPointer<Double>) -> Double {
        function.evaluate(x, NoGradient<Double>())
    }

    public func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        gradient.update(repeating: 0)
        return function.evaluate(x, GradientInto(buffer: gradient))
    }

    public func hessianVectorProduct(at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
                                     into out: UnsafeMutableBufferPointer<Double>) {
        if dualPoint == nil {
            dualPoint = .allocate(capacity: dimension)
            dualGradient = .allocate(capacity: dimension)
        }
        let point = dualPoint!, gradient = dualGradient!
        for i in 0..<dimension { point[i] = Dual(x[i], v[i]) }
        gradient.update(repeating: Dual(0))
        _ = function.evaluate(UnsafeBufferPointer(point), GradientInto(buffer: gradient))
        for i in 0..<dimension { out[i] = gradient[i].derivative }
    }
}
