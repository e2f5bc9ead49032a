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
        subcommands: [RunCommand.self, CompareCommand.self, HessianCommand.self, CheckGradCommand.self, ListCommand.self, EvalCommand.self]
    )

    static func main() {
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
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            fail(message.replacingOccurrences(of: "Error: ", with: "") + " (see 'optbench --help')")
        }
    }

    /// Prints a one-line error to stderr and exits with status 2.
    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("optbench: error: \(message)\n".utf8))
        Foundation.exit(2)
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
