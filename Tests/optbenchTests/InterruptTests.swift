import Foundation
import Problems
import Testing

/// Ctrl-C in every command that can run long (issue 12): the first one stops the work at its
/// next iteration (or comparison, or input line) with status 130 — never ignored until the
/// work ends by itself.
@Suite struct InterruptTests {
    /// Starts `arguments` and sends SIGINT once the work is under way — a condition, never a
    /// clock: stdout holds `marker`, or else `ready` holds (by default: the command has
    /// registered its Ctrl-C handler, so SIGINT shows as caught in /proc/PID/status). `input`
    /// is written to stdin, which then stays open. A process still running `bound` seconds
    /// after its start (a generous bound for a loaded machine) is killed and the test fails.
    static func interrupt(
        _ arguments: [String], once marker: String? = nil, ready: (() -> Bool)? = nil, input: String? = nil,
        bound: Double = 240, sourceLocation: SourceLocation = #_sourceLocation
    )
        throws -> (status: Int32, stdout: String, stderr: String)
    {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = CLI.repositoryRoot
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + bound, execute: watchdog)
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        var stdout = Data()
        if let marker {
            while !String(decoding: stdout, as: UTF8.self).contains(marker) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                stdout += chunk
            }
            // The handler's dispatch source is armed asynchronously after the command starts
            // ignoring SIGINT: a signal sent before it is armed would be lost.
            let pid = process.processIdentifier
            _ = CLI.wait(seconds: bound) { CLI.catchesInterrupt(pid) || !process.isRunning }
        } else {
            let pid = process.processIdentifier
            let underWay = ready ?? { CLI.catchesInterrupt(pid) }
            _ = CLI.wait(seconds: bound) { underWay() || !process.isRunning }
        }
        process.interrupt()
        stdout += out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        let killed = process.terminationReason == .uncaughtSignal
        if killed && process.terminationStatus == SIGKILL {
            Issue.record(
                "optbench \(arguments.joined(separator: " ")) did not end within \(bound) s",
                sourceLocation: sourceLocation)
        }
        return (
            killed ? -1 : process.terminationStatus, String(decoding: stdout, as: UTF8.self),
            String(decoding: stderr, as: UTF8.self)
        )
    }

    /// Mini-batch training stops after the epoch in progress, with its report.
    @Test func trainingStopsAfterTheEpoch() throws {
        // The live trace's first epoch row: training is under way.
        let r = try Self.interrupt(
            ["run", "--problem", "mlp", "--solver", "gd", "--lr", "0.01", "--epochs", "100000", "--trace-every", "1"],
            once: "\n     1  ")
        #expect(r.status == 130, "\(r.stderr)")
        #expect(r.stdout.contains("\nstatus        interrupted"), "\(r.stdout.suffix(600))")
    }

    /// hessian stops the solver at its next iteration and still writes the table.
    @Test func hessianDiagnosticsStop() throws {
        let r = try Self.interrupt([
            "hessian", "--problem", "rosenbrock:n=400", "--solver", "bfgs", "--gtol", "1e-300", "--max-iter",
            "100000000",
            "--format", "json",
        ])
        #expect(r.status == 130, "\(r.stderr)")
        #expect(try JSON.parse(r.stdout)["status"]?.string == "interrupted")
    }

    /// check-grad stops between two comparisons: nothing on stdout, how far it got on stderr.
    @Test func gradientCheckStops() throws {
        let r = try Self.interrupt(["check-grad", "--problem", "rosenbrock:n=1000000", "--points", "100000"])
        #expect(r.status == 130 && r.stdout.isEmpty)
        #expect(
            r.stderr.hasPrefix("optbench: check-grad: interrupted after ")
                && r.stderr.hasSuffix(" of 100000 comparisons\n"), "\(r.stderr)")
    }

    /// plot stops the run in progress and writes no picture (an existing file stays as it was).
    @Test func plotWritesNothing() throws {
        let picture = NSTemporaryDirectory() + "optbench-interrupted-\(UUID().uuidString).svg"
        try "old".write(toFile: picture, atomically: true, encoding: .utf8)
        defer { unlink(picture) }
        let r = try Self.interrupt([
            "plot", "--problem", "rosenbrock:n=200000", "--solvers", "gd", "--chart", "convergence",
            "--max-iter", "100000000", "--output", picture,
        ])
        #expect(r.status == 130)
        #expect(r.stderr == "optbench: plot: interrupted; nothing written\n")
        #expect(try String(contentsOfFile: picture, encoding: .utf8) == "old")
    }

    /// … also while it evaluates the contour grid of a slow program (121² evaluations).
    @Test func plotStopsInTheContourGrid() throws {
        let folder = NSTemporaryDirectory() + "optbench-grid-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The run (--max-iter 0) evaluates x₀ once in its own program: a third request comes
        // from the grid's program, which then marks that the grid is under way.
        try """
        import json, sys, time
        for n, line in enumerate(sys.stdin):
            a, b = json.loads(line)
            time.sleep(0.02)
            if n == 2: open("\(folder)/grid-started", "w").close()
            print(json.dumps({"f": a*a + b*b, "g": [2*a, 2*b]}), flush=True)
        """.write(toFile: folder + "/slow.py", atomically: true, encoding: .utf8)
        let r = try Self.interrupt(
            [
                "plot", "--problem", "exec:python3 \(folder)/slow.py", "--x0=1,1", "--solvers", "lbfgs", "--max-iter",
                "0",
                "--output", folder + "/grid.svg",
            ], ready: { FileManager.default.fileExists(atPath: folder + "/grid-started") })
        #expect(r.status == 130 && r.stderr == "optbench: plot: interrupted; nothing written\n", "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/grid.svg"))
    }

    /// eval --stdin waiting for its next line has nothing to stop: it exits at once, with the
    /// answers so far written.
    @Test func evalWaitingForInputExits() throws {
        let r = try Self.interrupt(["eval", "--problem", "rosenbrock", "--stdin"], once: "\n", input: "[1, 2]\n")
        #expect(r.status == 130 && r.stdout == "{\"f\":100,\"g\":[-400,200]}\n" && r.stderr.isEmpty, "\(r.stderr)")
    }
}
