import CLapack
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

/// 2-D Rosenbrock with its analytic Hessian [[1200x² − 400y + 2, −400x], [−400x, 200]].
struct Rosenbrock2WithHessian: HessianObjective {
    var dimension: Int { 2 }
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>) -> Double {
        Rosenbrock2().valueAndGradient(at: x, gradient: g)
    }
    func hessian(at x: UnsafeBufferPointer<Double>, into h: UnsafeMutableBufferPointer<Double>) {
        h[0] = 1200 * x[0] * x[0] - 400 * x[1] + 2
        h[1] = -400 * x[0]
        h[2] = -400 * x[0]
        h[3] = 200
    }
}

/// f(x) = ½xᵀQx − bᵀx for a given symmetric positive definite Q, with plain loops (no BLAS,
/// independent of the Problems library); x* = Q⁻¹b from LAPACKE's Cholesky solve (`dposv`
/// called here, not through Optim's `Cholesky`, so the reference is independent of Optim).
final class TestQuadratic: QuadraticObjective {
    let q: Matrix
    let b: [Double]
    let minimizer: [Double]
    /// f* = −½ bᵀx*.
    let minimum: Double
    var dimension: Int { b.count }

    init(q: Matrix, b: [Double]) throws {
        self.q = q
        self.b = b
        var factor = q.elements, solution = b
        let n = Int32(b.count)
        let info = LAPACKE_dposv(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), n, 1, &factor, n, &solution, 1)
        guard info == 0 else { throw LinalgError.notPositiveDefinite(order: Int(info)) }
        minimizer = solution
        minimum = -0.5 * zip(b, minimizer).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Q = V diag(λ) Vᵀ, λ log-spaced in [1, cond] (or `spectrum` when given), V the orthogonal
    /// factor of a Gaussian matrix; b Gaussian. Seeded.
    static func random(
        dimension n: Int, conditionNumber cond: Double = 1, spectrum: [Double]? = nil, seed: UInt64
    ) throws -> TestQuadratic {
        var rng = SeededGenerator(seed: seed)
        let gaussian = Matrix(rows: n, columns: n, elements: (0..<(n * n)).map { _ in rng.normal() })
        let v = try gaussian.orthogonalFactor()
        let lambda = spectrum ?? (0..<n).map { n == 1 ? 1 : pow(cond, Double($0) / Double(n - 1)) }
        var scaled = v
        for i in 0..<n { for j in 0..<n { scaled[i, j] *= lambda[j] } }
        var q = scaled * v.transposed
        q.symmetrize()
        return try TestQuadratic(q: q, b: (0..<n).map { _ in rng.normal() })
    }

    func multiplyHessian(_ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        let n = dimension
        for i in 0..<n { out[i] = (0..<n).reduce(0.0) { $0 + q[i, $1] * v[$1] } }
    }

    func hessianDiagonal(into out: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<dimension { out[i] = q[i, i] }
    }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>) -> Double {
        multiplyHessian(x, into: g)
        var f = 0.0
        for i in 0..<dimension {
            f += x[i] * (0.5 * g[i] - b[i])
            g[i] -= b[i]
        }
        return f
    }
}
