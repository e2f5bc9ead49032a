import CLapack

/// The Cholesky factorization A = L Lᵀ of a symmetric positive definite matrix
/// (LAPACK dpotrf on the lower triangle, row-major).
package struct Cholesky: Sendable {
    package let dimension: Int
    /// Row-major; the lower triangle holds L (the strict upper triangle is left as given).
    let factor: [Double]

    /// Factors `matrix`, reading its lower triangle.
    /// - Throws: `LinalgError.notPositiveDefinite` with the order of the failing minor.
    package init(_ matrix: Matrix) throws(LinalgError) {
        guard matrix.isSquare else { throw .shapeMismatch("Cholesky of a \(matrix.rows)×\(matrix.columns) matrix") }
        let n = matrix.rows
        var a = matrix.elements
        let info = a.withUnsafeMutableBufferPointer {
            LAPACKE_dpotrf(
                LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), lapackInt(n), $0.baseAddress, lapackInt(max(n, 1)))
        }
        try LinalgError.check(info, routine: "dpotrf") { .notPositiveDefinite(order: $0) }
        dimension = n
        factor = a
    }

    /// A⁻¹ from the factor (LAPACK dpotri, row-major lower triangle), both triangles filled.
    package func inverse() throws(LinalgError) -> Matrix {
        var a = factor
        let n = dimension
        let info = a.withUnsafeMutableBufferPointer {
            LAPACKE_dpotri(
                LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), lapackInt(n), $0.baseAddress, lapackInt(max(n, 1)))
        }
        try LinalgError.check(info, routine: "dpotri") { .singular(column: $0) }
        var m = Matrix(rows: n, columns: n, elements: a)
        for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { m[i, j] = m[j, i] } }
        return m
    }

    /// L, with zeros above the diagonal (A = L Lᵀ).
    package var lowerFactor: Matrix {
        var m = Matrix(rows: dimension, columns: dimension, elements: factor)
        for i in 0..<dimension { for j in (i + 1)..<max(i + 1, dimension) { m[i, j] = 0 } }
        return m
    }

    /// Solves A X = B for `rhsCount` right-hand sides stored row-major in `rhs` (n × rhsCount).
    package func solve(_ rhs: [Double], rhsCount: Int = 1) throws(LinalgError) -> [Double] {
        guard rhs.count == dimension * rhsCount else {
            throw .shapeMismatch("right-hand side has \(rhs.count) elements, expected \(dimension)×\(rhsCount)")
        }
        var b = rhs
        var l = factor
        let n = dimension
        let info = l.withUnsafeMutableBufferPointer { lp in
            b.withUnsafeMutableBufferPointer { bp in
                LAPACKE_dpotrs(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), lapackInt(n), lapackInt(rhsCount),
                               lp.baseAddress, lapackInt(max(n, 1)), bp.baseAddress, lapackInt(max(rhsCount, 1)))
            }
        }
        try LinalgError.check(info, routine: "dpotrs") { _ in .illegalArgument(routine: "dpotrs", index: 0) }
        return b
    }
}

/// Factors the n × n SPD matrix at `a` in place and returns LAPACK's info: 0 on success,
/// k > 0 when the leading minor of order k is not positive definite. For hot paths that keep
/// their own buffers (Newton's method): no allocation.
///
/// The matrix is read from, and L written to, its lower triangle in row-major order. That is
/// the same memory as the upper triangle in column-major order, so this calls dpotrf with
/// LAPACK_COL_MAJOR and "U" (A = UᵀU with U = Lᵀ), which LAPACKE passes through without
/// the transposed copy it makes for row-major input.
package func choleskyFactorInPlace(_ a: UnsafeMutablePointer<Double>, dimension n: Int) -> Int32 {
    LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), lapackInt(n), a, lapackInt(max(n, 1)))
}

/// Solves A x = b in place (`b` becomes x) with the factor from `choleskyFactorInPlace`
/// (same column-major "U" view of the row-major lower triangle).
package func choleskySolveInPlace(
    factor: UnsafeMutablePointer<Double>, dimension n: Int, rhs b: UnsafeMutablePointer<Double>
) {
    let info = LAPACKE_dpotrs(
        LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), lapackInt(n), 1, factor, lapackInt(max(n, 1)), b,
        lapackInt(max(n, 1)))
    precondition(info == 0, "dpotrs rejected argument \(-info)")
}

/// LAPACKE's `lapack_int` (a C `int` in this build) from an `Int`.
@inline(__always) func lapackInt(_ n: Int) -> Int32 {
    precondition(n <= Int(Int32.max), "size \(n) exceeds LAPACK's integer range")
    return Int32(n)
}
