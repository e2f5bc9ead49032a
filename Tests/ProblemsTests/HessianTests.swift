import Optim
import Problems
import Testing

@Suite struct HessianTests {
    func denseHessian(_ f: some HessianObjective, at x: [Double]) -> Matrix {
        let n = f.dimension
        var elements = [Double](repeating: 0, count: n * n)
        x.withUnsafeBufferPointer { xb in elements.withUnsafeMutableBufferPointer { f.hessian(at: xb, into: $0) } }
        return Matrix(rows: n, columns: n, elements: elements)
    }

    /// max |H − H_fd| / max(1, max |H_fd|).
    func error(_ a: Matrix, _ b: Matrix) -> Double {
        let scale = max(1, b.elements.map(abs).max() ?? 0)
        return zip(a.elements, b.elements).map { abs($0 - $1) }.max()! / scale
    }

    @Test(arguments: [2, 5, 30])
    func rosenbrockHessianMatchesFiniteDifferencesOfTheGradient(_ n: Int) {
        let f = Rosenbrock(dimension: n)
        for x in [f.standardStart, Array(repeating: 1, count: n)]
            + GradientTests.randomPoints(n, count: 3, seed: 21, scale: 1.5)
        {
            #expect(error(denseHessian(f, at: x), centralDifferenceHessian(f, at: x)) <= 1e-7, "n = \(n)")
        }
        // At the minimizer of the 2-D function: [[802, −400], [−400, 200]].
        #expect(denseHessian(Rosenbrock(dimension: 2), at: [1, 1]).elements == [802, -400, -400, 200])
    }

    @Test func quadraticHessianIsQAndMatchesFiniteDifferences() throws {
        let q = try Quadratic.random(dimension: 12, conditionNumber: 100, seed: 14)
        let x = GradientTests.randomPoints(12, count: 1, seed: 2, scale: 1)[0]
        #expect(denseHessian(q, at: x) == q.hessian)
        #expect(error(denseHessian(q, at: x), centralDifferenceHessian(q, at: x)) <= 1e-8)
        // The protocol's default assembly from products Qv agrees with the stored Q.
        struct Products: QuadraticObjective {
            let q: Quadratic
            var dimension: Int { q.dimension }
            func valueAndGradient(
                at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
            ) -> Double {
                q.valueAndGradient(at: x, gradient: gradient)
            }
            func multiplyHessian(_ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
                q.multiplyHessian(v, into: out)
            }
            func hessianDiagonal(into out: UnsafeMutableBufferPointer<Double>) { q.hessianDiagonal(into: out) }
        }
        let assembled = denseHessian(Products(q: q), at: x)
        #expect(zip(assembled.elements, q.hessian.elements).allSatisfy { abs($0 - $1) <= 1e-14 * 100 })
    }

    @Test func finiteDifferenceWrapperGivesAnyObjectiveAHessian() {
        struct GradientOnly: Objective {
            var dimension: Int { 3 }
            func valueAndGradient(
                at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>
            ) -> Double {
                // f = x₀²x₁ + sin(x₂)·x₀
                g[0] = 2 * x[0] * x[1] + sin(x[2])
                g[1] = x[0] * x[0]
                g[2] = cos(x[2]) * x[0]
                return x[0] * x[0] * x[1] + sin(x[2]) * x[0]
            }
        }
        let x = [0.7, -1.3, 0.4]
        let h = denseHessian(FiniteDifferenceHessian(GradientOnly()), at: x)
        let exact: [Double] = [2 * x[1], 2 * x[0], cos(x[2]), 2 * x[0], 0, 0, cos(x[2]), 0, -sin(x[2]) * x[0]]
        #expect(zip(h.elements, exact).allSatisfy { abs($0 - $1) <= 1e-9 })
    }
}

import Foundation
