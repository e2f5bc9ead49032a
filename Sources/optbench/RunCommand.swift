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

    @Option(help: "Problem: a registry name with parameters (rosenbrock:n=1000, quadratic:n=200,cond=1e4,seed=3) or a .json problem file.")
    var problem: String
    @OptionGroup var solverOptions: SolverOptions
    @OptionGroup var startOption: StartOption
    @OptionGroup var seedOption: SeedOption
    @Option(name: .customLong("trace-every"), parsing: .unconditional, help: "Record (and print) the trace every k iterations; 0: first and last only.")
    var traceEvery = RunRequest.defaultTraceEvery
    @Option(help: "Output format: text, json (the whole result and trace) or csv (the trace).")
    var format: OutputFormat = .text
    @OptionGroup var outputOption: OutputOption
    /// Solver, line-search, stopping and training parameters (`--memory 5`, `--gtol 1e-8`, …).
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var parameters: [String] = []

    func run() throws {
        let target = try outputOption.target()
        let problem = try CommandLineParameters.problem(self.problem, seed: seedOption.seed, start: startOption)
        let request = RunRequest(solver: solverOptions.solver, lineSearch: solverOptions.lineSearch,
                                 assignments: try CommandLineParameters.assignments(parameters), traceEvery: traceEvery, seed: seedOption.seed)
        let prepared: PreparedRun
        do { prepared = try PreparedRun(request, problem: problem) } catch { throw CommandLineParameters.failure(error) }

        // Text to stdout is printed live: the trace rows as they are recorded.
        let live = format == .text && !target.isFile
        var lastPrinted = -1
        if live { print(RunReport.preamble(problem: problem, solver: prepared.summary)) }
        let callback: ((TraceEntry) -> CallbackAction)? = live ? { r in
            if r.iteration == 0 || (traceEvery > 0 && r.iteration % traceEvery == 0) {
                print(RunReport.traceRow(r))
                lastPrinted = r.iteration
            }
            return .proceed
        } : nil

        let report: RunReport
        do { report = try prepared.execute(callback: callback) } catch { throw UsageFailure(error.description) }
        if live {
            if let last = report.result.trace.last, last.iteration != lastPrinted { print(RunReport.traceRow(last)) }
            print(report.summary)
        } else {
            switch format {
            case .text: try target.write(report.text)
            case .json: try target.write(report.json)
            case .csv: try target.write(report.csv)
            }
        }
        throw ExitStatus(code: ExitPolicy.code(for: report.result.status))
    }
}
