import CLapack

/// The subspace step of L-BFGS-B: the direct primal method (Byrd, Lu, Nocedal & Zhu 1995,
/// section 5.1) with the projection of Morales & Nocedal (ACM TOMS 38(1), 2011, "Remark on
/// Algorithm 778"; the Fortran's `cmprlb` and `subsm`).
///
/// With the variables active at the Cauchy point xᶜ held there and Z the columns of I of the
/// t free ones, it minimizes the model over the free variables without their bounds:
///   r̂ = −Zᵀ(g + B(xᶜ − x)) = −Zᵀg − θZᵀ(xᶜ − x) + ZᵀWMc                       (eq. 5.4)
///   d̂ = (Zᵀ B Z)⁻¹ r̂ = r̂/θ + ZᵀW K⁻¹ WᵀZ r̂ / θ²,  K = M⁻¹ − WᵀZZᵀW / θ      (eqs. 5.10–5.11)
/// (Sherman–Morrison–Woodbury on ZᵀBZ = θI − ZᵀWMWᵀZ; K, 2k × 2k, is solved by LAPACK dgesv).
/// Then, per Morales & Nocedal, x̂ = P(xᶜ + d̂): if no free variable reaches a bound, or if
/// (x̂ − x)ᵀg ≤ 0, x̂ is the result; otherwise (the projected point is not a descent
/// direction from x) it falls back to the 1995 rule: the longest step α ≤ 1 along d̂ from xᶜ
/// that stays in the box, with the variable that limits it put exactly on its bound.
final class SubspaceMinimization {
    let dimension: Int
    /// The free variables at the Cauchy point.
    private(set) var free: [Int]
    private(set) var freeCount = 0
    /// r̂, then d̂, by position in `free`.
    private var reduced: [Double]
    /// ZᵀW v when every variable is free.
    private var accumulator: [Double]
    private var rhs: [Double], kernel: [Double], wc: [Double], row: [Double]
    private var pivots: [Int32]

    init(dimension: Int, memory: Int) {
        self.dimension = dimension
        free = Array(repeating: 0, count: dimension)
        reduced = Array(repeating: 0, count: dimension)
        accumulator = Array(repeating: 0, count: dimension)
        rhs = Array(repeating: 0, count: 2 * memory)
        kernel = Array(repeating: 0, count: 4 * memory * memory)
        wc = Array(repeating: 0, count: 2 * memory)
        row = Array(repeating: 0, count: 2 * memory)
        pivots = Array(repeating: 0, count: 2 * memory)
    }

    /// Collects the free variables of `cauchy` (the Fortran's `freev`).
    func collectFree(_ cauchy: CauchyPoint) {
        freeCount = 0
        for i in 0..<dimension where cauchy.state[i].isFree {
            free[freeCount] = i
            freeCount += 1
        }
    }

    /// Overwrites `z` (holding xᶜ) with the subspace minimizer.
    /// - Returns: false when K is singular (the caller resets the memory, as L-BFGS-B does).
    func minimize(z: Vector, x: Vector, gradient g: Vector, bounds: Bounds, memory: CompactLBFGS, c: [Double]) -> Bool {
        let k = memory.count, k2 = 2 * k, theta = memory.theta, t = freeCount
        guard t > 0 && k > 0 else { return true }
        // r̂ = −g − θ(xᶜ − x) + W(Mc) on the free variables.
        memory.multiplyMiddle(c, into: &wc)
        let allFree = t == dimension
        if allFree {
            // Every variable free (no bounds, or none binds): the same sums, a pair's columns at a time.
            reduced.withUnsafeMutableBufferPointer { r in
                for i in 0..<t { r[i] = -g[i] - theta * (z[i] - x[i]) }
                for j in 0..<k {
                    let y = memory.yColumn(j), s = memory.sColumn(j), a = wc[j], b = wc[k + j]
                    for i in 0..<t { r[i] += y[i] * a + theta * s[i] * b }
                }
            }
        } else {
            for a in 0..<t {
                let i = free[a]
                var r = -g[i] - theta * (z[i] - x[i])
                for j in 0..<k { r += memory.yColumn(j)[i] * wc[j] + theta * memory.sColumn(j)[i] * wc[k + j] }
                reduced[a] = r
            }
        }
        // K = M⁻¹ − WᵀZZᵀW/θ and the right-hand side WᵀZr̂ (column-major, leading dimension 2k).
        // WᵀZZᵀW is summed over the free rows, or, when most are free, taken as WᵀW (kept by the
        // memory) less the rows of the bound variables.
        for j in 0..<k2 { rhs[j] = 0 }
        let mostlyFree = 2 * t > dimension
        for q in 0..<k2 {
            for r in 0..<k2 {
                kernel[q * k2 + r] = memory.middleInverse[q * k2 + r] - (mostlyFree ? memory.wGram(r, q) / theta : 0)
            }
        }
        let sign = mostlyFree ? 1.0 : -1.0
        if allFree {
            reduced.withUnsafeBufferPointer { r in
                for j in 0..<k {
                    let y = memory.yColumn(j), s = memory.sColumn(j)
                    var ty = 0.0, ts = 0.0
                    for i in 0..<t { ty += y[i] * r[i]; ts += theta * s[i] * r[i] }
                    rhs[j] = ty
                    rhs[k + j] = ts
                }
            }
        }
        var next = 0
        for i in 0..<dimension where !allFree {
            let isFree = next < t && free[next] == i
            if isFree { next += 1 }
            guard isFree != mostlyFree || isFree else { continue }
            row.withUnsafeMutableBufferPointer { memory.wRow(i, into: $0.baseAddress!) }
            if isFree { for q in 0..<k2 { rhs[q] += row[q] * reduced[next - 1] } }
            if isFree == mostlyFree { continue }
            for q in 0..<k2 {
                let scaled = sign * row[q] / theta
                for r in 0..<k2 { kernel[q * k2 + r] += row[r] * scaled }
            }
        }
        let info = kernel.withUnsafeMutableBufferPointer { kb in
            rhs.withUnsafeMutableBufferPointer { rb in
                pivots.withUnsafeMutableBufferPointer { pb in
                    LAPACKE_dgesv(
                        LAPACK_COL_MAJOR, lapackInt(k2), 1, kb.baseAddress, lapackInt(k2), pb.baseAddress,
                        rb.baseAddress, lapackInt(k2))
                }
            }
        }
        guard info == 0 else { return false }
        // d̂ = r̂/θ + ZᵀW v/θ², v = K⁻¹WᵀZr̂.
        if allFree {
            accumulator.withUnsafeMutableBufferPointer { acc in
                for i in 0..<t { acc[i] = 0 }
                for j in 0..<k {
                    let y = memory.yColumn(j), s = memory.sColumn(j), a = rhs[j], b = rhs[k + j]
                    for i in 0..<t { acc[i] += y[i] * a + theta * s[i] * b }
                }
                reduced.withUnsafeMutableBufferPointer { r in
                    for i in 0..<t { r[i] = r[i] / theta + acc[i] / (theta * theta) }
                }
            }
        } else {
            for a in 0..<t {
                let i = free[a]
                var wv = 0.0
                for j in 0..<k { wv += memory.yColumn(j)[i] * rhs[j] + theta * memory.sColumn(j)[i] * rhs[k + j] }
                reduced[a] = reduced[a] / theta + wv / (theta * theta)
            }
        }
        project(z: z, x: x, gradient: g, bounds: bounds)
        return true
    }

    /// Morales & Nocedal's projection of xᶜ + d̂, or the backtracked step (see the type).
    private func project(z: Vector, x: Vector, gradient g: Vector, bounds: Bounds) {
        let lower = bounds.lower, upper = bounds.upper, t = freeCount
        var reachesBound = false
        var slope = 0.0
        for a in 0..<t {
            let i = free[a]
            let target = min(max(z[i] + reduced[a], lower[i]), upper[i])
            if target == lower[i] || target == upper[i] { reachesBound = true }
            slope += (target - x[i]) * g[i]
        }
        guard reachesBound else {
            for a in 0..<t { z[free[a]] += reduced[a] }
            return
        }
        // (x̂ − x)ᵀg over every variable: the fixed ones contribute (xᶜ − x)ᵀg.
        for i in 0..<dimension where !(z[i] == x[i]) {
            if !isFree(i) { slope += (z[i] - x[i]) * g[i] }
        }
        if slope <= 0 {
            for a in 0..<t { let i = free[a]; z[i] = min(max(z[i] + reduced[a], lower[i]), upper[i]) }
            return
        }
        var alpha = 1.0, limiting = -1
        for a in 0..<t {
            let i = free[a], di = reduced[a]
            var reach = alpha
            if di < 0 && lower[i] > -.infinity {
                let room = lower[i] - z[i]
                reach = room >= 0 ? 0 : (di * alpha < room ? room / di : alpha)
            } else if di > 0 && upper[i] < .infinity {
                let room = upper[i] - z[i]
                reach = room <= 0 ? 0 : (di * alpha > room ? room / di : alpha)
            }
            if reach < alpha { alpha = reach; limiting = a }
        }
        if alpha < 1 && limiting >= 0 {
            let i = free[limiting]
            z[i] = reduced[limiting] > 0 ? upper[i] : lower[i]
            reduced[limiting] = 0
        }
        for a in 0..<t { z[free[a]] += alpha * reduced[a] }
    }

    /// Whether variable i is among the free ones (binary search: `free` is increasing).
    private func isFree(_ i: Int) -> Bool {
        var lo = 0, hi = freeCount
        while lo < hi {
            let mid = (lo + hi) / 2
            if free[mid] < i { lo = mid + 1 } else { hi = mid }
        }
        return lo < freeCount && free[lo] == i
    }
}
