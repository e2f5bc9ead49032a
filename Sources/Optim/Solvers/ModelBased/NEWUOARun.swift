/// The iteration of NEWUOA (Powell's NEWUOB, DAMTP 2004/NA05 sections 2–7) as a resumable state
/// machine: `advance` runs Powell's control flow from where the previous call stopped to the next
/// evaluation of f, so that one driver iteration is one evaluation. The comments give Powell's
/// labels for readers of his Fortran.
struct NEWUOARun: PowellModelRun {
    private(set) var set: InterpolationSet?
    private var trustRegion = SphereTrustRegionStep(dimension: 0)
    private var geometry = LagrangeGeometryStep(dimension: 0, points: 0)
    private var rhobeg = 1.0
    private(set) var rhoend = 1e-6
    private(set) var maxfev = Int.max
    private var nf = 0
    private(set) var rho = 0.0
    private(set) var delta = 0.0
    /// The least f so far, at xbase + xopt (Powell's FOPT; point kopt's value, except after a
    /// trust-region step that lowered f but replaced no point).
    private var fopt = 0.0
    private var nfsav = 0
    /// |f − Q| at the last three evaluations (newest first).
    private var diffa = 0.0, diffb = 0.0, diffc = 0.0
    private var itest = 0
    private var knew = 0
    private var kind = StepKind.trustRegion
    private var ratio = 0.0
    private var dnorm = 0.0
    private var dsq = 0.0
    private var dstep = 0.0
    private var xnew: [Double] = []
    private var d: [Double] = []
    private var x: [Double] = []
    private var scratch: [Double] = []
    private var stage = Stage.start
    /// A final short step that came out below the best point: it is the result.
    private var finalPoint: Double?
    private var pending: SolverFailure?
    private(set) var lastStepLength = 0.0
    var barrierEvaluations = 0

    /// What the next evaluation is for (Powell's KNEW = 0, > 0, −1).
    private enum StepKind { case trustRegion, geometry, short }

    private enum Stage { case start, trustRegionStep, prepare, evaluate, farPoint, reduceRho }

    init() {}

    init(dimension n: Int, points npt: Int, rhobeg: Double, rhoend: Double, maxfev: Int) {
        set = InterpolationSet(dimension: n, points: npt)
        trustRegion = SphereTrustRegionStep(dimension: n)
        geometry = LagrangeGeometryStep(dimension: n, points: npt)
        self.rhobeg = rhobeg
        self.rhoend = rhoend
        self.maxfev = maxfev
        xnew = Array(repeating: 0, count: n)
        d = Array(repeating: 0, count: n)
        x = Array(repeating: 0, count: n)
        scratch = Array(repeating: 0, count: max(n, npt))
    }

    /// Evaluates the other m − 1 initial points (§2) and sets up the first model.
    mutating func initialize<O: Objective>(x0: [Double], f0: Double, objective: O) {
        guard let m = set else { return }
        let n = m.n
        for j in 0..<n { m.xbase[j] = x0[j] }
        var pair = InitialSteps()
        m.absorbNEWUOAInitialValue(1, f0, rhobeg: rhobeg, pair: pair)
        nf = 1
        while nf < m.npt && nf < maxfev {
            nf += 1
            m.placeNEWUOAInitialPoint(nf, rhobeg: rhobeg, pair: &pair)
            for j in 0..<n { x[j] = m.xpt[(nf - 1) * n + j] + m.xbase[j] }
            m.absorbNEWUOAInitialValue(nf, moderatedValue(objective, at: x), rhobeg: rhobeg, pair: pair)
        }
        m.takeOptimum()
        fopt = m.fval[m.kopt]
        if nf < m.npt { pending = evaluationLimit() }
        rho = rhobeg
        delta = rho
        m.negativeColumns = 0
        stage = .start
    }



    /// Writes the best point so far (or the final short step's, when lower) into `point`; returns its f.
    func best(into point: UnsafeMutableBufferPointer<Double>) -> Double {
        guard let m = set else { return .nan }
        if let finalPoint {
            for j in 0..<x.count { point[j] = x[j] }
            return finalPoint
        }
        for j in 0..<m.n { point[j] = m.xbase[j] + m.xopt[j] }
        return fopt
    }

    /// Runs to the next evaluation of f (returning nil) or to the end of the run (its reason).
    mutating func advance<O: Objective>(objective: O) -> SolverFailure? {
        guard let m = set else { return nil }
        if let pending { return pending }
        let n = m.n
        var evaluated = false
        while true {
            switch stage {
            case .start:  // label 90
                nfsav = nf
                stage = .trustRegionStep
            case .trustRegionStep:  // label 100
                kind = .trustRegion
                if Self.hasNaN(m.gopt) || Self.hasNaN(m.hq) || Self.hasNaN(m.pq) { return modelNaN("model") }
                trustRegion.solve(m, delta: delta)
                dsq = 0
                for i in 0..<n {
                    d[i] = trustRegion.step[i]
                    dsq += d[i] * d[i]
                }
                dnorm = min(delta, dsq.squareRoot())
                stage = .prepare
                if dnorm < 0.5 * rho { stage = shortStep(trustRegion.crvmin) }
            case .prepare:  // label 120
                if dsq <= 1e-3 * m.xoptsq { m.shiftBaseNEWUOA() }
                if Self.hasNaN(m.bmat) || Self.hasNaN(m.zmat) { return modelNaN("KKT inverse") }
                if kind == .geometry {
                    geometry.lagrange(m, knew: knew, radius: dstep)
                    for i in 0..<n { d[i] = geometry.d[i] }
                }
                m.lagrangeValues(step: d, stepSquared: dsq)
                if kind == .geometry {
                    let tau = m.vlag[knew]
                    if abs(1 + geometry.alpha * m.beta / (tau * tau)) <= 0.8 {
                        geometry.denominator(m, knew: knew)
                        for i in 0..<n { d[i] = geometry.d[i] }
                    }
                }
                stage = .evaluate
            case .evaluate:  // label 290
                if evaluated { return nil }
                for i in 0..<n {
                    xnew[i] = m.xopt[i] + d[i]
                    x[i] = m.xbase[i] + xnew[i]
                }
                if nf >= maxfev { return evaluationLimit() }
                if Self.hasNaN(x) {
                    return .ownTest(status: .nonFiniteValue, test: "the step to evaluate has NaN entries")
                }
                nf += 1
                let f = moderatedValue(objective, at: x)
                evaluated = true
                lastStepLength = 0
                for j in 0..<n { lastStepLength = max(lastStepLength, abs(d[j])) }
                if kind == .short {
                    if f < fopt { finalPoint = f }
                    return converged()
                }
                if let end = takeValue(m, f) { return end }
            case .farPoint:  // label 460
                var distsq = 4 * delta * delta, far = -1
                for k in 0..<m.npt {
                    let sum = m.distanceSquared(k, to: m.xopt)
                    if sum > distsq {
                        far = k
                        distsq = sum
                    }
                }
                if far >= 0 {
                    knew = far
                    kind = .geometry
                    dstep = max(min(0.1 * distsq.squareRoot(), 0.5 * delta), rho)
                    dsq = dstep * dstep
                    stage = .prepare
                } else if ratio > 0 || max(delta, dnorm) > rho {
                    stage = .trustRegionStep
                } else {
                    stage = .reduceRho
                }
            case .reduceRho:  // label 490
                if rho > rhoend {
                    (rho, delta) = Self.reducedRadii(rho: rho, rhoend: rhoend)
                    stage = .start
                } else if kind == .short {
                    stage = .evaluate
                } else {
                    return converged()
                }
            }
        }
    }

    /// A trust-region step shorter than ½ρ (§6): Δ ← max(Δ/10, ρ) (ρ when within 1.5ρ); a geometry
    /// step is due (the far-point search) when fewer than three evaluations were made at this ρ
    /// or the last three model errors are not all below ⅛ρ²·crvmin; otherwise ρ is reduced.
    private mutating func shortStep(_ crvmin: Double) -> Stage {
        kind = .short
        delta = 0.1 * delta
        ratio = -1
        if delta <= 1.5 * rho { delta = rho }
        if nf <= nfsav + 2 { return .farPoint }
        if 0.125 * crvmin * rho * rho <= max(diffa, diffb, diffc) { return .farPoint }
        return .reduceRho
    }

    private static func hasNaN(_ values: [Double]) -> Bool { values.contains { $0.isNaN } }

    private func modelNaN(_ part: String) -> SolverFailure {
        .ownTest(status: .nonFiniteValue, test: "the \(part) has NaN entries (ill-conditioning; PDFO's INFO = −3)")
    }


    /// Q(xopt + d) − Q(xopt) with NEWUOA's GQ at xbase (§3): gᵀd + dᵀHQ(xopt + ½d) + Σ pqₖ wₖ.
    private func modelChange(_ m: InterpolationSet) -> Double {
        var vquad = 0.0, ih = 0
        for j in 0..<m.n {
            vquad += d[j] * m.gopt[j]
            for i in 0...j {
                var t = d[i] * xnew[j] + d[j] * m.xopt[i]
                if i == j { t = 0.5 * t }
                vquad += t * m.hq[ih]
                ih += 1
            }
        }
        for k in 0..<m.npt { vquad += m.pq[k] * m.wcheck[k] }
        return vquad
    }

    /// After an evaluation: the model error, the new best point, Δ from the ratio (§3: ½‖d‖ when
    /// r ≤ 0.1, max(½Δ, ‖d‖) when r ≤ 0.7, else max(½Δ, 2‖d‖); ρ when within 1.5ρ), the point to
    /// replace (§4 and §6), the updates of H and Q, Powell's switch to the least-Frobenius-norm
    /// model, and the next stage. Returns the run's end when the model predicts no decrease.
    private mutating func takeValue(_ m: InterpolationSet, _ f: Double) -> SolverFailure? {
        let vquad = modelChange(m)
        let diff = f - fopt - vquad
        diffc = diffb
        diffb = diffa
        diffa = abs(diff)
        if dnorm > rho { nfsav = nf }
        let fsave = fopt
        if f < fopt {
            fopt = f
            m.xoptsq = 0
            for i in 0..<m.n {
                m.xopt[i] = xnew[i]
                m.xoptsq += m.xopt[i] * m.xopt[i]
            }
        }
        let geometryStep = kind == .geometry
        if !geometryStep {
            guard vquad < 0 else {
                return .ownTest(
                    status: .convergedStep,
                    test: "the trust-region step predicts no decrease of the model (Q change \(vquad) ≥ 0) at ρ = "
                        + "\(NumberStyle.format(rho))")
            }
            ratio = (f - fsave) / vquad
            if ratio <= 0.1 {
                delta = 0.5 * dnorm
            } else if ratio <= 0.7 {
                delta = max(0.5 * delta, dnorm)
            } else {
                delta = max(0.5 * delta, dnorm + dnorm)
            }
            if delta <= 1.5 * rho { delta = rho }
            guard let k = replacedPoint(m, improved: f < fsave) else {
                stage = .farPoint
                return nil
            }
            knew = k
        }
        _ = m.updateSigned(knew: knew)
        let gqsq = m.absorbNEWUOA(knew: knew, value: f, diff: diff, xnew: xnew)
        if !geometryStep && delta == rho { switchModelIfBetter(m, gqsq: gqsq) }
        if f < fsave { m.kopt = knew }
        stage = f <= fsave + 0.1 * vquad || geometryStep ? .trustRegionStep : .farPoint
        return nil
    }

    /// The point a trust-region step replaces (§4): the largest |σₖ| = |β Ωₖₖ + τₖ²|, weighted by
    /// (‖xptₖ − xopt‖²/r²)³ beyond r = max(Δ/10, ρ); when f did not improve, xopt stays and a
    /// point is replaced only if its weighted |σ| exceeds 1. Nil: none qualifies.
    private func replacedPoint(_ m: InterpolationSet, improved: Bool) -> Int? {
        let r = max(0.1 * delta, rho), rhosq = r * r
        var keep = -1, detrat = 0.0, chosen: Int?
        if !improved {
            keep = m.kopt
            detrat = 1
        }
        for k in 0..<m.npt {
            var temp = abs(m.beta * m.signedOmegaDiagonal(k) + m.vlag[k] * m.vlag[k])
            let distsq = m.distanceSquared(k, to: m.xopt)
            if distsq > rhosq {
                let q = distsq / rhosq
                temp = temp * (q * q * q)
            }
            if temp > detrat && k != keep {
                detrat = temp
                chosen = k
            }
        }
        return chosen
    }

    /// Powell's test after an unproductive trust-region step at Δ = ρ (ratio ≤ 0.01, PDFO's
    /// one-sided form): the gradient at xbase of the least-Frobenius-norm model of the values alone;
    /// when ‖GQ‖² ≥ 100 times its square three times in a row, that model replaces Q.
    private mutating func switchModelIfBetter(_ m: InterpolationSet, gqsq: Double) {
        guard ratio <= 0.01 else {
            itest = 0
            return
        }
        let n = m.n, npt = m.npt, nptm = m.nptm
        for k in 0..<npt { m.vlag[k] = m.fval[k] - m.fval[m.kopt] }
        var gisq = 0.0
        for i in 0..<n {
            var sum = 0.0
            for k in 0..<npt { sum += m.bmat[k * n + i] * m.vlag[k] }
            gisq += sum * sum
            scratch[i] = sum
        }
        itest += 1
        if gqsq < 100 * gisq { itest = 0 }
        guard itest >= 3 else { return }
        for i in 0..<n { m.gopt[i] = scratch[i] }
        for i in 0..<m.hq.count { m.hq[i] = 0 }
        for j in 0..<nptm {
            var sum = 0.0
            for k in 0..<npt { sum += m.vlag[k] * m.zmat[k * nptm + j] }
            scratch[j] = j < m.negativeColumns ? -sum : sum
        }
        for k in 0..<npt {
            var sum = 0.0
            for j in 0..<nptm { sum += m.zmat[k * nptm + j] * scratch[j] }
            m.pq[k] = sum
        }
        itest = 0
    }
}
