import Foundation
import Optim

/// Moré & Wild's way of benchmarking derivative-free solvers (SIAM J. Optim. 20(1), 2009, §2) on
/// a comparison's rows: their convergence test f(x₀) − f ≥ (1 − τ)(f(x₀) − f_L) (eq. 2.8)
/// applied to every f a run reached, whatever status it stopped with (a run that spends its
/// budget has solved a problem as soon as it passes), at the τ of their tables, and the data
/// profile (§2.2) in simplex gradients. f_L is the lowest f any run of the comparison found
/// (their definition), or f* where the problem knows it and it is lower.
extension ComparisonReport {
    /// The τ of Moré & Wild's tables and profiles.
    public static let moreWildTolerances = [1e-1, 1e-3, 1e-5, 1e-7]

    /// The lowest f any run reached on each problem: every iterate's f in the traces and the
    /// final f (finite values only); on a constrained problem only those of iterates with violation
    /// ≤ `Comparison.feasibilityTolerance` (an infeasible f can be below f*).
    static func lowestFound(_ rows: [Comparison.Row]) -> [String: Double] {
        var lowest: [String: Double] = [:]
        let tolerance = Comparison.feasibilityTolerance
        for row in rows {
            let constrained = row.constraints != nil
            let trace = row.trace.filter { !constrained || ($0.violation ?? .infinity) <= tolerance }.map(\.value)
            let last = (row.constraints?.violation ?? 0) <= tolerance ? [row.value] : []
            let evaluated = constrained ? [] : row.history?.values ?? []
            for v in trace + last + evaluated where v.isFinite {
                lowest[row.problem] = min(lowest[row.problem] ?? v, v)
            }
        }
        return lowest
    }

    /// f_L of `problem`'s convergence test: the lowest f found, or f* when it is lower (nil:
    /// no run reached a finite f and f* is unknown).
    public func lowest(_ problem: String) -> Double? {
        let found = lowestFound[problem]
        guard let minimum = rows.first(where: { $0.problem == problem })?.minimum else { return found }
        return min(minimum, found ?? minimum)
    }

    /// The cost t_{p,s} at which `row` first passed the test with `tau`: f + ∇f evaluations
    /// up to its first trace entry that passes (the row's whole `cost` when that entry is its
    /// last, or when only its final f passes), or nil when no f it reached passes. Exact for
    /// derivative-free solvers (cost = f evaluations) when the trace has every iteration
    /// (`compare --data-profile`, `--plots`, `--format jsonl`); with iteration 0 and the last
    /// entry only, a run is charged its whole cost. A run of f alone (no ∇f) that recorded its
    /// `history` (`--record-values`) is charged the evaluations up to the first f that passed, as
    /// Moré & Wild count: not the end of the iteration (a Powell sweep, a CMA-ES generation) that made it.
    public func firstPassage(_ row: Comparison.Row, tau: Double) -> Int? {
        guard let start = row.startValue, let low = lowest(row.problem) else { return nil }
        if let history = row.history, row.gradientEvaluations == 0, row.constraints == nil {
            let passes = { (f: Double) in Comparison.reduces(start: start, value: f, lowest: low, tau: tau) }
            if let i = history.values.firstIndex(where: passes) { return history.evaluations[i] }
        }
        for (i, entry) in row.trace.enumerated()
        where Comparison.reduces(start: start, value: entry.value, lowest: low, tau: tau) {
            return i == row.trace.count - 1 ? row.cost : entry.valueEvaluations + entry.gradientEvaluations
        }
        return Comparison.reduces(start: start, value: row.value, lowest: low, tau: tau) ? row.cost : nil
    }

    /// t_{p,s}/(n_p + 1): the first passage in simplex gradients, Moré & Wild's budget unit.
    public func simplexGradients(_ row: Comparison.Row, tau: Double) -> Double? {
        firstPassage(row, tau: tau).map { Double($0) / Double(row.dimension + 1) }
    }

    /// Per solver, how many problems its runs passed the test on at each τ of `moreWildTolerances`.
    public var moreWildCounts: [(solver: String, passed: [Int])] {
        solvers.map { solver in
            let mine = rows.filter { $0.solver == solver }
            let passed = Self.moreWildTolerances.map { tau in mine.filter { firstPassage($0, tau: tau) != nil }.count }
            return (solver, passed)
        }
    }

    /// The table of `moreWildCounts` (header first).
    var moreWildLines: [[String]] {
        [["solver"] + Self.moreWildTolerances.map { "τ = \(NumberStyle.format($0))" }]
            + moreWildCounts.map { [$0.solver] + $0.passed.map { "\($0)/\(problems.count)" } }
    }

    /// Moré & Wild's data profile (§2.2, eq. 2.9) at the report's τ: for each solver s,
    /// dₛ(κ) = |{p : t_{p,s} ≤ κ(n_p + 1)}| / |P|, the fraction of problems it solved within κ
    /// simplex gradients (n + 1 evaluations: the cost of a forward-difference gradient), t_{p,s}
    /// the `firstPassage`. Unlike the performance profile it does not compare solvers with each
    /// other: it says what share of the problems each one solves for a given budget. The x axis
    /// ends at the largest budget any run spent.
    public func dataProfile() -> LineChart {
        let count = Double(max(problems.count, 1))
        let top = max(1, rows.map { Double($0.cost) / Double($0.dimension + 1) }.max() ?? 1)
        let series = solvers.map { s in
            LineChart.Series(
                label: s,
                points: Self.cumulativeSteps(
                    rows.filter { $0.solver == s }.compactMap { simplexGradients($0, tau: tau) }, of: count,
                    from: 0, upTo: top))
        }
        return LineChart(
            title: "Data profile, τ = \(NumberStyle.format(tau)) (\(problems.count) problems)",
            xLabel: "κ (simplex gradients: n + 1 evaluations, of the cost)",
            yLabel: "fraction of problems solved within κ", series: series, scales: .data)
    }

    /// The JSON member `more_wild`: the τ, the counts per solver, f_L per problem and each
    /// row's first passage in simplex gradients at the report's τ.
    var moreWildJSON: String {
        typealias W = JSONWriter
        let number = { (v: Double?) in v.map(W.number) ?? "null" }
        return W.object([
            ("tolerances", "[" + Self.moreWildTolerances.map(W.number).joined(separator: ",") + "]"),
            ("passed", "[" + moreWildCounts.map { c in
                W.object([("label", W.string(c.solver)),
                          ("problems", "[" + c.passed.map(String.init).joined(separator: ",") + "]")])
            }.joined(separator: ",") + "]"),
            ("f_low", W.object(problems.map { ($0, number(lowest($0))) })),
            ("simplex_gradients", "[" + rows.map { r in
                W.object([("problem", W.string(r.problem)), ("label", W.string(r.solver)),
                          ("value", number(simplexGradients(r, tau: tau)))])
            }.joined(separator: ",") + "]"),
        ])
    }
}
