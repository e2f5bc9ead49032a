/// An iterative minimization method. The solver value holds its configuration and its
/// algorithm memory (L-BFGS's pairs, a CG direction); the shared per-iteration data lives in
/// `IterationState`. The driver `minimize` owns the loop: it calls `start` once, then `step`
/// until a stopping rule fires, so every solver is stopped, timed and reported the same way.
public protocol Solver {
    /// Name, parameters and line search for people, e.g. "L-BFGS (m = 10) + Moré–Thuente …".
    var summary: String { get }

    /// Checks the configuration; the error names the parameter and its accepted range.
    func validate() throws(InvalidParameter)

    /// Why this solver (or its line search) cannot minimize `objective` — e.g. Newton's
    /// method without a Hessian — or nil when it can. Checked before the run starts.
    func unsupportedReason<O: Objective>(for objective: O) -> Unsupported?

    /// Prepares the algorithm memory for a run. `state` already holds x₀, f(x₀), ∇f(x₀), the
    /// problem's bounds and the run's thread count. A solver whose first-order optimality measure
    /// is not ‖∇f‖∞ reports it here and after each accepted step (`state.reportStationarity`).
    /// Its buffers are allocated with `Vector(allocating:)`: memory the system refuses is an
    /// `AllocationFailure`, which `minimize` returns as `MinimizeError.outOfMemory`.
    mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure)

    /// One iteration. On return the state holds the new accepted iterate (via
    /// `IterationState.acceptTrial`); on a throw it still holds the previous one.
    mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure)

    /// Called once after the last iteration, before the result is made: a solver whose f is a
    /// recursion (linear CG) evaluates it at the final x here, so the result's f is x's own. It
    /// returns what the method alone can say about its result (`ResultExtras`: OWL-QN's L1
    /// terms, the active bounds, a trust region's radius), or nil.
    mutating func finish<O: Objective>(_ state: IterationState, objective: O) -> ResultExtras?

    /// The driver's ‖∇f‖∞ tolerance when `Options.gradientTolerance` is nil: 1e-6 (the field's
    /// default), or what a method whose own tests stop it chooses (`lm` with a Jacobian: 0, so
    /// that MINPACK's relative tests decide, as in `lmder`).
    func defaultGradientTolerance<O: Objective>(for objective: O) -> Double

    /// The point the run starts from, given the caller's x₀ and the box: x₀ projected into the
    /// box by default; BOBYQA also moves coordinates within ρ_beg of a bound (Powell's rule).
    func startingPoint(_ x0: [Double], bounds: Bounds?) -> [Double]
}

extension Solver where Self: Configurable {
    /// The parameter table's ranges, then `validateRest()`.
    public func validate() throws(InvalidParameter) { try validateParameters() }
}

extension Solver {
    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? { nil }
    public mutating func finish<O: Objective>(_ state: IterationState, objective: O) -> ResultExtras? { nil }
    public func defaultGradientTolerance<O: Objective>(for objective: O) -> Double { 1e-6 }
    public func startingPoint(_ x0: [Double], bounds: Bounds?) -> [Double] { bounds?.project(x0) ?? x0 }
}

/// A first-order optimality measure (an ∞-norm) and the status when it is within tolerance
/// (`IterationState.reportStationarity`).
public struct Stationarity: Sendable, Equatable {
    public var norm: Double
    public var status: Status

    public init(norm: Double, status: Status) {
        self.norm = norm
        self.status = status
    }
}

/// A solver that can minimize a problem posed on a box (`minimize(…, bounds:)`; it finds the
/// box in `IterationState.bounds`). The driver refuses a bounded problem to every other solver.
public protocol BoundedSolver: Solver {
    /// Why the method cannot start on this box (BOBYQA: a width below 2ρ_beg), or nil.
    func unsupportedReason(bounds: Bounds) -> Unsupported?
}

extension BoundedSolver {
    public func unsupportedReason(bounds: Bounds) -> Unsupported? { nil }
}

/// A method that never asks for ∇f (Nelder–Mead, Powell): the driver evaluates only f at x₀,
/// leaves the gradient NaN and the gradient norm NaN (reports write null), and applies no
/// gradient test; the solver ends the run with its own test (`SolverFailure.ownTest`) or a limit.
/// Its objective's `value(at:)` is all it calls, so a problem without a gradient runs without
/// finite differences and the counts show f evaluations only.
public protocol DerivativeFreeSolver: Solver {}

/// Why a solver could not take a step.
public enum SolverFailure: Error, Equatable, CustomStringConvertible {
    case lineSearch(LineSearchFailure)
    /// A method without a line search (momentum, NAG) stepped to a point where f or ∇f is
    /// not finite; the step was not taken.
    case nonFiniteStep
    /// The Hessian has a NaN or infinite entry (Newton's method).
    case nonFiniteHessian
    /// No shift τ made ∇²f + τI factorable before τ overflowed (Newton's method).
    case factorizationFailed(shift: Double)
    /// The search direction p met pᵀQp ≤ 0 (linear CG): Q is not positive definite along p,
    /// in floating point at least.
    case nonPositiveCurvature(Double)
    /// pᵀQp is NaN or infinite (linear CG): the iterates have overflowed.
    case nonFiniteCurvature(Double)
    /// A trust-region method rejected steps until its radius fell below the floor (the radius
    /// reached, the floor).
    case radiusCollapsed(radius: Double, floor: Double)
    /// LAPACK's symmetric eigensolver did not converge (its info).
    case eigenDecompositionFailed(info: Int)
    /// The Jacobian of the residuals has a NaN or infinite entry (Gauss–Newton, LM).
    case nonFiniteJacobian
    /// Not a failure: the solver's own convergence test fired at the current iterate (MINPACK's
    /// ftol, xtol or gtol test in LM). `status` is the kind of convergence, `test` the test
    /// and its numbers.
    case ownTest(status: Status, test: String)
    /// An inner run of a method built on inner solves (the augmented Lagrangian) ended where the
    /// outer method cannot go on: `status` is the outer run's, `detail` the inner run's reason.
    case inner(status: Status, detail: String)

    /// The run's status for this failure.
    public var status: Status {
        switch self {
        case .lineSearch(.nonFiniteValue), .lineSearch(.fixedStepDiverged), .nonFiniteStep, .nonFiniteHessian,
            .nonFiniteCurvature,
            .nonFiniteJacobian:
            .nonFiniteValue
        case .ownTest(let status, _), .inner(let status, _): status
        case .lineSearch(.unboundedBelow): .unbounded
        case .lineSearch: .lineSearchFailed
        case .factorizationFailed, .eigenDecompositionFailed: .factorizationFailed
        case .nonPositiveCurvature: .nonPositiveCurvature
        case .radiusCollapsed: .radiusCollapsed
        }
    }

    public var description: String {
        switch self {
        case .lineSearch(.fixedStepDiverged(let a)): LineSearchFailure.fixedStepDiverged(stepLength: a).description
        case .lineSearch(let failure): "line search: \(failure)"
        case .nonFiniteStep: "f or ∇f is not finite at the next iterate (the step size is too large?)"
        case .nonFiniteHessian: "the Hessian has a non-finite entry"
        case .factorizationFailed(let tau): "∇²f + τI could not be factored for any shift up to τ = \(tau)"
        case .nonPositiveCurvature(let c): "non-positive curvature pᵀQp = \(c) along the search direction"
        case .nonFiniteCurvature(let c): "the curvature pᵀQp along the search direction is \(c)"
        case .eigenDecompositionFailed(let info):
            "the eigen-decomposition of the Hessian did not converge (dsyevd info \(info))"
        case .radiusCollapsed(let radius, let floor):
            "the trust radius fell to \(radius), below its floor \(floor), with every step rejected (no decrease the "
                + "model predicts is realized)"
        case .nonFiniteJacobian: "the Jacobian of the residuals has a non-finite entry"
        case .ownTest(_, let test): test
        case .inner(_, let detail): detail
        }
    }
}

/// The first trial step when there is no curvature information yet (first iteration, or
/// after a reset): α₀ = 1/‖∇f‖₂, so the first trial along −∇f moves x by exactly 1 in 2-norm,
/// as L-BFGS-B's `lnsrlb` does (stp = 1/‖d‖₂ on its first iteration; Zhu et al., ACM TOMS 23(4),
/// 1997). Unlike min(1, 1/‖∇f‖₂) (scipy's BFGS and CG: min(1, 1.01·2Δf/‖∇f‖²) with Δf = ‖∇f‖/2),
/// it is invariant under f → s·f: with ‖∇f‖ ~ 1e-50 the search starts where it would at s = 1
/// instead of 1e50 steps short (issue 30). 1 when ∇f = 0 or 1/‖∇f‖₂ is not finite.
@inlinable package func unscaledInitialStep(gradient: Vector) -> Double {
    let step = 1 / gradient.norm2
    return step.isFinite && step > 0 ? step : 1
}
