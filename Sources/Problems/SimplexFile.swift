import Foundation

/// An initial simplex given by people (`--initial-simplex FILE`, Nelder–Mead): a file holding
/// a JSON array of n + 1 points, each an array of n numbers, or CSV with one point per line
/// (numbers separated by commas; blank lines and lines starting with `#` are skipped). Read as
/// `--x0`'s file is; every error names the file. Powell's direction set (`--direc FILE`, n rows
/// of n numbers) is read the same way, its rows called directions.
public enum SimplexFile {
    /// The points of the file at `path` (the count against the problem's n is the solver's check).
    public static func load(path: String, rows noun: String = "point") throws(StartPointError) -> [[Double]] {
        let text: String
        do { text = String(decoding: try InputFile.read(path, allowingPipes: true), as: UTF8.self) } catch {
            throw StartPointError("\(path): \(error.reason)")
        }
        do { return try parse(text, rows: noun) } catch { throw StartPointError("\(path): \(error.message)") }
    }

    /// The points `text` holds (JSON when it starts with `[`, else CSV).
    public static func parse(_ text: String, rows noun: String = "point") throws(StartPointError) -> [[Double]] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var points: [[Double]] = []
        if trimmed.hasPrefix("[") {
            let value: JSONValue
            do { value = try JSON.parse(trimmed) } catch {
                throw StartPointError("\(error), expected a JSON array of \(noun)s (arrays of numbers)")
            }
            guard case .array(let rows) = value else { throw StartPointError("expected a JSON array of \(noun)s") }
            for (i, row) in rows.enumerated() {
                guard case .array(let items) = row else {
                    throw StartPointError("\(noun) \(i + 1) is \(row.kindName), expected an array of numbers")
                }
                var point: [Double] = []
                for (j, item) in items.enumerated() {
                    guard case .number(let v) = item, v.isFinite else {
                        throw StartPointError(
                            "\(noun) \(i + 1), element \(j + 1) is \(item.kindName), expected a finite number")
                    }
                    point.append(v)
                }
                points.append(point)
            }
        } else {
            for (k, line) in trimmed.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let row = line.trimmingCharacters(in: .whitespaces)
                if row.isEmpty || row.hasPrefix("#") { continue }
                guard let point = StartPoint.numbers(row), point.allSatisfy(\.isFinite) else {
                    throw StartPointError(
                        "line \(k + 1), '\(row)', is not a list of finite numbers (expected CSV: one \(noun) per line, "
                            + "or a JSON array of \(noun)s)")
                }
                points.append(point)
            }
        }
        guard let first = points.first, !first.isEmpty else { throw StartPointError("no \(noun)s") }
        if let i = points.firstIndex(where: { $0.count != first.count }) {
            throw StartPointError("\(noun) \(i + 1) has \(points[i].count) numbers, \(noun) 1 has \(first.count)")
        }
        return points
    }
}
