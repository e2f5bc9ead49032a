/// One row of the convergence trace; also what the `minimize` callback receives.
public struct TraceEntry: Sendable, Equatable {
    public var iteration: Int
    /// f(xₖ).
    public var value: Double
    /// The first-order optimality measure at xₖ: ‖∇f(xₖ)‖∞ unless the solver reports its own
    /// (`IterationState.reportStationarity`).
    public var gradientNorm: Double
    /// αₖ, the accepted step length of the iteration that produced xₖ (0 at iteration 0).
    public var stepLength: Double
    /// f evaluations spent up to and including this iteration.
    public var valueEvaluations: Int
    /// ∇f evaluations spent up to and including this iteration.
    public var gradientEvaluations: Int
    /// Seconds since the run started.
    public var seconds: Double
    /// The constraint violation at xₖ (`ConstraintMeasures.violation`); nil for unconstrained runs.
    public var violation: Double? = nil

    public init(iteration: Int, value: Double, gradientNorm: Double, stepLength: Double,
                valueEvaluations: Int, gradientEvaluations: Int, seconds: Double) {
        self.iteration = iteration
        self.value = value
        self.gradientNorm = gradientNorm
        self.stepLength = stepLength
        self.valueEvaluations = valueEvaluations
        self.gradientEvaluations = gradientEvaluations
        self.seconds = seconds
    }

}

/// The outcome of `minimize`. `x` is always the last accepted iterate, and `value`,
/// `gradient`, `gradientNorm` belong to it. `print(result)` shows a summary (see
/// `description`).
public struct OptimizationResult: Sendable {
    /// The solver's description, e.g. "L-BFGS (m = 10) + Moré–Thuente".
    public var solver: String
    public var x: [Double]
    public var value: Double
    /// ∇f(x), `x.count` elements (for mini-batch training: the full gradient after the last epoch).
    public var gradient: [Double]
    /// The first-order optimality measure at x that the gradient test used: ‖∇f(x)‖∞, or the
    /// solver's own (`IterationState.reportStationarity`; OWL-QN: ‖◇F(x)‖∞, L-BFGS-B on a box:
    /// ‖P(x − ∇f) − x‖∞).
    public var gradientNorm: Double
    public var iterations: Int
    /// Every evaluation of f, those inside finite differences included.
    public var valueEvaluations: Int
    /// Every ∇f, a differenced one counting as one (its f evaluations are in `valueEvaluations`).
    public var gradientEvaluations: Int
    /// Of `valueEvaluations`, those spent inside differenced gradients (0 for an analytic ∇f), so
    /// the f evaluations at trial points and iterates are `valueEvaluations − differenceEvaluations`.
    public var differenceEvaluations = 0
    /// Dense Hessians evaluated (Newton).
    public var hessianEvaluations: Int
    /// Hessian-vector products ∇²f(x)v evaluated (linear CG, the exact line search).
    public var hessianVectorProducts = 0
    /// Dense Jacobians of the residuals evaluated (Gauss–Newton, LM).
    public var jacobianEvaluations = 0
    /// Wall-clock seconds of the whole run (evaluations included).
    public var seconds: Double
    /// Of `seconds`, those spent inside the objective (f, ∇f, Hessians, products, residuals
    /// and Jacobians, Gauss–Newton products), as `CountedObjective` measured them; the rest is the solver's own
    /// work. Nil where it was not measured (mini-batch training).
    public var objectiveSeconds: Double?
    public var status: Status
    /// What exactly went wrong, for failures (e.g. the line search's own reason), or which of the
    /// solver's own tests stopped it (LM's ftol, xtol, gtol); nil otherwise.
    public var detail: String?
    public var trace: [TraceEntry]
    /// What the method alone reports about its result (`Solver.finish`), or nil.
    public var extras: ResultExtras? = nil
    /// For a constrained run: c(x), λ, the violation, KKT stationarity and complementarity, and
    /// the constraint evaluation counts; nil for unconstrained runs.
    public var constraints: ConstraintOutcome? = nil
    /// Every f evaluated, with the count at each (`Options.recordValues`); nil when not recorded.
    public var valueHistory: ValueHistory? = nil
}
