import Foundation
import Optim
import Problems

/// What `optbench report` reads: the output of `compare --format json` (or `merge --format
/// json`), one object per file, and the JSON Lines of `compare --format jsonl` (shards, merged
/// here as `merge` merges them), read back into one comparison's rows with where each file came
/// from (`Source`). Every refusal names the file.
public struct ReportInput {
    /// One file of compare's JSON, or all the JSON Lines files together (one grid).
    public struct Source: Sendable {
        /// The file name(s) as given.
        public let name: String
        /// Where the rows ran: one entry per distinct build and machine (the dates of its rows
        /// as `date`, the first and last joined by " – " when they differ).
        public let provenances: [Provenance]
        /// The grid as compare was asked for it (nil: the JSON predates the `grid` member).
        public let definition: Comparison.GridDefinition?
        public let runs: Int
    }

    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public let sources: [Source]
    public let rows: [Comparison.Row]
    public let solvers: [String]
    public let skipped: [String]
    public let interrupted: Bool
    /// τ of the rows' solved test: `tau` as given, else the τ the JSON recorded (all files
    /// alike), else `Comparison.solvedTolerance`.
    public let tau: Double
    /// Whether every row has its trace (then the data profile and convergence plots can be drawn).
    public var hasTraces: Bool { rows.allSatisfy { $0.recordedSolved == nil } }

    /// - Parameters:
    ///   - files: each file's name (for messages) and text, in the order given.
    ///   - tau: `--tau`, or nil for the recorded one.
    public init(_ files: [(name: String, text: String)], tau: Double?) throws(Failure) {
        var sources: [Source] = [], rows: [Comparison.Row] = [], solvers: [String] = [], skipped: [String] = []
        var interrupted = false, recordedTaus: [(tau: Double, file: String)] = []
        var lines: [ComparisonMerge.Input] = []
        for file in files {
            let text = file.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else {
                throw Failure(message: "\(file.name): empty; expected the output of compare --format json or jsonl")
            }
            let whole: JSONValue
            do { whole = try JSON.parse(text) } catch {
                // JSON Lines (several values) when the first line alone is an object.
                let first = text.prefix { $0 != "\n" }
                guard case .object? = try? JSON.parse(String(first)) else {
                    throw Failure(message: "\(file.name): not JSON (\(error))")
                }
                lines.append(ComparisonMerge.Input(name: file.name, text: file.text))
                continue
            }
            guard case .object(let object) = whole else {
                throw Failure(
                    message: "\(file.name): not compare output: expected a JSON object, found \(whole.kindName)")
            }
            if object["rows"] == nil && object["grid"] != nil && object["cell"] != nil {
                lines.append(ComparisonMerge.Input(name: file.name, text: file.text))  // One line of JSON Lines.
                continue
            }
            let read: Compared
            do { read = try Self.compared(object, text: text) } catch {
                throw Failure(message: "\(file.name): not compare output: \(error.message)")
            }
            guard !read.rows.isEmpty else { throw Failure(message: "\(file.name): no runs (its rows are empty)") }
            if let recorded = read.tau { recordedTaus.append((recorded, file.name)) }
            rows += read.rows
            for label in read.solvers where !solvers.contains(label) { solvers.append(label) }
            skipped += read.skipped
            interrupted = interrupted || read.interrupted
            sources.append(
                Source(
                    name: file.name, provenances: read.provenance.map { [$0] } ?? [], definition: read.definition,
                    runs: read.rows.count))
        }
        if !lines.isEmpty {
            let merged: ComparisonMerge
            do { merged = try ComparisonMerge(lines, allowPartial: false) } catch {
                throw Failure(message: error.message)
            }
            let names = lines.map(\.name).joined(separator: ", ")
            guard !merged.rows.isEmpty else { throw Failure(message: "\(names): no runs (every cell was skipped)") }
            rows += merged.rows
            for label in merged.solvers.map(\.label) where !solvers.contains(label) { solvers.append(label) }
            skipped += merged.skipped
            sources.append(
                Source(
                    name: names, provenances: Self.provenances(merged.lines), definition: merged.definition,
                    runs: merged.rows.count))
        }
        try Self.checkDistinct(rows, sources: sources)
        if let given = tau {
            if rows.contains(where: { $0.recordedSolved != nil }) {
                throw Failure(
                    message: "--tau: the rows of compare --format json without --trace keep the solved test they were "
                        + "written with (f(x₀) is not in them); rerun compare with --trace, or leave --tau out")
            }
            self.tau = given
        } else if let first = recordedTaus.first {
            if let other = recordedTaus.first(where: { $0.tau != first.tau }) {
                throw Failure(
                    message: "\(other.file): solved at τ = \(other.tau), \(first.file) at τ = \(first.tau); give --tau "
                        + "(with --trace output) or files of one τ")
            }
            self.tau = first.tau
        } else {
            self.tau = Comparison.solvedTolerance
        }
        self.sources = sources
        self.rows = rows
        self.solvers = solvers
        self.skipped = skipped.sorted()
        self.interrupted = interrupted
    }

    /// A run given twice (the same problem and solver in two files) is refused: the profiles
    /// would count it twice.
    static func checkDistinct(_ rows: [Comparison.Row], sources: [Source]) throws(Failure) {
        var seen: [String: Int] = [:]
        var offset = 0
        for (index, source) in sources.enumerated() {
            for row in rows[offset..<(offset + source.runs)] {
                let key = row.problem + "\u{0}" + row.solver
                if let earlier = seen[key] {
                    let place = earlier == index ? "twice in it" : "also in \(sources[earlier].name)"
                    throw Failure(
                        message: "\(source.name): the run \(row.problem) × \(row.solver) is \(place); give each run "
                            + "once")
                }
                seen[key] = index
            }
            offset += source.runs
        }
    }

    /// One file of compare's JSON, read.
    struct Compared {
        var rows: [Comparison.Row] = []
        var solvers: [String] = []
        var skipped: [String] = []
        var interrupted = false
        var tau: Double?
        var definition: Comparison.GridDefinition?
        var provenance: Provenance?
    }

    static func compared(_ object: [String: JSONValue], text: String) throws(ComparisonRecord.FormatError)
        -> Compared
    {
        typealias Fields = ComparisonRecord.Fields
        let fields = Fields(object: object)
        var read = Compared()
        for item in try fields.array("rows") {
            guard case .object(var members) = item else {
                throw ComparisonRecord.FormatError(message: "field rows: expected objects, found \(item.kindName)")
            }
            let traced = members["trace"] != nil
            if !traced { members["trace"] = .array([]) }
            // A row without hessian_cost (compare's JSON before --trace): the cost it recorded gives it.
            if members["hessian_cost"] == nil, case .number(let hessians)? = members["hessian_evaluations"],
                hessians > 0, case .number(let cost)? = members["cost"]
            {
                let others = ["f_evaluations", "gradient_evaluations", "hessian_vector_products"].compactMap {
                    if case .number(let n)? = members[$0] { n } else { nil }
                }
                var jacobians = 0.0
                if case .number(let j)? = members["jacobian_evaluations"], case .number(let n)? = members["dimension"] {
                    jacobians = j * n
                }
                members["hessian_cost"] = .number(((cost - others.reduce(0, +) - jacobians) / hessians).rounded())
            }
            let rowFields = Fields(object: members)
            var row: Comparison.Row
            do { row = try ResultRecord.decode(rowFields, label: nil, identity: nil, source: text) } catch {
                throw ComparisonRecord.FormatError(message: "row \(read.rows.count + 1): \(error.message)")
            }
            if !traced {
                guard case .bool(let solved)? = members["solved"] else {
                    throw ComparisonRecord.FormatError(
                        message: "row \(read.rows.count + 1): field solved: expected a boolean")
                }
                row.recordedSolved = solved
            }
            read.rows.append(row)
        }
        if let summary = try fields.optionalArray("summary") {
            for case .object(let s) in summary {
                if case .string(let label)? = s["label"] { read.solvers.append(label) }
            }
        }
        for row in read.rows where !read.solvers.contains(row.solver) { read.solvers.append(row.solver) }
        if try fields.optionalArray("skipped") != nil { read.skipped = try fields.strings("skipped") }
        if case .bool(let interrupted)? = object["interrupted"] { read.interrupted = interrupted }
        read.tau = try fields.optionalReal("tau")
        if let grid = object["grid"], case .object(let members) = grid {
            read.definition = try ComparisonRecord.gridDefinition(Fields(object: members))
        }
        if case .object(let members)? = object["provenance"] { read.provenance = provenance(members) }
        return read
    }

    /// A `provenance` object read back; members that are missing or of another type read as
    /// "unknown" (provenance describes, it does not decide anything).
    static func provenance(_ members: [String: JSONValue]) -> Provenance {
        func text(_ key: String) -> String? { if case .string(let s)? = members[key] { s } else { nil } }
        var threads = 0
        if case .number(let n)? = members["blas_threads"], let i = Int(exactly: n) { threads = i }
        return Provenance(
            version: text("version") ?? "unknown", commit: text("commit"), build: text("build") ?? "unknown",
            blasLibrary: text("blas_library") ?? "unknown", blasThreads: threads,
            cpuModel: text("cpu_model") ?? "unknown", host: text("host") ?? "unknown", date: text("date") ?? "")
    }

    /// The distinct builds and machines of JSON Lines records, in order of appearance, each with
    /// the span of its rows' dates.
    static func provenances(_ lines: [String]) -> [Provenance] {
        var distinct: [Provenance] = [], dates: [[String]] = []
        for line in lines {
            guard case .object(let record)? = try? JSON.parse(line),
                case .object(let members)? = record["provenance"]
            else { continue }
            var p = provenance(members)
            let date = p.date
            p.date = ""
            if let index = distinct.firstIndex(of: p) {
                dates[index].append(date)
            } else {
                distinct.append(p)
                dates.append([date])
            }
        }
        return zip(distinct, dates).map { p, dates in
            var p = p
            let sorted = dates.filter { !$0.isEmpty }.sorted()
            if let first = sorted.first, let last = sorted.last {
                p.date = first == last ? first : "\(first) – \(last)"
            }
            return p
        }
    }
}

extension Comparison.GridDefinition {
    /// The `optbench compare` command that runs this grid, each argument quoted for a POSIX
    /// shell where it needs it (problems as expanded: `mgh` is its 35 names).
    public var commandLine: String {
        var words = ["optbench", "compare", "--solvers", solvers.joined(separator: ",")]
        // One comma list, or one flag per problem when a name holds a comma (a formula).
        if problems.contains(where: { $0.contains(",") }) {
            for problem in problems { words += ["--problems", problem] }
        } else {
            words += ["--problems", problems.joined(separator: ",")]
        }
        if let lineSearch { words += ["--line-search", lineSearch] }
        if let l1 { words += ["--l1", l1] }
        if let seeds { words += ["--seeds", seeds.map { String($0) }.joined(separator: ",")] }
        if starts > 1 { words += ["--starts", String(starts)] }
        return (words + arguments).map(Self.quoted).joined(separator: " ")
    }

    static func quoted(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,+@%")
        let plain = !word.isEmpty && word.allSatisfy { safe.contains($0) }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
