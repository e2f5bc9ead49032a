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
    @OptionGroup var training: StochasticFlags
    @OptionGroup var seedOption: SeedOption
    @Option(name: .customLong("trace-every"), help: "Record (and print) the trace every k iterations; 0: first and last only.")
    var traceEvery = 10
    @Option(help: "Output format: text, json (the whole result and trace) or csv (the trace).")
    var format: OutputFormat = .text
    @OptionGroup var outputOption: OutputOption

    func run() throws {
        let target = try outputOption.target()
        let problem = try Flags.problem(self.problem, seed: seedOption.seed)
        let summary: String
        let run: (((TraceEntry) -> CallbackAction)?) throws(MinimizeError) -> OptimizationResult
        if training.isStochastic {
            let stochastic = try stochasticRun(problem)
            summary = stochastic.options.summary
            run = { callback throws(MinimizeError) in
                try trainStochastic(stochastic.objective, from: problem.start, options: stochastic.options, callback: callback)
            }
        } else {
            if training.dropoutKeep != nil { throw UsageFailure("--dropout-keep applies to mini-batch training: add --epochs") }
            for (flag, given) in [("--decay", training.decay != nil), ("--decay-every", training.decayEvery != nil)] where given {
                throw UsageFailure("\(flag) applies to mini-batch training: add --epochs")
            }
            let solver: any Solver
            do { solver = try SolverCatalog.make(solverOptions.request) } catch { throw Flags.failure(error) }
            let options = try stopping.options(traceEvery: traceEvery)
            summary = solver.summary
            run = { callback throws(MinimizeError) in
                try minimize(problem.objective, from: problem.start, using: solver, options: options, callback: callback)
            }
        }

        // Text to stdout is printed live: the trace rows as they are recorded.
        // The preamble waits for iteration 0, which `minimize` reaches only after it has
        // accepted the solver, options and problem: a refusal leaves stdout empty.
        let live = format == .text && !target.isFile
        var lastPrinted = -1
        let callback: ((TraceEntry) -> CallbackAction)? = live ? { r in
            if r.iteration == 0 { print(RunReport.preamble(problem: problem, solver: summary)) }
            if r.iteration == 0 || (traceEvery > 0 && r.iteration % traceEvery == 0) {
                print(RunReport.traceRow(r))
                lastPrinted = r.iteration
            }
            return .proceed
        } : nil

        let result: OptimizationResult
        do { result = try run(callback) } catch {
            if case .invalidParameter(let p) = error { throw Flags.failure(p) }
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
        throw ExitStatus(code: result.status.isSuccess ? 0 : 1)
    }

    /// The objective and options of a mini-batch run, or the reason it cannot be one.
    private func stochasticRun(_ problem: TestProblem) throws(UsageFailure) -> (objective: any StochasticObjective, options: StochasticOptions) {
        let rules: [String: StochasticOptions.Rule] = ["gd": .sgd, "momentum": .momentum, "nag": .nesterov]
        let s = solverOptions
        guard let rule = rules[s.solver] else {
            throw UsageFailure("--epochs/--batch-size train by mini-batches with gd, momentum or nag, not '\(s.solver)'")
        }
        guard let eta = s.lr else { throw UsageFailure("mini-batch training needs a learning rate: add --lr") }
        if s.lineSearch != nil { throw UsageFailure("mini-batch training takes fixed steps --lr; it has no line search") }
        guard let objective = problem.objective as? any StochasticObjective else {
            throw UsageFailure("--problem \(problem.name) is not a mean over samples; mini-batch training needs an mlp problem")
        }
        if let keep = training.dropoutKeep {
            guard keep > 0 && keep <= 1 else { throw UsageFailure("invalid value '\(keep)' for --dropout-keep: expected 0 < p ≤ 1") }
            guard let network = objective as? MLPObjective else { throw UsageFailure("--dropout-keep applies to mlp problems only") }
            network.dropoutKeep = keep
            network.dropoutSeed = seedOption.seed ?? 1
        }
        let options = StochasticOptions(rule: rule, learningRate: eta, momentum: s.momentum ?? 0.9, batchSize: training.batchSize ?? 32,
                                        epochs: training.epochs ?? 20, decay: training.decay ?? 1, decayEvery: training.decayEvery ?? 1,
                                        seed: seedOption.seed ?? 1, timeLimit: stopping.timeLimit)
        do { try options.validate() } catch { throw Flags.failure(error) }
        return (objective, options)
    }
}
