import Optim

/// What the user asked for: a solver by name, a line search by name, and parameters.
/// `nil` means "the solver's default"; a parameter the solver does not use is an error.
public struct SolverRequest: Sendable {
    public var solver: String
    public var lineSearch: String?
    public var memory: Int?
    public var c1: Double?
    public var c2: Double?
    public var beta: String?
    public var learningRate: Double?
    public var momentum: Double?
    public var preconditioner: String?
    public var initialStep: String?
    public var scaling: String?

    public init(solver: String, lineSearch: String? = nil, memory: Int? = nil, c1: Double? = nil, c2: Double? = nil,
                beta: String? = nil, learningRate: Double? = nil, momentum: Double? = nil, preconditioner: String? = nil,
                initialStep: String? = nil, scaling: String? = nil) {
        self.solver = solver
        self.lineSearch = lineSearch
        self.memory = memory
        self.c1 = c1
        self.c2 = c2
        self.beta = beta
        self.learningRate = learningRate
        self.momentum = momentum
        self.preconditioner = preconditioner
        self.initialStep = initialStep
        self.scaling = scaling
    }
}

/// A request that cannot be built: `parameter` (the library-side name; the command line maps
/// it to its flag) has `value`, and `expected` says what would be accepted.
public struct CatalogError: Error, Equatable, CustomStringConvertible {
    public let parameter: String
    public let value: String
    public let expected: String
    public var description: String { "invalid \(parameter) '\(value)': expected \(expected)" }
}

/// An entry of the catalog, for `optbench list`.
public struct CatalogEntry: Sendable {
    public let name: String
    public let summary: String
    /// (parameter, default, meaning).
    public let parameters: [(name: String, defaultValue: String, summary: String)]
}

/// The solvers and line searches selectable by name, and how a request becomes a solver.
public enum SolverCatalog {
    public static let solvers: [CatalogEntry] = [
        CatalogEntry(name: "lbfgs", summary: "L-BFGS, two-loop recursion, H₀ = γI",
                     parameters: [("memory", "10", "pairs (s, y) kept (m)"), ("h0", "latest", "γ from the latest pair, the first pair, or identity"),
                                  ("line-search", "more-thuente", "")]),
        CatalogEntry(name: "bfgs", summary: "BFGS, dense inverse-Hessian update (n ≤ 5000)",
                     parameters: [("h0", "first", "H₀ = (yᵀs/yᵀy)·I after the first step, or identity"), ("line-search", "more-thuente", "")]),
        CatalogEntry(name: "cg", summary: "nonlinear conjugate gradient, restarts every n, on Powell's test and on ascent",
                     parameters: [("beta", "pr+", "fr, pr, pr+, hs, dy or hz"), ("initial-step", "previous-decrease", "or hager-zhang"),
                                  ("line-search", "more-thuente", "with c2 = 0.1")]),
        CatalogEntry(name: "linear-cg", summary: "linear conjugate gradient for quadratics (Qx = b)",
                     parameters: [("preconditioner", "none", "none or jacobi")]),
        CatalogEntry(name: "newton", summary: "Newton's method, Cholesky with τI shift when indefinite (n ≤ 5000)",
                     parameters: [("line-search", "more-thuente", "")]),
        CatalogEntry(name: "gd", summary: "gradient descent, with a line search or a fixed step (--lr)",
                     parameters: [("line-search", "more-thuente", "none with --lr"), ("initial-step", "previous-decrease", "or hager-zhang")]),
        CatalogEntry(name: "momentum", summary: "heavy-ball momentum, fixed step",
                     parameters: [("lr", "required", "learning rate η"), ("momentum", "0.9", "γ")]),
        CatalogEntry(name: "nag", summary: "Nesterov accelerated gradient, fixed step",
                     parameters: [("lr", "required", "learning rate η"), ("momentum", "0.9", "γ")]),
    ]

    public static let lineSearches: [CatalogEntry] = [
        CatalogEntry(name: "more-thuente", summary: "strong Wolfe, Moré & Thuente (1994), MINPACK-2 dcsrch; ≤ 20 evaluations per search",
                     parameters: [("c1", "1e-4", "sufficient decrease"), ("c2", "0.9 (cg: 0.1)", "curvature")]),
        CatalogEntry(name: "strong-wolfe", summary: "strong Wolfe by bracketing and zoom, N&W Algorithms 3.5–3.6; ≤ 30 evaluations per search",
                     parameters: [("c1", "1e-4", "sufficient decrease"), ("c2", "0.9 (cg: 0.1)", "curvature")]),
        CatalogEntry(name: "hager-zhang", summary: "Wolfe or approximate Wolfe, Hager & Zhang (2005), CG_DESCENT; reaches tiny gradients; ≤ 50 evaluations per search",
                     parameters: [("c1", "0.1", "δ, sufficient decrease"), ("c2", "0.9 (cg: 0.1)", "σ, curvature")]),
        CatalogEntry(name: "backtracking", summary: "Armijo backtracking, safeguarded quadratic/cubic interpolation; ≤ 50 evaluations per search",
                     parameters: [("c1", "1e-4", "sufficient decrease")]),
        CatalogEntry(name: "exact", summary: "exact minimizer along d of a quadratic, α = −gᵀd / dᵀQd (quadratics only)", parameters: []),
        CatalogEntry(name: "none", summary: "fixed step α = --lr (gd only)", parameters: []),
    ]

    /// Parameters each solver accepts besides the line search's.
    private static let accepts: [String: Set<String>] = [
        "memory": ["lbfgs"], "beta": ["cg"], "momentum": ["momentum", "nag"], "preconditioner": ["linear-cg"],
        "initialStep": ["gd", "cg"], "scaling": ["lbfgs", "bfgs"], "learningRate": ["gd", "momentum", "nag"],
    ]

    private static func names(_ entries: [CatalogEntry]) -> String { entries.map(\.name).joined(separator: ", ") }
    private static func names<E: RawRepresentable & CaseIterable>(_ e: E.Type) -> String where E.RawValue == String {
        e.allCases.map(\.rawValue).joined(separator: ", ")
    }

    /// Builds and validates the solver a request names.
    public static func make(_ r: SolverRequest) throws(CatalogError) -> any Solver {
        guard solvers.contains(where: { $0.name == r.solver }) else {
            throw CatalogError(parameter: "solver", value: r.solver, expected: "one of: \(names(solvers))")
        }
        let given: [(String, String?)] = [
            ("memory", r.memory.map(String.init)), ("beta", r.beta), ("momentum", r.momentum.map { "\($0)" }),
            ("preconditioner", r.preconditioner), ("initialStep", r.initialStep), ("scaling", r.scaling),
            ("learningRate", r.learningRate.map { "\($0)" }),
        ]
        for case let (parameter, value?) in given where !accepts[parameter]!.contains(r.solver) {
            let users = accepts[parameter]!.sorted().joined(separator: ", ")
            throw CatalogError(parameter: parameter, value: value, expected: "no value for \(r.solver): it applies to \(users)")
        }

        let solver: any Solver
        switch r.solver {
        case "momentum", "nag":
            try refuseLineSearch(r, because: "\(r.solver) takes fixed steps of size --lr")
            guard let eta = r.learningRate else {
                throw CatalogError(parameter: "learningRate", value: "none", expected: "a learning rate: \(r.solver) needs --lr")
            }
            solver = Momentum(r.solver == "momentum" ? .heavyBall : .nesterov, learningRate: eta, momentum: r.momentum ?? 0.9)
        case "linear-cg":
            try refuseLineSearch(r, because: "linear-cg computes its exact step itself")
            guard ["none", "jacobi"].contains(r.preconditioner ?? "none") else {
                throw CatalogError(parameter: "preconditioner", value: r.preconditioner!, expected: "none or jacobi")
            }
            solver = LinearCG(jacobi: r.preconditioner == "jacobi")
        default:
            let searchName = r.lineSearch ?? (r.learningRate != nil ? "none" : "more-thuente")
            if searchName == "none" && (r.solver != "gd" || r.learningRate == nil) {
                throw CatalogError(parameter: "lineSearch", value: "none", expected: r.solver == "gd"
                    ? "a fixed step needs --lr" : "a line search for \(r.solver): \(names(lineSearches.filter { $0.name != "none" }))")
            }
            if let eta = r.learningRate, searchName != "none" {
                throw CatalogError(parameter: "learningRate", value: "\(eta)", expected: "no value with --line-search \(searchName) (--lr is a fixed step)")
            }
            // Curvature constant: 0.1 for CG, 0.9 for the others (Wolfe searches only).
            let c2 = r.c2 ?? (r.solver == "cg" ? 0.1 : 0.9)
            switch searchName {
            case "more-thuente":
                solver = try build(r, MoreThuente(c1: r.c1 ?? 1e-4, c2: c2))
            case "strong-wolfe":
                solver = try build(r, StrongWolfe(c1: r.c1 ?? 1e-4, c2: c2))
            case "hager-zhang":
                solver = try build(r, HagerZhang(delta: r.c1 ?? 0.1, sigma: c2))
            case "backtracking":
                try refuse(r.c2, "c2", because: "the backtracking line search has no curvature condition")
                solver = try build(r, Backtracking(c1: r.c1 ?? 1e-4))
            case "exact":
                try refuse(r.c1, "c1", because: "the exact line search has no conditions to tune")
                try refuse(r.c2, "c2", because: "the exact line search has no conditions to tune")
                solver = try build(r, ExactQuadratic())
            case "none":
                try refuse(r.c1, "c1", because: "a fixed step has no conditions to tune")
                try refuse(r.c2, "c2", because: "a fixed step has no conditions to tune")
                solver = try build(r, FixedStep(learningRate: r.learningRate!))
            default:
                throw CatalogError(parameter: "lineSearch", value: searchName, expected: "one of: \(names(lineSearches))")
            }
        }
        try check { () throws(InvalidParameter) in try solver.validate() }
        return solver
    }

    private static func refuse(_ value: Double?, _ parameter: String, because reason: String) throws(CatalogError) {
        if let value { throw CatalogError(parameter: parameter, value: "\(value)", expected: "no value: \(reason)") }
    }

    private static func refuseLineSearch(_ r: SolverRequest, because reason: String) throws(CatalogError) {
        if let search = r.lineSearch { throw CatalogError(parameter: "lineSearch", value: search, expected: "no line search: \(reason)") }
        try refuse(r.c1, "c1", because: reason)
        try refuse(r.c2, "c2", because: reason)
    }

    private static func build<Search: LineSearch>(_ r: SolverRequest, _ search: Search) throws(CatalogError) -> any Solver {
        let initialStep = try parse(InitialStepRule.self, r.initialStep, "initialStep") ?? .previousDecrease
        switch r.solver {
        case "lbfgs":
            let scaling = try parse(InitialHessianScaling.self, r.scaling, "scaling") ?? .latestPair
            return LBFGS(memory: r.memory ?? 10, lineSearch: search, scaling: scaling)
        case "bfgs":
            let scaling = try parse(InitialHessianScaling.self, r.scaling, "scaling") ?? .firstPair
            return BFGS(lineSearch: search, scaling: scaling)
        case "cg":
            let beta = try parse(BetaRule.self, r.beta, "beta") ?? .polakRibierePlus
            return NonlinearCG(beta: beta, lineSearch: search, initialStep: initialStep)
        case "newton":
            return Newton(lineSearch: search)
        default:
            return GradientDescent(lineSearch: search, initialStep: initialStep)
        }
    }

    private static func parse<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ text: String?, _ parameter: String) throws(CatalogError) -> E? where E.RawValue == String {
        guard let text else { return nil }
        guard let value = E(rawValue: text) else {
            throw CatalogError(parameter: parameter, value: text, expected: "one of: \(names(type))")
        }
        return value
    }

    private static func check(_ body: () throws(InvalidParameter) -> Void) throws(CatalogError) {
        do { try body() } catch { throw CatalogError(parameter: error.name, value: error.value, expected: error.expected) }
    }
}
