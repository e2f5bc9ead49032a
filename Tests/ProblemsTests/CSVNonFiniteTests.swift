import Foundation
import Testing
@testable import Problems

/// The dataset reader refuses every spelling of a non-finite number (Double(_:) reads "nan",
/// "inf", "infinity" in any case, and "1e999" overflows to ∞), naming the row and column, and
/// reads the finite extremes as they are written.
@Suite struct CSVNonFiniteTests {
    static func read(_ csv: String) -> Result<CSVTable, CSVTable.CSVError> {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("optbench-\(UUID().uuidString).csv").path
        FileManager.default.createFile(atPath: path, contents: Data(csv.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return Result { () throws(CSVTable.CSVError) in try CSVTable(path: path) }
    }

    @Test(arguments: ["nan", "NaN", "-nan", "inf", "-inf", "Infinity", "-INFINITY", "1e999", "-1e400", " inf"])
    func nonFiniteCellsAreRefused(_ cell: String) {
        guard case .failure(.malformed(let message)) = Self.read("a,b\n1,2\n3,\(cell)\n") else {
            Issue.record("'\(cell)' was read")
            return
        }
        #expect(message == "row 3, column 'b': '\(cell)' is not a number")
    }

    @Test func finiteExtremesAreRead() throws {
        let table = try Self.read("a,b\n1.7976931348623157e308,-0\n4.9e-324,-1e-300\n").get()
        #expect(table.values == [Double.greatestFiniteMagnitude, 0, Double.leastNonzeroMagnitude, -1e-300])
        #expect(table.values[1].sign == .minus && table.rowCount == 2)
    }
}
