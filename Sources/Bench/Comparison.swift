import Foundation
import Optim
import Problems

/// `optbench compare`: every solver on every problem, on equal terms (same start, same
/// stopping rules), with the table, a per-solver summary and performance profiles.
///
/// A run counts as **solved** when its status is a convergence status and, where the problem
/// knows f*, it achieved all but a fraction τ of the possible reduction and (f* ≠ 0) came within
/// a fraction τ of f* (`isSolved`).
public enum Comparison {
    /// τ of the solved test by default (`compare --tau`).
    public static let solvedTolerance = 1e-5

    /// The one definition of "solved", used by every table, summary, win count, performance
    /// and data profile, and footnote: the run converged (its status is a convergence status)
    /// and, where f* is known,
    /// - it passes Moré & Wild's convergence test (SIAM J. Optim. 20(1), 2009, eq. 2.8)
    ///   f(x₀) − f ≥ (1 − τ)(f(x₀) − f*): all but a fraction τ of the reduction there was to make;
    /// - and, when f* ≠ 0, f − f* ≤ τ·|f*|: f within a fraction τ of f* itself.
    ///
    /// The first test scales with the problem (the rule before issue 30, f − f* ≤ τ·max(1, |f*|),
    /// was absolute when |f*| < 1) but measures the reduction only: where f(x₀) ≫ f* (NIST's
    /// Lanczos1: f(x₀) = 270, f* = 1.4e-25) it passes runs with no correct digit in x. The second
    /// closes that gap wherever f* is not zero; on the NIST set the two together pass no converged
    /// run with no correct digit (`results/nist-strd.md`). In a comparison, where f* is unknown,
    /// `minimum` is f_L, the lowest f any run reached (Moré & Wild's choice; `ResultRecord.lowest`);
    /// nil (a single run): converged is solved. f(x₀) unknown (a record without its trace) or f not
    /// finite: not solved. A constrained run (`violation` not nil) must also be feasible:
    /// violation ≤ `feasibilityTolerance`, in the constraints' own units.
    public static func isSolved(
        converged: Bool, start: Double?, value: Double, minimum: Double?, tau: Double, violation: Double? = nil
    ) -> Bool {
        guard converged else { return false }
        if let violation, !(violation <= feasibilityTolerance) { return false }
        guard let minimum else { return true }
        guard let start, value.isFinite, start.isFinite else { return false }
        let reduced = reduces(start: start, value: value, lowest: minimum, tau: tau)
        return reduced && (minimum == 0 || value - minimum <= tau * abs(minimum))
    }

    /// Moré & Wild's convergence test (SIAM J. Optim. 20(1), 2009, eq. 2.8):
    /// f(x₀) − f ≥ (1 − τ)(f(x₀) − f_L), all but a fraction τ of the reduction to f_L made.
    /// A constrained problem may start infeasible below its optimum (f(x₀) < f_L, as HS 10, 71 or 95):
    /// the test would then ask f to end below f_L, which no feasible point does; there it reads
    /// f − f_L ≤ τ(f_L − f(x₀)), within the same fraction of the start's distance from f_L.
    public static func reduces(start: Double, value: Double, lowest: Double, tau: Double) -> Bool {
        guard value.isFinite else { return false }
        if start >= lowest { return start - value >= (1 - tau) * (start - lowest) }
        return value - lowest <= tau * (lowest - start)
    }

    /// The largest constraint violation maxᵢ max(lᵢ − cᵢ, cᵢ − uᵢ, 0) a solved constrained run may
    /// have (and that an iterate's f may have to count as f_L).
    public static let feasibilityTolerance = 1e-6

    /// The solved rule's extra condition for constrained problems, for footnotes and docs.
    public static let feasibilityRule = "on a problem with constraints, solved also needs the violation "
        + "maxᵢ max(lᵢ − cᵢ, cᵢ − uᵢ, 0) ≤ 1e-6, and f_L is the lowest f among iterates that close to "
        + "feasible"

    /// What `isSolved` tests, for footnotes and help.
    public static func solvedRule(tau: Double) -> String {
        "solved: converged and, where f* is known, f(x₀) − f ≥ (1 − τ)(f(x₀) − f*) (Moré & Wild 2009) "
            + "and, where f* ≠ 0, f − f* ≤ τ|f*|, with τ = " + NumberStyle.format(tau)
    }

    /// One solver as given on the command line (`name[:key=value,…]`), resolved.
    public struct SolverEntry: Sendable {
        public let label: String
        public let choice: SolverChoice
    }

    /// A `--solvers` entry that cannot be resolved, and why (`entry` nil: the line search
    /// given for all of them).
    public struct EntryError: Error, Equatable {
        public let entry: String?
        public let error: RequestError
    }

    /// A comparison's row: the one result record (`ResultRecord`), without a single run's fields.
    public typealias Row = ResultRecord

    /// The cost model's price of one dense Hessian of `objective`: the 2n gradients of central
    /// differences when it is differenced, otherwise n (it is worth the n Hessian-vector
    /// products with the unit vectors, and an analytic Hessian is priced the same so that
    /// problems that have one are not favoured).
    public static func hessianCost(of objective: any Objective) -> Int {
        let n = objective.dimension
        guard let withHessian = objective as? any HessianObjective else { return n }
        return withHessian.hessianSource.contains("differences") ? 2 * n : n
    }

    /// Splits a comma-separated list whose items may themselves hold `key=value` lists after
    /// a colon: an item with `=` but no `:` (or a bare switch that is not a solver name)
    /// continues the previous item.
    static func items(_ text: String) -> [String] {
        var result: [String] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: true).map({
            String($0).trimmingCharacters(in: .whitespaces)
        }) {
            let continues =
                !part.contains(":")
                && (part.contains("=") || (SolverCatalog.isSwitch(part) && SolverDescriptor.named(part) == nil))
            if continues, let last = result.popLast() {
                result.append(last + "," + part)
            } else {
                result.append(part)
            }
        }
        return result
    }

    /// `name[:key=value,…]` → a request; `line-search=` names the line search.
    static func request(_ item: String) -> SolverRequest {
        let colon = item.firstIndex(of: ":")
        var request = SolverRequest(
            solver: String(item[..<(colon ?? item.endIndex)]).trimmingCharacters(in: .whitespaces))
        guard let colon else { return request }
        for assignment in item[item.index(after: colon)...].split(separator: ",") {
            let kv = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = kv[0].trimmingCharacters(in: .whitespaces), value = kv.count == 2 ? String(kv[1]) : nil
            if key == "line-search" {
                request.lineSearch = value ?? ""
            } else {
                request.assignments.append(Assignment(key, value))
            }
        }
        return request
    }

    /// `lbfgs,bfgs,cg:beta=hz,line-search=hager-zhang` → solver entries, each resolved against
    /// the descriptors.
    /// - Parameters:
    ///   - lineSearch: the line search of every solver that takes one and does not name its own.
    ///   - l1: `l1=λ` for every solver that does not give its own (a solver that does not
    ///     minimize f + λ‖x‖₁ is then refused).
    public static func solvers(
        _ text: String, lineSearch: String? = nil, l1: Assignment? = nil
    ) throws(EntryError) -> [SolverEntry] {
        if let lineSearch, LineSearchDescriptor.named(lineSearch) == nil {
            throw EntryError(entry: nil, error: .unknownLineSearch(lineSearch))
        }
        var entries: [SolverEntry] = []
        for item in items(text) {
            if entries.contains(where: { $0.label == item }) {
                throw EntryError(entry: item, error: .repeated(key: item))
            }
            var request = request(item)
            if let l1, !request.assignments.contains(where: { $0.key == l1.key }) { request.assignments.append(l1) }
            if request.lineSearch == nil, SolverDescriptor.named(request.solver)?.takesLineSearch == true {
                request.lineSearch = lineSearch
            }
            do { entries.append(SolverEntry(label: item, choice: try SolverCatalog.resolve(request))) } catch {
                throw EntryError(entry: item, error: error)
            }
        }
        return entries
    }

    /// `mgh`, `cutest`, `nist`, `more-wild`, `more-wild-noisy`, `mgh/b*`,
    /// `rosenbrock:n=100,quadratic:n=50,cond=1e3`,
    /// file paths → references.
    /// Several `--problems` values: each a comma list, but for an `expr:` formula or an `exec:`
    /// command, which is taken whole (its commas are its own).
    public static func problems(_ values: [String]) throws(ProblemError) -> [String] {
        var references: [String] = []
        for value in values {
            references += value.hasPrefix("expr:") || value.hasPrefix("exec:") ? [value] : try problems(value)
        }
        return references
    }

    public static func problems(_ text: String) throws(ProblemError) -> [String] {
        var references: [String] = []
        for item in items(text) {
            if item == "mgh" {
                references += ProblemRegistry.mghSuite
            } else if item == "hs" {
                references += ProblemRegistry.hockSchittkowskiSuite
            } else if item == "nist" {
                references += ProblemRegistry.nistSuite
            } else if item == "cutest" {
                references += ProblemRegistry.cutestSuite
            } else if item == "more-wild" || item == "more-wild-noisy" {
                references += ProblemRegistry.moreWildSuite(noisy: item == "more-wild-noisy")
            } else if item.contains("*") {
                let matches = ProblemRegistry.all.map(\.name).filter { Self.matches(glob: item, $0) }
                guard !matches.isEmpty else { throw .unknownProblem(item, known: ProblemRegistry.names) }
                references += matches
            } else {
                references.append(item)
            }
        }
        for reference in references
        where !reference.lowercased().hasSuffix(".json") && !reference.hasPrefix("expr:")
            && !reference.hasPrefix("exec:") && reference != "pipe"
        {
            _ = try ProblemRegistry.split(reference)
        }
        return references
    }

    /// `*` matches any run of characters.
    static func matches(glob: String, _ name: String) -> Bool {
        let parts = glob.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var rest = Substring(name)
        for (i, part) in parts.enumerated() {
            if i == 0 {
                guard rest.hasPrefix(part) else { return false }
                rest = rest.dropFirst(part.count)
            } else if i == parts.count - 1 {
                return part.isEmpty || rest.hasSuffix(part)
            } else {
                guard let range = rest.range(of: part) else { return false }
                rest = rest[range.upperBound...]
            }
        }
        return rest.isEmpty
    }

    /// Where a comparison stands, for a progress display: runs finished, runs in all, and the
    /// runs in flight (problem × solver, with when each started), oldest first.
    public struct Progress: Sendable {
        /// A run in flight: "mgh/wood × bfgs" and when it started.
        public struct Run: Sendable {
            public let label: String
            public let started: Date
        }
        public let finished: Int
        public let total: Int
        public let running: [Run]
    }

    /// Thread-safe state shared by the jobs. Progress is reported under the lock, so a
    /// display never sees the count go backwards.
    final class Board: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private(set) var outcomes: [CellOutcome?]
        private var running: [(index: Int, run: Progress.Run)] = []
        private var finished = 0
        private let progress: (@Sendable (Progress) -> Void)?

        init(count: Int, progress: (@Sendable (Progress) -> Void)?) {
            outcomes = Array(repeating: nil, count: count)
            self.progress = progress
        }

        private func report() {
            progress?(Progress(finished: finished, total: outcomes.count, running: running.map(\.run)))
        }

        func take(stop: () -> Bool) -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard next < outcomes.count, !stop() else { return nil }
            next += 1
            return next - 1
        }

        func start(_ index: Int, _ label: String) {
            lock.lock(); defer { lock.unlock() }
            running.append((index, Progress.Run(label: label, started: Date())))
            report()
        }

        func put(_ index: Int, _ outcome: CellOutcome) {
            lock.lock(); defer { lock.unlock() }
            outcomes[index] = outcome
            running.removeAll { $0.index == index }
            finished += 1
            report()
        }
    }

    /// The grid of a comparison, each problem built once before any run so that bad
    /// references (and the files they read) are known before the work starts. Its cells are
    /// problem × seed × start × solver, numbered in that order (problem-major): the numbering
    /// that shards and merged results use (`ComparisonGrid`).
    public struct Plan: Sendable {
        public let problems: [String]
        public let solvers: [SolverEntry]
        public let settings: ProblemSettings
        /// The seeds each problem is built with (`compare --seeds`), or nil: the problems'
        /// own seeds (`--seed` and `seed=` in references).
        public let seeds: [UInt64]?
        /// Starting points per problem (`compare --starts`): the standard x₀ and `starts − 1`
        /// random points around it (`RandomStart`).
        public let starts: Int
        /// n of each kept problem, in `problems` order (the cost estimate of `shard`).
        public let dimensions: [Int]
        /// The files the problems were read from (problem files, datasets).
        public let inputFiles: [String]

        /// - Throws: a problem reference that cannot be built.
        /// - Parameter settings: seed, x₀ for every problem instead of its standard start, ∇f
        ///   by differences, the evaluation timeout of programs.
        ///
        /// A problem named twice (`mgh/beale` and `mgh/b*`, `rosenbrock` and `rosenbrock:n=2`) is
        /// kept once, under its first reference: a second row would count twice in the summary
        /// and the profiles.
        public init(
            problems: [String], solvers: [SolverEntry], settings: ProblemSettings = ProblemSettings(),
            seeds: [UInt64]? = nil,
            starts: Int = 1
        ) throws(ProblemError) {
            self.solvers = solvers
            self.settings = settings
            self.seeds = seeds
            self.starts = max(1, starts)
            var files: [String] = [], kept: [String] = [], names: Set<String> = [], dimensions: [Int] = []
            for reference in problems {
                let problem = try Self.resolve(reference, settings)
                guard names.insert(problem.name).inserted else { continue }
                kept.append(reference)
                dimensions.append(problem.dimension)
                files += problem.inputFiles
            }
            self.problems = kept
            self.dimensions = dimensions
            inputFiles = files
        }

        static func resolve(_ reference: String, _ settings: ProblemSettings) throws(ProblemError) -> TestProblem {
            guard reference != "pipe" else {
                throw .program(
                    reference: "pipe", reason: "the caller answers one run only: use optbench run --problem pipe")
            }
            return try ProblemRegistry.resolve(reference, settings: settings)
        }

        /// Runs every cell, `jobs` at a time (see `run(cells:…)`); the rows in cell order and
        /// the pairs that did not run, sorted.
        public func run(
            options: Options, jobs: Int, progress: (@Sendable (Progress) -> Void)? = nil,
            stop: @escaping @Sendable () -> Bool = { false }
        ) -> (rows: [Row], skipped: [String]) {
            let outcomes = run(
                cells: Array(0..<cellCount), options: options, jobs: jobs, progress: progress, stop: stop)
            return (outcomes.compactMap(\.row), outcomes.compactMap(\.skipped).sorted())
        }

        /// Runs the given cells, `jobs` at a time. A problem is built once per instance and
        /// the other workers get replicas that share its data (`ReplicableObjective`), or
        /// once per worker for the cells it runs in a row (a program problem once per run);
        /// each run copies the solver its choice holds; OpenBLAS is pinned to `options.threads`
        /// threads (1 unless the caller
        /// opted in to more: one per job), so results depend neither on the number of jobs nor
        /// on the machine. `stop` is polled before each task and at every iteration (Ctrl-C):
        /// runs in flight end with status `interrupted`, no new run starts, and the outcomes of
        /// the cells that ran are returned in the order of `cells`. Pairs the solver cannot
        /// handle (linear-cg on a non-quadratic, …) are outcomes with a `skipped` reason.
        /// Programs (`exec:`) get one child per run.
        public func run(cells: [Int], options: Options, jobs: Int, progress: (@Sendable (Progress) -> Void)? = nil,
                        stop: @escaping @Sendable () -> Bool = { false }) -> [CellOutcome] {
            BLASThreads.set(options.threads)
            let board = Board(count: cells.count, progress: progress)
            let settings = settings, plan = self
            let shared = SharedInstances()
            DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, cells.count))) { _ in
                // The worker's last problem instance: cells run problem by problem, solver after
                // solver, so a problem (its Q, its dataset) is built once per worker and instance.
                // A function that can fail (a program: one child per run) is built anew.
                var last: (problem: Int, seed: UInt64?, value: TestProblem)?
                while let index = board.take(stop: stop) {
                    let cell = cells[index]
                    let (instance, entry) = plan.cell(cell)
                    let where_ = "\(instance.label(plan.problems[instance.problem])) × \(entry.label)"
                    board.start(index, where_)
                    do {
                        var instanceSettings = settings
                        if let seed = instance.seed { instanceSettings.seed = seed }
                        let problem: TestProblem
                        if let last, last.problem == instance.problem, last.seed == instance.seed {
                            problem = last.value
                        } else {
                            problem = try shared.problem(instance) {
                                () throws(ProblemError) -> TestProblem in
                                try Self.resolve(plan.problems[instance.problem], instanceSettings)
                            }
                            last =
                                problem.objective is any FallibleObjective
                                ? nil : (instance.problem, instance.seed, problem)
                        }
                        if let refusal = entry.choice.refusal(for: problem) {
                            board.put(
                                index,
                                CellOutcome(cell: cell, skipped: "\(where_): \(refusal.message(spelling: { $0 }))"))
                            continue
                        }
                        let start =
                            instance.start == 0
                            ? problem.start
                            : RandomStart.point(
                                around: problem.start, problem: problem.name, seed: settings.seed ?? 0,
                                index: instance.start)
                        var result = try minimize(
                            problem.objective, from: start, bounds: problem.bounds, constraints: problem.constraints,
                            using: entry.choice.makeSolver(),
                            options: options,
                            callback: { _ in stop() ? .interrupt : .proceed })
                        problem.finishExternal(&result)
                        var row = Row(problem: problem, entry: entry, result: result)
                        row.problem = instance.label(problem.name)
                        row.blasThreads = BLASThreads.current
                        board.put(index, CellOutcome(cell: cell, row: row))
                    } catch {
                        board.put(index, CellOutcome(cell: cell, skipped: "\(where_): \(error)"))
                    }
                }
            }
            return board.outcomes.compactMap { $0 }
        }
    }

    /// A plan and its run in one call (see `Plan`).
    public static func run(
        problems: [String], solvers: [SolverEntry], options: Options, settings: ProblemSettings = ProblemSettings(),
        jobs: Int,
        progress: (@Sendable (Progress) -> Void)? = nil,
        stop: @escaping @Sendable () -> Bool = { false }
    ) throws(ProblemError) -> (rows: [Row], skipped: [String]) {
        try Plan(problems: problems, solvers: solvers, settings: settings).run(
            options: options, jobs: jobs, progress: progress, stop: stop)
    }
}
