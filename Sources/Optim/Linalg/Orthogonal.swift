import CLapack

extension Matrix {
    /// The orthogonal factor Q of the QR factorization of this square matrix (LAPACK dgeqrf
    /// then dorgqr, row-major). For a matrix of independent standard normal entries, Q is a
    /// random orthogonal matrix (up to the signs of its columns; Stewart 1980).
    public func orthogonalFactor() throws(LinalgError) -> Matrix {
        guard isSquare else { throw .shapeMismatch("QR of a \(rows)×\(columns) matrix (square expected)") }
        let n = rows
        var a = elements
        var tau = [Double](repeating: 0, count: max(n, 1))
        let lda = lapackInt(max(n, 1))
        var info = a.withUnsafeMutableBufferPointer { ap in
            tau.withUnsafeMutableBufferPointer { tp in
                LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, lapackInt(n), lapackInt(n), ap.baseAddress, lda, tp.baseAddress)
            }
        }
        try LinalgError.check(info, routine: "dgeqrf") { _ in .illegalArgument(routine: "dgeqrf", index: 0) }
        info = a.withUnsafeMutableBufferPointer { ap in
            tau.withUnsafeMutableBufferPointer { tp in
                LAPACKE_dorgqr(
                    LAPACK_ROW_MAJOR, lapackInt(n), lapackInt(n), lapackInt(n), ap.baseAddress, lda, tp.baseAddress)
            }
        }
        try LinalgError.check(info, routine: "dorgqr") { _ in .illegalArgument(routine: "dorgqr", index: 0) }
        return Matrix(rows: n, columns: n, elements: a)
    }

    /// A · B (CBLAS dgemm, row-major).
    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.columns == rhs.rows, "Matrix product: \(lhs.rows)×\(lhs.columns) · \(rhs.rows)×\(rhs.columns)")
        var c = Matrix(rows: lhs.rows, columns: rhs.columns)
        guard lhs.rows > 0, rhs.columns > 0, lhs.columns > 0 else { return c }
        lhs.elements.withUnsafeBufferPointer { a in
            rhs.elements.withUnsafeBufferPointer { b in
                c.elements.withUnsafeMutableBufferPointer { cp in
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                                Int32(lhs.rows), Int32(rhs.columns), Int32(lhs.columns),
                                1.0, a.baseAddress, Int32(lhs.columns), b.baseAddress, Int32(rhs.columns),
                                0.0, cp.baseAddress, Int32(rhs.columns))
                }
            }
        }
        return c
    }

    /// Aᵀ.
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }
}
