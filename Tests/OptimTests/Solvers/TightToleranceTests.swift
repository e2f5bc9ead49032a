import Testing
@testable import Optim

/// Issue 12: on an ill-conditioned quadratic, ‖∇f‖∞ ≤ 1e-10 is attainable in floating point,
/// but the decrease near the minimizer (O(‖∇f‖²)) falls below f's rounding, so a search that
/// tests only f cannot certify the last steps. The default searches must get there anyway.
@Suite struct TightToleranceTests {
    static let gtol = 1e-10
    static let options = Options(gradientTolerance: gtol, maxIterations: 5000)

    /// n = 60, λ log-spaced in [1, 1e4]: λmin = 1, so ‖x − x*‖₂ ≤ ‖∇f‖₂ ≤ √60·gtol.
    static func problem() throws -> TestQuadratic {
        try TestQuadratic.random(dimension: 60, conditionNumber: 1e4, seed: 1)
    }

    static func expectConverged(_ result: OptimizationResult, on q: TestQuadratic, _ label: String) {
        #expect(result.status == .convergedGradient, "\(label): \(result.status) at ‖∇f‖∞ = \(result.gradientNorm)")
        let gradient = q.evaluate(at: result.x).gradient
        #expect(gradient.map(abs).max()! <= gtol, "\(label)")
        #expect(distance(result.x, q.minimizer) <= 60.0.squareRoot() * gtol, "\(label)")
    }

    @Test func defaultSolversReachTheTolerance() throws {
        let q = try Self.problem()
        let x0 = [Double](repeating: 0, count: 60)
        Self.expectConverged(try minimize(q, from: x0, using: LBFGS(), options: Self.options), on: q, "lbfgs")
        Self.expectConverged(try minimize(q, from: x0, using: BFGS(), options: Self.options), on: q, "bfgs")
        Self.expectConverged(try minimize(q, from: x0, using: NonlinearCG(), options: Self.options), on: q, "cg")
    }

    /// The same runs with dcsrch alone (ε = 0) stop short: what the approximate Wolfe path is for.
    @Test func withoutApproximateWolfeTheSearchesFailShortOfIt() throws {
        let q = try Self.problem()
        let x0 = [Double](repeating: 0, count: 60)
        let exact = MoreThuente(approximateWolfe: 0)
        let results = [
            try minimize(q, from: x0, using: LBFGS(lineSearch: exact), options: Self.options),
            try minimize(q, from: x0, using: BFGS(lineSearch: exact), options: Self.options),
            try minimize(
                q, from: x0, using: NonlinearCG(lineSearch: MoreThuente(c2: 0.1, approximateWolfe: 0)),
                options: Self.options),
        ]
        for result in results {
            #expect(result.status == .lineSearchFailed)
            #expect(result.gradientNorm > Self.gtol)
        }
    }
}
