import Testing
@testable import Optim

@Suite struct NewtonTests {
    @Test func solvesAnSPDQuadraticInOneIteration() throws {
        for (n, cond) in [(5, 10.0), (40, 1e4), (120, 1e6)] {
            let q = try TestQuadratic.random(dimension: n, conditionNumber: cond, seed: 3)
            let result = try minimize(q, from: Array(repeating: 0, count: n), using: Newton(lineSearch: MoreThuente()),
                                      options: Options(gradientTolerance: 1e-9))
            #expect(result.iterations == 1, "n = \(n), cond = \(cond)")
            #expect(distance(result.x, q.minimizer) <= 1e-14 * cond * norm(q.minimizer))
            #expect(result.hessianEvaluations == 1)
        }
    }

    @Test func shiftsAnIndefiniteHessian() throws {
        // At (0, 1) Rosenbrock's Hessian is diag(−398, 200): indefinite.
        var newton = Newton(lineSearch: MoreThuente())
        let f = Rosenbrock2WithHessian()
        let result = try minimize(f, from: [0, 1], using: &newton, options: Options(maxIterations: 1))
        #expect(newton.lastShift > 398)
        #expect(result.value < f.value(at: [0, 1]))
        let full = try minimize(f, from: [0, 1], using: Newton(lineSearch: MoreThuente()))
        #expect(full.status == .convergedGradient && distance(full.x, [1, 1]) <= 1e-6)
    }

    @Test func aNonFiniteHessianIsReportedAsSuch() throws {
        struct NaNHessian: HessianObjective {
            var dimension: Int { 2 }
            func valueAndGradient(
                at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>
            ) -> Double {
                Rosenbrock2().valueAndGradient(at: x, gradient: g)
            }
            func hessian(at x: UnsafeBufferPointer<Double>, into h: UnsafeMutableBufferPointer<Double>) {
                h.update(repeating: .nan)
            }
        }
        let result = try minimize(NaNHessian(), from: [-1.2, 1], using: Newton(lineSearch: MoreThuente()))
        #expect(
            result.status == .nonFiniteValue && result.iterations == 0
                && result.detail == "the Hessian has a non-finite entry")
    }
}
