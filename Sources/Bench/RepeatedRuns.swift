import Foundation

/// `optbench run --repeat N`: the same run with the seeds s, s + 1, …, s + N − 1 (mini-batch
/// order and dropout; generated problems that take a seed), each run's result, and the mean and
/// spread over the runs of f, ‖∇f‖∞, the iterations (epochs) and every metric — and, when every
/// run recorded the same iterations, of f at each of them (the loss per epoch of training).
public struct RepeatedRuns {
    public let seeds: [UInt64]
    public let reports: [RunReport]

    public init(seeds: [UInt64], reports: [RunReport]) {
        precondition(seeds.count == reports.count && !reports.isEmpty, "one report per seed")
        self.seeds = seeds
        self.reports = reports
    }

    /// Mean, sample standard deviation (n − 1; 0 for one run), least and largest value.
    public struct Spread: Equatable {
        public let mean: Double
        public let standardDeviation: Double
        public let minimum: Double
        public let maximum: Double

        public init(_ values: [Double]) {
            let n = Double(values.count), average = values.reduce(0, +) / n
            mean = average
            let squares = values.reduce(0) { $0 + ($1 - average) * ($1 - average) }
            standardDeviation = values.count > 1 ? (squares / (n - 1)).squareRoot() : 0
            minimum = values.min()!
            maximum = values.max()!
        }

        var json: String {
            JSONWriter.object([("mean", JSONWriter.number(mean)), ("sd", JSONWriter.number(standardDeviation)),
                               ("min", JSONWriter.number(minimum)), ("max", JSONWriter.number(maximum))])
        }
    }

    /// f, ‖∇f‖∞, iterations and each metric of the first run, over the runs (a metric missing
    /// from a run is left out).
    public var quantities: [(name: String, spread: Spread)] {
        var rows: [(String, Spread)] = [
            ("f", Spread(reports.map(\.result.value))),
            ("gradient_norm", Spread(reports.map(\.result.gradientNorm))),
            ("iterations", Spread(reports.map { Double($0.result.iterations) })),
        ]
        for (name, _) in reports[0].metrics {
            let values = reports.compactMap { r in r.metrics.first { $0.name == name }?.value }
            if values.count == reports.count {
                rows.append((name.replacingOccurrences(of: " ", with: "_"), Spread(values)))
            }
        }
        return rows
    }

    /// f at each recorded iteration over the runs, when every run recorded the same iterations.
    public var traceSpread: [(iteration: Int, f: Spread)]? {
        let iterations = reports[0].result.trace.map(\.iteration)
        guard reports.allSatisfy({ $0.result.trace.map(\.iteration) == iterations }) else { return nil }
        return iterations.indices.map { i in (iterations[i], Spread(reports.map { $0.result.trace[i].value })) }
    }

    /// One row per run, then mean ± sd [min, max] of each quantity.
    public var text: String {
        let names = reports[0].metrics.map(\.name)
        var lines = ["problem  \(reports[0].problem.name)  (n = \(reports[0].problem.dimension))",
                     "solver   \(reports[0].result.solver)", "",
                     (["seed", "status", "iterations", "f"] + names).joined(separator: "  ")]
        for (seed, r) in zip(seeds, reports) {
            let metrics = names.map { name in
                r.metrics.first { $0.name == name }.map { RunReport.formatMetric(name, $0.value) } ?? "—"
            }
            lines.append(
                ([
                    String(seed), r.result.status.rawValue, String(r.result.iterations),
                    String(format: "%.9e", r.result.value),
                ] + metrics)
                .joined(separator: "  "))
        }
        lines.append("")
        lines.append("over \(reports.count) runs (seeds \(seeds.first!)–\(seeds.last!)): mean ± sd [min, max]")
        for (name, s) in quantities {
            lines.append(name.padding(toLength: max(name.count, 16), withPad: " ", startingAt: 0)
                + String(format: "%.6g ± %.3g  [%.6g, %.6g]", s.mean, s.standardDeviation, s.minimum, s.maximum))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// {"seeds": […], "summary": {name: {mean, sd, min, max}}, "trace": [{"iteration", "f": {…}}] or
    /// null, "runs": [each run's report]}.
    public var json: String {
        typealias W = JSONWriter
        let trace =
            traceSpread.map { rows in
                "["
                    + rows.map { W.object([("iteration", String($0.iteration)), ("f", $0.f.json)]) }.joined(
                        separator: ",") + "]"
            } ?? "null"
        return W.object([
            ("seeds", "[" + seeds.map(String.init).joined(separator: ",") + "]"),
            ("summary", W.object(quantities.map { ($0.name, $0.spread.json) })),
            ("trace", trace),
            ("runs", "[" + reports.map { $0.json.trimmingCharacters(in: .newlines) }.joined(separator: ",") + "]"),
        ]) + "\n"
    }
}
