/// The Levenberg–Marquardt parameter λ for a trust radius Δ: Moré, "The Levenberg–Marquardt
/// algorithm: implementation and theory", Numerical Analysis (Dundee 1977), LNM 630, 1978,
/// §5–§7, as MINPACK's `lmpar` and `qrsolv` implement it.
///
/// Given the QR factorization with pivoting JP = QR, the scaling D and the first n entries of
/// Qᵀr, it finds λ ≥ 0 and p(λ) solving min ‖Jp + r‖² + λ‖Dp‖² with either λ = 0 and
/// ‖Dp(0)‖ ≤ 1.1Δ (the Gauss–Newton step fits), or |‖Dp(λ)‖ − Δ| ≤ 0.1Δ, or after 10
/// iterations. The iteration is Newton's method on φ(λ) = ‖Dp(λ)‖ − Δ in the form of Moré's
/// eq. (5.5), λ₊ = λ + (φ/φ′)(‖Dp‖/Δ) kept inside bounds [l, u] that shrink with every
/// iterate: l = −φ(0)/φ′(0) when J has full rank (else 0), u = ‖(JD⁻¹)ᵀr‖/Δ. For each λ the
/// system [R; √λ PᵀDP] is reduced to triangular form by Givens rotations (§3), so J is
/// factored once per Jacobian however many λ are tried.
///
/// Allocates its buffers once, in `init`; `solve` allocates nothing.
final class LevenbergMarquardtParameter {
    let n: Int
    /// R, n × n column-major: the caller writes the upper triangle; the strict lower triangle
    /// is scratch (it holds Sᵀ of the last rotated system after `solve`).
    let r: Vector
    /// The diagonal of the rotated triangular factor S.
    private let sdiag: Vector
    private let wa1: Vector
    private let wa2: Vector
    private let work: Vector
    /// Iterations of the last `solve` (0 when the Gauss–Newton step fitted).
    private(set) var iterations = 0

    init(dimension n: Int) {
        self.n = n
        r = Vector(count: n * n)
        sdiag = Vector(count: n)
        wa1 = Vector(count: n)
        wa2 = Vector(count: n)
        work = Vector(count: n)
    }

    /// λ for radius `delta`, starting from `initial`; writes into `x` the solution of
    /// min ‖Jx − r‖² + λ‖Dx‖² (the step is −x).
    /// - Parameters:
    ///   - pivot: P (column j of JP is column pivot[j] of J).
    ///   - diag: D, in the variables' order; every entry > 0.
    ///   - qtr: the first n entries of Qᵀr.
    func solve(
        pivot: [Int], diag: UnsafeBufferPointer<Double>, qtr: UnsafeBufferPointer<Double>, delta: Double,
        initial: Double,
        x: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        let tiny = Double.leastNormalMagnitude
        let a = r.pointer, w1 = wa1.pointer, w2 = wa2.pointer, s = sdiag.pointer
        iterations = 0
        // The Gauss–Newton step, its components beyond the numerical rank set to zero.
        var rank = n
        for j in 0..<n {
            w1[j] = qtr[j]
            if a[j + j * n] == 0 && rank == n { rank = j }
            if rank < n { w1[j] = 0 }
        }
        for j in stride(from: rank - 1, through: 0, by: -1) {
            w1[j] /= a[j + j * n]
            for i in 0..<j { w1[i] -= a[i + j * n] * w1[j] }
        }
        for j in 0..<n { x[pivot[j]] = w1[j] }
        for j in 0..<n { w2[j] = diag[j] * x[j] }
        var dxNorm = wa2.norm2
        var phi = dxNorm - delta
        if phi <= 0.1 * delta { return 0 }

        // Lower bound l = −φ(0)/φ′(0) (full rank only): φ′(0) = −‖R⁻ᵀPᵀD(Dx/‖Dx‖)‖²/‖Dx‖.
        var lower = 0.0
        if rank == n {
            for j in 0..<n { w1[j] = diag[pivot[j]] * (w2[pivot[j]] / dxNorm) }
            for j in 0..<n {
                var sum = 0.0
                for i in 0..<j { sum += a[i + j * n] * w1[i] }
                w1[j] = (w1[j] - sum) / a[j + j * n]
            }
            let norm = wa1.norm2
            lower = phi / delta / norm / norm
        }
        // Upper bound u = ‖D⁻¹Jᵀr‖/Δ.
        for j in 0..<n {
            var sum = 0.0
            for i in 0...j { sum += a[i + j * n] * qtr[i] }
            w1[j] = sum / diag[pivot[j]]
        }
        let scaledGradientNorm = wa1.norm2
        var upper = scaledGradientNorm / delta
        if upper == 0 { upper = tiny / min(delta, 0.1) }

        var lambda = min(max(initial, lower), upper)
        if lambda == 0 { lambda = scaledGradientNorm / dxNorm }
        while true {
            iterations += 1
            if lambda == 0 { lambda = max(tiny, 0.001 * upper) }
            let root = lambda.squareRoot()
            for j in 0..<n { w1[j] = root * diag[j] }
            solveDamped(pivot: pivot, scaling: wa1.readOnly, qtr: qtr, x: x)
            for j in 0..<n { w2[j] = diag[j] * x[j] }
            dxNorm = wa2.norm2
            let previous = phi
            phi = dxNorm - delta
            // Close enough; or φ is negative and no longer rising with l = 0 (the
            // rank-deficient case, where λ → 0 is acceptable); or the iteration budget is spent.
            if abs(phi) <= 0.1 * delta || (lower == 0 && phi <= previous && previous < 0) || iterations == 10 { break }
            // Newton's correction: φ′(λ) from the rotated factor S (Moré eq. 5.8).
            for j in 0..<n { w1[j] = diag[pivot[j]] * (w2[pivot[j]] / dxNorm) }
            for j in 0..<n {
                w1[j] /= s[j]
                for i in (j + 1)..<n { w1[i] -= a[i + j * n] * w1[j] }
            }
            let norm = wa1.norm2
            let correction = phi / delta / norm / norm
            if phi > 0 { lower = max(lower, lambda) }
            if phi < 0 { upper = min(upper, lambda) }
            lambda = max(lower, lambda + correction)
        }
        return lambda
    }

    /// Solves min ‖[R; PᵀD̃P] z − [Qᵀr; 0]‖ for the diagonal D̃ = `scaling` (here √λ·D) and
    /// writes x = Pz: Givens rotations eliminate D̃ row by row from the triangular R (Moré §3;
    /// MINPACK `qrsolv`), leaving the new triangle S in the lower triangle of `r` (its diagonal in
    /// `sdiag`); R's upper triangle is kept for the next λ.
    private func solveDamped(pivot: [Int], scaling: UnsafeBufferPointer<Double>, qtr: UnsafeBufferPointer<Double>,
                             x: UnsafeMutableBufferPointer<Double>) {
        let a = r.pointer, s = sdiag.pointer, z = work.pointer
        for j in 0..<n {
            for i in j..<n { a[i + j * n] = a[j + i * n] }
            x[j] = a[j + j * n]   // R's diagonal, restored below
            z[j] = qtr[j]
        }
        for j in 0..<n {
            let d = scaling[pivot[j]]
            if d != 0 {
                for k in j..<n { s[k] = 0 }
                s[j] = d
                // The rotations that fold row j of D̃ into S also mix a zero into Qᵀr.
                var extra = 0.0
                for k in j..<n where s[k] != 0 {
                    let diagonal = a[k + k * n]
                    let cosine: Double, sine: Double
                    if abs(diagonal) < abs(s[k]) {
                        let cotangent = diagonal / s[k]
                        sine = 0.5 / (0.25 + 0.25 * cotangent * cotangent).squareRoot()
                        cosine = sine * cotangent
                    } else {
                        let tangent = s[k] / diagonal
                        cosine = 0.5 / (0.25 + 0.25 * tangent * tangent).squareRoot()
                        sine = cosine * tangent
                    }
                    a[k + k * n] = cosine * diagonal + sine * s[k]
                    let rotated = cosine * z[k] + sine * extra
                    extra = -sine * z[k] + cosine * extra
                    z[k] = rotated
                    for i in (k + 1)..<n {
                        let value = cosine * a[i + k * n] + sine * s[i]
                        s[i] = -sine * a[i + k * n] + cosine * s[i]
                        a[i + k * n] = value
                    }
                }
            }
            s[j] = a[j + j * n]
            a[j + j * n] = x[j]
        }
        // Back substitution with S (lower triangle, read transposed), singular tail set to zero.
        var rank = n
        for j in 0..<n {
            if s[j] == 0 && rank == n { rank = j }
            if rank < n { z[j] = 0 }
        }
        for j in stride(from: rank - 1, through: 0, by: -1) {
            var sum = 0.0
            for i in (j + 1)..<rank { sum += a[i + j * n] * z[i] }
            z[j] = (z[j] - sum) / s[j]
        }
        for j in 0..<n { x[pivot[j]] = z[j] }
    }
}
