/// BOBYQA's geometry ("model") step (Powell 2009, section 3, his ALTMOV): a new position for the
/// interpolation point `knew` that keeps the KKT system well conditioned, i.e. makes the
/// denominator σ = αβ + τ² of the update (§4) large, within ‖x − xopt‖ ≤ Δ_alt and the box.
///
/// Two candidates. First, points on the lines from xopt through the other interpolation points
/// xptₖ, each at the step along the line that maximizes |ℓ_knew| (the knew-th Lagrange function,
/// a quadratic along the line: §3) within the radius and the bounds; among them the
/// one with the largest predicted σ ≈ ℓ²(ℓ² + ½ α (t(1 − t)‖xptₖ − xopt‖²)²). Second (`xalt`), a
/// Cauchy step: ±Δ_alt along the projected gradient of ℓ_knew at xopt, the variables that reach a
/// bound fixed there, scaled back when ℓ's curvature makes an interior point better; `cauchy` is
/// its ℓ_knew² (the larger of the two signs). The driver falls back to xalt when xnew's actual
/// σ is below `cauchy` (§3). `alpha` = Ω_knew,knew, the α of the update.
struct GeometryStep {
    var xnew: [Double]
    var xalt: [Double]
    var alpha = 0.0
    var cauchy = 0.0
    /// ∇ℓ_knew at xopt.
    private var glag: [Double]
    /// Ω's column knew (H e_knew's first m entries).
    private var hcol: [Double]
    private var w: [Double]
    private var saved: [Double]

    init(dimension n: Int, points npt: Int) {
        xnew = Array(repeating: 0, count: n)
        xalt = Array(repeating: 0, count: n)
        glag = Array(repeating: 0, count: n)
        hcol = Array(repeating: 0, count: npt)
        w = Array(repeating: 0, count: n)
        saved = Array(repeating: 0, count: n)
    }

    mutating func solve(_ m: InterpolationSet, knew: Int, adelt: Double) {
        let n = m.n, npt = m.npt, nptm = m.nptm
        let const = 1 + (2.0).squareRoot()
        for k in 0..<npt { hcol[k] = 0 }
        for j in 0..<nptm {
            let t = m.zmat[knew * nptm + j]
            for k in 0..<npt { hcol[k] += t * m.zmat[k * nptm + j] }
        }
        alpha = hcol[knew]
        let ha = 0.5 * alpha
        for i in 0..<n { glag[i] = m.bmat[knew * n + i] }
        for k in 0..<npt {
            var t = 0.0
            for j in 0..<n { t += m.xpt[k * n + j] * m.xopt[j] }
            t *= hcol[k]
            for i in 0..<n { glag[i] += t * m.xpt[k * n + i] }
        }

        // Points along the lines through xopt and each other interpolation point.
        var presav = 0.0, ksav = 0, stpsav = 0.0, ibdsav = 0
        for k in 0..<npt where k != m.kopt {
            var dderiv = 0.0, distsq = 0.0
            for i in 0..<n {
                let t = m.xpt[k * n + i] - m.xopt[i]
                dderiv += glag[i] * t
                distsq += t * t
            }
            var subd = adelt / distsq.squareRoot(), slbd = -subd
            var ilbd = 0, iubd = 0
            let sumin = min(1, subd)
            for i in 0..<n {
                let t = m.xpt[k * n + i] - m.xopt[i]
                if t > 0 {
                    if slbd * t < m.sl[i] - m.xopt[i] {
                        slbd = (m.sl[i] - m.xopt[i]) / t
                        ilbd = -(i + 1)
                    }
                    if subd * t > m.su[i] - m.xopt[i] {
                        subd = max(sumin, (m.su[i] - m.xopt[i]) / t)
                        iubd = i + 1
                    }
                } else if t < 0 {
                    if slbd * t > m.su[i] - m.xopt[i] {
                        slbd = (m.su[i] - m.xopt[i]) / t
                        ilbd = i + 1
                    }
                    if subd * t < m.sl[i] - m.xopt[i] {
                        subd = max(sumin, (m.sl[i] - m.xopt[i]) / t)
                        iubd = -(i + 1)
                    }
                }
            }
            var step: Double, vlag: Double, isbd: Int
            if k == knew {
                let diff = dderiv - 1
                step = slbd
                vlag = slbd * (dderiv - slbd * diff)
                isbd = ilbd
                let t = subd * (dderiv - subd * diff)
                if abs(t) > abs(vlag) {
                    step = subd
                    vlag = t
                    isbd = iubd
                }
                let tempd = 0.5 * dderiv, tempa = tempd - diff * slbd, tempb = tempd - diff * subd
                if tempa * tempb < 0 {
                    let peak = tempd * tempd / diff
                    if abs(peak) > abs(vlag) {
                        step = tempd / diff
                        vlag = peak
                        isbd = 0
                    }
                }
            } else {
                step = slbd
                vlag = slbd * (1 - slbd)
                isbd = ilbd
                let t = subd * (1 - subd)
                if abs(t) > abs(vlag) {
                    step = subd
                    vlag = t
                    isbd = iubd
                }
                if subd > 0.5 && abs(vlag) < 0.25 {
                    step = 0.5
                    vlag = 0.25
                    isbd = 0
                }
                vlag *= dderiv
            }
            let t = step * (1 - step) * distsq
            let predsq = vlag * vlag * (vlag * vlag + ha * t * t)
            if predsq > presav {
                presav = predsq
                ksav = k
                stpsav = step
                ibdsav = isbd
            }
        }
        for i in 0..<n {
            let t = m.xopt[i] + stpsav * (m.xpt[ksav * n + i] - m.xopt[i])
            xnew[i] = max(m.sl[i], min(m.su[i], t))
        }
        if ibdsav < 0 { xnew[-ibdsav - 1] = m.sl[-ibdsav - 1] }
        if ibdsav > 0 { xnew[ibdsav - 1] = m.su[ibdsav - 1] }

        // The Cauchy step along −∇ℓ (then +∇ℓ: flipped is true), the better of the two kept.
        let bigstp = adelt + adelt
        var csave = 0.0
        for pass in 0..<2 {
            let flipped = pass == 1
            var wfixsq = 0.0, ggfree = 0.0
            for i in 0..<n {
                w[i] = 0
                let tempa = min(m.xopt[i] - m.sl[i], glag[i]), tempb = max(m.xopt[i] - m.su[i], glag[i])
                if tempa > 0 || tempb < 0 {
                    w[i] = bigstp
                    ggfree += glag[i] * glag[i]
                }
            }
            if ggfree == 0 {
                cauchy = 0
                return
            }
            var step = 0.0
            while true {
                let temp = adelt * adelt - wfixsq
                guard temp > 0 else { break }
                let wsqsav = wfixsq
                step = (temp / ggfree).squareRoot()
                ggfree = 0
                for i in 0..<n where w[i] == bigstp {
                    let t = m.xopt[i] - step * glag[i]
                    if t <= m.sl[i] {
                        w[i] = m.sl[i] - m.xopt[i]
                        wfixsq += w[i] * w[i]
                    } else if t >= m.su[i] {
                        w[i] = m.su[i] - m.xopt[i]
                        wfixsq += w[i] * w[i]
                    } else {
                        ggfree += glag[i] * glag[i]
                    }
                }
                if !(wfixsq > wsqsav && ggfree > 0) { break }
            }
            var gw = 0.0
            for i in 0..<n {
                if w[i] == bigstp {
                    w[i] = -step * glag[i]
                    xalt[i] = max(m.sl[i], min(m.su[i], m.xopt[i] + w[i]))
                } else if w[i] == 0 {
                    xalt[i] = m.xopt[i]
                } else if glag[i] > 0 {
                    xalt[i] = m.sl[i]
                } else {
                    xalt[i] = m.su[i]
                }
                gw += glag[i] * w[i]
            }
            var curv = 0.0
            for k in 0..<npt {
                var t = 0.0
                for j in 0..<n { t += m.xpt[k * n + j] * w[j] }
                curv += hcol[k] * t * t
            }
            if flipped { curv = -curv }
            if curv > -gw && curv < -const * gw {
                let scale = -gw / curv
                for i in 0..<n { xalt[i] = max(m.sl[i], min(m.su[i], m.xopt[i] + scale * w[i])) }
                cauchy = (0.5 * gw * scale) * (0.5 * gw * scale)
            } else {
                cauchy = (gw + 0.5 * curv) * (gw + 0.5 * curv)
            }
            if !flipped {
                for i in 0..<n {
                    glag[i] = -glag[i]
                    saved[i] = xalt[i]
                }
                csave = cauchy
            }
        }
        if csave > cauchy {
            for i in 0..<n { xalt[i] = saved[i] }
            cauchy = csave
        }
    }
}
