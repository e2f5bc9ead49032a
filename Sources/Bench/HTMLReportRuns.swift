import Foundation
import Optim

/// The runs table of `HTMLReport`: one row per run, each numeric cell with its exact value in
/// `data-v` (what the page sorts by; empty for a missing or non-finite value, sorted last), each
/// row with its solver and problem set in `data-solver` and `data-set` (what the selects filter).
extension HTMLReport {
    /// A column: its header, whether it sorts as numbers, and its cell (shown text, sort value).
    struct Column: Sendable {
        let header: String
        let numeric: Bool
        let cell: @Sendable (Comparison.Row) -> (text: String, value: Double?)
    }

    static let columns: [Column] = [
        Column(header: "problem", numeric: false) { ($0.problem, nil) },
        Column(header: "solver", numeric: false) { ($0.solver, nil) },
        Column(header: "status", numeric: false) { ($0.status.rawValue, nil) },
        Column(header: "solved", numeric: false) { ($0.solved ? "yes" : "no", nil) },
        Column(header: "f", numeric: true) { (String(format: "%.6e", $0.value), $0.value) },
        Column(header: "f − f*", numeric: true) { r in (r.gap.map { String(format: "%.2e", $0) } ?? "—", r.gap) },
        Column(header: "‖∇f‖∞", numeric: true) { (String(format: "%.2e", $0.gradientNorm), $0.gradientNorm) },
        Column(header: "iterations", numeric: true) { (String($0.iterations), Double($0.iterations)) },
        Column(header: "f evals", numeric: true) { (String($0.valueEvaluations), Double($0.valueEvaluations)) },
        Column(header: "∇f evals", numeric: true) {
            (String($0.gradientEvaluations), Double($0.gradientEvaluations))
        },
        Column(header: "cost", numeric: true) { (String($0.cost), Double($0.cost)) },
        Column(header: "seconds", numeric: true) { (RunReport.seconds($0.seconds), $0.seconds) },
    ]

    var runsSection: String {
        let e = Self.escape
        func options(_ values: [String]) -> String {
            values.map { "<option value=\"\(e($0))\">\(e($0))</option>" }.joined()
        }
        var sets: [String] = []
        for p in report.problems where !sets.contains(Self.problemSet(p)) { sets.append(Self.problemSet(p)) }
        var out = """
            <section id="runs"><h2>Runs</h2>
            <form class="filters" onsubmit="return false">
            <label>Filter <input id="filter-text" type="search" placeholder="problem, solver or status"></label>
            <label>Solver <select id="filter-solver"><option value="">all</option>\(options(report.solvers))</select></label>
            <label>Problem set <select id="filter-set"><option value="">all</option>\(options(sets))</select></label>
            <output id="shown">\(report.rows.count) of \(report.rows.count) runs</output>
            </form>
            <p class="muted">Click a column's header to sort by it (again: the other way).</p>
            <div class="scroll"><table id="runs-table" data-runs="\(report.rows.count)"><thead><tr>
            """
        for (index, column) in Self.columns.enumerated() {
            out += "<th scope=\"col\" tabindex=\"0\" data-column=\"\(index)\""
                + "\(column.numeric ? " class=\"num\" data-type=\"number\"" : "") aria-sort=\"none\">"
                + "\(e(column.header))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in report.rows {
            out += "<tr data-solver=\"\(e(row.solver))\" data-set=\"\(e(Self.problemSet(row.problem)))\""
                + (row.solved ? "" : " class=\"unsolved\"") + ">"
            for column in Self.columns {
                let (text, value) = column.cell(row)
                if column.numeric {
                    let v = value.flatMap { $0.isFinite ? JSONWriter.number($0) : nil } ?? ""
                    out += "<td class=\"num\" data-v=\"\(v)\">\(e(text))</td>"
                } else {
                    out += "<td>\(e(text))</td>"
                }
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table></div></section>\n"
    }
}
