import Foundation
import Optim
import Problems

extension Comparison {
    /// What fixes a grid's cells and their results, as `compare` was asked: the kept problem
    /// references, the solver entries, the seeds and starts, and every other argument that
    /// changes a result (stopping rules, `--seed`, `--x0`, `--gradient`, …). Rows of shards
    /// merge only when their definitions are equal (`fingerprint`).
    public struct GridDefinition: Sendable, Equatable {
        public var problems: [String]
        public var solvers: [String]
        public var lineSearch: String?
        /// `--l1 λ`, the L1 weight given to every solver that does not set its own (owlqn).
        public var l1: String?
        public var seeds: [UInt64]?
        public var starts: Int
        public var arguments: [String]

        public init(plan: Plan, lineSearch: String?, l1: String? = nil, arguments: [String]) {
            problems = plan.problems
            solvers = plan.solvers.map(\.label)
            self.lineSearch = lineSearch
            self.l1 = l1
            seeds = plan.seeds
            starts = plan.starts
            self.arguments = arguments
        }

        init(
            problems: [String], solvers: [String], lineSearch: String?, l1: String?, seeds: [UInt64]?, starts: Int,
            arguments: [String]
        ) {
            self.problems = problems
            self.solvers = solvers
            self.lineSearch = lineSearch
            self.l1 = l1
            self.seeds = seeds
            self.starts = starts
            self.arguments = arguments
        }

        public var cellCount: Int { problems.count * (seeds?.count ?? 1) * starts * solvers.count }

        /// `mgh/beale#start2 × lbfgs`: cell `index` by its reference, for messages.
        public func describe(cell index: Int) -> String {
            let seedCount = seeds?.count ?? 1
            let solver = index % solvers.count, instance = index / solvers.count
            let start = instance % starts, seed = (instance / starts) % seedCount,
                problem = instance / (starts * seedCount)
            let label = Instance(problem: problem, seed: seeds?[seed], start: start).label(problems[problem])
            return "\(label) × \(solvers[solver])"
        }

        public var json: String {
            typealias W = JSONWriter
            return W.object([
                ("problems", "[" + problems.map(W.string).joined(separator: ",") + "]"),
                ("solvers", "[" + solvers.map(W.string).joined(separator: ",") + "]"),
                ("line_search", lineSearch.map(W.string) ?? "null"), ("l1", l1.map(W.string) ?? "null"),
                ("seeds", seeds.map { "[" + $0.map { String($0) }.joined(separator: ",") + "]" } ?? "null"),
                ("starts", String(starts)), ("arguments", "[" + arguments.map(W.string).joined(separator: ",") + "]"),
            ])
        }

        /// FNV-1a (64 bits) of `json`, in hex: equal definitions, equal fingerprints.
        public var fingerprint: String { FNV1a.paddedHex(FNV1a.hash(json)) }
    }
}

/// One line of `compare --format jsonl` (JSON Lines): one cell of the grid, self-describing —
/// the grid it belongs to, the problem instance, the solver with all its options, the status,
/// counts, times and trace of the run (or why it did not run), and where it ran
/// (`Provenance`). `optbench merge` rebuilds a comparison from such lines.
public enum ComparisonRecord {
    public static func line(
        _ outcome: Comparison.CellOutcome, plan: Comparison.Plan, definition: Comparison.GridDefinition,
        shard: Comparison.Shard, provenance: Provenance
    ) -> String {
        typealias W = JSONWriter
        let (instance, entry) = plan.cell(outcome.cell)
        var members: [(String, String)] = [
            ("cell", String(outcome.cell)), ("cells", String(definition.cellCount)),
            ("shard", W.string(shard.description)),
            ("fingerprint", W.string(definition.fingerprint)), ("grid", definition.json),
            ("reference", W.string(plan.problems[instance.problem])),
            ("seed", instance.seed.map { String($0) } ?? "null"),
            ("start", String(instance.start)), ("label", W.string(entry.label)),
        ]
        if let r = outcome.row {
            members += r.jsonMembers(.shard)
        } else {
            members.append(("skipped", W.string(outcome.skipped ?? "")))
        }
        members.append(("provenance", W.object(provenance.jsonMembers)))
        return W.object(members)
    }

    /// A line read back: its cell, grid and either the row or the reason it did not run.
    public struct Decoded: Sendable {
        public let cell: Int
        public let fingerprint: String
        public let definition: Comparison.GridDefinition
        public let label: String
        /// The row's fields; the caller attaches the solver's identity from the grid.
        public let row: (@Sendable (SolverIdentity) -> Comparison.Row)?
        public let skipped: String?
        public let cpuModel: String
    }

    /// Why a line is not a record: what is missing or wrong, by field name.
    public struct FormatError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    public static func decode(_ line: String) throws(FormatError) -> Decoded {
        let parsed: JSONValue
        do { parsed = try JSON.parse(line) } catch { throw FormatError(message: "not JSON (\(error))") }
        guard case .object(let object) = parsed else {
            throw FormatError(message: "expected a JSON object, found \(parsed.kindName)")
        }
        let fields = Fields(object: object)
        let definition = try gridDefinition(Fields(object: try fields.object("grid")))
        let cell = try fields.integer("cell")
        guard (0..<definition.cellCount).contains(cell) else {
            throw FormatError(message: "field cell: \(cell) is outside the grid's \(definition.cellCount) cells")
        }
        let provenance = Fields(object: try fields.object("provenance"))
        let cpu = try provenance.string("cpu_model")
        let label = try fields.string("label")
        if let skipped = try fields.optionalString("skipped") {
            return Decoded(
                cell: cell, fingerprint: try fields.string("fingerprint"), definition: definition, label: label,
                row: nil, skipped: skipped,
                cpuModel: cpu)
        }
        // Check every field now; the caller attaches the solver's identity from the grid.
        _ = try ResultRecord.decode(fields, label: label, identity: nil, source: line)
        let row = { @Sendable (identity: SolverIdentity) -> Comparison.Row in
            // Checked above: cannot fail.
            (try? ResultRecord.decode(fields, label: label, identity: identity, source: line))!
        }
        return Decoded(
            cell: cell, fingerprint: try fields.string("fingerprint"), definition: definition, label: label, row: row,
            skipped: nil,
            cpuModel: cpu)
    }

    /// A record's `grid` (or compare's JSON's) read back.
    static func gridDefinition(_ grid: Fields) throws(FormatError) -> Comparison.GridDefinition {
        let seeds = try grid.optionalArray("seeds")?.map { v throws(FormatError) -> UInt64 in
            guard case .number(let n) = v, n >= 0, n == n.rounded(), let seed = UInt64(exactly: n) else {
                throw FormatError(message: "field grid.seeds: expected integers ≥ 0")
            }
            return seed
        }
        return Comparison.GridDefinition(
            problems: try grid.strings("problems"), solvers: try grid.strings("solvers"),
            lineSearch: try grid.optionalString("line_search"),
            l1: try grid.optionalString("l1"), seeds: seeds, starts: try grid.integer("starts"),
            arguments: try grid.strings("arguments"))
    }

    static func traceEntries(_ fields: Fields) throws(FormatError) -> [TraceEntry] {
        let iterations = try fields.integers("iteration"), values = try fields.reals("f"),
            norms = try fields.reals("gradient_norm")
        let steps = try fields.reals("step"), fEvaluations = try fields.integers("f_evaluations")
        let gEvaluations = try fields.integers("gradient_evaluations"), seconds = try fields.reals("seconds")
        let count = iterations.count
        guard [values, norms, steps, seconds].allSatisfy({ $0.count == count }), fEvaluations.count == count,
            gEvaluations.count == count
        else {
            throw FormatError(message: "field trace: its columns have different lengths")
        }
        return (0..<count).map { i in
            TraceEntry(
                iteration: iterations[i], value: values[i], gradientNorm: norms[i], stepLength: steps[i],
                valueEvaluations: fEvaluations[i],
                gradientEvaluations: gEvaluations[i], seconds: seconds[i])
        }
    }

    /// Typed access to an object's members, each failure naming the field. JSON null stands
    /// for a number that was not finite (`JSONWriter`), read back as NaN.
    struct Fields: Sendable {
        let object: [String: JSONValue]

        func member(_ key: String) throws(FormatError) -> JSONValue {
            guard let value = object[key] else { throw FormatError(message: "missing field \(key)") }
            return value
        }

        func wrong(_ key: String, _ expected: String, _ value: JSONValue) -> FormatError {
            FormatError(message: "field \(key): expected \(expected), found \(value.kindName)")
        }

        func object(_ key: String) throws(FormatError) -> [String: JSONValue] {
            let value = try member(key)
            guard case .object(let o) = value else { throw wrong(key, "an object", value) }
            return o
        }

        func string(_ key: String) throws(FormatError) -> String {
            let value = try member(key)
            guard case .string(let s) = value else { throw wrong(key, "a string", value) }
            return s
        }

        func optionalString(_ key: String) throws(FormatError) -> String? {
            guard let value = object[key], value != .null else { return nil }
            return try string(key)
        }

        func integer(_ key: String) throws(FormatError) -> Int {
            let value = try member(key)
            guard case .number(let n) = value, n == n.rounded(), let i = Int(exactly: n) else {
                throw wrong(key, "an integer", value)
            }
            return i
        }

        func real(_ key: String) throws(FormatError) -> Double {
            let value = try member(key)
            switch value {
            case .number(let n): return n
            case .null: return .nan
            default: throw wrong(key, "a number", value)
            }
        }

        func optionalReal(_ key: String) throws(FormatError) -> Double? {
            guard let value = object[key], value != .null else { return nil }
            return try real(key)
        }

        func array(_ key: String) throws(FormatError) -> [JSONValue] {
            let value = try member(key)
            guard case .array(let a) = value else { throw wrong(key, "an array", value) }
            return a
        }

        func optionalArray(_ key: String) throws(FormatError) -> [JSONValue]? {
            guard let value = object[key], value != .null else { return nil }
            return try array(key)
        }

        func strings(_ key: String) throws(FormatError) -> [String] {
            try array(key).map { v throws(FormatError) -> String in
                guard case .string(let s) = v else { throw wrong(key, "an array of strings", v) }
                return s
            }
        }

        func reals(_ key: String) throws(FormatError) -> [Double] {
            try array(key).map { v throws(FormatError) -> Double in
                switch v {
                case .number(let n): return n
                case .null: return .nan
                default: throw wrong(key, "an array of numbers", v)
                }
            }
        }

        func integers(_ key: String) throws(FormatError) -> [Int] {
            try array(key).map { v throws(FormatError) -> Int in
                guard case .number(let n) = v, let i = Int(exactly: n) else {
                    throw wrong(key, "an array of integers", v)
                }
                return i
            }
        }
    }
}
