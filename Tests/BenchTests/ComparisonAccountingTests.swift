import Foundation
import Optim
import Testing
@testable import Bench

/// The summary's wins and the performance and data profiles, given each run's solved flag
/// (the rows of `ComparisonTests.row`: solved ones converged at f = f*, the others stopped by
/// the iteration limit), against Dolan & Moré (2002) and Moré & Wild (2009) worked by hand.
///
/// | problem | a: cost, s | b: cost, s |
/// |---|---|---|
/// | p1 | 10, 0.010 | 30, 0.002 |
/// | p2 | 40, 0.004 | 40, 0.004 |
/// | p3 | 5, 0.0005, not solved | 20, 0.001 |
/// | p4 | 50, 0.020 | 10, 0.001, not solved |
@Suite struct ComparisonAccountingTests {
    /// (problem, solver, cost, seconds, solved), as tabulated above.
    static let runs: [(String, String, Int, Double, Bool)] = [
        ("p1", "a", 10, 0.010, true), ("p1", "b", 30, 0.002, true),
        ("p2", "a", 40, 0.004, true), ("p2", "b", 40, 0.004, true),
        ("p3", "a", 5, 0.0005, false), ("p3", "b", 20, 0.001, true),
        ("p4", "a", 50, 0.020, true), ("p4", "b", 10, 0.001, false),
    ]

    static var report: ComparisonReport {
        ComparisonReport(
            rows: runs.map { ComparisonTests.row($0.0, $0.1, evaluations: $0.2, seconds: $0.3, solved: $0.4) },
            solvers: ["a", "b"], skipped: [], interrupted: false)
    }

    static func expectSteps(
        _ points: [(x: Double, y: Double)], _ expected: [(Double, Double)], _ comment: Comment,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(points.count == expected.count, "\(comment): \(points)", sourceLocation: sourceLocation)
        for (p, e) in zip(points, expected) {
            #expect(
                abs(p.x - e.0) <= 1e-12 * e.0 && abs(p.y - e.1) <= 1e-15, "\(comment): \(points)",
                sourceLocation: sourceLocation)
        }
    }

    /// The rows' solved flags are the premise of everything below.
    @Test func theRowsAreSolvedAsTabulated() {
        #expect(Self.report.rows.map(\.solved) == [true, true, true, true, false, true, true, false])
    }

    /// Wins count the solved runs at the lowest cost among solved runs: a wins p1, p2 (tie) and
    /// p4 (b's cheaper run there was not solved); b wins p2 and p3 (a's cheaper run not solved).
    @Test func winsCountOnlySolvedRunsAgainstSolvedRuns() {
        let wins = Self.report.summaries.map(\.wins)
        #expect(wins == [3, 2])
        #expect(Self.report.summaries.map(\.solved) == [3, 3] && Self.report.commonlySolved == ["p1", "p2"])
    }

    /// Cost ratios rₚₛ = tₚₛ / minₛ tₚₛ, ∞ where s did not solve p: a (1, 1, ∞, 1), b (3, 1, 1, ∞).
    /// ρₐ(τ) = 3/4 from τ = 1; ρ_b(τ) = 2/4 on [1, 3), 3/4 from 3; τ_max = 1.2·3 = 3.6.
    @Test func performanceProfileByCost() {
        let profile = Self.report.profile(byTime: false)
        Self.expectSteps(profile.series[0].points, [(1, 0.75), (3.6, 0.75)], "a")
        Self.expectSteps(profile.series[1].points, [(1, 0.5), (3, 0.5), (3, 0.75), (3.6, 0.75)], "b")
    }

    /// Time ratios: p1 a 0.010/0.002 = 5, b 1; p2 1, 1; p3 b 1; p4 a 1. τ_max = 1.2·5 = 6.
    @Test func performanceProfileByTime() {
        let profile = Self.report.profile(byTime: true)
        Self.expectSteps(profile.series[0].points, [(1, 0.5), (5, 0.5), (5, 0.75), (6, 0.75)], "a")
        Self.expectSteps(profile.series[1].points, [(1, 0.75), (6, 0.75)], "b")
    }

    /// Moré & Wild's data profile in simplex gradients (n + 1 = 3 here): these rows' traces hold
    /// iteration 0 only, so a run that ends at f* = 0 first passes at its whole cost. a at
    /// 10/3, 40/3, 50/3; b at 20/3, 30/3, 40/3; the axis runs from 0 to the largest budget
    /// spent, a's 50/3 (`ComparisonMoreWildTests` has traces with passages inside the run).
    @Test func dataProfileCountsPassagesBySimplexGradients() {
        let profile = Self.report.dataProfile()
        Self.expectSteps(
            profile.series[0].points,
            [(0, 0), (10 / 3, 0), (10 / 3, 0.25), (40 / 3, 0.25), (40 / 3, 0.5), (50 / 3, 0.5), (50 / 3, 0.75),
             (50 / 3, 0.75)], "a")
        Self.expectSteps(
            profile.series[1].points,
            [(0, 0), (20 / 3, 0), (20 / 3, 0.25), (10, 0.25), (10, 0.5), (40 / 3, 0.5), (40 / 3, 0.75),
             (50 / 3, 0.75)], "b")
    }
}
