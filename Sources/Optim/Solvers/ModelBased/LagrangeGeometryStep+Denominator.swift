import Foundation

/// BIGDEN (Powell 2006, section 6): see `LagrangeGeometryStep`. With d(θ) = cos θ d + sin θ s
/// (s ⊥ d, ‖s‖ = ‖d‖), w(xopt + d(θ)) − w(xopt) is a combination of five vectors (`wvec`: the
/// constant, cos θ, sin θ, cos 2θ and sin 2θ terms), so β(θ), τ(θ) = e_knewᵀ H w and
/// σ(θ) = α β(θ) + τ(θ)² are trigonometric polynomials whose coefficients (`den` for β's part,
/// `denex` for σ) come from H times those vectors (`prod`).
extension LagrangeGeometryStep {
    private func wv(_ k: Int, _ jc: Int, _ ndim: Int) -> Double { wvec[jc * ndim + k] }
    private func pr(_ k: Int, _ jc: Int, _ ndim: Int) -> Double { prod[jc * ndim + k] }

    /// BIGDEN: replaces `d` by a step of the same length with a larger |σ|; sets m.vlag, m.beta
    /// and m.wcheck for it.
    mutating func denominator(_ m: InterpolationSet, knew: Int) {
        let n = m.n, npt = m.npt, ndim = npt + n
        omegaColumn(m, knew: knew)
        var dd = 0.0, ds = 0.0, ss = 0.0, xoptsq = 0.0
        for i in 0..<n {
            dd += d[i] * d[i]
            s[i] = m.xpt[knew * n + i] - m.xopt[i]
            ds += d[i] * s[i]
            ss += s[i] * s[i]
            xoptsq += m.xopt[i] * m.xopt[i]
        }
        // s nearly parallel to d: take the point whose direction from xopt is least parallel.
        if !(ds * ds <= 0.99 * dd * ss) {
            var ksav = knew, dtest = ds * ds / ss
            for k in 0..<npt where k != m.kopt {
                var dstemp = 0.0, sstemp = 0.0
                for i in 0..<n {
                    let diff = m.xpt[k * n + i] - m.xopt[i]
                    dstemp += d[i] * diff
                    sstemp += diff * diff
                }
                if !(dstemp * dstemp / sstemp >= dtest) {
                    ksav = k
                    dtest = dstemp * dstemp / sstemp
                    ds = dstemp
                    ss = sstemp
                }
            }
            for i in 0..<n { s[i] = m.xpt[ksav * n + i] - m.xopt[i] }
        }
        var ssden = dd * ss - ds * ds
        var iterc = 0, densav = 0.0
        while true {
            iterc += 1
            let scale = 1 / ssden.squareRoot()
            var xoptd = 0.0, xopts = 0.0
            for i in 0..<n {
                s[i] = scale * (dd * s[i] - ds * d[i])
                xoptd += m.xopt[i] * d[i]
                xopts += m.xopt[i] * s[i]
            }
            expansion(m, knew: knew, dd: dd, xoptsq: xoptsq, xoptd: xoptd, xopts: xopts)
            let denold = denex[0] + denex[1] + denex[3] + denex[5] + denex[7], e = denex
            let (cth, sth) = SphereTrustRegionStep.bestAngle(start: denold, minimize: false) { c, s in
                var p = (1.0, c, s, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
                p.3 = c * p.1 - s * p.2
                p.4 = c * p.2 + s * p.1
                p.5 = c * p.3 - s * p.4
                p.6 = c * p.4 + s * p.3
                p.7 = c * p.5 - s * p.6
                p.8 = c * p.6 + s * p.5
                var sum = 0.0
                sum += e[0] * p.0
                sum += e[1] * p.1
                sum += e[2] * p.2
                sum += e[3] * p.3
                sum += e[4] * p.4
                sum += e[5] * p.5
                sum += e[6] * p.6
                sum += e[7] * p.7
                sum += e[8] * p.8
                return sum
            }
            par[0] = 1
            par[1] = cth
            par[2] = sth
            for j in stride(from: 3, through: 7, by: 2) {
                par[j] = par[1] * par[j - 2] - par[2] * par[j - 1]
                par[j + 1] = par[1] * par[j - 1] + par[2] * par[j - 2]
            }
            var beta = 0.0, denmax = 0.0
            for j in 0..<9 {
                beta += den[j] * par[j]
                denmax += denex[j] * par[j]
            }
            m.beta = beta
            for k in 0..<ndim {
                var v = 0.0
                for j in 0..<5 { v += pr(k, j, ndim) * par[j] }
                m.vlag[k] = v
            }
            let tau = m.vlag[knew]
            dd = 0
            var ta = 0.0, tb = 0.0
            for i in 0..<n {
                d[i] = par[1] * d[i] + par[2] * s[i]
                w[i] = m.xopt[i] + d[i]
                dd += d[i] * d[i]
                ta += d[i] * w[i]
                tb += w[i] * w[i]
            }
            if iterc >= n { break }
            if iterc > 1 { densav = max(densav, denold) }
            if abs(denmax) <= 1.1 * abs(densav) { break }
            densav = denmax
            // s: the gradient of σ at the new d, for the next rotation's plane.
            for i in 0..<n {
                let t = ta * m.xopt[i] + tb * d[i] - m.vlag[npt + i]
                s[i] = tau * m.bmat[knew * n + i] + alpha * t
            }
            for k in 0..<npt {
                var sum = 0.0
                for j in 0..<n { sum += m.xpt[k * n + j] * w[j] }
                let t = (tau * hcol[k] - alpha * m.vlag[k]) * sum
                for i in 0..<n { s[i] += t * m.xpt[k * n + i] }
            }
            ss = 0
            ds = 0
            for i in 0..<n {
                ss += s[i] * s[i]
                ds += d[i] * s[i]
            }
            ssden = dd * ss - ds * ds
            if !(ssden >= 1e-8 * dd * ss) { break }
        }
        for k in 0..<npt {
            var v = 0.0
            for j in 0..<5 { v += wv(k, j, ndim) * par[j] }
            m.wcheck[k] = v
        }
        m.vlag[m.kopt] += 1
    }

    /// The five vectors of w(xopt + d(θ)) − w(xopt), H times each, and the coefficients of β(θ)
    /// (`den`) and σ(θ) (`denex`) in the basis 1, cos θ, sin θ, cos 2θ, …, sin 4θ.
    private mutating func expansion(
        _ m: InterpolationSet, knew kn: Int, dd: Double, xoptsq: Double, xoptd: Double, xopts: Double
    ) {
        let n = m.n, npt = m.npt, nptm = m.nptm, ndim = npt + n
        var ta = 0.5 * xoptd * xoptd, tb = 0.5 * xopts * xopts
        den[0] = dd * (xoptsq + 0.5 * dd) + ta + tb
        den[1] = 2 * xoptd * dd
        den[2] = 2 * xopts * dd
        den[3] = ta - tb
        den[4] = xoptd * xopts
        for i in 5..<9 { den[i] = 0 }
        for k in 0..<npt {
            var a = 0.0, b = 0.0, c = 0.0
            for i in 0..<n {
                a += m.xpt[k * n + i] * d[i]
                b += m.xpt[k * n + i] * s[i]
                c += m.xpt[k * n + i] * m.xopt[i]
            }
            wvec[k] = 0.25 * (a * a + b * b)
            wvec[ndim + k] = a * c
            wvec[2 * ndim + k] = b * c
            wvec[3 * ndim + k] = 0.25 * (a * a - b * b)
            wvec[4 * ndim + k] = 0.5 * a * b
        }
        for i in 0..<n {
            let ip = i + npt
            wvec[ip] = 0
            wvec[ndim + ip] = d[i]
            wvec[2 * ndim + ip] = s[i]
            wvec[3 * ndim + ip] = 0
            wvec[4 * ndim + ip] = 0
        }
        for jc in 0..<5 {
            let nw = jc == 1 || jc == 2 ? ndim : npt, col = jc * ndim
            for k in 0..<npt { prod[col + k] = 0 }
            for j in 0..<nptm {
                var sum = 0.0
                for k in 0..<npt { sum += m.zmat[k * nptm + j] * wvec[col + k] }
                if j < m.negativeColumns { sum = -sum }
                for k in 0..<npt { prod[col + k] += sum * m.zmat[k * nptm + j] }
            }
            if nw == ndim {
                for k in 0..<npt {
                    var sum = 0.0
                    for j in 0..<n { sum += m.bmat[k * n + j] * wvec[col + npt + j] }
                    prod[col + k] += sum
                }
            }
            for j in 0..<n {
                var sum = 0.0
                for i in 0..<nw { sum += m.bmat[i * n + j] * wvec[col + i] }
                prod[col + npt + j] = sum
            }
        }
        for k in 0..<ndim {
            var sum = 0.0
            for i in 0..<5 {
                par[i] = 0.5 * pr(k, i, ndim) * wv(k, i, ndim)
                sum += par[i]
            }
            den[0] = den[0] - par[0] - sum
            ta = pr(k, 0, ndim) * wv(k, 1, ndim) + pr(k, 1, ndim) * wv(k, 0, ndim)
            tb = pr(k, 1, ndim) * wv(k, 3, ndim) + pr(k, 3, ndim) * wv(k, 1, ndim)
            var tc = pr(k, 2, ndim) * wv(k, 4, ndim) + pr(k, 4, ndim) * wv(k, 2, ndim)
            den[1] = den[1] - ta - 0.5 * (tb + tc)
            den[5] = den[5] - 0.5 * (tb - tc)
            ta = pr(k, 0, ndim) * wv(k, 2, ndim) + pr(k, 2, ndim) * wv(k, 0, ndim)
            tb = pr(k, 1, ndim) * wv(k, 4, ndim) + pr(k, 4, ndim) * wv(k, 1, ndim)
            tc = pr(k, 2, ndim) * wv(k, 3, ndim) + pr(k, 3, ndim) * wv(k, 2, ndim)
            den[2] = den[2] - ta - 0.5 * (tb - tc)
            den[6] = den[6] - 0.5 * (tb + tc)
            ta = pr(k, 0, ndim) * wv(k, 3, ndim) + pr(k, 3, ndim) * wv(k, 0, ndim)
            den[3] = den[3] - ta - par[1] + par[2]
            ta = pr(k, 0, ndim) * wv(k, 4, ndim) + pr(k, 4, ndim) * wv(k, 0, ndim)
            tb = pr(k, 1, ndim) * wv(k, 2, ndim) + pr(k, 2, ndim) * wv(k, 1, ndim)
            den[4] = den[4] - ta - 0.5 * tb
            den[7] = den[7] - par[3] + par[4]
            ta = pr(k, 3, ndim) * wv(k, 4, ndim) + pr(k, 4, ndim) * wv(k, 3, ndim)
            den[8] = den[8] - 0.5 * ta
        }
        var sum = 0.0
        for i in 0..<5 {
            par[i] = 0.5 * (pr(kn, i, ndim) * pr(kn, i, ndim))
            sum += par[i]
        }
        denex[0] = alpha * den[0] + par[0] + sum
        ta = 2 * pr(kn, 0, ndim) * pr(kn, 1, ndim)
        tb = pr(kn, 1, ndim) * pr(kn, 3, ndim)
        var tc = pr(kn, 2, ndim) * pr(kn, 4, ndim)
        denex[1] = alpha * den[1] + ta + tb + tc
        denex[5] = alpha * den[5] + tb - tc
        ta = 2 * pr(kn, 0, ndim) * pr(kn, 2, ndim)
        tb = pr(kn, 1, ndim) * pr(kn, 4, ndim)
        tc = pr(kn, 2, ndim) * pr(kn, 3, ndim)
        denex[2] = alpha * den[2] + ta + tb - tc
        denex[6] = alpha * den[6] + tb + tc
        ta = 2 * pr(kn, 0, ndim) * pr(kn, 3, ndim)
        denex[3] = alpha * den[3] + ta + par[1] - par[2]
        ta = 2 * pr(kn, 0, ndim) * pr(kn, 4, ndim)
        denex[4] = alpha * den[4] + ta + pr(kn, 1, ndim) * pr(kn, 2, ndim)
        denex[7] = alpha * den[7] + par[3] - par[4]
        denex[8] = alpha * den[8] + pr(kn, 3, ndim) * pr(kn, 4, ndim)
    }
}
