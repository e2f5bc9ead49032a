import CLapack

/// The L-BFGS matrix of L-BFGS-B in compact form (Byrd, Nocedal & Schnabel, Math. Prog. 63,
/// 1994, Theorem 2.3; Byrd, Lu, Nocedal & Zhu 1995, eqs. 3.2–3.4):
///
///   B = θI − W M Wᵀ,  W = [Y  θS] (n × 2k),  M⁻¹ = [−D  Lᵀ; L  θSᵀS] (2k × 2k),
///
/// with the k ≤ m newest pairs sᵢ = xᵢ₊₁ − xᵢ, yᵢ = ∇fᵢ₊₁ − ∇fᵢ as the columns of S and Y (oldest
/// first), D = diag(sᵢᵀyᵢ), L the strictly lower triangle of SᵀY, and θ = yᵀy / sᵀy of the
/// newest pair. S and Y are kept column by column in a ring of m slots; SᵀY and SᵀS in the
/// pairs' order. After each update M⁻¹ is formed and inverted once (LAPACK dgesv), so the
/// Cauchy search applies M in O(k²) per breakpoint. Everything is allocated by `init`.
final class CompactLBFGS {
    let dimension: Int
    /// m.
    let capacity: Int
    /// k, the pairs held.
    private(set) var count = 0
    /// θ of B₀ = θI (1 when empty).
    private(set) var theta = 1.0
    /// Ring slot of the oldest pair.
    private var head = 0
    private let s: Vector, y: Vector
    /// sᵢᵀyⱼ, sᵢᵀsⱼ and yᵢᵀyⱼ by pair position (row-major, m × m): what WᵀW needs, so that the
    /// subspace step of a mostly free iterate costs O(k²) per bound variable, not per free one.
    private var sy: [Double], ss: [Double], yy: [Double]
    /// M⁻¹ and M, 2k × 2k column-major with leading dimension 2k.
    private(set) var middleInverse: [Double]
    private var middle: [Double]
    /// dgesv's scratch: M⁻¹ overwritten by its LU factors, and the pivots.
    private var factor: [Double]
    private var pivots: [Int32]

    /// Placeholder-sized or test memories (a refusal goes to `Vector.allocationFailed`).
    convenience init(dimension: Int, capacity: Int) {
        self.init(
            dimension: dimension, capacity: capacity, s: Vector(count: dimension * capacity),
            y: Vector(count: dimension * capacity))
    }

    /// A run's memory, or the error when the system refuses it.
    static func allocating(dimension: Int, capacity: Int) throws(AllocationFailure) -> CompactLBFGS {
        CompactLBFGS(dimension: dimension, capacity: capacity, s: try Vector(allocating: dimension * capacity),
                     y: try Vector(allocating: dimension * capacity))
    }

    private init(dimension: Int, capacity: Int, s: Vector, y: Vector) {
        self.dimension = dimension
        self.capacity = capacity
        self.s = s
        self.y = y
        sy = Array(repeating: 0, count: capacity * capacity)
        ss = Array(repeating: 0, count: capacity * capacity)
        yy = Array(repeating: 0, count: capacity * capacity)
        middleInverse = Array(repeating: 0, count: 4 * capacity * capacity)
        middle = Array(repeating: 0, count: 4 * capacity * capacity)
        factor = Array(repeating: 0, count: 4 * capacity * capacity)
        pivots = Array(repeating: 0, count: 2 * capacity)
    }

    /// B = θI while no pair is held (θ = 1 after `reset`).
    func setEmptyScale(_ scale: Double) {
        if count == 0 { theta = scale }
    }

    /// Forgets every pair: B = I.
    func reset() {
        count = 0
        head = 0
        theta = 1
    }

    /// sⱼ (j-th pair held, oldest first), `dimension` elements.
    @inline(__always) func sColumn(_ j: Int) -> UnsafeMutablePointer<Double> {
        s.pointer + ((head + j) % capacity) * dimension
    }
    /// yⱼ.
    @inline(__always) func yColumn(_ j: Int) -> UnsafeMutablePointer<Double> {
        y.pointer + ((head + j) % capacity) * dimension
    }

    /// Row i of W = [Y  θS]: out[j] = yⱼ[i], out[k + j] = θ sⱼ[i].
    @inline(__always) func wRow(_ i: Int, into out: UnsafeMutablePointer<Double>) {
        for j in 0..<count {
            out[j] = yColumn(j)[i]
            out[count + j] = theta * sColumn(j)[i]
        }
    }

    /// B = θI − W M Wᵀ as a dense n × n matrix (for diagnostics: O(n²k)).
    func dense() -> Matrix {
        let n = dimension, k2 = 2 * count
        var rows = [Double](repeating: 0, count: n * k2), products = [Double](repeating: 0, count: n * k2)
        rows.withUnsafeMutableBufferPointer { w in
            products.withUnsafeMutableBufferPointer { mw in
                for i in 0..<n {
                    wRow(i, into: w.baseAddress! + i * k2)
                    multiplyMiddle(w.baseAddress! + i * k2, into: mw.baseAddress! + i * k2)
                }
            }
        }
        var b = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in 0..<n {
                var t = 0.0
                for l in 0..<k2 { t += rows[i * k2 + l] * products[j * k2 + l] }
                b[i, j] = (i == j ? theta : 0) - t
            }
        }
        return b
    }

    /// out = M v (2k elements each).
    func multiplyMiddle(_ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let k2 = 2 * count
        middle.withUnsafeBufferPointer { m in
            for i in 0..<k2 {
                var t = 0.0
                for j in 0..<k2 { t += m[j * k2 + i] * v[j] }
                out[i] = t
            }
        }
    }

    /// Adds the pair (s, y) — the oldest leaves when m are held — with sᵀy = `sy`, sᵀs = `ss`
    /// and θ = yᵀy / sᵀy (`matupd`), then forms M.
    /// - Returns: false when M⁻¹ is singular (the caller resets, as `formt`'s failure does).
    func add(
        s sNew: UnsafePointer<Double>, y yNew: UnsafePointer<Double>, sy syNew: Double, ss ssNew: Double,
        yy yyNew: Double
    ) -> Bool {
        let m = capacity, n = dimension
        if count < m {
            count += 1
        } else {
            head = (head + 1) % m
            // Shift the products of the m − 1 pairs that stay up and to the left.
            for i in 0..<(m - 1) {
                for j in 0..<(m - 1) {
                    sy[i * m + j] = sy[(i + 1) * m + j + 1]
                    ss[i * m + j] = ss[(i + 1) * m + j + 1]
                    yy[i * m + j] = yy[(i + 1) * m + j + 1]
                }
            }
        }
        let last = count - 1
        sColumn(last).update(from: sNew, count: n)
        yColumn(last).update(from: yNew, count: n)
        theta = yyNew / syNew
        let sb = UnsafeBufferPointer(start: sNew, count: n), yb = UnsafeBufferPointer(start: yNew, count: n)
        for j in 0..<last {
            let yj = UnsafeBufferPointer(start: yColumn(j), count: n),
                sj = UnsafeBufferPointer(start: sColumn(j), count: n)
            sy[last * m + j] = Kernels.dot(sb, yj)
            sy[j * m + last] = Kernels.dot(sj, yb)
            ss[last * m + j] = Kernels.dot(sb, sj)
            ss[j * m + last] = ss[last * m + j]
            yy[last * m + j] = Kernels.dot(yb, yj)
            yy[j * m + last] = yy[last * m + j]
        }
        sy[last * m + last] = syNew
        ss[last * m + last] = ssNew
        yy[last * m + last] = yyNew
        return formMiddle()
    }

    /// (WᵀW)[a, b] for W = [Y  θS] (a, b < 2k).
    func wGram(_ a: Int, _ b: Int) -> Double {
        let k = count, m = capacity
        switch (a < k, b < k) {
        case (true, true): return yy[a * m + b]
        case (true, false): return theta * sy[(b - k) * m + a]
        case (false, true): return theta * sy[(a - k) * m + b]
        case (false, false): return theta * theta * ss[(a - k) * m + (b - k)]
        }
    }

    /// M⁻¹ = [−D  Lᵀ; L  θSᵀS] and M = (M⁻¹)⁻¹ by LU (LAPACK dgesv, column-major).
    private func formMiddle() -> Bool {
        let k = count, k2 = 2 * k, m = capacity
        for j in 0..<k2 {
            for i in 0..<k2 {
                var value = 0.0
                if i < k && j < k {
                    value = i == j ? -sy[i * m + i] : 0
                } else if i >= k && j >= k {
                    value = theta * ss[(i - k) * m + (j - k)]
                } else if i >= k {
                    let (a, b) = (i - k, j)          // L: s_aᵀy_b for a > b
                    value = a > b ? sy[a * m + b] : 0
                } else {
                    let (a, b) = (j - k, i)          // Lᵀ
                    value = a > b ? sy[a * m + b] : 0
                }
                middleInverse[j * k2 + i] = value
                factor[j * k2 + i] = value
                middle[j * k2 + i] = i == j ? 1 : 0
            }
        }
        let info = factor.withUnsafeMutableBufferPointer { a in
            middle.withUnsafeMutableBufferPointer { b in
                pivots.withUnsafeMutableBufferPointer { p in
                    LAPACKE_dgesv(
                        LAPACK_COL_MAJOR, lapackInt(k2), lapackInt(k2), a.baseAddress, lapackInt(k2), p.baseAddress,
                        b.baseAddress, lapackInt(k2))
                }
            }
        }
        return info == 0
    }
}
