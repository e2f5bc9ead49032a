/// Adadelta (Zeiler 2012, "ADADELTA: an adaptive learning rate method", arXiv:1212.5701,
/// algorithm 1), with torch's learning rate η multiplying the step. Step t:
///   g ← g + λθₜ₋₁                              (L2 weight decay)
///   vₜ = ρvₜ₋₁ + (1 − ρ)g²
///   Δₜ = √(uₜ₋₁ + ε)/√(vₜ + ε) · g
///   uₜ = ρuₜ₋₁ + (1 − ρ)Δₜ²
///   θₜ = θₜ₋₁ − ηΔₜ
/// as torch.optim.Adadelta computes it: ε inside both square roots, as in the paper.
/// Defaults are torch's: η = 1, ρ = 0.9, ε = 10⁻⁶, λ = 0 (Zeiler's experiments use
/// ρ = 0.95, ε = 10⁻⁶). `optax.adadelta` is the same update with the same ρ and ε (its η
/// defaults to none, i.e. 1).
public struct Adadelta: AdaptiveRule {
    /// ρ ∈ [0, 1).
    public var rho: Double
    /// ε > 0.
    public var epsilon: Double
    /// λ ≥ 0.
    public var weightDecay: Double

    public init(rho: Double = 0.9, epsilon: Double = 1e-6, weightDecay: Double = 0) {
        self.rho = rho
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public var summary: String {
        "Adadelta (ρ = \(NumberStyle.format(rho)), ε = \(NumberStyle.format(epsilon))\(Self.decaySummary(weightDecay)))"
    }

    /// v and u.
    public var stateVectors: Int { 2 }

    public func apply(
        _ memory: AdaptiveMemory, x: UnsafePointer<Double>, gradient: UnsafePointer<Double>, learningRate eta: Double,
        into next: UnsafeMutablePointer<Double>, count n: Int
    ) {
        memory.step += 1
        let v = memory.vectors[0].pointer, u = memory.vectors[1].pointer
        for i in 0..<n {
            let g = gradient[i] + weightDecay * x[i]
            v[i] = rho * v[i] + (1 - rho) * g * g
            let delta = (u[i] + epsilon).squareRoot() / (v[i] + epsilon).squareRoot() * g
            u[i] = rho * u[i] + (1 - rho) * delta * delta
            next[i] = x[i] - eta * delta
        }
    }
}

extension Adadelta {
    public static let defaultLearningRate = 1.0
    public static var parameters: [Parameter<Adadelta>] {
        [.factor("rho", \.rho, "ρ, smoothing of the running means"), .epsilon, .weightDecay]
    }
}
