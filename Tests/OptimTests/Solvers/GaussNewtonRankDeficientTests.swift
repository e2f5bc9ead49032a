import Testing
@testable import Optim

/// f = ‖Jx − b‖² with J (4 × 3) of rank 2: columns a₁ = e₁, a₂ = e₂, a₃ = e₁ + 2e₂.
struct RankDeficientLinearResiduals: LeastSquaresObjective {
    static let b: [Double] = [3, 2, 5, 7]
    var dimension: Int { 3 }
    var residualCount: Int { 4 }

    func residuals(at x: UnsafeBufferPointer<Double>, into r: UnsafeMutableBufferPointer<Double>) {
        r[0] = x[0] + x[2] - Self.b[0]
        r[1] = x[1] + 2 * x[2] - Self.b[1]
        r[2] = -Self.b[2]
        r[3] = -Self.b[3]
    }

    func jacobian(at x: UnsafeBufferPointer<Double>, into j: UnsafeMutableBufferPointer<Double>) {
        for k in 0..<12 { j[k] = 0 }
        j[0] = 1            // column 0: a₁
        j[5] = 1            // column 1: a₂
        j[8] = 1; j[9] = 2  // column 2: a₃
    }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>) -> Double {
        let r0 = x[0] + x[2] - Self.b[0], r1 = x[1] + 2 * x[2] - Self.b[1]
        g[0] = 2 * r0
        g[1] = 2 * r1
        g[2] = 2 * (r0 + 2 * r1)
        return r0 * r0 + r1 * r1 + Self.b[2] * Self.b[2] + Self.b[3] * Self.b[3]
    }
}

/// Gauss–Newton's basic solution on a rank-deficient J, by hand.
@Suite struct GaussNewtonRankDeficientTests {
    /// From x₀ = 0, r = −b. Column pivoting takes a₃ first (‖a₃‖² = 5 against 1 and 1); after
    /// a₃ is projected out, a₁ keeps ‖·‖² = 4/5 and a₂ 1/5, so a₁ is second and a₂, in their
    /// span, is left out: rank 2, and the basic solution has p₂ = 0 and
    /// p₁a₁ + p₃a₃ = (b₁, b₂, 0, 0) = (3, 2, 0, 0): p₃ = 1, p₁ = 2. φ(α) = 13(α − 1)² + 74 is
    /// least at α = 1, so the first iterate is x₁ = (2, 0, 1) with f = 5² + 7² = 74.
    @Test func theBasicSolutionLeavesTheDependentColumnOut() throws {
        var solver = GaussNewton(lineSearch: MoreThuente())
        let result = try minimize(
            RankDeficientLinearResiduals(), from: [0, 0, 0], using: &solver,
            options: Options(gradientTolerance: 0, maxIterations: 1))
        #expect(solver.rank == 2)
        #expect(distance(result.x, [2, 0, 1]) <= 1e-14 && result.x[1] == 0)
        #expect(abs(result.value - 74) <= 1e-12)
    }
}
