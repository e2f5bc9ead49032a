import Foundation
import Problems
import Testing

/// Ctrl-C in every command that can run long (issue 12): the first one stops the work at its
/// next iteration (or comparison, or input line) with status 130 — never ignored until the
/// work ends by itself.
@Suite struct InterruptTests {
    /// Starts `arguments`, waits `delay` seconds, sends SIGINT and collects the outcome; a
    /// process still running 60 s after the signal is killed and reported as status −1.
    static func interrupt(_ arguments: [String], after delay: Double = 1.0, keepingStdinOpen: Bool = false)
        throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = CLI.repositoryRoot
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = keepingStdinOpen ? input : FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        process.interrupt()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        let status = process.terminationReason == .uncaughtSignal ? -1 : process.terminationStatus
        return (status, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// Mini-batch training stops after the epoch in progress, with its report.
    @Test func trainingStopsAfterTheEpoch() throws {
        let r = try Self.interrupt(["run", "--problem", "mlp", "--solver", "gd", "--lr", "0.01", "--epochs", "100000", "--format", "json"])
        #expect(r.status == 130, "\(r.stderr)")
        let report = try JSON.parse(r.stdout)
        #expect(report["status"]?.string == "interrupted")
        #expect((report["iterations"]?.number ?? 0) < 100_000)
    }

    /// hessian stops the solver at its next iteration and still writes the table.
    @Test func hessianDiagnosticsStop() throws {
        let r = try Self.interrupt(["hessian", "--problem", "rosenbrock:n=400", "--solver", "bfgs", "--gtol", "1e-300", "--max-iter", "100000000",
                                    "--format", "json"])
        #expect(r.status == 130, "\(r.stderr)")
        #expect(try JSON.parse(r.stdout)["status"]?.string == "interrupted")
    }

    /// check-grad stops between two comparisons: nothing on stdout, how far it got on stderr.
    @Test func gradientCheckStops() throws {
        let r = try Self.interrupt(["check-grad", "--problem", "rosenbrock:n=1000000", "--points", "100000"])
        #expect(r.status == 130 && r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("optbench: check-grad: interrupted after ") && r.stderr.hasSuffix(" of 100000 comparisons\n"), "\(r.stderr)")
    }

    /// plot stops the run in progress and writes no picture (an existing file stays as it was).
    @Test func plotWritesNothing() throws {
        let picture = NSTemporaryDirectory() + "optbench-interrupted-\(UUID().uuidString).svg"
        try "old".write(toFile: picture, atomically: true, encoding: .utf8)
        defer { unlink(picture) }
        let r = try Self.interrupt(["plot", "--problem", "rosenbrock:n=200000", "--solvers", "gd", "--chart", "convergence",
                                    "--max-iter", "100000000", "--output", picture])
        #expect(r.status == 130)
        #expect(r.stderr == "optbench: plot: interrupted; nothing written\n")
        #expect(try String(contentsOfFile: picture, encoding: .utf8) == "old")
    }

    /// eval --stdin waiting for its next line has nothing to stop: it exits at once, with the
    /// answers so far written.
    @Test func evalWaitingForInputExits() throws {
        let r = try Self.interrupt(["eval", "--problem", "rosenbrock", "--stdin"], keepingStdinOpen: true)
        #expect(r.status == 130 && r.stdout.isEmpty && r.stderr.isEmpty, "\(r.stderr)")
    }
}
