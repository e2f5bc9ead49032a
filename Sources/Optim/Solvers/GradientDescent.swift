/// Gradient descent: dₖ = −∇f(xₖ), xₖ₊₁ = xₖ + αₖ dₖ (N&W, 2nd ed., section 3.1), with a line
/// search, or with a fixed step η (the `FixedStep` line search).
///
/// The first trial step of each search follows `initialStep` (default N&W eq. 3.60).
public struct GradientDescent<Search: LineSearch>: Solver {
    public var lineSearch: Search
    public var initialStep: InitialStepRule

    private var direction = Vector(count: 0)
    private var previousSlope = Double.nan

    public init(lineSearch: Search, initialStep: InitialStepRule = .previousDecrease) {
        self.lineSearch = lineSearch
        self.initialStep = initialStep
    }

    public var summary: String { "gradient descent + \(lineSearch.summary)" }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        lineSearch.unsupportedReason(for: objective).map(Unsupported.lineSearch)
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        direction = try Vector(allocating: state.dimension)
        previousSlope = .nan
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        let g = state.gradient
        let d = direction
        Kernels.scaled(-1, g.readOnly, into: d.storage)
        let slope = -g.dot(g)
        let initial = initialStep.trialStep(state: state, previousSlope: previousSlope, slope: slope)
        let accepted = try lineSearch.search(objective, from: state, along: d, slope: slope, initialStep: initial)
        state.acceptTrial(value: accepted.value, stepLength: accepted.stepLength)
        previousSlope = slope
    }
}

extension GradientDescent: TrialStepSolver {
    public static var parameters: [Parameter<GradientDescent>] { [.initialStep] }

    public func validateRest() throws(InvalidParameter) { try lineSearch.validate() }
}
