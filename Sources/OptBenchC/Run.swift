import Bench
import COptBench
import Optim

/// An `optbench_result`: the run's `OptimizationResult` with C copies of what the accessors
/// hand out (stable pointers until the result is freed).
final class ResultHandle {
    let result: OptimizationResult
    let status: CString
    let detail: CString
    let message: CString
    let solver: CString
    let x: UnsafeMutableBufferPointer<Double>
    let gradient: UnsafeMutableBufferPointer<Double>
    /// The trace's columns, in `optbench_trace_column` order.
    let trace: [UnsafeMutableBufferPointer<Double>]
    /// The solver's inverse-Hessian approximation after the run (InverseHessian.swift).
    let inverseHessian: InverseHessianCopy
    /// Powell's direction set after the run, n × n row-major; nil for other solvers.
    let directions: UnsafeMutableBufferPointer<Double>?
    /// A constrained run's c(x) and λ (m each); nil without constraints.
    let constraintValues: UnsafeMutableBufferPointer<Double>?
    let multipliers: UnsafeMutableBufferPointer<Double>?

    init(_ result: OptimizationResult, method: any Solver) {
        inverseHessian = InverseHessianCopy(solver: method)
        directions = (method as? Powell).map { Self.copy($0.directionSet.flatMap { $0 }) }
        self.result = result
        constraintValues = result.constraints.map { Self.copy($0.values) }
        multipliers = result.constraints.map { Self.copy($0.multipliers) }
        status = CString(result.status.rawValue)
        detail = CString(result.detail ?? "")
        message = CString(result.status.explanation + (result.detail.map { ": \($0)" } ?? ""))
        solver = CString(result.solver)
        x = Self.copy(result.x)
        gradient = Self.copy(result.gradient)
        let rows = result.trace
        trace = [
            Self.copy(rows.map { Double($0.iteration) }), Self.copy(rows.map(\.value)),
            Self.copy(rows.map(\.gradientNorm)),
            Self.copy(rows.map(\.stepLength)), Self.copy(rows.map { Double($0.valueEvaluations) }),
            Self.copy(rows.map { Double($0.gradientEvaluations) }), Self.copy(rows.map(\.seconds)),
        ]
    }

    deinit {
        x.deallocate()
        gradient.deallocate()
        for column in trace { column.deallocate() }
        inverseHessian.deallocate()
        directions?.deallocate()
        constraintValues?.deallocate()
        multipliers?.deallocate()
    }

    /// A C copy of `values` (one element at least, so the pointer is never NULL).
    static func copy(_ values: [Double]) -> UnsafeMutableBufferPointer<Double> {
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(values.count, 1))
        _ = buffer.initialize(from: values)
        return buffer
    }

    /// `optbench_status`: the header's stable numbers.
    var statusCode: Int32 {
        let code: optbench_status = switch result.status {
        case .convergedGradient: OPTBENCH_CONVERGED_GRADIENT
        case .convergedSubgradient: OPTBENCH_CONVERGED_SUBGRADIENT
        case .convergedProjectedGradient: OPTBENCH_CONVERGED_PROJECTED_GRADIENT
        case .convergedFunctionChange: OPTBENCH_CONVERGED_F_CHANGE
        case .convergedStep: OPTBENCH_CONVERGED_STEP
        case .iterationLimit: OPTBENCH_ITERATION_LIMIT
        case .evaluationLimit: OPTBENCH_EVALUATION_LIMIT
        case .timeLimit: OPTBENCH_TIME_LIMIT
        case .lineSearchFailed: OPTBENCH_LINE_SEARCH_FAILED
        case .nonFiniteValue: OPTBENCH_NON_FINITE
        case .factorizationFailed: OPTBENCH_FACTORIZATION_FAILED
        case .nonPositiveCurvature: OPTBENCH_NON_POSITIVE_CURVATURE
        case .radiusCollapsed: OPTBENCH_RADIUS_COLLAPSED
        case .stoppedByCallback: OPTBENCH_STOPPED_BY_CALLBACK
        case .interrupted: OPTBENCH_INTERRUPTED
        case .evaluationFailed: OPTBENCH_EVALUATION_FAILED
        case .epochsCompleted: OPTBENCH_EPOCHS_COMPLETED
        case .diverged: OPTBENCH_DIVERGED
        case .unbounded: OPTBENCH_UNBOUNDED
        case .convergedKKT: OPTBENCH_CONVERGED_KKT
        case .infeasible: OPTBENCH_INFEASIBLE
        case .stagnated: OPTBENCH_STAGNATED
        case .illConditioned: OPTBENCH_ILL_CONDITIONED
        }
        return Int32(bitPattern: code.rawValue)
    }
}

@_cdecl("optbench_minimize")
public func optbenchMinimize(
    _ problemHandle: OpaquePointer?, _ solverHandle: OpaquePointer?, _ x0: UnsafePointer<Double>?,
    _ callback: optbench_iteration_fn?, _ callbackUser: UnsafeMutableRawPointer?,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    guard let out else { return failed(OPTBENCH_EINVAL, "optbench_minimize: out is NULL") }
    out.pointee = nil
    guard let problem = Handle.object(problemHandle, as: ProblemHandle.self) else {
        return failed(OPTBENCH_EINVAL, "the problem is NULL")
    }
    guard let solver = Handle.object(solverHandle, as: SolverHandle.self) else {
        return failed(OPTBENCH_EINVAL, "the solver is NULL")
    }
    guard let x0 else { return failed(OPTBENCH_EINVAL, "optbench_minimize: x0 is NULL") }
    let callbacks = problem.callbacks
    guard callbacks.valueGradient != nil || (callbacks.residuals != nil && callbacks.jacobian != nil) else {
        return failed(OPTBENCH_EINVAL, "the problem has no value-gradient callback and no residuals")
    }
    let choice = solver.choice
    if problem.bounds != nil && !choice.descriptor.acceptsBounds {
        return failed(
            OPTBENCH_EUNSUPPORTED,
            RequestError.boundsNotAccepted(solver: choice.descriptor.name).message(spelling: spell))
    }
    if problem.constraints != nil && !choice.descriptor.acceptsConstraints {
        return failed(
            OPTBENCH_EUNSUPPORTED,
            RequestError.constraintsNotAccepted(solver: choice.descriptor.name).message(spelling: spell))
    }
    let objective = callbacks.objective()
    let constraints = problem.constraints.flatMap { given in
        (objective as? CallbackObjective).map { CallbackConstraints(given, objective: $0) }
    }
    if let refusal = choice.unsupported(for: objective) {
        return failed(OPTBENCH_EUNSUPPORTED, refusal.message(spelling: spell))
    }

    let start = Array(UnsafeBufferPointer(start: x0, count: callbacks.dimension))
    // The iterate and its gradient, seen by `inspect` just before each callback.
    var iterate: IterationState?
    let report: ((TraceEntry) -> CallbackAction)? = callback.map { callback in
        { entry in
            var info = optbench_iteration(
                iteration: Int64(entry.iteration), f: entry.value, gradient_norm: entry.gradientNorm,
                step_length: entry.stepLength, f_evaluations: Int64(entry.valueEvaluations),
                gradient_evaluations: Int64(entry.gradientEvaluations), seconds: entry.seconds,
                n: callbacks.dimension, x: iterate?.x.readOnly.baseAddress,
                gradient: iterate?.gradient.readOnly.baseAddress)
            let code = callback(&info, callbackUser)
            return code == 0 ? .proceed : code == OPTBENCH_INTERRUPT ? .interrupt : .stop
        }
    }
    BLASThreads.set(solver.options.threads)
    do {
        var method = choice.makeSolver()
        if let h0 = solver.initialInverseHessian {
            guard var settable = method as? any AcceptsInitialInverseHessian else {
                return failed(OPTBENCH_EOPTION, "\(choice.descriptor.name) takes no initial inverse Hessian")
            }
            do throws(InvalidParameter) { try settable.setInitialInverseHessian(h0) } catch {
                return failed(OPTBENCH_EOPTION, error.description)
            }
            method = settable
        }
        method = PreparedRun.startingGeometry(method, solver.initialSimplex, solver.directions) ?? method
        let result = try minimize(
            objective, from: start, bounds: problem.bounds, constraints: constraints, using: &method,
            options: solver.options,
            inspect: callback == nil ? nil : { state, _ in iterate = state }, callback: report)
        out.pointee = Handle.make(ResultHandle(result, method: method))
        return OPTBENCH_OK
    } catch {
        switch error {
        case .unsupported(let reason):
            let refusal = RequestError.unsupported(
                solver: choice.descriptor.name, lineSearch: choice.lineSearch?.descriptor.name, reason)
            return failed(OPTBENCH_EUNSUPPORTED, refusal.message(spelling: spell))
        case .invalidParameter(let p): return failed(OPTBENCH_EOPTION, p.description)
        default: return failed(OPTBENCH_EINVAL, error.description)
        }
    }
}

private func result(_ handle: OpaquePointer?) -> ResultHandle? { Handle.object(handle, as: ResultHandle.self) }

@_cdecl("optbench_result_status")
public func optbenchResultStatus(_ r: OpaquePointer?) -> UnsafePointer<CChar> { result(r)?.status.c ?? Messages.empty }
@_cdecl("optbench_result_status_code")
public func optbenchResultStatusCode(_ r: OpaquePointer?) -> Int32 { result(r)?.statusCode ?? -1 }
@_cdecl("optbench_result_converged")
public func optbenchResultConverged(_ r: OpaquePointer?) -> Int32 {
    result(r)?.result.status.isConverged == true ? 1 : 0
}
@_cdecl("optbench_result_detail")
public func optbenchResultDetail(_ r: OpaquePointer?) -> UnsafePointer<CChar> { result(r)?.detail.c ?? Messages.empty }
@_cdecl("optbench_result_message")
public func optbenchResultMessage(_ r: OpaquePointer?) -> UnsafePointer<CChar> {
    result(r)?.message.c ?? Messages.empty
}
@_cdecl("optbench_result_solver")
public func optbenchResultSolver(_ r: OpaquePointer?) -> UnsafePointer<CChar> { result(r)?.solver.c ?? Messages.empty }
@_cdecl("optbench_result_dimension")
public func optbenchResultDimension(_ r: OpaquePointer?) -> Int { result(r)?.result.x.count ?? 0 }
@_cdecl("optbench_result_x")
public func optbenchResultX(_ r: OpaquePointer?) -> UnsafePointer<Double>? {
    result(r).map { UnsafePointer($0.x.baseAddress!) }
}
@_cdecl("optbench_result_directions")
public func optbenchResultDirections(_ r: OpaquePointer?) -> UnsafePointer<Double>? {
    result(r)?.directions?.baseAddress.map { UnsafePointer($0) }
}
@_cdecl("optbench_result_gradient")
public func optbenchResultGradient(_ r: OpaquePointer?) -> UnsafePointer<Double>? {
    result(r).map { UnsafePointer($0.gradient.baseAddress!) }
}
@_cdecl("optbench_result_f")
public func optbenchResultF(_ r: OpaquePointer?) -> Double { result(r)?.result.value ?? .nan }
@_cdecl("optbench_result_gradient_norm")
public func optbenchResultGradientNorm(_ r: OpaquePointer?) -> Double { result(r)?.result.gradientNorm ?? .nan }
@_cdecl("optbench_result_iterations")
public func optbenchResultIterations(_ r: OpaquePointer?) -> Int64 { Int64(result(r)?.result.iterations ?? 0) }
@_cdecl("optbench_result_f_evaluations")
public func optbenchResultFEvaluations(_ r: OpaquePointer?) -> Int64 { Int64(result(r)?.result.valueEvaluations ?? 0) }
@_cdecl("optbench_result_gradient_evaluations")
public func optbenchResultGradientEvaluations(_ r: OpaquePointer?) -> Int64 {
    Int64(result(r)?.result.gradientEvaluations ?? 0)
}
@_cdecl("optbench_result_hessian_evaluations")
public func optbenchResultHessianEvaluations(_ r: OpaquePointer?) -> Int64 {
    Int64(result(r)?.result.hessianEvaluations ?? 0)
}
@_cdecl("optbench_result_hessian_vector_products")
public func optbenchResultHessianVectorProducts(_ r: OpaquePointer?) -> Int64 {
    Int64(result(r)?.result.hessianVectorProducts ?? 0)
}
@_cdecl("optbench_result_jacobian_evaluations")
public func optbenchResultJacobianEvaluations(_ r: OpaquePointer?) -> Int64 {
    Int64(result(r)?.result.jacobianEvaluations ?? 0)
}
@_cdecl("optbench_result_seconds")
public func optbenchResultSeconds(_ r: OpaquePointer?) -> Double { result(r)?.result.seconds ?? .nan }
@_cdecl("optbench_result_objective_seconds")
public func optbenchResultObjectiveSeconds(_ r: OpaquePointer?) -> Double { result(r)?.result.objectiveSeconds ?? .nan }
@_cdecl("optbench_result_trace_length")
public func optbenchResultTraceLength(_ r: OpaquePointer?) -> Int { result(r)?.result.trace.count ?? 0 }
@_cdecl("optbench_result_trace")
public func optbenchResultTrace(_ r: OpaquePointer?, _ column: Int32) -> UnsafePointer<Double>? {
    guard let handle = result(r), handle.trace.indices.contains(Int(column)) else { return nil }
    return UnsafePointer(handle.trace[Int(column)].baseAddress!)
}
@_cdecl("optbench_result_free")
public func optbenchResultFree(_ r: OpaquePointer?) { Handle.release(r) }

// MARK: constraints (a constrained run's report at x; NaN, 0 or NULL without constraints)

@_cdecl("optbench_result_constraint_count")
public func optbenchResultConstraintCount(_ r: OpaquePointer?) -> Int {
    result(r)?.result.constraints?.values.count ?? 0
}
@_cdecl("optbench_result_constraint_values")
public func optbenchResultConstraintValues(_ r: OpaquePointer?) -> UnsafePointer<Double>? {
    result(r)?.constraintValues?.baseAddress.map { UnsafePointer($0) }
}
@_cdecl("optbench_result_multipliers")
public func optbenchResultMultipliers(_ r: OpaquePointer?) -> UnsafePointer<Double>? {
    result(r)?.multipliers?.baseAddress.map { UnsafePointer($0) }
}
@_cdecl("optbench_result_constraint_violation")
public func optbenchResultConstraintViolation(_ r: OpaquePointer?) -> Double {
    result(r)?.result.constraints?.violation ?? .nan
}
@_cdecl("optbench_result_kkt_stationarity")
public func optbenchResultKKTStationarity(_ r: OpaquePointer?) -> Double {
    result(r)?.result.constraints?.stationarity ?? .nan
}
@_cdecl("optbench_result_complementarity")
public func optbenchResultComplementarity(_ r: OpaquePointer?) -> Double {
    result(r)?.result.constraints?.complementarity ?? .nan
}
@_cdecl("optbench_result_constraint_evaluations")
public func optbenchResultConstraintEvaluations(_ r: OpaquePointer?) -> Int64 {
    Int64(result(r)?.result.constraints?.evaluations ?? 0)
}
@_cdecl("optbench_result_constraint_jacobian_evaluations")
public func optbenchResultConstraintJacobianEvaluations(_ r: OpaquePointer?) -> Int64 {
    Int64(result(r)?.result.constraints?.jacobianEvaluations ?? 0)
}
@_cdecl("optbench_result_constraint_jacobian_products")
public func optbenchResultConstraintJacobianProducts(_ r: OpaquePointer?) -> Int64 {
    Int64(result(r)?.result.constraints?.jacobianProducts ?? 0)
}
