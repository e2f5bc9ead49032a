/// A line search minimizes, approximately, φ(α) = f(x + α d) for α > 0, given φ(0) and
/// φ'(0) = ∇f(x)ᵀd < 0.
///
/// On success the accepted point x + α d and its gradient are in `trialX` and
/// `trialGradient` (so the solver never re-evaluates them) and the returned `LineSearchStep`
/// carries α, φ(α) and φ'(α). On failure it throws a `LineSearchFailure` that says why; the
/// caller's current iterate is untouched. Every line search bounds its own evaluations.
public protocol LineSearch {
    /// Name and parameters for people, e.g. "Moré–Thuente (c1 = 1e-4, c2 = 0.9)".
    var summary: String { get }

    /// Checks the parameters in one place; the error names the parameter and its range.
    func validate() throws(InvalidParameter)

    /// Why this line search cannot work on `objective` (the exact line search needs a
    /// quadratic), or nil when it can.
    func unsupportedReason<O: Objective>(for objective: O) -> Unsupported?

    /// - Parameters:
    ///   - objective: the (counted) objective.
    ///   - line: x, d, φ(0), φ'(0) and the buffers for the trial point.
    ///   - initialStep: the first α to try (> 0).
    mutating func search<O: Objective>(
        _ objective: O, along line: SearchLine, initialStep: Double
    ) throws(LineSearchFailure) -> LineSearchStep
}

extension LineSearch where Self: Configurable {
    /// The parameter table's ranges, then `validateRest()`.
    public func validate() throws(InvalidParameter) { try validateParameters() }
}

extension LineSearch {
    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? { nil }

    /// Searches along `direction` from the state's current iterate (φ'(0) = `slope`); the
    /// accepted point is left in the state's trial buffers. A failure becomes the solver's.
    public mutating func search<O: Objective>(
        _ objective: O, from state: IterationState, along direction: Vector,
        slope: Double, initialStep: Double
    ) throws(SolverFailure) -> LineSearchStep {
        do {
            return try search(
                objective, along: SearchLine(state: state, direction: direction, slope0: slope),
                initialStep: initialStep)
        } catch {
            throw .lineSearch(error)
        }
    }
}

/// What a line search is given: the ray x + α d and where to put the trial point.
public struct SearchLine {
    public let x: Vector
    public let direction: Vector
    /// φ(0) = f(x).
    public let value0: Double
    /// φ'(0) = ∇f(x)ᵀd.
    public let slope0: Double
    public let trialX: Vector
    public let trialGradient: Vector
    /// The solver's iteration (0 for the first step): what a fixed step's schedule counts.
    public let iteration: Int
    /// Threads the trial point's pass may be split between (the run's; the same bits on any count).
    public var threads = 1

    public init(
        x: Vector, direction: Vector, value0: Double, slope0: Double, trialX: Vector, trialGradient: Vector,
        iteration: Int = 0
    ) {
        self.x = x
        self.iteration = iteration
        self.direction = direction
        self.value0 = value0
        self.slope0 = slope0
        self.trialX = trialX
        self.trialGradient = trialGradient
    }

    /// The line from the state's current iterate along `direction`, with φ'(0) = `slope0`.
    public init(state: IterationState, direction: Vector, slope0: Double) {
        self.init(x: state.x, direction: direction, value0: state.value, slope0: slope0,
                  trialX: state.trialX, trialGradient: state.trialGradient, iteration: state.iteration)
        threads = state.threads
    }

    /// For a search inside a box (L-BFGS-B's `lnsrlb`): trial points are clipped into `box`, so
    /// rounding never puts them outside, and α = 1 gives exactly `unitStepPoint` (x + d as the
    /// solver formed it, with its variables exactly on their bounds). nil: the plain ray.
    public var feasibility: (box: Bounds, unitStepPoint: Vector)?

    /// Evaluates φ at α: writes x + α d (see `feasibility`) and ∇f there into the trial buffers.
    /// - Returns: φ(α) and φ'(α) = ∇f(x + α d)ᵀd.
    @inlinable public func evaluate<O: Objective>(_ objective: O, at alpha: Double) -> (value: Double, slope: Double) {
        writeTrialPoint(at: alpha)
        let f = objective.valueAndGradient(at: trialX.readOnly, gradient: trialGradient.storage)
        return (f, trialGradient.dot(direction))
    }

    /// Evaluates φ at α, and φ'(α) too unless ∇f costs f evaluations of its own (a
    /// `DifferencedObjective` with `valueEvaluationsPerGradient` > 0, issue 27): then only f, and
    /// the slope is nil until `completeSlope` differences ∇f at this point. A search calls that
    /// only when it needs φ'(α) or accepts α, so a trial rejected on f costs one f evaluation. For
    /// an analytic gradient this is `evaluate` (the same single fused call, the same iterates).
    /// - Returns: φ(α), and φ'(α) or nil.
    @inlinable public func probe<O: Objective>(_ objective: O, at alpha: Double) -> (value: Double, slope: Double?) {
        guard let differenced = objective as? any DifferencedObjective, differenced.valueEvaluationsPerGradient > 0
        else {
            let (f, g) = evaluate(objective, at: alpha)
            return (f, g)
        }
        writeTrialPoint(at: alpha)
        return (objective.value(at: trialX.readOnly), nil)
    }

    /// φ'(α) at the point `probe` left in the trial buffers, whose φ(α) = `value`: differences ∇f
    /// there into `trialGradient` (f is not evaluated again). Only after a `probe` that returned
    /// no slope.
    @inlinable public func completeSlope<O: Objective>(_ objective: O, value: Double) -> Double {
        guard let differenced = objective as? any DifferencedObjective else {
            _ = objective.valueAndGradient(at: trialX.readOnly, gradient: trialGradient.storage)
            return trialGradient.dot(direction)
        }
        differenced.gradient(at: trialX.readOnly, value: value, into: trialGradient.storage)
        return trialGradient.dot(direction)
    }

    /// Writes x + α d (see `feasibility`) into `trialX`.
    @inlinable func writeTrialPoint(at alpha: Double) {
        if let feasibility, alpha == 1 {
            Kernels.copy(feasibility.unitStepPoint.readOnly, into: trialX.storage)
        } else {
            Kernels.addScaled(x.readOnly, alpha, direction.readOnly, into: trialX.storage, threads: threads)
            feasibility?.box.clip(trialX.storage)
        }
    }
}

/// An accepted step.
public struct LineSearchStep: Sendable, Equatable {
    /// α.
    public var stepLength: Double
    /// φ(α) = f(x + α d).
    public var value: Double
    /// φ'(α) = ∇f(x + α d)ᵀd.
    public var slope: Double
    /// φ evaluations this search spent.
    public var evaluations: Int
}

/// Why a line search gave up.
public enum LineSearchFailure: Error, Equatable, CustomStringConvertible {
    /// φ'(0) ≥ 0 (or not finite): d is not a descent direction.
    case notDescentDirection(slope: Double)
    /// The evaluation budget of one search ran out before the conditions held.
    case evaluationLimit(evaluations: Int)
    /// The interval of uncertainty or the step fell below what floating point resolves:
    /// rounding errors prevent further progress along d.
    case roundingErrors(stepLength: Double)
    /// The step reached the largest step allowed while f kept decreasing.
    case stepAtMaximum(stepLength: Double)
    /// Every trial was lower than the last, up to the largest step allowed (which scales with the
    /// first trial step): f decreases along d as far as the search may look — f is unbounded
    /// below, or its minimizer lies beyond that step. The trial buffers hold that point and f
    /// there (`value`); `minimize` accepts it and ends the run with status `unbounded`.
    case unboundedBelow(stepLength: Double, value: Double)
    /// The step reached the smallest step allowed without meeting the conditions.
    case stepAtMinimum(stepLength: Double)
    /// φ was NaN or ±∞ at every step tried, down to the smallest.
    case nonFiniteValue(stepLength: Double)
    /// dᵀQd ≤ 0 on a quadratic (the exact search): the parabola φ has no minimizer.
    case nonPositiveCurvature(Double)
    /// A fixed step (no search) led to a non-finite f or ∇f: the iteration diverged.
    case fixedStepDiverged(stepLength: Double)

    public var description: String {
        switch self {
        case .notDescentDirection(let s): "not a descent direction (φ'(0) = \(s))"
        case .evaluationLimit(let n): "no acceptable step within \(n) evaluations"
        case .roundingErrors(let a): "rounding errors prevent progress (α = \(a))"
        case .stepAtMaximum(let a): "step reached the maximum α = \(a) with f still decreasing"
        case .unboundedBelow(let a, let v):
            "f kept decreasing up to the largest step α = \(NumberStyle.format(a)) (f = \(NumberStyle.format(v))): "
                + "f appears unbounded below along the direction"
        case .stepAtMinimum(let a): "step reached the minimum α = \(a)"
        case .nonFiniteValue(let a): "f or ∇f is not finite along the direction (last α tried = \(a))"
        case .nonPositiveCurvature(let c): "non-positive curvature dᵀQd = \(c) along the direction"
        case .fixedStepDiverged(let a):
            "fixed step η = \(a): f or ∇f is not finite at the next iterate (the iteration diverged; a smaller step "
                + "may converge)"
        }
    }
}
