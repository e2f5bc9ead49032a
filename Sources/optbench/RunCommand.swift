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
        discussion: Listing.help(solvers: SolverDescriptor.all, stopping: true, training: true)
            + "\n\nExit status: 0 converged (or a mini-batch run finished its epochs), 1 stopped without converging, 2 bad input."
    )

    @Option(help: "Problem: a registry name with parameters (rosenbrock:n=1000, quadratic:n=200,cond=1e4,seed=3), 'expr:FORMULA', 'exec:COMMAND ARGS…', pipe (the caller answers on stdin), or a .json problem file.")
    var problem: String
    @OptionGroup var solverOptions: SolverOptions
    @OptionGroup var startOption: StartOption
    @OptionGroup var evaluationOptions: EvaluationOptions
    @OptionGroup var seedOption: SeedOption
    @OptionGroup var threadsOption: ThreadsOption
    @Option(name: .customLong("trace-every"), parsing: .unconditional, help: "Record (and print) the trace every k iterations; 0: first and last only.")
    var traceEvery = RunRequest.defaultTraceEvery
    @Option(help: "Output format: text, json (the whole result and trace) or csv (the trace).")
    var format: OutputFormat = .text
    @OptionGroup var outputOption: OutputOption
    /// Solver, line-search, stopping and training parameters (`--memory 5`, `--gtol 1e-8`, …).
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var parameters: [String] = []

    func run() throws {
        try threadsOption.apply()
        let target = try outputOption.target()
        let problem = try CommandLineParameters.problem(self.problem, seed: seedOption.seed, start: startOption, gradient: evaluationOptions.gradient.scheme,
                                                           timeout: try evaluationOptions.timeout())
        let request = RunRequest(solver: solverOptions.solver, lineSearch: solverOptions.lineSearch,
                                 assignments: try CommandLineParameters.assignments(parameters), traceEvery: traceEvery, seed: seedOption.seed)
        let prepared: PreparedRun
        do { prepared = try PreparedRun(request, problem: problem) } catch { throw CommandLineParameters.failure(error) }

        // With --problem pipe, stdout carries the protocol: requests, then {"result": …}; what
        // people read goes to stderr.
        let pipe = self.problem == "pipe"
        // A caller that stops reading is an evaluation failure, not a reason to die of SIGPIPE.
        if pipe { signal(SIGPIPE, SIG_IGN) }
        func show(_ text: String) {
            if pipe { FileHandle.standardError.write(Data((text + "\n").utf8)) } else { print(text); fflush(nil) }
        }
        // Text to stdout (stderr for pipe) is printed live: the trace rows as they are recorded,
        // flushed line by line so that a pipe (`| ts`, `| tee`) sees them as they come.
        let live = format == .text && !target.isFile
        var lastPrinted = -1
        if live { show(RunReport.preamble(problem: problem, solver: prepared.summary)) }
        let callback: (TraceEntry) -> CallbackAction = { r in
            if live && (r.iteration == 0 || (traceEvery > 0 && r.iteration % traceEvery == 0)) {
                show(RunReport.traceRow(r))
                lastPrinted = r.iteration
            }
            return Interruption.isRaised ? .interrupt : .proceed
        }

        let interruption = InterruptHandler.install()
        defer { interruption.cancel() }
        let report: RunReport
        do { report = try prepared.execute(callback: callback) } catch { throw UsageFailure(error.description) }
        if live {
            if let last = report.result.trace.last, last.iteration != lastPrinted { show(RunReport.traceRow(last)) }
            show(report.summary)
        } else if pipe && !target.isFile {
            if format == .csv { FileHandle.standardError.write(Data(report.csv.utf8)) }
        } else {
            switch format {
            case .text: try target.write(report.text)
            case .json: try target.write(report.json)
            case .csv: try target.write(report.csv)
            }
        }
        if pipe {
            // Written with write(2): a caller that went away must not turn into a trap.
            let line = Array("{\"result\":\(report.json.dropLast())}\n".utf8)
            var offset = 0
            while offset < line.count {
                let written = line.withUnsafeBytes { Glibc.write(1, $0.baseAddress! + offset, line.count - offset) }
                if written <= 0 { break }
                offset += written
            }
        }
        throw ExitStatus(code: ExitPolicy.code(for: report.result.status))
    }
}
