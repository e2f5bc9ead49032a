import CLapack

/// The number of positive, negative and zero eigenvalues of a symmetric matrix, read from its
/// LDLᵀ factor (Sylvester's law of inertia: the inertia of D is that of the matrix).
package struct Inertia: Sendable, Equatable {
    package var positive: Int
    package var negative: Int
    package var zero: Int
    /// Some eigenvalue of D is within the zero tolerance (the matrix is singular to working
    /// precision, though the signs counted may still be the required ones).
    package var nearlySingular: Bool

    package init(positive: Int, negative: Int, zero: Int, nearlySingular: Bool) {
        self.positive = positive
        self.negative = negative
        self.zero = zero
        self.nearlySingular = nearlySingular
    }
}

/// The dense symmetric indefinite factorization P K Pᵀ = L D Lᵀ (Bunch–Kaufman, LAPACK dsytrf,
/// lower triangle, column-major) of the primal-dual matrix of Wächter & Biegler 2006, eq. (13),
/// with its inertia read from D's 1 × 1 and 2 × 2 blocks, and solves with it (dsytrs).
///
/// `matrix` is assembled by the caller (both triangles, column-major, order × order) once per
/// iteration; `factorize` copies it, adds the shifts δ_w (first `primal` diagonal entries) and
/// −δ_c (the rest) and factors the copy, so the inertia correction (§3.1) can try several shifts.
/// Every buffer is allocated once, at `init`.
package final class KKTFactorization {
    package let order: Int
    package var matrix: [Double]
    private var factor: [Double]
    private var pivots: [Int32]
    private var work: [Double]

    /// Buffers for an order × order system (LAPACK's optimal workspace, queried once).
    package init(order: Int) {
        self.order = order
        matrix = Array(repeating: 0, count: order * order)
        var factor = Array(repeating: 0.0, count: max(order * order, 1))
        var pivots = Array(repeating: Int32(0), count: max(order, 1))
        var query = 0.0
        let n = lapackInt(order)
        _ = factor.withUnsafeMutableBufferPointer { a in
            pivots.withUnsafeMutableBufferPointer { p in
                LAPACKE_dsytrf_work(
                    LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, a.baseAddress, max(n, 1), p.baseAddress, &query,
                    -1)
            }
        }
        self.factor = factor
        self.pivots = pivots
        work = Array(repeating: 0, count: max(Int(query), order, 1))
    }

    /// Bytes `init(order:)` allocates, before LAPACK's block size is known (64 columns assumed).
    package static func doubles(order: Int) -> Double {
        let m = Double(order)
        return 2 * m * m + 64 * m + m / 2
    }

    /// Factors `matrix` + diag(δ_w I_primal, −δ_c I); nil when dsytrf refuses its arguments
    /// (never for a finite matrix). A zero pivot (info > 0) is counted in `zero`.
    package func factorize(primal: Int, primalShift: Double, dualShift: Double) -> Inertia? {
        let m = order
        for i in 0..<(m * m) { factor[i] = matrix[i] }
        for i in 0..<m { factor[i * m + i] += i < primal ? primalShift : -dualShift }
        var largest = 0.0
        for i in 0..<(m * m) { largest = max(largest, abs(factor[i])) }
        if !largest.isFinite { return nil }
        let n = lapackInt(m), lwork = lapackInt(work.count)
        let info = factor.withUnsafeMutableBufferPointer { a in
            pivots.withUnsafeMutableBufferPointer { p in
                work.withUnsafeMutableBufferPointer { w in
                    LAPACKE_dsytrf_work(
                        LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, a.baseAddress, max(n, 1), p.baseAddress,
                        w.baseAddress, lwork)
                }
            }
        }
        if info < 0 { return nil }
        return factor.withUnsafeBufferPointer { a in
            pivots.withUnsafeBufferPointer { p in
                Self.inertia(factor: a, order: m, pivots: p, zeroTolerance: Self.relativeZero * max(largest, 1))
            }
        }
    }

    /// Pivots below this times the largest |Kᵢⱼ| count as zero for `Inertia.nearlySingular`.
    package static let relativeZero = 1e-13

    /// Solves with the last factorization, in place (`rhs`: order entries). False when the
    /// result is not finite.
    package func solve(_ rhs: UnsafeMutableBufferPointer<Double>) -> Bool {
        let n = lapackInt(order)
        let info = factor.withUnsafeBufferPointer { a in
            pivots.withUnsafeBufferPointer { p in
                LAPACKE_dsytrs_work(
                    LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n, 1, a.baseAddress, max(n, 1), p.baseAddress,
                    rhs.baseAddress, max(n, 1))
            }
        }
        return info == 0 && rhs.allSatisfy(\.isFinite)
    }

    /// The inertia of D in dsytrf's lower, column-major factor: a 1 × 1 block where pivot k > 0,
    /// a 2 × 2 block [d_kk d_k+1,k; d_k+1,k d_k+1,k+1] where pivots k and k+1 are equal and
    /// negative (LAPACK's convention, 1-based). A 2 × 2 block's two eigenvalues are
    /// (a + c)/2 ± √(((a − c)/2)² + b²). An eigenvalue exactly 0 counts as zero, and one of
    /// magnitude ≤ `zeroTolerance` marks the matrix nearly singular.
    package static func inertia(
        factor a: UnsafeBufferPointer<Double>, order m: Int, pivots p: UnsafeBufferPointer<Int32>,
        zeroTolerance: Double
    ) -> Inertia {
        var result = Inertia(positive: 0, negative: 0, zero: 0, nearlySingular: false)
        func count(_ eigenvalue: Double) {
            if eigenvalue > 0 { result.positive += 1 } else if eigenvalue < 0 { result.negative += 1 } else {
                result.zero += 1
            }
            if !(abs(eigenvalue) > zeroTolerance) { result.nearlySingular = true }
        }
        var k = 0
        while k < m {
            if p[k] < 0 && k + 1 < m && p[k + 1] == p[k] {
                let d11 = a[k + k * m], d21 = a[(k + 1) + k * m], d22 = a[(k + 1) + (k + 1) * m]
                let mean = (d11 + d22) / 2, radius = (((d11 - d22) / 2) * ((d11 - d22) / 2) + d21 * d21).squareRoot()
                count(mean + radius)
                count(mean - radius)
                k += 2
            } else {
                count(a[k + k * m])
                k += 1
            }
        }
        return result
    }
}
