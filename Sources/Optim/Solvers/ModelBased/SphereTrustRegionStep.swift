import Foundation

/// NEWUOA's trust-region step (Powell 2006, section 5, his TRSAPP): an approximate minimizer d of
/// Q(xopt + d) subject to ‖d‖ ≤ Δ.
///
/// First the truncated conjugate gradient method of Steihaug and Toint from d = 0, stopped when a
/// step reaches the sphere, when the reduction of Q in an iteration is below 1% of the total, when
/// ‖∇Q(xopt + d)‖² falls below 10⁻⁴ times its initial value, or after n iterations. If the
/// boundary was reached, further iterations stay on the sphere: each one picks the direction s in
/// the plane of d and ∇Q(xopt + d) orthogonal to d with ‖s‖ = Δ, and the angle θ of
/// d(θ) = cos θ d + sin θ s that minimizes Q, first on a grid of 50 angles, then by a parabola
/// through the best one and its neighbours (§5). These end when d is almost antiparallel to the
/// gradient (cosine below −0.99), when an iteration's reduction is at most 1% of the total, or
/// after n iterations in all.
///
/// `crvmin` is the least curvature dᵀ∇²Q d/‖d‖² met by the conjugate gradient iterations when
/// they end inside the ball, and 0 when the step is on the boundary (the driver's test of §6).
struct SphereTrustRegionStep {
    /// The step d from xopt.
    var step: [Double]
    var crvmin = 0.0
    private var d: [Double]
    private var g: [Double]
    private var hd: [Double]
    private var hs: [Double]

    init(dimension n: Int) {
        step = Array(repeating: 0, count: n)
        d = Array(repeating: 0, count: n)
        g = Array(repeating: 0, count: n)
        hd = Array(repeating: 0, count: n)
        hs = Array(repeating: 0, count: n)
    }

    mutating func solve(_ m: InterpolationSet, delta: Double) {
        let n = m.n, delsq = delta * delta, itermax = n
        var iterc = 0
        // ∇Q(xopt) = GQ (at xbase) + ∇²Q xopt.
        m.hessianTimes(m.xopt, into: &hd)
        var qred = 0.0, dd = 0.0
        for i in 0..<n {
            step[i] = 0
            hs[i] = 0
            g[i] = m.gopt[i] + hd[i]
            d[i] = -g[i]
            dd += d[i] * d[i]
        }
        crvmin = 0
        if dd == 0 { return }
        var ds = 0.0, ss = 0.0, gg = dd
        let ggbeg = gg
        // Truncated conjugate gradients.
        while true {
            iterc += 1
            let room = delsq - ss
            let bstep = room / (ds + (ds * ds + dd * room).squareRoot())
            m.hessianTimes(d, into: &hd)
            var dhd = 0.0
            for j in 0..<n { dhd += d[j] * hd[j] }
            var alpha = bstep
            if dhd > 0 {
                let curvature = dhd / dd
                if iterc == 1 { crvmin = curvature }
                crvmin = min(crvmin, curvature)
                alpha = min(alpha, gg / dhd)
            }
            let qadd = alpha * (gg - 0.5 * alpha * dhd)
            qred += qadd
            let ggsav = gg
            gg = 0
            for i in 0..<n {
                step[i] += alpha * d[i]
                hs[i] += alpha * hd[i]
                gg += (g[i] + hs[i]) * (g[i] + hs[i])
            }
            if alpha >= bstep { break }
            if qadd <= 0.01 * qred || gg <= 1e-4 * ggbeg || iterc == itermax { return }
            let beta = gg / ggsav
            dd = 0
            ds = 0
            ss = 0
            for i in 0..<n {
                d[i] = beta * d[i] - g[i] - hs[i]
                dd += d[i] * d[i]
                ds += d[i] * step[i]
                ss += step[i] * step[i]
            }
            if ds <= 0 { return }
            if ss >= delsq { break }
        }
        crvmin = 0
        // Rotations on the sphere.
        while true {
            if gg <= 1e-4 * ggbeg { return }
            var sg = 0.0, shs = 0.0
            for i in 0..<n {
                sg += step[i] * g[i]
                shs += step[i] * hs[i]
            }
            let sgk = sg + shs
            if sgk / (gg * delsq).squareRoot() <= -0.99 { return }
            iterc += 1
            let root = (delsq * gg - sgk * sgk).squareRoot()
            let ta = delsq / root, tb = sgk / root
            for i in 0..<n { d[i] = ta * (g[i] + hs[i]) - tb * step[i] }
            m.hessianTimes(d, into: &hd)
            var dg = 0.0, dhd = 0.0, dhs = 0.0
            for i in 0..<n {
                dg += d[i] * g[i]
                dhd += hd[i] * d[i]
                dhs += hd[i] * step[i]
            }
            let cf = 0.5 * (shs - dhd), qbeg = sg + cf
            let (cth, sth) = Self.bestAngle(start: qbeg, minimize: true) { c, s in
                (sg + cf * c) * c + (dg + dhs * c) * s
            }
            let reduc = qbeg - (sg + cf * cth) * cth - (dg + dhs * cth) * sth
            gg = 0
            for i in 0..<n {
                step[i] = cth * step[i] + sth * d[i]
                hs[i] = cth * hs[i] + sth * hd[i]
                gg += (g[i] + hs[i]) * (g[i] + hs[i])
            }
            qred += reduc
            if !(iterc < itermax && reduc / qred > 0.01) { return }
        }
    }

    /// Powell's search over the angle of a rotation (NEWUOA §5 and §6): q(cos θ, sin θ) on the
    /// grid θᵢ = 2πi/50, i = 1…49 (θ₀ = 0 is `start`), the best one by value (least, or largest in
    /// modulus when `minimize` is false), refined by the parabola through it and its two
    /// neighbours. Returns (cos θ, sin θ) of the refined angle.
    static func bestAngle(start: Double, minimize: Bool, _ q: (Double, Double) -> Double) -> (Double, Double) {
        let iu = 49, twopi = 8 * atan(1.0), unit = twopi / Double(iu + 1)
        var best = start, previous = start, isave = 0, before = 0.0, after = 0.0, value = start
        for i in 1...iu {
            let angle = Double(i) * unit
            value = q(cos(angle), sin(angle))
            if minimize ? value < best : abs(value) > abs(best) {
                best = value
                isave = i
                before = previous
            } else if i == isave + 1 {
                after = value
            }
            previous = value
        }
        if isave == 0 { before = value }
        if isave == iu { after = start }
        var shift = 0.0
        if before != after {
            let a = before - best, b = after - best
            shift = 0.5 * (a - b) / (a + b)
        }
        let angle = unit * (Double(isave) + shift)
        return (cos(angle), sin(angle))
    }
}
