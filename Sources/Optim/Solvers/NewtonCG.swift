/// Line-search Newton-CG (truncated Newton), N&W Algorithm 7.1 (Dembo & Steihaug 1983): the
/// direction is CG on ∇²f p = −g, from z₀ = 0, r₀ = g, d₀ = −g, stopped
/// - when ‖rⱼ‖ ≤ εₖ = min(½, √‖g‖)·‖g‖ (the forcing sequence ηₖ = min(½, √‖g‖), N&W eq. 7.3,
///   superlinear convergence): p = zⱼ;
/// - at the first direction of non-positive curvature dⱼᵀ∇²f dⱼ ≤ 0: p = zⱼ, or p = −g
///   when that happens at j = 0;
/// - after n iterations: p = zₙ;
///
/// then a line search along p from α = 1. Hessian-free: one Hessian-vector product per CG
/// iteration (`HessianProducts`: the objective's own products, or dsymv on a dense Hessian
/// formed once per iterate). scipy's `Newton-CG` runs the same iteration.
public struct NewtonCG<Search: LineSearch>: Solver {
    public var lineSearch: Search
    private var products = HessianProducts()
    private var z = Vector(count: 0)
    private var r = Vector(count: 0)
    private var d = Vector(count: 0)
    private var bd = Vector(count: 0)
    /// CG iterations of the last direction.
    public private(set) var lastInnerIterations = 0

    public init(lineSearch: Search) {
        self.lineSearch = lineSearch
    }

    public var summary: String { "Newton-CG (truncated, ηₖ = min(½, √‖g‖)) + \(lineSearch.summary)" }

    public func validate() throws(InvalidParameter) { try lineSearch.validate() }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        if let refusal = HessianProducts.unsupportedReason(for: objective) { return refusal }
        return lineSearch.unsupportedReason(for: objective).map(Unsupported.lineSearch)
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) {
        products.start(objective: objective)
        let n = state.dimension
        z = Vector(count: n)
        r = Vector(count: n)
        d = Vector(count: n)
        bd = Vector(count: n)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        try products.prepare(state, objective: objective)
        let g = state.gradient
        let gNorm = g.norm2
        let tolerance = min(0.5, gNorm.squareRoot()) * gNorm
        z.storage.update(repeating: 0)
        Kernels.copy(g.readOnly, into: r.storage)
        Kernels.scaled(-1, g.readOnly, into: d.storage)
        var rr = gNorm * gNorm
        lastInnerIterations = 0
        for j in 0..<state.dimension {
            lastInnerIterations += 1
            products.multiply(d, into: bd, at: state, objective: objective)
            let curvature = d.dot(bd)
            guard curvature.isFinite else { throw .nonFiniteCurvature(curvature) }
            if curvature <= 0 {
                if j == 0 { Kernels.scaled(-1, g.readOnly, into: z.storage) }
                break
            }
            let alpha = rr / curvature
            Kernels.axpy(alpha, d.readOnly, z.storage)
            Kernels.axpy(alpha, bd.readOnly, r.storage)
            let rrNext = r.dot(r)
            if rrNext.squareRoot() <= tolerance { break }
            Kernels.scal(rrNext / rr, d.storage)
            Kernels.axpy(-1, r.readOnly, d.storage)
            rr = rrNext
        }
        let slope = g.dot(z)
        let accepted = try lineSearch.search(objective, from: state, along: z, slope: slope, initialStep: 1)
        state.acceptTrial(value: accepted.value, stepLength: accepted.stepLength)
    }
}
