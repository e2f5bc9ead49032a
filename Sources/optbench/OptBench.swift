import ArgumentParser
import Bench
import Foundation
import Optim

/// `optbench`: minimize a problem, list what is available, evaluate a problem.
///
/// Exit status: 0 converged (or a command that succeeded), 1 ran but did not converge,
/// 2 bad input (a one-line message on stderr names the flag, file or field).
@main
struct OptBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optbench",
        abstract: "An optimization-algorithm workbench: minimize smooth functions and compare solvers.",
        version: Provenance.current().versionLine,
        subcommands: [
            RunCommand.self, CompareCommand.self, MergeCommand.self, ReportCommand.self, PlotCommand.self,
            HessianCommand.self, CheckGradCommand.self, ListCommand.self, EvalCommand.self,
        ]
    )

    static func main() {
        Console.reserveStandardDescriptors()
        // A reader that went away is seen as EPIPE, so that the programs OptBench started are
        // ended before it goes (Console.endForClosedPipe), and a `pipe` caller that stops
        // reading is an evaluation failure. Programs start with SIGPIPE at its default.
        signal(SIGPIPE, SIG_IGN)
        // A blocked signal mask is inherited across exec (a test runner's thread, a job
        // control wrapper): unblock every signal, so that once a command gives SIGINT and
        // SIGTERM back their default action they act at once instead of staying pending.
        // SIGQUIT (Ctrl-\) ends the process, as SIGTERM does, rather than having the runtime
        // print a crash report and go on; commands that run long handle both (InterruptHandler).
        signal(SIGQUIT, SIG_DFL)
        var all = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_UNBLOCK, &all, nil)
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.first == "help", let name = arguments.dropFirst().first,
           !configuration.subcommands.contains(where: { $0.configuration.commandName == name }) {
            let names = configuration.subcommands.compactMap { $0.configuration.commandName }
            fail("unknown subcommand '\(name)' for help; expected one of: \(names.joined(separator: ", "))")
        }
        if let repeated = repeatedOption(Array(arguments)) {
            fail("\(repeated) is given more than once")
        }
        // One BLAS thread unless a command's --threads says otherwise (BLASThreads).
        BLASThreads.set(BLASThreads.defaultCount)
        // Memory refused to a scratch vector the library cannot return from (a run's own
        // buffers come back as MinimizeError.outOfMemory): one line and exit status 2.
        Vector.allocationFailed = { failure in fail(failure.description) }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitStatus {
            Foundation.exit(exit.code)
        } catch let failure as UsageFailure {
            fail(failure.message)
        } catch {
            if exitCode(for: error) == .success {
                // --help, --version: print and succeed.
                Console.out(fullMessage(for: error) + "\n")
                Foundation.exit(0)
            }
            // ArgumentParser lists long choices as ":\n  - a\n  - b"; a value it echoes may hold
            // newlines of its own (escaped by `fail`).
            let message = self.message(for: error).replacingOccurrences(of: ":\n  - ", with: ": ")
                .replacingOccurrences(of: "\n  - ", with: ", ").replacingOccurrences(of: "Error: ", with: "")
            fail(
                (message.isEmpty ? "invalid arguments" : explainingDashedValue(message, Array(arguments)))
                    + " (see 'optbench --help')")
        }
    }

    /// Options that may be given several times (their values add up).
    static let repeatableOptions: Set<String> = ["--problems", "--constraint"]

    /// The first option given twice on the command line (`--solver a --solver b`,
    /// `--x0=1 --x0 2`), but for `repeatableOptions`; nil when none is. Everything after `--`
    /// is a value.
    static func repeatedOption(_ arguments: [String]) -> String? {
        var seen: Set<String> = []
        for token in arguments {
            if token == "--" { break }
            guard token.hasPrefix("--"), token.dropFirst(2).first?.isLetter == true else { continue }
            let name = String(token.prefix { $0 != "=" })
            if repeatableOptions.contains(name) { continue }
            if !seen.insert(name).inserted { return name }
        }
        return nil
    }

    /// ArgumentParser reads a value that starts with '-' (`--output -1`) as an option and
    /// reports the value missing: say so, and how to give it.
    static func explainingDashedValue(_ message: String, _ arguments: [String]) -> String {
        let prefix = "Missing value for '"
        guard message.hasPrefix(prefix),
            let flag = message.dropFirst(prefix.count).split(separator: " ").first.map(String.init),
            let index = arguments.firstIndex(of: flag), index + 1 < arguments.count, arguments[index + 1].hasPrefix("-")
        else { return message }
        let value = arguments[index + 1]
        return message + " ('\(value)' reads as an option: write \(flag)=\(value))"
    }

    /// Prints a one-line error to stderr and exits with status 2.
    static func fail(_ message: String) -> Never {
        Console.err("optbench: error: \(shortened(oneLine(message)))\n")
        Foundation.exit(2)
    }

    /// Longest message printed whole, in characters.
    static let messageLimit = 1000

    /// `text` with its middle elided when it is longer than `messageLimit`, so that a value of
    /// 100 kB echoed in a message leaves it readable: its start (the flag) and its end (what
    /// was expected) stay.
    static func shortened(_ text: String) -> String {
        guard text.count > messageLimit else { return text }
        let kept = messageLimit / 2
        return "\(text.prefix(kept))… (\(text.count - 2 * kept) characters elided) …\(text.suffix(kept))"
    }

    /// `text` with its control characters escaped (`\n`, `\t`, `\u{1B}`…), so that a name or
    /// path echoed in a message cannot break it over lines or drive the terminal.
    static func oneLine(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.properties.generalCategory == .control {
                    result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}

/// Ends the process with a status after the command has printed what it had to.
struct ExitStatus: Error {
    let code: Int32
}

/// Bad input found by a command: one line, exit status 2.
struct UsageFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
