/// Steepest descent with a line search: dₖ = −∇f(xₖ), xₖ₊₁ = xₖ + αₖ dₖ
/// (Nocedal & Wright, 2nd ed., section 3.1).
///
/// The first trial step of each search follows N&W eq. 3.60, assuming the first-order change
/// of f repeats: α₀ = αₖ₋₁ ∇fₖ₋₁ᵀdₖ₋₁ / ∇fₖᵀdₖ; on the first iteration α₀ = min(1, 1/‖∇f‖₂).
public struct GradientDescent<Search: LineSearch>: Solver {
    public var lineSearch: Search
    public let name = "gd"

    private var direction = Vector(count: 0)
    private var previousSlope = Double.nan

    public init(lineSearch: Search) {
        self.lineSearch = lineSearch
    }

    public var summary: String { "gradient descent + \(lineSearch.summary)" }

    public func validate() throws(InvalidParameter) {}

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) {
        direction = Vector(count: state.dimension)
        previousSlope = .nan
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        let g = state.gradient
        let d = direction
        Kernels.scaled(-1, g.readOnly, into: d.storage)
        let slope = -g.dot(g)
        let initial = previousSlope.isNaN ? unscaledInitialStep(gradient: g) : state.stepLength * previousSlope / slope
        do {
            let accepted = try lineSearch.search(objective, along: SearchLine(state: state, direction: d, slope0: slope), initialStep: initial)
            state.acceptTrial(value: accepted.value, stepLength: accepted.stepLength)
            previousSlope = slope
        } catch {
            throw .lineSearch(error)
        }
    }
}
