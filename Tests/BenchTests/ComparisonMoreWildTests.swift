import Foundation
import Optim
import Testing
@testable import Bench

/// Moré & Wild's convergence test at four τ, the κ column and the data profile (SIAM J. Optim.
/// 20(1), 2009, eq. 2.8 and §2.2) on two constructed problems, worked by hand:
///
/// | problem | n | f* | run | trace (f, f evals) | final f, evals, status |
/// |---|---|---|---|---|---|
/// | q | 3 | — | a | (100, 1) (20, 5) (1.5, 9) (1, 13) | 1, 13, evaluation-limit |
/// | q | 3 | — | b | (100, 1) (50, 4) (0.5, 8) | 0.5, 8, converged-step |
/// | r | 1 | 0 | a | (4, 1) (1e-6, 3) | 1e-6, 3, converged-step |
/// | r | 1 | 0 | b | (4, 1) (2, 2) | 2, 2, evaluation-limit |
///
/// f_L: q 0.5 (the lowest f found, b's), r 0 (f*). On q the test f(x₀) − f ≥ (1 − τ)(f(x₀) − f_L)
/// asks f ≤ 100 − (1 − τ)·99.5: 10.45 at τ = 10⁻¹ (a passes at its third entry, 9 evaluations,
/// b at its last, 8), 0.5995 at 10⁻³ and below that 0.500995, 0.50000995 (b only). On r it asks
/// f ≤ 4τ: 0.4, 0.004, 4e-5, 4e-7: a passes the first three (1e-6 > 4e-7), b none.
@Suite struct ComparisonMoreWildTests {
    static func row(
        _ problem: String, _ solver: String, n: Int, minimum: Double?, trace: [(Double, Int)], status: Status
    ) -> Comparison.Row {
        Comparison.Row(
            problem: problem, dimension: n, solver: solver, identity: ComparisonTests.identity, status: status,
            detail: nil, iterations: trace.count - 1, valueEvaluations: trace.last?.1 ?? 0, gradientEvaluations: 0,
            hessianEvaluations: 0, hessianVectorProducts: 0, hessianCost: n, value: trace.last?.0 ?? .nan,
            minimum: minimum, gradientNorm: .nan, seconds: 0,
            trace: trace.enumerated().map { i, e in
                TraceEntry(
                    iteration: i, value: e.0, gradientNorm: .nan, stepLength: 0, valueEvaluations: e.1,
                    gradientEvaluations: 0, seconds: 0)
            })
    }

    static var report: ComparisonReport {
        ComparisonReport(rows: [
            row("q", "a", n: 3, minimum: nil, trace: [(100, 1), (20, 5), (1.5, 9), (1, 13)], status: .evaluationLimit),
            row("q", "b", n: 3, minimum: nil, trace: [(100, 1), (50, 4), (0.5, 8)], status: .convergedStep),
            row("r", "a", n: 1, minimum: 0, trace: [(4, 1), (1e-6, 3)], status: .convergedStep),
            row("r", "b", n: 1, minimum: 0, trace: [(4, 1), (2, 2)], status: .evaluationLimit),
        ], solvers: ["a", "b"], skipped: [], interrupted: false)
    }

    @Test func fLowIsTheLowestFoundOrFStar() {
        #expect(Self.report.lowest("q") == 0.5 && Self.report.lowest("r") == 0)
        // Where f* is unknown, f_L stands for it in the solved rule: b converged at f_L.
        #expect(Self.report.rows.map(\.solved) == [false, true, true, false])
        // An iterate below the final f (a nonmonotone run) sets f_L.
        let dip = Self.row("s", "c", n: 2, minimum: nil, trace: [(9, 1), (0.25, 4), (0.5, 7)], status: .convergedStep)
        let report = ComparisonReport(rows: [dip], solvers: ["c"], skipped: [], interrupted: false)
        #expect(report.lowest("s") == 0.25 && report.rows[0].lowest == 0.25)
    }

    @Test func problemsPassedAtFourTolerances() {
        let counts = Self.report.moreWildCounts
        #expect(counts.map(\.solver) == ["a", "b"])
        #expect(counts[0].passed == [2, 1, 1, 0])
        #expect(counts[1].passed == [1, 1, 1, 1])
    }

    /// First passages: a on q at τ = 10⁻¹ after 9 evaluations (inside the run, not its 13),
    /// 9/4 simplex gradients; at τ = 10⁻⁵ a on r 3/2, b on q 8/4.
    @Test func firstPassageComesFromTheTrace() {
        let rows = Self.report.rows
        #expect(Self.report.firstPassage(rows[0], tau: 1e-1) == 9)
        #expect(Self.report.simplexGradients(rows[0], tau: 1e-1) == 2.25)
        #expect(Self.report.simplexGradients(rows[0], tau: 1e-5) == nil)
        #expect(Self.report.simplexGradients(rows[1], tau: 1e-5) == 2)
        #expect(Self.report.simplexGradients(rows[2], tau: 1e-5) == 1.5)
        #expect(Self.report.simplexGradients(rows[3], tau: 1e-1) == nil)
        #expect(Self.report.rows.map { Self.report.cells($0).last } == ["—", "2.0", "1.5", "—"])
    }

    /// d_a(κ): r at 1.5 → 1/2; d_b(κ): q at 2 → 1/2; the axis ends at the largest budget, a's
    /// 13/4 = 3.25 on q.
    @Test func dataProfileByHand() {
        let profile = Self.report.dataProfile()
        ComparisonAccountingTests.expectSteps(
            profile.series[0].points, [(0, 0), (1.5, 0), (1.5, 0.5), (3.25, 0.5)], "a")
        ComparisonAccountingTests.expectSteps(
            profile.series[1].points, [(0, 0), (2, 0), (2, 0.5), (3.25, 0.5)], "b")
        #expect(profile.svg.contains("Data profile, τ = 1e-5 (2 problems)"))
    }

    @Test func markdownHasTheTableOfTolerances() {
        let markdown = Self.report.markdown
        #expect(markdown.contains("| solver | τ = 0.1 | τ = 0.001 | τ = 1e-5 | τ = 1e-7 |"))
        #expect(markdown.contains("| a | 2/2 | 1/2 | 1/2 | 0/2 |"))
        #expect(markdown.contains("| b | 2/2 | 1/2 | 1/2 | 1/2 |") == false)
        #expect(markdown.contains("| b | 1/2 | 1/2 | 1/2 | 1/2 |"))
    }
}
