import Foundation

/// A primal-dual interior-point method with a filter line search for min f(x) subject to
/// l ≤ c(x) ≤ u and the box, after Wächter & Biegler, "On the implementation of an interior-point
/// filter line-search algorithm for large-scale nonlinear programming", Math. Program. 106, 2006
/// (IPOPT), Algorithm A, with dense linear algebra. One iteration is one `step`:
///
/// - Inequalities become equalities with slacks sₖ bounded by [lᵢ, uᵢ] (§3.4, `BarrierLayout`);
///   the bounds on w = (x, s) enter the barrier φ_μ (eq. 3) with primal-dual multipliers z_L, z_U.
/// - while the barrier error E_μ (eq. 5, s_max = 100) ≤ κ_ε μ (κ_ε = 10), μ ← max(μ_min,
///   min(κ_μ μ, μ^θ_μ)) (eq. 7, the monotone Fiacco–McCormick rule), τ = max(τ_min, 1 − μ) (eq. 8) and
///   the filter is reset; repeated on the first iteration only. μ_min = min(gtol, ctol)/1000 (IPOPT's
///   ε_tol/10 would leave the min(|yᵢ|, gapᵢ) ≈ μ/|yᵢ| of a weakly active inequality above ctol).
/// - the Newton step of the primal-dual equations from eq. (13), [[W + Σ + δ_w I, Aᵀ], [A, −δ_c I]],
///   factored by LAPACK's Bunch–Kaufman dsytrf (`KKTFactorization`) with the inertia correction of §3.1
///   (Algorithm IC: δ̄_w⁰ = 1e-4, κ_w⁻ = 1/3, κ_w⁺ = 8, κ̄_w⁺ = 100, δ_w ≤ 1e40; δ_c = 1e-8 μ^¼ when the
///   matrix is singular, tried first without δ_w). W is the exact Hessian of the Lagrangian
///   ∇²f + Σyᵢ∇²cᵢ, Powell's damped BFGS approximation of it, or IPOPT's limited-memory BFGS
///   (`LimitedMemoryLagrangian`) (`hessian`).
/// - the filter line search of §2.3 (`Filter`) from the fraction-to-the-boundary step (eq. 15),
///   halving α, with up to `soc` second-order corrections (§2.4, κ_soc = 0.99) after a rejected
///   first trial that increased θ. A trial point costs f and c only (`evaluateTrial`).
/// - y ← y + αd_y, z ← z + α_z d_z (eq. 14, α_z by eq. 15), z kept within κ_Σ = 1e10 of μ/gap
///   (eq. 16).
/// - The restoration phase (§3.3) in a simple form: when α falls below α_min (eq. 23) or the inertia
///   correction fails, L-BFGS-B minimizes ½‖v(x)‖² over the box (v: the signed violation of
///   l ≤ c(x) ≤ u), and the iteration resumes there with s = c pushed inside its bounds, z = μ/gap,
///   y by eq. (36) and the filter reset. Where that minimizer is not feasible (violation > ctol) and
///   ‖P(x − Jᵀv) − x‖∞ ≤ gtol·max(1, ‖v‖∞), the run ends `infeasible` there.
///
/// x₀ is pushed inside the box as in §3.6 (κ₁ = κ₂ = `bound-push`), and s₀ = c(x₀) likewise; z₀ = 1 and
/// y₀ the least-squares estimate of eq. (36) (0 when its ∞-norm exceeds 1e3).
///
/// Stopping: `converged-kkt` when the violation and the complementarity of c and y are ≤ `ctol` and
/// the unscaled KKT error max(‖∇f + Jᵀy − z_L + z_U‖∞ (with the slacks' rows), max z·gap) ≤ gtol (the
/// driver's test); `infeasible` as above; `line-search-failed` after three restorations in a row
/// without an accepted step. Multipliers y follow OptBench's convention L = f + yᵀc.
/// Buffers are allocated once, at `start`, after their size is estimated (`MemoryEstimate`).
public struct InteriorPoint: ConstrainedSolver, Configurable {
    /// The Hessian of the Lagrangian the Newton system uses.
    public enum HessianChoice: String, CaseIterable, Sendable {
        /// Exact when f has a Hessian and c Hessian products (formula problems), else BFGS.
        case auto
        case exact
        /// Powell's damped BFGS, dense, from B₀ = I.
        case bfgs
        /// IPOPT's limited-memory BFGS (`LimitedMemoryLagrangian`).
        case lbfgs
    }

    public var constraintTolerance: Double
    /// μ₀.
    public var initialBarrier: Double
    /// κ_μ of eq. (7).
    public var barrierDecrease: Double
    /// θ_μ of eq. (7).
    public var barrierPower: Double
    /// τ_min of eq. (8).
    public var minFractionToBoundary: Double
    /// κ₁ = κ₂ of §3.6.
    public var boundPush: Double
    /// p_max of §2.4.
    public var corrections: Int
    public var hessian: HessianChoice
    /// Iterations of each restoration's L-BFGS-B run.
    public var restorationIterations: Int

    var work: InteriorPointWork?
    var mu = 0.1, tau = 0.99, minimumBarrier = 1e-7
    var filter = Filter()
    private var thetaMin = 0.0
    var exact = false
    /// δ_w^last of Algorithm IC, the iterations that needed δ_w > 0, and the largest δ_w used.
    private var lastShift = 0.0, regularized = 0, largestShift = 0.0
    var restorations = 0, consecutiveRestorations = 0, restorationSteps = 0, acceptedCorrections = 0
    var bfgsUpdates = 0
    /// Whether trialGradient holds ∇f at the last trial point (`evaluateTrial`).
    private var trialHasGradient = false
    var outcome: ConstraintOutcome?
    var pendingStop: (status: Status, test: String)?

    public init(
        constraintTolerance: Double = 1e-6, initialBarrier: Double = 0.1, barrierDecrease: Double = 0.2,
        barrierPower: Double = 1.5, minFractionToBoundary: Double = 0.99, boundPush: Double = 1e-2,
        corrections: Int = 4, hessian: HessianChoice = .auto, restorationIterations: Int = 1000
    ) {
        self.constraintTolerance = constraintTolerance
        self.initialBarrier = initialBarrier
        self.barrierDecrease = barrierDecrease
        self.barrierPower = barrierPower
        self.minFractionToBoundary = minFractionToBoundary
        self.boundPush = boundPush
        self.corrections = corrections
        self.hessian = hessian
        self.restorationIterations = restorationIterations
    }

    public var summary: String {
        "primal-dual interior point, filter line search (Wächter–Biegler; \(hessian.rawValue) Hessian, μ₀ = "
            + "\(NumberStyle.format(initialBarrier)), κ_μ = \(NumberStyle.format(barrierDecrease)), θ_μ = "
            + "\(NumberStyle.format(barrierPower)))"
    }

    public var constraintOutcome: ConstraintOutcome? { outcome }

    public static var parameters: [Parameter<InteriorPoint>] {
        [
            .real("ctol", \.constraintTolerance, .above(0), "constraint violation (and complementarity) tolerance"),
            .real("mu-init", \.initialBarrier, .above(0), "μ₀: the first barrier parameter"),
            .real("mu-decrease", \.barrierDecrease, .open(0, 1), "κ_μ: μ ← min(κ_μ μ, μ^θ_μ)"),
            .real("mu-power", \.barrierPower, .open(1, 2), "θ_μ: μ ← min(κ_μ μ, μ^θ_μ)"),
            .real("tau-min", \.minFractionToBoundary, .open(0, 1), "τ_min: fraction to the boundary max(τ_min, 1 − μ)"),
            .real(
                "bound-push", \.boundPush, .open(0, 0.5), "κ₁ = κ₂: how far x₀ and s₀ are pushed inside their bounds"),
            .integer("soc", \.corrections, 0...100, "second-order corrections per iteration (p_max)"),
            .choice(
                "hessian", \.hessian, "Hessian of the Lagrangian: exact, damped BFGS, IPOPT's L-BFGS, or auto",
                note: "auto: exact when f and c have second derivatives, else bfgs"),
            .integer(
                "restoration-iterations", \.restorationIterations, 1...Int.max, "L-BFGS-B iterations per restoration"),
        ]
    }

    /// An explicit `hessian=exact` needs f's Hessian; n × n matrices must fit (the m-sized parts are
    /// estimated at `start`, when m is known).
    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        if hessian == .exact && !(objective is any HessianObjective) { return .missingCapability(.hessian) }
        return Unsupported.denseStorage(dimension: objective.dimension)
    }

    /// x₀ moved inside the box as in §3.6.
    public func startingPoint(_ x0: [Double], bounds: Bounds?) -> [Double] {
        guard let bounds else { return x0 }
        return x0.indices.map {
            BarrierLayout.pushedInside(x0[$0], lower: bounds.lower[$0], upper: bounds.upper[$0], push: boundPush)
        }
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        let n = state.dimension
        let constraints = state.constraints as? CountedConstraints
        let layout = BarrierLayout(
            dimension: n, bounds: state.bounds, constraintLower: constraints?.lower ?? [],
            constraintUpper: constraints?.upper ?? [])
        var estimate = MemoryEstimate()
        estimate.add(
            "the primal-dual matrix, its factor, J, W and vectors",
            doubles: InteriorPointWork.doubles(n: n, m: layout.constraints, slacks: layout.primal - n))
        guard estimate.fits else { throw AllocationFailure(bytes: Int(min(estimate.totalBytes, 9e18))) }
        let work = InteriorPointWork(layout: layout)
        self.work = work
        mu = initialBarrier
        tau = max(minFractionToBoundary, 1 - mu)
        minimumBarrier = min(state.gradientTolerance, constraintTolerance) / 1000
        exact = hessian != .bfgs && hessian != .lbfgs && objective is any HessianObjective
            && (layout.constraints == 0 || constraints?.base is any ConstraintHessianProducts)
        (lastShift, regularized, largestShift) = (0, 0, 0)
        (restorations, consecutiveRestorations, restorationSteps, acceptedCorrections, bfgsUpdates) = (0, 0, 0, 0, 0)
        pendingStop = nil
        for j in 0..<n { work.w[j] = state.x.storage[j] }
        evaluateConstraints(state, into: \.c, jacobian: true)
        layout.initialSlacks(work.c, into: &work.w, push: boundPush)
        for j in 0..<layout.primal {
            work.lowerZ[j] = layout.lower[j] > -.infinity ? 1 : 0
            work.upperZ[j] = layout.upper[j] < .infinity ? 1 : 0
        }
        work.resetBFGS()
        work.limitedMemory.reset()
        estimateMultipliers(state)
        let theta = layout.infeasibility(work.c, work.w)
        filter = Filter()
        filter.maxInfeasibility = 1e4 * max(1, theta)
        thetaMin = 1e-4 * max(1, theta)
        report(state)
    }

    /// c (unless `values` is false: after an accepted step c is the trial point's) and J when asked, at state.x.
    func evaluateConstraints(
        _ state: IterationState, into values: ReferenceWritableKeyPath<InteriorPointWork, [Double]>, jacobian: Bool,
        values evaluate: Bool = true
    ) {
        guard let work, let constraints = state.constraints, work.m > 0 else { return }
        if evaluate {
            work[keyPath: values].withUnsafeMutableBufferPointer {
                constraints.values(at: state.x.readOnly, into: $0)
            }
        }
        if jacobian {
            work.jacobian.withUnsafeMutableBufferPointer { constraints.jacobian(at: state.x.readOnly, into: $0) }
        }
    }

    /// y from min ‖∇f − z + Aᵀy‖ (eq. 36), 0 when it fails or ‖y‖∞ > 1e3.
    func estimateMultipliers(_ state: IterationState) {
        guard let work, work.m > 0 else { return }
        let n = work.n, primal = work.primal
        for i in 0..<work.m { work.y[i] = 0 }
        work.assemble(identity: true)
        guard work.kkt.factorize(primal: primal, primalShift: 0, dualShift: 0) != nil else { return }
        for j in 0..<primal {
            let fixed = j < n && work.layout.fixed[j]
            work.step[j] = fixed ? 0 : -((j < n ? state.gradient.storage[j] : 0) - work.lowerZ[j] + work.upperZ[j])
        }
        for i in 0..<work.m { work.step[primal + i] = 0 }
        let solved = work.step.withUnsafeMutableBufferPointer { work.kkt.solve($0) }
        guard solved else { return }
        var largest = 0.0
        for i in 0..<work.m { largest = max(largest, abs(work.step[primal + i])) }
        if largest <= 1e3 { for i in 0..<work.m { work.y[i] = work.step[primal + i] } }
    }

    /// The unscaled KKT error (the driver's measure) and the constraints' feasibility at the iterate.
    func report(_ state: IterationState) {
        guard let work else { return }
        work.computeLagrangianGradient(state.gradient.readOnly, jacobian: work.jacobian)
        let error = work.barrierError(mu: 0, scaled: false)
        state.reportStationarity(max(error.dual, error.complementarity), status: .convergedKKT)
        let measures = state.constraints?.measures(values: work.c, multipliers: work.y)
            ?? ConstraintMeasures(violation: 0, complementarity: 0)
        state.reportConstraints(
            violation: measures.violation,
            feasible: measures.violation <= constraintTolerance && measures.complementarity <= constraintTolerance)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        if let pendingStop { throw .ownTest(status: pendingStop.status, test: pendingStop.test) }
        guard let work else { throw .inner(status: .nonFiniteValue, detail: "ipm: step before start") }
        let layout = work.layout, n = work.n, primal = work.primal
        // the barrier parameter.
        work.computeLagrangianGradient(state.gradient.readOnly, jacobian: work.jacobian)
        repeat {
            let e = work.barrierError(mu: mu, scaled: true)
            guard max(e.dual, e.primal, e.complementarity) <= 10 * mu, mu > minimumBarrier else { break }
            mu = max(minimumBarrier, min(barrierDecrease * mu, pow(mu, barrierPower)))
            tau = max(minFractionToBoundary, 1 - mu)
            filter.reset()
        } while state.iteration == 0
        // the search direction.
        if exact {
            guard let withHessian = objective as? any HessianObjective,
                work.exactHessian(
                    objective: withHessian, constraints: state.constraints as? CountedConstraints,
                    x: state.x.readOnly)
            else { throw .nonFiniteHessian }
        } else {
            for i in 0..<(n * n) { work.hessian[i] = work.bfgs[i] }
        }
        work.computeBarrierGradient(state.gradient.readOnly, mu: mu)
        work.assemble(identity: false)
        guard factorWithInertiaCorrection(work) else {
            return try restore(state, objective, reason: "the inertia correction needed δ_w above 1e40")
        }
        work.newtonRightHandSide()
        for j in 0..<primal { work.savedTop[j] = work.step[j] }
        guard work.step.withUnsafeMutableBufferPointer({ work.kkt.solve($0) }) else {
            return try restore(state, objective, reason: "the Newton step is not finite")
        }
        // the filter line search.
        let theta = layout.infeasibility(work.c, work.w)
        let phi = layout.barrier(state.value, work.w, mu: mu)
        var slope = 0.0
        for j in 0..<primal { slope += work.barrierGradient[j] * work.step[j] }
        let minimumStep = Filter.minimumStep(slope: slope, theta: theta, thetaMin: thetaMin)
        let current = (theta: theta, phi: phi, slope: slope)
        let firstAlpha = layout.stepToBoundary(work.w, work.step, tau: tau)
        var alpha = firstAlpha
        var accepted: (fType: Bool, value: Double)?
        var tiny = true
        for j in 0..<primal where abs(work.step[j]) >= 10 * Double.ulpOfOne * (1 + abs(work.w[j])) { tiny = false }
        if tiny {
            // §3.9: a step below rounding level is taken in full, without the filter's tests.
            let trial = evaluateTrial(state, objective, direction: work.step, alpha: alpha, gradient: true)
            if trial.theta.isFinite { accepted = (true, trial.value) }
        }
        while accepted == nil {
            let trial = evaluateTrial(
                state, objective, direction: work.step, alpha: alpha, gradient: alpha == firstAlpha)
            if let fType = filter.accepts(
                trialTheta: trial.theta, trialPhi: trial.phi, alpha: alpha, theta: theta, phi: phi, slope: slope,
                thetaMin: thetaMin)
            {
                accepted = (fType, trial.value)
            } else if alpha == firstAlpha && corrections > 0 && trial.theta >= theta,
                let corrected = secondOrderCorrection(state, objective, current, firstAlpha: firstAlpha)
            {
                accepted = corrected.accepted
                alpha = corrected.alpha
            } else {
                alpha /= 2
                if alpha < minimumStep {
                    return try restore(
                        state, objective,
                        reason: "the step fell below α_min = \(NumberStyle.format(minimumStep)) (eq. 23)")
                }
            }
        }
        guard let accepted else { return }
        // the multipliers, the filter, the new iterate.
        work.multiplierSteps(work.step, mu: mu)
        let zAlpha = min(
            BarrierLayout.multiplierStep(work.lowerZ, work.lowerStep, tau: tau),
            BarrierLayout.multiplierStep(work.upperZ, work.upperStep, tau: tau))
        for j in 0..<primal {
            work.w[j] = work.trialW[j]
            work.lowerZ[j] += zAlpha * work.lowerStep[j]
            work.upperZ[j] += zAlpha * work.upperStep[j]
        }
        work.safeguardMultipliers(mu: mu)
        for i in 0..<work.m {
            work.y[i] += alpha * work.step[primal + i]
            work.c[i] = work.trialC[i]
        }
        if !accepted.fType { filter.augment(theta: theta, phi: phi) }
        if !trialHasGradient {
            _ = objective.valueAndGradient(at: state.trialX.readOnly, gradient: state.trialGradient.storage)
        }
        state.acceptTrial(value: accepted.value, stepLength: alpha)
        swap(&work.jacobian, &work.previousJacobian)
        evaluateConstraints(state, into: \.c, jacobian: true, values: false)
        if !exact { updateBFGS(state, work) }
        consecutiveRestorations = 0
        report(state)
    }

    /// f, c, θ and φ_μ at w + αd (into the trial buffers: `trialW`, `trialC`, state.trialX and, with
    /// `gradient`, trialGradient); NaN θ where f or c is not finite. As in IPOPT (Wächter & Biegler 2006,
    /// §2.3: the filter tests need θ and φ_μ only; ∇f and J are evaluated at the accepted point), a trial
    /// point costs f and c; ∇f comes with f (one fused evaluation) at the first trial of a line search,
    /// which is usually accepted, and is otherwise evaluated once the point is accepted
    /// (`trialHasGradient`).
    private mutating func evaluateTrial<O: Objective>(
        _ state: IterationState, _ objective: O, direction d: [Double], alpha: Double, gradient: Bool
    ) -> (theta: Double, phi: Double, value: Double) {
        guard let work else { return (.nan, .nan, .nan) }
        for j in 0..<work.primal { work.trialW[j] = work.w[j] + alpha * d[j] }
        for j in 0..<work.n { state.trialX.storage[j] = work.trialW[j] }
        trialHasGradient = gradient
        let f = gradient
            ? objective.valueAndGradient(at: state.trialX.readOnly, gradient: state.trialGradient.storage)
            : objective.value(at: state.trialX.readOnly)
        if let constraints = state.constraints, work.m > 0 {
            work.trialC.withUnsafeMutableBufferPointer { constraints.values(at: state.trialX.readOnly, into: $0) }
        }
        let theta = work.layout.infeasibility(work.trialC, work.trialW)
        guard f.isFinite, theta.isFinite else { return (.nan, .nan, f) }
        return (theta, work.layout.barrier(f, work.trialW, mu: mu), f)
    }

    /// §2.4, steps: corrections d_soc from the same factorization with the constraint
    /// part c_soc ← α_soc c_soc + r(w + α_soc d_soc) (c_soc = α r(w) + r(w + αd) first), while θ falls by
    /// κ_soc = 0.99; the accepted one replaces the step (`work.step`), with its α.
    private mutating func secondOrderCorrection<O: Objective>(
        _ state: IterationState, _ objective: O, _ current: (theta: Double, phi: Double, slope: Double),
        firstAlpha: Double
    ) -> (accepted: (fType: Bool, value: Double), alpha: Double)? {
        guard let work else { return nil }
        let layout = work.layout, primal = work.primal
        for i in 0..<work.m {
            work.correctionC[i] = firstAlpha * layout.residual(i, work.c[i], work.w)
                + layout.residual(i, work.trialC[i], work.trialW)
        }
        var previousTheta = current.theta
        for _ in 0..<corrections {
            for j in 0..<primal { work.correction[j] = work.savedTop[j] }
            for i in 0..<work.m { work.correction[primal + i] = -work.correctionC[i] }
            guard work.correction.withUnsafeMutableBufferPointer({ work.kkt.solve($0) }) else { return nil }
            let alpha = layout.stepToBoundary(work.w, work.correction, tau: tau)
            let trial = evaluateTrial(state, objective, direction: work.correction, alpha: alpha, gradient: false)
            if let fType = filter.accepts(
                trialTheta: trial.theta, trialPhi: trial.phi, alpha: firstAlpha, theta: current.theta,
                phi: current.phi, slope: current.slope, thetaMin: thetaMin)
            {
                swap(&work.step, &work.correction)
                acceptedCorrections += 1
                return ((fType, trial.value), alpha)
            }
            guard trial.theta.isFinite, trial.theta <= 0.99 * previousTheta else { return nil }
            previousTheta = trial.theta
            for i in 0..<work.m {
                work.correctionC[i] = alpha * work.correctionC[i] + layout.residual(i, work.trialC[i], work.trialW)
            }
        }
        return nil
    }

    /// Algorithm IC of §3.1 on the assembled matrix: true once its inertia is (primal, m, 0).
    private mutating func factorWithInertiaCorrection(_ work: InteriorPointWork) -> Bool {
        let primal = work.primal, m = work.m
        func correct(_ inertia: Inertia?) -> Bool {
            inertia.map { $0.positive == primal && $0.negative == m && $0.zero == 0 } ?? false
        }
        guard let first = work.kkt.factorize(primal: primal, primalShift: 0, dualShift: 0) else { return false }
        if correct(first) && !first.nearlySingular { return true }
        var dualShift = 0.0
        if first.nearlySingular || first.zero > 0, m > 0 {
            dualShift = 1e-8 * pow(mu, 0.25)
            if correct(work.kkt.factorize(primal: primal, primalShift: 0, dualShift: dualShift)) { return true }
        }
        var shift = lastShift == 0 ? 1e-4 : max(1e-20, lastShift / 3)
        while shift <= 1e40 {
            if correct(work.kkt.factorize(primal: primal, primalShift: shift, dualShift: dualShift)) {
                lastShift = shift
                regularized += 1
                largestShift = max(largestShift, shift)
                return true
            }
            shift *= lastShift == 0 ? 100 : 8
        }
        return false
    }

    /// The damped BFGS pair after an accepted step (state.trialX and trialGradient hold the previous
    /// iterate, `previousJacobian` its J): s = xₖ₊₁ − xₖ, ŷ = ∇ₓL(xₖ₊₁, yₖ₊₁) − ∇ₓL(xₖ, yₖ₊₁).
    private mutating func updateBFGS(_ state: IterationState, _ work: InteriorPointWork) {
        let n = work.n
        for j in 0..<n {
            work.pairS[j] = state.x.storage[j] - state.trialX.storage[j]
            var v = state.gradient.storage[j] - state.trialGradient.storage[j]
            for i in 0..<work.m { v += work.y[i] * (work.jacobian[i * n + j] - work.previousJacobian[i * n + j]) }
            work.pairY[j] = v
        }
        if hessian == .lbfgs {
            work.limitedMemory.add(s: work.pairS, y: work.pairY)
            work.limitedMemory.form(into: &work.bfgs)
        } else {
            work.updateBFGS(first: bfgsUpdates == 0)
        }
        bfgsUpdates += 1
    }

    public mutating func finish<O: Objective>(_ state: IterationState, objective: O) -> ResultExtras? {
        if let work {
            work.computeLagrangianGradient(state.gradient.readOnly, jacobian: work.jacobian)
            let stationarity = work.lagrangianGradient.withUnsafeBufferPointer { g in
                state.bounds.map { $0.projectedGradientNorm(x: state.x.readOnly, gradient: g) }
                    ?? Kernels.maxAbs(g, threads: state.threads)
            }
            let measures = state.constraints?.measures(values: work.c, multipliers: work.y)
                ?? ConstraintMeasures(violation: 0, complementarity: 0)
            outcome = ConstraintOutcome(
                values: work.c, multipliers: work.y, violation: measures.violation, stationarity: stationarity,
                complementarity: measures.complementarity, evaluations: 0, jacobianEvaluations: 0,
                jacobianProducts: 0)
        }
        return ResultExtras([
            .init("hessian", .text(exact ? "exact" : hessian == .lbfgs ? "lbfgs" : "bfgs")),
            .init("barrier", .real(mu)),
            .init("regularized_iterations", .integer(regularized)),
            .init("largest_regularization", .real(largestShift)),
            .init("second_order_corrections", .integer(acceptedCorrections)),
            .init("restorations", .integer(restorations)),
            .init("restoration_iterations", .integer(restorationSteps)),
        ])
    }
}
