/// Levenberg–Marquardt without the Jacobian, for sums of squares that offer only Gauss–Newton
/// products Gv = 2Jᵀ(Jv) (`GaussNewtonProductObjective`: an MLP with the squared-error head).
///
/// - The step solves (G + λI)p = −∇f by truncated CG (N&W Alg. 7.1: from 0, stopped when the
///   residual is below εₖ = min(½, √‖∇f‖)·‖∇f‖, or after n iterations; G + λI is positive
///   definite for λ > 0) — the damped Gauss–Newton system of Martens 2010 ("Deep learning via
///   Hessian-free optimization", ICML), whose curvature products are Schraudolph's.
/// - The gain ratio ρ = (f(x) − f(x + p)) / (m(0) − m(p)), m(p) = f + ∇fᵀp + ½pᵀGp the
///   Gauss–Newton model (= ‖r + Jp‖²), decides: ρ > 0 accepts p and sets λ ← λ·max(⅓, 1 − (2ρ − 1)³),
///   ν ← 2; otherwise p is rejected, λ ← λν, ν ← 2ν and the step is solved again (Nielsen 1999,
///   "Damping parameter in Marquardt's method", IMM-REP-1999-05, DTU; Madsen, Nielsen &
///   Tingleff 2004, "Methods for non-linear least squares problems", Alg. 3.16).
/// - λ₀ = 10⁻³·∇fᵀG∇f / ∇fᵀ∇f: Nielsen's τ·max (JᵀJ)ᵢᵢ with τ = 10⁻³, the Rayleigh quotient of G
///   along ∇f standing in for the diagonal, which products do not give (one product, at x₀).
/// - pᵀGp needs no extra product: CG's residual is ρ_cg = ∇f + (G + λI)p, so pᵀGp = pᵀ(ρ_cg − ∇f) − λ‖p‖².
///
/// Each trial costs its CG products (counted as Hessian-vector products) and one f-and-∇f
/// evaluation at x + p. MINPACK's ftol test ends the run (`converged-f-change`) when the
/// actual and predicted relative reductions of f are both ≤ ftol; λ beyond 10²⁰·λ₀ without an
/// accepted step ends it as `radius-collapsed` (the damping is an inverse trust radius).
struct MatrixFreeLevenbergMarquardt {
    let reductionTolerance: Double
    private var cg = TruncatedCG()
    private(set) var lambda = 0.0
    private var initialLambda = 0.0
    private var growth = 2.0
    private var pendingTest: SolverFailure?

    init(reductionTolerance: Double) {
        self.reductionTolerance = reductionTolerance
    }

    mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        cg.gaussNewtonDamping = 0
        cg.start(objective: objective)
        pendingTest = nil
        growth = 2
        // λ₀ from one product G∇f, with CG's buffers as scratch (d = −∇f, bd = −G∇f).
        _ = cg.restart(gradient: state.gradient)
        let curvature = (try? cg.curvature(at: state, objective: objective)) ?? .nan
        let g2 = state.gradient.dot(state.gradient)
        lambda = curvature.isFinite && curvature > 0 && g2 > 0 ? 1e-3 * curvature / g2 : 1e-3
        initialLambda = lambda
    }

    mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        if let pendingTest { throw pendingTest }
        let g = state.gradient, f = state.value, format = NumberStyle.format
        while true {
            cg.gaussNewtonDamping = lambda
            _ = try cg.truncatedNewtonDirection(state, objective: objective)
            let p = cg.z, slope = g.dot(p)
            let curvature = p.dot(cg.r) - slope - lambda * p.dot(p)
            let predicted = -(slope + 0.5 * curvature)
            Kernels.addScaled(state.x.readOnly, 1, p.readOnly, into: state.trialX.storage)
            var trial = objective.valueAndGradient(at: state.trialX.readOnly, gradient: state.trialGradient.storage)
            if !trial.isFinite || !Kernels.maxAbs(state.trialGradient.readOnly).isFinite { trial = .infinity }
            let ratio = predicted > 0 ? (f - trial) / predicted : -1
            let actualRelative = f != 0 ? (f - trial) / f : 0, predictedRelative = f != 0 ? predicted / f : 0
            if abs(actualRelative) <= reductionTolerance && predictedRelative <= reductionTolerance && ratio <= 2 {
                pendingTest = .ownTest(
                    status: .convergedFunctionChange,
                    test: "MINPACK ftol test: actual and predicted relative reductions of f, "
                        + "\(format(actualRelative)) and \(format(predictedRelative)), are ≤ ftol = "
                            + "\(format(reductionTolerance))"
                )
            }
            if ratio > 0 {
                let t = 2 * ratio - 1
                lambda *= max(1.0 / 3, 1 - t * t * t)
                growth = 2
                state.acceptTrial(value: trial, stepLength: 1)
                return
            }
            if let pendingTest { throw pendingTest }
            lambda *= growth
            growth *= 2
            guard lambda <= 1e20 * initialLambda else {
                throw .ownTest(
                    status: .radiusCollapsed,
                    test: "the damping λ = \(format(lambda)) grew past 10²⁰·λ₀ without a step that reduces f")
            }
        }
    }
}
