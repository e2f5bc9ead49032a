/// Parameters several solvers share, declared once: the limited memory m of L-BFGS, OWL-QN and
/// L-BFGS-B, and the trial-step rule of the solvers that start each line search from a
/// proposed α (nonlinear CG, gradient descent).
public protocol LimitedMemorySolver: Solver, Configurable {
    /// m, the number of (s, y) pairs kept.
    var memory: Int { get set }
}

extension Parameter where Root: LimitedMemorySolver {
    /// m ≤ 2000 keeps the (m+1)² inner-product matrices under 64 MB.
    public static var memory: Parameter { .integer("memory", \.memory, 1...2000, "(s, y) pairs kept, m") }
}

/// A solver that proposes the first trial step of each line search by an `InitialStepRule`.
public protocol TrialStepSolver: Solver, Configurable {
    var initialStep: InitialStepRule { get set }
}

extension Parameter where Root: TrialStepSolver {
    public static var initialStep: Parameter {
        .choice("initial-step", \.initialStep, "first trial step of each search: N&W eq. 3.60, or Hager–Zhang's I0/I2",
                shapesTrialStep: true)
    }
}
