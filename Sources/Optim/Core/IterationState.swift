/// The generic per-iteration data every solver shares (the solver keeps its own memory).
///
/// `x`, `gradient`, `value` are the current accepted iterate. A line search writes its trial
/// points into `trialX` / `trialGradient`; the solver calls `acceptTrial` to make the trial
/// the new iterate, which swaps the buffers (O(1)), so after acceptance `trialX` and
/// `trialGradient` hold the previous iterate until the next trial overwrites them.
public final class IterationState {
    public let dimension: Int
    public private(set) var x: Vector
    public private(set) var gradient: Vector
    public private(set) var value: Double
    /// Scratch for the line search's trial point.
    public private(set) var trialX: Vector
    /// Scratch for the gradient at the trial point.
    public private(set) var trialGradient: Vector
    /// Completed iterations.
    public internal(set) var iteration = 0
    /// α of the last accepted step (0 before the first).
    public private(set) var stepLength = 0.0
    /// f before the last accepted step.
    public private(set) var previousValue = Double.nan
    /// The box the problem is posed on (`minimize(…, bounds:)`), or nil: the problem's, not the
    /// method's; only solvers that take bounds (`BoundedSolver`) run on a bounded problem.
    public let bounds: Bounds?
    /// Threads the run may split its long vector passes between (`Options.threads`; the same
    /// bits on any count).
    public let threads: Int
    /// The first-order optimality measure at the current iterate and the status it gives when
    /// it is within the gradient tolerance, as the solver reported it (`reportStationarity`) for
    /// this iterate; nil until it does. The driver then uses ‖∇f‖∞ and `convergedGradient`.
    /// Accepting a trial clears it.
    public private(set) var stationarity: Stationarity?
    /// False once an evaluation of the objective has failed (an external program): `finish`
    /// must then not evaluate it again.
    public internal(set) var mayEvaluate = true
    /// The general constraints of the problem (`minimize(…, constraints:)`), counted; nil: none.
    /// Only a `ConstrainedSolver` runs on a constrained problem.
    public internal(set) var constraints: (any ConstraintFunctions)?
    /// The run's gradient tolerance (`Options.gradientTolerance` or the solver's default): a
    /// method that runs inner solves (the augmented Lagrangian) tightens theirs towards it.
    public internal(set) var gradientTolerance = 1e-6
    /// The constraint violation at the current iterate, as a constrained solver reported it
    /// (`reportConstraints`); nil for unconstrained runs.
    public private(set) var constraintViolation: Double?
    /// Whether the current iterate satisfies the constraints to the solver's tolerance: the
    /// driver's stationarity test fires only then. Always true for unconstrained runs.
    public private(set) var isFeasible = true

    /// Takes x0 and allocates every buffer the driver and line searches need.
    /// - Throws: the system refused the memory.
    public init(x0: [Double], bounds: Bounds? = nil, threads: Int = 1) throws(AllocationFailure) {
        dimension = x0.count
        self.bounds = bounds
        self.threads = max(1, threads)
        x = try Vector(allocating: x0)
        gradient = try Vector(allocating: x0.count)
        trialX = try Vector(allocating: x0.count)
        trialGradient = try Vector(allocating: x0.count)
        value = .nan
    }

    /// Evaluates f and ∇f at x (the driver does this once, at x0).
    public func evaluateCurrent<O: Objective>(_ objective: O) {
        value = objective.valueAndGradient(at: x.readOnly, gradient: gradient.storage)
    }

    /// Evaluates f alone at x and marks ∇f unknown (NaN) at x and in the trial buffer (the
    /// driver does this once, at x0, for a `DerivativeFreeSolver`).
    public func evaluateCurrentValue<O: Objective>(_ objective: O) {
        value = objective.value(at: x.readOnly)
        gradient.storage.update(repeating: .nan)
        trialGradient.storage.update(repeating: .nan)
    }

    /// Replaces f at the current x by a fresh evaluation of it (`Solver.finish`).
    public func refreshValue(_ newValue: Double) { value = newValue }

    /// Makes (trialX, trialValue, trialGradient) the current iterate.
    /// - Parameters:
    ///   - value: f(trialX).
    ///   - stepLength: the α that produced trialX.
    public func acceptTrial(value newValue: Double, stepLength alpha: Double) {
        swap(&x, &trialX)
        swap(&gradient, &trialGradient)
        previousValue = value
        value = newValue
        stepLength = alpha
        stationarity = nil
    }

    /// Sets the first-order optimality measure of the current iterate (an ∞-norm that the
    /// driver tests against the gradient tolerance and the trace and result report as the
    /// gradient norm) and the status it gives when within tolerance: a solver whose measure is
    /// not ‖∇f‖∞ calls this in `start` and after accepting each step (OWL-QN: its
    /// pseudo-gradient; L-BFGS-B: the projected gradient; a constrained method: its KKT residual).
    public func reportStationarity(_ norm: Double, status: Status) {
        stationarity = Stationarity(norm: norm, status: status)
    }

    /// Sets the constraint violation of the current iterate (the trace shows it) and whether it
    /// is within the solver's tolerance (the driver's stationarity test waits for it).
    public func reportConstraints(violation: Double, feasible: Bool) {
        constraintViolation = violation
        isFeasible = feasible
    }

    /// The measure the driver tests: the solver's, or ‖∇f‖∞ and `convergedGradient`.
    func currentStationarity() -> Stationarity {
        stationarity
            ?? Stationarity(norm: Kernels.maxAbs(gradient.readOnly, threads: threads), status: .convergedGradient)
    }
}
