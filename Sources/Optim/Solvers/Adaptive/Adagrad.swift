/// Adagrad (Duchi, Hazan & Singer, JMLR 12, 2011, "Adaptive subgradient methods for online
/// learning and stochastic optimization", the diagonal update of §1.1, eq. (1)). Step t:
///   g ← g + λθₜ₋₁                      (L2 weight decay)
///   sₜ = sₜ₋₁ + g²,   s₀ = 0
///   θₜ = θₜ₋₁ − η g/(√sₜ + ε)
/// as torch.optim.Adagrad computes it with `lr_decay` = 0 (its inverse-time decay is the
/// schedule `inverse-time` here, counted in iterations or epochs rather than steps) and
/// `initial_accumulator_value` = 0. Defaults are torch's: η = 10⁻², ε = 10⁻¹⁰, λ = 0.
///
/// Optax differs: `optax.adagrad` starts the accumulator at 0.1 and puts ε = 10⁻⁷ inside the
/// square root, g/√(sₜ + ε).
public struct Adagrad: AdaptiveRule {
    /// ε > 0.
    public var epsilon: Double
    /// λ ≥ 0.
    public var weightDecay: Double

    public init(epsilon: Double = 1e-10, weightDecay: Double = 0) {
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public var summary: String { "Adagrad (ε = \(NumberStyle.format(epsilon))\(Self.decaySummary(weightDecay)))" }

    public var stateVectors: Int { 1 }

    public func apply(
        _ memory: AdaptiveMemory, x: UnsafePointer<Double>, gradient: UnsafePointer<Double>, learningRate eta: Double,
        into next: UnsafeMutablePointer<Double>, count n: Int
    ) {
        memory.step += 1
        let s = memory.vectors[0].pointer
        for i in 0..<n {
            let g = gradient[i] + weightDecay * x[i]
            s[i] += g * g
            next[i] = x[i] - eta * g / (s[i].squareRoot() + epsilon)
        }
    }
}

extension Adagrad {
    public static let defaultLearningRate = 1e-2
    public static var parameters: [Parameter<Adagrad>] { [.epsilon, .weightDecay] }
}
