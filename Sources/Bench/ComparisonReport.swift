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

    public init(rows: [Comparison.Row], solvers: [String], skipped: [String], interrupted: Bool) {
        self.rows = rows
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
        /// Problems where this solver solved with the fewest f + ∇f evaluations (ties count for each).
        public let wins: Int
    }

    /// Problems solved by every solver.
    public var commonlySolved: [String] {
        problems.filter { p in solvers.allSatisfy { s in rows.contains { $0.problem == p && $0.solver == s && $0.solved } } }
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
                let best = rows.filter { $0.problem == row.problem && $0.solved }.map(\.evaluations).min()!
                return row.evaluations == best
            }.count
            return SolverSummary(solver: solver, runs: mine.count, solved: mine.filter(\.solved).count,
                                 meanEvaluations: Self.shiftedGeometricMean(inCommon.map { Double($0.evaluations) }, shift: 10),
                                 meanSeconds: Self.shiftedGeometricMean(inCommon.map(\.seconds), shift: 1e-3), wins: wins)
        }
    }

    // MARK: Tables

    static let header = ["problem", "n", "solver", "status", "solved", "iterations", "f evals", "∇f evals", "f", "f − f*", "‖∇f‖∞", "seconds"]

    func cells(_ r: Comparison.Row) -> [String] {
        [r.problem, String(r.dimension), r.solver, r.status.rawValue, r.solved ? "yes" : "no", String(r.iterations),
         String(r.valueEvaluations), String(r.gradientEvaluations), String(format: "%.6e", r.value),
         r.gap.map { String(format: "%.2e", $0) } ?? "—", String(format: "%.2e", r.gradientNorm), String(format: "%.4f", r.seconds)]
    }

    var summaryLines: [[String]] {
        summaries.map { s in
            [s.solver, "\(s.solved)/\(s.runs)", s.meanEvaluations.map { String(format: "%.1f", $0) } ?? "—",
             s.meanSeconds.map { String(format: "%.5f", $0) } ?? "—", String(s.wins)]
        }
    }
    static let summaryHeader = ["solver", "solved", "f+∇f evals (sgm)", "seconds (sgm)", "wins"]

    var footnotes: [String] {
        var notes = ["solved: converged and f − f* ≤ 1e-5·max(1, |f*|) where f* is known; sgm: shifted geometric mean "
                     + "(shift 10 evaluations, 1 ms) over the \(commonlySolved.count) problems every solver solved; "
                     + "wins: solved with the fewest f + ∇f evaluations (ties count for each)."]
        if interrupted { notes.append("interrupted: only the rows above had finished.") }
        notes += skipped.map { "skipped: \($0)" }
        return notes
    }

    /// Aligned columns for the terminal.
    public var text: String {
        func table(_ header: [String], _ body: [[String]]) -> String {
            let widths = header.indices.map { c in ([header[c]] + body.map { $0[c] }).map(\.count).max()! }
            let line: ([String]) -> String = { cells in
                cells.enumerated().map { c, cell in c < 4 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : RunReport.padLeft(cell, widths[c]) }.joined(separator: "  ")
            }
            return ([line(header)] + body.map(line)).joined(separator: "\n")
        }
        return table(Self.header, rows.map(cells)) + "\n\n" + table(Self.summaryHeader, summaryLines) + "\n\n"
            + footnotes.joined(separator: "\n") + "\n"
    }

    public var markdown: String {
        func table(_ header: [String], _ body: [[String]], numericFrom: Int) -> String {
            let rule = header.indices.map { $0 >= numericFrom ? "---:" : "---" }
            return ([header, rule] + body).map { "| " + $0.joined(separator: " | ") + " |" }.joined(separator: "\n")
        }
        return table(Self.header, rows.map(cells), numericFrom: 5) + "\n\n" + table(Self.summaryHeader, summaryLines, numericFrom: 1)
            + "\n\n" + footnotes.map { "- \($0)" }.joined(separator: "\n") + "\n"
    }

    /// A field as RFC 4180 writes it: quoted (with quotes doubled) when it holds a comma, a
    /// quote or a line break.
    public static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public var csv: String {
        var out = "problem,n,solver,status,solved,iterations,f_evaluations,gradient_evaluations,f,f_minimum,gradient_norm,seconds,blas_threads\n"
        for r in rows {
            out += "\(Self.csvField(r.problem)),\(r.dimension),\(Self.csvField(r.solver)),\(r.status.rawValue),\(r.solved),\(r.iterations),\(r.valueEvaluations),"
                + "\(r.gradientEvaluations),\(RunReport.csvNumber(r.value)),\(r.minimum.map(RunReport.csvNumber) ?? ""),"
                + "\(RunReport.csvNumber(r.gradientNorm)),\(RunReport.csvNumber(r.seconds)),\(r.blasThreads)\n"
        }
        return out
    }

    public var json: String {
        typealias W = JSONWriter
        let rowsJSON = "[" + rows.map { r in
            W.object([("problem", W.string(r.problem)), ("dimension", String(r.dimension)), ("solver", W.string(r.solver)),
                      ("status", W.string(r.status.rawValue)), ("solved", r.solved ? "true" : "false"), ("iterations", String(r.iterations)),
                      ("f_evaluations", String(r.valueEvaluations)), ("gradient_evaluations", String(r.gradientEvaluations)),
                      ("f", W.number(r.value)), ("f_minimum", r.minimum.map(W.number) ?? "null"), ("gradient_norm", W.number(r.gradientNorm)),
                      ("seconds", W.number(r.seconds)), ("blas_threads", String(r.blasThreads))])
        }.joined(separator: ",") + "]"
        let summaryJSON = "[" + summaries.map { s in
            W.object([("solver", W.string(s.solver)), ("runs", String(s.runs)), ("solved", String(s.solved)),
                      ("shifted_geometric_mean_evaluations", s.meanEvaluations.map(W.number) ?? "null"),
                      ("shifted_geometric_mean_seconds", s.meanSeconds.map(W.number) ?? "null"), ("wins", String(s.wins))])
        }.joined(separator: ",") + "]"
        return W.object([("rows", rowsJSON), ("summary", summaryJSON), ("commonly_solved", String(commonlySolved.count)),
                         ("interrupted", interrupted ? "true" : "false"), ("skipped", "[" + skipped.map(W.string).joined(separator: ",") + "]")]) + "\n"
    }

    // MARK: Pictures

    /// Dolan & Moré, "Benchmarking optimization software with performance profiles", Math.
    /// Program. 91 (2002): for each solver s, ρₛ(τ) = the fraction of problems p with
    /// t_{p,s} ≤ τ·min_s t_{p,s}, with t = ∞ where s did not solve p.
    public func profile(byTime: Bool) -> LineChart {
        func cost(_ r: Comparison.Row) -> Double { r.solved ? (byTime ? max(r.seconds, 1e-9) : Double(r.evaluations)) : .infinity }
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
        let series = solvers.map { s -> LineChart.Series in
            let sorted = (ratios[s] ?? []).filter(\.isFinite).sorted()
            var points: [(x: Double, y: Double)] = [(1, Double(sorted.filter { $0 <= 1 }.count) / count)]
            var level = points[0].y
            for (i, r) in sorted.enumerated() where r > 1 {
                points.append((r, level))
                level = Double(i + 1) / count
                points.append((r, level))
            }
            points.append((tauMax, level))
            return LineChart.Series(label: s, points: points)
        }
        return LineChart(title: "Performance profile by \(byTime ? "time" : "f + ∇f evaluations") (\(problems.count) problems)",
                         xLabel: "τ (ratio to the best solver, log₂ scale)", yLabel: "fraction of problems solved within τ",
                         series: series, scales: .profile)
    }

    /// f − f* (or f − the lowest f any solver reached, when f* is unknown) and ‖∇f‖∞ against
    /// f evaluations, one line per solver, for one problem.
    public func convergence(problem: String) -> (value: LineChart, gradient: LineChart) {
        let mine = rows.filter { $0.problem == problem }
        let reference = mine.first?.minimum ?? mine.flatMap { $0.trace.map(\.value) }.min() ?? 0
        let label = mine.first?.minimum == nil ? "f − min f found" : "f − f*"
        let values = mine.map { r in LineChart.Series(label: r.solver, points: r.trace.map { (Double($0.valueEvaluations), $0.value - reference) }) }
        let gradients = mine.map { r in LineChart.Series(label: r.solver, points: r.trace.map { (Double($0.valueEvaluations), $0.gradientNorm) }) }
        return (LineChart(title: "\(problem): \(label)", xLabel: "f evaluations", yLabel: label, series: values),
                LineChart(title: "\(problem): ‖∇f‖∞", xLabel: "f evaluations", yLabel: "‖∇f‖∞", series: gradients))
    }
}
