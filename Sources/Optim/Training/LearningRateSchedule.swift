import Foundation

/// How the learning rate of a fixed-step method changes with the count t = 0, 1, 2, … — the
/// iteration of a full-gradient run, the epoch of mini-batch training:
///   ηₜ = η · wₜ · dₜ,   wₜ = min(1, (t + 1)/(W + 1))   (linear warm-up over W counts),
/// with the decay dₜ, for γ = `factor` and s = `period`, one of
///   constant      dₜ = 1
///   step          dₜ = γ^⌊t/s⌋                        (torch `StepLR`; Keras `ExponentialDecay(staircase: true)`)
///   exponential   dₜ = γ^(t/s)                        (Keras `ExponentialDecay`; torch `ExponentialLR` is s = 1)
///   inverse-time  dₜ = 1/(1 + γ·t/s)                  (Keras `InverseTimeDecay`)
///   cosine        dₜ = (1 + cos(π·min(t, s)/s))/2     (Loshchilov & Hutter 2017, SGDR eq. 5 with
///                                                      η_min = 0 and one period s, held at 0 after it
///                                                      as Keras `CosineDecay`; torch `CosineAnnealingLR`
///                                                      with T_max = s rises again after s)
/// The warm-up factor is torch's `LinearLR(start_factor: 1/(W + 1), total_iters: W)`, and the
/// product is what torch's `ChainedScheduler` of it and the decay gives (Goyal et al. 2017,
/// "Accurate, large minibatch SGD", §2.2, for linear warm-up).
public struct LearningRateSchedule: Sendable, Equatable {
    public enum Decay: String, CaseIterable, Sendable {
        case constant, step, exponential
        case inverseTime = "inverse-time"
        case cosine
    }

    public var decay: Decay
    /// γ ∈ (0, 1]: the factor per period (step, exponential) or the rate (inverse-time);
    /// unused by constant and cosine.
    public var factor: Double
    /// s ≥ 1: the period of step, exponential and inverse-time decay, the length of the cosine.
    public var period: Int
    /// W ≥ 0 counts of linear warm-up (0: none).
    public var warmup: Int

    public init(_ decay: Decay = .constant, factor: Double = 1, period: Int = 1, warmup: Int = 0) {
        self.decay = decay
        self.factor = factor
        self.period = period
        self.warmup = warmup
    }

    /// ηₜ/η at count t ≥ 0.
    @inlinable public func multiplier(at t: Int) -> Double {
        let warm = warmup > 0 && t < warmup ? (Double(t) + 1) / (Double(warmup) + 1) : 1
        let s = Double(period), tt = Double(t)
        let decayed: Double = switch decay {
        case .constant: 1
        case .step: pow(factor, (tt / s).rounded(.down))
        case .exponential: pow(factor, tt / s)
        case .inverseTime: 1 / (1 + factor * tt / s)
        case .cosine: (1 + cos(Double.pi * min(tt, s) / s)) / 2
        }
        return warm * decayed
    }

    /// "", or e.g. ", η × 0.5 every 2", ", cosine over 100, warm-up 5" (`unit`: "epochs", "iterations").
    public func summary(unit: String) -> String {
        let gamma = NumberStyle.format(factor)
        var parts: [String] = switch decay {
        case .constant: []
        case .step where factor == 1: []
        case .step: ["η × \(gamma) every \(period) \(unit)"]
        case .exponential: ["η × \(gamma)^(t/\(period))"]
        case .inverseTime: ["η/(1 + \(gamma)·t/\(period))"]
        case .cosine: ["cosine over \(period) \(unit)"]
        }
        if warmup > 0 { parts.append("warm-up \(warmup) \(unit)") }
        return parts.map { ", " + $0 }.joined()
    }
}
