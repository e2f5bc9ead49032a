import Optim
import Testing

@testable import Bench

/// compare's rules for constrained problems: solved needs violation ≤ 1e-6, f_L counts only iterates
/// that close to feasible, and the tables get a violation column.
@Suite struct ConstrainedComparisonTests {
    /// A converged row from f(x₀) = 10 to `value`, f* unknown, with a constraint violation (nil: unconstrained)
    /// and an infeasible iterate at f = −5 in its trace.
    static func row(_ solver: String, value: Double, violation: Double?) -> Comparison.Row {
        var start = TraceEntry(
            iteration: 0, value: 10, gradientNorm: 1, stepLength: 0, valueEvaluations: 1, gradientEvaluations: 1,
            seconds: 0)
        var below = TraceEntry(
            iteration: 1, value: -5, gradientNorm: 1, stepLength: 1, valueEvaluations: 2, gradientEvaluations: 2,
            seconds: 0)
        start.violation = violation.map { _ in 0 }
        below.violation = violation.map { _ in 0.5 }
        var row = Comparison.Row(
            problem: "p", dimension: 2, solver: solver, identity: nil, status: .convergedKKT, detail: nil,
            iterations: 2, valueEvaluations: 3, gradientEvaluations: 3, hessianEvaluations: 0,
            hessianVectorProducts: 0, hessianCost: 2, value: value, minimum: nil, gradientNorm: 0, seconds: 0,
            trace: [start, below])
        row.constraints = violation.map {
            ConstraintOutcome(
                values: [0], multipliers: [0], violation: $0, stationarity: 0, complementarity: 0, evaluations: 3,
                jacobianEvaluations: 0, jacobianProducts: 2)
        }
        return row
    }

    /// HS 71 starts infeasible at f(x₀) = 16 below f* = 17.0140173: a feasible run at f* is solved, one
    /// τ(f* − f(x₀)) above it is not, and an unconstrained start above f* keeps Moré & Wild's test.
    @Test func anInfeasibleStartBelowTheOptimumCanBeSolved() {
        let fStar = 17.0140173, tau = 1e-5
        func solved(_ value: Double, start: Double = 16) -> Bool {
            Comparison.isSolved(converged: true, start: start, value: value, minimum: fStar, tau: tau, violation: 0)
        }
        #expect(solved(fStar) && solved(fStar + 0.5 * tau * (fStar - 16)) && solved(fStar - 1))
        #expect(!solved(fStar + 2 * tau * (fStar - 16)))
        #expect(solved(fStar, start: 30) && !solved(fStar + 2 * tau * (30 - fStar), start: 30))
    }

    @Test func solvedNeedsFeasibility() {
        func solved(_ violation: Double?) -> Bool {
            Comparison.isSolved(converged: true, start: 10, value: 1, minimum: 1, tau: 1e-5, violation: violation)
        }
        #expect(solved(nil) && solved(0) && solved(1e-6))
        #expect(!solved(1.0000001e-6) && !solved(.nan) && !solved(.infinity))
    }

    /// The infeasible iterate's f = −5 is not f_L: the feasible runs' lowest final f (1) is, so the run at
    /// f = 1 is solved and the one at 2 is not; a run with violation 1e-3 at f = 0.5 is neither solved nor f_L.
    @Test func theLowestFIsAFeasibleOne() {
        let report = ComparisonReport(
            rows: [Self.row("a", value: 1, violation: 1e-8), Self.row("b", value: 2, violation: 0),
                   Self.row("c", value: 0.5, violation: 1e-3)],
            solvers: ["a", "b", "c"], skipped: [], interrupted: false)
        #expect(report.lowestFound["p"] == 1)
        #expect(report.rows.map(\.solved) == [true, false, false])
        #expect(report.header.contains("violation") && report.cells(report.rows[2]).contains("1.00e-03"))
        #expect(report.csv.hasPrefix(ResultRecord.Format.comparisonCSVConstrained.csvHeader))
        #expect(report.footnotes.contains { $0.hasPrefix("on a problem with constraints, solved also needs") })
        let plain = ComparisonReport(
            rows: [Self.row("a", value: 1, violation: nil)], solvers: ["a"], skipped: [], interrupted: false)
        #expect(plain.lowestFound["p"] == -5 && !plain.header.contains("violation"))
        #expect(!plain.csv.contains("violation"))
    }
}
