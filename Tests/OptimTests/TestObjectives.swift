import Foundation
@testable import Optim

/// f(x) = ½ Σ λᵢ(xᵢ − cᵢ)², a diagonal quadratic whose minimizer c is known exactly.
struct DiagonalQuadratic: Objective {
    let curvatures: [Double]
    let center: [Double]
    var dimension: Int { curvatures.count }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        var f = 0.0
        for i in 0..<dimension {
            let r = x[i] - center[i]
            gradient[i] = curvatures[i] * r
            f += 0.5 * curvatures[i] * r * r
        }
        return f
    }
}

/// 2-D Rosenbrock, written out independently of the Problems library.
struct Rosenbrock2: Objective {
    var dimension: Int { 2 }
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>) -> Double {
        let a = 1 - x[0], b = x[1] - x[0] * x[0]
        g[0] = -2 * a - 400 * x[0] * b
        g[1] = 200 * b
        return a * a + 100 * b * b
    }
}

/// Wraps an objective and returns NaN once x₀ exceeds `limit` — a function with a wall.
struct Walled<Base: Objective>: Objective {
    let base: Base
    let limit: Double
    var dimension: Int { base.dimension }
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        let f = base.valueAndGradient(at: x, gradient: gradient)
        return x[0] > limit ? .nan : f
    }
}

/// Counts calls independently of the driver's own counter.
final class CallCounter<Base: Objective>: Objective {
    let base: Base
    var calls = 0
    init(_ base: Base) { self.base = base }
    var dimension: Int { base.dimension }
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        calls += 1
        return base.valueAndGradient(at: x, gradient: gradient)
    }
}

/// A diagonal quadratic that declares itself a `QuadraticObjective` (Q = diag(λ), b = λ∘c).
struct DiagonalQuadraticWithHessian: QuadraticObjective {
    let curvatures: [Double]
    let center: [Double]
    var dimension: Int { curvatures.count }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        DiagonalQuadratic(curvatures: curvatures, center: center).valueAndGradient(at: x, gradient: gradient)
    }

    func multiplyHessian(_ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<dimension { out[i] = curvatures[i] * v[i] }
    }

    func hessianDiagonal(into out: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<dimension { out[i] = curvatures[i] }
    }
}
