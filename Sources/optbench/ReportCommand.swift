import ArgumentParser
import Bench
import Foundation
import Problems

/// `optbench report`: a comparison's results as one self-contained HTML page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Build one self-contained HTML report from compare's JSON output or its shards.",
        discussion: """
            Reads compare --format json (or merge --format json) files, and compare --format jsonl shards \
            (merged as optbench merge merges them). The page holds the provenance (version, build, commit, BLAS, \
            machine, the compare command), the summary as compare prints it, a table of every run (click a column \
            header to sort; filter by text, solver and problem set), the performance profiles, and, when the rows \
            have their traces (compare --format json --trace, or jsonl), the data profile and per-problem \
            convergence plots. It loads nothing from the network: style, script and charts (SVG) are inline. \
            Exit status: 0 written, 2 bad input.
            """
    )

    @Argument(
        help: ArgumentHelp(
            "Files written by compare --format json (--trace for convergence plots) or --format jsonl, or by merge.",
            valueName: "results"))
    var files: [String]
    @Option(help: ArgumentHelp("Write the HTML page to this file (atomically).", valueName: "report.html"))
    var output: String
    @Option(
        help: ArgumentHelp(
            "τ of the solved test, for rows with their traces (default: the τ the JSON recorded, else 1e-5).",
            valueName: "τ"))
    var tau: Double?

    func run() throws {
        guard !files.isEmpty else { throw UsageFailure("report: expected at least one results file") }
        if let tau, !(tau > 0 && tau < 1) {
            throw UsageFailure("invalid value '\(tau)' for --tau: expected a number in (0, 1), e.g. 1e-5")
        }
        let target = try OutputTarget(path: output, flag: "--output")
        try OutputTarget.checkDistinct([target], inputs: files)
        for (i, file) in files.enumerated() {
            if let earlier = files[..<i].first(where: { $0 == file || OutputTarget.sameFile($0, file) }) {
                throw UsageFailure("report: \(file) is given twice (as \(earlier)); give each file once")
            }
        }
        var texts: [(name: String, text: String)] = []
        for file in files {
            do { texts.append((file, String(decoding: try InputFile.read(file), as: UTF8.self))) } catch {
                throw UsageFailure("report: \(file): \(error.reason)")
            }
        }
        let input: ReportInput
        do { input = try ReportInput(texts, tau: tau) } catch { throw UsageFailure("report: \(error.message)") }
        try target.write(HTMLReport(input, writer: Provenance.current()).html)
    }
}
