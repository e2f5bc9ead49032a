/// The interpolation set of Powell's model-based methods and the inverse of its KKT matrix, as
/// M. J. D. Powell keeps them in BOBYQA ("The BOBYQA algorithm for bound constrained optimization
/// without derivatives", DAMTP 2009/NA06, sections 2–4) and NEWUOA ("The NEWUOA software for
/// unconstrained optimization without derivatives", Large-Scale Nonlinear Optimization, Springer
/// 2006, sections 2–4).
///
/// Points are displacements from a base point: yₖ = xbase + xptₖ, k = 1…m (m = npt, n + 2 ≤ m ≤
/// (n+1)(n+2)/2). The quadratic model is
///   Q(xbase + s) = Q(xbase + xopt) + gᵀ(s − xopt) + ½ (s − xopt)ᵀ ∇²Q (s − xopt),
/// with g = `gopt` its gradient at the best point xopt and ∇²Q = HQ + Σₖ pqₖ xptₖ xptₖᵀ (explicit
/// part HQ, packed; implicit part the pq multipliers). Each model interpolates f at the m points
/// and, among those that do, changes ∇²Q by the least Frobenius norm (NEWUOA §2, BOBYQA §2).
/// The equations below are numbered here ((1)–(5)); the papers' sections are cited.
///
/// The KKT matrix of that variational problem,
///   (1)  W = [[A, Xᵀ], [X, 0]],  Aₖₗ = ½(xptₖᵀxptₗ)²,  X = [1 … 1; xpt₁ … xptₘ],
/// has the inverse H = [[Ω, Ξᵀ], [Ξ, Υ]]. Powell stores Ω = Z Zᵀ (Z of rank m − n − 1, `zmat`;
/// NEWUOA's sign vector is not needed in BOBYQA) and the last n columns of H (`bmat`,
/// (m + n) × n: Ξ without its first row, and Υ). Replacing point t by xnew = xopt + d, with
///   (2)  w(y) = (½(xptₖᵀy)², k = 1…m; 1; y)  (the KKT right-hand side of the point y),
/// τ = e_tᵀHw(xnew) (the t-th Lagrange function at xnew: `vlag`[t]), α = e_tᵀHe_t (= Ω_tt),
/// β = ½‖xnew‖⁴ − w(xnew)ᵀHw(xnew) and
///   (3)  σ = αβ + τ²,
/// Powell forms Hw(xnew) as H(w(xnew) − w(xopt)) + e_kopt (H w(xopt) = e_kopt: xopt is a point),
/// the difference's entries being (xptₖᵀd)(½xptₖᵀd + xptₖᵀxopt), which keeps rounding small;
/// β likewise (BOBYQA §4). With w = w(xnew), H changes by the rank-two formula (NEWUOA §4,
/// BOBYQA §4)
///   (4)  H⁺ = H + σ⁻¹ [α (e_t − Hw)(e_t − Hw)ᵀ − β H e_t e_tᵀ H
///                      + τ (H e_t (e_t − Hw)ᵀ + (e_t − Hw) e_tᵀ H)],
/// which `update` applies to Z (Givens rotations first gather row t of Z into its first column,
/// then that column z becomes (τ z − z_t (Hw − e_t)₁…ₘ)/√σ) and to `bmat`. The model then
/// changes by
///   (5)  Q⁺ = Q + (f(xnew) − Q(xnew)) ℓ_t,
/// ℓ_t the t-th Lagrange function (its Hessian Σₖ Ωₖₜ xptₖxptₖᵀ), which is the least-Frobenius-norm
/// change that interpolates the new value (`absorb`).
///
/// Storage: `xpt` row k at [k·n, (k+1)·n); `bmat` row i at [i·n, (i+1)·n); `zmat` row k at
/// [k·(m−n−1), …); `hq` packed by columns of the upper triangle (entry (i, j), i ≤ j, at
/// j(j+1)/2 + i, 0-based). Every buffer is allocated once, in `init`.
final class InterpolationSet {
    let n: Int
    /// m, the number of interpolation points.
    let npt: Int
    /// m − n − 1, the columns of Z.
    let nptm: Int
    var xbase: [Double]
    var xpt: [Double]
    var fval: [Double]
    var xopt: [Double]
    var xoptsq = 0.0
    var gopt: [Double]
    var hq: [Double]
    var pq: [Double]
    var bmat: [Double]
    var zmat: [Double]
    /// Bounds relative to xbase: sl = lower − xbase ≤ 0, su = upper − xbase ≥ 0 (±∞ when unbounded).
    var sl: [Double]
    var su: [Double]
    /// The index of the best point (least f, the first one among equals).
    var kopt = 0
    /// NEWUOA's sign vector (NEWUOA §4): Ω = Z diag(−1, …, −1, +1, …, +1) Zᵀ with the first
    /// `negativeColumns` columns of Z negative (Powell's IDZ − 1). Always 0 in BOBYQA.
    var negativeColumns = 0
    /// The values H w of the Lagrange functions at the trial point (`vlag`, m + n), β (§4)
    /// and the trial point's inner products: `wcheck`[k] = (xptₖᵀd)(½ xptₖᵀd + xptₖᵀxopt),
    /// `xptd`[k] = xptₖᵀd.
    var vlag: [Double]
    var beta = 0.0
    var wcheck: [Double]
    var xptd: [Double]
    /// Work space of 2m + n numbers.
    var work: [Double]

    init(dimension n: Int, points npt: Int) {
        self.n = n
        self.npt = npt
        nptm = npt - n - 1
        xbase = Array(repeating: 0, count: n)
        xpt = Array(repeating: 0, count: npt * n)
        fval = Array(repeating: 0, count: npt)
        xopt = Array(repeating: 0, count: n)
        gopt = Array(repeating: 0, count: n)
        hq = Array(repeating: 0, count: n * (n + 1) / 2)
        pq = Array(repeating: 0, count: npt)
        bmat = Array(repeating: 0, count: (npt + n) * n)
        zmat = Array(repeating: 0, count: npt * max(nptm, 1))
        sl = Array(repeating: 0, count: n)
        su = Array(repeating: 0, count: n)
        vlag = Array(repeating: 0, count: npt + n)
        wcheck = Array(repeating: 0, count: npt)
        xptd = Array(repeating: 0, count: npt)
        work = Array(repeating: 0, count: 2 * npt + n)
    }

    @inline(__always) func packed(_ i: Int, _ j: Int) -> Int { i <= j ? j * (j + 1) / 2 + i : i * (i + 1) / 2 + j }

    /// Sets xopt to xpt[kopt] and xoptsq to ‖xopt‖² (summed in index order).
    func takeOptimum() {
        xoptsq = 0
        for i in 0..<n {
            xopt[i] = xpt[kopt * n + i]
            xoptsq += xopt[i] * xopt[i]
        }
    }

    /// ‖xptₖ − y‖², summed in index order.
    func distanceSquared(_ k: Int, to y: [Double]) -> Double {
        var sum = 0.0
        for j in 0..<n {
            let t = xpt[k * n + j] - y[j]
            sum += t * t
        }
        return sum
    }

    /// Ωₖₖ = Σⱼ Zₖⱼ², the diagonal of H's leading block.
    func omegaDiagonal(_ k: Int) -> Double {
        var sum = 0.0
        for j in 0..<nptm { sum += zmat[k * nptm + j] * zmat[k * nptm + j] }
        return sum
    }

    /// The point xbase + s of the variables, clipped into [xbase + sl, xbase + su] and put exactly
    /// on a bound where s is exactly on it (Powell's rule, so that rounding never leaves the box).
    func variables(at s: [Double], lower: [Double], upper: [Double], into x: UnsafeMutableBufferPointer<Double>) {
        for j in 0..<n {
            x[j] = min(max(lower[j], xbase[j] + s[j]), upper[j])
            if s[j] == sl[j] { x[j] = lower[j] }
            if s[j] == su[j] { x[j] = upper[j] }
        }
    }

    /// Adds ∇²Q v to `gopt` (both parts of the Hessian, HQ's first): the gradient at xopt + v.
    func addHessianTimes(_ v: [Double]) {
        addExplicitHessianTimes(v)
        for k in 0..<npt {
            var t = 0.0
            for j in 0..<n { t += xpt[k * n + j] * v[j] }
            t *= pq[k]
            for i in 0..<n { gopt[i] += t * xpt[k * n + i] }
        }
    }

    /// Adds HQ v only (the explicit part; the initial model has pq = 0).
    func addExplicitHessianTimes(_ v: [Double]) {
        var ih = 0
        for j in 0..<n {
            for i in 0...j {
                if i < j { gopt[j] += hq[ih] * v[i] }
                gopt[i] += hq[ih] * v[j]
                ih += 1
            }
        }
    }

    /// Moves the base point to xbase + xopt (BOBYQA section 5, the "shift of origin"), updating
    /// bmat's Υ block and Ξ as H transforms under the shift (NEWUOA §7), HQ (so
    /// that ∇²Q is unchanged), xpt, the relative bounds and `xnew`; xopt becomes 0.
    func shiftBase(xnew: inout [Double]) {
        let fracsq = 0.25 * xoptsq
        var sumpq = 0.0
        for k in 0..<npt {
            sumpq += pq[k]
            var sum = -0.5 * xoptsq
            for i in 0..<n { sum += xpt[k * n + i] * xopt[i] }
            work[npt + k] = sum
            let temp = fracsq - 0.5 * sum
            for i in 0..<n {
                work[i] = bmat[k * n + i]
                vlag[i] = sum * xpt[k * n + i] + temp * xopt[i]
                let ip = npt + i
                for j in 0...i { bmat[ip * n + j] = bmat[ip * n + j] + work[i] * vlag[j] + vlag[i] * work[j] }
            }
        }
        for jj in 0..<nptm {
            var sumz = 0.0, sumw = 0.0
            for k in 0..<npt {
                sumz += zmat[k * nptm + jj]
                vlag[k] = work[npt + k] * zmat[k * nptm + jj]
                sumw += vlag[k]
            }
            for j in 0..<n {
                var sum = (fracsq * sumz - 0.5 * sumw) * xopt[j]
                for k in 0..<npt { sum += vlag[k] * xpt[k * n + j] }
                work[j] = sum
                for k in 0..<npt { bmat[k * n + j] += sum * zmat[k * nptm + jj] }
            }
            for i in 0..<n {
                let ip = i + npt, temp = work[i]
                for j in 0...i { bmat[ip * n + j] += temp * work[j] }
            }
        }
        var ih = 0
        for j in 0..<n {
            work[j] = -0.5 * sumpq * xopt[j]
            for k in 0..<npt {
                work[j] += pq[k] * xpt[k * n + j]
                xpt[k * n + j] -= xopt[j]
            }
            for i in 0...j {
                hq[ih] = hq[ih] + work[i] * xopt[j] + xopt[i] * work[j]
                bmat[(npt + i) * n + j] = bmat[(npt + j) * n + i]
                ih += 1
            }
        }
        for i in 0..<n {
            xbase[i] += xopt[i]
            xnew[i] -= xopt[i]
            sl[i] -= xopt[i]
            su[i] -= xopt[i]
            xopt[i] = 0
        }
        xoptsq = 0
    }

    /// For the step d from xopt: the Lagrange functions' values Hw at xopt + d (`vlag`, formed as
    /// H(w(xopt + d) − w(xopt)) + e_kopt, see (2)), β of (3) and the products `xptd`, `wcheck`.
    /// `stepSquared` is the ‖d‖² that enters β: Σdᵢ² when nil (BOBYQA); NEWUOA passes its own
    /// (the square of the geometry step's radius after BIGLAG, as Powell's NEWUOB does).
    func lagrangeValues(step d: [Double], stepSquared: Double? = nil) {
        for k in 0..<npt {
            var suma = 0.0, sumb = 0.0, sum = 0.0
            for j in 0..<n {
                suma += xpt[k * n + j] * d[j]
                sumb += xpt[k * n + j] * xopt[j]
                sum += bmat[k * n + j] * d[j]
            }
            wcheck[k] = suma * (0.5 * suma + sumb)
            vlag[k] = sum
            xptd[k] = suma
        }
        beta = 0
        for jj in 0..<nptm {
            var sum = 0.0
            for k in 0..<npt { sum += zmat[k * nptm + jj] * wcheck[k] }
            if jj < negativeColumns {
                beta += sum * sum
                sum = -sum
            } else {
                beta -= sum * sum
            }
            for k in 0..<npt { vlag[k] += sum * zmat[k * nptm + jj] }
        }
        var dsq = 0.0, bsum = 0.0, dx = 0.0
        for j in 0..<n {
            dsq += d[j] * d[j]
            var sum = 0.0
            for k in 0..<npt { sum += wcheck[k] * bmat[k * n + j] }
            bsum += sum * d[j]
            let jp = npt + j
            for i in 0..<n { sum += bmat[jp * n + i] * d[i] }
            vlag[jp] = sum
            bsum += sum * d[j]
            dx += d[j] * xopt[j]
        }
        if let stepSquared { dsq = stepSquared }
        beta = dx * dx + dsq * (xoptsq + dx + dx + 0.5 * dsq) + beta - bsum
        vlag[kopt] += 1
    }

    /// Replaces point `knew` in H by (4) given `vlag`, β and σ = `denom` for the new point:
    /// Givens rotations first gather row knew of Z into its first column (NEWUOA section 4), then
    /// that column and bmat take the rank-two change.
    func update(knew: Int, denom: Double) {
        var ztest = 0.0
        for k in 0..<npt { for j in 0..<nptm { ztest = max(ztest, abs(zmat[k * nptm + j])) } }
        ztest *= 1e-20
        if nptm > 1 {
            for j in 1..<nptm where abs(zmat[knew * nptm + j]) > ztest {
                let r = (zmat[knew * nptm] * zmat[knew * nptm] + zmat[knew * nptm + j] * zmat[knew * nptm + j])
                    .squareRoot()
                let c = zmat[knew * nptm] / r, s = zmat[knew * nptm + j] / r
                for i in 0..<npt {
                    let t = c * zmat[i * nptm] + s * zmat[i * nptm + j]
                    zmat[i * nptm + j] = c * zmat[i * nptm + j] - s * zmat[i * nptm]
                    zmat[i * nptm] = t
                }
            }
            for j in 1..<nptm { zmat[knew * nptm + j] = 0 }
        }
        for i in 0..<npt { work[i] = zmat[knew * nptm] * zmat[i * nptm] }
        let alpha = work[knew], tau = vlag[knew]
        vlag[knew] -= 1
        let root = denom.squareRoot()
        let tb = zmat[knew * nptm] / root, ta = tau / root
        for i in 0..<npt { zmat[i * nptm] = ta * zmat[i * nptm] - tb * vlag[i] }
        updateBmat(knew: knew, alpha: alpha, tau: tau, denom: denom)
    }

    /// The last n columns of H after (4): with α, τ and σ = `denom` of point `knew`, `vlag` = Hw − e_knew
    /// and `bmat`'s row knew (copied into `work`), both BOBYQA's and NEWUOA's update.
    func updateBmat(knew: Int, alpha: Double, tau: Double, denom: Double) {
        for j in 0..<n {
            let jp = npt + j
            work[jp] = bmat[knew * n + j]
            let ca = (alpha * vlag[jp] - tau * work[jp]) / denom
            let cb = (-beta * work[jp] - tau * vlag[jp]) / denom
            for i in 0...jp {
                bmat[i * n + j] = bmat[i * n + j] + ca * vlag[i] + cb * work[i]
                if i >= npt { bmat[jp * n + (i - npt)] = bmat[i * n + j] }
            }
        }
    }

    /// After `update`: the model takes f at the new point xnew (replacing point knew), with
    /// `diff` = f − Q(xnew) (the interpolation error there). The old point's implicit curvature
    /// moves into HQ, the pq multipliers and gopt change by diff times the knew-th Lagrange
    /// function's (§4 of NEWUOA: the minimum-Frobenius-norm change of the model).
    func absorb(knew: Int, value f: Double, diff: Double, xnew: [Double]) {
        let pqold = pq[knew]
        pq[knew] = 0
        var ih = 0
        for i in 0..<n {
            let t = pqold * xpt[knew * n + i]
            for j in 0...i {
                hq[ih] += t * xpt[knew * n + j]
                ih += 1
            }
        }
        for jj in 0..<nptm {
            let t = diff * zmat[knew * nptm + jj]
            for k in 0..<npt { pq[k] += t * zmat[k * nptm + jj] }
        }
        fval[knew] = f
        for i in 0..<n {
            xpt[knew * n + i] = xnew[i]
            work[i] = bmat[knew * n + i]
        }
        for k in 0..<npt {
            var suma = 0.0
            for jj in 0..<nptm { suma += zmat[knew * nptm + jj] * zmat[k * nptm + jj] }
            var sumb = 0.0
            for j in 0..<n { sumb += xpt[k * n + j] * xopt[j] }
            let t = suma * sumb
            for i in 0..<n { work[i] += t * xpt[k * n + i] }
        }
        for i in 0..<n { gopt[i] += diff * work[i] }
    }
}

/// The initial interpolation set (BOBYQA section 2, Powell's PRELIM): x₀ = xbase, then
/// x₀ ± ρ_beg eᵢ (the second step on the other side, or 2ρ_beg inwards when x₀ is on a bound), and
/// for m > 2n + 1 the points x₀ + σᵢρ eᵢ + σⱼρ eⱼ of §2. H and the model are set in closed
/// form as each value arrives: the first 2n + 1 give g and the diagonal of ∇²Q by differences
/// (§2), the others one off-diagonal entry each; Z and bmat are the exact inverse of the
/// KKT matrix of these points (§2).
extension InterpolationSet {
    /// Puts the displacement of point `nf` (1-based: the nf-th evaluation) into xpt, keeping
    /// the steps the model needs when its value arrives.
    func placeInitialPoint(_ nf: Int, rhobeg: Double, steps: inout InitialSteps) {
        let nfm = nf - 1, nfx = nf - 1 - n, row = (nf - 1) * n
        if nfm <= 2 * n {
            if nfm >= 1 && nfm <= n {
                steps.a = su[nfm - 1] == 0 ? -rhobeg : rhobeg
                xpt[row + nfm - 1] = steps.a
            } else if nfm > n {
                steps.a = xpt[(nf - n - 1) * n + nfx - 1]
                steps.b = -rhobeg
                if sl[nfx - 1] == 0 { steps.b = min(2 * rhobeg, su[nfx - 1]) }
                if su[nfx - 1] == 0 { steps.b = max(-2 * rhobeg, sl[nfx - 1]) }
                xpt[row + nfx - 1] = steps.b
            }
        } else {
            let pass = (nfm - n - 1) / n
            var j = nfm - pass * n - n, i = j + pass
            if i > n { (i, j) = (j, i - n) }
            steps.i = i
            steps.j = j
            xpt[row + i - 1] = xpt[i * n + i - 1]
            xpt[row + j - 1] = xpt[j * n + j - 1]
        }
    }

    /// f at the nf-th initial point into fval, and kopt to the least f so far (BOBYQA's and NEWUOA's
    /// initialization alike).
    func recordInitialValue(_ nf: Int, _ f: Double) {
        fval[nf - 1] = f
        if nf == 1 {
            kopt = 0
        } else if f < fval[kopt] {
            kopt = nf - 1
        }
    }

    /// Takes f at point `nf` into fval, kopt, the model and H.
    func absorbInitialValue(_ nf: Int, _ f: Double, rhobeg: Double, steps: InitialSteps) {
        let nfm = nf - 1, nfx = nf - 1 - n, rhosq = rhobeg * rhobeg
        recordInitialValue(nf, f)
        let fbeg = fval[0]
        if nf <= 2 * n + 1 {
            if nf >= 2 && nf <= n + 1 {
                gopt[nfm - 1] = (f - fbeg) / steps.a
                if npt < nf + n {
                    bmat[nfm - 1] = -1 / steps.a
                    bmat[(nf - 1) * n + nfm - 1] = 1 / steps.a
                    bmat[(npt + nfm - 1) * n + nfm - 1] = -0.5 * rhosq
                }
            } else if nf >= n + 2 {
                let (a, b) = (steps.a, steps.b), c = nfx - 1
                let temp = (f - fbeg) / b, diff = b - a
                hq[packed(c, c)] = 2 * (temp - gopt[c]) / diff
                gopt[c] = (gopt[c] * b - temp * a) / diff
                let partner = nf - n - 1
                if a * b < 0 && f < fval[partner] {
                    fval[nf - 1] = fval[partner]
                    fval[partner] = f
                    if kopt == nf - 1 { kopt = partner }
                    xpt[partner * n + c] = b
                    xpt[(nf - 1) * n + c] = a
                }
                bmat[c] = -(a + b) / (a * b)
                bmat[(nf - 1) * n + c] = -0.5 / xpt[partner * n + c]
                bmat[partner * n + c] = -bmat[c] - bmat[(nf - 1) * n + c]
                zmat[c] = (2.0).squareRoot() / (a * b)
                zmat[(nf - 1) * nptm + c] = (0.5).squareRoot() / rhosq
                zmat[partner * nptm + c] = -zmat[c] - zmat[(nf - 1) * nptm + c]
            }
        } else {
            let (i, j) = (steps.i, steps.j), c = nfx - 1, recip = 1 / rhosq
            zmat[c] = recip
            zmat[(nf - 1) * nptm + c] = recip
            zmat[i * nptm + c] = -recip
            zmat[j * nptm + c] = -recip
            let temp = xpt[(nf - 1) * n + i - 1] * xpt[(nf - 1) * n + j - 1]
            hq[packed(j - 1, i - 1)] = (fbeg - fval[i] - fval[j] + f) / temp
        }
    }
}

/// The steps of PRELIM kept between placing an initial point and taking its value: σ₁ρ and σ₂ρ
/// along one axis (`a`, `b`), or the pair of axes (i, j), 1-based, of an off-diagonal point.
struct InitialSteps {
    var a = 0.0
    var b = 0.0
    var i = 0
    var j = 0
}
