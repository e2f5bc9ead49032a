/// BOBYQA's trust-region step (Powell 2009, section 3; his TRSBOX): an approximate minimizer of
/// the model Q(xopt + d) subject to ‖d‖₂ ≤ Δ and sl ≤ xopt + d ≤ su.
///
/// A truncated conjugate-gradient method on the free variables: from d = 0, search directions
/// s = −g (then sₖ = βsₖ₋₁ − g with β = ‖g⁺‖²/‖g‖²) are followed to the least of the model's
/// minimizer along s (‖g‖²/sᵀ∇²Qs), the trust-region boundary and the first bound met; a bound
/// met fixes that variable (it joins the active set, CG restarts on the others). The CG phase ends
/// when ‖g_free‖²Δ² ≤ 10⁻⁴ q_red², when a step reduces Q by ≤ 1% of the total reduction q_red, or
/// on the trust-region boundary. On the boundary the step is then improved by rotating d in the
/// plane of d and the projected gradient (§3: d(θ) = cos θ d + sin θ s with s ⊥ d,
/// ‖s‖ = ‖d‖), θ chosen from 17·θ_max + 3.1 samples refined by a parabola, stopping when a
/// bound is hit or the reduction is < 1% of the total. `crvmin` is the least curvature
/// sᵀ∇²Qs/‖s‖² met along a CG direction when the step is inside the region (0 on its boundary,
/// −1 when no curvature was found positive), which BOBYQA's test for reducing ρ reads.
/// Buffers are allocated once (`init`); `solve` allocates nothing.
struct BoxTrustRegionStep {
    /// The step's end point xopt + d, kept exactly on the bounds that were reached.
    var xnew: [Double]
    var d: [Double]
    /// The model's gradient at xopt + d (before the final projection).
    var gnew: [Double]
    /// −1/+1 where the variable is fixed on its lower/upper bound, 0 where free.
    var xbdi: [Double]
    private var s: [Double]
    private var hs: [Double]
    private var hred: [Double]
    /// ‖d‖² and the least curvature (see above) of the last solve.
    var dsq = 0.0
    var crvmin = 0.0

    init(dimension n: Int) {
        xnew = Array(repeating: 0, count: n)
        d = Array(repeating: 0, count: n)
        gnew = Array(repeating: 0, count: n)
        xbdi = Array(repeating: 0, count: n)
        s = Array(repeating: 0, count: n)
        hs = Array(repeating: 0, count: n)
        hred = Array(repeating: 0, count: n)
    }

    private enum Stage { case restartCG, cgDirection, cgStep, boundary, newActive, rotate, rotationStep, done, product }

    /// Computes the step for trust radius `delta` from the set's xopt, gopt and ∇²Q.
    mutating func solve(_ m: InterpolationSet, delta: Double) {
        let n = m.n
        var iterc = 0, nact = 0
        for i in 0..<n {
            xbdi[i] = 0
            if m.xopt[i] <= m.sl[i] {
                if m.gopt[i] >= 0 { xbdi[i] = -1 }
            } else if m.xopt[i] >= m.su[i] {
                if m.gopt[i] <= 0 { xbdi[i] = 1 }
            }
            if xbdi[i] != 0 { nact += 1 }
            d[i] = 0
            gnew[i] = m.gopt[i]
        }
        var delsq = delta * delta, qred = 0.0
        crvmin = -1
        var beta = 0.0, stepsq = 0.0, gredsq = 0.0, itermax = 0, itcsav = 0
        var blen = 0.0, stplen = 0.0, ggsav = 0.0, sdec = 0.0, iact = -1
        var dredsq = 0.0, dredg = 0.0, sredg = 0.0, angbd = 0.0, xsav = 0.0
        var stage: Stage = .restartCG
        loop: while true {
            switch stage {
            case .restartCG:
                beta = 0
                stage = .cgDirection
            case .cgDirection:
                stepsq = 0
                for i in 0..<n {
                    if xbdi[i] != 0 {
                        s[i] = 0
                    } else if beta == 0 {
                        s[i] = -gnew[i]
                    } else {
                        s[i] = beta * s[i] - gnew[i]
                    }
                    stepsq += s[i] * s[i]
                }
                if stepsq == 0 { stage = .done; continue }
                if beta == 0 {
                    gredsq = stepsq
                    itermax = iterc + n - nact
                }
                if gredsq * delsq <= 1e-4 * qred * qred { stage = .done; continue }
                stage = .product
            case .cgStep:
                var resid = delsq, ds = 0.0, shs = 0.0
                for i in 0..<n where xbdi[i] == 0 {
                    resid -= d[i] * d[i]
                    ds += s[i] * d[i]
                    shs += s[i] * hs[i]
                }
                if resid <= 0 { stage = .boundary; continue }
                let root = (stepsq * resid + ds * ds).squareRoot()
                blen = ds < 0 ? (root - ds) / stepsq : resid / (root + ds)
                stplen = blen
                if shs > 0 { stplen = min(blen, gredsq / shs) }
                iact = -1
                for i in 0..<n where s[i] != 0 {
                    let xsum = m.xopt[i] + d[i]
                    let t = s[i] > 0 ? (m.su[i] - xsum) / s[i] : (m.sl[i] - xsum) / s[i]
                    if t < stplen {
                        stplen = t
                        iact = i
                    }
                }
                sdec = 0
                if stplen > 0 {
                    iterc += 1
                    let curvature = shs / stepsq
                    if iact < 0 && curvature > 0 {
                        crvmin = min(crvmin, curvature)
                        if crvmin == -1 { crvmin = curvature }
                    }
                    ggsav = gredsq
                    gredsq = 0
                    for i in 0..<n {
                        gnew[i] += stplen * hs[i]
                        if xbdi[i] == 0 { gredsq += gnew[i] * gnew[i] }
                        d[i] += stplen * s[i]
                    }
                    sdec = max(stplen * (ggsav - 0.5 * stplen * shs), 0)
                    qred += sdec
                }
                if iact >= 0 {
                    nact += 1
                    xbdi[iact] = s[iact] < 0 ? -1 : 1
                    delsq -= d[iact] * d[iact]
                    stage = delsq <= 0 ? .boundary : .restartCG
                    continue
                }
                if stplen < blen {
                    if iterc == itermax || sdec <= 0.01 * qred { stage = .done; continue }
                    beta = gredsq / ggsav
                    stage = .cgDirection
                    continue
                }
                stage = .boundary
            case .boundary:
                crvmin = 0
                stage = .newActive
            case .newActive:
                if nact >= n - 1 { stage = .done; continue }
                dredsq = 0
                dredg = 0
                gredsq = 0
                for i in 0..<n {
                    if xbdi[i] == 0 {
                        dredsq += d[i] * d[i]
                        dredg += d[i] * gnew[i]
                        gredsq += gnew[i] * gnew[i]
                        s[i] = d[i]
                    } else {
                        s[i] = 0
                    }
                }
                itcsav = iterc
                stage = .product
            case .rotate:
                iterc += 1
                var temp = gredsq * dredsq - dredg * dredg
                if temp <= 1e-4 * qred * qred { stage = .done; continue }
                temp = temp.squareRoot()
                for i in 0..<n { s[i] = xbdi[i] == 0 ? (dredg * d[i] - dredsq * gnew[i]) / temp : 0 }
                sredg = -temp
                angbd = 1
                iact = -1
                var fixed = false
                for i in 0..<n where xbdi[i] == 0 {
                    let tempa = m.xopt[i] + d[i] - m.sl[i], tempb = m.su[i] - m.xopt[i] - d[i]
                    if tempa <= 0 {
                        nact += 1
                        xbdi[i] = -1
                        fixed = true
                        break
                    } else if tempb <= 0 {
                        nact += 1
                        xbdi[i] = 1
                        fixed = true
                        break
                    }
                    let ssq = d[i] * d[i] + s[i] * s[i]
                    var t = ssq - (m.xopt[i] - m.sl[i]) * (m.xopt[i] - m.sl[i])
                    if t > 0 {
                        t = t.squareRoot() - s[i]
                        if angbd * t > tempa {
                            angbd = tempa / t
                            iact = i
                            xsav = -1
                        }
                    }
                    t = ssq - (m.su[i] - m.xopt[i]) * (m.su[i] - m.xopt[i])
                    if t > 0 {
                        t = t.squareRoot() + s[i]
                        if angbd * t > tempb {
                            angbd = tempb / t
                            iact = i
                            xsav = 1
                        }
                    }
                }
                if fixed { stage = .newActive; continue }
                stage = .product
            case .rotationStep:
                var shs = 0.0, dhs = 0.0, dhd = 0.0
                for i in 0..<n where xbdi[i] == 0 {
                    shs += s[i] * hs[i]
                    dhs += d[i] * hs[i]
                    dhd += d[i] * hred[i]
                }
                var redmax = 0.0, isav = 0, redsav = 0.0, rdprev = 0.0, rdnext = 0.0
                let iu = Int(17 * angbd + 3.1)
                for i in 1...iu {
                    let angt = angbd * Double(i) / Double(iu)
                    let sth = (angt + angt) / (1 + angt * angt)
                    let temp = shs + angt * (angt * dhd - dhs - dhs)
                    let rednew = sth * (angt * dredg - sredg - 0.5 * sth * temp)
                    if rednew > redmax {
                        redmax = rednew
                        isav = i
                        rdprev = redsav
                    } else if i == isav + 1 {
                        rdnext = rednew
                    }
                    redsav = rednew
                }
                if isav == 0 { stage = .done; continue }
                var angt = angbd
                if isav < iu {
                    let temp = (rdnext - rdprev) / (redmax + redmax - rdprev - rdnext)
                    angt = angbd * (Double(isav) + 0.5 * temp) / Double(iu)
                }
                let cth = (1 - angt * angt) / (1 + angt * angt)
                let sth = (angt + angt) / (1 + angt * angt)
                let temp = shs + angt * (angt * dhd - dhs - dhs)
                sdec = sth * (angt * dredg - sredg - 0.5 * sth * temp)
                if sdec <= 0 { stage = .done; continue }
                dredg = 0
                gredsq = 0
                for i in 0..<n {
                    gnew[i] = gnew[i] + (cth - 1) * hred[i] + sth * hs[i]
                    if xbdi[i] == 0 {
                        d[i] = cth * d[i] + sth * s[i]
                        dredg += d[i] * gnew[i]
                        gredsq += gnew[i] * gnew[i]
                    }
                    hred[i] = cth * hred[i] + sth * hs[i]
                }
                qred += sdec
                if iact >= 0 && isav == iu {
                    nact += 1
                    xbdi[iact] = xsav
                    stage = .newActive
                    continue
                }
                stage = sdec > 0.01 * qred ? .rotate : .done
            case .product:
                // hs = ∇²Q s; crvmin ≠ 0 means the CG phase, else the rotations (the first
                // product of a new rotation phase is kept as hred = ∇²Q d).
                productWithHessian(m)
                if crvmin != 0 {
                    stage = .cgStep
                } else if iterc > itcsav {
                    stage = .rotationStep
                } else {
                    for i in 0..<n { hred[i] = hs[i] }
                    stage = .rotate
                }
            case .done:
                break loop
            }
        }
        dsq = 0
        for i in 0..<n {
            xnew[i] = max(min(m.xopt[i] + d[i], m.su[i]), m.sl[i])
            if xbdi[i] == -1 { xnew[i] = m.sl[i] }
            if xbdi[i] == 1 { xnew[i] = m.su[i] }
            d[i] = xnew[i] - m.xopt[i]
            dsq += d[i] * d[i]
        }
    }

    /// hs = ∇²Q s = HQ s + Σₖ pqₖ (xptₖᵀs) xptₖ (terms with pqₖ = 0 skipped, as Powell does).
    private mutating func productWithHessian(_ m: InterpolationSet) {
        let n = m.n
        var ih = 0
        for j in 0..<n {
            hs[j] = 0
            for i in 0...j {
                if i < j { hs[j] += m.hq[ih] * s[i] }
                hs[i] += m.hq[ih] * s[j]
                ih += 1
            }
        }
        for k in 0..<m.npt where m.pq[k] != 0 {
            var t = 0.0
            for j in 0..<n { t += m.xpt[k * n + j] * s[j] }
            t *= m.pq[k]
            for i in 0..<n { hs[i] += t * m.xpt[k * n + i] }
        }
    }
}
