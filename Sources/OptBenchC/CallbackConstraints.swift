import COptBench
import Optim
import Problems

/// The general constraints of an `optbench_problem` (`optbench_problem_set_constraints`).
struct ConstraintCallbacks {
    var lower: [Double]
    var upper: [Double]
    var linear: [Bool]
    var values: optbench_constraints_fn
    var jacobian: optbench_constraint_jacobian_fn
    var user: UnsafeMutableRawPointer?
}

/// Constraints whose values and dense Jacobian are C callbacks, for one run: a callback that returns
/// nonzero fails the run's objective (`CallbackObjective.call`), so the driver ends the run as for a
/// failed f, and every later evaluation is NaN without calling back. Products Jv and Jᵀw are formed
/// here from one Jacobian callback (with the values callback for Jᵀw), so each counted evaluation is
/// one call (two for Jᵀw).
final class CallbackConstraints: ConstraintFunctions {
    let callbacks: ConstraintCallbacks
    let objective: CallbackObjective
    let dimension: Int
    /// J for products, m × n row-major.
    private let dense: UnsafeMutableBufferPointer<Double>

    init(_ callbacks: ConstraintCallbacks, objective: CallbackObjective) {
        self.callbacks = callbacks
        self.objective = objective
        dimension = objective.dimension
        dense = .allocate(capacity: max(callbacks.lower.count * dimension, 1))
        dense.initialize(repeating: 0)
    }

    deinit { dense.deallocate() }

    var count: Int { callbacks.lower.count }
    var lower: [Double] { callbacks.lower }
    var upper: [Double] { callbacks.upper }
    var isLinear: [Bool] { callbacks.linear }
    var descriptions: [String] {
        (0..<count).map { i in
            lower[i] == upper[i] ? "c[\(i + 1)] == \(lower[i])" : "\(lower[i]) <= c[\(i + 1)] <= \(upper[i])"
        }
    }

    func values(at x: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>) {
        let callback = callbacks.values, user = callbacks.user
        guard objective.failure == nil,
            objective.call("constraints", { callback(x.baseAddress, values.baseAddress, user) })
        else { return values.update(repeating: .nan) }
    }

    func jacobian(at x: UnsafeBufferPointer<Double>, into jacobian: UnsafeMutableBufferPointer<Double>) {
        let callback = callbacks.jacobian, user = callbacks.user
        guard objective.failure == nil,
            objective.call("constraint-jacobian", { callback(x.baseAddress, jacobian.baseAddress, user) })
        else { return jacobian.update(repeating: .nan) }
    }

    func valuesAndTransposeProduct(
        at x: UnsafeBufferPointer<Double>, values: UnsafeMutableBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>, weight: (_ i: Int, _ value: Double) -> Double
    ) {
        self.values(at: x, into: values)
        jacobian(at: x, into: dense)
        DenseConstraintJacobian.addTransposeProduct(
            dense, count: count, dimension: dimension, values: values, weight: weight, into: out)
    }

    func product(
        at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        jacobian(at: x, into: dense)
        DenseConstraintJacobian.product(dense, count: count, dimension: dimension, direction: v, into: out)
    }
}

@_cdecl("optbench_problem_set_constraints")
public func optbenchProblemSetConstraints(
    _ handle: OpaquePointer?, _ m: Int, _ lower: UnsafePointer<Double>?, _ upper: UnsafePointer<Double>?,
    _ values: optbench_constraints_fn?, _ jacobian: optbench_constraint_jacobian_fn?, _ user: UnsafeMutableRawPointer?
) -> Int32 {
    let name = "optbench_problem_set_constraints"
    guard let p = Handle.object(handle, as: ProblemHandle.self) else {
        return failed(OPTBENCH_EINVAL, "the problem is NULL")
    }
    guard m > 0 else {
        p.constraints = nil
        return OPTBENCH_OK
    }
    guard let values, let jacobian else {
        return failed(OPTBENCH_EINVAL, "\(name): both the values and the Jacobian callbacks are needed")
    }
    let low = lower.map { Array(UnsafeBufferPointer(start: $0, count: m)) } ?? Array(repeating: -.infinity, count: m)
    let high = upper.map { Array(UnsafeBufferPointer(start: $0, count: m)) } ?? Array(repeating: .infinity, count: m)
    for i in 0..<m {
        if low[i].isNaN || high[i].isNaN || low[i] > high[i] || low[i] == .infinity || high[i] == -.infinity {
            return failed(
                OPTBENCH_EOPTION,
                "\(name): constraint \(i) has lower \(low[i]) and upper \(high[i]); expected lower ≤ upper, "
                    + "not NaN, -INFINITY/INFINITY for no side")
        }
    }
    p.constraints = ConstraintCallbacks(
        lower: low, upper: high, linear: Array(repeating: false, count: m), values: values, jacobian: jacobian,
        user: user)
    return OPTBENCH_OK
}

@_cdecl("optbench_problem_set_linear_constraints")
public func optbenchProblemSetLinearConstraints(_ handle: OpaquePointer?, _ linear: UnsafePointer<Int32>?) -> Int32 {
    guard let p = Handle.object(handle, as: ProblemHandle.self) else {
        return failed(OPTBENCH_EINVAL, "the problem is NULL")
    }
    guard var constraints = p.constraints else {
        return failed(OPTBENCH_EINVAL, "optbench_problem_set_linear_constraints: set the constraints first")
    }
    let m = constraints.lower.count
    constraints.linear = linear.map { UnsafeBufferPointer(start: $0, count: m).map { $0 != 0 } }
        ?? Array(repeating: false, count: m)
    p.constraints = constraints
    return OPTBENCH_OK
}
