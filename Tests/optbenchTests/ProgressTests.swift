import Foundation
import Testing

/// Progress on stderr, under a real pseudo-terminal (`script` from util-linux gives the
/// command a terminal of its own): one line redrawn in place that fits the terminal's width,
/// counts that never go backwards — and nothing at all when stderr is not a terminal.
@Suite(.serialized) struct ProgressTests {
    /// Runs `arguments` on a pseudo-terminal `columns` wide; what the terminal received.
    static func onTerminal(_ arguments: [String], columns: Int) throws -> String {
        let log = NSTemporaryDirectory() + "optbench-pty-\(UUID().uuidString)"
        defer { unlink(log) }
        let command =
            "stty cols \(columns); exec " + ([CLI.binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
            + " >/dev/null"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qfec", command, log]
        process.currentDirectoryURL = CLI.repositoryRoot
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "exit \(process.terminationStatus)")
        return try String(contentsOfFile: log, encoding: .utf8)
    }

    /// The frames drawn: the text between carriage returns, without the erase-line escape.
    static func frames(_ terminal: String) -> [String] {
        terminal.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
            .map { $0.replacingOccurrences(of: "\u{1B}[K", with: "") }
            .filter { $0.hasPrefix("[") || $0.hasPrefix("epoch") || $0.hasPrefix("iteration") }
    }

    @Test func compareDrawsOneLineThatFitsAndNeverCountsBackwards() throws {
        let terminal = try Self.onTerminal(
            ["compare", "--solvers", "lbfgs,bfgs,cg,gd", "--problems", "mgh", "--jobs", "2"], columns: 60)
        let frames = Self.frames(terminal)
        #expect(frames.count >= 2, "\(terminal)")
        #expect(frames.allSatisfy { $0.count <= 59 }, "\(frames.filter { $0.count > 59 })")
        let counts = frames.compactMap { frame -> Int? in
            guard let slash = frame.firstIndex(of: "/") else { return nil }
            return Int(frame[frame.index(after: frame.startIndex)..<slash])
        }
        #expect(counts.count == frames.count && zip(counts, counts.dropFirst()).allSatisfy { $0 <= $1 }, "\(counts)")
        #expect(frames.contains { $0.contains("running: ") })
        // The line is erased at the end (an erase right after the last frame).
        #expect(terminal.contains("\u{1B}[K\r\u{1B}[K"))
    }

    /// A run in flight longer than a second: the line is redrawn between its start and end
    /// with its own time moving (it used to wait for a run to end).
    @Test func compareRedrawsARunInFlightEverySecond() throws {
        let folder = NSTemporaryDirectory() + "optbench-slow-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
        import json, sys, time
        for line in sys.stdin:
            a, b = json.loads(line)
            time.sleep(1.3)
            print(json.dumps({"f": a*a + 4*b*b, "g": [2*a, 8*b]}), flush=True)
        """.write(toFile: folder + "/slow.py", atomically: true, encoding: .utf8)
        let terminal = try Self.onTerminal(
            ["compare", "--solvers", "lbfgs", "--problems", "exec:python3 \(folder)/slow.py", "--x0=1,1",
             "--max-iter", "1"], columns: 250)
        let inFlight = Self.frames(terminal).filter { $0.hasPrefix("[0/1] ") && $0.contains("running: ") }
        // Each frame ends with the run's own time, "… × lbfgs 1.0 s": two different ones at least.
        let times = Set(inFlight.compactMap { $0.split(separator: "×").last.map(String.init) })
        #expect(times.count >= 2, "\(inFlight)")
        #expect(inFlight.allSatisfy { $0.hasSuffix(" s") && $0.contains(" × lbfgs ") }, "\(inFlight)")
    }

    @Test func runShowsProgressOnlyWhenTheTraceIsNotOnTheTerminal() throws {
        let json = Self.frames(
            try Self.onTerminal(
                ["run", "--problem", "rosenbrock:n=1000", "--max-iter", "10000", "--format", "json"], columns: 80))
        #expect(json.contains { $0.hasPrefix("iteration ") && $0.contains("‖∇f‖∞") }, "\(json)")
        let training = Self.frames(
            try Self.onTerminal(
                ["run", "--problem", "mlp", "--solver", "gd", "--lr", "0.05", "--epochs", "2", "--batch-size", "64"],
                columns: 80))
        #expect(training.contains { $0.hasPrefix("epoch 2/2 [████████████████████] loss ") }, "\(training)")
        // Not a terminal: stderr stays silent.
        let piped = try CLI.run([
            "run", "--problem", "mlp", "--solver", "gd", "--lr", "0.05", "--epochs", "1", "--batch-size", "64",
            "--format", "json",
        ])
        #expect(piped.status == 0 && piped.stderr.isEmpty)
    }
}
