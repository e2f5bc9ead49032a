import Foundation

/// A numeric table read from a CSV file with a header row (comma-separated, no quoting:
/// the format `scripts/reference/make-datasets.py` writes).
struct CSVTable {
    let columns: [String]
    /// rows × columns, row-major.
    let values: [Double]
    var rowCount: Int { columns.isEmpty ? 0 : values.count / columns.count }

    /// - Throws: a message naming the row (1-based, header = row 1) or column at fault.
    init(path: String) throws(CSVError) {
        let data: Data
        do { data = try InputFile.read(path) } catch { throw .unreadable(error.reason) }
        try self.init(data: data)
    }

    /// Rows (line ends after the header, an upper bound) and columns (cells of the first line) of
    /// a CSV file's bytes, counted without parsing: the size of the table before it is allocated.
    static func shape(of data: Data) -> (rows: Int, columns: Int) {
        let header = data.firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
        let columns = data[data.startIndex..<header].reduce(1) { $0 + ($1 == UInt8(ascii: ",") ? 1 : 0) }
        let lineEnds = data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        return (lineEnds, columns)
    }

    /// - Throws: a message naming the row (1-based, header = row 1) or column at fault.
    init(data: Data) throws(CSVError) {
        // A UTF-8 byte-order mark (Excel's "CSV UTF-8") is not part of the first column's name.
        let text = String(decoding: data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data, as: UTF8.self)
        // "\r\n" is one Character in Swift: split on it as well as on "\n" (Windows line ends).
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first, !header.isEmpty else {
            throw .malformed("the file is empty (a header row is expected)")
        }
        columns = header.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        // A name given twice would make the target ambiguous (`a,y,y` with target y).
        for (j, name) in columns.enumerated() where columns[..<j].contains(name) {
            throw .malformed(
                "the header names column '\(name)' twice (columns \(columns.firstIndex(of: name)! + 1) and \(j + 1)); "
                    + "each column needs its own name"
            )
        }
        var values: [Double] = []
        values.reserveCapacity((lines.count - 1) * columns.count)
        for (index, line) in lines.enumerated().dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            guard cells.count == columns.count else {
                throw .malformed("row \(index + 1) has \(cells.count) cells, the header \(columns.count)")
            }
            for (j, cell) in cells.enumerated() {
                // Double(_:) stops at a NUL byte ("5\0abc" would read as 5): refuse it.
                guard !cell.utf8.contains(0), let v = Double(cell.trimmingCharacters(in: .whitespaces)), v.isFinite
                else {
                    throw .malformed("row \(index + 1), column '\(columns[j])': '\(cell)' is not a number")
                }
                values.append(v)
            }
        }
        guard !values.isEmpty else { throw .malformed("no data rows") }
        self.values = values
    }

    enum CSVError: Error {
        /// The file cannot be read; the reason follows the path ("no such file", "is a folder").
        case unreadable(String)
        case malformed(String)
    }
}
