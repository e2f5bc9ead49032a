import Foundation
import Optim

/// Problem files: JSON objects under `problems/`. Kinds:
///
///     {"kind": "quadratic", "Q": [[…], …], "b": […], "x0": […]}
///     {"kind": "mlp", "dataset": "data/digits.csv", "target": "digit", "layers": [64, 32, 10],
///      "activation": "tanh", "head": "softmax", "l2": 1e-4, "split": 0.8, "seed": 1, "standardize": true}
///
/// Quadratic: `x0` is optional (zeros). MLP: `dataset` is a CSV with a header, relative to the
/// problem file; `target` is a column (or a list of columns for sigmoid/identity heads);
/// `layers` are all sizes, input to output; `activation` is one name for every hidden layer
/// or one per hidden layer; `l2` (default 0), `split` (training fraction, default 0.8),
/// `seed` (default 1) and `standardize` (default true) are optional. Every kind takes optional
/// box bounds `"lower"`/`"upper"`: a number for every variable, or an array with null for a
/// variable without that bound (`ProblemFile.Fields.bounds`). Optional `"name"` and
/// `"description"` strings are kept for people; any other field is rejected, so a misspelt
/// field is reported rather than ignored.
public enum ProblemFile {
    public static let kinds = ["quadratic", "mlp", "expression", "program"]

    /// Reads and validates a problem file.
    /// - Parameter settings: for a program, --gradient and --eval-timeout (which override the
    ///   file's "gradient" and "timeout") and --x0 (which overrides its "x0").
    /// - Throws: `ProblemError.file` naming the path and the field at fault.
    /// - Parameter kinds: the kinds accepted (nil: all); a bundled problem is never a program.
    public static func load(
        path: String, settings: ProblemSettings = ProblemSettings(), kinds accepted: Set<String>? = nil
    ) throws(ProblemError) -> TestProblem {
        let data: Data
        do { data = try InputFile.read(path) } catch { throw .file(path: path, field: nil, message: error.reason) }
        let root: JSONValue
        do { root = try JSON.parse([UInt8](data)) } catch {
            throw .file(path: path, field: nil, message: "is not valid JSON (\(error))")
        }
        guard case .object(let object) = root else {
            throw .file(path: path, field: nil, message: "must hold a JSON object, not \(root.kindName)")
        }
        let fields = Fields(path: path, object: object)
        let kind = try fields.string("kind")
        if let accepted, !accepted.contains(kind) {
            throw .file(
                path: path, field: "kind",
                message:
                    "is '\(kind)'; a bundled problem must be of kind \(accepted.sorted().joined(separator: " or "))")
        }
        var problem: TestProblem
        switch kind {
        case "quadratic": problem = try quadratic(fields)
        case "mlp": problem = try mlp(fields).build()
        case "expression": problem = try FormulaProblem.file(fields)
        case "program": problem = try ProgramProblem.file(fields, settings: settings)
        default:
            throw .file(
                path: path, field: "kind",
                message: "unknown kind '\(kind)'; expected one of: \(kinds.joined(separator: ", "))")
        }
        problem.inputFiles = [path] + problem.inputFiles + (kind == "mlp" ? [try fields.datasetPath()] : [])
        if let box = try fields.bounds(dimension: problem.dimension) { problem = problem.on(box) }
        return problem
    }

    private static func quadratic(_ fields: Fields) throws(ProblemError) -> TestProblem {
        try fields.allow(["kind", "name", "description", "Q", "b", "x0"])
        let rows = try fields.numberRows("Q")
        let n = rows.count
        guard n >= 1 else { throw fields.error("Q", "must have at least one row") }
        for (i, row) in rows.enumerated() where row.count != n {
            throw fields.error("Q", "must be square: row \(i) has \(row.count) elements, expected \(n)")
        }
        let b = try fields.numbers("b")
        guard b.count == n else { throw fields.error("b", "must have \(n) elements (the size of Q), got \(b.count)") }
        let x0 = try fields.has("x0") ? fields.numbers("x0") : Array(repeating: 0, count: n)
        guard x0.count == n else {
            throw fields.error("x0", "must have \(n) elements (the size of Q), got \(x0.count)")
        }
        let q: Quadratic
        do { q = try Quadratic(hessian: Matrix(rows), linearTerm: b) } catch {
            throw fields.error("Q", error.description)
        }
        return TestProblem(name: fields.path, objective: q, start: x0, minimizer: q.minimizer, minimum: q.minimum)
    }

    static func mlp(_ fields: Fields) throws(ProblemError) -> MLPSpecification {
        try fields.allow([
            "kind", "name", "description", "dataset", "target", "layers", "activation", "head", "l2", "split", "seed",
            "standardize",
        ])
        let datasetName = try fields.string("dataset"), datasetPath = try fields.datasetPath()
        let table: CSVTable
        do { table = try CSVTable(path: datasetPath) } catch {
            switch error {
            case .unreadable(let reason): throw fields.error("dataset", "\(datasetPath) \(reason)")
            case .malformed(let message): throw fields.error("dataset", "\(datasetPath): \(message)")
            }
        }
        let targetNames = try fields.stringOrStrings("target")
        guard !targetNames.isEmpty else { throw fields.error("target", "must name at least one column") }
        var targetColumns: [Int] = []
        for name in targetNames {
            guard let j = table.columns.firstIndex(of: name) else {
                throw fields.error("target", "no column '\(name)' in \(datasetName)")
            }
            targetColumns.append(j)
        }
        let featureColumns = table.columns.indices.filter { !targetColumns.contains($0) }
        let headName = try fields.string("head")
        guard let head = Head(rawValue: headName) else {
            throw fields.error(
                "head",
                "unknown head '\(headName)'; expected one of: \(Head.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if head == .softmax && targetColumns.count != 1 {
            throw fields.error("target", "the softmax head takes one column of class indices")
        }

        let width = table.columns.count
        var features: [Double] = [], targets: [Double] = []
        features.reserveCapacity(table.rowCount * featureColumns.count)
        for r in 0..<table.rowCount {
            for j in featureColumns { features.append(table.values[r * width + j]) }
            for j in targetColumns {
                let t = table.values[r * width + j]
                if head == .softmax && (t < 0 || t != t.rounded() || t >= 1e6) {
                    throw fields.error("target", "row \(r + 2): \(t) is not a class index (an integer in [0, 999999])")
                }
                if head == .sigmoid && t != 0 && t != 1 {
                    throw fields.error("target", "row \(r + 2): \(t) is not 0 or 1 (sigmoid head)")
                }
                targets.append(t)
            }
        }

        let layers = try fields.integers("layers")
        guard layers.count >= 2, layers.allSatisfy({ $0 >= 1 }) else {
            throw fields.error("layers", "must list at least two positive sizes, input to output")
        }
        guard layers[0] == featureColumns.count else {
            throw fields.error(
                "layers",
                "the first size must be the number of features in \(datasetName), \(featureColumns.count), not "
                    + "\(layers[0])"
            )
        }
        let outputs = head == .softmax ? Int(targets.max()!) + 1 : targetColumns.count
        guard layers.last! == outputs else {
            let what = head == .softmax ? "the number of classes" : "the number of target columns"
            throw fields.error("layers", "the last size must be \(what), \(outputs), not \(layers.last!)")
        }
        let estimate = MLPSpecification.memoryEstimate(
            samples: table.rowCount, targetColumns: targetColumns.count, sizes: layers)
        guard estimate.fits else {
            throw fields.error(
                "layers",
                "the network on \(table.rowCount) samples needs \(estimate.description); "
                    + "\(MemoryEstimate.machineDescription)"
            )
        }
        let activationNames = try fields.stringOrStrings("activation")
        let hidden = layers.count - 2
        guard activationNames.count == 1 || activationNames.count == hidden else {
            throw fields.error("activation", "give one activation or one per hidden layer (\(hidden))")
        }
        var activations: [Activation] = []
        for name in activationNames {
            guard let a = Activation(rawValue: name) else {
                throw fields.error(
                    "activation",
                    "unknown activation '\(name)'; expected one of: "
                        + "\(Activation.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            activations.append(a)
        }
        if activations.count == 1 { activations = Array(repeating: activations[0], count: hidden) }

        let l2 = try fields.has("l2") ? fields.number("l2") : 0
        guard l2 >= 0 else { throw fields.error("l2", "must be ≥ 0, got \(l2)") }
        let split = try fields.has("split") ? fields.number("split") : 0.8
        guard split > 0 && split < 1 else { throw fields.error("split", "must be in (0, 1), got \(split)") }
        let seed = try fields.has("seed") ? fields.number("seed") : 1
        guard seed >= 0, seed == seed.rounded(), seed <= 0x1p53 else {
            throw fields.error("seed", "must be an integer ≥ 0, got \(seed)")
        }
        let standardize = try fields.has("standardize") ? fields.bool("standardize") : true
        let count = table.rowCount
        guard Int((split * Double(count)).rounded()) >= 1, Int((split * Double(count)).rounded()) < count else {
            throw fields.error("split", "leaves an empty training or test part of the \(count) samples")
        }
        return MLPSpecification(
            name: fields.path, features: features, featureCount: featureColumns.count, targets: targets,
            targetCount: targetColumns.count, hiddenSizes: Array(layers.dropFirst().dropLast()),
            activations: activations,
            head: head, l2: l2, split: split, seed: UInt64(seed), standardize: standardize)
    }

    /// Typed access to the fields of a problem file, with errors that name the field.
    struct Fields {
        let path: String
        let object: [String: JSONValue]

        func error(_ field: String, _ message: String) -> ProblemError {
            .file(path: path, field: field, message: message)
        }

        /// "dataset", relative to the problem file's folder unless absolute.
        func datasetPath() throws(ProblemError) -> String {
            let name = try string("dataset")
            return name.hasPrefix("/")
                ? name : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(name).path
        }

        func has(_ field: String) -> Bool { object[field] != nil }

        func allow(_ known: [String]) throws(ProblemError) {
            let known = known + ["lower", "upper"]
            if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                throw error(unknown, "unknown field; expected: \(known.joined(separator: ", "))")
            }
            for field in ["name", "description"] where has(field) { _ = try string(field) }
        }

        func string(_ field: String) throws(ProblemError) -> String {
            guard let value = object[field] else { throw error(field, "is missing") }
            guard case .string(let s) = value else { throw error(field, "must be a string, not \(value.kindName)") }
            return s
        }

        func number(_ field: String) throws(ProblemError) -> Double {
            guard let value = object[field] else { throw error(field, "is missing") }
            guard case .number(let d) = value else { throw error(field, "must be a number, not \(value.kindName)") }
            return d
        }

        func bool(_ field: String) throws(ProblemError) -> Bool {
            guard let value = object[field] else { throw error(field, "is missing") }
            guard case .bool(let b) = value else { throw error(field, "must be true or false, not \(value.kindName)") }
            return b
        }

        func integers(_ field: String) throws(ProblemError) -> [Int] {
            let values = try numbers(field)
            guard values.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e9 }) else {
                throw error(field, "must be an array of integers")
            }
            return values.map { Int($0) }
        }

        /// A string, or an array of strings.
        func stringOrStrings(_ field: String) throws(ProblemError) -> [String] {
            guard let value = object[field] else { throw error(field, "is missing") }
            switch value {
            case .string(let s): return [s]
            case .array(let items):
                var result: [String] = []
                for item in items {
                    guard case .string(let s) = item else {
                        throw error(field, "must be a string or an array of strings")
                    }
                    result.append(s)
                }
                return result
            default: throw error(field, "must be a string or an array of strings, not \(value.kindName)")
            }
        }

        func numbers(_ field: String) throws(ProblemError) -> [Double] {
            guard let value = object[field] else { throw error(field, "is missing") }
            guard case .array(let items) = value else {
                throw error(field, "must be an array of numbers, not \(value.kindName)")
            }
            return try Self.numbers(items) { i, item in
                error(field, "element \(i) is \(item.kindName), expected a number")
            }
        }

        func numberRows(_ field: String) throws(ProblemError) -> [[Double]] {
            guard let value = object[field] else { throw error(field, "is missing") }
            guard case .array(let rows) = value else {
                throw error(field, "must be an array of rows (arrays of numbers), not \(value.kindName)")
            }
            var result: [[Double]] = []
            result.reserveCapacity(rows.count)
            for (i, row) in rows.enumerated() {
                guard case .array(let items) = row else {
                    throw error(field, "row \(i) is \(row.kindName), expected an array of numbers")
                }
                result.append(
                    try Self.numbers(items) { j, item in
                        error(field, "element [\(i)][\(j)] is \(item.kindName), expected a number")
                    })
            }
            return result
        }

        private static func numbers(
            _ items: [JSONValue], failure: (Int, JSONValue) -> ProblemError
        ) throws(ProblemError) -> [Double] {
            var result: [Double] = []
            result.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                guard case .number(let d) = item else { throw failure(i, item) }
                result.append(d)
            }
            return result
        }
    }
}
