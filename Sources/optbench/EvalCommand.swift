import ArgumentParser
import Bench
import Foundation
import Optim
import Problems

/// `optbench eval`: f and ∇f of a problem at given points, as JSON lines, so any language
/// (scipy included) can drive OptBench's problems through a pipe.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate f and ∇f of a problem: {\"f\":…,\"g\":[…]}.",
        discussion: """
            Without --at or --stdin, evaluates at the problem's starting point (--x0 when given). \
            With --stdin it is a long-lived filter: one JSON array of n numbers per input line, \
            one JSON object per output line, flushed per line; a line of 2n numbers, x then v, also \
            answers hvp (∇²f(x)·v) and hessian.

            Output fields: f (f(x)), g (∇f(x), n numbers); with --residuals, r (the residuals, m numbers, f = Σ rᵢ²) \
            and J (their Jacobian, m rows of n); with --constraints, c (the general constraints' values, m numbers, \
            lᵢ ≤ cᵢ(x) ≤ uᵢ) and Jc (their Jacobian, m rows of n); with --jvp, jvp {forward, reverse}: ∇f(x)·v by \
            forward-mode AD and from the reverse-mode gradient (formulas; other problems give only reverse); \
            with --hvp, hvp (∇²f(x)·v, n numbers) and hessian (how it was computed); with --start, problem \
            (the canonical reference), x0 (the standard start), f_minimum (f*, or null when unknown) and \
            lower, upper (the box, null where a variable has no bound; null without bounds) and, with --constraints, \
            constraint_lower, constraint_upper (lᵢ and uᵢ, null where a side is absent) and constraints (the formulas). \
            Numbers are in shortest round-trip form; NaN and ±∞ are written as null.

            Exit status: 0 answered, 1 the function could not be evaluated (a program failed), 2 bad input, \
            130 interrupted.
            """
    )

    @Option(
        help: ArgumentHelp(
            "Problem reference or .json problem file (as for 'run'). Bundled problem files (mlp) come from the "
                + "installation (beside the binary), or from $OPTBENCH_PROBLEMS; never from the current folder.",
            valueName: "reference"))
    var problem: String
    @Option(help: ArgumentHelp("A file holding one JSON array: the point x.", valueName: "file"))
    var at: String?
    @Flag(help: "Read points from stdin, one JSON array per line.")
    var stdin = false
    @Flag(
        help:
            ArgumentHelp(
"Print the problem's reference, standard starting point, what is known of its solution and its box: "
                + "{\"problem\":…,\"x0\":[…],\"f_minimum\":…,\"lower\":…,\"upper\":…}.")
    )
    var start = false
    @Flag(
        help:
            ArgumentHelp(
"Also print the residuals and their Jacobian: {\"r\":[…],\"J\":[[…],…]} (problems with residuals: mgh, "
                + "problem files with \"residuals\").")
    )
    var residuals = false
    @Flag(
        help:
            ArgumentHelp(
"Also print the general constraints' values and Jacobian: {\"c\":[…],\"Jc\":[[…],…]}; with --start their sides "
                + "and formulas: {\"constraint_lower\":[…],\"constraint_upper\":[…],\"constraints\":[…]}; empty "
                + "arrays for a problem without general constraints.")
    )
    var constraints = false
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Also print ∇f(x)·v by forward mode beside the reverse-mode gradient's dot product: "
                + "{\"jvp\":{\"forward\":…,\"reverse\":…}}. v: numbers separated by commas, or a JSON file.",
            valueName: "v"))
    var jvp: String?
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Also print ∇²f(x)·v: {\"hvp\":[…],\"hessian\":how}. v as for --jvp.", valueName: "v"))
    var hvp: String?
    @OptionGroup var startOption: StartOption
    @OptionGroup var boundsOption: BoundsOption
    @OptionGroup var evaluationOptions: EvaluationOptions
    @OptionGroup var seedOption: SeedOption
    @OptionGroup var threadsOption: ThreadsOption

    func run() throws {
        try threadsOption.apply()
        try InterruptHandler.refusePipe(self.problem, command: "eval")
        if [at != nil, stdin, start].filter({ $0 }).count > 1 {
            throw UsageFailure("--at, --stdin and --start are exclusive: give one of them")
        }
        let problem = try CommandLineParameters.problem(
            self.problem, seed: seedOption.seed, start: startOption, gradient: evaluationOptions.gradient.scheme,
            timeout: try evaluationOptions.timeout(), bounds: boundsOption)
        let evaluation: ProblemEvaluation
        do {
            evaluation = try ProblemEvaluation(problem: problem, residuals: residuals, constraints: constraints)
        } catch { throw UsageFailure(error.reason) }
        let interruption = InterruptHandler.install()
        defer { interruption.cancel() }
        /// A program that could not answer: its reason, exit 1 (130 when interrupted).
        func checkEvaluation() throws {
            guard let failure = (evaluation.problem.objective as? any FallibleObjective)?.failure else { return }
            Console.err("optbench: eval: \(failure.message)\n")
            throw ExitStatus(code: failure.isInterruption ? 130 : 1)
        }
        func direction(_ text: String?, _ flag: String) throws(UsageFailure) -> [Double]? {
            guard let text else { return nil }
            guard !stdin && !start else {
                throw UsageFailure("--\(flag) works with --at or the start, not with --stdin or --start")
            }
            do { return try StartPoint.parse(text) } catch { throw UsageFailure("--\(flag): \(error.message)") }
        }
        let v = try direction(jvp, "jvp"), w = try direction(hvp, "hvp")
        if start {
            Console.out(evaluation.start)
        } else if let at {
            let data: Data
            do { data = try InputFile.read(at, allowingPipes: true) } catch {
                throw UsageFailure("--at \(at): \(error.reason)")
            }
            let x: [Double]
            do { x = try evaluation.point(fromLine: String(decoding: data, as: UTF8.self)) } catch {
                throw UsageFailure("--at \(at): \(error.reason)")
            }
            let answer: String
            do { answer = try evaluation.answer(at: x, jvp: v, hvp: w) } catch { throw UsageFailure(error.reason) }
            try checkEvaluation()
            Console.out(answer)
        } else if stdin {
            var info = stat()
            if fstat(STDIN_FILENO, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR {
                throw UsageFailure("--stdin: standard input is a folder; expected lines of JSON arrays")
            }
            // A line holds at most 2n numbers (x then v): 64 bytes a number is generous, and a
            // line that never ends (`< /dev/zero`) is refused at that length.
            let limit = 64 * 2 * evaluation.problem.dimension + 4096
            var reader = LineReader(descriptor: STDIN_FILENO, maxLength: limit)
            var number = 0
            reading: while true {
                let outcome = InterruptHandler.waitingForInput { reader.next(timeout: nil) }
                var bytes: [UInt8]
                switch outcome {
                case .line(let line): bytes = line
                case .endOfFile: break reading
                case .interrupted: throw ExitStatus(code: 130)
                case .tooLong:
                    throw UsageFailure(
                        "stdin line \(number + 1): longer than \(limit) bytes without a line end (at most 2n numbers "
                            + "of 64 characters)"
                    )
                case .failed(let reason): throw UsageFailure("stdin line \(number + 1): cannot be read (\(reason))")
                case .timedOut: continue
                }
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                let input = String(decoding: bytes, as: UTF8.self)
                number += 1
                if input.allSatisfy(\.isWhitespace) { continue }
                let answer: String
                do { answer = try evaluation.answer(toLine: input) } catch {
                    throw UsageFailure("stdin line \(number): \(error.reason)")
                }
                try checkEvaluation()
                Console.out(answer)
            }
        } else {
            let answer: String
            do { answer = try evaluation.answer(at: evaluation.problem.start, jvp: v, hvp: w) } catch {
                throw UsageFailure(error.reason)
            }
            try checkEvaluation()
            Console.out(answer)
        }
    }
}

