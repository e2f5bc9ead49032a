#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A smooth function f: ℝⁿ → ℝ to minimize.
///
/// The hot entry point is fused: one call returns f(x) and writes ∇f(x) into a buffer the
/// caller owns, so nothing is allocated per evaluation. Objectives that keep work buffers
/// (the quadratic's Qx, a network's activations) are classes; an instance is therefore
/// not safe to evaluate from two threads at once — build one instance per thread.
public protocol Objective {
    /// n, the number of variables.
    var dimension: Int { get }

    /// f(x).
    /// - Parameter x: the point, `dimension` elements.
    func value(at x: UnsafeBufferPointer<Double>) -> Double

    /// f(x), and ∇f(x) written into `gradient`.
    /// - Parameters:
    ///   - x: the point, `dimension` elements.
    ///   - gradient: receives ∇f(x), `dimension` elements; fully overwritten.
    /// - Returns: f(x).
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double
}

extension Objective {
    /// Fallback for objectives that only implement the fused entry point: evaluates the
    /// gradient into a temporary buffer. Objectives on a hot path implement `value(at:)`.
    public func value(at x: UnsafeBufferPointer<Double>) -> Double {
        let g = UnsafeMutableBufferPointer<Double>.allocate(capacity: dimension)
        defer { g.deallocate() }
        return valueAndGradient(at: x, gradient: g)
    }

    /// Convenience for tests and tools (allocates): f(x) and ∇f(x) at an array.
    public func evaluate(at x: [Double]) -> (f: Double, gradient: [Double]) {
        precondition(x.count == dimension, "evaluate: x has \(x.count) elements, the objective \(dimension)")
        var g = [Double](repeating: 0, count: dimension)
        let f = x.withUnsafeBufferPointer { xb in
            g.withUnsafeMutableBufferPointer { valueAndGradient(at: xb, gradient: $0) }
        }
        return (f, g)
    }

    /// Convenience for tests and tools: f(x) at an array.
    public func value(at x: [Double]) -> Double {
        precondition(x.count == dimension, "value: x has \(x.count) elements, the objective \(dimension)")
        return x.withUnsafeBufferPointer { value(at: $0) }
    }
}

/// Wraps an objective and counts every evaluation exactly: `valueEvaluations` counts calls
/// that computed f (fused calls included), `gradientEvaluations` calls that computed ∇f,
/// `hessianEvaluations` dense Hessians and `hessianVectorProducts` products ∇²f(x)v (Qv for a
/// quadratic) and `jacobianEvaluations` dense Jacobians of the residuals, for objectives that have them (the wrapper
/// conforms to `HessianObjective`, `HessianVectorObjective`, `QuadraticObjective` and `LeastSquaresObjective` when its
/// base does). A dense Hessian the base assembles from its own
/// products counts as one Hessian, not as n products.
/// The driver hands solvers and line searches this wrapper, so every `Result` reports the
/// true counts whatever the solver does.
///
/// A gradient by finite differences (`DifferencedObjective`) counts as one ∇f evaluation and
/// 1 + its difference evaluations as f evaluations; `gradient(at:value:into:)` (∇f at a point
/// whose f a line search already has, issue 27) as one ∇f evaluation and its difference
/// evaluations as f evaluations. `differenceEvaluations` is the part of `valueEvaluations` spent
/// on differences. Once a `FallibleObjective` base has failed, calls return NaN without
/// reaching it and are not counted.
package final class CountedObjective<Base: Objective>: DifferencedObjective {
    package let base: Base
    package internal(set) var valueEvaluations = 0
    package private(set) var gradientEvaluations = 0
    package private(set) var hessianEvaluations = 0
    package internal(set) var hessianVectorProducts = 0
    package internal(set) var jacobianEvaluations = 0
    /// Nanoseconds spent inside the base's evaluations (all kinds), on the monotonic clock.
    package internal(set) var objectiveNanoseconds: UInt64 = 0
    /// The f evaluations of `valueEvaluations` spent inside differenced gradients.
    package private(set) var differenceEvaluations = 0
    private let fallible: (any FallibleObjective)?
    private let differenced: (any DifferencedObjective)?
    /// f evaluations inside one of the base's gradients (0: analytic).
    package let valueEvaluationsPerGradient: Int
    /// Every f returned and the count at its return, when the run records them (`Options.recordValues`).
    package var history: ValueHistory?

    package init(_ base: Base) {
        self.base = base
        fallible = base as? any FallibleObjective
        differenced = base as? any DifferencedObjective
        valueEvaluationsPerGradient = differenced?.valueEvaluationsPerGradient ?? 0
    }

    @inlinable package var dimension: Int { base.dimension }

    /// The base's evaluation failure, if it is fallible and has failed.
    package var failure: EvaluationFailure? { fallible?.failure }

    /// Seconds spent inside the base's evaluations so far.
    package var objectiveSeconds: Double { Double(objectiveNanoseconds) * 1e-9 }

    /// Runs one evaluation of the base, adding its time to `objectiveNanoseconds` (two reads
    /// of CLOCK_MONOTONIC, some 40 ns, per evaluation).
    @inline(__always) func timed<T>(_ evaluation: () -> T) -> T {
        let started = Self.now()
        let result = evaluation()
        objectiveNanoseconds &+= Self.now() &- started
        return result
    }

    @inline(__always) static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    package func value(at x: UnsafeBufferPointer<Double>) -> Double {
        if let fallible, fallible.failure != nil { return .nan }
        valueEvaluations += 1
        let value = timed { base.value(at: x) }
        if history != nil { history?.append(evaluations: valueEvaluations, value: value) }
        return value
    }

    package func valueAndGradient(
        at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        if let fallible, fallible.failure != nil {
            gradient.update(repeating: .nan)
            return .nan
        }
        valueEvaluations += 1 + valueEvaluationsPerGradient
        differenceEvaluations += valueEvaluationsPerGradient
        gradientEvaluations += 1
        let value = timed { base.valueAndGradient(at: x, gradient: gradient) }
        if history != nil { history?.append(evaluations: valueEvaluations, value: value) }
        return value
    }

    /// ∇f(x) given f(x) = `value`: the base's differences alone when it has them, else its fused
    /// evaluation (f is then evaluated and counted again).
    package func gradient(
        at x: UnsafeBufferPointer<Double>, value: Double, into gradient: UnsafeMutableBufferPointer<Double>
    ) {
        guard let differenced, valueEvaluationsPerGradient > 0 else {
            _ = valueAndGradient(at: x, gradient: gradient)
            return
        }
        if let fallible, fallible.failure != nil {
            gradient.update(repeating: .nan)
            return
        }
        valueEvaluations += valueEvaluationsPerGradient
        differenceEvaluations += valueEvaluationsPerGradient
        gradientEvaluations += 1
        timed { differenced.gradient(at: x, value: value, into: gradient) }
    }
}

/// An objective that provides its Hessian ∇²f(x) as a dense n × n matrix.
public protocol HessianObjective: Objective {
    /// Writes ∇²f(x) into `hessian`, row-major, n × n, both triangles.
    func hessian(at x: UnsafeBufferPointer<Double>, into hessian: UnsafeMutableBufferPointer<Double>)
    /// How the Hessian is obtained, for reports ("analytic" unless said otherwise).
    var hessianSource: String { get }
}

extension HessianObjective {
    public var hessianSource: String { "analytic" }
}

/// An objective that provides Hessian-vector products ∇²f(x)v without forming ∇²f (for
/// networks, Pearlmutter's R-operator). The dense Hessian follows from n products with the
/// unit vectors, which is what the default `hessian(at:into:)` does.
public protocol HessianVectorObjective: HessianObjective {
    /// out ← ∇²f(x) v.
    /// - Parameters:
    ///   - x: the point, `dimension` elements.
    ///   - v: the direction, `dimension` elements.
    ///   - out: receives ∇²f(x)v, `dimension` elements; fully overwritten.
    func hessianVectorProduct(at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
                              into out: UnsafeMutableBufferPointer<Double>)
}

extension HessianVectorObjective {
    /// ∇²f(x) assembled from n Hessian-vector products (column j = ∇²f(x)eⱼ).
    public func hessian(at x: UnsafeBufferPointer<Double>, into hessian: UnsafeMutableBufferPointer<Double>) {
        assembleColumns(dimension: dimension, into: hessian) { unit, column in
            hessianVectorProduct(at: x, direction: unit, into: column)
        }
    }
}

/// A quadratic f(x) = ½xᵀQx − bᵀx (Q symmetric positive definite): its Hessian Q is constant
/// and available as products Qv, which is what linear conjugate gradient and the exact line
/// search need.
public protocol QuadraticObjective: HessianVectorObjective {
    /// out ← Qv.
    func multiplyHessian(_ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>)
    /// out ← diag(Q) (for the Jacobi preconditioner).
    func hessianDiagonal(into out: UnsafeMutableBufferPointer<Double>)
}

extension QuadraticObjective {
    /// ∇²f(x)v = Qv at every x.
    public func hessianVectorProduct(at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
                                     into out: UnsafeMutableBufferPointer<Double>) {
        multiplyHessian(v, into: out)
    }
}

/// An objective that gives directional derivatives ∇f(x)·v by forward-mode automatic
/// differentiation (one sweep of dual numbers, no difference quotient).
public protocol DirectionalDerivativeObjective: Objective {
    /// f(x) and ∇f(x)·v.
    /// - Parameters:
    ///   - x: the point, `dimension` elements.
    ///   - v: the direction, `dimension` elements.
    func directionalDerivative(
        at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>
    ) -> (value: Double, derivative: Double)
}

/// An objective that is a mean over samples, f(x) = (1/N) Σᵢ fᵢ(x) (+ a regularizer), and can
/// be evaluated on a mini-batch. An epoch is one pass over the N samples.
public protocol StochasticObjective: Objective {
    /// N.
    var sampleCount: Int { get }

    /// The mean loss over `samples` (indices in 0..<N, plus the regularizer) and its gradient.
    /// `training` turns on training-only randomness such as dropout.
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, samples: UnsafeBufferPointer<Int>, training: Bool,
                          gradient: UnsafeMutableBufferPointer<Double>) -> Double
}

extension CountedObjective: HessianObjective where Base: HessianObjective {
    package var hessianSource: String { base.hessianSource }

    package func hessian(at x: UnsafeBufferPointer<Double>, into hessian: UnsafeMutableBufferPointer<Double>) {
        hessianEvaluations += 1
        timed { base.hessian(at: x, into: hessian) }
    }
}

extension CountedObjective: HessianVectorObjective where Base: HessianVectorObjective {
    package func hessianVectorProduct(at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
                                     into out: UnsafeMutableBufferPointer<Double>) {
        hessianVectorProducts += 1
        timed { base.hessianVectorProduct(at: x, direction: v, into: out) }
    }
}

extension CountedObjective: QuadraticObjective where Base: QuadraticObjective {
    package func multiplyHessian(_ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        hessianVectorProducts += 1
        timed { base.multiplyHessian(v, into: out) }
    }

    package func hessianDiagonal(into out: UnsafeMutableBufferPointer<Double>) {
        timed { base.hessianDiagonal(into: out) }
    }
}
