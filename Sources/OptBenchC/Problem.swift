import COptBench
import Optim

/// An `optbench_problem`: the callbacks, the bounds and the constraints. Each run builds its own objective from
/// them, so a problem is never changed by a run.
final class ProblemHandle {
    var callbacks: CallbackSet
    var bounds: Bounds?
    /// General constraints l ≤ c(x) ≤ u (`optbench_problem_set_constraints`), or nil.
    var constraints: ConstraintCallbacks?

    init(dimension: Int) { callbacks = CallbackSet(dimension: dimension) }
}

private func problem(_ handle: OpaquePointer?) -> ProblemHandle? { Handle.object(handle, as: ProblemHandle.self) }

private let nullProblem = "the problem is NULL"

/// Changes the problem's callbacks; OPTBENCH_EINVAL for a NULL handle.
private func update(_ handle: OpaquePointer?, _ change: (inout CallbackSet) -> Void) -> Int32 {
    guard let p = problem(handle) else { return failed(OPTBENCH_EINVAL, nullProblem) }
    change(&p.callbacks)
    return OPTBENCH_OK
}

@_cdecl("optbench_problem_create")
public func optbenchProblemCreate(
    _ n: Int, _ valueGradient: optbench_value_gradient_fn?, _ user: UnsafeMutableRawPointer?,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    guard let out else { return failed(OPTBENCH_EINVAL, "optbench_problem_create: out is NULL") }
    out.pointee = nil
    guard n > 0 else { return failed(OPTBENCH_EINVAL, "optbench_problem_create: n must be at least 1") }
    let handle = ProblemHandle(dimension: n)
    handle.callbacks.valueGradient = valueGradient
    handle.callbacks.valueGradientUser = user
    out.pointee = Handle.make(handle)
    return OPTBENCH_OK
}

@_cdecl("optbench_problem_set_value")
public func optbenchProblemSetValue(
    _ handle: OpaquePointer?, _ value: optbench_value_fn?, _ user: UnsafeMutableRawPointer?
) -> Int32 {
    update(handle) {
        $0.value = value; $0.valueUser = user
    }
}

@_cdecl("optbench_problem_set_gradient_cost")
public func optbenchProblemSetGradientCost(_ handle: OpaquePointer?, _ valueEvaluations: Int) -> Int32 {
    update(handle) { $0.gradientCost = valueEvaluations }
}

@_cdecl("optbench_problem_set_hessian_vector")
public func optbenchProblemSetHessianVector(_ handle: OpaquePointer?, _ product: optbench_hessian_vector_fn?,
                                           _ user: UnsafeMutableRawPointer?) -> Int32 {
    update(handle) { $0.hessianVector = product; $0.hessianVectorUser = user }
}

@_cdecl("optbench_problem_set_hessian")
public func optbenchProblemSetHessian(
    _ handle: OpaquePointer?, _ hessian: optbench_hessian_fn?, _ user: UnsafeMutableRawPointer?
) -> Int32 {
    update(handle) {
        $0.hessian = hessian; $0.hessianUser = user
    }
}

@_cdecl("optbench_problem_set_residuals")
public func optbenchProblemSetResiduals(_ handle: OpaquePointer?, _ m: Int, _ residuals: optbench_residuals_fn?,
                                       _ jacobian: optbench_jacobian_fn?, _ user: UnsafeMutableRawPointer?) -> Int32 {
    guard let p = problem(handle) else { return failed(OPTBENCH_EINVAL, nullProblem) }
    guard residuals != nil && jacobian != nil else {
        return failed(OPTBENCH_EINVAL, "optbench_problem_set_residuals: both the residuals and the Jacobian are needed")
    }
    guard m > 0 else { return failed(OPTBENCH_EINVAL, "optbench_problem_set_residuals: m must be at least 1") }
    p.callbacks.residualCount = m
    p.callbacks.residuals = residuals
    p.callbacks.jacobian = jacobian
    p.callbacks.residualsUser = user
    return OPTBENCH_OK
}

@_cdecl("optbench_problem_set_bounds")
public func optbenchProblemSetBounds(
    _ handle: OpaquePointer?, _ lower: UnsafePointer<Double>?, _ upper: UnsafePointer<Double>?
) -> Int32 {
    guard let p = problem(handle) else { return failed(OPTBENCH_EINVAL, nullProblem) }
    let n = p.callbacks.dimension
    let low = lower.map { Array(UnsafeBufferPointer(start: $0, count: n)) } ?? Array(repeating: -.infinity, count: n)
    let high = upper.map { Array(UnsafeBufferPointer(start: $0, count: n)) } ?? Array(repeating: .infinity, count: n)
    do { p.bounds = try Bounds(lower: low, upper: high) } catch { return failed(OPTBENCH_EOPTION, "bounds: \(error)") }
    return OPTBENCH_OK
}

@_cdecl("optbench_problem_dimension")
public func optbenchProblemDimension(_ handle: OpaquePointer?) -> Int { problem(handle)?.callbacks.dimension ?? 0 }

@_cdecl("optbench_problem_free")
public func optbenchProblemFree(_ handle: OpaquePointer?) { Handle.release(handle) }
