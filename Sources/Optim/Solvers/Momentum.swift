/// Gradient descent with heavy-ball momentum (Polyak 1964):
///   vₜ = γ vₜ₋₁ + η ∇f(θₜ₋₁),   θₜ = θₜ₋₁ − vₜ,   v₀ = 0.
/// One evaluation per iteration, no line search. On a quadratic with eigenvalues in [μ, L],
/// η = 4/(√L + √μ)² and γ = ((√κ − 1)/(√κ + 1))² give the optimal asymptotic rate
/// (√κ − 1)/(√κ + 1), κ = L/μ.
public struct Momentum: Solver {
    /// η > 0.
    public var learningRate: Double
    /// γ ∈ [0, 1).
    public var momentum: Double
    public let name = "momentum"

    private var velocity = Vector(count: 0)

    public init(learningRate: Double, momentum: Double = 0.9) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    public var summary: String { "heavy-ball momentum (η = \(learningRate), γ = \(momentum))" }

    public func validate() throws(InvalidParameter) {
        try InvalidParameter.require(learningRate > 0 && learningRate.isFinite, "learningRate", learningRate, "a number > 0")
        try InvalidParameter.require(momentum >= 0 && momentum < 1, "momentum", momentum, "0 ≤ γ < 1")
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) {
        velocity = Vector(count: state.dimension)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        let v = velocity.pointer, g = state.gradient.pointer, x = state.x.pointer, next = state.trialX.pointer
        let eta = learningRate, gamma = momentum
        for i in 0..<state.dimension {
            v[i] = gamma * v[i] + eta * g[i]
            next[i] = x[i] - v[i]
        }
        let f = objective.valueAndGradient(at: state.trialX.readOnly, gradient: state.trialGradient.storage)
        guard f.isFinite, state.trialGradient.maxAbs.isFinite else { throw .nonFiniteStep }
        state.acceptTrial(value: f, stepLength: eta)
    }
}
