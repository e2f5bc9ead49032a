/// Why an objective could not be evaluated at all (as opposed to evaluating to NaN): an
/// external program that died, answered malformed JSON or nothing in time, a closure whose
/// gradient had the wrong length — or the user's Ctrl-C cutting an evaluation short.
public struct EvaluationFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// One line for people, naming the cause (and the program's line, where there was one).
    public let message: String
    /// True when the evaluation was cut short by an interruption rather than a fault.
    public let isInterruption: Bool

    public init(_ message: String, isInterruption: Bool = false) {
        self.message = message
        self.isInterruption = isInterruption
    }

    public var description: String { message }
}

/// An objective whose evaluations can fail for reasons outside the mathematics. Once
/// `failure` is set it stays set: later evaluations return NaN without doing any work, the
/// driver ends the run with status `evaluationFailed` (or `interrupted`) and the last accepted
/// iterate, and evaluations after the failure are not counted.
public protocol FallibleObjective: Objective {
    /// The failure that ended evaluation, once one happened.
    var failure: EvaluationFailure? { get }
}
