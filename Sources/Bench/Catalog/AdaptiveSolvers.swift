import Optim

/// The adaptive first-order family: each rule (`Sources/Optim/Solvers/Adaptive/`) as a
/// full-gradient solver and as a mini-batch training rule, with torch.optim's defaults (the
/// rules' initializers and `defaultLearningRate`).
extension SolverDescriptor {
    static let adam = adaptive(
        name: "adam",
        summary:
            "Adam: bias-corrected first and second moment estimates, θ −= η m̂/(√v̂ + ε); L2 weight decay; AMSGrad on "
                + "request",
        reference: "Kingma & Ba 2015; Reddi, Kale & Kumar 2018 (AMSGrad); torch.optim.Adam"
    ) { Adam() }

    static let adamw = adaptive(
        name: "adamw",
        summary: "AdamW: Adam with decoupled weight decay θ −= ηλθ outside the gradient; AMSGrad on request",
        reference: "Loshchilov & Hutter 2019; torch.optim.AdamW"
    ) {
        Adam(weightDecay: 0.01, decoupled: true)
    }

    static let rmsprop = adaptive(
        name: "rmsprop",
        summary: "RMSProp: θ −= η g/(√v + ε) with v a running mean of g²; centred (v − ḡ²) and momentum variants",
        reference: "Tieleman & Hinton 2012 (lecture 6e); Graves 2013 (centred); torch.optim.RMSprop"
    ) { RMSProp() }

    static let adagrad = adaptive(
        name: "adagrad", summary: "Adagrad: θ −= η g/(√s + ε) with s the sum of all g²",
        reference: "Duchi, Hazan & Singer 2011; torch.optim.Adagrad"
    ) { Adagrad() }

    static let adadelta = adaptive(
        name: "adadelta",
        summary: "Adadelta: θ −= η·√(u + ε)/√(v + ε)·g, running means v of g² and u of the squared steps",
        reference: "Zeiler 2012; torch.optim.Adadelta"
    ) { Adadelta() }

    static let nadam = adaptive(
        name: "nadam",
        summary: "Nadam: Adam with Nesterov momentum and the momentum schedule μₜ = β₁(1 − 0.96^(0.004t)/2)",
        reference: "Dozat 2016; torch.optim.NAdam"
    ) { Nadam() }

    /// One adaptive method: the same parameters for full-gradient runs and mini-batch training.
    static func adaptive<Rule: AdaptiveRule>(name: String, summary: String, reference: String,
                                             rule: @escaping @Sendable () -> Rule) -> SolverDescriptor {
        SolverDescriptor(
            name: name, summary: summary, reference: reference,
            lineSearch: .none(reason: "it scales its steps by {lr} itself"),
            miniBatch: MiniBatchUse { AdaptiveSolver(rule()) },
            make: { _ in AdaptiveSolver(rule()) })
    }
}
