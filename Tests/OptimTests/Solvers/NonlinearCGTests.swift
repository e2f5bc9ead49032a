import Testing
@testable import Optim

@Suite struct NonlinearCGTests {
    /// The iterates x₁ … x_count of linear CG on Qx = b from 0, written out on plain arrays
    /// (N&W Algorithm 5.2): α = rᵀr/pᵀQp, x ← x + αp, r ← r + αQp, β = r₊ᵀr₊/rᵀr, p ← −r₊ + βp.
    static func textbookCG(_ q: TestQuadratic, count: Int) -> [[Double]] {
        let n = q.dimension
        var x = [Double](repeating: 0, count: n), r = q.b.map { -$0 }, p = q.b, path: [[Double]] = []
        for _ in 0..<count {
            let qp = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + q.q[i, $1] * p[$1] } }
            let rr = r.reduce(0) { $0 + $1 * $1 }
            let alpha = rr / zip(p, qp).reduce(0) { $0 + $1.0 * $1.1 }
            for i in 0..<n {
                x[i] += alpha * p[i]
                r[i] += alpha * qp[i]
            }
            let beta = r.reduce(0) { $0 + $1 * $1 } / rr
            for i in 0..<n { p[i] = -r[i] + beta * p[i] }
            path.append(x)
        }
        return path
    }

    @Test(arguments: BetaRule.allCases)
    func withExactStepsItReproducesLinearCG(_ beta: BetaRule) throws {
        // Both are CG in floating point: they agree to ~1e-15 for ten iterations, after which
        // their rounding differences grow about tenfold per iteration. Compared over the
        // first 12 iterates, against the textbook recurrence (not Optim's LinearCG).
        let q = try TestQuadratic.random(dimension: 20, conditionNumber: 100, seed: 5)
        let count = 12
        let linear = Self.textbookCG(q, count: count)
        let nonlinear = try iterates(q, NonlinearCG(beta: beta, lineSearch: ExactQuadratic()), count: count)
        let scale = max(1, norm(q.minimizer))
        for k in 0..<count {
            #expect(distance(linear[k], nonlinear[k]) <= 1e-10 * scale, "β = \(beta.rawValue), iteration \(k + 1)")
        }
    }
}
