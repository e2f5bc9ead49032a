/// A dense matrix of `Double`, stored row-major (element (i, j) at `elements[i·columns + j]`).
/// Every LAPACKE / CBLAS call on it passes `LAPACK_ROW_MAJOR` / `CblasRowMajor` explicitly.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var elements: [Double]

    /// A rows × columns matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix: negative size")
        self.rows = rows
        self.columns = columns
        elements = Array(repeating: value, count: rows * columns)
    }

    /// From row-major elements.
    public init(rows: Int, columns: Int, elements: [Double]) {
        precondition(elements.count == rows * columns, "Matrix: \(elements.count) elements for \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// From an array of equal-length rows.
    public init(_ rowArrays: [[Double]]) {
        let c = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == c }, "Matrix: ragged rows")
        self.init(rows: rowArrays.count, columns: c, elements: rowArrays.flatMap { $0 })
    }

    public subscript(row: Int, column: Int) -> Double {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    public var isSquare: Bool { rows == columns }

    /// The largest |aᵢⱼ − aⱼᵢ| (square matrices).
    public var asymmetry: Double {
        precondition(isSquare, "asymmetry: matrix is not square")
        var worst = 0.0
        for i in 0..<rows { for j in (i + 1)..<max(i + 1, columns) { worst = max(worst, abs(self[i, j] - self[j, i])) } }
        return worst
    }
}
