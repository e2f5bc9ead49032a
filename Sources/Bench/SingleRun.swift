import Optim
import Problems

/// `optbench run`: one solver on one problem — deterministic minimization, or mini-batch
/// training when a training parameter (`epochs`, `batch-size`) is given.
public struct RunRequest: Sendable {
    public var solver: String
    public var lineSearch: String?
    /// Solver, line-search, stopping and training parameters, as given.
    public var assignments: [Assignment]
    /// Record (and report) every k-th iteration; 0: the first and the last only.
    public var traceEvery: Int
    /// Seeds mini-batch shuffles and dropout masks (the problem's own seed is resolved with it).
    public var seed: UInt64?
    /// Threads the run uses (OpenBLAS's and the solver's passes; `Options.threads`): 1 unless
    /// the caller opts in to more.
    public var threads: Int = Options().threads
    /// Nelder–Mead's n + 1 starting vertices (`--initial-simplex`), or nil for its default.
    public var initialSimplex: [[Double]]?
    /// Powell's n starting directions (`--direc`), or nil for the unit vectors.
    public var directions: [[Double]]?

    /// Trace frequency of a run that names none.
    public static let defaultTraceEvery = 10
    /// Seed of mini-batch order and dropout masks when none is given.
    public static let defaultSeed: UInt64 = 1

    public init(
        solver: String, lineSearch: String? = nil, assignments: [Assignment] = [], traceEvery: Int = defaultTraceEvery,
        seed: UInt64? = nil
    ) {
        self.solver = solver
        self.lineSearch = lineSearch
        self.assignments = assignments
        self.traceEvery = traceEvery
        self.seed = seed
    }
}

/// A run checked against the descriptors and the problem: nothing is refused after this.
public struct PreparedRun {
    public let problem: TestProblem
    /// The method as people read it: the solver's summary, or the training schedule's.
    public let summary: String
    /// The solver's short name and options, as the JSON report names them.
    public let identity: SolverIdentity
    /// The run's thread count (the request's).
    public private(set) var threads = BLASThreads.defaultCount
    private let plan: Plan
    private var initialSimplex: [[Double]]?
    private var directions: [[Double]]?

    private enum Plan {
        case minimize(SolverChoice, Options)
        case miniBatch(any StochasticObjective, MiniBatchOptions)
    }

    /// Checks `request` against the descriptors and `problem`.
    public init(_ request: RunRequest, problem: TestProblem) throws(RequestError) {
        self.problem = problem
        guard request.traceEvery >= 0 else {
            throw .invalidValue(key: "trace-every", value: String(request.traceEvery), expected: "an integer ≥ 0")
        }
        try SolverCatalog.checkRepeats(request.assignments)
        let trainingKeys = Set(TrainingSchedule.info.map(\.key))
        let stoppingKeys = Set(StoppingRules.parameters.map(\.key))
        let training = request.assignments.filter { trainingKeys.contains($0.key) }
        let stopping = request.assignments.filter { stoppingKeys.contains($0.key) }
        let solverPart = SolverRequest(
            solver: request.solver, lineSearch: request.lineSearch,
            assignments: request.assignments.filter { !trainingKeys.contains($0.key) && !stoppingKeys.contains($0.key) }
        )
        let stoppingRules = try StoppingRules.options(stopping, traceEvery: request.traceEvery)

        if training.contains(where: { TrainingSchedule.activating.contains($0.key) }) {
            if let rule = stopping.first(where: { $0.key != "time-limit" }) { throw .notInTraining(key: rule.key) }
            let choice = try SolverCatalog.resolveMiniBatch(solverPart)
            let (schedule, scheduleGiven) = try SolverCatalog.configure(
                TrainingSchedule(), from: training, owner: "mini-batch training")
            guard let objective = problem.objective as? any StochasticObjective else {
                throw .notMiniBatchObjective(problem: problem.name)
            }
            if let keep = schedule.dropoutKeep {
                guard let network = objective as? MLPObjective else {
                    throw .dropoutNeedsNetwork(problem: problem.name)
                }
                network.dropoutKeep = keep
                network.dropoutSeed = request.seed ?? RunRequest.defaultSeed
            }
            var options = choice.options
            options.batchSize = schedule.batches.batchSize
            options.epochs = schedule.batches.epochs
            options.seed = request.seed ?? RunRequest.defaultSeed
            options.timeLimit = stoppingRules.timeLimit
            threads = request.threads
            summary = options.summary
            let given = Set(solverPart.assignments.map(\.key)).union(scheduleGiven)
            identity = SolverIdentity(choice, schedule: schedule, given: given, method: options.summary)
            plan = .miniBatch(objective, options)
        } else {
            if let key = training.first?.key { throw .needsTraining(key: key) }
            let choice = try SolverCatalog.resolve(Self.seeded(solverPart, seed: request.seed))
            if let refusal = choice.refusal(for: problem) { throw refusal }
            if request.initialSimplex != nil || request.directions != nil {
                let solver = choice.makeSolver()
                guard let method = Self.startingGeometry(solver, request.initialSimplex, request.directions) else {
                    let simplexRefused = request.initialSimplex != nil && !(solver is NelderMead)
                    throw .notAccepted(
                        key: simplexRefused ? "initial-simplex" : "direc", owner: choice.descriptor.name,
                        acceptedBy: [simplexRefused ? SolverDescriptor.nelderMead.name : SolverDescriptor.powell.name])
                }
                if let reason = method.unsupportedReason(for: problem.objective) {
                    throw .unsupported(solver: choice.descriptor.name, lineSearch: nil, reason, problem: problem.name)
                }
                initialSimplex = request.initialSimplex
                directions = request.directions
            }
            summary = choice.identity.method
            identity = choice.identity
            var options = stoppingRules
            options.threads = request.threads
            threads = request.threads
            plan = .minimize(choice, options)
        }
    }

    /// `solver` with the caller's starting geometry — Nelder–Mead's initial simplex, Powell's
    /// direction set — or nil when it takes one of those that is given.
    public static func startingGeometry(
        _ solver: any Solver, _ simplex: [[Double]]?, _ directions: [[Double]]?
    ) -> (any Solver)? {
        var solver = solver
        if let simplex {
            guard var method = solver as? NelderMead else { return nil }
            method.initialSimplex = simplex
            solver = method
        }
        if let directions {
            guard var method = solver as? Powell else { return nil }
            method.directions = directions
            solver = method
        }
        return solver
    }

    /// The run's `--seed` as cmaes's seed (its normal deviates), unless its own seed= is given; seeds
    /// from 2⁶³ on (`--seed` takes up to 2⁶⁴ − 1, the solver's table Int's range) modulo 2⁶³.
    private static func seeded(_ request: SolverRequest, seed: UInt64?) -> SolverRequest {
        guard let seed, request.solver == SolverDescriptor.cmaes.name, !request.assignments.contains(where: {
            $0.key == "seed"
        }) else { return request }
        var seeded = request
        seeded.assignments.append(Assignment("seed", String(seed % (UInt64(Int.max) + 1))))
        return seeded
    }

    /// The number of epochs of a mini-batch run (nil for a minimization).
    public var epochs: Int? {
        if case .miniBatch(_, let options) = plan { return options.epochs }
        return nil
    }

    /// Runs it, with OpenBLAS pinned to the request's threads (1 unless the caller opted in to
    /// more), so that the numbers do not depend on the machine or the environment.
    /// `callback` sees iteration 0 and every iteration after (epochs when training).
    /// - Throws: only what `init` already rules out (kept typed rather than trapping).
    public func execute(callback: ((TraceEntry) -> CallbackAction)? = nil) throws(MinimizeError) -> RunReport {
        BLASThreads.set(threads)
        var result: OptimizationResult
        switch plan {
        case .minimize(let choice, let options):
            let solver = Self.startingGeometry(choice.makeSolver(), initialSimplex, directions) ?? choice.makeSolver()
            result = try minimize(
                problem.objective, from: problem.start, bounds: problem.bounds, constraints: problem.constraints,
                using: solver,
                options: options,
                callback: callback)
        case .miniBatch(let objective, let options):
            result = try trainMiniBatches(objective, from: problem.start, options: options, callback: callback)
        }
        problem.finishExternal(&result)
        return RunReport(problem: problem, result: result, identity: identity)
    }
}
