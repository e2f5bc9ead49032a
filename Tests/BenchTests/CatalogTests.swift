import Optim
import Problems
import Testing
@testable import Bench

/// The descriptors against the library they describe: the parameter tables are what
/// validation enforces, and what a descriptor says (capabilities, quasi-Newton, bounds) is
/// what the solver and line search do.
@Suite struct CatalogTests {
    /// Values the descriptors require, for building every solver.
    static let required: [String: [Assignment]] = [
        "momentum": [Assignment("lr", "0.01")], "nag": [Assignment("lr", "0.01")], "owlqn": [Assignment("l1", "0.1")],
    ]

    static func choice(
        _ solver: String, lineSearch: String? = nil, _ assignments: [Assignment] = []
    ) throws -> SolverChoice {
        try SolverCatalog.resolve(
            SolverRequest(solver: solver, lineSearch: lineSearch, assignments: (required[solver] ?? []) + assignments))
    }

    @Test func namesAreUniqueAndDefaultsExist() throws {
        #expect(Set(SolverDescriptor.all.map(\.name)).count == SolverDescriptor.all.count)
        #expect(Set(LineSearchDescriptor.all.map(\.name)).count == LineSearchDescriptor.all.count)
        #expect(SolverDescriptor.named(SolverDescriptor.defaultName) != nil)
        for solver in SolverDescriptor.all {
            #expect(Set(solver.parameters.map(\.key)).count == solver.parameters.count, "\(solver.name)")
            if case .takes(let name, _, let defaults) = solver.lineSearch {
                #expect(LineSearchDescriptor.named(name) != nil, "\(solver.name)'s default line search")
                for key in defaults.keys {
                    #expect(
                        LineSearchDescriptor.all.contains { $0.parameter(key) != nil },
                        "\(solver.name) overrides \(key)")
                }
            }
        }
    }

    @Test func everySolverBuildsWithItsDefaultsWithEveryLineSearchItTakes() throws {
        for solver in SolverDescriptor.all {
            let built = try Self.choice(solver.name)
            #expect(built.descriptor.name == solver.name)
            guard case .takes(_, let fixed, _) = solver.lineSearch else { continue }
            for search in LineSearchDescriptor.all where fixed || !search.isFixedStep {
                let extra = search.isFixedStep ? [Assignment("lr", "0.01")] : []
                #expect(
                    try Self.choice(solver.name, lineSearch: search.name, extra).lineSearch?.descriptor.name
                        == search.name)
            }
        }
    }

    /// The value of `key` in the configured solver of `choice` (its own table's).
    static func value(_ key: String, of choice: SolverChoice) -> ParameterValue? {
        (choice.makeSolver() as? any Configurable)?.parameterValues.first { $0.key == key }?.value
    }

    /// Every word of every choice parameter sets the solver's property to that case, and the
    /// identity results carry says so.
    @Test func everyChoiceSetsItsCase() throws {
        var words = 0
        for solver in SolverDescriptor.all {
            for p in solver.parameters {
                guard case .choice(let choices) = p.kind else { continue }
                for word in choices {
                    let choice = try Self.choice(solver.name, [Assignment(p.key, word)])
                    #expect(Self.value(p.key, of: choice) == .choice(word), "\(solver.name) \(p.key)=\(word)")
                    #expect(choice.identity.options.contains { $0.key == p.key && $0.value == .choice(word) })
                    words += 1
                }
            }
        }
        // With bfgs's 3 trial steps, auglag's 5 inner solvers, newton-cg's 2 forcings, ipm's 4 Hessians
        // (auto, exact, bfgs and IPOPT's lbfgs, added with it).
        #expect(words == 79)
    }

    /// The probes of a numeric kind: the values just inside its range and just outside.
    static func probes(_ kind: ParameterKind) -> (inside: [ParameterValue], outside: [ParameterValue]) {
        switch kind {
        case .integer(let r):
            return ([.integer(r.lowerBound)] + (r.upperBound == Int.max ? [] : [.integer(r.upperBound)]),
                    [.integer(r.lowerBound - 1)] + (r.upperBound == Int.max ? [] : [.integer(r.upperBound + 1)]))
        case .real(let r):
            let low = r.lowerClosed ? r.lower : r.lower.nextUp, high = r.upperClosed ? r.upper : r.upper.nextDown
            let outLow = r.lowerClosed ? r.lower.nextDown : r.lower, outHigh = r.upperClosed ? r.upper.nextUp : r.upper
            return ([.real(low)] + (r.upper.isFinite ? [.real(high)] : []),
                    [.real(outLow), .real(.nan), .real(.infinity)] + (r.upper.isFinite ? [.real(outHigh)] : []))
        default:
            return ([], [])
        }
    }

    /// `validate()` is the table's: a value just inside a parameter's range passes (unless a
    /// relation to another parameter fails, naming a parameter that declares one), a value just
    /// outside is refused naming that parameter with its range, for every configurable type
    /// the catalog reaches: solvers, line searches, mini-batch methods, stopping rules, the
    /// training schedule.
    @Test func validationIsTheTablesRanges() throws {
        func check<T: Configurable>(_ base: T, owner: String, validate: (T) throws(InvalidParameter) -> Void) {
            for p in T.parameters {
                let (inside, outside) = Self.probes(p.kind)
                for v in inside {
                    do { try validate(base.setting([(p.key, v)])) } catch {
                        let refused = T.parameters.first { $0.key == error.name }
                        #expect(refused?.relation != nil, "\(owner) \(p.key) = \(v) refused: \(error)")
                    }
                }
                for v in outside {
                    do {
                        try validate(base.setting([(p.key, v)]))
                        Issue.record("\(owner) \(p.key) = \(v) accepted")
                    } catch {
                        #expect(
                            error == InvalidParameter(name: p.key, value: v.description, expected: p.kind.expected),
                            "\(owner)")
                    }
                }
            }
        }
        func solver(_ s: some ConfigurableSolver, _ owner: String) {
            check(s, owner: owner) { s throws(InvalidParameter) in try s.validate() }
        }
        func search(_ s: some ConfigurableLineSearch, _ owner: String) {
            check(s, owner: owner) { s throws(InvalidParameter) in try s.validate() }
        }
        func method(_ m: some MiniBatchMethod, _ owner: String) {
            check(m, owner: owner) { m throws(InvalidParameter) in try m.miniBatchOptions.validate() }
        }
        var tables = 0
        for d in SolverDescriptor.all {
            var required: [(key: String, value: ParameterValue)] = []
            for p in d.parameters where p.isRequired { required.append((p.key, .real(0.01))) }
            let made = d.make(d.takesLineSearch ? MoreThuente() : nil)
            func configured(_ s: some ConfigurableSolver) { solver(s.setting(required), d.name) }
            configured(made)
            if let use = d.miniBatch {
                func trained(_ m: some MiniBatchMethod) {
                    method(m.setting(required.filter { $0.key == "lr" } + [("lr", .real(0.01))]), d.name)
                }
                trained(use.make())
            }
            tables += 1
        }
        for d in LineSearchDescriptor.all {
            func configured(_ s: some ConfigurableLineSearch) { search(s.setting([("lr", .real(0.01))]), d.name) }
            configured(d.make())
            tables += 1
        }
        check(Options(), owner: "stopping") { o throws(InvalidParameter) in try o.validate() }
        check(TrainingSchedule(), owner: "training") { t throws(InvalidParameter) in try t.validateParameters() }
        #expect(tables == SolverDescriptor.all.count + LineSearchDescriptor.all.count)
        // The catalog refuses what is outside, with the range, before building anything.
        #expect(throws: RequestError.invalidValue(key: "memory", value: "0", expected: "an integer in [1, 2000]")) {
            try Self.choice("lbfgs", [Assignment("memory", "0")])
        }
        #expect(throws: RequestError.invalidValue(key: "gtol", value: "-1", expected: "a number ≥ 0")) {
            try StoppingRules.options(from: [Assignment("gtol", "-1")], traceEvery: 1, command: "compare")
        }
    }

    /// Defaults come from the types' initializers: what `list` shows is what a value made by
    /// `init()` holds (checked here against the values the library documents).
    @Test func defaultsAreTheInitializers() throws {
        func defaultText(_ solver: String, _ key: String) -> String? {
            SolverDescriptor.named(solver)?.parameter(key)?.defaultText
        }
        #expect(defaultText("lbfgs", "memory") == "10" && LBFGS(lineSearch: MoreThuente()).memory == 10)
        #expect(defaultText("bfgs", "h0") == "first-bb" && BFGS(lineSearch: MoreThuente()).scaling == .firstPairStep)
        #expect(defaultText("sr1", "eta") == "1e-4" && defaultText("trust-exact", "eta") == "0.15")
        #expect(defaultText("adamw", "weight-decay") == "0.01" && defaultText("adam", "weight-decay") == "0")
        #expect(
            defaultText("adadelta", "lr") == "1" && defaultText("nadam", "lr") == "0.002"
                && defaultText("momentum", "lr") == "required")
        #expect(defaultText("lm", "reduction-tol") == "1e-8" && defaultText("lm", "max-fev") == "100·n, as scipy")
        #expect(LineSearchDescriptor.named("more-thuente")?.parameter("epsilon")?.defaultText == "3e-12")
        #expect(
            StoppingRules.parameters.map(\.defaultText)
                == ["1e-6 (lm with J: 0)", "0", "0", "1000", "none", "none", "off"])
        #expect(TrainingSchedule.info.map(\.defaultText) == ["20", "32", "none"])
    }

    /// One validated solver per choice, copied per run: two runs from the same choice give the
    /// same bits, whether run one after the other or at once on two threads.
    @Test func aChoiceIsCopiedPerRun() async throws {
        let choice = try Self.choice("lbfgs", [Assignment("memory", "3")])
        let f = Rosenbrock(dimension: 20)
        let first = try minimize(f, from: f.standardStart, using: choice.makeSolver())
        async let a = Task.detached { try minimize(f, from: f.standardStart, using: choice.makeSolver()) }.value
        async let b = Task.detached { try minimize(f, from: f.standardStart, using: choice.makeSolver()) }.value
        let (ra, rb) = try await (a, b)
        #expect(first.x == ra.x && first.x == rb.x && first.iterations == ra.iterations && first.iterations > 20)
    }

    /// A gradient-only objective (no optional capability).
    struct Plain: Objective {
        var dimension: Int { 3 }
        func valueAndGradient(
            at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>
        ) -> Double {
            for i in 0..<3 { g[i] = 2 * x[i] }
            return x.reduce(0) { $0 + $1 * $1 }
        }
    }

    /// `requires` is exactly what the library refuses an objective for.
    @Test func declaredCapabilitiesAreTheLibrarysRequirements() throws {
        let objectives: [any Objective] = [
            Plain(), Rosenbrock(dimension: 3), try ProblemRegistry.resolve("quadratic:n=3").objective,
            try ProblemRegistry.resolve("mgh/beale").objective,
            try ProblemRegistry.resolve("problems/mlp-diabetes.json").objective,
        ]
        for objective in objectives {
            let capabilities = objective.capabilities
            for solver in SolverDescriptor.all {
                let searches: [LineSearchDescriptor?] =
                    solver.takesLineSearch ? LineSearchDescriptor.all.filter { !$0.isFixedStep } : [nil]
                for search in searches {
                    let choice = try Self.choice(solver.name, lineSearch: search?.name)
                    let needed = Set(solver.requires + (search?.requires ?? []))
                    let refused = choice.unsupported(for: objective) != nil
                    let pair = "\(solver.name) + \(search?.name ?? "—") on \(type(of: objective))"
                    let expected = needed.isSubset(of: capabilities)
                    #expect(refused == !expected, "\(pair): refused \(refused), needs \(needed)")
                }
            }
        }
        #expect(objectives[4].capabilities == [.hessian, .hessianVectorProducts, .miniBatches, .residuals])
        #expect(objectives[2].capabilities == [.hessian, .hessianVectorProducts, .quadratic])
    }

    @Test func quasiNewtonDescriptorsAreTheQuasiNewtonSolvers() throws {
        for solver in SolverDescriptor.all {
            #expect(
                (try Self.choice(solver.name).makeSolver() is any QuasiNewtonSolver)
                    == solver.approximatesInverseHessian, "\(solver.name)")
        }
    }

    @Test func boundedDescriptorsAreTheBoundedSolvers() throws {
        let box = try Bounds(lower: [0, 0], upper: [1, 1])
        for solver in SolverDescriptor.all {
            let choice = try Self.choice(solver.name)
            #expect((choice.makeSolver() is any BoundedSolver) == solver.acceptsBounds, "\(solver.name)")
            // The box is the problem's: the driver runs a bounded solver on it and refuses the others.
            let run = { () throws(MinimizeError) in
                _ = try minimize(
                    Rosenbrock(dimension: 2), from: [0.5, 0.5], bounds: box, using: choice.makeSolver(),
                    options: Options(maxIterations: 1))
            }
            if solver.acceptsBounds {
                #expect(throws: Never.self) { try run() }
            } else if choice.makeSolver().unsupportedReason(for: Rosenbrock(dimension: 2)) == nil {
                #expect(throws: MinimizeError.boundsNotSupported(solver: choice.makeSolver().summary), "\(solver.name)")
                { try run() }
            }
        }
        #expect(
            SolverDescriptor.all.filter(\.acceptsBounds).map(\.name)
                == ["lbfgsb", "nelder-mead", "powell", "bobyqa", "cmaes", "auglag", "sqp", "ipm"])
    }

    @Test func miniBatchRulesAreValidTrainingOptions() throws {
        for solver in SolverDescriptor.all where solver.miniBatch != nil {
            let choice = try SolverCatalog.resolveMiniBatch(
                SolverRequest(solver: solver.name, assignments: [Assignment("lr", "0.05")]))
            try choice.options.validate()
            #expect(choice.options.learningRate == 0.05)
        }
    }

    /// A key means one kind of thing wherever it is declared (switch or not).
    @Test func keysAreTypedConsistently() {
        let all = SolverDescriptor.all.flatMap { $0.parameters + ($0.miniBatch?.parameters ?? []) }
            + LineSearchDescriptor.all.flatMap(\.parameters) + StoppingRules.parameters + TrainingSchedule.info
        for key in Set(all.map(\.key)) {
            let kinds = Set(all.filter { $0.key == key }.map(\.kind.isSwitch))
            #expect(kinds.count == 1, "\(key)")
        }
        // Run-wide keys are not also solver keys (they are routed by key).
        let runWide = Set((StoppingRules.parameters + TrainingSchedule.info).map(\.key))
        #expect(runWide.isDisjoint(with: SolverCatalog.solverKeys))
    }

    @Test func theLineSearchFollowsTheParametersGiven() throws {
        #expect(try Self.choice("gd", [Assignment("lr", "0.1")]).lineSearch?.descriptor.name == "none")
        #expect(try Self.choice("gd", [Assignment("c1", "0.3")]).lineSearch?.descriptor.name == "more-thuente")
        func searchValue(_ choice: SolverChoice, _ key: String) -> ParameterValue? {
            choice.lineSearch?.search.parameterValues.first { $0.key == key }?.value
        }
        #expect(searchValue(try Self.choice("cg"), "c2") == .real(0.1))
        #expect(searchValue(try Self.choice("cg", lineSearch: "hager-zhang"), "c2") == .real(0.1))
        #expect(searchValue(try Self.choice("lbfgs", lineSearch: "hager-zhang"), "c1") == .real(0.1))
        #expect((try Self.choice("cg").makeSolver() as? NonlinearCG<MoreThuente>)?.lineSearch.c2 == 0.1)
        #expect(throws: RequestError.unknownSolver("sgd")) { try Self.choice("sgd") }
        #expect(throws: RequestError.unknownLineSearch("golden")) { try Self.choice("lbfgs", lineSearch: "golden") }
        #expect(throws: RequestError.fixedStepNotAllowed(solver: "bfgs")) {
            try Self.choice("bfgs", lineSearch: "none")
        }
    }

    @Test func parametersThatCannotMatterAreRefused() throws {
        #expect(throws: RequestError.mootWithLineSearch(key: "initial-step", lineSearch: "exact")) {
            try Self.choice("cg", lineSearch: "exact", [Assignment("initial-step", "hager-zhang")])
        }
        #expect(throws: RequestError.mootWithLineSearch(key: "initial-step", lineSearch: "none")) {
            try Self.choice("gd", [Assignment("lr", "0.01"), Assignment("initial-step", "hager-zhang")])
        }
        // A relation that fails on a default is blamed on the value given, with the default.
        #expect(
            throws: RequestError.invalidValue(
                key: "c1", value: "0.1", expected: "c1 < c2 < 1, with c2 at its default 0.1")
        ) {
            try Self.choice("cg", [Assignment("c1", "0.1")])
        }
    }

    @Test func refusalsArePhrasedInTheCallersTerms() throws {
        let error = RequestError.notAccepted(key: "memory", owner: "gd", acceptedBy: SolverCatalog.owners(of: "memory"))
        #expect(
            error.message(spelling: { "--\($0)" })
                == "--memory does not apply to gd; it applies to lbfgs, lbfgsb and owlqn")
        #expect(error.message(spelling: { $0 }) == "memory does not apply to gd; it applies to lbfgs, lbfgsb and owlqn")
        let storage = RequestError.unsupported(
            solver: "lbfgs", lineSearch: "more-thuente",
            .storageAboveLimit(bytes: 3 * 1_073_741_824, limit: 1_073_741_824))
        #expect(
            storage.message(spelling: { "\($0)=" })
                == "lbfgs would store 3 GiB, above its limit of 1 GiB; lower memory=")
        let underdetermined = RequestError.unsupported(
            solver: "lm", lineSearch: nil, .fewerResiduals(residuals: 1, dimension: 2))
        #expect(
            underdetermined.message(spelling: { $0 })
                == "lm needs at least as many residuals as variables (it factors the m × n Jacobian), but there are m "
                    + "= 1 for n = 2; use lbfgs, bfgs or cg"
        )
        #expect(
            RequestError.render("fixed steps of size {lr}, not {momentum}", { "--\($0)" })
                == "fixed steps of size --lr, not --momentum")
    }
}
