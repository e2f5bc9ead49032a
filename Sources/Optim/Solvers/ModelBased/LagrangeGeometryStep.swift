/// NEWUOA's geometry ("model") step for the interpolation point `knew` (Powell 2006, section 6):
/// a step d from xopt with ‖d‖ = Δ̄ that makes the denominator σ = αβ + τ² of the update (4)
/// (`InterpolationSet`) large, so that replacing point knew by xopt + d keeps the KKT system well
/// conditioned.
///
/// - `lagrange` (Powell's BIGLAG, §6): maximizes |ℓ_knew(xopt + d)|, ℓ_knew the knew-th Lagrange
///   function, on the sphere ‖d‖ = Δ̄. It starts from ±Δ̄ (xpt_knew − xopt)/‖·‖ and rotates d in
///   the plane of d and ∇ℓ_knew(xopt + d), at most n times, taking the best of 50 angles refined by
///   a parabola, until |ℓ| grows by less than 10%.
/// - `denominator` (Powell's BIGDEN, §6): when |σ| from BIGLAG's d is small against τ² (the
///   driver's test |1 + αβ/τ²| ≤ 0.8), maximizes |σ(d)| itself on the sphere by the same kind of
///   rotations; σ along a rotation cos θ d + sin θ s is a trigonometric polynomial of degree 4 in
///   θ, whose nine coefficients are formed once per rotation. It leaves the final Hw in `vlag`
///   (with e_kopt added), β in `beta` and w's first m entries in `wcheck`, as `lagrangeValues`
///   would.
struct LagrangeGeometryStep {
    var d: [Double]
    /// α = Ω_knew,knew.
    var alpha = 0.0
    var hcol: [Double]
    var gc: [Double]
    var gd: [Double]
    var s: [Double]
    var w: [Double]
    /// w(x) for the five terms of BIGDEN's trigonometric expansion, and H times each (columns of
    /// m + n entries, stored column after column).
    var wvec: [Double]
    var prod: [Double]
    var den = [Double](repeating: 0, count: 9)
    var denex = [Double](repeating: 0, count: 9)
    var par = [Double](repeating: 0, count: 9)

    init(dimension n: Int, points npt: Int) {
        d = Array(repeating: 0, count: n)
        hcol = Array(repeating: 0, count: npt)
        gc = Array(repeating: 0, count: n)
        gd = Array(repeating: 0, count: n)
        s = Array(repeating: 0, count: n)
        w = Array(repeating: 0, count: n)
        wvec = Array(repeating: 0, count: 5 * (npt + n))
        prod = Array(repeating: 0, count: 5 * (npt + n))
    }

    /// Ω's column knew (Σⱼ Dⱼⱼ Z_knew,j Zₖⱼ) into `hcol`; α.
    mutating func omegaColumn(_ m: InterpolationSet, knew: Int) {
        let npt = m.npt, nptm = m.nptm
        for k in 0..<npt { hcol[k] = 0 }
        for j in 0..<nptm {
            var t = m.zmat[knew * nptm + j]
            if j < m.negativeColumns { t = -t }
            for k in 0..<npt { hcol[k] += t * m.zmat[k * nptm + j] }
        }
        alpha = hcol[knew]
    }

    /// BIGLAG: d with ‖d‖ = `radius` and |ℓ_knew(xopt + d)| large.
    mutating func lagrange(_ m: InterpolationSet, knew: Int, radius delta: Double) {
        let n = m.n, npt = m.npt, delsq = delta * delta
        omegaColumn(m, knew: knew)
        var dd = 0.0
        for i in 0..<n {
            d[i] = m.xpt[knew * n + i] - m.xopt[i]
            gc[i] = m.bmat[knew * n + i]
            gd[i] = 0
            dd += d[i] * d[i]
        }
        // gc = ∇ℓ(xopt), gd = ∇²ℓ d.
        for k in 0..<npt {
            var t = 0.0, sum = 0.0
            for j in 0..<n {
                t += m.xpt[k * n + j] * m.xopt[j]
                sum += m.xpt[k * n + j] * d[j]
            }
            t = hcol[k] * t
            sum = hcol[k] * sum
            for i in 0..<n {
                gc[i] += t * m.xpt[k * n + i]
                gd[i] += sum * m.xpt[k * n + i]
            }
        }
        var gg = 0.0, sp = 0.0, dhd = 0.0
        for i in 0..<n {
            gg += gc[i] * gc[i]
            sp += d[i] * gc[i]
            dhd += d[i] * gd[i]
        }
        var scale = delta / dd.squareRoot()
        if sp * dhd < 0 { scale = -scale }
        var useCurvature = 0.0
        if sp * sp > 0.99 * dd * gg { useCurvature = 1 }
        let tau0 = scale * (abs(sp) + 0.5 * scale * abs(dhd))
        if gg * delsq < 0.01 * tau0 * tau0 { useCurvature = 1 }
        for i in 0..<n {
            d[i] = scale * d[i]
            gd[i] = scale * gd[i]
            s[i] = gc[i] + useCurvature * gd[i]
        }
        var iterc = 0
        while true {
            iterc += 1
            var ddn = 0.0, spn = 0.0, ss = 0.0
            for i in 0..<n {
                ddn += d[i] * d[i]
                spn += d[i] * s[i]
                ss += s[i] * s[i]
            }
            let temp = ddn * ss - spn * spn
            if temp <= 1e-8 * ddn * ss { return }
            let denom = temp.squareRoot()
            for i in 0..<n {
                s[i] = (ddn * s[i] - spn * d[i]) / denom
                w[i] = 0
            }
            for k in 0..<npt {
                var sum = 0.0
                for j in 0..<n { sum += m.xpt[k * n + j] * s[j] }
                sum = hcol[k] * sum
                for i in 0..<n { w[i] += sum * m.xpt[k * n + i] }
            }
            var cf1 = 0.0, cf2 = 0.0, cf3 = 0.0, cf4 = 0.0, cf5 = 0.0
            for i in 0..<n {
                cf1 += s[i] * w[i]
                cf2 += d[i] * gc[i]
                cf3 += s[i] * gc[i]
                cf4 += d[i] * gd[i]
                cf5 += s[i] * gd[i]
            }
            cf1 = 0.5 * cf1
            cf4 = 0.5 * cf4 - cf1
            let taubeg = cf1 + cf2 + cf4
            let (cth, sth) = SphereTrustRegionStep.bestAngle(start: taubeg, minimize: false) { c, s in
                cf1 + (cf2 + cf4 * c) * c + (cf3 + cf5 * c) * s
            }
            let tau = cf1 + (cf2 + cf4 * cth) * cth + (cf3 + cf5 * cth) * sth
            for i in 0..<n {
                d[i] = cth * d[i] + sth * s[i]
                gd[i] = cth * gd[i] + sth * w[i]
                s[i] = gc[i] + gd[i]
            }
            if abs(tau) <= 1.1 * abs(taubeg) || iterc >= n { return }
        }
    }
}
