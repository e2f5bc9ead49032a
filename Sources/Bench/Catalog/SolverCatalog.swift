import Optim
import Problems

/// One `key=value` as people gave it (`--key value` on the command line, `key=value` after a
/// solver in `compare --solvers`); `value` is nil for a bare switch.
public struct Assignment: Sendable, Equatable {
    public var key: String
    public var value: String?

    public init(_ key: String, _ value: String?) {
        self.key = key
        self.value = value
    }
}

/// A solver as people asked for it: its name, the line search they named (if any), and its
/// parameter assignments.
public struct SolverRequest: Sendable {
    public var solver: String
    public var lineSearch: String?
    public var assignments: [Assignment]

    public init(solver: String, lineSearch: String? = nil, assignments: [Assignment] = []) {
        self.solver = solver
        self.lineSearch = lineSearch
        self.assignments = assignments
    }
}

/// A request checked against the descriptors: the solver configured and validated once (with
/// its line search inside), never started. Each run takes a copy (solvers are values, and
/// `Solver.start` allocates a run's algorithm memory afresh), so a comparison builds its
/// solvers once, not once per cell.
public struct SolverChoice: @unchecked Sendable {
    public let descriptor: SolverDescriptor
    /// The configured solver; only ever copied (`@unchecked Sendable`: no run starts it).
    private let template: any ConfigurableSolver
    /// The line search's descriptor and configured value, for solvers that take one.
    public let lineSearch: (descriptor: LineSearchDescriptor, search: any ConfigurableLineSearch)?
    /// The keys given explicitly (the others hold their defaults).
    public let given: Set<String>
    /// The solver as results name it, made once.
    public let identity: SolverIdentity

    init(descriptor: SolverDescriptor, solver: any ConfigurableSolver,
         lineSearch: (descriptor: LineSearchDescriptor, search: any ConfigurableLineSearch)?, given: Set<String>) {
        self.descriptor = descriptor
        template = solver
        self.lineSearch = lineSearch
        self.given = given
        identity = SolverIdentity(descriptor: descriptor, solver: solver, lineSearch: lineSearch, given: given)
    }

    /// The solver for one run: a copy of the configured one.
    public func makeSolver() -> any Solver { template }

    /// Why it cannot minimize `problem`: bounds it does not take, or a capability it lacks; nil
    /// when it can.
    public func refusal(for problem: TestProblem) -> RequestError? {
        if problem.constraints != nil && !descriptor.acceptsConstraints {
            return .constraintsNotAccepted(solver: descriptor.name)
        }
        if problem.bounds != nil && !descriptor.acceptsBounds { return .boundsNotAccepted(solver: descriptor.name) }
        if let bounds = problem.bounds, let bounded = template as? any BoundedSolver,
            let reason = bounded.unsupportedReason(bounds: bounds)
        {
            return .unsupported(solver: descriptor.name, lineSearch: nil, reason, problem: problem.name)
        }
        return unsupported(for: problem.objective, problem: problem.name)
    }

    /// Why it cannot minimize `objective` (of the problem named `problem`), phrased by the
    /// caller, or nil.
    public func unsupported<O: Objective>(for objective: O, problem: String? = nil) -> RequestError? {
        if let reason = template.unsupportedReason(for: objective) {
            return .unsupported(
                solver: descriptor.name, lineSearch: lineSearch?.descriptor.name, reason, problem: problem)
        }
        let capabilities = objective.capabilities
        for p in descriptor.parameters where given.contains(p.key) {
            if let needed = p.onlyWith, !capabilities.contains(needed) {
                return .parameterNeedsCapability(key: p.key, solver: descriptor.name, needed)
            }
        }
        return nil
    }
}

/// A solver's mini-batch training rule, configured from its table.
public struct MiniBatchChoice: @unchecked Sendable {
    public let descriptor: SolverDescriptor
    /// The configured method (its table's values: learning rate, momentum, schedule, …).
    public let method: any MiniBatchMethod

    /// The method's training options (batches, epochs and seed at their defaults).
    public var options: MiniBatchOptions { method.miniBatchOptions }
}

/// Resolves requests against the descriptors: the one place where parameter values given by
/// people (flags, `compare`'s `solver:key=value`) are parsed, set on the configurable types
/// through their parameter tables, and checked.
public enum SolverCatalog {
    public static var solverNames: String { SolverDescriptor.all.map(\.name).joined(separator: ", ") }
    public static var lineSearchNames: String { LineSearchDescriptor.all.map(\.name).joined(separator: ", ") }

    /// Every parameter any descriptor declares, by key (the first declaration of each key).
    public static let parametersByKey: [String: ParameterInfo] = {
        var byKey: [String: ParameterInfo] = [:]
        let solverParameters = SolverDescriptor.all.flatMap { $0.parameters + ($0.miniBatch?.parameters ?? []) }
        let all =
            solverParameters + LineSearchDescriptor.all.flatMap(\.parameters) + StoppingRules.parameters
            + TrainingSchedule.info
        for p in all where byKey[p.key] == nil { byKey[p.key] = p }
        return byKey
    }()

    /// Keys of solver, mini-batch and line-search parameters.
    /// (A loop: as one `flatMap` + `flatMap` expression it took the type checker seconds.)
    public static let solverKeys: Set<String> = {
        var keys: Set<String> = []
        for descriptor in SolverDescriptor.all {
            keys.formUnion(descriptor.parameters.map(\.key))
            keys.formUnion(descriptor.miniBatch?.parameters.map(\.key) ?? [])
        }
        for search in LineSearchDescriptor.all { keys.formUnion(search.parameters.map(\.key)) }
        return keys
    }()

    /// Whether `key` is a switch (takes no value); false for unknown keys.
    public static func isSwitch(_ key: String) -> Bool { parametersByKey[key]?.kind.isSwitch ?? false }

    /// Who declares `key`, for messages: solver names, "mini-batch training with NAME", and
    /// "the line search(es) NAME, …".
    static func owners(of key: String) -> [String] {
        let searches = LineSearchDescriptor.all.filter { $0.parameter(key) != nil }.map(\.name)
        let trainers = SolverDescriptor.all.filter {
            $0.parameter(key) == nil && $0.miniBatch?.parameters.contains { $0.key == key } == true
        }
        return SolverDescriptor.all.filter { $0.parameter(key) != nil }.map(\.name)
            + trainers.map { "mini-batch training with \($0.name)" }
            + (searches.isEmpty
                ? [] : ["the line search\(searches.count > 1 ? "es" : "") \(RequestError.list(searches, "and"))"])
    }

    /// Fails on a key given twice.
    static func checkRepeats(_ assignments: [Assignment]) throws(RequestError) {
        var seen: Set<String> = []
        for a in assignments where !seen.insert(a.key).inserted { throw .repeated(key: a.key) }
    }

    /// `base` with the values of its table's parameters that `assignments` give (keys its table
    /// does not declare are ignored), `defaults` overriding its own defaults, and each value
    /// checked against its parameter's range; then the whole value validated.
    /// - Returns: the value and the keys given.
    static func configure<T: Configurable>(
        _ base: T, from assignments: [Assignment], defaults: [String: ParameterValue] = [:],
        owner: String
    ) throws(RequestError) -> (value: T, given: Set<String>) {
        var value = base
        var given: Set<String> = []
        for p in T.parameters {
            if let a = assignments.first(where: { $0.key == p.key }) {
                if a.value == nil && !p.kind.isSwitch { throw .missingValue(key: p.key, expected: p.kind.expected) }
                guard let v = p.kind.parse(a.value) else {
                    throw .invalidValue(key: p.key, value: a.value ?? "", expected: p.kind.expected)
                }
                p.set(v, in: &value)
                given.insert(p.key)
            } else if let d = defaults[p.key] {
                p.set(d, in: &value)
            } else if p.isRequired {
                throw .missing(key: p.key, owner: owner, meaning: p.summary)
            }
        }
        try applyScheduleRule(&value, given: given, assignments: assignments)
        do { try value.validateParameters() } catch {
            throw translate(error, parameters: T.parameters.map { $0.info(defaults: base) }, assignments: assignments)
        }
        return (value, given)
    }

    /// A learning-rate schedule's default depends on what else is given: a decay without a
    /// schedule means step decay, and a decay with the constant schedule is a mistake, not a
    /// no-op (`StepControl.scheduleParameters`).
    private static func applyScheduleRule<T: Configurable>(_ value: inout T, given: Set<String>,
                                                           assignments: [Assignment]) throws(RequestError) {
        guard let schedule = T.parameters.first(where: { $0.key == "schedule" }) else { return }
        if given.contains("schedule") {
            if case .choice("constant")? = schedule.value(in: value),
                let key = ["decay", "decay-every"].first(where: given.contains)
            {
                throw .invalidValue(
                    key: key, value: assignments.first { $0.key == key }?.value ?? "",
                    expected: "no \(key) with schedule constant (step, exponential, inverse-time and cosine decay)")
            }
        } else if given.contains("decay") {
            schedule.set(.choice(LearningRateSchedule.Decay.step.rawValue), in: &value)
        }
    }

    /// Resolves a solver for deterministic minimization: finds its descriptor and line search,
    /// sets every assignment on them through their tables, and validates the configured solver
    /// (with its line search) once.
    public static func resolve(_ request: SolverRequest) throws(RequestError) -> SolverChoice {
        guard var solver = SolverDescriptor.named(request.solver) else { throw .unknownSolver(request.solver) }
        if let (key, other) = solver.redirect, request.assignments.contains(where: { $0.key == key }),
           let target = SolverDescriptor.named(other) {
            solver = target
        }
        try checkRepeats(request.assignments)
        for a in request.assignments where parametersByKey[a.key] == nil { throw .unknownParameter(a.key) }

        var search: LineSearchDescriptor?
        var searchDefaults: [String: ParameterValue] = [:]
        switch solver.lineSearch {
        case .none(let reason):
            if let name = request.lineSearch {
                throw .takesNoLineSearch(solver: solver.name, lineSearch: name, reason: reason)
            }
        case .takes(let defaultName, let allowsFixedStep, let defaults):
            let name =
                request.lineSearch
                ?? inferredLineSearch(
                    solver, defaultName: defaultName, allowsFixedStep: allowsFixedStep, assignments: request.assignments
                )
            guard let chosen = LineSearchDescriptor.named(name) else { throw .unknownLineSearch(name) }
            if chosen.isFixedStep && !allowsFixedStep { throw .fixedStepNotAllowed(solver: solver.name) }
            search = chosen
            searchDefaults = defaults
        }
        for a in request.assignments where solver.parameter(a.key) == nil && search?.parameter(a.key) == nil {
            // Name the line search only when the key is a line search's parameter.
            let isSearchKey = LineSearchDescriptor.all.contains { $0.parameter(a.key) != nil }
            let owner =
                search.map { isSearchKey ? "\(solver.name) with the line search \($0.name)" : solver.name }
                ?? solver.name
            throw .notAccepted(key: a.key, owner: owner, acceptedBy: owners(of: a.key))
        }
        if let search, !search.triesInitialStep,
           let moot = request.assignments.first(where: { solver.parameter($0.key)?.shapesTrialStep == true }) {
            throw .mootWithLineSearch(key: moot.key, lineSearch: search.name)
        }

        var searchPart: (descriptor: LineSearchDescriptor, search: any ConfigurableLineSearch)?
        var given: Set<String> = []
        if let search {
            func configured(_ s: some ConfigurableLineSearch) throws(RequestError) -> any ConfigurableLineSearch {
                let (value, keys) = try configure(s, from: request.assignments, defaults: searchDefaults,
                                                  owner: "the line search \(search.name)")
                given.formUnion(keys)
                return value
            }
            searchPart = (search, try configured(search.make()))
        }
        func configured(_ s: some ConfigurableSolver) throws(RequestError) -> any ConfigurableSolver {
            let (value, keys) = try configure(s, from: request.assignments, owner: solver.name)
            given.formUnion(keys)
            return value
        }
        let configuredSolver = try configured(solver.make(searchPart?.search))
        return SolverChoice(descriptor: solver, solver: configuredSolver, lineSearch: searchPart, given: given)
    }

    /// The line search when none is named: the solver's default, unless the parameters given
    /// that are not the solver's own belong to exactly one other line search it accepts
    /// (`gd` with `lr` → the fixed step `none`).
    static func inferredLineSearch(_ solver: SolverDescriptor, defaultName: String, allowsFixedStep: Bool,
                                   assignments: [Assignment]) -> String {
        let foreign = assignments.map(\.key).filter { solver.parameter($0) == nil }
        guard !foreign.isEmpty else { return defaultName }
        let candidates = LineSearchDescriptor.all.filter { search in
            (allowsFixedStep || !search.isFixedStep) && foreign.allSatisfy { search.parameter($0) != nil }
        }
        if candidates.contains(where: { $0.name == defaultName }) || candidates.count != 1 { return defaultName }
        return candidates[0].name
    }

    /// A library `InvalidParameter` in terms of the value as given. When a relation between
    /// parameters fails on one the caller did not give (c2 at its default), the message is
    /// about the one they did give, with the default stated.
    static func translate(
        _ error: InvalidParameter, parameters: [ParameterInfo], assignments: [Assignment]
    ) -> RequestError {
        guard let p = parameters.first(where: { $0.key == error.name }) else {
            return .invalidValue(key: error.name, value: error.value, expected: error.expected)
        }
        if let given = assignments.first(where: { $0.key == p.key })?.value {
            return .invalidValue(key: p.key, value: given, expected: p.relation ?? error.expected)
        }
        if let relation = p.relation,
            let other = assignments.first(where: { a in parameters.contains { $0.key == a.key && $0.key != p.key } })
        {
            return .invalidValue(
                key: other.key, value: other.value ?? "",
                expected: "\(relation), with \(p.key) at its default \(error.value)")
        }
        return .invalidValue(key: p.key, value: error.value, expected: p.relation ?? error.expected)
    }

    /// Resolves a solver for mini-batch training: its `MiniBatchUse`, configured.
    public static func resolveMiniBatch(_ request: SolverRequest) throws(RequestError) -> MiniBatchChoice {
        guard let solver = SolverDescriptor.named(request.solver) else { throw .unknownSolver(request.solver) }
        guard let use = solver.miniBatch else { throw .noMiniBatchTraining(solver: solver.name) }
        try checkRepeats(request.assignments)
        for a in request.assignments where parametersByKey[a.key] == nil { throw .unknownParameter(a.key) }
        if let name = request.lineSearch {
            throw .takesNoLineSearch(
                solver: "mini-batch training", lineSearch: name, reason: "it takes fixed steps of size {lr}")
        }
        let owner = "mini-batch training with \(solver.name)"
        for a in request.assignments where !use.parameters.contains(where: { $0.key == a.key }) {
            throw .notAccepted(key: a.key, owner: owner, acceptedBy: owners(of: a.key))
        }
        func configured(_ m: some MiniBatchMethod) throws(RequestError) -> any MiniBatchMethod {
            try configure(m, from: request.assignments, owner: owner).value
        }
        return MiniBatchChoice(descriptor: solver, method: try configured(use.make()))
    }
}
