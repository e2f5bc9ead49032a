import CLapack

/// Sequential quadratic programming with a line search on the ℓ₁ merit function, in the manner of
/// SLSQP: D. Kraft, "A software package for sequential quadratic programming", DFVLR-FB 88-28, 1988;
/// Nocedal & Wright, *Numerical Optimization*, 2nd ed., Algorithm 18.3. It minimizes f(x) subject
/// to l ≤ c(x) ≤ u (equalities where l = u) and the box. One iteration is one `step`:
///
/// 1. The QP (N&W eq. 18.11): min ½dᵀBd + ∇fᵀd s.t. l ≤ c + Jd ≤ u, the box l_x ≤ x + d ≤ u_x and
///    |dⱼ| ≤ 1e4·max(1, ‖x‖∞) (`SQPWork.stepBound`), solved densely by Goldfarb & Idnani's dual
///    method (`DualActiveSetQP`). Its multipliers are λ⁺ (L = f + λᵀc).
/// 2. When the linearization is inconsistent (the QP has no feasible d), SLSQP's relaxation (Kraft
///    1988; scipy's slsqp_optmz.f, "augmented problem for inconsistent linearization"): a variable
///    δ ∈ [0, 1] with weight ½ρ_δδ² (ρ_δ = `relaxation-weight`, 100 as in SLSQP, ×10 up to five times
///    if still inconsistent), each row becoming l ≤ c + Jd − δv ≤ u with v the signed violation at
///    x, so (d, δ) = (0, 1) is always feasible: the step then reduces the violation by the fraction
///    1 − δ of its linearization. When that gives no step (δ = 1, or its step fails the line search),
///    a restoration phase (`SQPRestoration`) minimizes ½‖v‖² until the violation has fallen by 10 %.
/// 3. Penalties of the merit function φ(x) = f + Σρᵢ|vᵢ(x)|: ρᵢ = max(|λᵢ⁺|, ½(ρᵢ + |λᵢ⁺|)) (SLSQP's
///    rule, after Powell 1978), from ρ = 0; its directional derivative along d is
///    D = ∇fᵀd − (1 − δ)Σρᵢ|vᵢ| (N&W eq. 18.29 with the relaxation).
/// 4. Armijo backtracking from α = 1: accept when φ(x + αd) ≤ φ(x) + ηαD (η = 0.1, as SLSQP);
///    otherwise α ← α·min(0.5, max(0.1, α*/α)) with α* the minimizer of the quadratic interpolating
///    φ(0), D and φ(α), up to `max-line-search` trials (N&W §3.5); a trial costs f and c (an analytic ∇f
///    comes with f in one fused call), a differenced ∇f and J are evaluated at the accepted point only
///    (`SQPWork.backtrack`). Every trial x + αd lies in the box
///    (the QP keeps x + d in it, and the box is convex; rounding is clipped). When it fails, or D ≥ 0,
///    B is reset to I and the iteration retried once; a second failure ends the run
///    `line-search-failed` (SLSQP instead accepts the last trial after ten).
/// 5. The damped BFGS update of B ≈ ∇²L (Powell, "A fast algorithm for nonlinearly constrained
///    optimization calculations", Numerical Analysis Dundee 1977, LNM 630, 1978; N&W Procedure 18.2):
///    s = x⁺ − x, y = ∇L(x⁺, λ⁺) − ∇L(x, λ⁺); r = θy + (1 − θ)Bs with θ = 1 if sᵀy ≥ 0.2sᵀBs, else
///    θ = 0.8sᵀBs/(sᵀBs − sᵀy); B ← B − BssᵀB/sᵀBs + rrᵀ/sᵀr. B₀ = I (as SLSQP); B is reset to I
///    when it stops being positive definite in floating point (the QP's Cholesky fails).
///
/// Stopping: `converged-kkt` when the violation and complementarity of (x, λ) are ≤ `ctol` and
/// ‖P(x − (∇f + Jᵀλ)) − x‖∞ ≤ gtol (the driver's test; λ the last QP's multipliers, also tried with
/// those of the QP just solved at x before any step, `SQPWork.acceptsQPMultipliers`); SLSQP's own
/// test (`converged-f-change`, its |f − f₀| < acc with the violation small): when x is feasible to
/// `ctol` and |Δf| ≤ `acc`·max(1, |f|), a distinct status so that a run it ends is not mistaken for a
/// KKT point; `infeasible` when the violation stays above `ctol` where ½‖v‖² is stationary (in the
/// restoration phase), or the QP needed the relaxation for `stall-iterations` iterations in a row
/// without the violation falling by 1 % over them; `converged-step` when the QP's step is zero
/// twice without the KKT test passing. Memory: B, the QP's G, J = L⁻ᵀQ and R ((n + 1)² each) and
/// two m × n Jacobians; O(n³) per iteration (Cholesky and triangular inverse of G).
public struct SQP: ConstrainedSolver, Configurable {
    /// Feasibility (and complementarity) tolerance, in the constraints' units.
    public var constraintTolerance: Double
    /// Kraft's acc: the relative change of f below which a feasible run ends `converged-f-change`.
    public var functionAccuracy: Double
    /// ρ_δ, the weight of the relaxation variable.
    public var relaxationWeight: Double
    /// Trials per line search.
    public var maxLineSearch: Int
    /// Relaxed iterations in a row without progress that end a run `infeasible`.
    public var stallIterations: Int

    /// The largest n: five (n + 1)² matrices must fit.
    public static let maxDimension = 20_000

    private var work: SQPWork?
    private var pendingStop: (status: Status, test: String)?

    public init(constraintTolerance: Double = 1e-6, functionAccuracy: Double = 1e-14, relaxationWeight: Double = 100,
                maxLineSearch: Int = 20, stallIterations: Int = 5) {
        self.constraintTolerance = constraintTolerance
        self.functionAccuracy = functionAccuracy
        self.relaxationWeight = relaxationWeight
        self.maxLineSearch = maxLineSearch
        self.stallIterations = stallIterations
    }

    public var summary: String {
        "SQP (damped BFGS from I, Goldfarb–Idnani QP, ℓ₁ merit, relaxation weight "
            + "\(NumberStyle.format(relaxationWeight)))"
    }

    public static var parameters: [Parameter<SQP>] {
        [
            .real("ctol", \.constraintTolerance, .above(0), "constraint violation (and complementarity) tolerance"),
            .real(
                "acc", \.functionAccuracy, .atLeast(0),
                "Kraft's acc: a feasible run whose |Δf| ≤ acc·max(1, |f|) ends converged-f-change (0: never)"),
            .real("relaxation-weight", \.relaxationWeight, .above(0), "ρ_δ: weight of the QP's relaxation variable"),
            .integer("max-line-search", \.maxLineSearch, 1...1000, "trial points per line search"),
            .integer(
                "stall-iterations", \.stallIterations, 1...1_000_000,
                "relaxed iterations without 1 % less violation that end the run infeasible"),
        ]
    }

    public var constraintOutcome: ConstraintOutcome? { work?.outcome }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        let n = objective.dimension
        if n > Self.maxDimension { return .dimensionAboveLimit(dimension: n, limit: Self.maxDimension) }
        var estimate = MemoryEstimate()
        estimate.add("B, the QP's G, J and R", doubles: 4 * Double(n + 1) * Double(n + 1) + 20 * Double(n))
        return estimate.fits ? nil : .storageAboveLimit(bytes: estimate.totalBytes, limit: MemoryEstimate.limitBytes)
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        pendingStop = nil
        let w = try SQPWork(dimension: state.dimension, constraints: state.constraints, bounds: state.bounds)
        work = w
        w.evaluateConstraints(at: state.x.readOnly)
        w.report(state, tolerance: constraintTolerance)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        if let pendingStop { throw .ownTest(status: pendingStop.status, test: pendingStop.test) }
        guard let w = work else { throw .ownTest(status: .nonFiniteValue, test: "sqp stepped before start") }
        if w.restoring { return try restorationStep(state, objective: objective, work: w) }
        var attempt = 0
        var relaxed = false, moved = true
        while true {
            relaxed = try w.solveSubproblem(state, weight: relaxationWeight)
            if !relaxed && w.acceptsQPMultipliers(state, tolerance: constraintTolerance) {
                moved = false
                break
            }
            w.updatePenalties()
            let outcome: SQPLineSearchOutcome =
                relaxed && w.delta >= 1 - 1e-8
                ? .noStep : w.lineSearch(state, objective: objective, maxTrials: maxLineSearch)
            if case .accepted(let alpha, let value) = outcome {
                state.acceptTrial(value: value, stepLength: alpha)
                w.afterStep(state, relaxed: relaxed)
                break
            }
            if relaxed {
                w.enterRestoration()
                return try restorationStep(state, objective: objective, work: w)
            }
            if case .noStep = outcome {
                w.takeMultipliersWithoutStep()
                moved = false
                break
            }
            if attempt == 0 && !w.hessianIsInitial {
                w.resetHessian()
                attempt += 1
                continue
            }
            throw .ownTest(status: .lineSearchFailed, test: outcome.description)
        }
        w.report(state, tolerance: constraintTolerance)
        pendingStop = w.ownTests(
            state, tolerance: constraintTolerance, accuracy: functionAccuracy, stallIterations: stallIterations,
            relaxed: relaxed, moved: moved)
    }

    /// One step of the restoration phase (`SQPRestoration`): on ψ = ½‖v‖² until the violation has
    /// fallen to 0.9 times its value on entry, or ends `infeasible` where ψ is stationary.
    private mutating func restorationStep<O: Objective>(_ state: IterationState, objective: O, work w: SQPWork)
        throws(SolverFailure)
    {
        w.prepareSubproblem(state)
        let restoration = w.restore(state, objective: objective, maxTrials: maxLineSearch)
        guard case .accepted(let alpha, let value) = restoration else {
            let stop = w.infeasibleStop(state)
            throw .ownTest(status: stop?.status ?? .lineSearchFailed, test: stop?.test ?? "restoration: \(restoration)")
        }
        state.acceptTrial(value: value, stepLength: alpha)
        w.afterStep(state, relaxed: true, restoration: true)
        w.report(state, tolerance: constraintTolerance)
        w.leaveRestorationIfDone()
        pendingStop = w.restoring ? w.infeasibleStop(state) : nil
    }

    public mutating func finish<O: Objective>(_ state: IterationState, objective: O) -> ResultExtras? {
        guard let w = work else { return nil }
        return ResultExtras([
            .init("relaxed_subproblems", .integer(w.relaxedCount)),
            .init("restoration_phases", .integer(w.restorationPhases)),
            .init("hessian_resets", .integer(w.resets)),
            .init("qp_active_set_changes", .integer(w.qpChanges)),
        ])
    }
}
