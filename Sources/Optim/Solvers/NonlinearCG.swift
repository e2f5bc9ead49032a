/// The β rules of nonlinear conjugate gradient, dₖ₊₁ = −gₖ₊₁ + βₖ dₖ, with yₖ = gₖ₊₁ − gₖ
/// (N&W section 5.2; Hager & Zhang, "A survey of nonlinear conjugate gradient methods", 2006).
public enum BetaRule: String, Sendable, CaseIterable {
    /// Fletcher–Reeves (1964): ‖gₖ₊₁‖² / ‖gₖ‖².
    case fletcherReeves = "fr"
    /// Polak–Ribière (1969): gₖ₊₁ᵀyₖ / ‖gₖ‖².
    case polakRibiere = "pr"
    /// Polak–Ribière+ (Gilbert & Nocedal 1992): max(0, β_PR).
    case polakRibierePlus = "pr+"
    /// Hestenes–Stiefel (1952): gₖ₊₁ᵀyₖ / dₖᵀyₖ.
    case hestenesStiefel = "hs"
    /// Dai–Yuan (1999): ‖gₖ₊₁‖² / dₖᵀyₖ.
    case daiYuan = "dy"
    /// Hager–Zhang (2005, eqs. 1.2–1.7): (yₖ − 2dₖ‖yₖ‖²/dₖᵀyₖ)ᵀgₖ₊₁ / dₖᵀyₖ, bounded below by
    /// ηₖ = −1 / (‖dₖ‖ min(η, ‖gₖ‖)), η = 0.01.
    case hagerZhang = "hz"
}

/// Nonlinear conjugate gradient with a line search (N&W Algorithm 5.4 and section 5.2).
///
/// Restarts (dₖ₊₁ = −gₖ₊₁): every `restartEvery` iterations (default n), when Powell's test
/// |gₖ₊₁ᵀgₖ| ≥ 0.2‖gₖ₊₁‖² finds the gradients far from orthogonal (N&W eq. 5.52), and whenever
/// dₖ₊₁ is not a descent direction. Use a Wolfe line search with c2 = 0.1 (N&W §5.2) so that
/// the directions stay descent directions.
public struct NonlinearCG<Search: LineSearch>: Solver {
    public var beta: BetaRule
    public var lineSearch: Search
    public var initialStep: InitialStepRule
    /// Restart period; nil means n.
    public var restartEvery: Int?
    /// Powell's restart test on/off.
    public var powellRestart: Bool

    private var direction = Vector(count: 0)
    private var difference = Vector(count: 0)
    private var previousSlope = Double.nan
    private var sinceRestart = 0

    public init(
        beta: BetaRule = .polakRibierePlus, lineSearch: Search, initialStep: InitialStepRule = .previousDecrease,
        restartEvery: Int? = nil, powellRestart: Bool = true
    ) {
        self.beta = beta
        self.lineSearch = lineSearch
        self.initialStep = initialStep
        self.restartEvery = restartEvery
        self.powellRestart = powellRestart
    }

    public var summary: String { "nonlinear CG (β = \(beta.rawValue)) + \(lineSearch.summary)" }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        lineSearch.unsupportedReason(for: objective).map(Unsupported.lineSearch)
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        direction = try Vector(allocating: state.dimension)
        difference = try Vector(allocating: state.dimension)
        previousSlope = .nan
        sinceRestart = 0
    }

    /// βₖ for the current gradient g, the previous gradient and direction.
    private func betaValue(gradient g: Vector, previous: Vector, direction d: Vector) -> Double {
        let y = difference
        Kernels.addScaled(g.readOnly, -1, previous.readOnly, into: y.storage)
        let gg = g.dot(g)
        switch beta {
        case .fletcherReeves: return gg / previous.dot(previous)
        case .polakRibiere: return g.dot(y) / previous.dot(previous)
        case .polakRibierePlus: return max(0, g.dot(y) / previous.dot(previous))
        case .hestenesStiefel: return g.dot(y) / d.dot(y)
        case .daiYuan: return gg / d.dot(y)
        case .hagerZhang:
            let dy = d.dot(y)
            let raw = (g.dot(y) - 2 * y.dot(y) * d.dot(g) / dy) / dy
            let lowerBound = -1 / (d.norm2 * min(0.01, previous.norm2))
            return max(raw, lowerBound)
        }
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        let g = state.gradient, d = direction
        // After the previous acceptance `trialGradient` still holds gₖ (IterationState's swap).
        let previous = state.trialGradient
        let period = restartEvery ?? state.dimension
        var restart = previousSlope.isNaN || sinceRestart >= period
        if !restart && powellRestart && abs(g.dot(previous)) >= 0.2 * g.dot(g) { restart = true }
        var slope = 0.0
        if !restart {
            let b = betaValue(gradient: g, previous: previous, direction: d)
            let dp = d.pointer, gp = g.pointer
            for i in 0..<d.count { dp[i] = -gp[i] + b * dp[i] }
            slope = g.dot(d)
            if !(slope < 0) { restart = true }
        }
        if restart {
            Kernels.scaled(-1, g.readOnly, into: d.storage)
            slope = -g.dot(g)
            sinceRestart = 0
        }
        let initial = initialStep.trialStep(state: state, previousSlope: previousSlope, slope: slope)
        let accepted = try lineSearch.search(objective, from: state, along: d, slope: slope, initialStep: initial)
        state.acceptTrial(value: accepted.value, stepLength: accepted.stepLength)
        previousSlope = slope
        sinceRestart += 1
    }
}

extension NonlinearCG: TrialStepSolver {
    public static var parameters: [Parameter<NonlinearCG>] {
        [
            .choice(
                "beta", \.beta, "β rule: Fletcher–Reeves, Polak–Ribière, PR+, Hestenes–Stiefel, Dai–Yuan, Hager–Zhang"),
            .initialStep,
        ]
    }

    public func validateRest() throws(InvalidParameter) {
        if let restartEvery {
            try InvalidParameter.require(restartEvery >= 1, "restartEvery", restartEvery, "an integer ≥ 1")
        }
        try lineSearch.validate()
    }
}
