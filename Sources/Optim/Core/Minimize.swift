import Foundation

/// The callback's answer.
public enum CallbackAction: Sendable {
    case proceed
    /// End the run (status `stoppedByCallback`).
    case stop
    /// End the run because the user asked (Ctrl-C; status `interrupted`).
    case interrupt

    /// The status of a run that this answer ends, or nil to go on.
    var status: Status? {
        switch self {
        case .proceed: nil
        case .stop: .stoppedByCallback
        case .interrupt: .interrupted
        }
    }
}

/// Why `minimize` refused to start.
public enum MinimizeError: Error, Equatable, CustomStringConvertible {
    case dimensionMismatch(objective: Int, start: Int)
    /// The problem's bounds are not of the objective's dimension.
    case boundsMismatch(objective: Int, bounds: Int)
    /// The problem has bounds and the solver cannot take them (it is not a `BoundedSolver`).
    case boundsNotSupported(solver: String)
    /// The problem has general constraints and the solver cannot take them (it is not a
    /// `ConstrainedSolver`).
    case constraintsNotSupported(solver: String)
    /// The constraints are not of the objective's dimension.
    case constraintsMismatch(objective: Int, constraints: Int)
    case invalidParameter(InvalidParameter)
    /// The solver or its line search cannot work on this objective.
    case unsupported(Unsupported)
    /// The system refused the memory of the run's buffers (the driver's or the solver's).
    case outOfMemory(AllocationFailure)

    public var description: String {
        switch self {
        case .dimensionMismatch(let n, let m):
            "the starting point has \(m) elements but the objective has dimension \(n)"
        case .boundsMismatch(let n, let m): "the bounds have \(m) entries but the objective has dimension \(n)"
        case .boundsNotSupported(let solver): "\(solver) cannot take bounds: it minimizes over all of ℝⁿ"
        case .constraintsNotSupported(let solver): "\(solver) cannot take general constraints"
        case .constraintsMismatch(let n, let m):
            "the constraints are functions of \(m) variables but the objective has dimension \(n)"
        case .invalidParameter(let p): p.description
        case .unsupported(let reason): "unsupported: \(reason)"
        case .outOfMemory(let failure): failure.description
        }
    }
}

/// Minimizes `objective` from `x0` with `solver`: the one driver every solver runs under.
///
/// It evaluates f and ∇f at x₀ (projected into `bounds` when the problem has some), then
/// iterates `solver.step` and after each iteration checks, in this order: non-finite values,
/// the first-order optimality measure (‖∇f‖∞, or the one the solver reports through
/// `IterationState.reportStationarity`) ≤ gradientTolerance, the relative f change, the step
/// size, the callback; before each iteration the cancellation, iteration, evaluation and time
/// limits. A `DerivativeFreeSolver` gets f alone at x₀ and no gradient test (its gradient norm is
/// NaN throughout).
/// Evaluations are counted by a `CountedObjective` around `objective`, so the counts in the
/// result are exact whatever the solver and line search do.
///
/// - Parameters:
///   - objective: the function; its `dimension` must equal `x0.count`.
///   - x0: the starting point.
///   - bounds: the box the problem is posed on (nil: none); only a `BoundedSolver` takes it.
///   - solver: the method (configuration; its memory is rebuilt by `start`).
///   - options: stopping rules and trace frequency.
///   - callback: called with the iterate's trace entry at x₀ (iteration 0) and after every
///     iteration, the last one included; return `.stop` to end the run (status `stoppedByCallback`, unless another
///     rule fired at the same iterate).
public func minimize<O: Objective, S: Solver>(
    _ objective: O, from x0: [Double], bounds: Bounds? = nil, constraints: (any ConstraintFunctions)? = nil,
    using solver: S, options: Options = Options(),
    callback: ((TraceEntry) -> CallbackAction)? = nil
) throws(MinimizeError) -> OptimizationResult {
    var solver = solver
    return try minimize(
        objective, from: x0, bounds: bounds, constraints: constraints, using: &solver, options: options,
        callback: callback)
}

/// `minimize` that leaves the solver as it is after the last iteration, so its memory (the
/// BFGS matrix, the L-BFGS pairs) can be inspected — and, with `inspect`, at every iterate:
/// it is called with the state and the solver once the solver has started (iteration 0) and
/// after every iteration, before the callback.
public func minimize<O: Objective, S: Solver>(
    _ objective: O, from x0: [Double], bounds: Bounds? = nil, constraints: (any ConstraintFunctions)? = nil,
    using solver: inout S, options: Options = Options(),
    inspect: ((IterationState, S) -> Void)? = nil,
    callback: ((TraceEntry) -> CallbackAction)? = nil
) throws(MinimizeError) -> OptimizationResult {
    guard x0.count == objective.dimension else {
        throw .dimensionMismatch(objective: objective.dimension, start: x0.count)
    }
    if let bounds {
        guard bounds.dimension == objective.dimension else {
            throw .boundsMismatch(objective: objective.dimension, bounds: bounds.dimension)
        }
        guard solver is any BoundedSolver else { throw .boundsNotSupported(solver: solver.summary) }
        // Finite differences that do not know the box yet are told it, so f is never evaluated outside.
        if let confinable = objective as? any BoxConfinableObjective, confinable.confinement != bounds {
            let confined = confinable.confinedObjective(to: bounds)
            if (confined as? any BoxConfinableObjective)?.confinement == bounds {
                return try minimize(
                    confined, from: x0, bounds: bounds, constraints: constraints, using: &solver, options: options,
                    inspect: inspect, callback: callback)
            }
        }
    }
    if let constraints {
        guard constraints.dimension == objective.dimension else {
            throw .constraintsMismatch(objective: objective.dimension, constraints: constraints.dimension)
        }
        guard solver is any ConstrainedSolver else { throw .constraintsNotSupported(solver: solver.summary) }
    }
    do {
        try options.validate()
        try solver.validate()
    } catch { throw .invalidParameter(error) }
    if let reason = solver.unsupportedReason(for: objective) { throw .unsupported(reason) }
    if let bounds, let bounded = solver as? any BoundedSolver, let reason = bounded.unsupportedReason(bounds: bounds) {
        throw .unsupported(reason)
    }

    let counted = CountedObjective(objective)
    if options.recordValues {
        // One pair per evaluation: room for the evaluation limit when it is modest, so nothing grows per evaluation.
        var history = ValueHistory()
        history.reserve(min(options.maxEvaluations ?? 0, 1 << 20))
        counted.history = history
    }
    let gradientTolerance = options.gradientTolerance ?? solver.defaultGradientTolerance(for: objective)
    // A bounded problem starts from x₀'s projection into its box (`Solver.startingPoint`).
    let state: IterationState
    let start = solver.startingPoint(x0, bounds: bounds)
    do { state = try IterationState(x0: start, bounds: bounds, threads: options.threads) } catch {
        throw .outOfMemory(error)
    }
    let countedConstraints = constraints.map { CountedConstraints($0) }
    state.constraints = countedConstraints
    state.gradientTolerance = gradientTolerance
    let started = DispatchTime.now().uptimeNanoseconds
    func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) * 1e-9 }

    var trace: [TraceEntry] = []
    var gradientNorm = Double.nan
    func report() -> TraceEntry {
        var entry = TraceEntry(iteration: state.iteration, value: state.value, gradientNorm: gradientNorm,
                               stepLength: state.stepLength, valueEvaluations: counted.valueEvaluations,
                               gradientEvaluations: counted.gradientEvaluations, seconds: elapsed())
        entry.violation = state.constraintViolation
        return entry
    }
    func record(_ entry: TraceEntry) { trace.append(entry) }

    // A derivative-free method has no gradient norm (NaN): only f must be finite.
    let derivativeFree = solver is any DerivativeFreeSolver
    func finite() -> Bool { state.value.isFinite && (derivativeFree || gradientNorm.isFinite) }
    if derivativeFree {
        state.evaluateCurrentValue(counted)
    } else {
        state.evaluateCurrent(counted)
        gradientNorm = Kernels.maxAbs(state.gradient.readOnly, threads: state.threads)
    }
    let startable = finite()
    if startable {
        do { try solver.start(state, objective: counted) } catch { throw .outOfMemory(error) }
        gradientNorm = derivativeFree ? .nan : state.currentStationarity().norm
    }
    let initial = report()
    record(initial)
    if startable { inspect?(state, solver) }
    let initialAction = callback?(initial) ?? .proceed

    var status: Status?
    var detail: String?
    if !finite() {
        status = .nonFiniteValue
        detail = "f or ∇f is not finite at the starting point (f = \(state.value))"
    } else if gradientNorm <= gradientTolerance, state.isFeasible {
        status = state.currentStationarity().status
    } else if let ended = initialAction.status {
        status = ended
    }
    if let failure = counted.failure {
        status = failure.isInterruption ? .interrupted : .evaluationFailed
        detail = failure.message
    }

    while status == nil {
        if options.cancellation?.isCancelled == true { status = .interrupted; break }
        if state.iteration >= options.maxIterations { status = .iterationLimit; break }
        if let limit = options.maxEvaluations, counted.valueEvaluations >= limit { status = .evaluationLimit; break }
        if let limit = options.timeLimit, elapsed() >= limit { status = .timeLimit; break }

        do {
            try solver.step(state, objective: counted)
        } catch {
            // An evaluation that failed outright explains the failure better than its NaN did.
            if let failure = counted.failure {
                status = failure.isInterruption ? .interrupted : .evaluationFailed
                detail = failure.message
            } else if case .lineSearch(.unboundedBelow(let alpha, let value)) = error, value.isFinite {
                // The search followed f down to its largest step: that point (in the trial
                // buffers, with its own f and ∇f) is the run's last iterate.
                state.acceptTrial(value: value, stepLength: alpha)
                state.iteration += 1
                gradientNorm = state.currentStationarity().norm
                let current = report()
                if options.traceEvery > 0 && state.iteration % options.traceEvery == 0 { record(current) }
                inspect?(state, solver)
                _ = callback?(current)
                status = .unbounded
                detail = error.description
            } else {
                status = error.status
                detail = error.description
            }
            break
        }
        state.iteration += 1
        let stationarity = state.currentStationarity()
        gradientNorm = derivativeFree ? .nan : stationarity.norm
        let current = report()
        if options.traceEvery > 0 && state.iteration % options.traceEvery == 0 { record(current) }
        inspect?(state, solver)
        let action = callback?(current) ?? .proceed

        if let failure = counted.failure {
            // The step was accepted from evaluations made before the failure: keep it, stop here.
            status = failure.isInterruption ? .interrupted : .evaluationFailed
            detail = failure.message
        } else if !finite() {
            // Line searches only accept finite points; this guards solvers that take fixed steps.
            status = .nonFiniteValue
            detail = "f or ∇f is not finite at iteration \(state.iteration) (f = \(state.value))"
        } else if gradientNorm <= gradientTolerance, state.isFeasible {
            status = stationarity.status
        } else if options.functionTolerance > 0,
            abs(state.previousValue - state.value) / max(abs(state.previousValue), abs(state.value), 1)
                <= options.functionTolerance
        {
            status = .convergedFunctionChange
        } else if options.stepTolerance > 0,
                  Kernels.maxAbsDifference(state.x.readOnly, state.trialX.readOnly) <= options.stepTolerance {
            status = .convergedStep
        } else if let ended = action.status {
            status = ended
        }
    }

    var extras: ResultExtras?
    if startable {
        state.mayEvaluate = counted.failure == nil
        extras = solver.finish(state, objective: counted)
        if state.mayEvaluate && trace.last?.iteration == state.iteration { trace[trace.count - 1].value = state.value }
    }
    if trace.last?.iteration != state.iteration { record(report()) }
    var outcome = startable ? (solver as? any ConstrainedSolver)?.constraintOutcome : nil
    if let countedConstraints {
        outcome?.evaluations = countedConstraints.evaluations
        outcome?.jacobianEvaluations = countedConstraints.jacobianEvaluations
        outcome?.jacobianProducts = countedConstraints.jacobianProducts
        outcome?.hessianProducts = countedConstraints.hessianProducts
    }
    var result = OptimizationResult(
        solver: solver.summary, x: state.x.array, value: state.value, gradient: state.gradient.array,
        gradientNorm: gradientNorm,
        iterations: state.iteration, valueEvaluations: counted.valueEvaluations,
        gradientEvaluations: counted.gradientEvaluations, hessianEvaluations: counted.hessianEvaluations,
        hessianVectorProducts: counted.hessianVectorProducts, jacobianEvaluations: counted.jacobianEvaluations,
        seconds: elapsed(),
        objectiveSeconds: counted.objectiveSeconds, status: status ?? .iterationLimit, detail: detail, trace: trace,
        extras: extras.flatMap { $0.isEmpty ? nil : $0 })
    result.differenceEvaluations = counted.differenceEvaluations
    result.constraints = outcome
    result.valueHistory = counted.history
    return result
}
