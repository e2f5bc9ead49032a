import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads newline-terminated lines from a file descriptor with a deadline, polling the
/// interruption flag every 100 ms, so that neither a silent program nor a slow one can make
/// OptBench deaf to Ctrl-C.
public struct LineReader {
    public let descriptor: Int32
    /// Longest line accepted (bytes): an answer bounded by the dimension, so that a program
    /// printing without newlines cannot exhaust memory.
    public let maxLength: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var chunk = [UInt8](repeating: 0, count: 65_536)
    /// Bytes from `start` up to here hold no newline (so each byte is scanned once).
    private var scanned = 0

    public init(descriptor: Int32, maxLength: Int) {
        self.descriptor = descriptor
        self.maxLength = maxLength
    }

    public enum Outcome {
        case line([UInt8])
        case endOfFile
        case timedOut
        case interrupted
        case tooLong
        case failed(String)
    }

    /// Whether anything (a line or part of one) has arrived that no request asked for yet.
    mutating func hasUnread() -> Bool {
        if start < buffer.count { return true }
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, 0) == 1 else { return false }
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        guard count > 0 else { return false }  // end of file: the next read says so
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// The next line, without its newline (a final line without one counts at end of file).
    /// - Parameter gone: polled every 100 ms while waiting; true ends the wait as at end of
    ///   file (a program that exited while something it started still holds its output).
    public mutating func next(timeout: Double?, gone: () -> Bool = { false }) -> Outcome {
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        while true {
            if let newline = buffer[(start + scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                scanned = 0
                if start > 65_536 { buffer.removeSubrange(0..<start); start = 0 }
                return .line(line)
            }
            scanned = buffer.count - start
            if buffer.count - start > maxLength { return .tooLong }
            if Interruption.isRaised { return .interrupted }
            var wait: Int32 = 100
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 { return .timedOut }
                wait = Int32(min(100, max(1, left * 1000)))
            }
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, wait)
            if ready < 0 {
                if errno == EINTR { continue }
                return .failed(String(cString: strerror(errno)))
            }
            if ready == 0 {
                if gone() { return .endOfFile }
                continue
            }
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failed(String(cString: strerror(errno)))
            }
            if count == 0 {
                guard start < buffer.count else { return .endOfFile }
                let line = Array(buffer[start...])
                start = buffer.count
                scanned = 0
                return .line(line)
            }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }
}
