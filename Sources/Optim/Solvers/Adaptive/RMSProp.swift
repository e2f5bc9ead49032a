/// RMSProp (Tieleman & Hinton 2012, Coursera "Neural networks for machine learning", lecture
/// 6e), with the centred variant and momentum of Graves (2013, "Generating sequences with
/// recurrent neural networks", eqs. 38–41). Step t = 1, 2, …:
///   g ← g + λθₜ₋₁                                   (L2 weight decay)
///   vₜ = αvₜ₋₁ + (1 − α)g²
///   centred: ḡₜ = αḡₜ₋₁ + (1 − α)g,   ṽₜ = vₜ − ḡₜ²;   otherwise ṽₜ = vₜ
///   μ > 0:   bₜ = μbₜ₋₁ + g/(√ṽₜ + ε),   θₜ = θₜ₋₁ − ηbₜ
///   μ = 0:   θₜ = θₜ₋₁ − η g/(√ṽₜ + ε)
/// as torch.optim.RMSprop computes it: ε outside the square root, no bias correction.
/// Defaults are torch's: η = 10⁻², α = 0.99, ε = 10⁻⁸, λ = 0, μ = 0, not centred.
///
/// Optax differs: `optax.rmsprop` puts ε inside the square root, g/√(ṽ + ε), with decay 0.9 and
/// ε = 10⁻⁸ by default (and an `eps_in_sqrt` switch), and its momentum is applied after η.
public struct RMSProp: AdaptiveRule {
    /// α ∈ [0, 1), the smoothing of the squared gradients.
    public var alpha: Double
    /// ε > 0.
    public var epsilon: Double
    /// λ ≥ 0.
    public var weightDecay: Double
    /// μ ∈ [0, 1).
    public var momentum: Double
    public var centered: Bool

    public init(
        alpha: Double = 0.99, epsilon: Double = 1e-8, weightDecay: Double = 0, momentum: Double = 0,
        centered: Bool = false
    ) {
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
    }

    public var summary: String {
        "\(centered ? "centred " : "")RMSProp (α = \(NumberStyle.format(alpha)), ε = \(NumberStyle.format(epsilon))"
            + (momentum > 0 ? ", μ = \(NumberStyle.format(momentum))" : "") + "\(Self.decaySummary(weightDecay)))"
    }

    /// v, ḡ and b.
    public var stateVectors: Int { 3 }

    public func apply(
        _ memory: AdaptiveMemory, x: UnsafePointer<Double>, gradient: UnsafePointer<Double>, learningRate eta: Double,
        into next: UnsafeMutablePointer<Double>, count n: Int
    ) {
        memory.step += 1
        let v = memory.vectors[0].pointer, mean = memory.vectors[1].pointer, b = memory.vectors[2].pointer
        for i in 0..<n {
            let g = gradient[i] + weightDecay * x[i]
            v[i] = alpha * v[i] + (1 - alpha) * g * g
            var scale = v[i]
            if centered {
                mean[i] = alpha * mean[i] + (1 - alpha) * g
                scale -= mean[i] * mean[i]
            }
            let direction = g / (scale.squareRoot() + epsilon)
            if momentum > 0 {
                b[i] = momentum * b[i] + direction
                next[i] = x[i] - eta * b[i]
            } else {
                next[i] = x[i] - eta * direction
            }
        }
    }
}

extension RMSProp {
    public static let defaultLearningRate = 1e-2
    public static var parameters: [Parameter<RMSProp>] {
        [.factor("alpha", \.alpha, "α, smoothing of the running mean of g²"), .epsilon, .weightDecay,
         .factor("momentum", \.momentum, "momentum μ of the scaled step"),
         .flag("centered", \.centered, "divide by the running variance v − ḡ² instead of v")]
    }
}
