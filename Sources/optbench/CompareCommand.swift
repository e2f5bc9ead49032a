import ArgumentParser
import Bench
import Foundation
import Optim
import Problems

enum ComparisonFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, csv, json
}

/// `optbench compare`: a solver × problem grid, its table, summary, profiles and plots.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run several solvers on several problems and compare them.",
        discussion: """
            Solvers: a comma list, each with its own parameters after a colon, e.g. \
            lbfgs:memory=5,bfgs,cg:beta=hz,line-search=hager-zhang (the keys of 'optbench list'). \
            Problems: a comma list of references, `mgh` for the 35 Moré–Garbow–Hillstrom problems, or globs such as mgh/b*. \
            Solved means: converged and f − f* ≤ 1e-5·max(1, |f*|) where f* is known. \
            The first Ctrl-C stops the runs in progress at their next iteration (their rows say interrupted) \
            and still writes the report; a second one quits at once. \
            Exit status: 0 done, 130 interrupted, 2 bad input.


            """ + Listing.help(solvers: [], stopping: true, training: false)
    )

    @Option(help: ArgumentHelp("Solvers, each with its options after a colon: lbfgs,bfgs,cg:beta=hz (see 'optbench list').", valueName: "list"))
    var solvers: String
    @Option(help: ArgumentHelp("Problems: references, `mgh`, globs (mgh/b*), .json files, comma-separated; repeat the flag for more, and for an expr: formula (taken whole). Bundled problem files (mlp) are found in ./problems, beside the binary, or in $OPTBENCH_PROBLEMS.", valueName: "list"))
    var problems: [String]
    @Option(name: .customLong("line-search"),
            help: ArgumentHelp("Line search of every solver that takes one and does not set its own (default: each solver's own).", valueName: "name"))
    var lineSearch: String?
    @OptionGroup var startOption: StartOption
    @OptionGroup var boundsOption: BoundsOption
    @OptionGroup var evaluationOptions: EvaluationOptions
    @OptionGroup var seedOption: SeedOption
    @OptionGroup var threadsOption: ThreadsOption
    @Option(help: "Output format.")
    var format: ComparisonFormat = .text
    @OptionGroup var outputOption: OutputOption
    @Option(help: ArgumentHelp("Write the performance profile by evaluation cost to FILE.svg, and by time to FILE-time.svg.", valueName: "FILE.svg"))
    var profile: String?
    @Option(help: ArgumentHelp("Write convergence plots (f − f* and ‖∇f‖∞ against evaluations) for every problem into this folder.", valueName: "folder"))
    var plots: String?
    @Option(parsing: .unconditional, help: ArgumentHelp("Runs in parallel (default: the number of cores).", valueName: "n"))
    var jobs: Int?
    /// Stopping rules (`--gtol 1e-8`, `--max-iter 5000`, …).
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var parameters: [String] = []

    func run() throws {
        try threadsOption.apply()
        let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
        guard jobs >= 1 else { throw UsageFailure("invalid value '\(jobs)' for --jobs: expected an integer ≥ 1") }
        let target = try outputOption.target()
        let profileTargets = try profile.map { path throws(UsageFailure) -> (OutputTarget, OutputTarget) in
            guard path.lowercased().hasSuffix(".svg") else { throw UsageFailure("--profile \(path): expected a file name ending in .svg") }
            return (try OutputTarget(path: path, flag: "--profile"), try OutputTarget(path: String(path.dropLast(4)) + "-time.svg", flag: "--profile"))
        }
        let plotsFolder = try plots.map { folder throws(UsageFailure) in try PlotsFolder(folder) }
        let entries = try CommandLineParameters.solvers(solvers, lineSearch: lineSearch)
        let references: [String]
        do { references = try Comparison.problems(problems) } catch { throw UsageFailure("--problems: \(error)") }
        guard !references.isEmpty else {
            throw UsageFailure("invalid value '\(problems.joined(separator: ","))' for --problems: expected at least one problem, e.g. mgh")
        }
        let options: Options
        do {
            options = try StoppingRules.options(from: try CommandLineParameters.assignments(parameters), traceEvery: plots == nil ? 0 : 1,
                                                command: "compare")
        } catch let error as RequestError {
            throw CommandLineParameters.failure(error)
        }
        let settings = ProblemSettings(seed: seedOption.seed, start: try startOption.point(), gradient: evaluationOptions.gradient.scheme,
                                       evaluationTimeout: try evaluationOptions.timeout(), bounds: try boundsOption.spec())
        let plan: Comparison.Plan
        do { plan = try Comparison.Plan(problems: references, solvers: entries, settings: settings) } catch {
            throw CommandLineParameters.failure(error, flag: "--problems")
        }
        let fileTargets = [target] + (profileTargets.map { [$0.0, $0.1] } ?? [])
        try OutputTarget.checkDistinct(fileTargets, inputs: plan.inputFiles + startOption.files)
        try plotsFolder?.checkDistinct(from: fileTargets, inputs: plan.inputFiles + startOption.files)

        let interruption = InterruptHandler.install(acknowledgement: "stopping the runs in progress at their next iteration; Ctrl-C again quits at once")
        let line = ProgressLine.forStandardError()
        var progress: (@Sendable (Comparison.Progress) -> Void)?
        if let line { progress = { @Sendable state in line.show(Self.progressText(state, elapsed: line.elapsed)) } }
        let outcome = plan.run(options: options, jobs: jobs, progress: progress, stop: { Interruption.isRaised })
        interruption.cancel()
        line?.clear()

        let interrupted = Interruption.isRaised
        if interrupted && outcome.rows.allSatisfy({ $0.status == .interrupted }) {
            Console.err("optbench: compare: interrupted before any run finished; nothing written\n")
            throw ExitStatus(code: 130)
        }
        let report = ComparisonReport(rows: outcome.rows, solvers: entries.map(\.label), skipped: outcome.skipped, interrupted: interrupted)
        var outputs: [(target: OutputTarget, text: String)]
        switch format {
        case .text: outputs = [(target, report.text)]
        case .markdown: outputs = [(target, report.markdown)]
        case .csv: outputs = [(target, report.csv)]
        case .json: outputs = [(target, report.json)]
        }
        if let (byEvaluations, byTime) = profileTargets {
            outputs += [(byEvaluations, report.profile(byTime: false).svg), (byTime, report.profile(byTime: true).svg)]
        }
        if let plotsFolder {
            try plotsFolder.create()
            for problem in report.problems {
                let name = PlotsFolder.stem(problem)
                let charts = report.convergence(problem: problem)
                outputs.append((try OutputTarget(path: "\(plotsFolder.path)/\(name)-f.svg", flag: "--plots"), charts.value.svg))
                outputs.append((try OutputTarget(path: "\(plotsFolder.path)/\(name)-gradient.svg", flag: "--plots"), charts.gradient.svg))
            }
        }
        // Files first, all-or-nothing; the report on stdout last.
        try OutputTarget.write(outputs)
        throw ExitStatus(code: interrupted ? 130 : 0)
    }

    /// "[12/140] 3.4 s  running: mgh/beale × cg, mgh/wood × bfgs".
    static func progressText(_ progress: Comparison.Progress, elapsed: String) -> String {
        let running = progress.running.isEmpty ? "" : "  running: " + progress.running.joined(separator: ", ")
        return "[\(progress.finished)/\(progress.total)] \(elapsed)\(running)"
    }
}

/// `compare --plots FOLDER`: checked before the work (not a file, under a folder that exists
/// or can be created), created only when the plots are written.
struct PlotsFolder {
    let path: String

    init(_ path: String) throws(UsageFailure) {
        self.path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        var ancestor = self.path
        while true {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else {
                    throw UsageFailure(ancestor == self.path ? "--plots \(path): is a file; expected a folder"
                                                             : "--plots \(path): \(ancestor) is a file, not a folder")
                }
                guard FileManager.default.isWritableFile(atPath: ancestor) else { throw UsageFailure("--plots \(path): folder \(ancestor) is not writable") }
                return
            }
            let parent = URL(fileURLWithPath: ancestor).deletingLastPathComponent().path
            if parent == ancestor { return }
            ancestor = parent
        }
    }

    /// Refuses a folder that is an input of the command or the file of another output.
    func checkDistinct(from outputs: [OutputTarget], inputs: [String]) throws(UsageFailure) {
        for input in inputs where OutputTarget.sameFile(path, input) { throw UsageFailure("--plots \(path) is an input of this command (\(input))") }
        for output in outputs where output.isFile && OutputTarget.sameFile(path, output.resolvedPath!) {
            throw UsageFailure("--plots \(path) is the same path as \(output.flag) \(output.path!); give each output its own name")
        }
    }

    /// The start of a problem's plot file names: its name with `/ : , =` as `_`; a name over
    /// 200 bytes (a long formula) is cut to 180 and followed by the FNV-1a hash of the whole
    /// name, so that it stays distinct and fits a file name (255 bytes) with its suffix.
    static func stem(_ problem: String) -> String {
        var name = ""
        for character in problem { name.append("/:,=".contains(character) ? "_" : character) }
        guard name.utf8.count > 200 else { return name }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in problem.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        var cut = ""
        for character in name {
            if cut.utf8.count + character.utf8.count > 180 { break }
            cut.append(character)
        }
        return cut + "-" + String(hash, radix: 16)
    }

    func create() throws(UsageFailure) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw UsageFailure("--plots \(path): cannot create the folder (\(error.localizedDescription))")
        }
    }
}
