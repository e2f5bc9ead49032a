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

    @Option(help: "Solver: lbfgs, bfgs, cg, linear-cg, newton, gd, momentum or nag (see 'optbench list').")
    var solver = "lbfgs"
    @Option(help: "Problem: a registry name with parameters (rosenbrock:n=1000, quadratic:n=200,cond=1e4,seed=3) or a .json problem file.")
    var problem: String
    @Option(name: .customLong("line-search"), help: "Line search: more-thuente, strong-wolfe, hager-zhang, backtracking, exact (quadratics) or none (gd with --lr) (default: more-thuente).")
    var lineSearch: String?
    @Option(help: "L-BFGS memory m, the number of (s, y) pairs kept (default 10).")
    var memory: Int?
    @Option(help: "Sufficient-decrease constant c1 of the line search (default 1e-4; hager-zhang: δ = 0.1).")
    var c1: Double?
    @Option(help: "Curvature constant c2 of a Wolfe line search (default 0.9; 0.1 for cg).")
    var c2: Double?
    @Option(help: "Nonlinear CG β rule: fr, pr, pr+, hs, dy or hz (default pr+).")
    var beta: String?
    @Option(help: "Learning rate η: the fixed step of gd (with --line-search none), momentum and nag.")
    var lr: Double?
    @Option(help: "Momentum γ of momentum and nag (default 0.9).")
    var momentum: Double?
    @Option(help: "Preconditioner of linear-cg: none or jacobi (default none).")
    var preconditioner: String?
    @Option(name: .customLong("initial-step"), help: "First trial step of gd and cg: previous-decrease (N&W 3.60) or hager-zhang.")
    var initialStep: String?
    @Option(help: "H₀ = γI of lbfgs (latest, first, identity; default latest) and bfgs (first, identity; default first).")
    var h0: String?
    @Option(help: "Stop when ‖∇f‖∞ ≤ gtol.")
    var gtol = 1e-6
    @Option(help: "Stop when |Δf| / max(|f|, 1) ≤ ftol (0: off).")
    var ftol = 0.0
    @Option(help: "Stop when ‖Δx‖∞ ≤ xtol (0: off).")
    var xtol = 0.0
    @Option(name: .customLong("max-iter"), help: "Iteration limit.")
    var maxIterations = 1000
    @Option(name: .customLong("max-evals"), help: "Limit on f evaluations, checked between iterations (default: none).")
    var maxEvaluations: Int?
    @Option(name: .customLong("time-limit"), help: "Wall-clock limit in seconds, checked between iterations (default: none).")
    var timeLimit: Double?
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
        do {
            solver = try SolverCatalog.make(SolverRequest(
                solver: self.solver, lineSearch: lineSearch, memory: memory, c1: c1, c2: c2, beta: beta, learningRate: lr,
                momentum: momentum, preconditioner: preconditioner, initialStep: initialStep, scaling: h0))
        } catch { throw Flags.failure(error) }
        let options = Options(gradientTolerance: gtol, functionTolerance: ftol, stepTolerance: xtol,
                              maxIterations: maxIterations, maxEvaluations: maxEvaluations,
                              timeLimit: timeLimit, traceEvery: traceEvery)
        do { try options.validate() } catch { throw Flags.failure(error) }
        // The library accepts 0 (rule off); on the command line a run needs a target.
        guard gtol > 0 else { throw UsageFailure("invalid value '\(gtol)' for --gtol: expected a number > 0") }

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
