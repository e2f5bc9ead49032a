import ArgumentParser
import Bench
import Foundation
import Problems

/// `optbench merge`: the shards of a comparison back into one report.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the JSON Lines of sharded comparisons (compare --shard k/N) into one report.",
        discussion: """
            Rebuilds the tables, summary, profiles and plots that one unsharded compare would have \
            written, in the same row order. Refused: rows of different grids (problems, solvers, \
            stopping rules), a cell given twice, a missing cell (unless --allow-partial), and a \
            wall-time profile over rows from different CPU models (the evaluation profiles pool). \
            Exit status: 0 done, 2 bad input.
            """
    )

    @Argument(
        help: ArgumentHelp("The files compare --shard k/N --format jsonl wrote ('-' reads stdin).", valueName: "files"))
    var files: [String]
    @Flag(name: .customLong("allow-partial"), help: "Merge even when cells are missing (they are listed on stderr).")
    var allowPartial = false
    @OptionGroup var reportOptions: ReportOptions

    func run() throws {
        guard !files.isEmpty else { throw UsageFailure("merge: expected at least one file") }
        let targets = try reportOptions.targets()
        let tau = try reportOptions.solvedTau()
        let format = reportOptions.format ?? .text
        try reportOptions.checkTrace(format: format)
        try targets.checkDistinct(inputs: files.filter { $0 != "-" })
        for (i, file) in files.enumerated() {
            if let earlier = files[..<i].first(where: {
                $0 == file || ($0 != "-" && file != "-" && OutputTarget.sameFile($0, file))
            }) {
                throw UsageFailure("merge: \(file) is given twice (as \(earlier)); give each shard's file once")
            }
        }
        var inputs: [ComparisonMerge.Input] = []
        for file in files {
            if file == "-" {
                let data: Data
                do { data = try InputFile.readStandardInput() } catch {
                    throw UsageFailure("merge: stdin: \(error.reason)")
                }
                inputs.append(ComparisonMerge.Input(name: "stdin", text: String(decoding: data, as: UTF8.self)))
                continue
            }
            do {
                inputs.append(
                    ComparisonMerge.Input(name: file, text: String(decoding: try InputFile.read(file), as: UTF8.self)))
            } catch {
                throw UsageFailure("merge: \(file): \(error.reason)")
            }
        }
        let merged: ComparisonMerge
        do { merged = try ComparisonMerge(inputs, allowPartial: allowPartial) } catch {
            throw UsageFailure("merge: \(error.message)")
        }
        if !merged.missing.isEmpty {
            Console.err(
                "optbench: merge: \(merged.missing.count) cells missing (--allow-partial): "
                    + "\(merged.missing.prefix(20).joined(separator: "; "))\n"
            )
        }
        let interrupted = merged.rows.contains { $0.status == .interrupted }
        var report = ComparisonReport(
            rows: merged.rows, solvers: merged.solvers.map(\.label), skipped: merged.skipped, interrupted: interrupted,
            tau: tau)
        report.definition = merged.definition
        let refusal =
            merged.cpuModels.count > 1
            ? "the rows ran on \(merged.cpuModels.count) CPU models (\(merged.cpuModels.joined(separator: "; "))): "
                + "wall times do not compare across them; use --data-profile, or merge the rows of one model"
            : nil
        try reportOptions.write(report, format: format, jsonl: { merged.lines.map { $0 + "\n" }.joined() },
                                to: targets, timeProfileRefusal: refusal)
    }
}
