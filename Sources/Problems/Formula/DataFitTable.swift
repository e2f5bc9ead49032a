import Foundation
import Optim

/// The data of a fit (`"data"` of a problem file): named columns of numbers, m rows, read from a
/// CSV file with a header row (a path relative to the problem file) or given inline as
/// `{"x": [numbers], "y": [numbers]}`. Its size is estimated from the rows and columns before
/// the values are parsed or copied.
struct DataFitTable {
    /// Column names: the CSV header's order, or sorted for inline columns.
    let columns: [String]
    /// m × k, row-major.
    let values: [Double]
    /// The CSV file read, or nil for inline data.
    let path: String?
    var rowCount: Int { columns.isEmpty ? 0 : values.count / columns.count }

    /// Memory a fit holds once built: the table (m × k), the Jacobian a least-squares solver
    /// makes (m × n) and the residual and weight vectors (2m).
    static func memoryEstimate(rows: Int, columns: Int, parameters: Int) -> MemoryEstimate {
        var estimate = MemoryEstimate()
        estimate.add("data", doubles: Double(rows) * Double(columns))
        estimate.add("Jacobian", doubles: Double(rows) * Double(parameters))
        estimate.add("residuals and weights", doubles: 2 * Double(rows))
        return estimate
    }

    /// Reads `"data"`.
    /// - Parameter parameters: an upper bound on the number of fitted parameters, for the estimate.
    init(_ fields: ProblemFile.Fields, parameters: Int) throws(ProblemError) {
        let value = fields.object["data"]!
        switch value {
        case .string(let name):
            let path = name.hasPrefix("/")
                ? name : URL(fileURLWithPath: fields.path).deletingLastPathComponent().appendingPathComponent(name).path
            let data: Data
            do { data = try InputFile.read(path) } catch { throw fields.error("data", "\(path): \(error.reason)") }
            let shape = CSVTable.shape(of: data)
            try Self.check(fields, rows: shape.rows, columns: shape.columns, parameters: parameters)
            let table: CSVTable
            do { table = try CSVTable(data: data) } catch {
                switch error {
                case .unreadable(let reason), .malformed(let reason): throw fields.error("data", "\(path): \(reason)")
                }
            }
            self.init(columns: table.columns, values: table.values, path: path)
        case .object(let members):
            try self.init(inline: members, fields, parameters: parameters)
        default:
            throw fields.error(
                "data",
                "must be a CSV file's path (a string) or an object of columns ({\"x\": [numbers], …}), not "
                    + value.kindName)
        }
    }

    private init(columns: [String], values: [Double], path: String?) {
        self.columns = columns
        self.values = values
        self.path = path
    }

    /// `{"x": [numbers], …}`: every column an array of numbers, all of one length.
    private init(
        inline members: [String: JSONValue], _ fields: ProblemFile.Fields, parameters: Int
    ) throws(ProblemError) {
        let names = members.keys.sorted(by: FormulaScope.naturalOrder)
        guard let first = names.first else {
            throw fields.error("data", "has no columns; expected {\"x\": [numbers], \"y\": [numbers], …}")
        }
        var arrays: [[JSONValue]] = []
        for name in names {
            guard case .array(let items) = members[name]! else {
                throw fields.error(
                    "data", "column '\(name)' is \(members[name]!.kindName), expected an array of numbers")
            }
            guard items.count == arrays.first?.count ?? items.count else {
                throw fields.error(
                    "data",
                    "column '\(name)' has \(items.count) values, column '\(first)' \(arrays[0].count); every column "
                        + "needs one value per row")
            }
            arrays.append(items)
        }
        let rows = arrays[0].count
        guard rows > 0 else { throw fields.error("data", "has no rows (the columns are empty arrays)") }
        try Self.check(fields, rows: rows, columns: names.count, parameters: parameters)
        var values: [Double] = []
        values.reserveCapacity(rows * names.count)
        for i in 0..<rows {
            for (j, items) in arrays.enumerated() {
                guard case .number(let v) = items[i] else {
                    throw fields.error(
                        "data", "column '\(names[j])', element \(i) is \(items[i].kindName), expected a number")
                }
                values.append(v)
            }
        }
        self.init(columns: names, values: values, path: nil)
    }

    /// Refuses a table whose estimate does not fit this machine's memory.
    private static func check(
        _ fields: ProblemFile.Fields, rows: Int, columns: Int, parameters: Int
    ) throws(ProblemError) {
        let estimate = memoryEstimate(rows: rows, columns: columns, parameters: parameters)
        guard estimate.fits else {
            throw fields.error(
                "data",
                "\(rows) rows × \(columns) columns need \(estimate.description); \(MemoryEstimate.machineDescription)")
        }
    }

    /// Column `name`, or nil.
    func column(_ name: String) -> [Double]? {
        guard let j = columns.firstIndex(of: name) else { return nil }
        return (0..<rowCount).map { values[$0 * columns.count + j] }
    }

    /// `"weights"`: a column's name or an array of m numbers, each ≥ 0.
    func weights(_ fields: ProblemFile.Fields) throws(ProblemError) -> [Double]? {
        guard let value = fields.object["weights"] else { return nil }
        let weights: [Double]
        switch value {
        case .string(let name):
            guard let column = column(name) else {
                throw fields.error(
                    "weights", "names no column of the data ('\(name)'); columns: \(columns.joined(separator: ", "))")
            }
            weights = column
        case .array:
            weights = try fields.numbers("weights")
            guard weights.count == rowCount else {
                throw fields.error(
                    "weights", "has \(weights.count) numbers, expected \(rowCount) (one per row of data)")
            }
        default:
            throw fields.error(
                "weights", "must be a column's name or an array of \(rowCount) numbers, not \(value.kindName)")
        }
        if let i = weights.firstIndex(where: { !($0 >= 0) }) {
            throw fields.error(
                "weights",
                "data row \(i + 1) has weight \(NumberText.format(weights[i])); weights must be ≥ 0 (rᵢ is "
                    + "multiplied by √wᵢ)")
        }
        return weights
    }
}
