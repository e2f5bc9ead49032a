import Foundation
import Optim

/// `optbench report`: a comparison as one self-contained HTML page — provenance, the summary as
/// `compare` prints it, a sortable and filterable table of the runs, the performance and data
/// profiles and per-problem convergence plots, drawn by the same `ComparisonReport` code as
/// `compare --profile/--data-profile/--plots` and inlined as SVG. The page loads nothing: its
/// style and script are inline (`HTMLReportAssets`), so it reads the same offline and archived.
public struct HTMLReport {
    public let report: ComparisonReport
    public let input: ReportInput
    /// Who wrote the page, and when.
    public let writer: Provenance

    public init(_ input: ReportInput, writer: Provenance) {
        self.input = input
        self.writer = writer
        report = ComparisonReport(
            rows: input.rows, solvers: input.solvers, skipped: input.skipped, interrupted: input.interrupted,
            tau: input.tau)
    }

    /// Text for HTML content and quoted attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A chart's SVG for inlining: the XML namespace is implied inside HTML.
    static func inline(_ svg: String) -> String {
        svg.replacingOccurrences(of: " xmlns=\"http://www.w3.org/2000/svg\"", with: " role=\"img\"")
    }

    /// The problem set of a problem name: `files` for a problem file (`….json`), else what
    /// precedes its first `/` (`mgh/wood` → `mgh`), or its first `:` (`quadratic:n=10` →
    /// `quadratic`), or the name itself (the instance's `#seed…`/`#start…` left out).
    static func problemSet(_ problem: String) -> String {
        let base = problem.split(separator: "#", maxSplits: 1).first.map(String.init) ?? problem
        if base.hasSuffix(".json") || base.hasPrefix("/") || base.hasPrefix(".") { return "files" }
        if let slash = base.firstIndex(of: "/") { return String(base[..<slash]) }
        if let colon = base.firstIndex(of: ":") { return String(base[..<colon]) }
        return base
    }

    public var html: String {
        let title = "OptBench comparison: \(report.solvers.count) solvers × \(report.problems.count) problems"
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="OptBench \(Self.escape(writer.version))">
            <title>\(Self.escape(title))</title>
            <style>\(HTMLReportAssets.style)</style>
            </head>
            <body>
            <header><h1>\(Self.escape(title))</h1>
            <p>\(report.rows.count) runs; \(Self.escape(Comparison.solvedRule(tau: report.tau))).</p>
            <nav><a href="#summary">Summary</a> · <a href="#runs">Runs</a> · <a href="#profiles">Profiles</a> · \
            <a href="#convergence">Convergence</a> · <a href="#provenance">Provenance</a></nav></header>

            """
        out += summarySection + runsSection + profilesSection + convergenceSection + provenanceSection
        out += "<script>\(HTMLReportAssets.script)</script>\n</body>\n</html>\n"
        return out
    }

    /// A table of text cells (escaped); columns from `numericFrom` on are right-aligned.
    static func table(_ header: [String], _ body: [[String]], numericFrom: Int) -> String {
        var out = "<table><thead><tr>"
        for (c, h) in header.enumerated() { out += "<th\(c >= numericFrom ? " class=\"num\"" : "")>\(escape(h))</th>" }
        out += "</tr></thead><tbody>\n"
        for row in body {
            out += "<tr>"
            for (c, cell) in row.enumerated() {
                out += "<td\(c >= numericFrom ? " class=\"num\"" : "")>\(escape(cell))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    var summarySection: String {
        var out = "<section id=\"summary\"><h2>Summary</h2>\n"
        out += Self.table(ComparisonReport.summaryHeader, report.summaryLines, numericFrom: 1)
        if input.hasTraces {
            let moreWild = report.moreWildLines
            out += "<h3>Moré–Wild test: problems passed</h3>\n"
            out += Self.table(moreWild[0], Array(moreWild.dropFirst()), numericFrom: 1)
        } else {
            out += "<p class=\"note\">The rows have no traces (compare --format json without --trace): the Moré–Wild "
                + "counts, the data profile and the convergence plots need them.</p>\n"
        }
        out += "<ul class=\"notes\">" + report.footnotes.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>\n"
        return out + "</section>\n"
    }

    var profilesSection: String {
        var out = "<section id=\"profiles\"><h2>Profiles</h2>\n<div class=\"charts\">"
        out += "<figure>\(Self.inline(report.profile(byTime: false).svg))</figure>"
        let models = Set(input.sources.flatMap { $0.provenances.map(\.cpuModel) })
        if models.count > 1 {
            out += "<p class=\"note\">No profile by time: the rows ran on \(models.count) CPU models, whose wall "
                + "times do not compare.</p>"
        } else {
            out += "<figure>\(Self.inline(report.profile(byTime: true).svg))</figure>"
        }
        if input.hasTraces { out += "<figure>\(Self.inline(report.dataProfile().svg))</figure>" }
        return out + "</div></section>\n"
    }

    var convergenceSection: String {
        var out = "<section id=\"convergence\"><h2>Convergence</h2>\n"
        let traced = report.problems.filter { p in report.rows.contains { $0.problem == p && !$0.trace.isEmpty } }
        guard !traced.isEmpty else {
            return out + "<p class=\"note\">No traces in the input: run compare with --format json --trace, or "
                + "--format jsonl.</p></section>\n"
        }
        out += "<p>f − f* and ‖∇f‖∞ against f evaluations, one line per solver; × marks a run not solved.</p>\n"
        for problem in traced {
            let mine = report.rows.filter { $0.problem == problem }
            let solved = mine.filter(\.solved).count
            let charts = report.convergence(problem: problem)
            out += "<details data-problem=\"\(Self.escape(problem))\"><summary>\(Self.escape(problem)) "
                + "<span class=\"muted\">n = \(mine.first?.dimension ?? 0), solved by \(solved) of \(mine.count)"
                + "</span></summary><div class=\"charts\"><figure>\(Self.inline(charts.value.svg))</figure>"
                + "<figure>\(Self.inline(charts.gradient.svg))</figure></div></details>\n"
        }
        return out + "</section>\n"
    }

    var provenanceSection: String {
        var out = "<section id=\"provenance\"><h2>Provenance</h2>\n"
        for source in input.sources {
            out += "<h3>\(Self.escape(source.name)) <span class=\"muted\">(\(source.runs) runs)</span></h3>\n<dl>"
            out += "<dt>command</dt><dd><code>"
                + Self.escape(source.definition?.commandLine ?? "not recorded (compare output without its grid)")
                + "</code></dd>"
            out += "<dt>τ of the solved test</dt><dd>\(Self.escape(NumberStyle.format(report.tau)))</dd>"
            out += "</dl>\n"
            for p in source.provenances { out += Self.provenanceList(p) }
        }
        out += "<h3>This page</h3>" + Self.provenanceList(writer)
        return out + "</section>\n"
    }

    static func provenanceList(_ p: Provenance) -> String {
        let items: [(String, String)] = [
            ("OptBench", p.version), ("build", p.build), ("commit", p.commit ?? "unknown"), ("BLAS", p.blasLibrary),
            ("machine", "\(p.cpuModel), host \(p.host), \(p.blasThreads) BLAS thread\(p.blasThreads == 1 ? "" : "s")"),
            ("date", p.date),
        ]
        return "<dl>" + items.map { "<dt>\(escape($0.0))</dt><dd>\(escape($0.1))</dd>" }.joined() + "</dl>\n"
    }
}
