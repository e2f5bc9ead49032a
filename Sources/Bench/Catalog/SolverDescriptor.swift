import Optim

/// One solver, described once: everything the command line, `compare`, `list`, help and the
/// README tables know about it comes from here. Adding a solver is its file in
/// `Sources/Optim/Solvers`, its descriptor in `SolverDescriptor.all` and its tests.
public struct SolverDescriptor: Sendable {
    /// The name people select it by (`--solver lbfgs`, `compare --solvers lbfgs`).
    public let name: String
    /// One line: what the method is.
    public let summary: String
    /// Where the algorithm comes from (paper, book section, algorithm number).
    public let reference: String
    /// The solver's own parameters (the line search's are the line-search descriptor's).
    public let parameters: [Parameter]
    /// Whether it takes a line search, which by default, and what it sets for it.
    public let lineSearch: LineSearchUse
    /// Capabilities it needs from the objective beyond f and ∇f.
    public let requires: [ObjectiveCapability]
    /// Whether it keeps an inverse-Hessian approximation Hₖ (`optbench hessian` compares it
    /// with ∇²f⁻¹); such solvers conform to `QuasiNewtonSolver`.
    public let approximatesInverseHessian: Bool
    /// How it trains by mini-batches, when it can.
    public let miniBatch: MiniBatchUse?
    /// A parameter key that makes a request for this solver one for another solver, which
    /// declares that key (`lbfgs` given `l1` is `owlqn`).
    public let redirect: (key: String, solver: String)?
    /// Whether it minimizes over box bounds (it conforms to `BoundedSolver`); other solvers
    /// refuse a bounded problem.
    public let acceptsBounds: Bool
    /// Builds the solver from its parameter values and, when it takes one, the line search.
    let build: @Sendable (ParameterValues, (any LineSearch)?) -> any Solver

    public init(name: String, summary: String, reference: String, parameters: [Parameter] = [], lineSearch: LineSearchUse,
                requires: [ObjectiveCapability] = [], approximatesInverseHessian: Bool = false, miniBatch: MiniBatchUse? = nil,
                redirect: (key: String, solver: String)? = nil, acceptsBounds: Bool = false,
                build: @escaping @Sendable (ParameterValues, (any LineSearch)?) -> any Solver) {
        self.name = name
        self.summary = summary
        self.reference = reference
        self.parameters = parameters
        self.lineSearch = lineSearch
        self.requires = requires
        self.approximatesInverseHessian = approximatesInverseHessian
        self.miniBatch = miniBatch
        self.redirect = redirect
        self.acceptsBounds = acceptsBounds
        self.build = build
    }

    public func parameter(_ key: String) -> Parameter? { parameters.first { $0.key == key } }

    /// Whether it keeps or factors an n × n matrix (a dense Hessian, a Jacobian's QR, a full
    /// quasi-Newton matrix): work per iteration grows like n² or faster, not n. Read off what
    /// it requires and keeps: a limited-memory quasi-Newton method has a `memory` parameter.
    public var keepsDenseMatrix: Bool {
        requires.contains(.hessian) || requires.contains(.residuals) || (approximatesInverseHessian && parameter("memory") == nil)
    }

    /// Whether it takes a line search.
    public var takesLineSearch: Bool {
        if case .takes = lineSearch { return true }
        return false
    }
}

/// How a solver uses a line search.
public enum LineSearchUse: Sendable {
    /// It takes none; `reason` says why, for the refusal (`{key}` names a parameter).
    case none(reason: String)
    /// It takes one: `defaultName` unless another is named; the fixed step (`none`) only when
    /// `allowsFixedStep`; `defaults` override the line search's own defaults (c2 = 0.1 for
    /// conjugate gradient).
    case takes(defaultName: String, allowsFixedStep: Bool, defaults: [String: ParameterValue])
}

/// How a solver trains by mini-batches (an epoch is a pass over the samples), and the
/// parameters it takes in that mode (batches and epochs are `TrainingParameters`').
public struct MiniBatchUse: Sendable {
    public let parameters: [Parameter]
    /// The training options of the method — update rule, learning rate, its schedule and
    /// clipping — from the parameter values; the caller sets batches, epochs and seed.
    let method: @Sendable (ParameterValues) -> MiniBatchOptions

    public init(parameters: [Parameter], method: @escaping @Sendable (ParameterValues) -> MiniBatchOptions) {
        self.parameters = parameters
        self.method = method
    }
}

/// One line search, described once (see `SolverDescriptor`).
public struct LineSearchDescriptor: Sendable {
    public let name: String
    public let summary: String
    public let reference: String
    public let parameters: [Parameter]
    /// Capabilities it needs from the objective beyond f and ∇f.
    public let requires: [ObjectiveCapability]
    /// A fixed step rather than a search: only solvers that allow it take it.
    public let isFixedStep: Bool
    /// Whether it starts from a trial step the solver proposes (false for the fixed step and
    /// the exact step, which choose α themselves: a solver's `initial-step` rule is then moot).
    public let triesInitialStep: Bool
    let build: @Sendable (ParameterValues) -> any LineSearch

    public init(name: String, summary: String, reference: String, parameters: [Parameter] = [], requires: [ObjectiveCapability] = [],
                isFixedStep: Bool = false, triesInitialStep: Bool = true, build: @escaping @Sendable (ParameterValues) -> any LineSearch) {
        self.name = name
        self.summary = summary
        self.reference = reference
        self.parameters = parameters
        self.requires = requires
        self.isFixedStep = isFixedStep
        self.triesInitialStep = triesInitialStep
        self.build = build
    }

    public func parameter(_ key: String) -> Parameter? { parameters.first { $0.key == key } }

}
