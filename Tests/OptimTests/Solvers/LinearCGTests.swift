import Foundation
import Testing
@testable import Optim

@Suite struct LinearCGTests {
    /// In exact arithmetic CG ends in n = 50 iterations. In floating point, on a log-spaced
    /// spectrum with κ = 10³ the loss of orthogonality delays that (a textbook numpy CG needs
    /// 103 iterations on such a matrix; scripts/reference/cg-finite-precision.py). Bound: 3n.
    @Test(arguments: [false, true])
    func solvesAnSPDSystemToTenDigits(_ jacobi: Bool) throws {
        let q = try TestQuadratic.random(dimension: 50, conditionNumber: 1e3, seed: 4)
        let result = try minimize(q, from: Array(repeating: 0, count: 50), using: LinearCG(jacobi: jacobi),
                                  options: Options(gradientTolerance: 1e-11 * norm(q.b), maxIterations: 150))
        // The true residual b − Qx, recomputed here, not the solver's recursive one.
        let residual = norm(q.evaluate(at: result.x).gradient)
        #expect(result.status == .convergedGradient && result.iterations <= 150)
        #expect(residual <= 1e-10 * norm(q.b), "residual \(residual)")
        // f at x₀, and f at the returned x (the recursion's f is replaced by x's own).
        #expect(
            result.valueEvaluations == 2 && result.hessianVectorProducts == result.iterations
                && result.hessianEvaluations == 0)
        #expect(result.value == q.value(at: result.x))
    }

    /// On an ill-conditioned Q the recursion for f drifts from f(x) in the 6th digit; the
    /// result reports f(x) itself, in the summary and the trace's last row alike.
    @Test func reportsFAtTheReturnedPoint() throws {
        let q = try TestQuadratic.random(dimension: 50, conditionNumber: 1e16, seed: 1)
        let result = try minimize(
            q, from: Array(repeating: 0, count: 50), using: LinearCG(), options: Options(maxIterations: 200))
        #expect(result.value == q.value(at: result.x))
        #expect(result.trace.last?.value == result.value)
    }

    @Test(arguments: [2, 3, 5])
    func terminatesInAsManyIterationsAsDistinctEigenvalues(_ k: Int) throws {
        // Q = V diag(λ) Vᵀ with λ taking k distinct values on n = 40.
        let n = 40
        let q = try TestQuadratic.random(dimension: n, spectrum: (0..<n).map { Double(1 + 3 * ($0 % k)) }, seed: 17)
        let result = try minimize(q, from: Array(repeating: 0, count: n), using: LinearCG(),
                                  options: Options(gradientTolerance: 0, maxIterations: k))
        let residual = norm(q.evaluate(at: result.x).gradient)
        #expect(residual <= 1e-10 * norm(q.b), "k = \(k): residual after k iterations \(residual)")
        // One iteration fewer is not enough.
        let early = try minimize(q, from: Array(repeating: 0, count: n), using: LinearCG(),
                                 options: Options(gradientTolerance: 0, maxIterations: k - 1))
        #expect(norm(q.evaluate(at: early.x).gradient) > 1e-3 * norm(q.b))
    }

    @Test func jacobiHelpsABadlyScaledSystem() throws {
        // D A D with A well conditioned and D spanning three orders of magnitude.
        let a = try TestQuadratic.random(dimension: 60, conditionNumber: 10, seed: 2)
        let d = (0..<60).map { pow(10, 3 * Double($0) / 59) }
        var hessian = a.q
        for i in 0..<60 { for j in 0..<60 { hessian[i, j] *= d[i] * d[j] } }
        let q = try TestQuadratic(q: hessian, b: a.b)
        let options = Options(gradientTolerance: 1e-8, maxIterations: 2000)
        let plain = try minimize(q, from: Array(repeating: 0, count: 60), using: LinearCG(), options: options)
        let jacobi = try minimize(
            q, from: Array(repeating: 0, count: 60), using: LinearCG(jacobi: true), options: options)
        #expect(jacobi.status == .convergedGradient)
        #expect(jacobi.iterations * 3 < plain.iterations, "Jacobi \(jacobi.iterations) vs plain \(plain.iterations)")
    }

    @Test func nonPositiveCurvatureIsItsOwnFailure() throws {
        // An indefinite "quadratic" (Q = diag(1, −1)): from 0 the first direction p = (1, 1) has pᵀQp = 0.
        struct Indefinite: QuadraticObjective {
            var dimension: Int { 2 }
            func multiplyHessian(_ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
                out[0] = v[0]
                out[1] = -v[1]
            }
            func hessianDiagonal(into out: UnsafeMutableBufferPointer<Double>) { out[0] = 1; out[1] = -1 }
            func valueAndGradient(
                at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>
            ) -> Double {
                g[0] = x[0] - 1
                g[1] = -x[1] - 1
                return 0.5 * (x[0] * x[0] - x[1] * x[1]) - x[0] - x[1]
            }
        }
        let result = try minimize(Indefinite(), from: [0, 0], using: LinearCG())
        #expect(result.status == .nonPositiveCurvature && result.iterations == 0)
        #expect(result.detail == "non-positive curvature pᵀQp = 0.0 along the search direction")
    }
}
