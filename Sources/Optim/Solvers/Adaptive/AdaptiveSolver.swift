/// An adaptive rule (Adam, RMSProp, …) as a solver for deterministic full-gradient runs under
/// `minimize`: iteration t (from 0) takes the step of `rule` with the full gradient ∇f(θₜ),
/// possibly clipped, and the learning rate ηₜ of `control`'s schedule; one evaluation of f and
/// ∇f per iteration, no line search. The driver's rules stop it (gtol, ftol, xtol, limits); a
/// step to a point where f or ∇f is not finite is not taken (status non-finite). Each trace
/// entry's step length is ηₜ.
public struct AdaptiveSolver<Rule: AdaptiveRule>: Solver {
    public var rule: Rule
    public var control: StepControl

    private var memory = AdaptiveMemory(dimension: 0, vectors: 0)
    private var clipped = Vector(count: 0)

    /// - Parameter control: η, its schedule and clipping; torch's default η for the rule
    ///   (`AdaptiveRule.defaultLearningRate`), constant and unclipped, when omitted.
    public init(_ rule: Rule, control: StepControl? = nil) {
        self.rule = rule
        self.control = control ?? StepControl(learningRate: Rule.defaultLearningRate)
    }

    public var summary: String { "\(rule.summary), \(control.summary(unit: "iterations"))" }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        memory = AdaptiveMemory(dimension: state.dimension, vectors: rule.stateVectors)
        clipped = try Vector(allocating: control.clipNorm == nil ? 0 : state.dimension)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        let eta = control.rate(at: state.iteration)
        let g = control.clipped(state.gradient, scratch: clipped)
        rule.apply(
            memory, x: state.x.pointer, gradient: g, learningRate: eta, into: state.trialX.pointer,
            count: state.dimension)
        let f = objective.valueAndGradient(at: state.trialX.readOnly, gradient: state.trialGradient.storage)
        guard f.isFinite, state.trialGradient.maxAbs.isFinite else { throw .nonFiniteStep }
        state.acceptTrial(value: f, stepLength: eta)
    }
}

extension AdaptiveSolver: Configurable, MiniBatchMethod {
    /// η (torch's default for the rule), the rule's own parameters, then the schedule and clipping.
    public static var parameters: [Parameter<AdaptiveSolver>] {
        [StepControl.learningRate(required: false).lifted(\.control)]
            + Rule.parameters.map { $0.lifted(\.rule) }
            + StepControl.scheduleParameters.map { $0.lifted(\.control) }
    }

    public func validateRest() throws(InvalidParameter) { try rule.validateRest() }

    public var miniBatchOptions: MiniBatchOptions {
        MiniBatchOptions(rule: .adaptive(rule), learningRate: control.learningRate, schedule: control.schedule,
                         clipNorm: control.clipNorm)
    }
}
