import CLapack

/// A strictly convex quadratic program in N variables,
///
///     min ½ xᵀGx + aᵀx   s.t.   loᵢ ≤ rᵢᵀx + eᵢ·x_{N−1} ≤ hiᵢ (i < m),   lbⱼ ≤ xⱼ ≤ ubⱼ (j < N),
///
/// solved by the dual active-set method of Goldfarb & Idnani, "A numerically stable dual method for
/// solving strictly convex quadratic programs", Math. Programming 27 (1983) 1–33 (Nocedal & Wright,
/// *Numerical Optimization*, 2nd ed., §16.8 sketch it). The rows rᵢ are the first `rowLength` entries
/// of row i of a row-major matrix with stride `rowStride`; eᵢ (`extra`) is the coefficient of the last
/// variable when N = rowLength + 1 (SQP's relaxation variable δ), unused when N = rowLength. An
/// equality is a row with loᵢ = hiᵢ. Every finite side is one inequality constraint nᵀx ≥ b (the
/// upper side as −rᵀx ≥ −hi), so the problem's constraints are "sides".
///
/// The method starts at the unconstrained minimizer x = −G⁻¹a (feasible for the dual) and adds
/// violated constraints one at a time, keeping the active set's normals N_A and
/// J = L⁻ᵀQ with QᵀL⁻¹N_A = [R; 0] (G = LLᵀ, R upper triangular, q × q):
///
/// 1. Pick a violated side p: an equality not yet active first, then the most violated inequality
///    side (s_p(x) = n_pᵀx − b_p < −tol); none: x is optimal.
/// 2. d = Jᵀn_p; primal direction z = J₂d₂ (J₂: columns q…N−1), dual direction r = R⁻¹d₁ (GI step 2a).
/// 3. Partial step t₁ = min u_j/r_j over active inequality sides with r_j > 0 (the dual stays ≥ 0);
///    full step t₂ = −s_p/(zᵀn_p), ∞ when z = 0 (n_p depends linearly on the active normals) (2b).
/// 4. t = min(t₁, t₂); t = ∞: no x satisfies the constraints (the QP is infeasible). x += t z,
///    u −= t r, u_p += t; t = t₂: add p (Givens rotations of J's trailing columns, a new column of
///    R); otherwise drop the side that limited t₁ (Givens rotations restoring R's triangle) and
///    go back to 2 with the same p (2c).
///
/// Equalities are never dropped; their multiplier has the sign of the side picked when added. The
/// multipliers u ≥ 0 of the active sides satisfy Gx + a = Σ u_p n_p. Dependent active constraints
/// (z = 0, LICQ failing) are met by the dual step alone, so degenerate QPs are solved without
/// factoring anything singular. Cost: one Cholesky factor and one triangular inverse, O(N³/3 + N³/3),
/// then O(N²) per change of the active set. Every buffer is allocated once, for `capacity` variables.
package final class DualActiveSetQP {
    /// How a solve ended.
    package enum Outcome: Equatable, Sendable {
        case optimal
        /// A constraint that no x satisfies with the active ones (t = ∞ in step 4).
        case infeasible
        /// G is not positive definite (dpotrf's info): the caller's matrix is unusable.
        case notPositiveDefinite
        /// More active-set changes than `maxChanges` (cycling in floating point).
        case changeLimit
    }

    let capacity: Int
    /// x (N entries).
    package let solution: Vector
    /// The rows' multipliers λᵢ = u_upper − u_lower (OptBench's sign: Gx + a + Σλᵢ(rᵢ, eᵢ) + box terms = 0).
    package let rowMultipliers: Vector
    /// Active-set changes of the last solve.
    package private(set) var changes = 0
    private let j: Vector, r: Vector, d: Vector, z: Vector, rr: Vector, u: Vector
    private var active: [Int]
    /// Whether each side (2m + 2N of them) is in `active`, so step 1's scan is O(m + N).
    private var isActive: [Bool]
    private var uNew = 0.0

    /// - Parameters:
    ///   - capacity: the largest N the solver will be given.
    ///   - rows: the largest m.
    package init(capacity: Int, rows: Int) throws(AllocationFailure) {
        self.capacity = capacity
        rowMultipliers = try Vector(allocating: rows)
        solution = try Vector(allocating: capacity)
        j = try Vector(allocating: capacity * capacity)
        r = try Vector(allocating: capacity * capacity)
        d = try Vector(allocating: capacity)
        z = try Vector(allocating: capacity)
        rr = try Vector(allocating: capacity)
        u = try Vector(allocating: capacity)
        active = Array(repeating: 0, count: capacity)
        isActive = Array(repeating: false, count: 2 * rows + 2 * capacity)
    }

    /// The problem of one solve (pointers valid for its duration).
    package struct Problem {
        package var dimension: Int
        /// G, row-major N × N (the lower triangle is read; it is overwritten by its factor).
        package var hessian: UnsafeMutablePointer<Double>
        package var linear: UnsafePointer<Double>
        package var rows: UnsafePointer<Double>
        package var rowCount: Int
        package var rowStride: Int
        package var rowLength: Int
        package var extra: UnsafePointer<Double>
        package var rowLower: UnsafePointer<Double>
        package var rowUpper: UnsafePointer<Double>
        package var lower: UnsafePointer<Double>
        package var upper: UnsafePointer<Double>
    }

    /// Solves `p`; the result is in `solution` (N entries) and `rowMultipliers` (m entries).
    package func solve(_ p: Problem) -> Outcome {
        let n = p.dimension
        let info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), p.hessian, Int32(n))
        guard info == 0 else { return .notPositiveDefinite }
        // J = L⁻ᵀ: invert the factor in place (dtrtri), transpose into J.
        let inverse = LAPACKE_dtrtri(
            LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int8(UInt8(ascii: "N")), Int32(n), p.hessian, Int32(n))
        guard inverse == 0 else { return .notPositiveDefinite }
        let jm = j.pointer, x = solution.pointer
        for a in 0..<n { for b in 0..<n { jm[a * n + b] = b >= a ? p.hessian[b * n + a] : 0 } }
        // x = −JJᵀa (G⁻¹ = L⁻ᵀL⁻¹).
        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(n), Int32(n), 1, jm, Int32(n), p.linear, 1, 0, d.pointer, 1)
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(n), -1, jm, Int32(n), d.pointer, 1, 0, x, 1)
        var q = 0
        changes = 0
        for k in 0..<(2 * p.rowCount + 2 * n) { isActive[k] = false }
        let maxChanges = 50 * (n + p.rowCount + 10)
        while true {
            guard let (side, violation) = mostViolated(p, activeCount: q) else { break }
            uNew = 0
            var slack = violation
            while true {
                changes += 1
                if changes > maxChanges { return .changeLimit }
                directions(p, side: side, activeCount: q)
                var t1 = Double.infinity, drop = -1
                for k in 0..<q where !isEquality(p, active[k]) && rr[k] > 0 {
                    let ratio = u[k] / rr[k]
                    if ratio < t1 { t1 = ratio; drop = k }
                }
                var tailNorm = 0.0, fullNorm = 0.0
                for i in 0..<n {
                    fullNorm += d[i] * d[i]
                    if i >= q { tailNorm += d[i] * d[i] }
                }
                let dependent = tailNorm <= 1e-12 * fullNorm || tailNorm == 0
                let zn = dependent ? 0 : dot(p, side: side, z.pointer)
                let t2 = dependent || zn <= 0 ? Double.infinity : -slack / zn
                let t = min(t1, t2)
                if !t.isFinite { return .infeasible }
                if t2.isFinite { for i in 0..<n { x[i] += t * z[i] } }
                for k in 0..<q { u[k] -= t * rr[k] }
                uNew += t
                if t == t2 {
                    add(side: side, activeCount: &q, dimension: n)
                    break
                }
                u[drop] = 0
                dropActive(at: drop, activeCount: &q, dimension: n)
                slack = self.slack(p, side: side)
            }
        }
        rowMultipliers.storage.update(repeating: 0)
        for k in 0..<q where active[k] < 2 * p.rowCount {
            let row = active[k] / 2
            // Side 0 is rᵀx ≥ lo (normal +r): its multiplier pushes like λ < 0 under L = f + λᵀc.
            rowMultipliers[row] += active[k] % 2 == 0 ? -u[k] : u[k]
        }
        return .optimal
    }

    // Sides: 2i (row i, lower) and 2i + 1 (row i, upper) for i < m; 2m + 2j and 2m + 2j + 1 for
    // variable j's lower and upper bound.
    private func isEquality(_ p: Problem, _ side: Int) -> Bool {
        side < 2 * p.rowCount && p.rowLower[side / 2] == p.rowUpper[side / 2]
    }

    /// n_pᵀv for side p.
    private func dot(_ p: Problem, side: Int, _ v: UnsafePointer<Double>) -> Double {
        let sign: Double = side % 2 == 0 ? 1 : -1
        if side >= 2 * p.rowCount { return sign * v[(side - 2 * p.rowCount) / 2] }
        let row = side / 2
        var s = cblas_ddot(Int32(p.rowLength), p.rows + row * p.rowStride, 1, v, 1)
        if p.dimension > p.rowLength { s += p.extra[row] * v[p.rowLength] }
        return sign * s
    }

    /// s_p(x) = n_pᵀx − b_p (≥ 0 when side p holds).
    private func slack(_ p: Problem, side: Int) -> Double {
        let value = dot(p, side: side, solution.pointer)
        if side >= 2 * p.rowCount {
            let v = (side - 2 * p.rowCount) / 2
            return side % 2 == 0 ? value - p.lower[v] : value + p.upper[v]
        }
        return side % 2 == 0 ? value - p.rowLower[side / 2] : value + p.rowUpper[side / 2]
    }

    /// Step 1: an inactive equality off its value first (its violated side), else the inequality
    /// side with the most negative slack below −tol; nil when x satisfies everything.
    private func mostViolated(_ p: Problem, activeCount q: Int) -> (Int, Double)? {
        var best: (Int, Double)?
        let scale = 1 + maxAbs(solution.pointer, p.dimension)
        func consider(_ side: Int, bound: Double) {
            if isActive[side] { return }
            let s = slack(p, side: side)
            if s < -1e-12 * (scale + abs(bound)), s < (best?.1 ?? 0) { best = (side, s) }
        }
        for i in 0..<p.rowCount where p.rowLower[i] == p.rowUpper[i] {
            if isActive[2 * i] || isActive[2 * i + 1] { continue }
            consider(2 * i, bound: p.rowLower[i])
            consider(2 * i + 1, bound: p.rowUpper[i])
        }
        if best != nil { return best }
        for i in 0..<p.rowCount where p.rowLower[i] != p.rowUpper[i] {
            if p.rowLower[i] > -.infinity { consider(2 * i, bound: p.rowLower[i]) }
            if p.rowUpper[i] < .infinity { consider(2 * i + 1, bound: p.rowUpper[i]) }
        }
        for v in 0..<p.dimension {
            if p.lower[v] > -.infinity { consider(2 * p.rowCount + 2 * v, bound: p.lower[v]) }
            if p.upper[v] < .infinity { consider(2 * p.rowCount + 2 * v + 1, bound: p.upper[v]) }
        }
        return best
    }

    private func maxAbs(_ v: UnsafePointer<Double>, _ n: Int) -> Double {
        var m = 0.0
        for i in 0..<n { m = max(m, abs(v[i])) }
        return m
    }

    /// Step 2: d = Jᵀn_p, z = J₂d₂, r = R⁻¹d₁.
    private func directions(_ p: Problem, side: Int, activeCount q: Int) {
        let n = p.dimension, jm = j.pointer
        let sign: Double = side % 2 == 0 ? 1 : -1
        if side >= 2 * p.rowCount {
            let v = (side - 2 * p.rowCount) / 2
            for i in 0..<n { d[i] = sign * jm[v * n + i] }
        } else {
            let row = side / 2
            cblas_dgemv(
                CblasRowMajor, CblasTrans, Int32(p.rowLength), Int32(n), sign, jm, Int32(n),
                p.rows + row * p.rowStride, 1, 0, d.pointer, 1)
            if n > p.rowLength {
                cblas_daxpy(Int32(n), sign * p.extra[row], jm + p.rowLength * n, 1, d.pointer, 1)
            }
        }
        z.storage.update(repeating: 0)
        if q < n {
            cblas_dgemv(
                CblasRowMajor, CblasNoTrans, Int32(n), Int32(n - q), 1, jm + q, Int32(n), d.pointer + q, 1, 0,
                z.pointer, 1)
        }
        // Back substitution R r = d₁ (R upper triangular, q × q, row-major with stride n).
        let rm = r.pointer
        for a in stride(from: q - 1, through: 0, by: -1) {
            var s = d[a]
            for b in (a + 1)..<max(a + 1, q) { s -= rm[a * n + b] * rr[b] }
            rr[a] = s / rm[a * n + a]
        }
    }

    /// Adds side p as active number q: Givens rotations zero d[q+1…n−1] (applied to J's columns),
    /// then R's column q is d[0…q].
    private func add(side: Int, activeCount q: inout Int, dimension n: Int) {
        let jm = j.pointer
        for i in stride(from: n - 1, through: q + 1, by: -1) where d[i] != 0 {
            let h = (d[i - 1] * d[i - 1] + d[i] * d[i]).squareRoot()
            let c = d[i - 1] / h, s = d[i] / h
            d[i - 1] = h
            d[i] = 0
            cblas_drot(Int32(n), jm + (i - 1), Int32(n), jm + i, Int32(n), c, s)
        }
        for a in 0...q { r[a * n + q] = d[a] }
        active[q] = side
        isActive[side] = true
        u[q] = uNew
        q += 1
    }

    /// Drops active number k: R's column k goes, rotations on rows (k, k+1), … restore the triangle
    /// (applied to J's columns k, k+1, …).
    private func dropActive(at k: Int, activeCount q: inout Int, dimension n: Int) {
        let rm = r.pointer, jm = j.pointer
        isActive[active[k]] = false
        for a in k..<(q - 1) {
            active[a] = active[a + 1]
            u[a] = u[a + 1]
            for row in 0..<q { rm[row * n + a] = rm[row * n + a + 1] }
        }
        for a in k..<max(k, q - 1) {
            let x1 = rm[a * n + a], x2 = rm[(a + 1) * n + a]
            let h = (x1 * x1 + x2 * x2).squareRoot()
            guard h > 0 else { continue }
            let c = x1 / h, s = x2 / h
            cblas_drot(Int32(q - 1 - a), rm + a * n + a, 1, rm + (a + 1) * n + a, 1, c, s)
            rm[(a + 1) * n + a] = 0
            cblas_drot(Int32(n), jm + a, Int32(n), jm + a + 1, Int32(n), c, s)
        }
        q -= 1
    }
}
