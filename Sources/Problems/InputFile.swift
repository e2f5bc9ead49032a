import Foundation

/// Reads a file people named as input (a problem file, its dataset, an `--x0` or `--at`
/// file). Only a regular file is read — or, for a point, a FIFO (`--at <(…)` in a shell): a
/// folder or device (`/dev/zero` would never end) is refused by what it is, as is a
/// symbolic-link loop.
public enum InputFile {
    public struct Failure: Error, Equatable {
        /// What is wrong, to follow the path in a message: "no such file", "is a folder", …
        public let reason: String
    }

    /// - Parameter allowingPipes: accept a FIFO (read to its end), as for a point given by
    ///   process substitution.
    public static func read(_ path: String, allowingPipes: Bool = false) throws(Failure) -> Data {
        var info = stat()
        guard stat(path, &info) == 0 else {
            switch errno {
            case ENOENT: throw Failure(reason: "no such file")
            case ELOOP: throw Failure(reason: "is a loop of symbolic links")
            case ENOTDIR: throw Failure(reason: "no such file (a part of the path is not a folder)")
            default: throw Failure(reason: "cannot be read (\(String(cString: strerror(errno))))")
            }
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Failure(reason: "is a folder, not a file")
        case S_IFIFO:
            if !allowingPipes { throw Failure(reason: "is a FIFO (named pipe), not a regular file") }
            // Our own output pipe (/dev/stdout under `| …`) would be read forever.
            if let stream = outputStream(sameAs: info) {
                throw Failure(reason: "is this command's \(stream) (a pipe), not an input")
            }
        case S_IFCHR, S_IFBLK: throw Failure(reason: "is a device, not a regular file")
        case S_IFSOCK: throw Failure(reason: "is a socket, not a regular file")
        default: throw Failure(reason: "is not a regular file")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(reason: "cannot be read (\(String(cString: strerror(errno))))") }
        defer { close(descriptor) }
        return try read(descriptor: descriptor, limit: nil)
    }

    /// The most `readStandardInput` reads: 1 GiB.
    public static let standardInputLimit = 1 << 30

    /// Reads stdin to its end: a regular file, a pipe or a terminal; a folder or a device
    /// (`< /dev/zero`) is refused by what it is, and more than `limit` bytes (a pipe that never
    /// ends) by its size, so a hostile input cannot grow memory without bound.
    public static func readStandardInput(limit: Int = standardInputLimit) throws(Failure) -> Data {
        var info = stat()
        guard fstat(STDIN_FILENO, &info) == 0 else {
            throw Failure(reason: "cannot be read (\(String(cString: strerror(errno))))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG, S_IFIFO, S_IFSOCK: break
        case S_IFDIR: throw Failure(reason: "is a folder, not a file")
        case S_IFCHR where isatty(STDIN_FILENO) == 1: break
        case S_IFCHR, S_IFBLK: throw Failure(reason: "is a device, not a regular file or a pipe")
        default: throw Failure(reason: "is not a regular file or a pipe")
        }
        return try read(descriptor: STDIN_FILENO, limit: limit)
    }

    /// Reads `descriptor` to its end; more than `limit` bytes (when given) is refused.
    public static func read(descriptor: Int32, limit: Int?) throws(Failure) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            if count == 0 { return data }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(reason: "cannot be read (\(String(cString: strerror(errno))))")
            }
            if let limit, data.count + count > limit {
                throw Failure(reason: "is longer than \(limit) bytes, the most read from one input")
            }
            data.append(contentsOf: buffer[..<count])
        }
    }

    /// "standard output" or "standard error" when `info` is the file behind descriptor 1 or 2.
    private static func outputStream(sameAs info: stat) -> String? {
        for (descriptor, name) in [(STDOUT_FILENO, "standard output"), (STDERR_FILENO, "standard error")] {
            var stream = stat()
            if fstat(descriptor, &stream) == 0 && stream.st_dev == info.st_dev && stream.st_ino == info.st_ino {
                return name
            }
        }
        return nil
    }
}
