/// One adaptive first-order update θₜ = θₜ₋₁ − ηₜ·(…) with per-coordinate state (moment
/// estimates, accumulators). The rule is configuration only (Sendable, shared by full-gradient
/// runs and mini-batch training); its state lives in an `AdaptiveMemory` allocated once per run.
///
/// Each rule writes out its update as torch.optim documents it (torch 2.x, `torch.optim.<Name>`
/// "Algorithm" box): defaults, where ε sits, and how weight decay enters are torch's; where
/// Optax differs the rule says so.
public protocol AdaptiveRule: Sendable, Configurable {
    /// The method and its hyperparameters, e.g. "Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8)".
    var summary: String { get }
    /// Per-coordinate state vectors the rule keeps (m, v, …), zero at t = 0.
    var stateVectors: Int { get }
    /// ε > 0, added to the denominator (every rule has one).
    var epsilon: Double { get set }
    /// λ ≥ 0 of the weight decay (every rule has one).
    var weightDecay: Double { get set }
    /// torch.optim's default learning rate for the rule.
    static var defaultLearningRate: Double { get }
    /// Step t = `memory.step` + 1 (which it records): `next` = θₜ from `x` = θₜ₋₁, the
    /// gradient g at θₜ₋₁ and the learning rate η of this step. `next` may be `x` itself.
    /// Allocates nothing.
    func apply(
        _ memory: AdaptiveMemory, x: UnsafePointer<Double>, gradient: UnsafePointer<Double>, learningRate: Double,
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
    func updater(
        dimension: Int
    ) -> (UnsafePointer<Double>, UnsafePointer<Double>, Double, UnsafeMutablePointer<Double>) -> Void {
        let memory = AdaptiveMemory(dimension: dimension, vectors: stateVectors)
        return { x, g, eta, next in apply(memory, x: x, gradient: g, learningRate: eta, into: next, count: dimension) }
    }

    /// ", λ = 0.01" when weight decay is on.
    static func decaySummary(_ weightDecay: Double) -> String {
        weightDecay > 0 ? ", λ = \(NumberStyle.format(weightDecay))" : ""
    }
}

extension Parameter where Root: AdaptiveRule {
    public static var epsilon: Parameter { .real("eps", \.epsilon, .above(0), "ε, added to the denominator") }
    public static var weightDecay: Parameter {
        .real("weight-decay", \.weightDecay, .atLeast(0), "λ of the weight decay")
    }
    /// A running-mean factor in [0, 1) (β₁, β₂, α, ρ, μ).
    static func factor(_ key: String, _ path: WritableKeyPath<Root, Double> & Sendable, _ summary: String) -> Parameter
    {
        .real(key, path, .halfOpen(0, 1), summary)
    }
}

/// A rule with Adam's two moment estimates (Adam, AdamW, Nadam).
public protocol MomentEstimates: AdaptiveRule {
    var beta1: Double { get set }
    var beta2: Double { get set }
}

extension Parameter where Root: MomentEstimates {
    public static var beta1: Parameter { .factor("beta1", \.beta1, "β₁, smoothing of the first moment") }
    public static var beta2: Parameter { .factor("beta2", \.beta2, "β₂, smoothing of the second moment") }
}
