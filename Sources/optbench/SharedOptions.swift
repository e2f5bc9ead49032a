import ArgumentParser
import Bench
import Optim

/// The flags that choose and configure a solver (shared by `run` and `hessian`).
struct SolverOptions: ParsableArguments {
    @Option(help: "Solver: lbfgs, bfgs, cg, linear-cg, newton, gd, momentum or nag (see 'optbench list').")
    var solver = "lbfgs"
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

    var request: SolverRequest {
        SolverRequest(solver: solver, lineSearch: lineSearch, memory: memory, c1: c1, c2: c2, beta: beta, learningRate: lr,
                      momentum: momentum, preconditioner: preconditioner, initialStep: initialStep, scaling: h0)
    }
}

/// The stopping rules (shared by `run` and `hessian`).
struct StoppingOptions: ParsableArguments {
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

    /// The library options, validated; `--gtol` must be > 0 on the command line (the library
    /// accepts 0 to turn the rule off, but a command-line run needs a target).
    func options(traceEvery: Int) throws(UsageFailure) -> Options {
        let options = Options(gradientTolerance: gtol, functionTolerance: ftol, stepTolerance: xtol,
                              maxIterations: maxIterations, maxEvaluations: maxEvaluations,
                              timeLimit: timeLimit, traceEvery: traceEvery)
        do { try options.validate() } catch { throw Flags.failure(error) }
        guard gtol > 0 else { throw UsageFailure("invalid value '\(gtol)' for --gtol: expected a number > 0") }
        return options
    }
}

/// Mini-batch training flags (`run` with gd, momentum or nag on a sum over samples).
struct StochasticFlags: ParsableArguments {
    @Option(name: .customLong("epochs"), help: "Train by mini-batches for this many epochs (gd, momentum, nag with --lr).")
    var epochs: Int?
    @Option(name: .customLong("batch-size"), help: "Mini-batch size (default 32 when --epochs is given).")
    var batchSize: Int?
    @Option(help: "Step decay: multiply η by this factor every --decay-every epochs (default 1: none).")
    var decay: Double?
    @Option(name: .customLong("decay-every"), help: "Epochs between step decays (default 1).")
    var decayEvery: Int?
    @Option(name: .customLong("dropout-keep"), help: "Inverted dropout on hidden units with keep probability p, mini-batch training of mlp problems only.")
    var dropoutKeep: Double?

    var isStochastic: Bool { epochs != nil || batchSize != nil }
}

/// `--seed` (run, compare, hessian, eval).
struct SeedOption: ParsableArguments {
    @Option(help: "Seed for generated problems that do not set seed= themselves.")
    var seed: UInt64?
}

/// `--output` (run, compare, hessian): the report goes to the file, written atomically.
struct OutputOption: ParsableArguments {
    @Option(help: "Write the report to this file (atomically) instead of stdout.")
    var output: String?

    /// Checks the file's folder before any work is done.
    func target() throws(UsageFailure) -> OutputTarget { try OutputTarget(path: output) }
}
