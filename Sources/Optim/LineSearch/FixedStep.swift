/// No search: the step is always the learning rate η (α = η), whatever f does there — the
/// rule of fixed-step gradient descent. Fails only when f or ∇f is not finite at x + ηd.
public struct FixedStep: LineSearch {
    /// η > 0.
    public var learningRate: Double

    public init(learningRate: Double) {
        self.learningRate = learningRate
    }

    public var summary: String { "fixed step η = \(NumberStyle.format(learningRate))" }

    public func validate() throws(InvalidParameter) {
        try InvalidParameter.require(learningRate > 0 && learningRate.isFinite, "learningRate", learningRate, "a number > 0")
    }

    public mutating func search<O: Objective>(_ objective: O, along line: SearchLine, initialStep: Double) throws(LineSearchFailure) -> LineSearchStep {
        let (f, g) = line.evaluate(objective, at: learningRate)
        guard f.isFinite && g.isFinite else { throw .fixedStepDiverged(stepLength: learningRate) }
        return LineSearchStep(stepLength: learningRate, value: f, slope: g, evaluations: 1)
    }
}
