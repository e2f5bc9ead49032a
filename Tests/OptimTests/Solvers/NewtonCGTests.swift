import Testing
@testable import Optim

@Suite struct NewtonCGTests {
    /// On an SPD quadratic the CG direction meets the forcing tolerance, α = 1 is accepted, and
    /// ‖∇f(x₁)‖ = ‖Qp + g‖ ≤ η₀‖g₀‖ with η₀ = min(½, √(‖g₀‖/‖g₀‖)) = ½; one product per CG iteration.
    @Test func firstStepMeetsTheForcingTolerance() throws {
        let q = try TestQuadratic.random(dimension: 50, conditionNumber: 1e3, seed: 5)
        let x0 = Array(repeating: 0.0, count: 50)
        let g0 = norm(q.evaluate(at: x0).gradient)
        var solver = NewtonCG(lineSearch: MoreThuente())
        let result = try minimize(q, from: x0, using: &solver, options: Options(gradientTolerance: 0, maxIterations: 1))
        let g1 = norm(q.evaluate(at: result.x).gradient)
        #expect(g1 <= 0.5 * g0 && g1 > 1e-6 * g0)
        #expect(result.trace.last?.stepLength == 1)
        #expect(result.hessianVectorProducts == solver.lastInnerIterations && solver.lastInnerIterations < 50)
    }

    /// Negative curvature along −g at the first CG iteration: the direction is −g itself.
    @Test func negativeCurvatureAtFirstDirectionFallsBackToSteepestDescent() throws {
        let model = QuadraticModel(h: Matrix([[2, 0], [0, -1]]), g: [0.2, -1])
        var solver = NewtonCG(lineSearch: Backtracking())
        let result = try minimize(model, from: [0, 0], using: &solver, options: Options(maxIterations: 1))
        #expect(solver.lastInnerIterations == 1 && result.iterations == 1)
        // x₁ = −α g: parallel to (−0.2, 1).
        #expect(abs(result.x[0] * 1 - result.x[1] * -0.2) <= 1e-15 && result.x[1] > 0)
    }

    @Test func usesDenseHessianProductsWithoutCountingThem() throws {
        let result = try minimize(Rosenbrock2WithHessian(), from: [-1.2, 1], using: NewtonCG(lineSearch: MoreThuente()))
        #expect(result.status == .convergedGradient && result.hessianVectorProducts == 0)
        #expect(result.hessianEvaluations == result.iterations)
    }
}
