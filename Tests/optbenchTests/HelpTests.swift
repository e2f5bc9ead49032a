import Foundation
import Testing

/// Every command's `--help` as a newcomer reads it: it succeeds, each option states its default
/// at most once and in one style ("default: x"), values have names, and a command lists only
/// what it accepts.
@Suite struct HelpTests {
    static let commands = ["run", "compare", "merge", "report", "plot", "hessian", "check-grad", "list", "eval"]

    /// The help's entries: each flag's line with its wrapped continuation, flattened to one line.
    static func entries(_ help: String) -> [String] {
        var entries: [String] = []
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("-") && line.hasPrefix("  ") {
                entries.append(String(trimmed))
            } else if line.hasPrefix("        "), !entries.isEmpty {
                entries[entries.count - 1] += " " + trimmed
            }
        }
        return entries
    }

    @Test(arguments: commands)
    func eachDefaultOnceInOneStyle(_ command: String) throws {
        let r = try CLI.run([command, "--help"])
        #expect(r.status == 0 && r.stderr.isEmpty)
        let entries = Self.entries(r.stdout)
        #expect(entries.count >= 2, "\(command): no options found")
        for entry in entries {
            #expect(
                entry.components(separatedBy: "default").count <= 2, "\(command): default stated twice in '\(entry)'")
            #expect(!entry.contains("default "), "\(command): 'default x' instead of 'default: x' in '\(entry)'")
        }
        // Values are named for what they are, not after the flag (ArgumentParser's fallback).
        for generic in [
            "<problem>", "<solvers>", "<output>", "<at>", "<points>", "<jvp>", "<hvp>", "<line-search>", "<chart>",
        ] {
            #expect(!r.stdout.contains(generic), "\(command): value name \(generic)")
        }
    }

    @Test func commandsListOnlyWhatTheyAccept() throws {
        func help(_ command: String) throws -> String {
            Self.entries(try CLI.run([command, "--help"]).stdout).joined(separator: "\n")
        }
        let hessian = try help("hessian")
        #expect(
            hessian.contains("--memory") && !hessian.contains("--lr") && !hessian.contains("--epochs")
                && !hessian.contains("--beta"))
        #expect(hessian.contains("backtracking, exact (default: the solver's)"))
        let run = try help("run")
        #expect(
            run.contains("--memory") && run.contains("--epochs") && run.contains("an integer in [1, 2000]; default: 10")
        )
        let compare = try help("compare")
        #expect(compare.contains("--gtol") && !compare.contains("--memory") && compare.contains("--problems <list>"))
        let eval = try help("eval")
        #expect(eval.contains("{\"problem\":…,\"x0\":[…],\"f_minimum\":…,\"lower\":…,\"upper\":…}"))
    }

    /// `run --help` opens with a usage line and examples, before the long parameter tables;
    /// every example runs as printed (exit 0: converged or trained).
    @Test func runHelpStartsWithExamplesThatRun() throws {
        let help = try CLI.run(["run", "--help"]).stdout
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.prefix(4).contains { $0.hasPrefix("Usage: optbench run --problem REF") }, "\(lines.prefix(4))")
        var examples: [String] = []
        for line in lines.prefix { !$0.hasPrefix("Solvers, their parameters") } {
            if line.hasPrefix("  optbench run ") {
                examples.append(line)
            } else if line.hasPrefix("      "), let last = examples.popLast() {
                examples.append(last + "\n" + line)
            }
        }
        #expect(examples.count == 4, "\(examples)")
        for example in examples {
            // The comment after a run of spaces is not part of the command.
            let command = example.components(separatedBy: "    (").first!
            let r = try HardeningTests.shell("\"$OPTBENCH\"" + command.dropFirst("  optbench".count), timeout: 240)
            #expect(r.status == 0, "\(command): \(r.stderr)")
        }
    }
}
