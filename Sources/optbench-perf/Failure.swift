import Foundation

/// The value of `body`, or — when it throws (a problem that cannot be built here, memory that
/// is not there, a temporary file that cannot be written) — a one-line message naming `what`
/// on stderr and exit status 2: the benchmark reports a failure, it never traps.
func orExit<T>(_ what: String, _ body: () throws -> T) -> T {
    do { return try body() } catch {
        FileHandle.standardError.write(Data("optbench-perf: \(what): \(error)\n".utf8))
        exit(2)
    }
}

/// Writes `message` as one line on stderr and exits with `status` (1: the measurement failed,
/// 2: the arguments are bad).
func failure(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("optbench-perf: \(message)\n".utf8))
    exit(status)
}
