/// The step of a fixed-step method — gradient descent with the fixed step, momentum, NAG, the
/// adaptive family, and mini-batch training with any of them: a base learning rate η, its
/// schedule ηₜ = η · `schedule.multiplier(at: t)`, and optional gradient-norm clipping
///   g ← g · min(1, c/‖g‖₂)
/// (Pascanu, Mikolov & Bengio, ICML 2013, "On the difficulty of training recurrent neural
/// networks", algorithm 1; torch's `clip_grad_norm_` divides by ‖g‖₂ + 10⁻⁶ instead of ‖g‖₂).
public struct StepControl: Sendable, Equatable {
    /// η > 0.
    public var learningRate: Double
    public var schedule: LearningRateSchedule
    /// c > 0, the largest ‖g‖₂ a step uses; nil: no clipping.
    public var clipNorm: Double?

    public init(learningRate: Double, schedule: LearningRateSchedule = LearningRateSchedule(), clipNorm: Double? = nil)
    {
        self.learningRate = learningRate
        self.schedule = schedule
        self.clipNorm = clipNorm
    }

    /// ηₜ at count t ≥ 0.
    @inlinable public func rate(at t: Int) -> Double { learningRate * schedule.multiplier(at: t) }

    /// The factor min(1, c/‖g‖₂) that clipping applies to a gradient of norm `norm` (1 without
    /// clipping; also 1 for a non-finite norm, which the caller reports as such).
    @inlinable public func clipFactor(norm: Double) -> Double {
        guard let clipNorm, norm > clipNorm, norm.isFinite else { return 1 }
        return clipNorm / norm
    }

    /// The gradient a step uses: `gradient` itself, or, with clipping, its clipped copy in
    /// `scratch` (the caller's gradient stays the iterate's own).
    @inlinable public func clipped(_ gradient: Vector, scratch: Vector) -> UnsafePointer<Double> {
        let factor = clipFactor(norm: gradient.norm2)
        guard factor < 1 else { return UnsafePointer(gradient.pointer) }
        Kernels.scaled(factor, gradient.readOnly, into: scratch.storage)
        return UnsafePointer(scratch.pointer)
    }

    /// "η = 0.01", with the schedule and the clipping when set (`unit`: what t counts).
    public func summary(unit: String) -> String {
        "η = \(NumberStyle.format(learningRate))" + schedule.summary(unit: unit)
            + (clipNorm.map { ", ‖g‖₂ clipped to \(NumberStyle.format($0))" } ?? "")
    }
}

extension StepControl: Configurable {
    /// The learning rate (with a default) and the schedule and clipping parameters.
    public static var parameters: [Parameter<StepControl>] { parameters(learningRateRequired: false) }

    /// The learning rate, required or not (fixed-step methods have no default η; the adaptive
    /// rules have torch's), then `scheduleParameters`.
    public static func parameters(learningRateRequired required: Bool) -> [Parameter<StepControl>] {
        [learningRate(required: required)] + scheduleParameters
    }

    public static func learningRate(required: Bool) -> Parameter<StepControl> {
        .real("lr", \.learningRate, .above(0), "learning rate η", required: required)
    }

    /// The schedule of `LearningRateSchedule` and the clipping of the gradient.
    public static var scheduleParameters: [Parameter<StepControl>] {
        [
            .choice(
                "schedule", \.schedule.decay,
                "ηₜ over iterations t (epochs when training), γ = decay, s = decay-every: constant, step η·γ^⌊t/s⌋, "
                    + "exponential η·γ^(t/s), inverse-time η/(1 + γt/s), cosine η(1 + cos(π·min(t, s)/s))/2",
                note: "step if decay is given, else constant"),
            .real(
                "decay", \.schedule.factor, .leftOpen(0, 1),
                "γ of the schedule: factor per period (step, exponential), rate (inverse-time)"),
            .integer(
                "decay-every", \.schedule.period, 1...Int.max,
                "s: the schedule's period (step, exponential, inverse-time), the cosine's length"),
            .integer("warmup", \.schedule.warmup, 0...Int.max, "W: linear warm-up, ηₜ × (t + 1)/(W + 1) while t < W"),
            .real("clip", \.clipNorm, .above(0), "clip each gradient to ‖g‖₂ ≤ c", unset: "none"),
        ]
    }
}
