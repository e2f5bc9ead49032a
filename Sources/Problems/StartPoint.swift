import Foundation

/// A starting point given by people: numbers separated by commas (`-1.2,1`), or the path of a
/// file holding one JSON array of numbers.
public enum StartPoint {
    /// The numbers `text` gives; the message says what was wrong.
    public static func parse(_ text: String) throws(StartPointError) -> [Double] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // Numbers are numbers, even when a file of that name exists (`--x0 1,1`, `--x0 2`).
        if let values = numbers(trimmed) {
            if let i = values.firstIndex(where: { !$0.isFinite }) {
                let item = trimmed.split(separator: ",", omittingEmptySubsequences: false)[i].trimmingCharacters(
                    in: .whitespaces)
                throw StartPointError(
                    "element \(i + 1), '\(item)', is not a finite number (expected numbers separated by commas, or a "
                        + "JSON file)"
                )
            }
            return values
        }
        // A name with a '/' or a .json ending is a path (numbers never hold either).
        if (trimmed.lowercased().hasSuffix(".json") || trimmed.contains("/"))
            && !FileManager.default.fileExists(atPath: trimmed)
        {
            throw StartPointError("\(trimmed): no such file")
        }
        if trimmed.hasPrefix("[") || FileManager.default.fileExists(atPath: trimmed) {
            let json: String
            if trimmed.hasPrefix("[") { json = trimmed } else {
                do { json = String(decoding: try InputFile.read(trimmed, allowingPipes: true), as: UTF8.self) } catch {
                    throw StartPointError("\(trimmed): \(error.reason)")
                }
            }
            do { return try JSON.parseNumberArray(json) } catch {
                throw StartPointError(
                    "\(trimmed.hasPrefix("[") ? "" : trimmed + ": ")\(error.message), expected a JSON array of numbers")
            }
        }
        var values: [Double] = []
        for (i, part) in trimmed.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let item = part.trimmingCharacters(in: .whitespaces)
            guard let v = Double(item), v.isFinite else {
                throw StartPointError(
                    "element \(i + 1), '\(item)', is not a finite number (expected numbers separated by commas, or a "
                        + "JSON file)"
                )
            }
            values.append(v)
        }
        return values
    }

    /// The numbers of a comma list when every element reads as one (`1,1`, `-2`, `inf`), else
    /// nil: such a text is never a file name, whatever files the current folder holds.
    public static func numbers(_ text: String) -> [Double]? {
        var values: [Double] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let v = Double(part.trimmingCharacters(in: .whitespaces)) else { return nil }
            values.append(v)
        }
        return values
    }

    /// Whether `text` names a file rather than giving numbers: it does not read as numbers and
    /// a file of that name exists.
    public static func namesFile(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return numbers(trimmed) == nil && !trimmed.hasPrefix("[") && FileManager.default.fileExists(atPath: trimmed)
    }
}

public struct StartPointError: Error, Equatable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
