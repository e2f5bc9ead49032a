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

    /// Takes x0 and allocates every buffer the driver and line searches need.
    public init(x0: [Double]) {
        dimension = x0.count
        x = Vector(x0)
        gradient = Vector(count: x0.count)
        trialX = Vector(count: x0.count)
        trialGradient = Vector(count: x0.count)
        value = .nan
    }

    /// Evaluates f and ∇f at x (the driver does this once, at x0).
    public func evaluateCurrent<O: Objective>(_ objective: O) {
        value = objective.valueAndGradient(at: x.readOnly, gradient: gradient.storage)
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
    }
}
