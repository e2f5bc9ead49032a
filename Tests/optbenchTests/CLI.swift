import Foundation
import Optim
import Problems
import Testing

/// Runs the built `optbench` binary.
struct CLI {
    /// A file named `name` holding `content`, in a folder of its own under the temporary directory.
    static func temporaryFile(_ name: String, _ content: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        FileManager.default.createFile(atPath: path, contents: Data(content.utf8))
        return path
    }

    static let binary: URL = {
        // The test bundle sits in the build folder beside the executable.
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
            "optbench")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return repositoryRoot.appendingPathComponent(".build/debug/optbench")
    }()

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A command that exits before reading all its input must not kill the test process by
    /// SIGPIPE; the write fails with EPIPE instead.
    static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Bad input: exit status 2, exactly one line `optbench: error: <message>` on stderr, and
    /// nothing on stdout.
    static func expectRefusal(
        _ arguments: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let r = try run(arguments)
        #expect(r.status == 2, sourceLocation: sourceLocation)
        #expect(r.stderr == "optbench: error: \(message)\n", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    /// Starts the binary in the background (for signals and live output): the process and
    /// its stdout; stderr is collected and discarded.
    static func start(_ arguments: [String]) throws -> (process: Process, stdout: FileHandle) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        return (process, out.fileHandleForReading)
    }

    /// How many processes have a command line matching `pattern` (`pgrep -f -c`); −1 when
    /// pgrep's answer is not a number.
    static func processCount(matching pattern: String) throws -> Int {
        let pgrep = Process()
        pgrep.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        pgrep.arguments = ["-f", "-c", pattern]
        let out = Pipe()
        pgrep.standardOutput = out
        try pgrep.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        pgrep.waitUntilExit()
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// - Parameters:
    ///   - input: written to the command's stdin (from another thread, so a command that does
    ///     not read cannot block the test), which is then closed.
    ///   - environment: variables set (or replaced) for this run only.
    ///   - timeout: seconds after which the command is killed and the test fails, so a
    ///     command that waits forever (for stdin, say) fails instead of hanging the suite.
    ///   - executable: what runs (`/bin/sh` for a shell command line), the binary by default.
    ///   - directory: the current folder, the repository's root by default.
    static func run(
        _ arguments: [String], input: String? = nil, environment: [String: String] = [:], timeout: Double = 300,
        executable: URL = binary, directory: URL = repositoryRoot,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        _ = ignoreBrokenPipes
        try process.run()
        let writer = inp.fileHandleForWriting
        Thread.detachNewThread {
            if let input { try? writer.write(contentsOf: Data(input.utf8)) }
            try? writer.close()
        }
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        if process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL {
            Issue.record(
                "optbench \(arguments.joined(separator: " ")) did not finish within \(timeout) s",
                sourceLocation: sourceLocation)
        }
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

extension CLI {
    /// Whether `pid` catches SIGINT: the command's Ctrl-C handler is registered (its work is
    /// under way), read from /proc/PID/status — a condition, not a clock.
    static func catchesInterrupt(_ pid: pid_t) -> Bool { catches(pid, SIGINT) }

    /// Whether `pid` has a handler for `signal` (SigCgt in /proc/PID/status).
    static func catches(_ pid: pid_t, _ signal: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
            let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return false }
        return mask & (1 << (UInt64(signal) - 1)) != 0
    }

    /// Polls `condition` every 10 ms for up to `seconds`; whether it held.
    static func wait(seconds: Double = 120, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return false
    }

    /// Whether a process `pid` is gone (or a zombie nobody reaped yet).
    static func isGone(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }

    /// Kills `process` (SIGKILL) if it still runs `bound` seconds from now; `cancel()` it once
    /// the process has ended. A test then sees the kill (`terminationReason` is
    /// `.uncaughtSignal`) and fails instead of hanging the suite.
    static func watchdog(_ process: Process, bound: Double = 240) -> DispatchWorkItem {
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + bound, execute: watchdog)
        return watchdog
    }

    /// CPU seconds `pid` has used (utime + stime of /proc/PID/stat): how much work it did.
    static func cpuSeconds(_ pid: pid_t) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let fields = stat.split(separator: ")").last?.split(separator: " "), fields.count > 13,
              let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

extension JSONValue {
    subscript(_ key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
    var number: Double? { if case .number(let d) = self { return d } else { return nil } }
    var string: String? { if case .string(let s) = self { return s } else { return nil } }
    var numbers: [Double]? {
        guard case .array(let items) = self else { return nil }
        return items.compactMap(\.number)
    }
}
