import Foundation
import Optim

/// Problem files: JSON objects under `problems/`. Supported kind:
///
///     {"kind": "quadratic", "Q": [[…], …], "b": […], "x0": […]}
///
/// `x0` is optional (zeros). Optional `"name"` and `"description"` strings are kept for
/// people; any other field is rejected, so a misspelt field is reported rather than ignored.
public enum ProblemFile {
    public static let kinds = ["quadratic"]

    /// Reads and validates a problem file.
    /// - Throws: `ProblemError.file` naming the path and the field at fault.
    public static func load(path: String) throws(ProblemError) -> TestProblem {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw .file(path: path, field: nil, message: exists ? "cannot be read" : "no such file")
        }
        let root: JSONValue
        do { root = try JSON.parse([UInt8](data)) } catch {
            throw .file(path: path, field: nil, message: "is not valid JSON (\(error))")
        }
        guard case .object(let object) = root else {
            throw .file(path: path, field: nil, message: "must hold a JSON object, not \(root.kindName)")
        }
        let fields = Fields(path: path, object: object)
        let kind = try fields.string("kind")
        switch kind {
        case "quadratic": return try quadratic(fields)
        default: throw .file(path: path, field: "kind", message: "unknown kind '\(kind)'; expected one of: \(kinds.joined(separator: ", "))")
        }
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
        guard x0.count == n else { throw fields.error("x0", "must have \(n) elements (the size of Q), got \(x0.count)") }
        let q: Quadratic
        do { q = try Quadratic(hessian: Matrix(rows), linearTerm: b) } catch {
            throw fields.error("Q", error.description)
        }
        return TestProblem(name: fields.path, objective: q, start: x0, minimizer: q.minimizer, minimum: q.minimum)
    }

    /// Typed access to the fields of a problem file, with errors that name the field.
    struct Fields {
        let path: String
        let object: [String: JSONValue]

        func error(_ field: String, _ message: String) -> ProblemError { .file(path: path, field: field, message: message) }

        func has(_ field: String) -> Bool { object[field] != nil }

        func allow(_ known: [String]) throws(ProblemError) {
            if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                throw error(unknown, "unknown field; expected: \(known.joined(separator: ", "))")
            }
        }

        func string(_ field: String) throws(ProblemError) -> String {
            guard let value = object[field] else { throw error(field, "is missing") }
            guard case .string(let s) = value else { throw error(field, "must be a string, not \(value.kindName)") }
            return s
        }

        func numbers(_ field: String) throws(ProblemError) -> [Double] {
            guard let value = object[field] else { throw error(field, "is missing") }
            guard case .array(let items) = value else { throw error(field, "must be an array of numbers, not \(value.kindName)") }
            return try Self.numbers(items) { i, item in
                error(field, "element \(i) is \(item.kindName), expected a number")
            }
        }

        func numberRows(_ field: String) throws(ProblemError) -> [[Double]] {
            guard let value = object[field] else { throw error(field, "is missing") }
            guard case .array(let rows) = value else { throw error(field, "must be an array of rows (arrays of numbers), not \(value.kindName)") }
            var result: [[Double]] = []
            result.reserveCapacity(rows.count)
            for (i, row) in rows.enumerated() {
                guard case .array(let items) = row else { throw error(field, "row \(i) is \(row.kindName), expected an array of numbers") }
                result.append(try Self.numbers(items) { j, item in
                    error(field, "element [\(i)][\(j)] is \(item.kindName), expected a number")
                })
            }
            return result
        }

        private static func numbers(_ items: [JSONValue], failure: (Int, JSONValue) -> ProblemError) throws(ProblemError) -> [Double] {
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
