import ArgumentParser
import Bench
import Foundation
import Optim
import Problems

/// `optbench check-grad`: a problem's ∇f against central differences of its f.
struct CheckGradCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-grad",
        abstract: "Check a problem's gradient against central differences of f.",
        discussion: """
            At the start (or --at): per coordinate for n ≤ \(GradientCheck.coordinateLimit), along --points random unit \
            directions otherwise. Relative error |d − g| / max(|d|, |g|, 1e-6·max(1, |f|)·max(1, √n/3)); passes when the worst is \
            ≤ \(NumberStyle.format(GradientCheck.tolerance)). The first thing to run when a line search fails on your own function.

            Exit status: 0 the gradient agrees, 1 it does not (or f could not be evaluated), 2 bad input.
            """
    )

    @Option(
        help: ArgumentHelp(
            "Problem: as for 'run' (a registry reference, 'expr:FORMULA', 'exec:COMMAND ARGS…' or a .json problem "
                + "file; not pipe).",
            valueName: "reference"))
    var problem: String
    @OptionGroup var startOption: StartOption
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Check at these numbers (--at=-1.2,1) or the JSON array in this file instead of the start.",
            valueName: "numbers|file"))
    var at: String?
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Random directions to check along when n > \(GradientCheck.coordinateLimit).", valueName: "k"))
    var points = GradientCheck.defaultDirections
    @OptionGroup var seedOption: SeedOption
    @Option(
        name: .customLong("eval-timeout"), parsing: .unconditional,
        help: ArgumentHelp(
            "Seconds an exec:/program problem may take to answer one evaluation (default: no limit).",
            valueName: "seconds"))
    var evalTimeout: String?
    @Option(help: "Output format.")
    var format: CheckGradFormat = .text

    enum CheckGradFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        try InterruptHandler.refusePipe(self.problem, command: "check-grad")
        guard points >= 1, points <= 100_000 else {
            throw UsageFailure("invalid value '\(points)' for --points: expected an integer in [1, 100000]")
        }
        let problem = try CommandLineParameters.problem(
            self.problem, seed: seedOption.seed, start: startOption,
            timeout: try EvaluationOptions.timeout(evalTimeout))
        var point: [Double]?
        if let at {
            let x: [Double]
            do { x = try StartPoint.parse(at) } catch { throw UsageFailure("--at: \(error.message)") }
            guard x.count == problem.dimension else {
                throw UsageFailure(
                    "--at \(at): \(x.count) numbers, expected \(problem.dimension) (the dimension of \(problem.name))")
            }
            point = x
        }
        let interruption = InterruptHandler.install()
        defer { interruption.cancel() }
        let check: GradientCheck
        do {
            check = try GradientCheck(problem: problem, at: point, directions: points, seed: seedOption.seed ?? 1)
        } catch {
            switch error {
            case .evaluation(let message), .nonFinite(let message), .interrupted(let message):
                Console.err("optbench: check-grad: \(message)\n")
            }
            throw ExitStatus(code: Interruption.isRaised ? 130 : 1)
        }
        Console.out(format == .json ? check.json : check.text)
        throw ExitStatus(code: check.passed ? 0 : 1)
    }
}
