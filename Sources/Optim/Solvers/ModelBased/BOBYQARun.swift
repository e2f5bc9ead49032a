/// The iteration of BOBYQA (Powell's BOBYQB, DAMTP 2009/NA06 sections 2–6) as a resumable state
/// machine: `advance` runs Powell's control flow from where the previous call stopped to the
/// next evaluation of f, so that one driver iteration is one evaluation. Stages are named after
/// what they do; the comments give Powell's labels for readers of his Fortran.
struct BOBYQARun: PowellModelRun {
    private(set) var set: InterpolationSet?
    private var trustRegion = BoxTrustRegionStep(dimension: 0)
    private var geometry = GeometryStep(dimension: 0, points: 0)
    private var lower: [Double] = []
    private var upper: [Double] = []
    private var rhobeg = 1.0
    private(set) var rhoend = 1e-6
    private(set) var maxfev = Int.max
    /// f evaluations so far (the start's included).
    private var nf = 0
    private(set) var rho = 0.0
    private(set) var delta = 0.0
    /// Trust-region steps since the last geometry step or ρ reduction; 0: a geometry step is
    /// due; −1: the last trust-region step was shorter than ½ρ.
    private var ntrits = 0
    private var nfsav = 0
    /// The evaluation count when the set was last rebuilt (Powell's NRESC): no rebuild here.
    private var nresc = 0
    private var kbase = 0
    /// |f − Q| at the last three evaluations (newest first).
    private var diffa = 0.0, diffb = 0.0, diffc = 0.0
    private var itest = 0
    private var knew = 0
    private var ratio = 0.0
    private var dnorm = 0.0
    private var dsq = 0.0
    private var crvmin = 0.0
    private var distsq = 0.0
    private var adelt = 0.0
    private var alpha = 0.0
    private var cauchy = 0.0
    private var denom = 0.0
    private var xnew: [Double] = []
    private var d: [Double] = []
    /// The variables of the point being evaluated.
    private var x: [Double] = []
    private var scratchW: [Double] = []
    private var scratchV: [Double] = []
    private var stage = Stage.start
    /// A final short step that came out below the best point: it is the result (Powell's FSAVE).
    private var finalPoint: Double?
    /// Why the run ended before any iteration (maxfev spent during the start).
    private var pending: SolverFailure?
    private(set) var lastStepLength = 0.0
    var barrierEvaluations = 0

    private enum Stage {
        case start, trustRegionStep, shiftAndMeasure, geometryStep, denominators, evaluate, farPoint, reduceRho
    }

    init() {}

    init(
        dimension n: Int, points npt: Int, lower: [Double], upper: [Double], rhobeg: Double, rhoend: Double,
        maxfev: Int
    ) {
        set = InterpolationSet(dimension: n, points: npt)
        trustRegion = BoxTrustRegionStep(dimension: n)
        geometry = GeometryStep(dimension: n, points: npt)
        self.lower = lower
        self.upper = upper
        self.rhobeg = rhobeg
        self.rhoend = rhoend
        self.maxfev = maxfev
        xnew = Array(repeating: 0, count: n)
        d = Array(repeating: 0, count: n)
        x = Array(repeating: 0, count: n)
        scratchW = Array(repeating: 0, count: npt)
        scratchV = Array(repeating: 0, count: npt)
    }

    /// Sets the bounds relative to x₀ as Powell's BOBYQA does (exactly ±ρ_beg where the start was
    /// moved to ρ_beg from a bound), then evaluates the other m − 1 initial points (PRELIM).
    mutating func initialize<O: Objective>(x0: [Double], f0: Double, objective: O) {
        guard let m = set else { return }
        let n = m.n
        for j in 0..<n {
            let width = upper[j] - lower[j]
            if x0[j] == lower[j] {
                (m.sl[j], m.su[j]) = (0, width)
            } else if x0[j] == lower[j] + rhobeg {
                (m.sl[j], m.su[j]) = (-rhobeg, max(upper[j] - x0[j], rhobeg))
            } else if x0[j] == upper[j] {
                (m.sl[j], m.su[j]) = (-width, 0)
            } else if x0[j] == upper[j] - rhobeg {
                (m.sl[j], m.su[j]) = (min(lower[j] - x0[j], -rhobeg), rhobeg)
            } else {
                (m.sl[j], m.su[j]) = (lower[j] - x0[j], upper[j] - x0[j])
            }
            m.xbase[j] = x0[j]
        }
        var steps = InitialSteps()
        m.absorbInitialValue(1, f0, rhobeg: rhobeg, steps: steps)
        nf = 1
        while nf < m.npt && nf < maxfev {
            nf += 1
            m.placeInitialPoint(nf, rhobeg: rhobeg, steps: &steps)
            for j in 0..<n { xnew[j] = m.xpt[(nf - 1) * n + j] }
            x.withUnsafeMutableBufferPointer { m.variables(at: xnew, lower: lower, upper: upper, into: $0) }
            m.absorbInitialValue(nf, moderatedValue(objective, at: x), rhobeg: rhobeg, steps: steps)
        }
        m.takeOptimum()
        if pending == nil && nf < m.npt { pending = evaluationLimit() }
        kbase = 0
        rho = rhobeg
        delta = rho
        nresc = nf
        nfsav = nf
        stage = .start
    }




    /// Writes the best point so far (or the final short step's point when it is lower) into
    /// `point` and returns its f.
    func best(into point: UnsafeMutableBufferPointer<Double>) -> Double {
        guard let m = set else { return .nan }
        if let finalPoint {
            for j in 0..<x.count { point[j] = x[j] }
            return finalPoint
        }
        m.variables(at: m.xopt, lower: lower, upper: upper, into: point)
        return m.fval[m.kopt]
    }

    /// Runs to the next evaluation of f (returning nil) or to the end of the run (its reason).
    mutating func advance<O: Objective>(objective: O) -> SolverFailure? {
        guard let m = set else { return nil }
        if let pending { return pending }
        let n = m.n, npt = m.npt
        var evaluated = false
        while true {
            switch stage {
            case .start:  // label 20: the gradient at xopt when kopt moved during the start
                if m.kopt != kbase {
                    if nf > npt { m.addHessianTimes(m.xopt) } else { m.addExplicitHessianTimes(m.xopt) }
                }
                stage = .trustRegionStep
            case .trustRegionStep:  // label 60
                trustRegion.solve(m, delta: delta)
                for j in 0..<n {
                    xnew[j] = trustRegion.xnew[j]
                    d[j] = trustRegion.d[j]
                }
                dsq = trustRegion.dsq
                crvmin = trustRegion.crvmin
                dnorm = min(delta, dsq.squareRoot())
                if dnorm < 0.5 * rho {
                    ntrits = -1
                    distsq = (10 * rho) * (10 * rho)
                    stage = shortStepDecision(m) ? .farPoint : .reduceRho
                    continue
                }
                ntrits += 1
                stage = .shiftAndMeasure
            case .shiftAndMeasure:  // label 90: move xbase to xopt when ‖d‖² ≤ 10⁻³‖xopt‖²
                if dsq <= 1e-3 * m.xoptsq { m.shiftBase(xnew: &xnew) }
                stage = ntrits == 0 ? .geometryStep : .denominators
            case .geometryStep:  // label 210
                geometry.solve(m, knew: knew, adelt: adelt)
                alpha = geometry.alpha
                cauchy = geometry.cauchy
                for j in 0..<n {
                    xnew[j] = geometry.xnew[j]
                    d[j] = xnew[j] - m.xopt[j]
                }
                stage = .denominators
            case .denominators:  // label 230
                m.lagrangeValues(step: d)
                if ntrits == 0 {
                    denom = m.vlag[knew] * m.vlag[knew] + alpha * m.beta
                    if denom < cauchy && cauchy > 0 {
                        for j in 0..<n {
                            xnew[j] = geometry.xalt[j]
                            d[j] = xnew[j] - m.xopt[j]
                        }
                        cauchy = 0
                        continue
                    }
                    if denom <= 0.5 * (m.vlag[knew] * m.vlag[knew]) { return cancellation(denom) }
                } else {
                    let (k, scaled, biggest, den) = chooseReplaced(m, from: m.xopt, skipOptimum: true)
                    knew = k
                    denom = den
                    if scaled <= 0.5 * biggest { return cancellation(scaled) }
                }
                stage = .evaluate
            case .evaluate:  // label 360
                if evaluated { return nil }
                x.withUnsafeMutableBufferPointer { m.variables(at: xnew, lower: lower, upper: upper, into: $0) }
                if nf >= maxfev { return evaluationLimit() }
                nf += 1
                let f = moderatedValue(objective, at: x)
                evaluated = true
                lastStepLength = 0
                for j in 0..<n { lastStepLength = max(lastStepLength, abs(d[j])) }
                if ntrits == -1 {
                    if f < m.fval[m.kopt] { finalPoint = f }
                    return converged()
                }
                if let end = takeValue(m, f) { return end }
            case .farPoint:  // label 650: a geometry step for the point farthest from xopt
                knew = -1
                for k in 0..<npt {
                    let sum = m.distanceSquared(k, to: m.xopt)
                    if sum > distsq {
                        knew = k
                        distsq = sum
                    }
                }
                if knew >= 0 {
                    let dist = distsq.squareRoot()
                    if ntrits == -1 {
                        delta = min(0.1 * delta, 0.5 * dist)
                        if delta <= 1.5 * rho { delta = rho }
                    }
                    ntrits = 0
                    adelt = max(min(0.1 * dist, delta), rho)
                    dsq = adelt * adelt
                    stage = .shiftAndMeasure
                } else if ntrits == -1 {
                    stage = .reduceRho
                } else if ratio > 0 || max(delta, dnorm) > rho {
                    stage = .trustRegionStep
                } else {
                    stage = .reduceRho
                }
            case .reduceRho:  // label 680
                if rho > rhoend {
                    (rho, delta) = Self.reducedRadii(rho: rho, rhoend: rhoend)
                    ntrits = 0
                    nfsav = nf
                    stage = .trustRegionStep
                } else if ntrits == -1 {
                    stage = .evaluate
                } else {
                    return converged()
                }
            }
        }
    }

    /// After a short step (‖d‖ < ½ρ): true when the model may still be inaccurate — fewer than three
    /// evaluations at this ρ, errors |f − Q| above ⅛ρ²·crvmin, or a bound whose multiplier
    /// estimate is small — so a geometry step is due; false when ρ may be reduced (section 6).
    private func shortStepDecision(_ m: InterpolationSet) -> Bool {
        if nf <= nfsav + 2 { return true }
        let errbig = max(diffa, diffb, diffc), frhosq = 0.125 * rho * rho
        if crvmin > 0 && errbig > frhosq * crvmin { return true }
        let bdtol = errbig / rho
        for j in 0..<m.n {
            var bdtest = bdtol
            if xnew[j] == m.sl[j] { bdtest = trustRegion.gnew[j] }
            if xnew[j] == m.su[j] { bdtest = -trustRegion.gnew[j] }
            if bdtest < bdtol {
                var curv = m.hq[m.packed(j, j)]
                for k in 0..<m.npt { curv += m.pq[k] * (m.xpt[k * m.n + j] * m.xpt[k * m.n + j]) }
                bdtest += 0.5 * curv * rho
                if bdtest < bdtol { return true }
            }
        }
        return false
    }

    /// The point to replace by xnew (§4): the largest max(1, (‖xptₖ − y‖/Δ)⁴)·σₖ, with
    /// σₖ = β Ωₖₖ + τₖ²; returns it, its weighted σ, the largest weighted τ² and its σ.
    private func chooseReplaced(_ m: InterpolationSet, from y: [Double], skipOptimum: Bool)
        -> (Int, Double, Double, Double)
    {
        let delsq = delta * delta
        var scaden = 0.0, biglsq = 0.0, k0 = -1, den0 = 0.0
        for k in 0..<m.npt where !(skipOptimum && k == m.kopt) {
            let hdiag = m.omegaDiagonal(k)
            let den = m.beta * hdiag + m.vlag[k] * m.vlag[k]
            let dist = m.distanceSquared(k, to: y) / delsq
            let temp = max(1, dist * dist)
            if temp * den > scaden {
                scaden = temp * den
                k0 = k
                den0 = den
            }
            biglsq = max(biglsq, temp * (m.vlag[k] * m.vlag[k]))
        }
        return (k0, scaden, biglsq, den0)
    }

    private func cancellation(_ value: Double) -> SolverFailure {
        .ownTest(
            status: .factorizationFailed,
            test: "the KKT update's denominator σ = \(value) lost its accuracy to cancellation (Powell's RESCUE, which "
                + "rebuilds the interpolation set, is not implemented)")
    }


    /// After an evaluation (Powell's code after CALFUN): the ratio and Δ, the point replaced, the
    /// update of H and of the model, the new best point, the ITEST model switch, and the next
    /// stage. Returns the run's end when the model predicts no decrease.
    private mutating func takeValue(_ m: InterpolationSet, _ f: Double) -> SolverFailure? {
        let n = m.n, npt = m.npt
        let fopt = m.fval[m.kopt]
        var vquad = 0.0, ih = 0
        for j in 0..<n {
            vquad += d[j] * m.gopt[j]
            for i in 0...j {
                var t = d[i] * d[j]
                if i == j { t = 0.5 * t }
                vquad += m.hq[ih] * t
                ih += 1
            }
        }
        for k in 0..<npt { vquad += 0.5 * m.pq[k] * (m.xptd[k] * m.xptd[k]) }
        let diff = f - fopt - vquad
        diffc = diffb
        diffb = diffa
        diffa = abs(diff)
        if dnorm > rho { nfsav = nf }
        if ntrits > 0 {
            if vquad >= 0 {
                return .ownTest(
                    status: .convergedStep,
                    test: "the trust-region step predicts no decrease of the model (Q change \(vquad) ≥ 0) at ρ = "
                        + "\(NumberStyle.format(rho))")
            }
            ratio = (f - fopt) / vquad
            if ratio <= 0.1 {
                delta = min(0.5 * delta, dnorm)
            } else if ratio <= 0.7 {
                delta = max(0.5 * delta, dnorm)
            } else {
                delta = max(0.5 * delta, dnorm + dnorm)
            }
            if delta <= 1.5 * rho { delta = rho }
            if f < fopt {
                let (ksav, densav) = (knew, denom)
                let (k, scaled, biggest, den) = chooseReplaced(m, from: xnew, skipOptimum: false)
                (knew, denom) = scaled <= 0.5 * biggest ? (ksav, densav) : (k, den)
            }
        }
        m.update(knew: knew, denom: denom)
        m.absorb(knew: knew, value: f, diff: diff, xnew: xnew)
        if f < fopt {
            m.kopt = knew
            m.takeOptimum()
            m.addHessianTimes(d)
        }
        if ntrits > 0 { switchModelIfBetter(m) }
        if ntrits == 0 || f <= fopt + 0.1 * vquad {
            stage = .trustRegionStep
        } else {
            distsq = max((2 * delta) * (2 * delta), (10 * rho) * (10 * rho))
            stage = .farPoint
        }
        return nil
    }

    /// Powell's ITEST rule: the gradient of the least-Frobenius-norm model of the values alone
    /// (Hessian Σ pₖ xptₖxptₖᵀ with p = Ω(f − f_opt)); when Q's projected gradient is more than
    /// √10 times larger at three trust-region steps in a row, that model replaces Q.
    private mutating func switchModelIfBetter(_ m: InterpolationSet) {
        let n = m.n, npt = m.npt, nptm = m.nptm
        for k in 0..<npt {
            m.vlag[k] = m.fval[k] - m.fval[m.kopt]
            scratchW[k] = 0
        }
        for j in 0..<nptm {
            var sum = 0.0
            for k in 0..<npt { sum += m.zmat[k * nptm + j] * m.vlag[k] }
            for k in 0..<npt { scratchW[k] += sum * m.zmat[k * nptm + j] }
        }
        for k in 0..<npt {
            var sum = 0.0
            for j in 0..<n { sum += m.xpt[k * n + j] * m.xopt[j] }
            scratchV[k] = scratchW[k]
            scratchW[k] = sum * scratchW[k]
        }
        var gqsq = 0.0, gisq = 0.0
        for i in 0..<n {
            var sum = 0.0
            for k in 0..<npt { sum = sum + m.bmat[k * n + i] * m.vlag[k] + m.xpt[k * n + i] * scratchW[k] }
            if m.xopt[i] == m.sl[i] {
                gqsq += min(0, m.gopt[i]) * min(0, m.gopt[i])
                gisq += min(0, sum) * min(0, sum)
            } else if m.xopt[i] == m.su[i] {
                gqsq += max(0, m.gopt[i]) * max(0, m.gopt[i])
                gisq += max(0, sum) * max(0, sum)
            } else {
                gqsq += m.gopt[i] * m.gopt[i]
                gisq += sum * sum
            }
            m.vlag[npt + i] = sum
        }
        itest += 1
        if gqsq < 10 * gisq { itest = 0 }
        if itest >= 3 {
            for i in 0..<n { m.gopt[i] = m.vlag[npt + i] }
            for k in 0..<npt { m.pq[k] = scratchV[k] }
            for i in 0..<m.hq.count { m.hq[i] = 0 }
            itest = 0
        }
    }
}
