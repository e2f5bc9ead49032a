import Foundation
import Testing
@testable import Optim

/// The trust-region framework (N&W Alg. 4.1): radius rules, acceptance, one-step convergence
/// on quadratics, the collapse status.
@Suite struct TrustRegionTests {
    @Test func radiusRulesByHand() {
        let update = TrustRegion<Dogleg>.updatedRadius
        // ρ < ¼: a quarter of the step taken.
        #expect(update(1, -3, 0.8, true, 1000) == 0.2)
        #expect(update(1, 0.2, 0.4, false, 1000) == 0.1)
        // ρ > ¾ on the boundary: doubled, capped at Δ_max.
        #expect(update(1, 0.9, 1, true, 1000) == 2)
        #expect(update(600, 0.9, 600, true, 1000) == 1000)
        // ρ > ¾ inside, or ¼ ≤ ρ ≤ ¾: kept.
        #expect(update(1, 0.9, 0.3, false, 1000) == 1)
        #expect(update(1, 0.25, 1, true, 1000) == 1)
        #expect(update(1, 0.75, 1, true, 1000) == 1)
        #expect(TrustRegion<Dogleg>.ratio(actual: 1, predicted: 4) == 0.25)
        #expect(TrustRegion<Dogleg>.ratio(actual: .nan, predicted: 4) == -.infinity)
        #expect(TrustRegion<Dogleg>.ratio(actual: 1, predicted: 0) == -.infinity)
    }

    /// With the Newton step inside the radius, dogleg and Moré–Sorensen take it: one iteration,
    /// one Hessian, x* to rounding (x* = Q⁻¹b by LAPACKE in `TestQuadratic`).
    @Test func denseSolversTakeTheNewtonStepOnAQuadratic() throws {
        for (n, cond) in [(5, 10.0), (40, 1e4)] {
            let q = try TestQuadratic.random(dimension: n, conditionNumber: cond, seed: 7)
            let radius = 2 * norm(q.minimizer)
            let options = Options(gradientTolerance: 1e-9 * cond)
            let x0 = Array(repeating: 0.0, count: n)
            for result in [
                try minimize(
                    q, from: x0, using: TrustRegion(subproblem: Dogleg(), initialRadius: radius, maxRadius: radius),
                    options: options),
                try minimize(
                    q, from: x0,
                    using: TrustRegion(subproblem: MoreSorensen(), initialRadius: radius, maxRadius: radius),
                    options: options),
            ] {
                #expect(result.iterations == 1 && result.status == .convergedGradient, "\(result.solver) n = \(n)")
                #expect(distance(result.x, q.minimizer) <= 1e-13 * cond * norm(q.minimizer))
                #expect(result.hessianEvaluations == 1 && result.valueEvaluations == 2)
            }
        }
    }

    /// Steihaug's step on a quadratic (HVPs only) leaves a residual within its forcing tolerance
    /// ‖∇f(x₁)‖ ≤ min(½, √‖g₀‖)·‖g₀‖, and is accepted (ρ = 1: the model is f).
    @Test func steihaugMeetsItsForcingToleranceOnAQuadratic() throws {
        let q = try TestQuadratic.random(dimension: 60, conditionNumber: 1e3, seed: 11)
        let x0 = Array(repeating: 0.0, count: 60)
        let g0 = norm(q.evaluate(at: x0).gradient)
        var solver = TrustRegion(subproblem: Steihaug(), initialRadius: 10 * norm(q.minimizer), maxRadius: 1e4)
        let result = try minimize(q, from: x0, using: &solver, options: Options(gradientTolerance: 0, maxIterations: 1))
        let g1 = norm(q.evaluate(at: result.x).gradient)
        #expect(result.iterations == 1 && solver.rejectedSteps == 0)
        #expect(g1 <= min(0.5, g0.squareRoot()) * g0)
        #expect(g1 > 1e-6 * g0, "stopped by the forcing tolerance, not solved exactly")
        #expect(result.hessianVectorProducts == solver.subproblem.lastIterations && result.hessianEvaluations == 0)
        let full = try minimize(
            q, from: x0, using: TrustRegion(subproblem: Steihaug()), options: Options(gradientTolerance: 1e-8))
        #expect(full.status == .convergedGradient && distance(full.x, q.minimizer) <= 1e-6 * norm(q.minimizer))
    }

    /// A gradient that points uphill: every trial increases f, the radius shrinks by ¼‖p‖ until
    /// it is below ε·max(1, ‖x‖), and the run stops at x₀ with its own f, every trial counted.
    @Test func aRadiusThatCollapsesHasItsOwnStatus() throws {
        struct Uphill: HessianObjective {
            var dimension: Int { 2 }
            func valueAndGradient(
                at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>
            ) -> Double {
                g[0] = -2 * x[0]; g[1] = -2 * x[1]
                return x[0] * x[0] + x[1] * x[1]
            }
            func hessian(at x: UnsafeBufferPointer<Double>, into h: UnsafeMutableBufferPointer<Double>) {
                h[0] = 2; h[1] = 0; h[2] = 0; h[3] = 2
            }
        }
        var solver = TrustRegion(subproblem: Dogleg())
        let result = try minimize(Uphill(), from: [3, 4], using: &solver)
        #expect(result.status == .radiusCollapsed && result.iterations == 0)
        #expect(result.x == [3, 4] && result.value == 25)
        #expect(result.valueEvaluations == 1 + solver.rejectedSteps && solver.rejectedSteps > 20)
        #expect(solver.radius < Double.ulpOfOne * 5)
        #expect(result.detail?.hasPrefix("the trust radius fell to") == true)
    }

    @Test func rejectsBadParameters() {
        #expect(throws: InvalidParameter.self) { try TrustRegion(subproblem: Dogleg(), initialRadius: 0).validate() }
        #expect(throws: InvalidParameter.self) {
            try TrustRegion(subproblem: Dogleg(), initialRadius: 2, maxRadius: 1).validate()
        }
        #expect(throws: InvalidParameter.self) { try TrustRegion(subproblem: Dogleg(), acceptance: 0.25).validate() }
        #expect(throws: Never.self) { try TrustRegion(subproblem: Dogleg(), acceptance: 0).validate() }
    }

    @Test func everySolverConvergesOnRosenbrock() throws {
        let f = Rosenbrock2WithHessian()
        for result in [try minimize(f, from: [-1.2, 1], using: TrustRegion(subproblem: Steihaug())),
                       try minimize(f, from: [-1.2, 1], using: TrustRegion(subproblem: Dogleg())),
                       try minimize(f, from: [-1.2, 1], using: TrustRegion(subproblem: MoreSorensen())),
                       try minimize(f, from: [-1.2, 1], using: NewtonCG(lineSearch: MoreThuente()))] {
            #expect(result.status == .convergedGradient && distance(result.x, [1, 1]) <= 1e-6, "\(result.solver)")
            #expect(result.value == f.value(at: result.x))
        }
    }
}
