import CLapack

extension Matrix {
    /// Solves A X = B by LU with partial pivoting (LAPACK dgesv, row-major). `rhs` holds B
    /// row-major, n × rhsCount.
    /// - Throws: `LinalgError.singular(column:)` when a pivot is exactly zero.
    public func luSolve(_ rhs: [Double], rhsCount: Int = 1) throws(LinalgError) -> [Double] {
        guard isSquare else { throw .shapeMismatch("LU solve with a \(rows)×\(columns) matrix (square expected)") }
        guard rhs.count == rows * rhsCount else {
            throw .shapeMismatch("right-hand side has \(rhs.count) elements, expected \(rows)×\(rhsCount)")
        }
        var a = elements, b = rhs
        var pivots = [Int32](repeating: 0, count: max(rows, 1))
        let n = lapackInt(rows)
        let info = a.withUnsafeMutableBufferPointer { ap in
            b.withUnsafeMutableBufferPointer { bp in
                pivots.withUnsafeMutableBufferPointer { pp in
                    LAPACKE_dgesv(LAPACK_ROW_MAJOR, n, lapackInt(rhsCount), ap.baseAddress, lapackInt(max(rows, 1)),
                                  pp.baseAddress, bp.baseAddress, lapackInt(max(rhsCount, 1)))
                }
            }
        }
        try LinalgError.check(info, routine: "dgesv") { .singular(column: $0) }
        return b
    }
}
