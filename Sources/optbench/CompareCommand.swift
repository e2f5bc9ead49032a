import ArgumentParser
import Bench
import Foundation
import Optim
import Problems

/// `optbench compare`: a solver × problem grid, its table, summary, profiles and plots.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run several solvers on several problems and compare them.",
        discussion: """
            Solvers: a comma list, each with its own parameters after a colon, e.g. \
            lbfgs:memory=5,bfgs,cg:beta=hz,line-search=hager-zhang (the keys of 'optbench list'). \
            Problems: a comma list of references, `mgh` for the 35 Moré–Garbow–Hillstrom problems, or globs such as mgh/b*. \
            Solved means: converged and, where f* is known, f(x₀) − f ≥ (1 − τ)(f(x₀) − f*) \
            (Moré & Wild 2009) and, where f* ≠ 0, f − f* ≤ τ|f*| (--tau, default 1e-5). \
            The first Ctrl-C stops the runs in progress at their next iteration (their rows say interrupted) \
            and still writes the report; a second one quits at once. \
            Exit status: 0 done, 130 interrupted, 2 bad input.


            """ + Listing.help(solvers: [], stopping: true, training: false)
    )

    @Option(
        help: ArgumentHelp(
            "Solvers, each with its options after a colon: lbfgs,bfgs,cg:beta=hz (see 'optbench list').",
            valueName: "list"))
    var solvers: String
    @Option(
        help: ArgumentHelp(
            "Problems: references, `mgh`, globs (mgh/b*), .json files, comma-separated; repeat the flag for more, and "
                + "for an expr: formula (taken whole). Bundled problem files (mlp) come from the installation (beside "
                    + "the binary), or from $OPTBENCH_PROBLEMS; never from the current folder.",
            valueName: "list"))
    var problems: [String]
    @Option(
        name: .customLong("line-search"),
        help: ArgumentHelp(
            "Line search of every solver that takes one and does not set its own (default: each solver's own).",
            valueName: "name"))
    var lineSearch: String?
    @OptionGroup var startOption: StartOption
    @OptionGroup var boundsOption: BoundsOption
    @OptionGroup var constraintOption: ConstraintOption
    @OptionGroup var evaluationOptions: EvaluationOptions
    @OptionGroup var seedOption: SeedOption
    @OptionGroup var threadsOption: ThreadsOption
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Seeds of generated problems, each a separate instance: 1,2,3 or 1..5 (default: each problem's own).",
            valueName: "list"))
    var seeds: String?
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Starting points per problem: x₀ and k − 1 random points around it (xᵢ + 0.1·max(1, |xᵢ|)·U[−1, 1], "
                + "seeded).",
            valueName: "k"))
    var starts: Int = 1
    @Option(
        help: ArgumentHelp(
            "Run only part k of N of the grid (deterministic, balanced by estimated work) and write its rows as JSON "
                + "Lines for optbench merge.",
            valueName: "k/N"))
    var shard: String?
    @OptionGroup var reportOptions: ReportOptions
    @Option(
        parsing: .unconditional, help: ArgumentHelp("Runs in parallel (default: the number of cores).", valueName: "n"))
    var jobs: Int?
    /// Stopping rules (`--gtol 1e-8`, `--max-iter 5000`, …).
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var parameters: [String] = []

    /// `1,2,3` or `1..5` → the seeds; nil when not given.
    static func seedList(_ text: String?) throws(UsageFailure) -> [UInt64]? {
        guard let text else { return nil }
        let bad = UsageFailure(
            "invalid value '\(text)' for --seeds: expected integers ≥ 0 as a comma list (1,2,3) or a range (1..5), at "
                + "most 10000 seeds"
        )
        var seeds: [UInt64] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = item.components(separatedBy: "..")
            if bounds.count == 2, let low = UInt64(bounds[0]), let high = UInt64(bounds[1]), low <= high,
                high - low < 10_000
            {
                seeds += Array(low...high)
            } else if let seed = UInt64(item) {
                seeds.append(seed)
            } else {
                throw bad
            }
            guard seeds.count <= 10_000 else { throw bad }
        }
        guard Set(seeds).count == seeds.count else {
            throw UsageFailure("invalid value '\(text)' for --seeds: a seed is given twice")
        }
        return seeds
    }

    func run() throws {
        let threads = try threadsOption.apply()
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        guard jobs >= 1 else { throw UsageFailure("invalid value '\(jobs)' for --jobs: expected an integer ≥ 1") }
        guard (1...10_000).contains(starts) else {
            throw UsageFailure("invalid value '\(starts)' for --starts: expected an integer in [1, 10000]")
        }
        let shard = try self.shard.map { text throws(UsageFailure) -> Comparison.Shard in
            guard let shard = Comparison.Shard(text) else {
                throw UsageFailure("invalid value '\(text)' for --shard: expected k/N with 1 ≤ k ≤ N, e.g. 3/8")
            }
            return shard
        }
        let format = reportOptions.format ?? (shard == nil ? .text : .jsonl)
        if !constraintOption.texts.isEmpty && format == .jsonl {
            // A shard line does not carry the constraints' outcome yet: merged rows would lose the violation.
            throw UsageFailure(
                "--constraint: shards and --format jsonl do not carry the constraint violation yet; compare whole")
        }
        try reportOptions.checkTrace(format: format)
        let seeds = try Self.seedList(self.seeds)
        let targets = try reportOptions.targets()
        let tau = try reportOptions.solvedTau()
        var assignments = try CommandLineParameters.assignments(parameters)
        // --l1 λ is every solver's L1 weight (lbfgs becomes owlqn); the rest are stopping rules.
        let l1 = assignments.firstIndex { $0.key == "l1" }.map { assignments.remove(at: $0) }
        let entries = try CommandLineParameters.solvers(solvers, lineSearch: lineSearch, l1: l1)
        let references: [String]
        do { references = try Comparison.problems(problems) } catch { throw UsageFailure("--problems: \(error)") }
        guard !references.isEmpty else {
            throw UsageFailure(
                "invalid value '\(problems.joined(separator: ","))' for --problems: expected at least one problem, "
                    + "e.g. mgh"
            )
        }
        var options: Options
        do {
            // Every iteration's f and evaluation counts: the plots draw them, and Moré & Wild's test
            // (the κ column, the data profile) finds the first iterate that passes among them.
            options = try StoppingRules.options(from: assignments, traceEvery: 1, command: "compare")
            options.threads = threads
        } catch {
            throw CommandLineParameters.failure(error)
        }
        var settings = ProblemSettings(
            seed: seedOption.seed, start: try startOption.point(), gradient: evaluationOptions.gradient.scheme,
            evaluationTimeout: try evaluationOptions.timeout(), bounds: try boundsOption.spec())
        settings.constraints = constraintOption.texts
        let plan: Comparison.Plan
        do {
            plan = try Comparison.Plan(
                problems: references, solvers: entries, settings: settings, seeds: seeds, starts: starts)
        } catch {
            throw CommandLineParameters.failure(error, flag: "--problems")
        }
        try targets.checkDistinct(inputs: plan.inputFiles + startOption.files + boundsOption.files)
        // The grid is sized by the user: estimate it before anything of its size is allocated.
        let cellCount = Double(plan.cellCount)
        let runs = shard.map { (cellCount / Double($0.count)).rounded(.up) } ?? cellCount
        let bytes = Comparison.Plan.planningBytes(cells: cellCount, runs: runs)
        guard bytes <= MemoryEstimate.limitBytes else {
            throw UsageFailure(
                "the grid (--problems × --seeds × --starts × --solvers) has \(plan.cellCount) "
                    + "runs\(shard.map { ", about \(Int(runs)) in --shard \($0)" } ?? ""); "
                    + "planning and recording them needs about \(MemoryEstimate.format(bytes)); "
                        + "\(MemoryEstimate.machineDescription)"
            )
        }
        let cells = shard.map { plan.cells(in: $0) } ?? Array(0..<plan.cellCount)

        for notice in plan.denseNotices(rate: FlopRate.dgemm) { Console.err("optbench: compare: \(notice)\n") }
        let interruption = InterruptHandler.install(
            acknowledgement: "stopping the runs in progress at their next iteration; Ctrl-C again quits at once")
        let display = ProgressLine.forStandardError().map { CompareProgress(line: $0) }
        var progress: (@Sendable (Comparison.Progress) -> Void)?
        if let display { progress = { @Sendable state in display.update(state) } }
        let outcomes = plan.run(
            cells: cells, options: options, jobs: jobs, progress: progress, stop: { Interruption.isRaised })
        interruption.cancel()
        display?.finish()

        let rows = outcomes.compactMap(\.row).map { row in
            var row = row
            row.tau = tau
            return row
        }
        let interrupted = Interruption.isRaised
        if interrupted && rows.allSatisfy({ $0.status == .interrupted }) {
            Console.err("optbench: compare: interrupted before any run finished; nothing written\n")
            throw ExitStatus(code: 130)
        }
        var report = ComparisonReport(
            rows: rows, solvers: entries.map(\.label), skipped: outcomes.compactMap(\.skipped).sorted(),
            interrupted: interrupted, tau: tau)
        let definition = Comparison.GridDefinition(
            plan: plan, lineSearch: lineSearch, l1: l1?.value, arguments: gridArguments())
        report.definition = definition
        try reportOptions.write(
            report, format: format,
            jsonl: {
                let provenance = Provenance.current()
                // A run stopped by Ctrl-C is not a result: its cell is left out, and merge reports it missing.
                return outcomes.filter { $0.row?.status != .interrupted }.map {
                    ComparisonRecord.line(
                        $0, plan: plan, definition: definition, shard: shard ?? Comparison.Shard(index: 1, count: 1),
                        provenance: provenance) + "\n"
                }.joined()
            }, to: targets)
        throw ExitStatus(code: interrupted ? 130 : 0)
    }

    /// The arguments besides problems, solvers, seeds and starts that change a result: they
    /// are part of the grid's definition, so that shards run with different stopping rules
    /// do not merge.
    func gridArguments() -> [String] {
        var arguments = parameters
        if let seed = seedOption.text { arguments += ["--seed", seed] }
        if let x0 = startOption.x0 { arguments += ["--x0", x0] }
        if evaluationOptions.gradient != .exact { arguments += ["--gradient", evaluationOptions.gradient.rawValue] }
        if let timeout = evaluationOptions.evalTimeout { arguments += ["--eval-timeout", timeout] }
        if let bounds = boundsOption.text { arguments += ["--bounds", bounds] }
        for constraint in constraintOption.texts { arguments += ["--constraint", constraint] }
        return arguments
    }
}

/// `compare --plots FOLDER`: checked before the work (not a file, under a folder that exists
/// or can be created), created only when the plots are written.
struct PlotsFolder {
    let path: String
    /// The plots' format (`--plot-format`): SVG, or PNG or PDF converted by rsvg-convert.
    let format: FigureFile.Format

    init(_ path: String, format: FigureFile.Format = .svg) throws(UsageFailure) {
        if format != .svg && FigureFile.converter() == nil {
            throw UsageFailure(
                "--plot-format \(format.rawValue): needs rsvg-convert (Debian package librsvg2-bin; scripts/setup "
                    + "installs it); or --plot-format svg")
        }
        self.format = format
        self.path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        var ancestor = self.path
        while true {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else {
                    throw UsageFailure(ancestor == self.path ? "--plots \(path): is a file; expected a folder"
                                                             : "--plots \(path): \(ancestor) is a file, not a folder")
                }
                return
            }
            let parent = URL(fileURLWithPath: ancestor).deletingLastPathComponent().path
            if parent == ancestor { return }
            ancestor = parent
        }
    }

    /// Refuses a folder that is an input of the command or the file of another output, and an
    /// input or output inside the folder with a name the plots take (`…-f.svg`,
    /// `…-gradient.svg`, or .png, .pdf with `--plot-format`).
    func checkDistinct(from outputs: [OutputTarget], inputs: [String]) throws(UsageFailure) {
        for input in inputs where OutputTarget.sameFile(path, input) {
            throw UsageFailure("--plots \(path) is an input of this command (\(input))")
        }
        for output in outputs where output.isFile && OutputTarget.sameFile(path, output.resolvedPath!) {
            throw UsageFailure(
                "--plots \(path) is the same path as \(output.flag) \(output.path!); give each output its own name")
        }
        for input in inputs where holdsPlotName(input) {
            throw UsageFailure(
                "--plots \(path) would write over \(input), an input of this command; give the plots another folder")
        }
        for output in outputs where output.isFile && holdsPlotName(output.resolvedPath!) {
            throw UsageFailure(
                "--plots \(path) would write over \(output.flag) \(output.path!); give the plots another folder")
        }
    }

    /// Whether `file` lies directly in this folder (the same folder by device and inode) with a
    /// name a plot may take.
    private func holdsPlotName(_ file: String) -> Bool {
        let name = URL(fileURLWithPath: file).lastPathComponent
        let ext = "." + format.rawValue
        guard name.hasSuffix("-f" + ext) || name.hasSuffix("-gradient" + ext) else { return false }
        return OutputTarget.sameFile(URL(fileURLWithPath: file).deletingLastPathComponent().path, path)
    }

    /// The start of a problem's plot file names: its name with every character but ASCII
    /// letters, digits and `. _ - +` as `_` (`mgh/wood#start2` → `mgh_wood_start2`: a name that
    /// a Markdown link, a URL and a shell take as it is); a name over 200 bytes (a long
    /// formula) is cut to 180 and followed by the FNV-1a hash of the whole name, so that it
    /// stays distinct and fits a file name (255 bytes) with its suffix.
    static func stem(_ problem: String) -> String {
        var name = ""
        for character in problem { name.append(Self.keeps(character) ? character : "_") }
        guard name.utf8.count > 200 else { return name }
        let hash = FNV1a.hash(problem)
        var cut = ""
        for character in name {
            if cut.utf8.count + character.utf8.count > 180 { break }
            cut.append(character)
        }
        return cut + "-" + String(hash, radix: 16)
    }

    static func keeps(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "._-+".contains(character))
    }

    /// The stems of `problems`, in order: `stem`, with the FNV-1a hash of the name appended to
    /// each of the names that would share a stem (`a:b` and `a=b`), so no plot overwrites another.
    static func stems(_ problems: [String]) -> [String] {
        let plain = problems.map(stem)
        var uses: [String: Int] = [:]
        for name in plain { uses[name, default: 0] += 1 }
        return zip(problems, plain).map { problem, name in
            uses[name, default: 0] > 1 ? name + "-" + String(FNV1a.hash(problem), radix: 16) : name
        }
    }

    func create() throws(UsageFailure) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw UsageFailure("--plots \(path): cannot create the folder (\(error.localizedDescription))")
        }
    }
}
