import Foundation
import Optim

/// The user's function as a program in any language (`exec:COMMAND ARGS…` and problem files
/// of kind "program") or as the process that started OptBench (`pipe`): see
/// `ExternalObjective` for the protocol. The start gives the dimension.
public enum ProgramProblem {
    /// Largest dimension: one request line holds n numbers of up to 24 characters.
    public static let maxDimension = 10_000_000

    /// `exec:COMMAND ARGS…` (the text after `exec:`), split as a shell would.
    /// - Parameter differences: nil when the program answers "g"; else the scheme that
    ///   differences its f.
    /// - Parameter constraints: the sides of the constraints the program answers "c" and "J" for.
    public static func command(
        _ text: String, start: [Double]?, differences: DifferenceScheme?, timeout: Double?,
        constraints: ProgramConstraintSides? = nil
    ) throws(ProblemError) -> TestProblem {
        let words: [String]
        do { words = try ShellWords.split(text) } catch {
            throw .program(reference: "exec:" + text, reason: error.message)
        }
        guard let first = words.first else { throw .program(reference: "exec:", reason: "no command after exec:") }
        guard let start else {
            throw .program(reference: "exec:" + text, reason: "give the start with --x0 (it also gives the dimension)")
        }
        let executable: String
        do { executable = try ChildProcess.locate(first, directory: nil) } catch {
            throw .program(reference: "exec:" + text, reason: error.message)
        }
        var built = try problem(
            name: "exec:" + text, partner: .program(command: words, executable: executable, directory: nil),
            start: start,
            differences: differences, timeout: timeout, constraints: constraints)
        built.inputFiles = files(named: [executable] + words.dropFirst(), directory: nil)
        return built
    }

    /// `pipe`: the caller answers on OptBench's stdin the requests OptBench writes on its stdout.
    public static func caller(
        start: [Double]?, differences: DifferenceScheme?, timeout: Double?, constraints: ProgramConstraintSides? = nil
    ) throws(ProblemError) -> TestProblem {
        guard let start else {
            throw .program(reference: "pipe", reason: "give the start with --x0 (it also gives the dimension)")
        }
        return try problem(
            name: "pipe", partner: .caller, start: start, differences: differences, timeout: timeout,
            constraints: constraints)
    }

    /// A problem file `{"kind": "program", "command": [...], "x0": [...], …}`; the program runs
    /// in the file's folder.
    static func file(_ fields: ProblemFile.Fields, settings: ProblemSettings) throws(ProblemError) -> TestProblem {
        try fields.allow([
            "kind", "name", "description", "command", "x0", "gradient", "timeout", "minimum", "minimizer",
            "constraints",
        ])
        let constraints = try ProgramConstraintSides.file(fields)
        var words = try fields.stringOrStrings("command")
        if case .string(let line) = fields.object["command"] {
            do { words = try ShellWords.split(line) } catch { throw fields.error("command", error.message) }
        }
        guard let first = words.first, !first.isEmpty else { throw fields.error("command", "is empty") }
        let directory = URL(fileURLWithPath: fields.path).deletingLastPathComponent().standardizedFileURL.path
        let executable: String
        do { executable = try ChildProcess.locate(first, directory: directory) } catch {
            throw fields.error("command", error.message)
        }
        let start: [Double]
        if let given = settings.start { start = given } else { start = try fields.numbers("x0") }
        var differences = settings.gradient
        if differences == nil, fields.has("gradient"), try !fields.bool("gradient") { differences = .central }
        var timeout = settings.evaluationTimeout
        if timeout == nil, fields.has("timeout") {
            let t = try fields.number("timeout")
            guard t > 0, t <= 1e6 else {
                throw fields.error("timeout", "must be a number of seconds in (0, 1e6], got \(NumberText.format(t))")
            }
            timeout = t
        }
        let minimum = try fields.has("minimum") ? fields.number("minimum") : nil
        let minimizer = try fields.has("minimizer") ? fields.numbers("minimizer") : nil
        if let minimizer, minimizer.count != start.count {
            throw fields.error(
                "minimizer", "has \(minimizer.count) numbers, expected \(start.count) (the length of x0)")
        }
        let name = try fields.has("name") ? fields.string("name") : fields.path
        do {
            var built = try problem(
                name: name, partner: .program(command: words, executable: executable, directory: directory),
                start: start,
                differences: differences, timeout: timeout, minimum: minimum, minimizer: minimizer,
                constraints: constraints)
            built.inputFiles = files(named: [executable] + words.dropFirst(), directory: directory)
            return built
        } catch {
            throw fields.error("x0", "\(error)")
        }
    }

    /// The regular files among a command's words (its script, its data), relative to
    /// `directory` (nil: the current folder): inputs that no output may overwrite.
    static func files(named words: [String], directory: String?) -> [String] {
        words.compactMap { word in
            guard !word.isEmpty else { return nil }
            let path = word.hasPrefix("/") || directory == nil ? word : directory! + "/" + word
            var info = stat()
            return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG ? path : nil
        }
    }

    private static func problem(
        name: String, partner: ExternalObjective.Partner, start: [Double], differences: DifferenceScheme?,
        timeout: Double?,
        minimum: Double? = nil, minimizer: [Double]? = nil, constraints: ProgramConstraintSides? = nil
    ) throws(ProblemError) -> TestProblem {
        guard !start.isEmpty, start.count <= maxDimension else {
            throw .program(
                reference: name, reason: "the start has \(start.count) numbers, expected 1 to \(maxDimension)")
        }
        let objective = ExternalObjective(
            dimension: start.count, partner: partner, answersGradient: differences == nil, timeout: timeout)
        var base = TestProblem(name: name, objective: objective, start: start, minimizer: minimizer, minimum: minimum)
        if let constraints {
            base.constraints = ProgramConstraints(
                external: objective, lower: constraints.lower, upper: constraints.upper, linear: constraints.linear)
        }
        return differences.map { base.differencing($0) } ?? base
    }
}

extension TestProblem {
    /// The same problem with ∇f from finite differences of f (`--gradient fd`), inside its box
    /// when it has one.
    public func differencing(_ scheme: DifferenceScheme) -> TestProblem {
        func wrap<O: Objective>(_ objective: O) -> any Objective {
            FiniteDifferenceGradient(objective, scheme: scheme, bounds: bounds)
        }
        var differenced = TestProblem(
            name: name, objective: wrap(objective), start: start, minimizer: minimizer, minimum: minimum,
            metrics: metrics,
            variables: variables, gradientSource: scheme.summary + " of f")
        differenced.inputFiles = inputFiles
        differenced.bounds = bounds
        differenced.constraints = constraints
        return differenced
    }

    /// The other process that computes f (a program, or the caller of `--problem pipe`), if any.
    public var external: ExternalObjective? {
        if let direct = objective as? ExternalObjective { return direct }
        return (objective as? FiniteDifferenceGradient<ExternalObjective>)?.base
    }

    /// Whether f is computed by another process.
    public var isExternal: Bool { external != nil }

    /// Ends the other process, if any, and says whether its answers can be trusted: a failure
    /// found only now (more lines than requests) turns `result` into `evaluationFailed`.
    public func finishExternal(_ result: inout OptimizationResult) {
        guard let external else { return }
        let alreadyFailed = external.failure != nil
        if let failure = external.finishChecked(), !alreadyFailed, result.status != .interrupted {
            result.status = .evaluationFailed
            result.detail = failure.message
        }
    }
}
