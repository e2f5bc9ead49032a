import CLapack

/// Eigenvalues (ascending) and, optionally, eigenvectors of a symmetric matrix by LAPACK
/// dsyevd (divide and conquer, row-major, upper triangle read).
package struct SymmetricEigen: Sendable {
    /// λ₁ ≤ … ≤ λₙ.
    package let values: [Double]
    /// Column j is the eigenvector of λⱼ (row-major n × n), when requested.
    package let vectors: Matrix?

    package init(_ matrix: Matrix, vectors wantVectors: Bool = false) throws(LinalgError) {
        guard matrix.isSquare else { throw .shapeMismatch("eigenvalues of a \(matrix.rows)×\(matrix.columns) matrix") }
        let n = matrix.rows
        var a = matrix.elements
        var w = [Double](repeating: 0, count: max(n, 1))
        let info = a.withUnsafeMutableBufferPointer { ap in
            w.withUnsafeMutableBufferPointer { wp in
                LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: wantVectors ? "V" : "N")), Int8(UInt8(ascii: "U")),
                               lapackInt(n), ap.baseAddress, lapackInt(max(n, 1)), wp.baseAddress)
            }
        }
        try LinalgError.check(info, routine: "dsyevd") { .didNotConverge(info: $0) }
        values = Array(w.prefix(n))
        vectors = wantVectors ? Matrix(rows: n, columns: n, elements: a) : nil
    }

    /// (positive, negative, zero) eigenvalue counts, zero meaning |λ| ≤ tolerance·max|λ|.
    package func inertia(relativeTolerance: Double = 1e-12) -> (positive: Int, negative: Int, zero: Int) {
        let scale = values.map(abs).max() ?? 0
        let threshold = relativeTolerance * scale
        var result = (positive: 0, negative: 0, zero: 0)
        for v in values {
            if abs(v) <= threshold {
                result.zero += 1
            } else if v > 0 {
                result.positive += 1
            } else {
                result.negative += 1
            }
        }
        return result
    }

    /// max|λ| / min|λ| (∞ for a singular matrix).
    package var conditionNumber: Double {
        let magnitudes = values.map(abs)
        guard let smallest = magnitudes.min(), let largest = magnitudes.max() else { return .nan }
        return smallest == 0 ? .infinity : largest / smallest
    }
}
