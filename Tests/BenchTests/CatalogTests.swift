import Optim
import Problems
import Testing
@testable import Bench

/// The descriptors against the library they describe: what a descriptor says (ranges,
/// choices, capabilities, quasi-Newton) must be what the solver and line search do.
@Suite struct CatalogTests {
    /// Values the descriptors require, for building every solver.
    static let required: [String: [Assignment]] = [
        "momentum": [Assignment("lr", "0.01")], "nag": [Assignment("lr", "0.01")], "owlqn": [Assignment("l1", "0.1")],
    ]

    static func choice(_ solver: String, lineSearch: String? = nil, _ assignments: [Assignment] = []) throws -> SolverChoice {
        try SolverCatalog.resolve(SolverRequest(solver: solver, lineSearch: lineSearch, assignments: (required[solver] ?? []) + assignments))
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
                    #expect(LineSearchDescriptor.all.contains { $0.parameter(key) != nil }, "\(solver.name) overrides \(key)")
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
                #expect(try Self.choice(solver.name, lineSearch: search.name, extra).lineSearch?.descriptor.name == search.name)
            }
        }
    }

    /// Every word of every choice parameter is one the library knows (building with it would
    /// trap otherwise).
    @Test func everyChoiceBuilds() throws {
        for solver in SolverDescriptor.all {
            for p in solver.parameters {
                guard case .choice(let words) = p.kind else { continue }
                for word in words { _ = try Self.choice(solver.name, [Assignment(p.key, word)]).makeSolver() }
            }
        }
    }

    /// Values just inside each numeric range are accepted by the catalog and by the
    /// library; values just outside are refused by the catalog, and the library refuses them
    /// too when handed them directly — so the descriptor's range is the library's.
    @Test func numericRangesAgreeWithTheLibrary() throws {
        func probes(_ kind: ParameterKind) -> (inside: [ParameterValue], outside: [ParameterValue]) {
            switch kind {
            case .integer(let r):
                return ([.integer(r.lowerBound)] + (r.upperBound == Int.max ? [] : [.integer(r.upperBound)]),
                        [.integer(r.lowerBound - 1)] + (r.upperBound == Int.max ? [] : [.integer(r.upperBound + 1)]))
            case .real(let r):
                let low = r.lowerClosed ? r.lower : r.lower.nextUp, high = r.upperClosed ? r.upper : r.upper.nextDown
                let outLow = r.lowerClosed ? r.lower.nextDown : r.lower, outHigh = r.upperClosed ? r.upper.nextUp : r.upper
                return ([.real(low)] + (r.upper.isFinite ? [.real(high)] : []),
                        [.real(outLow)] + (r.upper.isFinite ? [.real(outHigh)] : []))
            default:
                return ([], [])
            }
        }
        func check(_ parameters: [Parameter], owner: String, build: ([String: ParameterValue]) -> any Solver) {
            for p in parameters {
                let (inside, outside) = probes(p.kind)
                for v in inside {
                    do { try build([p.key: v]).validate() } catch {
                        // Inside its own range, only a relation to another parameter may fail.
                        let refused = parameters.first { $0.field == error.name }
                        #expect(refused?.relation != nil, "\(owner) \(p.key) = \(v) refused by the library: \(error)")
                    }
                }
                for v in outside {
                    #expect(throws: InvalidParameter.self, "\(owner) \(p.key) = \(v) accepted by the library") { try build([p.key: v]).validate() }
                }
            }
        }
        for solver in SolverDescriptor.all {
            let base = try Self.choice(solver.name)
            check(solver.parameters, owner: solver.name) { overrides in
                var values = base.values
                for (k, v) in overrides { values = values.setting(k, v) }
                return SolverChoice(descriptor: solver, values: values, lineSearch: base.lineSearch).makeSolver()
            }
        }
        for search in LineSearchDescriptor.all {
            let base = try Self.choice("gd", lineSearch: search.name, search.isFixedStep ? [Assignment("lr", "0.01")] : [])
            check(search.parameters, owner: search.name) { overrides in
                var values = base.lineSearch!.values
                for (k, v) in overrides { values = values.setting(k, v) }
                return SolverChoice(descriptor: base.descriptor, values: base.values, lineSearch: (search, values)).makeSolver()
            }
        }
        // Training and stopping parameters against the options they fill in.
        for p in TrainingParameters.parameters where p.key != "dropout-keep" {
            let (inside, outside) = probes(p.kind)
            func options(_ v: ParameterValue) throws -> MiniBatchOptions {
                var o = MiniBatchOptions(rule: .sgd, learningRate: 0.1)
                switch (p.key, v) {
                case ("epochs", .integer(let k)): o.epochs = k
                case ("batch-size", .integer(let k)): o.batchSize = k
                default: Issue.record("no probe for \(p.key)")
                }
                return o
            }
            for v in inside { #expect(throws: Never.self, "\(p.key) = \(v)") { try options(v).validate() } }
            for v in outside { #expect(throws: InvalidParameter.self, "\(p.key) = \(v)") { try options(v).validate() } }
        }
        for p in StoppingRules.parameters {
            let (inside, outside) = probes(p.kind)
            func options(_ v: ParameterValue) -> Options {
                var values = try! SolverCatalog.values(of: StoppingRules.parameters, from: [], owner: "test")
                values = values.setting(p.key, v)
                return StoppingRules.options(values, traceEvery: 1)
            }
            for v in inside { #expect(throws: Never.self, "\(p.key) = \(v)") { try options(v).validate() } }
            // gtol = 0 turns the library's rule off; a run on the command line needs a target, so
            // the descriptor asks for gtol > 0: the one range stricter than the library's.
            for v in outside where p.key != "gtol" {
                #expect(throws: InvalidParameter.self, "\(p.key) = \(v)") { try options(v).validate() }
            }
        }
        // The catalog refuses what is outside, with the range.
        #expect(throws: RequestError.invalidValue(key: "memory", value: "0", expected: "an integer in [1, 2000]")) {
            try Self.choice("lbfgs", [Assignment("memory", "0")])
        }
    }

    /// A gradient-only objective (no optional capability).
    struct Plain: Objective {
        var dimension: Int { 3 }
        func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>) -> Double {
            for i in 0..<3 { g[i] = 2 * x[i] }
            return x.reduce(0) { $0 + $1 * $1 }
        }
    }

    /// `requires` is exactly what the library refuses an objective for.
    @Test func declaredCapabilitiesAreTheLibrarysRequirements() throws {
        let objectives: [any Objective] = [
            Plain(), Rosenbrock(dimension: 3), try ProblemRegistry.resolve("quadratic:n=3").objective,
            try ProblemRegistry.resolve("mgh/beale").objective, try ProblemRegistry.resolve("problems/mlp-diabetes.json").objective,
        ]
        for objective in objectives {
            let capabilities = objective.capabilities
            for solver in SolverDescriptor.all {
                let searches: [LineSearchDescriptor?] = solver.takesLineSearch ? LineSearchDescriptor.all.filter { !$0.isFixedStep } : [nil]
                for search in searches {
                    let choice = try Self.choice(solver.name, lineSearch: search?.name)
                    let needed = Set(solver.requires + (search?.requires ?? []))
                    let refused = choice.unsupported(for: objective) != nil
                    #expect(refused == !needed.isSubset(of: capabilities),
                            "\(solver.name) + \(search?.name ?? "—") on \(type(of: objective)): refused \(refused), needs \(needed)")
                }
            }
        }
        #expect(objectives[4].capabilities == [.hessian, .hessianVectorProducts, .miniBatches, .residuals])
        #expect(objectives[2].capabilities == [.hessian, .hessianVectorProducts, .quadratic])
    }

    @Test func quasiNewtonDescriptorsAreTheQuasiNewtonSolvers() throws {
        for solver in SolverDescriptor.all {
            #expect((try Self.choice(solver.name).makeSolver() is any QuasiNewtonSolver) == solver.approximatesInverseHessian, "\(solver.name)")
        }
    }

    @Test func boundedDescriptorsAreTheBoundedSolvers() throws {
        let box = try Bounds(lower: [0, 0], upper: [1, 1])
        for solver in SolverDescriptor.all {
            let choice = try Self.choice(solver.name)
            #expect((choice.makeSolver() is any BoundedSolver) == solver.acceptsBounds, "\(solver.name)")
            // The box is the problem's: the driver runs a bounded solver on it and refuses the others.
            let run = { () throws(MinimizeError) in _ = try minimize(Rosenbrock(dimension: 2), from: [0.5, 0.5], bounds: box, using: choice.makeSolver(),
                                                                      options: Options(maxIterations: 1)) }
            if solver.acceptsBounds {
                #expect(throws: Never.self) { try run() }
            } else if choice.makeSolver().unsupportedReason(for: Rosenbrock(dimension: 2)) == nil {
                #expect(throws: MinimizeError.boundsNotSupported(solver: choice.makeSolver().summary), "\(solver.name)") { try run() }
            }
        }
        #expect(SolverDescriptor.all.filter(\.acceptsBounds).map(\.name) == ["lbfgsb"])
    }

    @Test func miniBatchRulesAreValidTrainingOptions() throws {
        for solver in SolverDescriptor.all where solver.miniBatch != nil {
            let choice = try SolverCatalog.resolveMiniBatch(SolverRequest(solver: solver.name, assignments: [Assignment("lr", "0.05")]))
            try choice.options.validate()
            #expect(choice.options.learningRate == 0.05)
        }
    }

    /// A key means one kind of thing wherever it is declared (switch or not).
    @Test func keysAreTypedConsistently() {
        let all = SolverDescriptor.all.flatMap { $0.parameters + ($0.miniBatch?.parameters ?? []) }
            + LineSearchDescriptor.all.flatMap(\.parameters) + StoppingRules.parameters + TrainingParameters.parameters
        for key in Set(all.map(\.key)) {
            let kinds = Set(all.filter { $0.key == key }.map(\.kind.isSwitch))
            #expect(kinds.count == 1, "\(key)")
        }
        // Run-wide keys are not also solver keys (they are routed by key).
        let runWide = Set((StoppingRules.parameters + TrainingParameters.parameters).map(\.key))
        #expect(runWide.isDisjoint(with: SolverCatalog.solverKeys))
    }

    @Test func theLineSearchFollowsTheParametersGiven() throws {
        #expect(try Self.choice("gd", [Assignment("lr", "0.1")]).lineSearch?.descriptor.name == "none")
        #expect(try Self.choice("gd", [Assignment("c1", "0.3")]).lineSearch?.descriptor.name == "more-thuente")
        #expect(try Self.choice("cg").lineSearch?.values.real("c2") == 0.1)
        #expect(try Self.choice("cg", lineSearch: "hager-zhang").lineSearch?.values.real("c2") == 0.1)
        #expect(try Self.choice("lbfgs", lineSearch: "hager-zhang").lineSearch?.values.real("c1") == 0.1)
        #expect(throws: RequestError.unknownSolver("sgd")) { try Self.choice("sgd") }
        #expect(throws: RequestError.unknownLineSearch("golden")) { try Self.choice("lbfgs", lineSearch: "golden") }
        #expect(throws: RequestError.fixedStepNotAllowed(solver: "bfgs")) { try Self.choice("bfgs", lineSearch: "none") }
    }

    @Test func parametersThatCannotMatterAreRefused() throws {
        #expect(throws: RequestError.mootWithLineSearch(key: "initial-step", lineSearch: "exact")) {
            try Self.choice("cg", lineSearch: "exact", [Assignment("initial-step", "hager-zhang")])
        }
        #expect(throws: RequestError.mootWithLineSearch(key: "initial-step", lineSearch: "none")) {
            try Self.choice("gd", [Assignment("lr", "0.01"), Assignment("initial-step", "hager-zhang")])
        }
        // A relation that fails on a default is blamed on the value given, with the default.
        #expect(throws: RequestError.invalidValue(key: "c1", value: "0.1", expected: "c1 < c2 < 1, with c2 at its default 0.1")) {
            try Self.choice("cg", [Assignment("c1", "0.1")])
        }
    }

    @Test func refusalsArePhrasedInTheCallersTerms() throws {
        let error = RequestError.notAccepted(key: "memory", owner: "gd", acceptedBy: SolverCatalog.owners(of: "memory"))
        #expect(error.message(spelling: { "--\($0)" }) == "--memory does not apply to gd; it applies to lbfgs, lbfgsb and owlqn")
        #expect(error.message(spelling: { $0 }) == "memory does not apply to gd; it applies to lbfgs, lbfgsb and owlqn")
        let storage = RequestError.unsupported(solver: "lbfgs", lineSearch: "more-thuente", .storageAboveLimit(bytes: 3 * 1_073_741_824, limit: 1_073_741_824))
        #expect(storage.message(spelling: { "\($0)=" }) == "lbfgs would store 3 GiB, above its limit of 1 GiB; lower memory=")
        let underdetermined = RequestError.unsupported(solver: "lm", lineSearch: nil, .fewerResiduals(residuals: 1, dimension: 2))
        #expect(underdetermined.message(spelling: { $0 }) == "lm needs at least as many residuals as variables (it factors the m × n Jacobian), but there are m = 1 for n = 2; use lbfgs, bfgs or cg")
        #expect(RequestError.render("fixed steps of size {lr}, not {momentum}", { "--\($0)" }) == "fixed steps of size --lr, not --momentum")
    }
}
