import Foundation

/// Adam (Kingma & Ba, ICLR 2015, "Adam: a method for stochastic optimization", algorithm 1),
/// with L2 or decoupled weight decay — AdamW (Loshchilov & Hutter, ICLR 2019, "Decoupled
/// weight decay regularization", algorithm 2) — and the AMSGrad maximum (Reddi, Kale & Kumar,
/// ICLR 2018, "On the convergence of Adam and beyond", algorithm 2). Step t = 1, 2, …:
///   g ← g + λθₜ₋₁                         (Adam: L2 weight decay, part of the gradient)
///   θₜ₋₁ ← θₜ₋₁ − ηλθₜ₋₁                  (AdamW: decoupled, scaled by η as in torch)
///   mₜ = β₁mₜ₋₁ + (1 − β₁)g,   vₜ = β₂vₜ₋₁ + (1 − β₂)g²
///   m̂ₜ = mₜ/(1 − β₁ᵗ),   v̂ₜ = vₜ/(1 − β₂ᵗ)      (AMSGrad: v̂ₜ = max(v₁, …, vₜ)/(1 − β₂ᵗ))
///   θₜ = θₜ₋₁ − η m̂ₜ/(√v̂ₜ + ε)
/// as torch.optim.Adam and AdamW compute it: ε outside the square root, after bias correction.
/// Defaults are torch's: η = 10⁻³, β = (0.9, 0.999), ε = 10⁻⁸, λ = 0 (Adam) or 0.01 (AdamW).
/// AMSGrad keeps the maximum of the raw vₜ and corrects it by the current 1 − β₂ᵗ, as torch's
/// code does (its documentation writes max(v̂ₜ₋₁ᵐᵃˣ, v̂ₜ) of the corrected values); Reddi et al.
/// take no bias correction at all.
///
/// Optax differs: `optax.adamw` defaults to λ = 10⁻⁴; `optax.amsgrad` takes the maximum of the
/// bias-corrected v̂; `optax.adam` has an extra `eps_root` inside the square root (default 0).
public struct Adam: AdaptiveRule {
    /// β₁ ∈ [0, 1).
    public var beta1: Double
    /// β₂ ∈ [0, 1).
    public var beta2: Double
    /// ε > 0.
    public var epsilon: Double
    /// λ ≥ 0.
    public var weightDecay: Double
    /// AdamW's decoupled weight decay instead of L2.
    public var decoupled: Bool
    public var amsgrad: Bool

    public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0,
                decoupled: Bool = false, amsgrad: Bool = false) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupled = decoupled
        self.amsgrad = amsgrad
    }

    public var summary: String {
        "\(decoupled ? "AdamW" : "Adam")\(amsgrad ? " with AMSGrad" : "") (β₁ = \(NumberStyle.format(beta1)), β₂ = "
            + "\(NumberStyle.format(beta2)), "
            + "ε = \(NumberStyle.format(epsilon))\(Self.decaySummary(weightDecay)))"
    }

    public var stateVectors: Int { amsgrad ? 3 : 2 }

    public func apply(
        _ memory: AdaptiveMemory, x: UnsafePointer<Double>, gradient: UnsafePointer<Double>, learningRate eta: Double,
        into next: UnsafeMutablePointer<Double>, count n: Int
    ) {
        memory.step += 1
        let t = Double(memory.step)
        let m = memory.vectors[0].pointer, v = memory.vectors[1].pointer
        let vMax = amsgrad ? memory.vectors[2].pointer : v
        let correction1 = 1 - pow(beta1, t), correction2 = 1 - pow(beta2, t)
        let l2 = decoupled ? 0 : weightDecay, shrink = decoupled ? 1 - eta * weightDecay : 1
        for i in 0..<n {
            let g = gradient[i] + l2 * x[i]
            m[i] = beta1 * m[i] + (1 - beta1) * g
            v[i] = beta2 * v[i] + (1 - beta2) * g * g
            if amsgrad { vMax[i] = max(vMax[i], v[i]) }
            next[i] = shrink * x[i] - eta * (m[i] / correction1) / ((vMax[i] / correction2).squareRoot() + epsilon)
        }
    }
}

extension Adam: MomentEstimates {
    public static let defaultLearningRate = 1e-3
    public static var parameters: [Parameter<Adam>] {
        [
            .beta1, .beta2, .epsilon, .weightDecay,
            .flag("amsgrad", \.amsgrad, "AMSGrad: divide by the largest second moment so far"),
        ]
    }
}
