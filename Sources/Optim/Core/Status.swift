/// Why a run stopped. Exactly one rule fires; the raw value is the stable name used in
/// JSON and CSV output.
public enum Status: String, Sendable, CaseIterable {
    /// ‖∇f‖∞ ≤ gradient tolerance.
    case convergedGradient = "converged-gradient"
    /// ‖◇F‖∞ ≤ gradient tolerance: the minimum-norm subgradient of F = f + λ‖x‖₁ (OWL-QN).
    case convergedSubgradient = "converged-subgradient"
    /// ‖P(x − ∇f) − x‖∞ ≤ gradient tolerance: the projected gradient on the box (L-BFGS-B).
    case convergedProjectedGradient = "converged-projected-gradient"
    /// Relative decrease of f in one iteration ≤ function tolerance.
    case convergedFunctionChange = "converged-f-change"
    /// ‖xₖ₊₁ − xₖ‖∞ ≤ step tolerance.
    case convergedStep = "converged-step"
    case iterationLimit = "iteration-limit"
    case evaluationLimit = "evaluation-limit"
    case timeLimit = "time-limit"
    /// The line search could not find an acceptable step (the detail says why).
    case lineSearchFailed = "line-search-failed"
    /// f, ∇f (or ∇²f) was NaN or ±∞ at the start, or everywhere the line search looked.
    case nonFiniteValue = "non-finite"
    /// Newton's method could not factor ∇²f + τI for any finite shift τ.
    case factorizationFailed = "factorization-failed"
    /// Linear CG met a direction of non-positive curvature (Q not positive definite along it).
    case nonPositiveCurvature = "non-positive-curvature"
    /// A trust-region method shrank its radius below its floor without an acceptable step.
    case radiusCollapsed = "radius-collapsed"
    case stoppedByCallback = "stopped-by-callback"
    /// The user asked the run to stop (Ctrl-C): the callback answered `.interrupt`, or an
    /// external objective's evaluation was cut short by the interruption.
    case interrupted = "interrupted"
    /// The objective could not be evaluated: an external program died, answered malformed
    /// JSON, a gradient of the wrong length or nothing in time (the detail says which).
    case evaluationFailed = "evaluation-failed"
    /// A stochastic (mini-batch) run finished the epochs it was asked for.
    case epochsCompleted = "epochs-completed"
    /// A stochastic (mini-batch) run's full training loss after an epoch grew past the
    /// divergence bound (`MiniBatchOptions.divergenceFactor` × the initial loss).
    case diverged = "diverged"
    /// f kept decreasing along a ray — a line search's direction, or the probes `UnboundedRay` makes
    /// past a step that showed no positive curvature — up to the largest step the solver allows (which
    /// scales with its first trial step): f appears unbounded below. x is that last, lowest point.
    case unbounded = "unbounded"
    /// A constrained run: the constraint violation ≤ the constraint tolerance and the KKT
    /// stationarity ‖∇f + Jᵀλ‖∞ (projected on the box) ≤ the gradient tolerance.
    case convergedKKT = "converged-kkt"
    /// A constrained run stopped at a local minimizer of the constraint violation that is not
    /// feasible: the violation is above the constraint tolerance and ½‖v‖² is stationary.
    case infeasible = "infeasible"
    /// A method's own no-progress test fired (CMA-ES's tolstagnation: the recent best and median f
    /// no better than earlier ones); the detail says which.
    case stagnated = "stagnated"
    /// The method's model became too ill-conditioned to go on (CMA-ES's tolconditioncov: the
    /// covariance matrix's condition number); the detail gives it.
    case illConditioned = "ill-conditioned"

    /// True for the three convergence rules.
    public var isConverged: Bool {
        switch self {
        case .convergedGradient, .convergedSubgradient, .convergedProjectedGradient, .convergedFunctionChange,
            .convergedStep, .convergedKKT:
            true
        default: false
        }
    }

    /// One sentence for people.
    public var explanation: String {
        switch self {
        case .convergedGradient: "converged: gradient norm below tolerance"
        case .convergedSubgradient: "converged: minimum-norm subgradient of f + λ‖x‖₁ below tolerance"
        case .convergedProjectedGradient: "converged: projected gradient ‖P(x − ∇f) − x‖∞ below tolerance"
        case .convergedFunctionChange: "converged: relative change of f below tolerance"
        case .convergedStep: "converged: step below tolerance"
        case .iterationLimit: "stopped: iteration limit reached"
        case .evaluationLimit: "stopped: evaluation limit reached"
        case .timeLimit: "stopped: time limit reached"
        case .lineSearchFailed: "failed: line search found no acceptable step"
        case .nonFiniteValue: "failed: non-finite function value or gradient"
        case .factorizationFailed: "failed: the shifted Hessian could not be factored"
        case .nonPositiveCurvature: "failed: non-positive curvature along the search direction"
        case .radiusCollapsed: "failed: the trust region collapsed without an acceptable step"
        case .stoppedByCallback: "stopped by callback"
        case .interrupted: "stopped: interrupted"
        case .evaluationFailed: "failed: the objective could not be evaluated"
        case .epochsCompleted: "finished the requested epochs"
        case .diverged: "failed: the training loss grew past the divergence bound"
        case .unbounded:
            "failed: f appears unbounded below (it kept decreasing along a ray up to the solver's largest step)"
        case .convergedKKT: "converged: constraints satisfied and KKT stationarity below tolerance"
        case .infeasible: "failed: a local minimizer of the constraint violation that is not feasible"
        case .stagnated: "stopped: no progress in f over the recent iterations"
        case .illConditioned: "stopped: the method's covariance or model matrix became too ill-conditioned"
        }
    }
}
