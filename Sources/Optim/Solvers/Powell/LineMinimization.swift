import Foundation

/// Why a one-dimensional minimization along a Powell direction stopped short.
enum LineMinimizationStop: Error, Equatable {
    /// The run's maxfev is spent: the evaluation was not made.
    case evaluationLimit
    /// The downhill bracket grew its step more than 1000 times with f still decreasing (the last
    /// α it reached).
    case noBracket(step: Double)
}

/// The scalar minimizers of Powell's method, each over φ(α) (one f evaluation per call, which
/// may stop the run at maxfev): the downhill bracket and Brent's minimizer for a line with no
/// bound, Brent's bounded minimizer (fminbound) for a segment. Brent, *Algorithms for Minimization
/// without Derivatives*, Prentice-Hall 1973, ch. 5 (procedure `localmin`: golden section with
/// parabolic interpolation); the bracket and the bookkeeping follow W. H. Press, S. A. Teukolsky,
/// W. T. Vetterling & B. P. Flannery, *Numerical Recipes*, section 10.1–10.2 (`mnbrak`, `brent`),
/// with the constants scipy uses (golden ratio 1.618034, growth limit 110, 1 − 1/φ = 0.3819660,
/// an absolute floor 10⁻¹¹ on the tolerance), so that every trial α is scipy's to the last bit.
enum LineMinimization {
    /// A bracket a, b, c (b between a and c, f(b) ≤ f(a) and f(b) < f(c), or the reverse) with f.
    struct Bracket {
        var a, b, c: Double
        var fa, fb, fc: Double
    }

    /// Moves downhill from α = 0 and α = 1 (swapped so that f(a) ≥ f(b)) by golden-ratio steps
    /// c = b + 1.618034(b − a) and parabolic extrapolation (at most 110 (c − b) beyond c) until
    /// f(c) ≥ f(b) (Press et al., `mnbrak`). `valid` is false when the three points found are
    /// not a bracket (some f or α not finite, or not in order): `bestOf` then picks among them;
    /// `exhausted` when the search grew `maxIterations` + 1 times with f still decreasing.
    static func bracket<E: Error>(
        _ phi: (Double) throws(E) -> Double, maxIterations: Int = 1000
    ) throws(E) -> (bracket: Bracket, valid: Bool, exhausted: Bool) {
        let gold = 1.618034, growLimit = 110.0, tiny = 1e-21
        var xa = 0.0, xb = 1.0
        var fa = try phi(xa), fb = try phi(xb)
        if fa < fb {
            swap(&xa, &xb)
            swap(&fa, &fb)
        }
        var xc = xb + gold * (xb - xa)
        var fc = try phi(xc)
        var iteration = 0
        while fc < fb {
            let tmp1 = (xb - xa) * (fb - fc)
            let tmp2 = (xb - xc) * (fb - fa)
            let val = tmp2 - tmp1
            let denominator = abs(val) < tiny ? 2.0 * tiny : 2.0 * val
            var w = xb - ((xb - xc) * tmp2 - (xb - xa) * tmp1) / denominator
            let wlim = xb + growLimit * (xc - xb)
            if iteration > maxIterations { return (Bracket(a: xa, b: xb, c: xc, fa: fa, fb: fb, fc: fc), false, true) }
            iteration += 1
            var fw: Double
            if (w - xc) * (xb - w) > 0 {
                fw = try phi(w)
                if fw < fc {
                    xa = xb; xb = w; fa = fb; fb = fw
                    break
                } else if fw > fb {
                    xc = w; fc = fw
                    break
                }
                w = xc + gold * (xc - xb)
                fw = try phi(w)
            } else if (w - wlim) * (wlim - xc) >= 0 {
                w = wlim
                fw = try phi(w)
            } else if (w - wlim) * (xc - w) > 0 {
                fw = try phi(w)
                if fw < fc {
                    xb = xc; xc = w; w = xc + gold * (xc - xb)
                    fb = fc; fc = fw
                    fw = try phi(w)
                }
            } else {
                w = xc + gold * (xc - xb)
                fw = try phi(w)
            }
            xa = xb; xb = xc; xc = w
            fa = fb; fb = fc; fc = fw
        }
        let ordered = (fb < fc && fb <= fa) || (fb < fa && fb <= fc)
        let between = (xa < xb && xb < xc) || (xc < xb && xb < xa)
        let valid = ordered && between && xa.isFinite && xb.isFinite && xc.isFinite
        return (Bracket(a: xa, b: xb, c: xc, fa: fa, fb: fb, fc: fc), valid, false)
    }

    /// The point of an invalid bracket with the least f (the first of equals), or NaN for both
    /// when any of its α or f is NaN (scipy's recovery from a failed bracket).
    static func bestOf(_ b: Bracket) -> (alpha: Double, value: Double) {
        let xs = [b.a, b.b, b.c], fs = [b.fa, b.fb, b.fc]
        if xs.contains(where: \.isNaN) || fs.contains(where: \.isNaN) { return (.nan, .nan) }
        var best = 0
        for i in 1..<3 where fs[i] < fs[best] { best = i }
        return (xs[best], fs[best])
    }

    /// Brent's minimizer from a bracket (Brent 1973, ch. 5; Press et al., `brent`): it keeps the
    /// best point x, the second and third best w and v and the interval [a, b]; it tries the
    /// parabola through (v, w, x) when its step is less than half the step before last and lands
    /// inside [a, b], else a golden-section step 0.3819660 × the larger part; no step is shorter
    /// than tol1 = tolerance·|x| + 10⁻¹¹. It stops when |x − (a + b)/2| < 2·tol1 − (b − a)/2, or
    /// after `maxIterations` evaluations.
    static func brent<E: Error>(
        _ phi: (Double) throws(E) -> Double, from bracket: Bracket, tolerance: Double, maxIterations: Int = 500
    ) throws(E) -> (alpha: Double, value: Double) {
        let cg = 0.3819660, minimumTolerance = 1.0e-11
        var x = bracket.b, w = bracket.b, v = bracket.b
        var fx = bracket.fb, fw = bracket.fb, fv = bracket.fb
        var a = bracket.a, b = bracket.c
        if !(bracket.a < bracket.c) { swap(&a, &b) }
        var deltax = 0.0, rat = 0.0
        var iteration = 0
        while iteration < maxIterations {
            let tol1 = tolerance * abs(x) + minimumTolerance
            let tol2 = 2.0 * tol1
            let xmid = 0.5 * (a + b)
            if abs(x - xmid) < (tol2 - 0.5 * (b - a)) { break }
            if abs(deltax) <= tol1 {
                deltax = x >= xmid ? a - x : b - x
                rat = cg * deltax
            } else {
                let tmp1 = (x - w) * (fx - fv)
                var tmp2 = (x - v) * (fx - fw)
                var p = (x - v) * tmp2 - (x - w) * tmp1
                tmp2 = 2.0 * (tmp2 - tmp1)
                if tmp2 > 0 { p = -p }
                tmp2 = abs(tmp2)
                let previous = deltax
                deltax = rat
                if p > tmp2 * (a - x) && p < tmp2 * (b - x) && abs(p) < abs(0.5 * tmp2 * previous) {
                    rat = p * 1.0 / tmp2
                    let u = x + rat
                    if (u - a) < tol2 || (b - u) < tol2 { rat = xmid - x >= 0 ? tol1 : -tol1 }
                } else {
                    deltax = x >= xmid ? a - x : b - x
                    rat = cg * deltax
                }
            }
            let u = abs(rat) < tol1 ? (rat >= 0 ? x + tol1 : x - tol1) : x + rat
            let fu = try phi(u)
            if fu > fx {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x {
                    v = w; w = u; fv = fw; fw = fu
                } else if fu <= fv || v == x || v == w {
                    v = u; fv = fu
                }
            } else {
                if u >= x { a = x } else { b = x }
                v = w; w = x; x = u
                fv = fw; fw = fx; fx = fu
            }
            iteration += 1
        }
        return (x, fx)
    }

    /// Brent's bounded minimizer over [lower, upper] (Brent 1973, ch. 5, `localmin`, as scipy's
    /// fminbound): it starts at the golden-section point lower + 0.381966…(upper − lower) (f at
    /// the ends is never evaluated), tol1 = √(2.2·10⁻¹⁶)·|x| + absoluteTolerance/3, and stops
    /// when |x − m| ≤ 2·tol1 − (b − a)/2 or after `maxEvaluations` evaluations.
    static func bounded<E: Error>(
        _ phi: (Double) throws(E) -> Double, lower: Double, upper: Double, absoluteTolerance: Double,
        maxEvaluations: Int = 500
    ) throws(E) -> (alpha: Double, value: Double) {
        let sqrtEps = sqrt(2.2e-16), goldenMean = 0.5 * (3.0 - sqrt(5.0))
        var a = lower, b = upper
        var fulc = a + goldenMean * (b - a)
        var nfc = fulc, xf = fulc
        var rat = 0.0, e = 0.0
        var fx = try phi(xf)
        var evaluations = 1
        var ffulc = fx, fnfc = fx
        var xm = 0.5 * (a + b)
        var tol1 = sqrtEps * abs(xf) + absoluteTolerance / 3.0
        var tol2 = 2.0 * tol1
        /// numpy's sign(v) + (v == 0): ±1, 1 at zero, NaN at NaN.
        func sign(_ v: Double) -> Double { v.isNaN ? .nan : v > 0 ? 1 : v < 0 ? -1 : 1 }
        while abs(xf - xm) > (tol2 - 0.5 * (b - a)) {
            var golden = true
            if abs(e) > tol1 {
                golden = false
                var r = (xf - nfc) * (fx - ffulc)
                var q = (xf - fulc) * (fx - fnfc)
                var p = (xf - fulc) * q - (xf - nfc) * r
                q = 2.0 * (q - r)
                if q > 0 { p = -p }
                q = abs(q)
                r = e
                e = rat
                if abs(p) < abs(0.5 * q * r) && p > q * (a - xf) && p < q * (b - xf) {
                    rat = (p + 0.0) / q
                    let x = xf + rat
                    if (x - a) < tol2 || (b - x) < tol2 { rat = tol1 * sign(xm - xf) }
                } else {
                    golden = true
                }
            }
            if golden {
                e = xf >= xm ? a - xf : b - xf
                rat = goldenMean * e
            }
            let magnitude = abs(rat).isNaN || tol1.isNaN ? Double.nan : max(abs(rat), tol1)
            let x = xf + sign(rat) * magnitude
            let fu = try phi(x)
            evaluations += 1
            if fu <= fx {
                if x >= xf { a = xf } else { b = xf }
                fulc = nfc; ffulc = fnfc
                nfc = xf; fnfc = fx
                xf = x; fx = fu
            } else {
                if x < xf { a = x } else { b = x }
                if fu <= fnfc || nfc == xf {
                    fulc = nfc; ffulc = fnfc
                    nfc = x; fnfc = fu
                } else if fu <= ffulc || fulc == xf || fulc == nfc {
                    fulc = x; ffulc = fu
                }
            }
            xm = 0.5 * (a + b)
            tol1 = sqrtEps * abs(xf) + absoluteTolerance / 3.0
            tol2 = 2.0 * tol1
            if evaluations >= maxEvaluations { break }
        }
        return (xf, fx)
    }

    /// The α with lower ≤ x + αd ≤ upper for every i where dᵢ ≠ 0: [max of the lower limits, min
    /// of the upper limits] (each limit (bound − xᵢ)/dᵢ, + 0.0 as scipy adds it), or [0, 0] when
    /// that interval is empty (x outside the box) or NaN.
    static func feasibleSegment(
        x: UnsafeBufferPointer<Double>, direction d: UnsafeBufferPointer<Double>, bounds: Bounds
    ) -> (lower: Double, upper: Double) {
        var lmin = -Double.infinity, lmax = Double.infinity
        var any = false, nan = false
        for i in 0..<x.count where d[i] != 0 {
            let low = (bounds.lower[i] - x[i]) / d[i], high = (bounds.upper[i] - x[i]) / d[i]
            let (from, to) = d[i] > 0 ? (low + 0.0, high + 0.0) : (0.0 + high, 0.0 + low)
            if !any {
                lmin = from
                lmax = to
                any = true
            } else {
                if from > lmin || from.isNaN { lmin = from }
                if to < lmax || to.isNaN { lmax = to }
            }
            if lmin.isNaN || lmax.isNaN { nan = true }
        }
        if nan { return (0, 0) }
        return lmax >= lmin ? (lmin, lmax) : (0, 0)
    }
}
