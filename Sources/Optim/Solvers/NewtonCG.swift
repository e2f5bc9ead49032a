/// Line-search Newton-CG (truncated Newton), N&W Algorithm 7.1 (Dembo & Steihaug 1983): the
/// direction is CG on ∇²f p = −g, from z₀ = 0, r₀ = g, d₀ = −g, stopped
/// - when ‖rⱼ‖ ≤ εₖ = ηₖ‖g‖ with the forcing sequence ηₖ = min(½, √(‖g‖/‖g₀‖)) (N&W eq. 7.3,
///   superlinear convergence, there min(½, √‖g‖); divided by ‖g₀‖ = ‖∇f(x₀)‖₂ so that f and s·f
///   truncate CG at the same j, issue 30): p = zⱼ;
/// - at the first direction of non-positive curvature dⱼᵀ∇²f dⱼ ≤ 0: p = zⱼ, or p = −g
///   when that happens at j = 0;
/// - after n iterations: p = zₙ;
///
/// then a line search along p from α = 1. Hessian-free: one Hessian-vector product per CG
/// iteration (`HessianProducts`: the objective's own products, or dsymv on a dense Hessian
/// formed once per iterate). scipy's `Newton-CG` runs the same iteration.
public struct NewtonCG<Search: LineSearch>: Solver {
    public var lineSearch: Search
    private var cg = TruncatedCG()
    /// The forcing sequence's scale: relative to ‖g₀‖ (the default) or scipy's absolute √‖g‖.
    public var forcing = NewtonCGForcing.relative
    /// u = ‖∇f(x₀)‖₂ of the forcing term (the type's description), 1 for `.absolute`.
    private var unit = 1.0
    /// CG iterations of the last direction.
    public private(set) var lastInnerIterations = 0

    public init(lineSearch: Search) {
        self.lineSearch = lineSearch
    }

    public var summary: String {
        "Newton-CG (truncated, ηₖ = min(½, \(forcing == .relative ? "√(‖g‖/‖g₀‖)" : "√‖g‖"))) + \(lineSearch.summary)"
    }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        if let refusal = TruncatedCG.unsupportedReason(for: objective) { return refusal }
        return lineSearch.unsupportedReason(for: objective).map(Unsupported.lineSearch)
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        cg.start(objective: objective)
        let gradientNorm = state.gradient.norm2
        unit = forcing == .relative && gradientNorm > 0 && gradientNorm.isFinite ? gradientNorm : 1
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        try cg.prepare(state, objective: objective)
        lastInnerIterations = try cg.truncatedNewtonDirection(state, objective: objective, unit: unit)
        let direction = cg.z
        let accepted = try lineSearch.search(
            objective, from: state, along: direction, slope: state.gradient.dot(direction), initialStep: 1)
        state.acceptTrial(value: accepted.value, stepLength: accepted.stepLength)
    }
}

/// Newton-CG's forcing sequence ηₖ = min(½, √(‖g‖/u)).
public enum NewtonCGForcing: String, CaseIterable, Sendable {
    /// u = ‖∇f(x₀)‖₂: CG stops at the same j on f and on s·f (issue 30).
    case relative
    /// u = 1, N&W eq. 7.3 as written and scipy's `Newton-CG` (its iterates, not scale-invariant).
    case absolute
}

extension NewtonCG: Configurable {
    public static var parameters: [Parameter<NewtonCG>] {
        [.choice("forcing", \.forcing,
                 "CG's forcing term ηₖ = min(½, √(‖g‖/u)): relative (u = ‖∇f(x₀)‖₂, invariant under f → s·f) or "
                     + "absolute (u = 1: N&W eq. 7.3 and scipy's Newton-CG)")]
    }

    public func validateRest() throws(InvalidParameter) { try lineSearch.validate() }
}
