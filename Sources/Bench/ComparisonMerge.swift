import Foundation

/// `optbench merge`: the rows of sharded comparisons (`compare --shard k/N --format jsonl`)
/// put back together as the unsharded comparison would have produced them — same cells,
/// same order — after checking that they come from one grid and cover it exactly once.
public struct ComparisonMerge {
    public let definition: Comparison.GridDefinition
    public let solvers: [Comparison.SolverEntry]
    /// In cell order.
    public let rows: [Comparison.Row]
    /// Pairs that did not run and why, sorted (as `compare` lists them).
    public let skipped: [String]
    /// Cells no file holds (only with `allowPartial`), described.
    public let missing: [String]
    /// The CPU models the rows ran on.
    public let cpuModels: [String]
    /// The records as read, one per cell, in cell order (`merge --format jsonl`).
    public let lines: [String]

    /// A file's contents by name, for messages.
    public struct Input: Sendable {
        public let name: String
        public let text: String

        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }
    }

    public struct MergeError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// - Parameter allowPartial: merge even when some cells are missing (they are listed in
    ///   `missing`); duplicates are refused always — two results for one cell cannot both be
    ///   the answer.
    public init(_ inputs: [Input], allowPartial: Bool) throws(MergeError) {
        var first: (definition: Comparison.GridDefinition, fingerprint: String, place: String)?
        var records: [Int: (record: ComparisonRecord.Decoded, place: String, line: String)] = [:]
        var duplicates: [String] = []
        for input in inputs {
            var lineNumber = 0
            for line in input.text.split(separator: "\n", omittingEmptySubsequences: false) {
                lineNumber += 1
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty else { continue }
                let place = "\(input.name):\(lineNumber)"
                let record: ComparisonRecord.Decoded
                do { record = try ComparisonRecord.decode(String(trimmed)) } catch {
                    throw MergeError(message: "\(place): not a row of compare --format jsonl: \(error)")
                }
                if let first {
                    guard record.fingerprint == first.fingerprint, record.definition == first.definition else {
                        throw MergeError(
                            message:
                                "\(place): a row of another comparison (grid \(record.fingerprint), not "
                                    + "\(first.fingerprint) as in \(first.place)); "
                                + "merge the shards of one grid at a time")
                    }
                } else {
                    first = (record.definition, record.fingerprint, place)
                }
                if let earlier = records[record.cell] {
                    duplicates.append(
                        "\(record.definition.describe(cell: record.cell)) (\(earlier.place) and \(place))")
                } else {
                    records[record.cell] = (record, place, String(trimmed))
                }
            }
        }
        guard let first else { throw MergeError(message: "no rows: the files hold no compare --format jsonl output") }
        guard duplicates.isEmpty else { throw MergeError(message: "cells given twice: " + Self.list(duplicates)) }
        let definition = first.definition
        let missing = (0..<definition.cellCount).filter { records[$0] == nil }.map { definition.describe(cell: $0) }
        guard missing.isEmpty || allowPartial else {
            throw MergeError(
                message:
                    "\(missing.count) of \(definition.cellCount) cells missing (a shard not given or not finished): "
                    + Self.list(missing) + "; give every shard's file, or --allow-partial")
        }
        var solvers: [Comparison.SolverEntry] = []
        for label in definition.solvers {
            do {
                solvers += try Comparison.solvers(
                    label, lineSearch: definition.lineSearch,
                    l1: definition.l1.map { Assignment("l1", $0) })
            } catch {
                throw MergeError(
                    message:
                        "solver \(label) of the grid is not one this OptBench knows (\(error.error)): merge with the "
                            + "version that ran it"
                )
            }
        }
        var rows: [Comparison.Row] = [], skipped: [String] = [], models: [String] = [], lines: [String] = []
        for cell in records.keys.sorted() {
            let record = records[cell]!.record
            lines.append(records[cell]!.line)
            if !models.contains(record.cpuModel) { models.append(record.cpuModel) }
            if let row = record.row {
                let entry = solvers[cell % solvers.count]
                rows.append(row(entry.choice.identity))
            } else if let reason = record.skipped {
                skipped.append(reason)
            }
        }
        self.definition = definition
        self.solvers = solvers
        self.rows = rows
        self.skipped = skipped.sorted()
        self.missing = missing
        cpuModels = models
        self.lines = lines
    }

    /// The first 20 items, then how many more.
    static func list(_ items: [String]) -> String {
        items.prefix(20).joined(separator: "; ") + (items.count > 20 ? "; and \(items.count - 20) more" : "")
    }
}
