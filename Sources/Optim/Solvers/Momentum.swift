/// Gradient methods with momentum and a fixed step η; one evaluation per iteration, no line
/// search.
///
/// Heavy ball (Polyak 1964):
///   vₜ = γ vₜ₋₁ + η ∇f(θₜ₋₁),   θₜ = θₜ₋₁ − vₜ,   v₀ = 0.
/// On a quadratic with eigenvalues in [μ, L], η = 4/(√L + √μ)² and γ = ((√κ − 1)/(√κ + 1))²
/// give the optimal asymptotic rate (√κ − 1)/(√κ + 1), κ = L/μ.
///
/// Nesterov's accelerated gradient with constant momentum (Nesterov 1983, in the form of
/// Sutskever et al., ICML 2013):
///   vₜ = γ vₜ₋₁ + η ∇f(θₜ₋₁ − γ vₜ₋₁),   θₜ = θₜ₋₁ − vₜ.
/// The gradient is taken at the look-ahead point φₜ = θₜ − γ vₜ, so the iterate reported (and
/// evaluated) is φ: substituting gives φₜ = φₜ₋₁ + γ vₜ₋₁ − (1 + γ) vₜ with
/// vₜ = γ vₜ₋₁ + η ∇f(φₜ₋₁) (Bengio, Boulanger-Lewandowski & Pascanu, 2013). φ and θ
/// coincide as v → 0. With η = 1/L and γ = (√κ − 1)/(√κ + 1), f − f* contracts like
/// (1 − 1/√κ)ᵗ on a μ-strongly convex f.
///
/// η may follow a schedule ηₜ over the iterations t = 0, 1, … and ∇f may be clipped in norm
/// (`StepControl`); the trace's step length is ηₜ.
public struct Momentum: Solver {
    public enum Variant: Sendable {
        case heavyBall
        case nesterov
    }

    public var variant: Variant
    /// η > 0, its schedule and the clipping of ∇f.
    public var control: StepControl
    /// γ ∈ [0, 1).
    public var momentum: Double

    private var velocity = Vector(count: 0)
    private var clipped = Vector(count: 0)

    public init(_ variant: Variant = .heavyBall, learningRate: Double, momentum: Double = 0.9,
                schedule: LearningRateSchedule = LearningRateSchedule(), clipNorm: Double? = nil) {
        self.variant = variant
        self.control = StepControl(learningRate: learningRate, schedule: schedule, clipNorm: clipNorm)
        self.momentum = momentum
    }

    public var summary: String {
        "\(variant == .heavyBall ? "heavy-ball momentum" : "Nesterov accelerated gradient") "
            + "(\(control.summary(unit: "iterations")), γ = \(NumberStyle.format(momentum)))"
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        velocity = try Vector(allocating: state.dimension)
        clipped = try Vector(allocating: control.clipNorm == nil ? 0 : state.dimension)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        let v = velocity.pointer, x = state.x.pointer, next = state.trialX.pointer
        let g = control.clipped(state.gradient, scratch: clipped)
        let eta = control.rate(at: state.iteration), gamma = momentum
        switch variant {
        case .heavyBall:
            Self.heavyBallUpdate(
                x: x, velocity: v, gradient: g, learningRate: eta, momentum: gamma, into: next, count: state.dimension)
        case .nesterov:
            for i in 0..<state.dimension {
                let updated = gamma * v[i] + eta * g[i]
                next[i] = x[i] + gamma * v[i] - (1 + gamma) * updated
                v[i] = updated
            }
        }
        let f = objective.valueAndGradient(at: state.trialX.readOnly, gradient: state.trialGradient.storage)
        guard f.isFinite, state.trialGradient.maxAbs.isFinite else { throw .nonFiniteStep }
        state.acceptTrial(value: f, stepLength: eta)
    }

    /// vₜ = γvₜ₋₁ + η g,  next = θ − vₜ  (`next` may be `x` itself). The heavy-ball update,
    /// shared with mini-batch training, where g is a mini-batch gradient (taken at θ − γvₜ₋₁
    /// for Nesterov momentum, which in θ's coordinates is this same update).
    @inlinable
    public static func heavyBallUpdate(
        x: UnsafePointer<Double>, velocity v: UnsafeMutablePointer<Double>, gradient g: UnsafePointer<Double>,
        learningRate eta: Double, momentum gamma: Double, into next: UnsafeMutablePointer<Double>, count n: Int
    ) {
        for i in 0..<n {
            v[i] = gamma * v[i] + eta * g[i]
            next[i] = x[i] - v[i]
        }
    }
}

extension Momentum: Configurable, MiniBatchMethod {
    /// η (required), γ, then the schedule and clipping.
    public static var parameters: [Parameter<Momentum>] {
        [StepControl.learningRate(required: true).lifted(\.control),
         momentumParameter]
            + StepControl.scheduleParameters.map { $0.lifted(\.control) }
    }

    /// γ ∈ [0, 1), also what mini-batch training with momentum checks.
    public static let momentumParameter: Parameter<Momentum> = .real(
        "momentum", \.momentum, .halfOpen(0, 1), "momentum γ")

    public var miniBatchOptions: MiniBatchOptions {
        MiniBatchOptions(
            rule: variant == .heavyBall ? .momentum : .nesterov, learningRate: control.learningRate, momentum: momentum,
            schedule: control.schedule, clipNorm: control.clipNorm)
    }
}
