import Bench
import Optim
import Problems

/// The command-line spelling of the library's parameter names, for error messages.
enum Flags {
    static let byParameter: [String: String] = [
        "solver": "--solver", "lineSearch": "--line-search", "memory": "--memory", "c1": "--c1", "c2": "--c2",
        "gradientTolerance": "--gtol", "functionTolerance": "--ftol", "stepTolerance": "--xtol",
        "maxIterations": "--max-iter", "maxEvaluations": "--max-evals", "timeLimit": "--time-limit",
        "traceEvery": "--trace-every", "beta": "--beta", "learningRate": "--lr", "momentum": "--momentum",
        "preconditioner": "--preconditioner", "initialStep": "--initial-step", "scaling": "--h0",
        "batchSize": "--batch-size", "epochs": "--epochs", "decay": "--decay", "decayEvery": "--decay-every",
    ]

    static func flag(_ parameter: String) -> String { byParameter[parameter] ?? parameter }

    static func failure(_ error: CatalogError) -> UsageFailure {
        UsageFailure("invalid value '\(error.value)' for \(flag(error.parameter)): expected \(error.expected)")
    }

    static func failure(_ error: InvalidParameter) -> UsageFailure {
        UsageFailure("invalid value '\(error.value)' for \(flag(error.name)): expected \(error.expected)")
    }

    /// Resolves --problem, turning registry and file errors into one-line usage failures.
    static func problem(_ reference: String, seed: UInt64?) throws(UsageFailure) -> TestProblem {
        do { return try ProblemRegistry.resolve(reference, seed: seed) } catch {
            throw UsageFailure("--problem: \(error)")
        }
    }
}
