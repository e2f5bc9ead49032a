/// No search: the step is the learning rate, α = ηₜ, whatever f does there — the rule of
/// fixed-step gradient descent. ηₜ follows `control`'s schedule over the iterations t of the
/// run (`SearchLine.iteration`); with clipping, α = ηₜ·min(1, c/‖d‖₂), so that the step αd is
/// the clipped gradient's. Fails only when f or ∇f is not finite at x + αd.
public struct FixedStep: LineSearch {
    public var control: StepControl

    public init(learningRate: Double, schedule: LearningRateSchedule = LearningRateSchedule(), clipNorm: Double? = nil)
    {
        control = StepControl(learningRate: learningRate, schedule: schedule, clipNorm: clipNorm)
    }

    public var summary: String { "fixed step \(control.summary(unit: "iterations"))" }

    public mutating func search<O: Objective>(
        _ objective: O, along line: SearchLine, initialStep: Double
    ) throws(LineSearchFailure) -> LineSearchStep {
        let alpha =
            control.rate(at: line.iteration)
            * (control.clipNorm == nil ? 1 : control.clipFactor(norm: line.direction.norm2))
        let (f, g) = line.evaluate(objective, at: alpha)
        guard f.isFinite && g.isFinite else { throw .fixedStepDiverged(stepLength: alpha) }
        return LineSearchStep(stepLength: alpha, value: f, slope: g, evaluations: 1)
    }
}

extension FixedStep: Configurable, MiniBatchMethod {
    /// The learning rate (required), its schedule and the clipping.
    public static var parameters: [Parameter<FixedStep>] {
        StepControl.parameters(learningRateRequired: true).map { $0.lifted(\.control) }
    }

    public var miniBatchOptions: MiniBatchOptions {
        MiniBatchOptions(
            rule: .sgd, learningRate: control.learningRate, schedule: control.schedule, clipNorm: control.clipNorm)
    }
}
