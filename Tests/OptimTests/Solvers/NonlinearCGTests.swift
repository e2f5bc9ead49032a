import Testing
@testable import Optim

@Suite struct NonlinearCGTests {
    @Test(arguments: BetaRule.allCases)
    func withExactStepsItReproducesLinearCG(_ beta: BetaRule) throws {
        // Both are CG in floating point: they agree to ~1e-15 for ten iterations, after which
        // their rounding differences grow about tenfold per iteration. Compared over the
        // first 12 iterates.
        let q = try TestQuadratic.random(dimension: 20, conditionNumber: 100, seed: 5)
        let count = 12
        let linear = try iterates(q, LinearCG(), count: count)
        let nonlinear = try iterates(q, NonlinearCG(beta: beta, lineSearch: ExactQuadratic()), count: count)
        let scale = max(1, norm(q.minimizer))
        for k in 0..<count {
            #expect(distance(linear[k], nonlinear[k]) <= 1e-10 * scale, "β = \(beta.rawValue), iteration \(k + 1)")
        }
    }
}
