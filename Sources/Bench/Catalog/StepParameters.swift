import Optim

/// The learning rate of every fixed-step method (gd with the fixed step, momentum, nag, the
/// adaptive family, and mini-batch training with any of them), its schedule and gradient
/// clipping, as parameters — one declaration shared by all of them (`StepControl`).
extension SolverDescriptor {
    static let learningRate = Parameter("lr", field: "learningRate", "learning rate η", .real(.above(0)), default: .required)

    /// A learning rate with a default (the adaptive methods', torch.optim's).
    static func learningRate(default value: Double) -> Parameter {
        Parameter("lr", field: "learningRate", "learning rate η", .real(.above(0)), default: .value(.real(value)))
    }

    static let stepParameters: [Parameter] = [
        Parameter("schedule", "ηₜ over iterations t (epochs when training), γ = decay, s = decay-every: constant, step η·γ^⌊t/s⌋, "
                  + "exponential η·γ^(t/s), inverse-time η/(1 + γt/s), cosine η(1 + cos(π·min(t, s)/s))/2",
                  .choice(of: LearningRateSchedule.Decay.self), default: .unset("step if decay is given, else constant")),
        Parameter("decay", "γ of the schedule: factor per period (step, exponential), rate (inverse-time)",
                  .real(NumberRange(lower: 0, lowerClosed: false, upper: 1, upperClosed: true)), default: .value(.real(1))),
        Parameter("decay-every", field: "decayEvery", "s: the schedule's period (step, exponential, inverse-time), the cosine's length",
                  .integer(1...Int.max), default: .value(.integer(1))),
        Parameter("warmup", "W: linear warm-up, ηₜ × (t + 1)/(W + 1) while t < W", .integer(0...Int.max), default: .value(.integer(0))),
        Parameter("clip", field: "clipNorm", "clip each gradient to ‖g‖₂ ≤ c", .real(.above(0)), default: .unset("none")),
    ]

    /// The learning rate, schedule and clipping the values describe.
    static func stepControl(_ v: ParameterValues) -> StepControl {
        let decay = v.has("schedule") ? v.choice("schedule", as: LearningRateSchedule.Decay.self) : v.given.contains("decay") ? .step : .constant
        let schedule = LearningRateSchedule(decay, factor: v.real("decay"), period: v.integer("decay-every"), warmup: v.integer("warmup"))
        return StepControl(learningRate: v.real("lr"), schedule: schedule, clipNorm: v.optionalReal("clip"))
    }

    /// Mini-batch training with `rule`, the learning rate and its schedule from the values.
    static func miniBatchOptions(_ rule: MiniBatchOptions.Rule, _ v: ParameterValues, momentum: Double = 0) -> MiniBatchOptions {
        let control = stepControl(v)
        return MiniBatchOptions(rule: rule, learningRate: control.learningRate, momentum: momentum, schedule: control.schedule,
                                clipNorm: control.clipNorm)
    }
}
