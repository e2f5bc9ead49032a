import Foundation

/// Nadam (Dozat, ICLR 2016 workshop, "Incorporating Nesterov momentum into Adam", algorithm 2),
/// with the momentum schedule μₜ = β₁(1 − ½·0.96^(tψ)), ψ = 0.004, of torch.optim.NAdam.
/// Step t = 1, 2, …:
///   g ← g + λθₜ₋₁                                  (L2 weight decay)
///   μₜ = β₁(1 − ½·0.96^(tψ)),   μₜ₊₁ = β₁(1 − ½·0.96^((t+1)ψ))
///   mₜ = β₁mₜ₋₁ + (1 − β₁)g,   vₜ = β₂vₜ₋₁ + (1 − β₂)g²
///   m̂ₜ = μₜ₊₁mₜ/(1 − Π₁^{t+1} μᵢ) + (1 − μₜ)g/(1 − Π₁^t μᵢ)
///   v̂ₜ = vₜ/(1 − β₂ᵗ)
///   θₜ = θₜ₋₁ − η m̂ₜ/(√v̂ₜ + ε)
/// as torch computes it: ε outside the square root. Defaults are torch's: η = 2·10⁻³,
/// β = (0.9, 0.999), ε = 10⁻⁸, λ = 0, ψ = 0.004 (fixed here).
///
/// Optax differs: `optax.nadam` has no momentum schedule (μₜ = β₁ throughout, so
/// m̂ₜ = β₁mₜ/(1 − β₁ᵗ⁺¹) + (1 − β₁)g/(1 − β₁ᵗ)); its η has no default.
public struct Nadam: AdaptiveRule {
    /// β₁ ∈ [0, 1).
    public var beta1: Double
    /// β₂ ∈ [0, 1).
    public var beta2: Double
    /// ε > 0.
    public var epsilon: Double
    /// λ ≥ 0.
    public var weightDecay: Double
    /// ψ of the momentum schedule (torch's `momentum_decay`).
    public static let momentumDecay = 0.004

    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public var summary: String {
        "Nadam (β₁ = \(NumberStyle.format(beta1)), β₂ = \(NumberStyle.format(beta2)), ε = "
            + "\(NumberStyle.format(epsilon))"
            + "\(Self.decaySummary(weightDecay)))"
    }

    /// m and v.
    public var stateVectors: Int { 2 }

    /// μₜ.
    func momentum(at t: Double) -> Double { beta1 * (1 - 0.5 * pow(0.96, t * Self.momentumDecay)) }

    public func apply(
        _ memory: AdaptiveMemory, x: UnsafePointer<Double>, gradient: UnsafePointer<Double>, learningRate eta: Double,
        into next: UnsafeMutablePointer<Double>, count n: Int
    ) {
        memory.step += 1
        let t = Double(memory.step)
        let mu = momentum(at: t), muNext = momentum(at: t + 1)
        memory.product *= mu
        let product = memory.product, productNext = product * muNext
        let correction2 = 1 - pow(beta2, t)
        let m = memory.vectors[0].pointer, v = memory.vectors[1].pointer
        for i in 0..<n {
            let g = gradient[i] + weightDecay * x[i]
            m[i] = beta1 * m[i] + (1 - beta1) * g
            v[i] = beta2 * v[i] + (1 - beta2) * g * g
            let mHat = muNext * m[i] / (1 - productNext) + (1 - mu) * g / (1 - product)
            next[i] = x[i] - eta * mHat / ((v[i] / correction2).squareRoot() + epsilon)
        }
    }
}

extension Nadam: MomentEstimates {
    public static let defaultLearningRate = 2e-3
    public static var parameters: [Parameter<Nadam>] { [.beta1, .beta2, .epsilon, .weightDecay] }
}
