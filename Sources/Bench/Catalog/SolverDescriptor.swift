import Optim

/// A solver the catalog can configure: its parameters are a `Configurable` table.
public typealias ConfigurableSolver = Solver & Configurable
/// A line search the catalog can configure.
public typealias ConfigurableLineSearch = LineSearch & Configurable

/// One solver, described once: its name, what it is, where it comes from, and how to make it
/// at its defaults. Its parameters, their ranges, meanings and defaults are the solver type's
/// own table (`Configurable.parameters`, defaults read off the value `make` returns); the
/// command line, `compare`, `list`, help and the tables of docs/solvers.md all read them through here.
/// Adding a solver is its file in `Sources/Optim/Solvers` (with its table), one registration
/// in `SolverDescriptor.all` and its tests.
public struct SolverDescriptor: Sendable {
    /// The name people select it by (`--solver lbfgs`, `compare --solvers lbfgs`).
    public let name: String
    /// One line: what the method is.
    public let summary: String
    /// Where the algorithm comes from (paper, book section, algorithm number).
    public let reference: String
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
    /// What it keeps and does per iteration when it works with dense n × n matrices (nil for
    /// the O(n) methods): the notice before a slow or large run.
    public let denseWork: DenseWork?
    /// Whether it takes general constraints l ≤ c(x) ≤ u (it conforms to `ConstrainedSolver`);
    /// other solvers refuse a constrained problem.
    public let acceptsConstraints: Bool
    /// The solver at its defaults, with `search` when it takes a line search (nil otherwise).
    let make: @Sendable ((any ConfigurableLineSearch)?) -> any ConfigurableSolver
    /// The solver's own parameters (the line search's are the line-search descriptor's), with
    /// the defaults of a solver `make` made.
    public let parameters: [ParameterInfo]

    public init(
        name: String, summary: String, reference: String, lineSearch: LineSearchUse,
        requires: [ObjectiveCapability] = [],
        approximatesInverseHessian: Bool = false, miniBatch: MiniBatchUse? = nil,
        redirect: (key: String, solver: String)? = nil, acceptsBounds: Bool = false,
        acceptsConstraints: Bool = false, denseWork: DenseWork? = nil,
        make: @escaping @Sendable ((any ConfigurableLineSearch)?) -> any ConfigurableSolver
    ) {
        self.name = name
        self.summary = summary
        self.reference = reference
        self.lineSearch = lineSearch
        self.requires = requires
        self.approximatesInverseHessian = approximatesInverseHessian
        self.miniBatch = miniBatch
        self.redirect = redirect
        self.acceptsBounds = acceptsBounds
        self.denseWork = denseWork
        self.acceptsConstraints = acceptsConstraints
        self.make = make
        var search: (any ConfigurableLineSearch)?
        if case .takes(let defaultName, _, _) = lineSearch { search = LineSearchDescriptor.named(defaultName)?.make() }
        let solver = make(search)
        parameters = solver.parameterInfo
        isDerivativeFree = solver is any DerivativeFreeSolver
    }

    /// Whether it evaluates f alone (it conforms to `DerivativeFreeSolver`): `list`'s JSON
    /// says so, and scripts/compare/derivative-free picks such solvers by it.
    public let isDerivativeFree: Bool

    public func parameter(_ key: String) -> ParameterInfo? { parameters.first { $0.key == key } }

    /// Whether it keeps or factors an n × n matrix (a dense Hessian, a Jacobian's QR, a full
    /// quasi-Newton matrix): work per iteration grows like n² or faster, not n. Read off what
    /// it requires and keeps: a limited-memory quasi-Newton method has a `memory` parameter; a
    /// method that says its dense work (`denseWork`: sqp's B and QP) keeps one too.
    public var keepsDenseMatrix: Bool {
        requires.contains(.hessian) || requires.contains(.residuals)
            || (approximatesInverseHessian && parameter("memory") == nil) || denseWork != nil
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

/// How a solver trains by mini-batches (an epoch is a pass over the samples): the method at
/// its defaults, whose table is the parameters it takes in that mode (batches and epochs are
/// `TrainingSchedule`'s).
public struct MiniBatchUse: Sendable {
    let make: @Sendable () -> any MiniBatchMethod
    public let parameters: [ParameterInfo]

    public init(make: @escaping @Sendable () -> any MiniBatchMethod) {
        self.make = make
        parameters = make().parameterInfo
    }
}

/// One line search, described once (see `SolverDescriptor`).
public struct LineSearchDescriptor: Sendable {
    public let name: String
    public let summary: String
    public let reference: String
    /// Capabilities it needs from the objective beyond f and ∇f.
    public let requires: [ObjectiveCapability]
    /// A fixed step rather than a search: only solvers that allow it take it.
    public let isFixedStep: Bool
    /// Whether it starts from a trial step the solver proposes (false for the fixed step and
    /// the exact step, which choose α themselves: a solver's `initial-step` rule is then moot).
    public let triesInitialStep: Bool
    /// The line search at its defaults.
    let make: @Sendable () -> any ConfigurableLineSearch
    /// Its parameters, with the defaults of a line search `make` made.
    public let parameters: [ParameterInfo]

    public init(
        name: String, summary: String, reference: String, requires: [ObjectiveCapability] = [],
        isFixedStep: Bool = false,
        triesInitialStep: Bool = true, make: @escaping @Sendable () -> any ConfigurableLineSearch
    ) {
        self.name = name
        self.summary = summary
        self.reference = reference
        self.requires = requires
        self.isFixedStep = isFixedStep
        self.triesInitialStep = triesInitialStep
        self.make = make
        parameters = make().parameterInfo
    }

    public func parameter(_ key: String) -> ParameterInfo? { parameters.first { $0.key == key } }
}
