import CLapack

/// QR factorization with column pivoting of an m × n Jacobian (m ≥ n), JP = QR, by LAPACK
/// `dgeqp3` (Householder, the column of largest remaining norm first — the pivoting of
/// MINPACK's `qrfac`, Moré 1978 §3), and Qᵀr by `dormqr`. Every buffer, LAPACK's workspace
/// included, is allocated once by `init`, so `factor` and `applyQTranspose` allocate nothing.
final class PivotedQR {
    let rows: Int, columns: Int
    /// J on input to `factor`, column-major m × n; afterwards R in its upper triangle and the
    /// Householder vectors below it.
    let matrix: Vector
    /// P as a permutation: column j of JP is column `pivot[j]` of J (0-based).
    private(set) var pivot: [Int]
    private var lapackPivot: [Int32]
    private let tau: Vector
    private let work: Vector

    init(rows m: Int, columns n: Int) {
        precondition(m >= n, "PivotedQR needs m ≥ n (m = \(m), n = \(n))")
        rows = m
        columns = n
        matrix = Vector(count: m * n)
        pivot = Array(0..<n)
        lapackPivot = [Int32](repeating: 0, count: n)
        tau = Vector(count: max(n, 1))
        // Workspace queries: the larger of what dgeqp3 and dormqr (one right-hand side) ask for.
        var size = 0.0, sizeQ = 0.0
        let lda = lapackInt(max(m, 1))
        _ = LAPACKE_dgeqp3_work(LAPACK_COL_MAJOR, lapackInt(m), lapackInt(n), nil, lda, nil, nil, &size, -1)
        _ = LAPACKE_dormqr_work(
            LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int8(UInt8(ascii: "T")), lapackInt(m), 1, lapackInt(n),
            nil, lda, nil, nil, lda, &sizeQ, -1)
        work = Vector(count: max(Int(size), Int(sizeQ), 3 * n + 1, m, 1))
    }

    /// R(i, j), i ≤ j, after `factor`.
    @inline(__always) func r(_ i: Int, _ j: Int) -> Double { matrix.pointer[i + j * rows] }

    /// Factors the J in `matrix` in place. Returns false if LAPACK reports an error (a NaN in J).
    func factor() -> Bool {
        for j in 0..<columns { lapackPivot[j] = 0 }   // every column free to move
        let info = lapackPivot.withUnsafeMutableBufferPointer { jp in
            LAPACKE_dgeqp3_work(
                LAPACK_COL_MAJOR, lapackInt(rows), lapackInt(columns), matrix.pointer, lapackInt(max(rows, 1)),
                jp.baseAddress, tau.pointer, work.pointer, lapackInt(work.count))
        }
        for j in 0..<columns { pivot[j] = Int(lapackPivot[j]) - 1 }
        return info == 0
    }

    /// v ← Qᵀv for an m-vector v, after `factor`.
    func applyQTranspose(_ v: UnsafeMutableBufferPointer<Double>) {
        _ = LAPACKE_dormqr_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), Int8(UInt8(ascii: "T")), lapackInt(rows), 1,
                                lapackInt(columns), matrix.pointer, lapackInt(max(rows, 1)), tau.pointer, v.baseAddress,
                                lapackInt(max(rows, 1)), work.pointer, lapackInt(work.count))
    }
}
