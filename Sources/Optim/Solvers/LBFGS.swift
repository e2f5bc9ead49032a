/// Limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989; N&W Algorithm 7.5).
///
/// dₖ = −Hₖ∇fₖ by the two-loop recursion over the last m pairs (see `LBFGSMemory`), with
/// H₀ = γI, γ = sₖ₋₁ᵀyₖ₋₁ / yₖ₋₁ᵀyₖ₋₁ (N&W eq. 7.20; see `InitialHessianScaling` for the
/// alternatives). A pair with sᵀy ≤ ε·(−αgᵀd) (L-BFGS-B's test, invariant under f → c·f) is skipped.
/// If dₖ is not a descent direction (rounding), or the line search fails with a non-empty
/// memory, the memory is cleared and the step is retried along −∇f with
/// α₀ = 1/‖∇f‖₂; otherwise the first trial step is α₀ = 1.
public struct LBFGS<Search: LineSearch>: Solver {
    /// m, the number of pairs kept (default 10).
    public var memory: Int
    public var lineSearch: Search
    /// ε of the pair-skipping test sᵀy ≤ ε·(−αgᵀd).
    public var curvatureThreshold: Double
    /// H₀ = γI: γ from the newest pair (default), the first pair, or 1.
    public var scaling: InitialHessianScaling

    private var pairs = LBFGSMemory(dimension: 0, capacity: 1)
    private var direction = Vector(count: 0)

    public init(
        memory: Int = 10, lineSearch: Search, curvatureThreshold: Double = .ulpOfOne,
        scaling: InitialHessianScaling = .latestPair
    ) {
        self.memory = memory
        self.lineSearch = lineSearch
        self.curvatureThreshold = curvatureThreshold
        self.scaling = scaling
    }

    public var summary: String {
        "L-BFGS (m = \(memory)\(scaling == .latestPair ? "" : ", H₀ scaling \(scaling.rawValue)")) + "
            + "\(lineSearch.summary)"
    }

    /// The most the m + 1 stored pairs and the work vectors may take: 16 GiB, or less when
    /// that is more than a run may use on this machine (`MemoryEstimate.limitBytes`).
    public static var maxStorageBytes: Double { min(16 * 1_073_741_824, MemoryEstimate.limitBytes) }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        let bytes = (2 * (Double(memory) + 1) + 2) * Double(objective.dimension) * 8
        if bytes > Self.maxStorageBytes { return .storageAboveLimit(bytes: bytes, limit: Self.maxStorageBytes) }
        return lineSearch.unsupportedReason(for: objective).map(Unsupported.lineSearch)
    }

    /// The pairs of the current run (read-only use: diagnostics).
    var memoryForInspection: LBFGSMemory { pairs }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        pairs = try LBFGSMemory.allocating(
            dimension: state.dimension, capacity: memory, curvatureThreshold: curvatureThreshold, scaling: scaling,
            threads: state.threads)
        direction = try Vector(allocating: state.dimension)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        let g = state.gradient, d = direction
        var slope = 0.0
        if pairs.count > 0 {
            slope = pairs.searchDirection(gradient: g, into: d)
            if !(slope < 0) { pairs.reset() }
        }
        var accepted: LineSearchStep
        if pairs.count > 0 {
            do {
                accepted = try lineSearch.search(objective, from: state, along: d, slope: slope, initialStep: 1)
            } catch {
                pairs.reset()
                accepted = try steepestDescentStep(state, objective: objective)
            }
        } else {
            accepted = try steepestDescentStep(state, objective: objective)
        }
        pairs.update(x: state.x, newX: state.trialX, gradient: g, newGradient: state.trialGradient)
        state.acceptTrial(value: accepted.value, stepLength: accepted.stepLength)
    }

    /// A line search along −∇f (the memory is empty).
    private mutating func steepestDescentStep<O: Objective>(
        _ state: IterationState, objective: O
    ) throws(SolverFailure) -> LineSearchStep {
        let g = state.gradient, d = direction
        Kernels.scaled(-1, g.readOnly, into: d.storage)
        return try lineSearch.search(
            objective, from: state, along: d, slope: -g.dot(g), initialStep: unscaledInitialStep(gradient: g))
    }
}

extension LBFGS: LimitedMemorySolver {
    public static var parameters: [Parameter<LBFGS>] {
        [
            .memory,
            .choice(
                "h0", \.scaling,
                "H₀ = γI with γ = sᵀy/yᵀy of the latest or the first pair, sᵀs/sᵀy of the first pair, or 1"),
        ]
    }

    public func validateRest() throws(InvalidParameter) {
        try InvalidParameter.require(
            curvatureThreshold >= 0 && curvatureThreshold.isFinite, "curvatureThreshold", curvatureThreshold,
            "a finite number ≥ 0")
        try lineSearch.validate()
    }
}
