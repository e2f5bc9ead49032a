import ArgumentParser
import Bench
import Foundation
import Optim
import Problems

enum ComparisonFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, csv, json
}

/// Set by Ctrl-C; polled by the comparison before it starts each run.

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
            Ctrl-C stops after the runs in progress and still writes the finished rows. \
            Exit status: 0 done, 1 interrupted, 2 bad input.


            """ + Listing.help(solvers: [], stopping: true, training: false)
    )

    @Option(help: "Solvers, e.g. lbfgs,bfgs,cg:beta=hz.")
    var solvers: String
    @Option(help: "Problems: references, `mgh`, globs (mgh/b*), .json files, comma-separated; repeat the flag for more, and for an expr: formula (taken whole).")
    var problems: [String] = []
    @Option(name: .customLong("line-search"), help: "Line search of every solver that takes one and does not set its own (solver:line-search=…).")
    var lineSearch: String?
    @OptionGroup var startOption: StartOption
    @OptionGroup var evaluationOptions: EvaluationOptions
    @OptionGroup var seedOption: SeedOption
    @OptionGroup var threadsOption: ThreadsOption
    @Option(help: "Output format: text, markdown, csv or json.")
    var format: ComparisonFormat = .text
    @OptionGroup var outputOption: OutputOption
    @Option(help: "Write the performance profile by f+∇f evaluations to FILE.svg, and by time to FILE-time.svg.")
    var profile: String?
    @Option(help: "Write convergence plots (f − f* and ‖∇f‖∞ against evaluations) for every problem into this folder.")
    var plots: String?
    @Option(parsing: .unconditional, help: "Runs in parallel (default: the number of cores).")
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
            return (try OutputTarget(path: path), try OutputTarget(path: String(path.dropLast(4)) + "-time.svg"))
        }
        if let plots {
            do { try FileManager.default.createDirectory(atPath: plots, withIntermediateDirectories: true) } catch {
                throw UsageFailure("--plots \(plots): cannot create the folder")
            }
        }
        let entries: [Comparison.SolverEntry]
        do { entries = try Comparison.solvers(solvers, lineSearch: lineSearch) } catch {
            guard let entry = error.entry else { throw CommandLineParameters.failure(error.error) }
            throw UsageFailure("--solvers '\(entry)': \(error.error.message(spelling: { $0 }))")
        }
        let references: [String]
        do { references = try Comparison.problems(problems) } catch { throw UsageFailure("--problems: \(error)") }
        guard !entries.isEmpty, !references.isEmpty else { throw UsageFailure("--solvers and --problems must name at least one each") }
        let options: Options
        do {
            options = try StoppingRules.options(from: try CommandLineParameters.assignments(parameters), traceEvery: plots == nil ? 0 : 1,
                                                command: "compare")
        } catch let error as RequestError {
            throw CommandLineParameters.failure(error)
        }

        let interruption = InterruptHandler.install()
        let started = Date()
        let showProgress = isatty(STDERR_FILENO) == 1
        let progress: (@Sendable (Int, Int, String) -> Void)?
        if showProgress {
            progress = { @Sendable (done: Int, total: Int, label: String) in
                let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
                let line = "\r[\(done)/\(total)] \(seconds)s  \(label)"
                FileHandle.standardError.write(Data(line.padding(toLength: 100, withPad: " ", startingAt: 0).utf8))
            }
        } else {
            progress = nil
        }

        let outcome: (rows: [Comparison.Row], skipped: [String])
        do {
            let settings = ProblemSettings(seed: seedOption.seed, start: try startOption.point(), gradient: evaluationOptions.gradient.scheme,
                                           evaluationTimeout: try evaluationOptions.timeout())
            outcome = try Comparison.run(problems: references, solvers: entries, options: options, settings: settings, jobs: jobs,
                                         progress: progress, stop: { Interruption.isRaised })
        } catch {
            throw UsageFailure("--problems: \(error)")
        }
        interruption.cancel()
        if showProgress { FileHandle.standardError.write(Data("\r\(String(repeating: " ", count: 100))\r".utf8)) }

        let report = ComparisonReport(rows: outcome.rows, solvers: entries.map(\.label), skipped: outcome.skipped, interrupted: Interruption.isRaised)
        switch format {
        case .text: try target.write(report.text)
        case .markdown: try target.write(report.markdown)
        case .csv: try target.write(report.csv)
        case .json: try target.write(report.json)
        }
        if let (byEvaluations, byTime) = profileTargets {
            try byEvaluations.write(report.profile(byTime: false).svg)
            try byTime.write(report.profile(byTime: true).svg)
        }
        if let plots {
            for problem in report.problems {
                var name = ""
                for character in problem { name.append("/:,=".contains(character) ? "_" : character) }
                let charts = report.convergence(problem: problem)
                try OutputTarget(path: "\(plots)/\(name)-f.svg").write(charts.value.svg)
                try OutputTarget(path: "\(plots)/\(name)-gradient.svg").write(charts.gradient.svg)
            }
        }
        throw ExitStatus(code: report.interrupted ? 1 : 0)
    }
}
