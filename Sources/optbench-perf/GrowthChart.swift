import Bench
import Foundation

/// `optbench-perf growth-chart FILE.csv NOTE`: results/cost-growth.svg from the table
/// scripts/bench/cost_growth.py writes (results/cost-growth.csv), three log-log charts stacked: the
/// solvers' own time per iteration and the objective's time per evaluation against n (a power
/// law is a straight line of its exponent's slope); the own time per element of the working set
/// (ns per n, BFGS per n²) against n, where a cache exit shows as a step (NOTE says where the
/// working sets pass the caches); and the MLP's loss + gradient time against N·h.
enum GrowthChart {
    /// The CSV's rows as dictionaries by column name (no field of this table is quoted).
    static func rows(_ text: String) -> [[String: String]] {
        let lines = text.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        guard let header = lines.first else { failure("growth-chart: the table is empty", status: 2) }
        return lines.dropFirst().map { fields in
            guard fields.count == header.count else {
                failure("growth-chart: a row has \(fields.count) fields, the header \(header.count)", status: 2)
            }
            return Dictionary(uniqueKeysWithValues: zip(header, fields))
        }
    }

    /// The points (x, y) of the rows of `kind`, both read as numbers (a row without one: skipped).
    static func points(
        _ rows: [[String: String]], _ kind: String, _ x: ([String: Double]) -> Double?,
        _ y: ([String: Double]) -> Double?
    ) -> [(x: Double, y: Double)] {
        rows.filter { $0["kind"] == kind }.compactMap { row in
            let numbers = row.compactMapValues(Double.init)
            guard let a = x(numbers), let b = y(numbers) else { return nil }
            return (a, b)
        }
    }

    static func svg(csv: String, note: String) -> String {
        let table = rows(csv)
        let n: ([String: Double]) -> Double? = { $0["n"] }
        let own = ["lbfgs": "L-BFGS (m = 10)", "cg": "CG (PR+)", "bfgs": "BFGS"]
        let perIteration =
            own.sorted { $0.key > $1.key }.map { kind, label in
                LineChart.Series(
                    label: "\(label) own work", points: points(table, kind, n) { $0["own_seconds"].map { $0 * 1e6 } })
            } + [
                LineChart.Series(
                    label: "f and ∇f, one evaluation",
                    points: points(table, "cg", n) { r in
                        r["objective_seconds"].flatMap { t in r["evaluations_per_iteration"].map { t / $0 * 1e6 } }
                    })
            ]
        let perElement = own.sorted { $0.key > $1.key }.map { kind, label in
            LineChart.Series(
                label: kind == "bfgs" ? "\(label), ns per n²" : "\(label), ns per n",
                points: points(table, kind, n) { r in
                    guard let t = r["own_seconds"], let size = r["n"] else { return nil }
                    return t * 1e9 / (kind == "bfgs" ? size * size : size)
                })
        }
        let product: ([String: Double]) -> Double? = { r in r["samples"].flatMap { s in r["hidden"].map { s * $0 } } }
        let mlp = [
            LineChart.Series(
                label: "h = 256, N varies",
                points: points(table, "mlp-samples", product) { $0["seconds"].map { $0 * 1e3 } }),
            LineChart.Series(
                label: "N = 10,000, h varies",
                points: points(table, "mlp-hidden", product) { $0["seconds"].map { $0 * 1e3 } }),
        ]
        return LineChart.stacked([
            LineChart(
                title: "Time per iteration on chained Rosenbrock", xLabel: "n", yLabel: "µs", series: perIteration,
                note: "slope 1: linear growth (L-BFGS, CG, f); slope 2: BFGS", scales: .logLog),
            LineChart(
                title: "Own time per element of the working set", xLabel: "n", yLabel: "ns", series: perElement,
                note: note, scales: .logLog),
            LineChart(
                title: "MLP loss + gradient (64-h-10, tanh/softmax)", xLabel: "N·h", yLabel: "ms", series: mlp,
                note: "slope 1: time proportional to N·h", scales: .logLog),
        ])
    }

    static func run(_ arguments: [String]) -> String {
        guard arguments.count == 2 else {
            failure("growth-chart needs the table (results/cost-growth.csv) and a note", status: 2)
        }
        let text = orExit("growth-chart: reading \(arguments[0])") {
            try String(contentsOfFile: arguments[0], encoding: .utf8)
        }
        return svg(csv: text, note: arguments[1])
    }
}
