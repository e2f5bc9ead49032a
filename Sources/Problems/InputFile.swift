import Foundation

/// Reads a file people named as input (a problem file, its dataset, an `--x0` or `--at`
/// file). Only a regular file is read: a folder, FIFO or device (`/dev/zero` would never
/// end) is refused by what it is, as is a symbolic-link loop.
public enum InputFile {
    public struct Failure: Error, Equatable {
        /// What is wrong, to follow the path in a message: "no such file", "is a folder", …
        public let reason: String
    }

    public static func read(_ path: String) throws(Failure) -> Data {
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
        case S_IFIFO: throw Failure(reason: "is a FIFO (named pipe), not a regular file")
        case S_IFCHR, S_IFBLK: throw Failure(reason: "is a device, not a regular file")
        case S_IFSOCK: throw Failure(reason: "is a socket, not a regular file")
        default: throw Failure(reason: "is not a regular file")
        }
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw Failure(reason: access(path, R_OK) == 0 ? "cannot be read" : "cannot be read (permission denied)")
        }
    }
}
