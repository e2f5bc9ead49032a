import Optim

/// Why a request (a solver with parameters, a run, a comparison) cannot be carried out.
/// Structured: `message(spelling:)` phrases it with parameter keys spelled the caller's way
/// (`--memory` on the command line, `memory` inside `compare --solvers`).
public enum RequestError: Error, Equatable, Sendable {
    case unknownSolver(String)
    case unknownLineSearch(String)
    /// A key no solver, line search, stopping rule or training parameter declares.
    case unknownParameter(String)
    case repeated(key: String)
    /// A value outside what the parameter accepts.
    case invalidValue(key: String, value: String, expected: String)
    /// A parameter that takes a value was given none.
    case missingValue(key: String, expected: String)
    /// A required parameter (a fixed-step method's learning rate) is missing.
    case missing(key: String, owner: String, meaning: String)
    /// The key is a parameter, but not of this solver (or its line search, or this mode).
    case notAccepted(key: String, owner: String, acceptedBy: [String])
    /// A line search given to a solver that takes none; `reason` may name keys as `{key}`.
    case takesNoLineSearch(solver: String, lineSearch: String, reason: String)
    /// The fixed step (`none`) given to a solver that needs a real line search.
    case fixedStepNotAllowed(solver: String)
    /// Mini-batch training asked of a solver that cannot do it.
    case noMiniBatchTraining(solver: String)
    /// A training parameter without `epochs` or `batch-size`.
    case needsTraining(key: String)
    /// A stopping rule that mini-batch training does not use.
    case notInTraining(key: String)
    /// Mini-batch training on an objective that is not a mean over samples.
    case notMiniBatchObjective(problem: String)
    /// Dropout on an objective that is not a network.
    case dropoutNeedsNetwork(problem: String)
    /// The solver (or its line search) cannot minimize the objective (of `problem`, when the
    /// caller names it).
    case unsupported(solver: String, lineSearch: String?, Unsupported, problem: String? = nil)
    /// A bounded problem given to a solver that does not take bounds.
    case boundsNotAccepted(solver: String)
    /// A problem with general constraints given to a solver that does not take them.
    case constraintsNotAccepted(solver: String)
    /// A parameter given for an objective that lacks what it acts on (`Parameter.onlyWith`).
    case parameterNeedsCapability(key: String, solver: String, ObjectiveCapability)
    /// `optbench hessian` with a solver that keeps no inverse-Hessian approximation.
    case noInverseHessian(solver: String)
    /// A solver or line-search parameter given where only run-wide ones belong (compare).
    case perSolverParameter(key: String)
    /// A training parameter where only deterministic runs happen (compare, hessian).
    case trainingNotAvailable(key: String, command: String)
    /// A parameter that shapes the trial step, with a line search that chooses α itself.
    case mootWithLineSearch(key: String, lineSearch: String)

    /// One line for people; `spelling` turns a parameter key into how the caller names it.
    public func message(spelling spell: (String) -> String) -> String {
        switch self {
        case .unknownSolver(let name):
            return "invalid value '\(name)' for \(spell("solver")): expected one of: \(SolverCatalog.solverNames)"
        case .unknownLineSearch(let name):
            return
                "invalid value '\(name)' for \(spell("line-search")): expected one of: \(SolverCatalog.lineSearchNames)"
        case .unknownParameter(let key):
            return key.isEmpty ? "a parameter without a name" : "unknown parameter \(spell(key)) (see 'optbench list')"
        case .repeated(let key):
            return "\(spell(key)) is given more than once"
        case .invalidValue(let key, let value, let expected):
            return "invalid value '\(value)' for \(spell(key)): expected \(expected)"
        case .missingValue(let key, let expected):
            return "\(spell(key)) needs a value: \(expected)"
        case .missing(let key, let owner, let meaning):
            return "\(owner) needs \(spell(key)) (\(meaning))"
        case .notAccepted(let key, let owner, let acceptedBy):
            let users = acceptedBy.isEmpty ? "" : "; it applies to \(Self.list(acceptedBy, "and"))"
            return "\(spell(key)) does not apply to \(owner)\(users)"
        case .takesNoLineSearch(let solver, let lineSearch, let reason):
            return
                "invalid value '\(lineSearch)' for \(spell("line-search")): \(solver) takes no line search: "
                    + "\(Self.render(reason, spell))"
        case .fixedStepNotAllowed(let solver):
            let searches = LineSearchDescriptor.all.filter { !$0.isFixedStep }.map(\.name)
            return
                "invalid value 'none' for \(spell("line-search")): \(solver) needs a line search: "
                    + "\(Self.list(searches, "or"))"
        case .noMiniBatchTraining(let solver):
            let able = SolverDescriptor.all.filter { $0.miniBatch != nil }.map(\.name)
            return
                "\(spell("epochs"))/\(spell("batch-size")) train by mini-batches with \(Self.list(able, "or")), not "
                    + "'\(solver)'"
        case .needsTraining(let key):
            return "\(spell(key)) applies to mini-batch training: add \(spell("epochs"))"
        case .notInTraining(let key):
            return
                "\(spell(key)) does not apply to mini-batch training: it runs for \(spell("epochs")) epochs (of the "
                    + "stopping rules only \(spell("time-limit")) applies)"
        case .notMiniBatchObjective(let problem):
            return "\(spell("problem")) \(problem) is not a mean over samples; mini-batch training needs an mlp problem"
        case .dropoutNeedsNetwork(let problem):
            return "\(spell("dropout-keep")) applies to mlp problems only, not \(problem)"
        case .unsupported(let solver, let lineSearch, let reason, let problem):
            // Only a problem file can have fewer residuals than variables: name it and the field.
            let file = if case .fewerResiduals = reason, let problem { "\(problem): field 'residuals': " } else { "" }
            return file + Self.phrase(reason, solver: solver, lineSearch: lineSearch, spell)
        case .parameterNeedsCapability(let key, let solver, let capability):
            return
                "\(spell(key)) acts on \(Self.phrase(capability)), which this problem does not have: \(solver) would "
                    + "ignore it here; leave it out"
        case .constraintsNotAccepted(let solver):
            let able = SolverDescriptor.all.filter(\.acceptsConstraints).map(\.name)
            return "\(solver) does not take constraints; for a problem with constraints use \(Self.list(able, "or"))"
        case .boundsNotAccepted(let solver):
            let able = SolverDescriptor.all.filter(\.acceptsBounds).map(\.name)
            return
                "\(solver) does not take bounds; for a problem with bounds (--bounds, a problem file's lower/upper) "
                    + "use \(Self.list(able, "or"))"
        case .noInverseHessian(let solver):
            let able = SolverDescriptor.all.filter(\.approximatesInverseHessian).map(\.name)
            return "hessian diagnostics need a quasi-Newton solver: \(Self.list(able, "or")), not '\(solver)'"
        case .perSolverParameter(let key):
            let solver =
                SolverDescriptor.all.first {
                    $0.parameter(key) != nil || $0.miniBatch?.parameters.contains { $0.key == key } == true
                }?.name
                ?? "gd:line-search=\(LineSearchDescriptor.all.first { $0.parameter(key) != nil }?.name ?? "…")"
            return "\(spell(key)) is a solver parameter: give it after a solver, e.g. --solvers \(solver):\(key)=…"
        case .trainingNotAvailable(let key, let command):
            return "\(spell(key)) applies to mini-batch training, which \(command) does not do"
        case .mootWithLineSearch(let key, let lineSearch):
            return "\(spell(key)) does not apply with the line search \(lineSearch): it chooses the step itself"
        }
    }

    /// "a", "a or b", "a, b or c".
    static func list(_ items: [String], _ conjunction: String) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
    }

    /// Replaces `{key}` in a descriptor's text by the key spelled the caller's way.
    static func render(_ text: String, _ spell: (String) -> String) -> String {
        var out = "", rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open] + spell(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// What an objective must offer, for people.
    static func phrase(_ capability: ObjectiveCapability) -> String {
        switch capability {
        case .hessian: "an objective with a Hessian"
        case .hessianVectorProducts: "an objective with Hessian-vector products"
        case .quadratic: "a quadratic objective (quadratic:… or a quadratic problem file)"
        case .miniBatches: "an objective that is a mean over samples (an mlp problem)"
        case .residuals:
            "an objective with residuals: their Jacobian or Gauss–Newton products (an mgh problem, a problem file with "
                + "\"residuals\", an mlp with the identity head)"
        case .jacobian:
            "the residuals' dense Jacobian (an mgh problem or a problem file with \"residuals\"; an mlp has "
                + "Gauss–Newton products only)"
        }
    }

    static func phrase(
        _ reason: Unsupported, solver: String, lineSearch: String?, _ spell: (String) -> String
    ) -> String {
        switch reason {
        case .missingCapability(let capability):
            let general = SolverDescriptor.all.filter { $0.requires.isEmpty && $0.takesLineSearch }.prefix(3).map(
                \.name)
            return "\(solver) needs \(phrase(capability)); for other objectives use \(list(Array(general), "or"))"
        case .dimensionAboveLimit(let n, let limit):
            return "\(solver) works with dense n × n matrices; n = \(n) is above its limit \(limit); use lbfgs"
        case .storageAboveLimit(let bytes, let limit):
            let gib = { (b: Double) in NumberStyle.format((b / 1_073_741_824 * 10).rounded() / 10) }
            let advice = SolverDescriptor.named(solver)?.parameter("memory") != nil ? "; lower \(spell("memory"))" : ""
            return "\(solver) would store \(gib(bytes)) GiB, above its limit of \(gib(limit)) GiB\(advice)"
        case .lineSearch(.missingCapability(let capability)):
            let general = LineSearchDescriptor.all.filter { $0.requires.isEmpty && !$0.isFixedStep }.map(\.name)
            return "the \(lineSearch ?? "") line search needs \(phrase(capability)); use \(list(general, "or"))"
        case .fewerResiduals(let m, let n):
            let general = SolverDescriptor.all.filter { $0.requires.isEmpty && $0.takesLineSearch }.prefix(3).map(
                \.name)
            return
                "\(solver) needs at least as many residuals as variables (it factors the m × n Jacobian), but there "
                    + "are m = \(m) "
                + "for n = \(n); use \(list(Array(general), "or"))"
        case .initialMatrixMismatch(let order, let n):
            return "\(solver)'s initial inverse Hessian is \(order) × \(order), but the problem has n = \(n) variables"
        case .initialSimplexMismatch(let points, let coordinates, let n):
            return "\(solver)'s initial simplex has \(points) points of \(coordinates) numbers, but the problem needs "
                + "n + 1 = \(n + 1) points of n = \(n) numbers"
        case .directionSetMismatch(let rows, let columns, let n):
            return "\(solver)'s direction set has \(rows) directions of \(columns) numbers, but the problem needs "
                + "n = \(n) directions of n = \(n) numbers"
        case .interpolationPoints(let m, let n):
            return "\(solver)'s points = \(m) is out of range for n = \(n): expected n + 2 = \(n + 2) ≤ points ≤ "
                + "(n+1)(n+2)/2 = \((n + 1) * (n + 2) / 2)"
        case .initialRadiusAboveHalfWidth(let radius, let width, let i):
            return "\(solver)'s rhobeg = \(NumberStyle.format(radius)) is more than half the box's width "
                + "\(NumberStyle.format(width)) on variable \(i + 1): expected rhobeg ≤ "
                + NumberStyle.format(width / 2)
        case .lineSearch(let inner):
            return phrase(inner, solver: "the \(lineSearch ?? "") line search", lineSearch: nil, spell)
        }
    }
}
