import Foundation

/// A starting point given by people: numbers separated by commas (`-1.2,1`), or the path of a
/// file holding one JSON array of numbers.
public enum StartPoint {
    /// The numbers `text` gives; the message says what was wrong.
    public static func parse(_ text: String) throws(StartPointError) -> [Double] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // A name with a '/' or a .json ending is a path (numbers never hold either).
        if (trimmed.lowercased().hasSuffix(".json") || trimmed.contains("/")) && !FileManager.default.fileExists(atPath: trimmed) {
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
                throw StartPointError("\(trimmed.hasPrefix("[") ? "" : trimmed + ": ")\(error.message), expected a JSON array of numbers")
            }
        }
        var values: [Double] = []
        for (i, part) in trimmed.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let item = part.trimmingCharacters(in: .whitespaces)
            guard let v = Double(item), v.isFinite else {
                throw StartPointError("element \(i + 1), '\(item)', is not a finite number (expected numbers separated by commas, or a JSON file)")
            }
            values.append(v)
        }
        return values
    }
}

public struct StartPointError: Error, Equatable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
