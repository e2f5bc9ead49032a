import Foundation
import Optim

/// The rows of a comparison and everything derived from them: table, per-solver summary,
/// performance profiles and convergence plots.
public struct ComparisonReport {
    public let rows: [Comparison.Row]
    public let solvers: [String]
    public let problems: [String]
    /// Pairs that did not run (the solver cannot handle the problem), with the reason.
    public let skipped: [String]
    /// Whether the run was interrupted before every pair ran.
    public let interrupted: Bool
    /// The grid as compare was asked for it (problems, solvers, stopping rules …), written as the
    /// JSON's `grid` (nil: `null`), for `optbench report`'s provenance.
    public var definition: Comparison.GridDefinition?
    /// Whether the JSON's rows carry their traces (`compare --format json --trace`).
    public var tracesInJSON = false

    /// τ of the solved test (`Comparison.isSolved`), set on every row.
    public let tau: Double
    /// The lowest f any run reached, per problem: f_L of the solved test where f* is unknown
    /// (set on those rows as `lowest`) and of Moré & Wild's test (`ComparisonMoreWild`).
    public let lowestFound: [String: Double]

    public init(
        rows: [Comparison.Row], solvers: [String], skipped: [String], interrupted: Bool,
        tau: Double = Comparison.solvedTolerance
    ) {
        self.tau = tau
        let lowest = Self.lowestFound(rows)
        lowestFound = lowest
        self.rows = rows.map { row in
            var row = row
            row.tau = tau
            row.lowest = row.minimum == nil ? lowest[row.problem] : nil
            return row
        }
        self.solvers = solvers
        var seen: [String] = []
        for row in rows where !seen.contains(row.problem) { seen.append(row.problem) }
        problems = seen
        self.skipped = skipped
        self.interrupted = interrupted
    }

    // MARK: Summary

    public struct SolverSummary: Sendable {
        public let solver: String
        public let runs: Int
        public let solved: Int
        /// Shifted geometric means over the problems every solver solved (nil when there are none).
        public let meanEvaluations: Double?
        public let meanSeconds: Double?
        /// Problems where this solver solved at the lowest evaluation cost (ties count for each).
        public let wins: Int
    }

    /// Problems solved by every solver.
    public var commonlySolved: [String] {
        problems.filter { p in
            solvers.allSatisfy { s in rows.contains { $0.problem == p && $0.solver == s && $0.solved } }
        }
    }

    /// exp(mean log(tᵢ + s)) − s: the shifted geometric mean (shift 10 evaluations, 1 ms).
    static func shiftedGeometricMean(_ values: [Double], shift: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        return exp(values.map { log($0 + shift) }.reduce(0, +) / Double(values.count)) - shift
    }

    public var summaries: [SolverSummary] {
        let common = Set(commonlySolved)
        return solvers.map { solver in
            let mine = rows.filter { $0.solver == solver }
            let inCommon = mine.filter { common.contains($0.problem) }
            let wins = mine.filter { row in
                guard row.solved else { return false }
                let best = rows.filter { $0.problem == row.problem && $0.solved }.map(\.cost).min()!
                return row.cost == best
            }.count
            return SolverSummary(
                solver: solver, runs: mine.count, solved: mine.filter(\.solved).count,
                meanEvaluations: Self.shiftedGeometricMean(inCommon.map { Double($0.cost) }, shift: 10),
                meanSeconds: Self.shiftedGeometricMean(inCommon.map(\.seconds), shift: 1e-3), wins: wins)
        }
    }

    // MARK: Tables

    /// The text and Markdown table's columns: the record's (`ResultRecord.tableHeader`) and κ,
    /// the simplex gradients to Moré & Wild's test at τ (`simplexGradients`).
    /// With constrained problems among the rows, a `violation` column follows ‖∇f‖∞.
    var header: [String] {
        var columns = ResultRecord.tableHeader + ["κ"]
        if hasConstraints { columns.insert("violation", at: Self.violationColumn) }
        return columns
    }

    /// Whether any row is a run on a problem with constraints.
    var hasConstraints: Bool { rows.contains { $0.constraints != nil } }

    /// Where the `violation` column goes: after ‖∇f‖∞.
    static var violationColumn: Int { (ResultRecord.tableHeader.firstIndex(of: "‖∇f‖∞") ?? 0) + 1 }

    func cells(_ r: Comparison.Row) -> [String] {
        var cells = r.tableCells + [simplexGradients(r, tau: tau).map { String(format: "%.1f", $0) } ?? "—"]
        if hasConstraints {
            cells.insert(r.constraints.map { String(format: "%.2e", $0.violation) } ?? "—", at: Self.violationColumn)
        }
        return cells
    }

    var summaryLines: [[String]] {
        summaries.map { s in
            [s.solver, "\(s.solved)/\(s.runs)", s.meanEvaluations.map { String(format: "%.1f", $0) } ?? "—",
             s.meanSeconds.map { String(format: "%.5f", $0) } ?? "—", String(s.wins)]
        }
    }
    static let summaryHeader = ["solver", "solved", "cost (sgm)", "seconds (sgm)", "wins"]

    var footnotes: [String] {
        var notes = [
            Comparison.solvedRule(tau: tau) + "; cost: f evals + ∇f evals + Hv "
                + "products "
                + "+ n per dense Hessian (2n when it is central differences of ∇f) + n per Jacobian of the residuals; "
                    + "in f: the seconds spent inside the objective; sgm: shifted geometric mean "
                + "(shift 10, 1 ms) over the \(commonlySolved.count) problem\(commonlySolved.count == 1 ? "" : "s") "
                    + "every solver solved; "
                + "wins: solved at the lowest cost (ties count for each); "
                + "where f* is unknown, f_L (the lowest f any run reached) stands for it; "
                + "κ: simplex gradients (n + 1 evaluations of the cost) until the run first passed Moré & Wild's "
                + "test f(x₀) − f ≥ (1 − τ)(f(x₀) − f_L), whatever status it stopped with (— never); "
                + "the last table counts the problems each solver passed that test on, at four τ."
        ]
        if interrupted {
            notes.append("interrupted (Ctrl-C): runs marked interrupted were stopped; only the rows above had started.")
        }
        if hasConstraints { notes.append(Comparison.feasibilityRule + ".") }
        notes += rows.compactMap { r in r.detail.map { "\(r.problem) × \(r.solver): \($0)" } }
        notes += skipped.map { "skipped: \($0)" }
        return notes
    }

    /// Aligned columns for the terminal.
    public var text: String {
        func table(_ header: [String], _ body: [[String]]) -> String {
            let widths = header.indices.map { c in ([header[c]] + body.map { $0[c] }).map(\.count).max()! }
            let line: ([String]) -> String = { cells in
                cells.enumerated().map { c, cell in
                    c < 4
                        ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                        : RunReport.padLeft(cell, widths[c])
                }.joined(separator: "  ")
            }
            return ([line(header)] + body.map(line)).joined(separator: "\n")
        }
        let moreWild = moreWildLines
        return table(header, rows.map(cells)) + "\n\n" + table(Self.summaryHeader, summaryLines) + "\n\n"
            + table(moreWild[0], Array(moreWild.dropFirst())) + "\n\n"
            + footnotes.joined(separator: "\n") + "\n"
    }

    public var markdown: String {
        func table(_ header: [String], _ body: [[String]], numericFrom: Int) -> String {
            let rule = header.indices.map { $0 >= numericFrom ? "---:" : "---" }
            return ([header, rule] + body).map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
        }
        return table(header, rows.map(cells), numericFrom: 5) + "\n\n"
            + table(Self.summaryHeader, summaryLines, numericFrom: 1)
            + "\n\n" + table(moreWildLines[0], Array(moreWildLines.dropFirst()), numericFrom: 1)
            + "\n\n" + footnotes.map { "- \($0)" }.joined(separator: "\n") + "\n"
    }

    /// A field as RFC 4180 writes it: quoted (with quotes doubled) when it holds a comma, a
    /// quote or a line break.
    public static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The CSV's header: the fields of `ResultRecord.Format.comparisonCSV`.
    public static var csvHeader: String { ResultRecord.Format.comparisonCSV.csvHeader }

    public var csv: String {
        let format: ResultRecord.Format = hasConstraints ? .comparisonCSVConstrained : .comparisonCSV
        var out = format.csvHeader + "\n"
        for r in rows { out += r.csvLine(format) + "\n" }
        return out
    }

    public var json: String {
        typealias W = JSONWriter
        let format: ResultRecord.Format = tracesInJSON ? .comparisonRowTraced : .comparisonRow
        let rowsJSON = "[" + rows.map { $0.json(format) }.joined(separator: ",") + "]"
        let summaryJSON =
            "["
            + summaries.map { s in
                W.object([
                    ("label", W.string(s.solver)), ("runs", String(s.runs)), ("solved", String(s.solved)),
                    ("shifted_geometric_mean_cost", s.meanEvaluations.map(W.number) ?? "null"),
                    ("shifted_geometric_mean_seconds", s.meanSeconds.map(W.number) ?? "null"), ("wins", String(s.wins)),
                ])
            }.joined(separator: ",") + "]"
        return W.object([
            ("rows", rowsJSON), ("summary", summaryJSON), ("commonly_solved", String(commonlySolved.count)),
            ("interrupted", interrupted ? "true" : "false"),
            ("skipped", "[" + skipped.map(W.string).joined(separator: ",") + "]"), ("more_wild", moreWildJSON),
            ("tau", W.number(tau)), ("grid", definition?.json ?? "null"),
            ("provenance", W.object(Provenance.current().jsonMembers)),
        ]) + "\n"
    }

    // MARK: Pictures

    /// Dolan & Moré, "Benchmarking optimization software with performance profiles", Math.
    /// Program. 91 (2002): for each solver s, ρₛ(τ) = the fraction of problems p with
    /// t_{p,s} ≤ τ·min_s t_{p,s}, with t = ∞ where s did not solve p.
    public func profile(byTime: Bool) -> LineChart {
        func cost(_ r: Comparison.Row) -> Double {
            r.solved ? (byTime ? max(r.seconds, 1e-9) : Double(r.cost)) : .infinity
        }
        var ratios: [String: [Double]] = [:]
        for p in problems {
            let mine = rows.filter { $0.problem == p }
            let best = mine.map(cost).min() ?? .infinity
            for s in solvers {
                let c = mine.first { $0.solver == s }.map(cost) ?? .infinity
                ratios[s, default: []].append(best.isFinite ? c / best : .infinity)
            }
        }
        let finite = ratios.values.flatMap { $0 }.filter(\.isFinite)
        let tauMax = max(2, (finite.max() ?? 1) * 1.2)
        let count = Double(max(problems.count, 1))
        let series = solvers.map { s in
            LineChart.Series(
                label: s, points: Self.cumulativeSteps((ratios[s] ?? []).filter(\.isFinite), of: count, upTo: tauMax))
        }
        return LineChart(
            title: "Performance profile by \(byTime ? "time" : "evaluation cost") (\(problems.count) problems)",
            xLabel: "τ (ratio to the best solver, log₂ scale)", yLabel: "fraction of problems solved within τ",
            series: series, scales: .profile)
    }

    /// The staircase of a profile: the share of `count` problems whose value (ratio or budget,
    /// all ≥ `start`) is at most x, from x = `start` to `end`, with a vertical step at each value.
    static func cumulativeSteps(
        _ values: [Double], of count: Double, from start: Double = 1, upTo end: Double
    ) -> [(x: Double, y: Double)] {
        let sorted = values.sorted()
        var points: [(x: Double, y: Double)] = [(start, Double(sorted.filter { $0 <= start }.count) / count)]
        var level = points[0].y
        for (i, value) in sorted.enumerated() where value > start {
            points.append((value, level))
            level = Double(i + 1) / count
            points.append((value, level))
        }
        points.append((end, level))
        return points
    }

    /// What a convergence chart's x axis counts.
    /// `cost`: the evaluation cost of the cost column and the profiles (`Comparison.Row.cost`),
    /// along the run by `Comparison.Row.costAlongTrace`.
    public enum ConvergenceAxis: String, Sendable, CaseIterable { case evaluations, iterations, cost, seconds }

    /// f − f* (or f − the lowest f any solver reached, when f* is unknown) and ‖∇f‖∞ against
    /// f evaluations (or iterations), one line per solver, for one problem. A run that was not
    /// solved is marked × at its end, with its status in the legend.
    public func convergence(
        problem: String, against axis: ConvergenceAxis = .evaluations, logX: Bool = false
    ) -> (value: LineChart, gradient: LineChart) {
        let mine = rows.filter { $0.problem == problem }
        let reference = mine.first?.minimum ?? mine.flatMap { $0.trace.map(\.value) }.min() ?? 0
        let label = mine.first?.minimum == nil ? "f − min f found" : "f − f*"
        func x(_ r: Comparison.Row, _ k: Int) -> Double {
            let e = r.trace[k]
            return switch axis {
            case .evaluations: Double(e.valueEvaluations)
            case .iterations: Double(e.iteration)
            case .cost: r.costAlongTrace(k)
            case .seconds: e.seconds
            }
        }
        func failure(_ r: Comparison.Row) -> String? {
            guard !r.solved else { return nil }
            return r.status.isConverged
                ? "\(r.status.rawValue), not solved (\(label) = \(String(format: "%.2e", r.value - reference)))"
                : r.status.rawValue
        }
        let values = mine.map { r in
            LineChart.Series(
                label: r.solver, points: r.trace.indices.map { (x(r, $0), r.trace[$0].value - reference) },
                failure: failure(r))
        }
        let gradients = mine.map { r in
            LineChart.Series(
                label: r.solver, points: r.trace.indices.map { (x(r, $0), r.trace[$0].gradientNorm) },
                failure: failure(r))
        }
        let xLabel =
            switch axis {
            case .evaluations: "f evaluations"
            case .iterations: "iteration"
            case .cost: "evaluation cost (as compare's cost column)"
            case .seconds: "seconds"
            }
        // On a log x axis, iteration 0 (and a count of 0) has no place: the curves start at 1.
        let scales: LineChart.Scales = logX ? .logLog : .logY
        return (
            LineChart(
                title: "\(problem): \(label)", xLabel: xLabel, yLabel: label, series: values, scales: scales,
                integerX: axis != .seconds, floorLabel: "\(label) ≤ 0 (drawn at the floor)"),
            LineChart(
                title: "\(problem): ‖∇f‖∞", xLabel: xLabel, yLabel: "‖∇f‖∞", series: gradients, scales: scales,
                integerX: axis != .seconds, floorLabel: "‖∇f‖∞ = 0 (drawn at the floor)")
        )
    }
}

extension Comparison.Row {
    /// The evaluation cost (`cost`, in gradient-evaluation equivalents) spent up to trace entry
    /// `index`: its f and ∇f evaluations, which the trace counts exactly, plus the rest of the
    /// run's cost (Hessian-vector products, dense Hessians, Jacobians: the trace does not count
    /// them) spread evenly over the iterations — iteration k of K is charged k/K of it, exact for
    /// one Hessian or one Jacobian per iteration (Newton, Gauss–Newton). At the last entry it is
    /// the row's `cost`, the cost column's number.
    public func costAlongTrace(_ index: Int) -> Double {
        guard let last = trace.last else { return Double(cost) }
        let counted = Double(trace[index].valueEvaluations + trace[index].gradientEvaluations)
        let rest = Double(cost - last.valueEvaluations - last.gradientEvaluations)
        let share = last.iteration > 0 ? Double(trace[index].iteration) / Double(last.iteration) : 1
        return counted + max(0, rest) * share
    }
}
