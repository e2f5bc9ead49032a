import Optim

/// What the user asked for: a solver by name, a line search by name, and parameters.
/// `nil` means "the solver's default".
public struct SolverRequest: Sendable {
    public var solver: String
    public var lineSearch: String?
    public var memory: Int?
    public var c1: Double?
    public var c2: Double?

    public init(solver: String, lineSearch: String? = nil, memory: Int? = nil, c1: Double? = nil, c2: Double? = nil) {
        self.solver = solver
        self.lineSearch = lineSearch
        self.memory = memory
        self.c1 = c1
        self.c2 = c2
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
        CatalogEntry(name: "lbfgs", summary: "L-BFGS, two-loop recursion, H₀ = (sᵀy/yᵀy)·I",
                     parameters: [("memory", "10", "pairs (s, y) kept (m)"), ("line-search", "more-thuente", "")]),
        CatalogEntry(name: "gd", summary: "steepest descent with a line search, α₀ by N&W eq. 3.60",
                     parameters: [("line-search", "more-thuente", "")]),
    ]

    public static let lineSearches: [CatalogEntry] = [
        CatalogEntry(name: "more-thuente", summary: "strong Wolfe, Moré & Thuente (1994), MINPACK-2 dcsrch; ≤ 20 evaluations per search",
                     parameters: [("c1", "1e-4", "sufficient decrease"), ("c2", "0.9", "curvature")]),
        CatalogEntry(name: "hager-zhang", summary: "Wolfe or approximate Wolfe, Hager & Zhang (2005), CG_DESCENT; reaches tiny gradients; ≤ 50 evaluations per search",
                     parameters: [("c1", "0.1", "δ, sufficient decrease"), ("c2", "0.9", "σ, curvature")]),
        CatalogEntry(name: "backtracking", summary: "Armijo backtracking, safeguarded quadratic/cubic interpolation; ≤ 50 evaluations per search",
                     parameters: [("c1", "1e-4", "sufficient decrease")]),
    ]

    /// Builds and validates the solver a request names.
    public static func make(_ request: SolverRequest) throws(CatalogError) -> any Solver {
        guard solvers.contains(where: { $0.name == request.solver }) else {
            throw CatalogError(parameter: "solver", value: request.solver, expected: "one of: \(solvers.map(\.name).joined(separator: ", "))")
        }
        if request.memory != nil && request.solver != "lbfgs" {
            throw CatalogError(parameter: "memory", value: String(request.memory!), expected: "no value: it applies only to the lbfgs solver, not '\(request.solver)'")
        }
        let searchName = request.lineSearch ?? "more-thuente"
        let solver: any Solver
        switch searchName {
        case "more-thuente":
            var search = MoreThuente()
            if let c1 = request.c1 { search.c1 = c1 }
            if let c2 = request.c2 { search.c2 = c2 }
            try check { () throws(InvalidParameter) in try search.validate() }
            solver = build(request, lineSearch: search)
        case "hager-zhang":
            var search = HagerZhang()
            if let c1 = request.c1 { search.delta = c1 }
            if let c2 = request.c2 { search.sigma = c2 }
            try check { () throws(InvalidParameter) in try search.validate() }
            solver = build(request, lineSearch: search)
        case "backtracking":
            if request.c2 != nil {
                throw CatalogError(parameter: "c2", value: "\(request.c2!)", expected: "no value: the backtracking line search has no curvature condition")
            }
            var search = Backtracking()
            if let c1 = request.c1 { search.c1 = c1 }
            try check { () throws(InvalidParameter) in try search.validate() }
            solver = build(request, lineSearch: search)
        default:
            throw CatalogError(parameter: "lineSearch", value: searchName, expected: "one of: \(lineSearches.map(\.name).joined(separator: ", "))")
        }
        try check { () throws(InvalidParameter) in try solver.validate() }
        return solver
    }

    private static func build<Search: LineSearch>(_ request: SolverRequest, lineSearch: Search) -> any Solver {
        switch request.solver {
        case "lbfgs": LBFGS(memory: request.memory ?? 10, lineSearch: lineSearch)
        default: GradientDescent(lineSearch: lineSearch)
        }
    }

    private static func check(_ body: () throws(InvalidParameter) -> Void) throws(CatalogError) {
        do { try body() } catch { throw CatalogError(parameter: error.name, value: error.value, expected: error.expected) }
    }
}
