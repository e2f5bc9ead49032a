import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program OptBench talks to line by line: its stdin and stdout are ends of Unix socket pairs
/// (so a write to a program that has exited fails with EPIPE instead of raising SIGPIPE in
/// OptBench, and every end is close-on-exec from its creation), its stderr OptBench's own. It runs in a process group
/// of its
/// own, so a Ctrl-C at the terminal reaches OptBench only, which then ends it: `terminate`
/// closes its stdin, gives it a second to exit, sends its process group SIGTERM, two seconds
/// later SIGKILL, and reaps it — no zombies, and nothing it started left behind.
final class ChildProcess {
    let command: [String]
    private(set) var pid: pid_t = 0
    private var input: Int32 = -1
    private var output: Int32 = -1
    private var exitStatus: Int32?

    /// The program's file, found as the shell would (a name without `/` is looked up in PATH).
    /// - Throws: a one-line reason when it is missing or not executable.
    static func locate(_ program: String, directory: String?) throws(ExternalError) -> String {
        if program.contains("/") {
            let path = program.hasPrefix("/") || directory == nil ? program : directory! + "/" + program
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ExternalError("\(program): no such file")
            }
            guard !isDirectory.boolValue, access(path, X_OK) == 0 else {
                throw ExternalError("\(program): not executable")
            }
            return path
        }
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in searchPath.split(separator: ":") {
            let path = String(folder) + "/" + program
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                access(path, X_OK) == 0
            {
                return path
            }
        }
        throw ExternalError("\(program): command not found in PATH")
    }

    /// Starts `command` (its first word already located) in `directory` (nil: the current one).
    init(command: [String], executable: String, directory: String?) throws(ExternalError) {
        self.command = command
        var sockets: [Int32] = [-1, -1]
        var pipeEnds: [Int32] = [-1, -1]
        // Every end is close-on-exec from birth, so that no child (started concurrently by
        // compare's jobs) inherits another's; dup2 onto 0 and 1 gives the child its own.
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &sockets) == 0 else {
            throw ExternalError("cannot create a socket pair: \(Self.errorText())")
        }
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pipeEnds) == 0 else {
            close(sockets[0]); close(sockets[1])
            throw ExternalError("cannot create a socket pair: \(Self.errorText())")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, sockets[1], 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, sockets[1])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        // The child starts with default handling of the signals OptBench ignores (ignored
        // signals would otherwise be inherited, and SIGTERM could not end it).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        // A problem file's program runs in the file's folder: `sh` changes into it, then execs.
        let argv =
            directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0, executable] + command.dropFirst() }
            ?? command
        let path = directory == nil ? executable : "/bin/sh"
        let arguments = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, path, &actions, &attributes, arguments, environ)
        close(sockets[1])
        close(pipeEnds[1])
        guard status == 0 else {
            close(sockets[0]); close(pipeEnds[0])
            throw ExternalError("\(command[0]): cannot start: \(String(cString: strerror(status)))")
        }
        pid = child
        input = sockets[0]
        output = pipeEnds[0]
        ChildRegistry.add(child)
    }

    deinit { terminate() }

    /// Writes `bytes` to the program's stdin.
    /// - Returns: false when the program no longer reads (it exited or closed its stdin).
    func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                send(input, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }

    /// The descriptor to read the program's answers from.
    var outputDescriptor: Int32 { output }

    /// Why the program is gone, once it is: "exited with status 3", "was killed by signal 9";
    /// nil while it runs.
    func exitDescription() -> String? {
        if exitStatus == nil, pid > 0 {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { exitStatus = status }
        }
        guard let status = exitStatus else { return nil }
        let signal = status & 0x7f
        return signal == 0 ? "exited with status \((status >> 8) & 0xff)" : "was killed by signal \(signal)"
    }

    /// Ends the program (see the type's documentation) and closes every descriptor. Idempotent.
    /// Signals go to the program's whole process group, so that what it started (a shell
    /// script's commands) ends with it.
    func terminate() {
        if input >= 0 { close(input); input = -1 }
        if pid > 0 && exitStatus == nil {
            if !waitForExit(seconds: 1) {
                killpg(pid, SIGTERM)
                if !waitForExit(seconds: 2) {
                    killpg(pid, SIGKILL)
                    var status: Int32 = 0
                    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                    exitStatus = status
                }
            }
        }
        if pid > 0 {
            // Anything the program left running in its group: SIGTERM, and SIGKILL for what
            // is still there after a grace period (a grandchild that ignores SIGTERM).
            if killpg(pid, SIGTERM) == 0 && !Self.groupEnds(pid, seconds: Self.gracePeriod) {
                killpg(pid, SIGKILL)
            }
            ChildRegistry.remove(pid)
            pid = 0
        }
        if output >= 0 { close(output); output = -1 }
    }

    /// Seconds what a program left in its group has to end after SIGTERM before SIGKILL.
    static let gracePeriod = 2.0

    /// Polls for up to `seconds` until no process is left in `group`.
    private static func groupEnds(_ group: pid_t, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if killpg(group, 0) != 0 && errno == ESRCH { return true }
            usleep(5_000)
        } while Date() < deadline
        return false
    }

    /// Polls for the program's exit for up to `seconds`.
    private func waitForExit(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) { exitStatus = status; return true }
            usleep(5_000)
        } while Date() < deadline
        return false
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}

/// A program that cannot be started or spoken to, in one line.
public struct ExternalError: Error, Equatable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The process groups of the programs running now, so that OptBench can end them when it has
/// to exit at once (a second Ctrl-C, SIGTERM).
public enum ChildRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var groups: Set<pid_t> = []

    static func add(_ pid: pid_t) { lock.lock(); groups.insert(pid); lock.unlock() }
    static func remove(_ pid: pid_t) { lock.lock(); groups.remove(pid); lock.unlock() }

    /// Sends SIGKILL to every program's process group.
    public static func killAll() {
        lock.lock(); defer { lock.unlock() }
        for group in groups { killpg(group, SIGKILL) }
    }
}
