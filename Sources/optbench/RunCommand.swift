import ArgumentParser
import Bench
import Foundation
import Optim
import Problems

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, csv
}

/// `optbench run`: minimize one problem with one solver and report the trace and result.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Minimize one problem with one solver.",
        discussion: "Exit status: 0 converged, 1 stopped without converging, 2 bad input."
    )

    @Option(help: "Problem: a registry name with parameters (rosenbrock:n=1000, quadratic:n=200,cond=1e4,seed=3) or a .json problem file.")
    var problem: String
    @OptionGroup var solverOptions: SolverOptions
    @OptionGroup var stopping: StoppingOptions
    @Option(help: "Seed for generated problems that do not set seed= themselves.")
    var seed: UInt64?
    @Option(name: .customLong("trace-every"), help: "Record (and print) the trace every k iterations; 0: first and last only.")
    var traceEvery = 10
    @Option(help: "Output format: text, json (the whole result and trace) or csv (the trace).")
    var format: OutputFormat = .text
    @Option(help: "Write the report to this file (atomically) instead of stdout.")
    var output: String?

    func run() throws {
        let target = try OutputTarget(path: output)
        let problem = try Flags.problem(self.problem, seed: seed)
        let solver: any Solver
        do { solver = try SolverCatalog.make(solverOptions.request) } catch { throw Flags.failure(error) }
        let options = try stopping.options(traceEvery: traceEvery)

        // Text to stdout is printed live: the trace rows as they are recorded.
        // The preamble waits for iteration 0, which `minimize` reaches only after it has
        // accepted the solver, options and problem: a refusal leaves stdout empty.
        let live = format == .text && !target.isFile
        var lastPrinted = -1
        let callback: ((TraceEntry) -> CallbackAction)? = live ? { r in
            if r.iteration == 0 { print(RunReport.preamble(problem: problem, solver: solver.summary)) }
            if r.iteration == 0 || (traceEvery > 0 && r.iteration % traceEvery == 0) {
                print(RunReport.traceRow(r))
                lastPrinted = r.iteration
            }
            return .proceed
        } : nil

        let result: OptimizationResult
        do {
            result = try minimize(problem.objective, from: problem.start, using: solver, options: options, callback: callback)
        } catch {
            throw UsageFailure(error.description)
        }
        let report = RunReport(problem: problem, result: result)
        if live {
            if let last = result.trace.last, last.iteration != lastPrinted { print(RunReport.traceRow(last)) }
            print(report.summary)
        } else {
            switch format {
            case .text: try target.write(report.text)
            case .json: try target.write(report.json)
            case .csv: try target.write(report.csv)
            }
        }
        throw ExitStatus(code: result.status.isConverged ? 0 : 1)
    }
}
