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

    public init(learningRate: Double, schedule: LearningRateSchedule = LearningRateSchedule(), clipNorm: Double? = nil) {
        self.learningRate = learningRate
        self.schedule = schedule
        self.clipNorm = clipNorm
    }

    public func validate() throws(InvalidParameter) {
        try InvalidParameter.require(learningRate > 0 && learningRate.isFinite, "learningRate", learningRate, "a number > 0")
        try schedule.validate()
        if let clipNorm { try InvalidParameter.require(clipNorm > 0 && clipNorm.isFinite, "clipNorm", clipNorm, "a number > 0") }
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
