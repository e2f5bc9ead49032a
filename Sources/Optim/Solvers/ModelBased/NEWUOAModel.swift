/// The interpolation set as NEWUOA keeps it (M. J. D. Powell, "The NEWUOA software for
/// unconstrained optimization without derivatives", DAMTP 2004/NA05, sections 2–5 and 7), where
/// it differs from BOBYQA's: the storage, the KKT right-hand sides w (equation (2) of
/// `InterpolationSet`), the values of the Lagrange functions and β (`lagrangeValues`) and the last
/// n columns of the update (4) are shared; what follows is NEWUOA's own.
///
/// - `gopt` holds NEWUOA's gradient of Q at **xbase** (Powell's GQ), not at xopt: the
///   trust-region step adds ∇²Q xopt itself.
/// - Ω = Z D Zᵀ with D = diag(±1) (`negativeColumns`, §4): the update may make a column of Z
///   negative when σ ≤ 0 by cancellation, which NEWUOA keeps instead of rebuilding.
/// - The initial set (§2) has no bounds: x₀, x₀ + ρ_beg eᵢ, x₀ − ρ_beg eᵢ, then for m > 2n + 1
///   the points x₀ ± ρ_beg eᵢ ± ρ_beg eⱼ, each sign the one of the lower of f(x₀ ± ρ_beg eᵢ).
extension InterpolationSet {
    /// The sign of column j of Z in Ω = Z D Zᵀ.
    @inline(__always) func zSign(_ j: Int) -> Double { j < negativeColumns ? -1 : 1 }

    /// Ωₖₖ = Σⱼ Dⱼⱼ Zₖⱼ².
    func signedOmegaDiagonal(_ k: Int) -> Double {
        var sum = 0.0
        for j in 0..<nptm { sum += zSign(j) * (zmat[k * nptm + j] * zmat[k * nptm + j]) }
        return sum
    }

    /// ∇²Q v into `out`: the implicit part Σₖ pqₖ (xptₖᵀv) xptₖ first, then HQ v (NEWUOA's order).
    func hessianTimes(_ v: [Double], into out: inout [Double]) {
        for i in 0..<n { out[i] = 0 }
        for k in 0..<npt {
            var t = 0.0
            for j in 0..<n { t += xpt[k * n + j] * v[j] }
            t *= pq[k]
            for i in 0..<n { out[i] += t * xpt[k * n + i] }
        }
        var ih = 0
        for j in 0..<n {
            for i in 0...j {
                if i < j { out[j] += hq[ih] * v[i] }
                out[i] += hq[ih] * v[j]
                ih += 1
            }
        }
    }

    /// Places the nf-th initial point (1-based; §2) in xpt. For nf > 2n + 1 the pair of axes and
    /// the signs go into `pair`, which `absorbNEWUOAInitialValue` needs.
    func placeNEWUOAInitialPoint(_ nf: Int, rhobeg: Double, pair: inout InitialSteps) {
        let nfm = nf - 1, row = (nf - 1) * n
        if nfm == 0 { return }
        if nfm <= n {
            xpt[row + nfm - 1] = rhobeg
        } else if nfm <= 2 * n {
            xpt[row + nfm - n - 1] = -rhobeg
        } else {
            let pass = (nfm - n - 1) / n
            var j = nfm - pass * n - n, i = j + pass
            if i > n { (i, j) = (j, i - n) }
            pair.i = i
            pair.j = j
            pair.a = fval[i + n] < fval[i] ? -rhobeg : rhobeg
            pair.b = fval[j + n] < fval[j] ? -rhobeg : rhobeg
            xpt[row + i - 1] = pair.a
            xpt[row + j - 1] = pair.b
        }
    }

    /// Takes f at the nf-th initial point: the least f so far, then g and the diagonal of ∇²Q
    /// by differences along each axis, or one off-diagonal entry (§2); Z and bmat in closed form.
    func absorbNEWUOAInitialValue(_ nf: Int, _ f: Double, rhobeg: Double, pair: InitialSteps) {
        let nfm = nf - 1, axis = nfm - n - 1, rhosq = rhobeg * rhobeg
        recordInitialValue(nf, f)
        let fbeg = fval[0]
        if nfm == 0 { return }
        if nfm <= n {
            gopt[nfm - 1] = (f - fbeg) / rhobeg
            if npt < nf + n {
                bmat[nfm - 1] = -1 / rhobeg
                bmat[(nf - 1) * n + nfm - 1] = 1 / rhobeg
                bmat[(npt + nfm - 1) * n + nfm - 1] = -0.5 * rhosq
            }
        } else if nfm <= 2 * n {
            let c = nfm - n - 1, reciq = (0.5).squareRoot() / rhosq
            bmat[(nf - n - 1) * n + c] = 0.5 / rhobeg
            bmat[(nf - 1) * n + c] = -0.5 / rhobeg
            zmat[c] = -reciq - reciq
            zmat[(nf - n - 1) * nptm + c] = reciq
            zmat[(nf - 1) * nptm + c] = reciq
            let temp = (fbeg - f) / rhobeg
            hq[packed(c, c)] = (gopt[c] - temp) / rhobeg
            gopt[c] = 0.5 * (gopt[c] + temp)
        } else {
            let recip = 1 / rhosq, ih = packed(pair.j - 1, pair.i - 1)
            let ip = pair.a < 0 ? pair.i + n : pair.i, jp = pair.b < 0 ? pair.j + n : pair.j
            zmat[axis] = recip
            zmat[(nf - 1) * nptm + axis] = recip
            zmat[ip * nptm + axis] = -recip
            zmat[jp * nptm + axis] = -recip
            hq[ih] = (fbeg - fval[ip] - fval[jp] + f) / (pair.a * pair.b)
        }
    }

    /// Replaces point `knew` in H by the update (4) of `InterpolationSet`, Ω kept as Z D Zᵀ (§4):
    /// Givens rotations gather row knew of Z into the first column of each sign, then one or two
    /// columns take the change; σ = αβ + τ² ≤ 0 changes D (a column turns negative, or a negative
    /// one is dropped). Returns σ.
    func updateSigned(knew: Int) -> Double {
        var idz = negativeColumns + 1  // Powell's IDZ, 1-based
        @inline(__always) func z(_ i: Int, _ j: Int) -> Int { i * nptm + j - 1 }  // column j is 1-based
        var jl = 1
        if nptm >= 2 {
            for j in 2...nptm {
                if j == idz {
                    jl = idz
                } else if zmat[z(knew, j)] != 0 {
                    let r = (zmat[z(knew, jl)] * zmat[z(knew, jl)] + zmat[z(knew, j)] * zmat[z(knew, j)]).squareRoot()
                    let c = zmat[z(knew, jl)] / r, s = zmat[z(knew, j)] / r
                    for i in 0..<npt {
                        let t = c * zmat[z(i, jl)] + s * zmat[z(i, j)]
                        zmat[z(i, j)] = c * zmat[z(i, j)] - s * zmat[z(i, jl)]
                        zmat[z(i, jl)] = t
                    }
                    zmat[z(knew, j)] = 0
                }
            }
        }
        var tempa = zmat[z(knew, 1)]
        if idz >= 2 { tempa = -tempa }
        let tempb = jl > 1 ? zmat[z(knew, jl)] : 0
        for i in 0..<npt {
            work[i] = tempa * zmat[z(i, 1)]
            if jl > 1 { work[i] = work[i] + tempb * zmat[z(i, jl)] }
        }
        let alpha = work[knew], tau = vlag[knew], tausq = tau * tau
        let denom = alpha * beta + tausq
        vlag[knew] -= 1
        var swap = false
        if jl == 1 {
            let root = abs(denom).squareRoot()
            let b = tempa / root, a = tau / root
            for i in 0..<npt { zmat[z(i, 1)] = a * zmat[z(i, 1)] - b * vlag[i] }
            // Powell's test of the root's sign for IDZ = 1 can never hold (root ≥ 0), so D only
            // loses its negative column here, as in NEWUOA 2004 (and PDFO 2.2.0).
            if idz >= 2 && root >= 0 { swap = true }
        } else {
            let ja = beta >= 0 ? jl : 1, jb = jl + 1 - ja
            let t = zmat[z(knew, jb)] / denom
            let ta = t * beta, tb = t * tau, zja = zmat[z(knew, ja)]
            let scala = 1 / (abs(beta) * zja * zja + tausq).squareRoot()
            let scalb = scala * abs(denom).squareRoot()
            for i in 0..<npt {
                zmat[z(i, ja)] = scala * (tau * zmat[z(i, ja)] - zja * vlag[i])
                zmat[z(i, jb)] = scalb * (zmat[z(i, jb)] - ta * work[i] - tb * vlag[i])
            }
            if denom <= 0 {
                if beta < 0 { idz += 1 }
                if beta >= 0 { swap = true }
            }
        }
        if swap {
            idz -= 1
            for i in 0..<npt { zmat.swapAt(z(i, 1), z(i, idz)) }
        }
        negativeColumns = idz - 1
        updateBmat(knew: knew, alpha: alpha, tau: tau, denom: denom)
        return denom
    }

    /// After `updateSigned`: f at xnew replaces point knew in the model (§4, the least-Frobenius-norm
    /// change (5) of `InterpolationSet` with GQ at xbase): the old point's implicit curvature goes
    /// into HQ, pq and the gradient change by `diff` = f − Q(xnew) times ℓ_knew's. Returns ‖GQ‖².
    func absorbNEWUOA(knew: Int, value f: Double, diff: Double, xnew: [Double]) -> Double {
        fval[knew] = f
        var ih = 0
        for i in 0..<n {
            let t = pq[knew] * xpt[knew * n + i]
            for j in 0...i {
                hq[ih] += t * xpt[knew * n + j]
                ih += 1
            }
        }
        pq[knew] = 0
        for jj in 0..<nptm {
            var t = diff * zmat[knew * nptm + jj]
            if jj < negativeColumns { t = -t }
            for k in 0..<npt { pq[k] += t * zmat[k * nptm + jj] }
        }
        var gqsq = 0.0
        for i in 0..<n {
            gopt[i] += diff * bmat[knew * n + i]
            gqsq += gopt[i] * gopt[i]
            xpt[knew * n + i] = xnew[i]
        }
        return gqsq
    }

    /// NEWUOA's shift of xbase to xbase + xopt (§7 of the 2006 paper): bmat's last n rows and
    /// its first m rows transform with H, GQ moves to the new base, HQ takes the implicit part's
    /// change, and the points move by −xopt (in two halves, as Powell's formulas need xopt/2).
    func shiftBaseNEWUOA() {
        let tempq = 0.25 * xoptsq
        for k in 0..<npt {
            var sum = 0.0
            for i in 0..<n { sum += xpt[k * n + i] * xopt[i] }
            let temp = pq[k] * sum
            sum -= 0.5 * xoptsq
            work[npt + k] = sum
            for i in 0..<n {
                gopt[i] += temp * xpt[k * n + i]
                xpt[k * n + i] -= 0.5 * xopt[i]
                vlag[i] = bmat[k * n + i]
                work[i] = sum * xpt[k * n + i] + tempq * xopt[i]
                let ip = npt + i
                for j in 0...i { bmat[ip * n + j] = bmat[ip * n + j] + vlag[i] * work[j] + work[i] * vlag[j] }
            }
        }
        for col in 0..<nptm {
            var sumz = 0.0
            for i in 0..<npt {
                sumz += zmat[i * nptm + col]
                work[i] = work[npt + i] * zmat[i * nptm + col]
            }
            for j in 0..<n {
                var sum = tempq * sumz * xopt[j]
                for i in 0..<npt { sum += work[i] * xpt[i * n + j] }
                vlag[j] = sum
                if col < negativeColumns { sum = -sum }
                for i in 0..<npt { bmat[i * n + j] += sum * zmat[i * nptm + col] }
            }
            for i in 0..<n {
                let ip = i + npt
                var temp = vlag[i]
                if col < negativeColumns { temp = -temp }
                for j in 0...i { bmat[ip * n + j] += temp * vlag[j] }
            }
        }
        var ih = 0
        for j in 0..<n {
            work[j] = 0
            for k in 0..<npt {
                work[j] += pq[k] * xpt[k * n + j]
                xpt[k * n + j] -= 0.5 * xopt[j]
            }
            for i in 0...j {
                if i < j { gopt[j] += hq[ih] * xopt[i] }
                gopt[i] += hq[ih] * xopt[j]
                hq[ih] = hq[ih] + work[i] * xopt[j] + xopt[i] * work[j]
                bmat[(npt + i) * n + j] = bmat[(npt + j) * n + i]
                ih += 1
            }
        }
        for j in 0..<n {
            xbase[j] += xopt[j]
            xopt[j] = 0
        }
        xoptsq = 0
    }
}
