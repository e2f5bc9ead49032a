import Bench
import Optim
import Problems

/// How the command line names descriptor parameters (`--key value`, `--key=value`, `--switch`)
/// and turns Bench's structured refusals into one-line usage failures.
enum CommandLineParameters {
    /// A parameter key as a flag.
    static func spell(_ key: String) -> String { "--\(key)" }

    /// The flags ArgumentParser left unrecognized, as assignments: every `--key value` or
    /// `--key=value` (a switch takes no value). The value after a key is taken as given, so
    /// negative numbers are values. What the keys mean is Bench's to decide.
    static func assignments(_ tokens: [String]) throws(UsageFailure) -> [Assignment] {
        var result: [Assignment] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            guard token.hasPrefix("--"), token.count > 2 else { throw UsageFailure("unexpected argument '\(token)'") }
            var key = String(token.dropFirst(2)), value: String?
            if let equals = key.firstIndex(of: "=") {
                value = String(key[key.index(after: equals)...])
                key = String(key[..<equals])
            } else if !SolverCatalog.isSwitch(key), i + 1 < tokens.count, !isFlag(tokens[i + 1]) {
                i += 1
                value = tokens[i]
            }
            result.append(Assignment(key, value))
            i += 1
        }
        return result
    }

    /// `--name…`: the next flag, not a value (values may be negative numbers: `-1`).
    private static func isFlag(_ token: String) -> Bool {
        token.hasPrefix("--") && token.dropFirst(2).first?.isLetter == true
    }

    static func failure(_ error: RequestError) -> UsageFailure { UsageFailure(error.message(spelling: spell)) }

    /// Resolves --solvers (`lbfgs,cg:beta=hz,…`), --line-search (compare, plot) and --l1 (compare).
    static func solvers(
        _ text: String, lineSearch: String?, l1: Assignment? = nil
    ) throws(UsageFailure) -> [Comparison.SolverEntry] {
        let entries: [Comparison.SolverEntry]
        do { entries = try Comparison.solvers(text, lineSearch: lineSearch, l1: l1) } catch {
            guard let entry = error.entry else { throw failure(error.error) }
            throw UsageFailure("--solvers '\(entry)': \(error.error.message(spelling: { $0 }))")
        }
        guard !entries.isEmpty else {
            throw UsageFailure("invalid value '\(text)' for --solvers: expected at least one solver, e.g. lbfgs,bfgs")
        }
        return entries
    }

    /// Resolves --problem with --seed, --x0, --gradient and --eval-timeout, turning registry
    /// and file errors into one-line usage failures.
    static func problem(
        _ reference: String, seed: UInt64?, start: StartOption, gradient: DifferenceScheme? = nil,
        timeout: Double? = nil,
        bounds: BoundsOption? = nil, constraints: [String] = []
    ) throws(UsageFailure) -> TestProblem {
        var settings = ProblemSettings(
            seed: seed, start: try start.point(), gradient: gradient, evaluationTimeout: timeout,
            bounds: try bounds?.spec())
        settings.constraints = constraints
        do { return try ProblemRegistry.resolve(reference, settings: settings) } catch {
            throw failure(error, flag: "--problem")
        }
    }

    /// A problem that could not be resolved, as the flag's failure; a start of the wrong length
    /// is --x0's.
    static func failure(_ error: ProblemError, flag: String) -> UsageFailure {
        if case .startLength = error { return UsageFailure("--x0: \(error)") }
        if case .bounds = error { return UsageFailure("--bounds: \(error)") }
        if case .constraint = error { return UsageFailure("\(error)") }
        if case .constraintsNeedFormula = error { return UsageFailure("\(error)") }
        return UsageFailure("\(flag): \(error)")
    }
}
