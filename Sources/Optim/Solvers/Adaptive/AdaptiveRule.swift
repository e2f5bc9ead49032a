/// One adaptive first-order update θₜ = θₜ₋₁ − ηₜ·(…) with per-coordinate state (moment
/// estimates, accumulators). The rule is configuration only (Sendable, shared by full-gradient
/// runs and mini-batch training); its state lives in an `AdaptiveMemory` allocated once per run.
///
/// Each rule writes out its update as torch.optim documents it (torch 2.x, `torch.optim.<Name>`
/// "Algorithm" box): defaults, where ε sits, and how weight decay enters are torch's; where
/// Optax differs the rule says so.
public protocol AdaptiveRule: Sendable {
    /// The method and its hyperparameters, e.g. "Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8)".
    var summary: String { get }
    /// Per-coordinate state vectors the rule keeps (m, v, …), zero at t = 0.
    var stateVectors: Int { get }
    /// Checks the hyperparameters; the error names the field and its range.
    func validate() throws(InvalidParameter)
    /// Step t = `memory.step` + 1 (which it records): `next` = θₜ from `x` = θₜ₋₁, the
    /// gradient g at θₜ₋₁ and the learning rate η of this step. `next` may be `x` itself.
    /// Allocates nothing.
    func apply(_ memory: AdaptiveMemory, x: UnsafePointer<Double>, gradient: UnsafePointer<Double>, learningRate: Double,
               into next: UnsafeMutablePointer<Double>, count: Int)
}

/// The state of an adaptive rule over one run: its vectors, zero at the start, and the count
/// of steps taken.
public final class AdaptiveMemory {
    public let vectors: [Vector]
    /// Steps taken so far (t of the last update).
    public var step = 0
    /// A running product the rule may keep (Nadam's Πμᵢ), 1 at the start.
    public var product = 1.0

    public init(dimension: Int, vectors count: Int) {
        vectors = (0..<count).map { _ in Vector(count: dimension) }
    }
}

extension AdaptiveRule {
    /// The update as a closure over a fresh memory for `dimension` parameters (mini-batch
    /// training calls it once per batch; it allocates nothing).
    func updater(dimension: Int) -> (UnsafePointer<Double>, UnsafePointer<Double>, Double, UnsafeMutablePointer<Double>) -> Void {
        let memory = AdaptiveMemory(dimension: dimension, vectors: stateVectors)
        return { x, g, eta, next in apply(memory, x: x, gradient: g, learningRate: eta, into: next, count: dimension) }
    }

    /// Checks that a β-like factor lies in [0, 1).
    static func requireFactor(_ value: Double, _ name: String, _ symbol: String) throws(InvalidParameter) {
        try InvalidParameter.require(value >= 0 && value < 1, name, value, "0 ≤ \(symbol) < 1")
    }

    /// Checks ε > 0 and the weight decay λ ≥ 0, which every rule takes.
    static func requireEpsilonAndDecay(_ epsilon: Double, _ weightDecay: Double) throws(InvalidParameter) {
        try InvalidParameter.require(epsilon > 0 && epsilon.isFinite, "epsilon", epsilon, "a number > 0")
        try InvalidParameter.require(weightDecay >= 0 && weightDecay.isFinite, "weightDecay", weightDecay, "a number ≥ 0")
    }

    /// ", λ = 0.01" when weight decay is on.
    static func decaySummary(_ weightDecay: Double) -> String {
        weightDecay > 0 ? ", λ = \(NumberStyle.format(weightDecay))" : ""
    }
}
