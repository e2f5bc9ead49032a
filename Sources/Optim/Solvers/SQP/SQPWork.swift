import CLapack

/// How `SQPWork.lineSearch` ended.
enum SQPLineSearchOutcome: CustomStringConvertible {
    case accepted(alpha: Double, value: Double)
    /// x + d = x in floating point: the QP's step is zero, x is a KKT point of the QP.
    case noStep
    /// D ≥ 0: d is not a descent direction of the merit function.
    case ascent(Double)
    /// No trial passed the Armijo test.
    case failed(trials: Int, alpha: Double)

    var description: String {
        switch self {
        case .accepted(let alpha, _): "accepted α = \(NumberStyle.format(alpha))"
        case .noStep: "the QP step is zero"
        case .ascent(let slope):
            "the QP step is not a descent direction of the ℓ₁ merit function (D = \(NumberStyle.format(slope))), "
                + "also with B reset to I"
        case .failed(let trials, let alpha):
            "no sufficient decrease of the ℓ₁ merit function in \(trials) trials (down to α = "
                + "\(NumberStyle.format(alpha))), also with B reset to I"
        }
    }
}

/// The buffers and the per-iteration work of `SQP` (steps 1–5 of its documentation), allocated
/// once in `start`: B (n × n, lower triangle), the QP's G ((n + 1)²) and its solver, the Jacobians at
/// x and at the previous iterate (m × n each), and n- and m-vectors. Nothing is allocated per
/// iteration.
final class SQPWork {
    let n: Int, m: Int
    let constraints: (any ConstraintFunctions)?
    let bounds: Bounds?
    let lower: [Double], upper: [Double], boxLower: [Double], boxUpper: [Double]
    let hessian: Vector, qpHessian: Vector
    var jacobian: Vector, previousJacobian: Vector
    var values: [Double], trialValues: [Double], multipliers: [Double], qpMultipliers: [Double]
    var penalties: [Double]
    let linear: Vector, rowLower: Vector, rowUpper: Vector, extra: Vector, qpLower: Vector, qpUpper: Vector
    let direction: Vector, lagrangian: Vector, product: Vector, change: Vector
    let qp: DualActiveSetQP
    /// δ of the last QP (0 when it needed no relaxation).
    var delta = 0.0
    private(set) var hessianIsInitial = true
    private(set) var resets = 0, relaxedCount = 0, qpChanges = 0
    var measures = ConstraintMeasures(violation: 0, complementarity: 0)
    var stationarity = 0.0
    /// In the restoration phase (`SQPRestoration`), entered at violation `restorationEntryViolation`.
    var restoring = false
    var restorationEntryViolation = 0.0
    var restorationPhases = 0
    /// `ctol`, as the last `report` was given it.
    var tolerance = 1e-6
    var relaxedStreak = 0, streakStartViolation = 0.0, stationarySteps = 0

    init(dimension n: Int, constraints: (any ConstraintFunctions)?, bounds: Bounds?) throws(AllocationFailure) {
        self.n = n
        m = constraints?.count ?? 0
        self.constraints = constraints
        self.bounds = bounds
        lower = constraints?.lower ?? []
        upper = constraints?.upper ?? []
        boxLower = bounds?.lower ?? Array(repeating: -.infinity, count: n)
        boxUpper = bounds?.upper ?? Array(repeating: .infinity, count: n)
        hessian = try Vector(allocating: n * n)
        qpHessian = try Vector(allocating: (n + 1) * (n + 1))
        jacobian = try Vector(allocating: m * n)
        previousJacobian = try Vector(allocating: m * n)
        values = Array(repeating: 0, count: m)
        trialValues = values
        multipliers = values
        qpMultipliers = values
        penalties = values
        linear = try Vector(allocating: n + 1)
        rowLower = try Vector(allocating: m)
        rowUpper = try Vector(allocating: m)
        extra = try Vector(allocating: m)
        qpLower = try Vector(allocating: n + 1)
        qpUpper = try Vector(allocating: n + 1)
        direction = try Vector(allocating: n)
        lagrangian = try Vector(allocating: n)
        product = try Vector(allocating: n)
        change = try Vector(allocating: n)
        qp = try DualActiveSetQP(capacity: n + 1, rows: m)
        resetHessian()
        resets = 0
    }

    /// Δ/max(1, ‖x‖∞), the QP's bound on |dⱼ|.
    static let stepBound = 1e4

    /// B = I (step 5's start and reset).
    func resetHessian() {
        hessian.storage.update(repeating: 0)
        for i in 0..<n { hessian[i * n + i] = 1 }
        hessianIsInitial = true
        resets += 1
    }

    /// c(x) and J(x) into `values` and `jacobian`.
    func evaluateConstraints(at x: UnsafeBufferPointer<Double>) {
        guard let constraints else { return }
        values.withUnsafeMutableBufferPointer { constraints.values(at: x, into: $0) }
        constraints.jacobian(at: x, into: jacobian.storage)
    }

    func signedViolation(_ c: Double, _ i: Int) -> Double {
        ConstraintMeasures.signedViolation(c, lower: lower[i], upper: upper[i])
    }

    /// The QP's data at x: row bounds l − c and u − c, the relaxation column −v, the box (step 1–2).
    func prepareSubproblem(_ state: IterationState) {
        let x = state.x
        for i in 0..<m {
            rowLower[i] = lower[i] - values[i]
            rowUpper[i] = upper[i] - values[i]
            extra[i] = -signedViolation(values[i], i)
        }
        // The box, and |dⱼ| ≤ Δ = 1e4·max(1, ‖x‖∞): a nearly inconsistent linearization (nearly parallel
        // normals of conflicting constraints) otherwise has a huge step with huge multipliers; with
        // the bound it is inconsistent, and relaxed.
        let reach = Self.stepBound * max(1, Kernels.maxAbs(x.readOnly))
        for j in 0..<n {
            qpLower[j] = max(boxLower[j] - x[j], -reach)
            qpUpper[j] = min(boxUpper[j] - x[j], reach)
            linear[j] = state.gradient[j]
        }
        qpLower[n] = 0
        qpUpper[n] = 1
        linear[n] = 0
    }

    /// Steps 1–2: the QP at the current x, relaxed when inconsistent. The step is in `direction`, the
    /// multipliers in `qpMultipliers`, δ in `delta`. Returns whether the relaxation was needed.
    func solveSubproblem(_ state: IterationState, weight: Double) throws(SolverFailure) -> Bool {
        prepareSubproblem(state)
        var outcome = solve(relaxed: false, weight: weight)
        if outcome == .notPositiveDefinite {
            resetHessian()
            outcome = solve(relaxed: false, weight: weight)
        }
        var relaxed = false, relaxedWeight = weight, attempts = 0
        while outcome == .infeasible && attempts < 6 {
            relaxed = true
            outcome = solve(relaxed: true, weight: relaxedWeight)
            relaxedWeight *= 10
            attempts += 1
        }
        switch outcome {
        case .optimal: break
        case .infeasible:
            throw .ownTest(
                status: .stagnated, test: "the relaxed QP subproblem had no solution even with ρ_δ = "
                    + "\(NumberStyle.format(relaxedWeight / 10)) (rounding: the linearized constraints are "
                    + "degenerate)")
        case .notPositiveDefinite:
            throw .ownTest(status: .factorizationFailed, test: "the QP's matrix B = I could not be factored")
        case .changeLimit:
            throw .ownTest(
                status: .stagnated, test: "the QP subproblem's active set changed \(qp.changes) times without "
                    + "an optimum (cycling in floating point)")
        }
        for j in 0..<n { direction[j] = qp.solution[j] }
        delta = relaxed ? min(max(qp.solution[n], 0), 1) : 0
        for i in 0..<m { qpMultipliers[i] = qp.rowMultipliers[i] }
        if relaxed { relaxedCount += 1 }
        return relaxed
    }

    /// One QP solve: G = B (or B ⊕ ρ_δ with the relaxation variable last).
    func solve(relaxed: Bool, weight: Double) -> DualActiveSetQP.Outcome {
        let size = relaxed ? n + 1 : n
        let g = qpHessian.pointer, b = hessian.pointer
        for a in 0..<n {
            for c in 0...a { g[a * size + c] = b[a * n + c] }
        }
        if relaxed {
            for c in 0..<n { g[n * size + c] = 0 }
            g[n * size + n] = weight
        }
        let problem = DualActiveSetQP.Problem(
            dimension: size, hessian: g, linear: UnsafePointer(linear.pointer),
            rows: UnsafePointer(jacobian.pointer), rowCount: m, rowStride: n, rowLength: n,
            extra: UnsafePointer(extra.pointer), rowLower: UnsafePointer(rowLower.pointer),
            rowUpper: UnsafePointer(rowUpper.pointer), lower: UnsafePointer(qpLower.pointer),
            upper: UnsafePointer(qpUpper.pointer))
        let outcome = qp.solve(problem)
        qpChanges += qp.changes
        return outcome
    }

    /// Step 3: ρᵢ = max(|λᵢ⁺|, ½(ρᵢ + |λᵢ⁺|)).
    func updatePenalties() {
        for i in 0..<m { penalties[i] = max(abs(qpMultipliers[i]), 0.5 * (penalties[i] + abs(qpMultipliers[i]))) }
    }

    /// Σρᵢ|vᵢ| at constraint values `c`.
    private func penaltyTerm(_ c: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<m { sum += penalties[i] * abs(signedViolation(c[i], i)) }
        return sum
    }

    /// Step 4: Armijo backtracking on φ along `direction`; trial points in `state.trialX`, their c in
    /// `trialValues`, ∇f at the accepted one in `state.trialGradient` (see `backtrack` for what a trial costs).
    func lineSearch<O: Objective>(_ state: IterationState, objective: O, maxTrials: Int) -> SQPLineSearchOutcome {
        let x = state.x, d = direction
        var moves = false
        for j in 0..<n where x[j] + d[j] != x[j] { moves = true }
        if !moves { return .noStep }
        let penalty0 = penaltyTerm(values)
        let slope = Kernels.dot(state.gradient.readOnly, d.readOnly) - (1 - delta) * penalty0
        guard slope < 0 else { return .ascent(slope) }
        let merit0 = state.value + penalty0
        return backtrack(state, objective: objective, slope: slope, merit0: merit0, maxTrials: maxTrials) {
            $0 + self.penaltyTerm(self.trialValues)
        }
    }

    /// Step 4's backtracking from α = 1 along `direction` on a merit function of f and c at the trial
    /// point (`merit(f)`, with c in `trialValues`) whose value at x is `merit0` and slope `slope` < 0.
    /// The test reads φ alone, never a slope at a trial point, so as in SLSQP (Kraft 1988: its line search
    /// asks for f and c, and ∇f and J only once a step is accepted) a trial costs c, and f when the merit
    /// reads it (`meritReadsValue`: the ℓ₁ merit does, restoration's ½‖v‖² does not, and f is then
    /// evaluated, with ∇f, at the accepted point only). ∇f is wanted at the accepted point alone: where it
    /// costs f evaluations of its own (`DifferencedObjective`, issue 27) the trials evaluate f alone and the
    /// accepted point differences ∇f without evaluating f again; an analytic gradient comes with f from one
    /// fused call (`SearchLine.probe`'s rule), since asking for it apart at the accepted point would evaluate
    /// f there a second time. Either way the gradient at a rejected trial is never read.
    func backtrack<O: Objective>(
        _ state: IterationState, objective: O, slope: Double, merit0: Double, maxTrials: Int,
        meritReadsValue: Bool = true, merit: (Double) -> Double
    ) -> SQPLineSearchOutcome {
        let x = state.x, d = direction, trial = state.trialX, gradient = state.trialGradient.storage
        let differenced = (objective as? any DifferencedObjective).flatMap {
            $0.valueEvaluationsPerGradient > 0 ? $0 : nil
        }
        var alpha = 1.0
        for _ in 0..<maxTrials {
            for j in 0..<n { trial[j] = x[j] + alpha * d[j] }
            bounds?.clip(trial.storage)
            var value = Double.nan
            if meritReadsValue {
                value = differenced == nil
                    ? objective.valueAndGradient(at: trial.readOnly, gradient: gradient)
                    : objective.value(at: trial.readOnly)
            }
            if let constraints {
                trialValues.withUnsafeMutableBufferPointer { constraints.values(at: trial.readOnly, into: $0) }
            }
            let phi = merit(value)
            if phi.isFinite && phi - merit0 <= 0.1 * alpha * slope {
                if !meritReadsValue {
                    value = objective.valueAndGradient(at: trial.readOnly, gradient: gradient)
                } else if let differenced, value.isFinite {
                    differenced.gradient(at: trial.readOnly, value: value, into: gradient)
                }
                if value.isFinite { return .accepted(alpha: alpha, value: value) }
            }
            let interpolated = -slope * alpha / (2 * (phi - merit0 - alpha * slope))
            alpha *= phi.isFinite && interpolated.isFinite ? min(0.5, max(0.1, interpolated)) : 0.1
        }
        return .failed(trials: maxTrials, alpha: alpha / 0.1)
    }

    /// After an accepted step (state.x = x⁺, state.trialX = x, and their gradients likewise): c and
    /// J at x⁺, λ = λ⁺, step 5's update of B, the relaxation streak.
    func afterStep(_ state: IterationState, relaxed: Bool, restoration: Bool = false) {
        let violationBefore = measures.violation
        swap(&values, &trialValues)
        swap(&jacobian, &previousJacobian)
        if let constraints { constraints.jacobian(at: state.x.readOnly, into: jacobian.storage) }
        if !restoration { swap(&multipliers, &qpMultipliers) }
        stationarySteps = 0
        // s = x⁺ − x into `change`, y = ∇L(x⁺, λ⁺) − ∇L(x, λ⁺) into `lagrangian`.
        lagrangianGradient(gradient: state.trialGradient, jacobian: previousJacobian, into: product)
        lagrangianGradient(gradient: state.gradient, jacobian: jacobian, into: lagrangian)
        for j in 0..<n {
            change[j] = state.x[j] - state.trialX[j]
            lagrangian[j] -= product[j]
        }
        dampedUpdate(s: change, y: lagrangian)
        if restoration {
            relaxedStreak = 0
        } else if relaxed {
            if relaxedStreak == 0 { streakStartViolation = violationBefore }
            relaxedStreak += 1
        } else {
            relaxedStreak = 0
        }
    }

    /// ∇f + Jᵀλ (λ = `multipliers`).
    private func lagrangianGradient(gradient: Vector, jacobian: Vector, into out: Vector) {
        for j in 0..<n { out[j] = gradient[j] }
        if m > 0 {
            multipliers.withUnsafeBufferPointer {
                cblas_dgemv(CblasRowMajor, CblasTrans, Int32(m), Int32(n), 1, jacobian.pointer, Int32(n),
                            $0.baseAddress, 1, 1, out.pointer, 1)
            }
        }
    }

    /// Step 5: Powell's damped BFGS update of B's lower triangle (`product` is overwritten with Bs).
    private func dampedUpdate(s: Vector, y: Vector) {
        let b = hessian.pointer
        cblas_dsymv(CblasRowMajor, CblasLower, Int32(n), 1, b, Int32(n), s.pointer, 1, 0, product.pointer, 1)
        let sBs = Kernels.dot(s.readOnly, product.readOnly)
        var sy = Kernels.dot(s.readOnly, y.readOnly)
        guard sBs > 0, sBs.isFinite, sy.isFinite else {
            resetHessian()
            return
        }
        if sy < 0.2 * sBs {
            let theta = 0.8 * sBs / (sBs - sy)
            for j in 0..<n { y[j] = theta * y[j] + (1 - theta) * product[j] }
            sy = Kernels.dot(s.readOnly, y.readOnly)
        }
        guard sy > 0 else {
            resetHessian()
            return
        }
        cblas_dsyr(CblasRowMajor, CblasLower, Int32(n), -1 / sBs, product.pointer, 1, b, Int32(n))
        cblas_dsyr(CblasRowMajor, CblasLower, Int32(n), 1 / sy, y.pointer, 1, b, Int32(n))
        hessianIsInitial = false
    }

    /// A zero QP step: x stays, λ = λ⁺ (the QP's optimality conditions at d = 0 are x's KKT conditions).
    func takeMultipliersWithoutStep() {
        swap(&multipliers, &qpMultipliers)
        stationarySteps += 1
    }

    /// The KKT measures at the current x with λ = `multipliers` into `stationarity` and `measures`.
    private func measure(_ state: IterationState) {
        lagrangianGradient(gradient: state.gradient, jacobian: jacobian, into: lagrangian)
        stationarity = bounds.map { $0.projectedGradientNorm(x: state.x.readOnly, gradient: lagrangian.readOnly) }
            ?? Kernels.maxAbs(lagrangian.readOnly, threads: state.threads)
        measures = ConstraintMeasures.of(values: values, lower: lower, upper: upper, multipliers: multipliers)
    }

    /// Whether x with the multipliers λ⁺ of the QP just solved at x passes the run's KKT test (violation
    /// and complementarity ≤ `tolerance`, stationarity ≤ gtol); if so λ = λ⁺. SLSQP too tests convergence
    /// on the QP's answer at x before any line search (Kraft 1988: its |∇fᵀd| + Σ|λᵢcᵢ| < acc). ∇f, c and J
    /// at x are known, so the test costs no evaluation; without it the KKT test saw λ⁺ only at x + d, after
    /// a step (f, ∇f, c and J there) that confirmed a point already within tolerance. False: nothing changes.
    func acceptsQPMultipliers(_ state: IterationState, tolerance: Double) -> Bool {
        swap(&multipliers, &qpMultipliers)
        measure(state)
        if stationarity <= state.gradientTolerance && measures.violation <= tolerance
            && measures.complementarity <= tolerance
        {
            return true
        }
        swap(&multipliers, &qpMultipliers)
        measure(state)
        return false
    }

    /// The KKT measures at the current x with λ = `multipliers`, to the driver.
    func report(_ state: IterationState, tolerance: Double) {
        self.tolerance = tolerance
        measure(state)
        state.reportStationarity(stationarity, status: .convergedKKT)
        state.reportConstraints(
            violation: measures.violation,
            feasible: measures.violation <= tolerance && measures.complementarity <= tolerance)
    }

    var outcome: ConstraintOutcome {
        ConstraintOutcome(
            values: values, multipliers: multipliers, violation: measures.violation, stationarity: stationarity,
            complementarity: measures.complementarity, evaluations: 0, jacobianEvaluations: 0, jacobianProducts: 0)
    }

    /// The method's own stopping tests at the new iterate (the driver's KKT test comes first): SLSQP's
    /// |Δf| test, the stalled relaxation, a zero step (of an unrelaxed QP: a relaxed one that gives no
    /// step leads to the restoration phase instead).
    func ownTests(_ state: IterationState, tolerance: Double, accuracy: Double, stallIterations: Int,
                  relaxed: Bool, moved: Bool) -> (status: Status, test: String)?
    {
        let violation = measures.violation
        var numbers: String {
            "violation \(NumberStyle.format(violation)), ‖P(x − ∇L) − x‖∞ = "
                + "\(NumberStyle.format(stationarity)), complementarity \(NumberStyle.format(measures.complementarity))"
        }
        if !moved {
            if stationarySteps >= 2 {
                return (.convergedStep, "the QP step is zero at x but the KKT measures stay above tolerance: "
                    + numbers)
            }
            return nil
        }
        let change = abs(state.value - state.previousValue)
        if violation <= tolerance && accuracy > 0 && change <= accuracy * max(1, abs(state.value)) {
            return (.convergedFunctionChange, "SLSQP's test: |Δf| = \(NumberStyle.format(change)) ≤ acc·max(1, |f|) "
                + "with the violation ≤ ctol, before the KKT test passed; \(numbers)")
        }
        if relaxed && violation > tolerance && relaxedStreak >= stallIterations {
            if violation > 0.99 * streakStartViolation {
                return (.infeasible, "the QP needed the relaxation for \(relaxedStreak) iterations while the violation "
                    + "went from \(NumberStyle.format(streakStartViolation)) to \(NumberStyle.format(violation)) "
                    + "(δ = \(NumberStyle.format(delta))); \(numbers)")
            }
            relaxedStreak = 0
        }
        return nil
    }
}
