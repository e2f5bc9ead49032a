import ArgumentParser
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
        subcommands: [RunCommand.self, CompareCommand.self, PlotCommand.self, HessianCommand.self, CheckGradCommand.self, ListCommand.self, EvalCommand.self]
    )

    static func main() {
        Console.reserveStandardDescriptors()
        let arguments = CommandLine.arguments.dropFirst()
        if arguments.first == "help", let name = arguments.dropFirst().first,
           !configuration.subcommands.contains(where: { $0.configuration.commandName == name }) {
            let names = configuration.subcommands.compactMap { $0.configuration.commandName }
            fail("unknown subcommand '\(name)' for help; expected one of: \(names.joined(separator: ", "))")
        }
        // One BLAS thread unless a command's --threads says otherwise (BLASThreads).
        BLASThreads.pin()
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
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            fail(message.replacingOccurrences(of: "Error: ", with: "") + " (see 'optbench --help')")
        }
    }

    /// Prints a one-line error to stderr and exits with status 2.
    static func fail(_ message: String) -> Never {
        Console.err("optbench: error: \(oneLine(message))\n")
        Foundation.exit(2)
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
