import Optim

/// The adaptive first-order family: each rule (`Sources/Optim/Solvers/Adaptive/`) as a
/// full-gradient solver and as a mini-batch training rule, with torch.optim's defaults.
extension SolverDescriptor {
    static let adam = adaptive(
        name: "adam", summary: "Adam: bias-corrected first and second moment estimates, θ −= η m̂/(√v̂ + ε); L2 weight decay; AMSGrad on request",
        reference: "Kingma & Ba 2015; Reddi, Kale & Kumar 2018 (AMSGrad); torch.optim.Adam",
        learningRate: 1e-3, [beta1, beta2, epsilon(1e-8), weightDecay(0), amsgrad]) { v in
            Adam(beta1: v.real("beta1"), beta2: v.real("beta2"), epsilon: v.real("eps"), weightDecay: v.real("weight-decay"),
                 amsgrad: v.flag("amsgrad"))
        }

    static let adamw = adaptive(
        name: "adamw", summary: "AdamW: Adam with decoupled weight decay θ −= ηλθ outside the gradient; AMSGrad on request",
        reference: "Loshchilov & Hutter 2019; torch.optim.AdamW",
        learningRate: 1e-3, [beta1, beta2, epsilon(1e-8), weightDecay(0.01), amsgrad]) { v in
            Adam(beta1: v.real("beta1"), beta2: v.real("beta2"), epsilon: v.real("eps"), weightDecay: v.real("weight-decay"),
                 decoupled: true, amsgrad: v.flag("amsgrad"))
        }

    static let rmsprop = adaptive(
        name: "rmsprop", summary: "RMSProp: θ −= η g/(√v + ε) with v a running mean of g²; centred (v − ḡ²) and momentum variants",
        reference: "Tieleman & Hinton 2012 (lecture 6e); Graves 2013 (centred); torch.optim.RMSprop",
        learningRate: 1e-2, [
            Parameter("alpha", "α, smoothing of the running mean of g²", .real(unitFactor), default: .value(.real(0.99))),
            epsilon(1e-8), weightDecay(0),
            Parameter("momentum", "momentum μ of the scaled step", .real(unitFactor), default: .value(.real(0))),
            Parameter("centered", "divide by the running variance v − ḡ² instead of v", .flag, default: .value(.flag(false))),
        ]) { v in
            RMSProp(alpha: v.real("alpha"), epsilon: v.real("eps"), weightDecay: v.real("weight-decay"), momentum: v.real("momentum"),
                    centered: v.flag("centered"))
        }

    static let adagrad = adaptive(
        name: "adagrad", summary: "Adagrad: θ −= η g/(√s + ε) with s the sum of all g²",
        reference: "Duchi, Hazan & Singer 2011; torch.optim.Adagrad",
        learningRate: 1e-2, [epsilon(1e-10), weightDecay(0)]) { v in
            Adagrad(epsilon: v.real("eps"), weightDecay: v.real("weight-decay"))
        }

    static let adadelta = adaptive(
        name: "adadelta", summary: "Adadelta: θ −= η·√(u + ε)/√(v + ε)·g, running means v of g² and u of the squared steps",
        reference: "Zeiler 2012; torch.optim.Adadelta",
        learningRate: 1, [
            Parameter("rho", "ρ, smoothing of the running means", .real(unitFactor), default: .value(.real(0.9))),
            epsilon(1e-6), weightDecay(0),
        ]) { v in
            Adadelta(rho: v.real("rho"), epsilon: v.real("eps"), weightDecay: v.real("weight-decay"))
        }

    static let nadam = adaptive(
        name: "nadam", summary: "Nadam: Adam with Nesterov momentum and the momentum schedule μₜ = β₁(1 − 0.96^(0.004t)/2)",
        reference: "Dozat 2016; torch.optim.NAdam",
        learningRate: 2e-3, [beta1, beta2, epsilon(1e-8), weightDecay(0)]) { v in
            Nadam(beta1: v.real("beta1"), beta2: v.real("beta2"), epsilon: v.real("eps"), weightDecay: v.real("weight-decay"))
        }

    /// One adaptive method: the same parameters for full-gradient runs and mini-batch training.
    static func adaptive(name: String, summary: String, reference: String, learningRate rate: Double, _ own: [Parameter],
                         rule: @escaping @Sendable (ParameterValues) -> any AdaptiveRule) -> SolverDescriptor {
        let parameters = [learningRate(default: rate)] + own + stepParameters
        return SolverDescriptor(
            name: name, summary: summary, reference: reference, parameters: parameters,
            lineSearch: .none(reason: "it scales its steps by {lr} itself"),
            miniBatch: MiniBatchUse(parameters: parameters) { v in miniBatchOptions(.adaptive(rule(v)), v) },
            build: { v, _ in
                func make(_ r: some AdaptiveRule) -> any Solver { AdaptiveSolver(r, control: stepControl(v)) }
                return make(rule(v))
            })
    }

    /// [0, 1).
    static let unitFactor = NumberRange(lower: 0, lowerClosed: true, upper: 1)
    static let beta1 = Parameter("beta1", "β₁, smoothing of the first moment", .real(unitFactor), default: .value(.real(0.9)))
    static let beta2 = Parameter("beta2", "β₂, smoothing of the second moment", .real(unitFactor), default: .value(.real(0.999)))
    static let amsgrad = Parameter("amsgrad", "AMSGrad: divide by the largest second moment so far", .flag, default: .value(.flag(false)))

    static func epsilon(_ value: Double) -> Parameter {
        Parameter("eps", field: "epsilon", "ε, added to the denominator", .real(.above(0)), default: .value(.real(value)))
    }

    static func weightDecay(_ value: Double) -> Parameter {
        Parameter("weight-decay", field: "weightDecay", "λ of the weight decay", .real(.atLeast(0)), default: .value(.real(value)))
    }
}
