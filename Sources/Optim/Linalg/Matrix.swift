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
        for i in 0..<rows {
            for j in (i + 1)..<max(i + 1, columns) { worst = max(worst, abs(self[i, j] - self[j, i])) }
        }
        return worst
    }

    /// Replaces A by ½(A + Aᵀ) (square matrices): removes the rounding asymmetry of a matrix
    /// that is symmetric in exact arithmetic (a product V·D·Vᵀ, RᵀAR, a differenced Hessian).
    public mutating func symmetrize() {
        precondition(isSquare, "symmetrize: matrix is not square")
        for i in 0..<rows {
            for j in (i + 1)..<max(i + 1, columns) {
                let average = 0.5 * (self[i, j] + self[j, i])
                self[i, j] = average
                self[j, i] = average
            }
        }
    }

    /// The n × n matrix A given by its products with the unit vectors (column j = A·eⱼ).
    /// - Parameter product: writes A·v (second argument) for v (first argument).
    public init(
        dimension n: Int, columnsFrom product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    ) {
        self.init(rows: n, columns: n)
        elements.withUnsafeMutableBufferPointer { assembleColumns(dimension: n, into: $0, product: product) }
    }
}

/// Fills `out` (n × n, row-major) with the matrix A given by its products with the unit
/// vectors: column j = A·eⱼ. Used to materialize Hessians from Hessian-vector products and
/// quasi-Newton matrices from their action on vectors.
/// - Parameter product: writes A·v (second argument) for v (first argument); both n elements.
package func assembleColumns(dimension n: Int, into out: UnsafeMutableBufferPointer<Double>,
                            product: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) {
    // Plain buffers, not `Vector`s: with local `Vector`s and this non-escaping closure the
    // Swift 6.3 release build crashed (a stack-promoted object came back corrupted).
    let unit = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
    let column = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
    defer {
        unit.deallocate()
        column.deallocate()
    }
    unit.initialize(repeating: 0)
    column.initialize(repeating: 0)
    for j in 0..<n {
        unit[j] = 1
        product(UnsafeBufferPointer(unit), column)
        unit[j] = 0
        for i in 0..<n { out[i * n + j] = column[i] }
    }
}
