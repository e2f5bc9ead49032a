import ArgumentParser
import Bench
import Foundation
import Optim
import Problems

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

/// `optbench run`: minimize one problem with one solver (or train by mini-batches) and report
/// the trace and result.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Minimize one problem with one solver.",
        discussion: Self.quickStart + "\n\n"
            + Listing.help(solvers: SolverDescriptor.all, stopping: true, training: true)
            + "\n\nProgress: with --format json|csv or --output, and for mini-batch training, a progress line on "
                + "stderr when it is a terminal."
            + "\n\nExit status: 0 converged (or a mini-batch run finished its epochs), 1 stopped without converging, 2 "
                + "bad input, 130 interrupted (Ctrl-C)."
    )

    /// What a newcomer needs first, before the long tables of parameters (the generated
    /// USAGE and OPTIONS come after them).
    static let quickStart = """
        Usage: optbench run --problem REF [--solver NAME] [--PARAMETER VALUE …]
        Examples:
          optbench run --problem rosenbrock:n=100            (lbfgs: the default)
          optbench run --solver bfgs --problem 'expr:(1-x)^2 + 100*(y-x^2)^2' \\
              --x0 -1.2,1
          optbench run --solver newton-cg --problem mgh/wood --format json
          optbench run --solver adam --lr 0.01 --problem mlp --epochs 2
        Solvers, their parameters and the problems: 'optbench list'. Every
        parameter, stopping rule and option follows.
        """

    @Option(
        help: ArgumentHelp(
            "Problem: a registry name with parameters (rosenbrock:n=1000, quadratic:n=200,cond=1e4,seed=3), "
                + "'expr:FORMULA', 'exec:COMMAND ARGS…', pipe (the caller answers on stdin), or a .json problem file. "
                    + "Bundled problem files (mlp) come from the installation (beside the binary), or from "
                        + "$OPTBENCH_PROBLEMS; never from the current folder.",
            valueName: "reference"))
    var problem: String
    @OptionGroup var solverOptions: SolverOptions
    @OptionGroup var startOption: StartOption
    @OptionGroup var boundsOption: BoundsOption
    @OptionGroup var constraintOption: ConstraintOption
    @OptionGroup var initialSimplexOption: InitialSimplexOption
    @OptionGroup var directionsOption: DirectionsOption
    @OptionGroup var evaluationOptions: EvaluationOptions
    @OptionGroup var seedOption: SeedOption
    @OptionGroup var threadsOption: ThreadsOption
    @Option(
        name: .customLong("trace-every"), parsing: .unconditional,
        help: ArgumentHelp("Record (and print) the trace every k iterations; 0: first and last only.", valueName: "k"))
    var traceEvery = RunRequest.defaultTraceEvery
    @Option(help: "Output format: json is the whole result and trace, csv the trace.")
    var format: OutputFormat = .text
    @OptionGroup var outputOption: OutputOption
    @Option(
        name: .customLong("repeat"), parsing: .unconditional,
        help: ArgumentHelp(
            "Run N times with the seeds s, s + 1, …, s + N − 1 (s: --seed, or 1) and report each run and the mean and "
                + "spread (text or json).",
            valueName: "N"))
    var repeats = 1
    /// Solver, line-search, stopping and training parameters (`--memory 5`, `--gtol 1e-8`, …).
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var parameters: [String] = []

    /// The largest --repeat.
    static let maximumRepeats = 1000

    func validate() throws {
        guard (1...Self.maximumRepeats).contains(repeats) else {
            throw ValidationError(
                "invalid value '\(repeats)' for --repeat: expected an integer in [1, \(Self.maximumRepeats)]")
        }
        if repeats > 1 && format == .csv {
            throw ValidationError("--repeat reports text or json; --format csv is the trace of a single run")
        }
        if repeats > 1 && problem == "pipe" {
            throw ValidationError("--repeat cannot rerun --problem pipe (the caller answers one run)")
        }
    }

    func run() throws {
        let threads = try threadsOption.apply()
        if repeats > 1 { return try runRepeatedly(threads: threads) }
        let target = try outputOption.target()
        let problem = try CommandLineParameters.problem(
            self.problem, seed: seedOption.seed, start: startOption, gradient: evaluationOptions.gradient.scheme,
            timeout: try evaluationOptions.timeout(), bounds: boundsOption,
            constraints: constraintOption.texts)
        try OutputTarget.checkDistinct(
            [target], inputs: problem.inputFiles + startOption.files + boundsOption.files + initialSimplexOption.files
                + directionsOption.files)
        var request = RunRequest(
            solver: solverOptions.solver, lineSearch: solverOptions.lineSearch,
            assignments: try CommandLineParameters.assignments(parameters), traceEvery: traceEvery,
            seed: seedOption.seed)
        request.threads = threads
        request.initialSimplex = try initialSimplexOption.points()
        request.directions = try directionsOption.directions()
        let prepared: PreparedRun
        do { prepared = try PreparedRun(request, problem: problem) } catch {
            throw CommandLineParameters.failure(error)
        }

        // With --problem pipe, stdout carries the protocol: requests, then {"result": …}; what
        // people read goes to stderr.
        let pipe = self.problem == "pipe"
        // Text to stdout (stderr for pipe) is printed live: the trace rows as they are recorded,
        // written line by line so that a pipe (`| ts`, `| tee`) sees them as they come.
        let live = format == .text && !target.isFile
        // On a terminal's stderr, a progress line: always for mini-batch training (an epoch can
        // take seconds), and for minimization when the trace is not shown live.
        let progress = pipe || (live && prepared.epochs == nil) ? nil : ProgressLine.forStandardError()
        func show(_ text: String) {
            progress?.clear()
            if pipe { Console.err(text + "\n") } else { Console.out(text + "\n") }
        }
        if let descriptor = SolverDescriptor.named(prepared.identity.name),
            let notice = descriptor.denseNotice(
                dimension: prepared.problem.objective.dimension, rate: FlopRate.dgemm())
        {
            Console.err("optbench: run: \(notice)\n")
        }
        var lastPrinted = -1
        if live { show(RunReport.preamble(problem: problem, solver: prepared.summary)) }
        let callback: (TraceEntry) -> CallbackAction = { r in
            if live && (r.iteration == 0 || (traceEvery > 0 && r.iteration % traceEvery == 0)) {
                show(RunReport.traceRow(r))
                lastPrinted = r.iteration
            }
            if let progress {
                progress.show(
                    Self.progressText(r, epochs: prepared.epochs, elapsed: progress.elapsed),
                    force: prepared.epochs != nil)
            }
            return Interruption.isRaised ? .interrupt : .proceed
        }

        let interruption = InterruptHandler.install()
        defer { interruption.cancel() }
        let report: RunReport
        do { report = try prepared.execute(callback: callback) } catch { throw UsageFailure(error.description) }
        progress?.clear()
        if live {
            if let last = report.result.trace.last, last.iteration != lastPrinted { show(RunReport.traceRow(last)) }
            show(report.summary)
        } else if pipe && !target.isFile {
            if format == .csv { Console.err(report.csv) }
        } else {
            switch format {
            case .text: try target.write(report.text)
            case .json: try target.write(report.json)
            case .csv: try target.write(report.csv)
            }
        }
        if pipe {
            // The caller may have gone away: nothing to do about it then.
            _ = Console.write("{\"result\":\(report.json.dropLast())}\n", to: STDOUT_FILENO)
        }
        throw ExitStatus(code: ExitPolicy.code(for: report.result.status))
    }

    /// `--repeat N`: the run with each seed in turn (a progress line per run on a terminal), then
    /// the table of runs and their mean and spread. Exit status: the worst of the runs'.
    func runRepeatedly(threads: Int) throws {
        let target = try outputOption.target()
        let base = seedOption.seed ?? RunRequest.defaultSeed
        guard base <= UInt64.max - UInt64(repeats - 1) else {
            throw UsageFailure("--seed \(base) with --repeat \(repeats) runs past the largest seed \(UInt64.max)")
        }
        let seeds = (0..<UInt64(repeats)).map { base + $0 }
        let assignments = try CommandLineParameters.assignments(parameters)
        let progress = ProgressLine.forStandardError()
        let interruption = InterruptHandler.install()
        defer { interruption.cancel() }
        var reports: [RunReport] = []
        for seed in seeds {
            let problem = try CommandLineParameters.problem(
                self.problem, seed: seed, start: startOption, gradient: evaluationOptions.gradient.scheme,
                timeout: try evaluationOptions.timeout(), bounds: boundsOption,
                constraints: constraintOption.texts)
            if reports.isEmpty {
                try OutputTarget.checkDistinct(
                    [target], inputs: problem.inputFiles + startOption.files + boundsOption.files)
            }
            var request = RunRequest(
                solver: solverOptions.solver, lineSearch: solverOptions.lineSearch, assignments: assignments,
                traceEvery: traceEvery, seed: seed)
            request.threads = threads
            request.initialSimplex = try initialSimplexOption.points()
            request.directions = try directionsOption.directions()
            let prepared: PreparedRun
            do { prepared = try PreparedRun(request, problem: problem) } catch {
                throw CommandLineParameters.failure(error)
            }
            let run = "run \(reports.count + 1)/\(repeats) (seed \(seed))  "
            let callback: (TraceEntry) -> CallbackAction = { r in
                progress?.show(
                    run + Self.progressText(r, epochs: prepared.epochs, elapsed: progress?.elapsed ?? ""),
                    force: prepared.epochs != nil)
                return Interruption.isRaised ? .interrupt : .proceed
            }
            do { reports.append(try prepared.execute(callback: callback)) } catch {
                throw UsageFailure(error.description)
            }
            if reports.last!.result.status == .interrupted { break }
        }
        progress?.clear()
        let repeated = RepeatedRuns(seeds: Array(seeds.prefix(reports.count)), reports: reports)
        try target.write(format == .json ? repeated.json : repeated.text)
        throw ExitStatus(code: reports.map { ExitPolicy.code(for: $0.result.status) }.max()!)
    }

    /// The progress line: "iteration 120  f 1.234e-03  ‖∇f‖∞ 2.1e-04  3.2 s", or for training
    /// "epoch 3/8 [██████······] loss 0.1234  1.2 epochs/s  ETA 4 s".
    static func progressText(_ entry: TraceEntry, epochs: Int?, elapsed: String) -> String {
        guard let epochs, epochs > 0 else {
            return String(
                format: "iteration %d  f %.6e  ‖∇f‖∞ %.3e  ", entry.iteration, entry.value, entry.gradientNorm)
                + elapsed
        }
        let done = min(entry.iteration, epochs), width = 20
        let filled = done * width / epochs
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        var text = "epoch \(done)/\(epochs) [\(bar)] loss " + String(format: "%.6g", entry.value)
        if done > 0, entry.seconds > 0 {
            let rate = Double(done) / entry.seconds
            let remaining = Double(epochs - done) / rate
            text +=
                String(format: "  %.2f epochs/s  ETA ", rate)
                + (remaining < 60
                    ? String(format: "%.0f s", remaining)
                    : String(format: "%d min %02d s", Int(remaining) / 60, Int(remaining) % 60))
        }
        return text + "  " + elapsed
    }
}
