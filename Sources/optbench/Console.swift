import Foundation
import Problems

/// stdout and stderr, written with write(2) so that every failure is seen (Foundation's
/// `FileHandle.write` traps on a failed write; `print` loses it in a buffer).
///
/// - A reader that went away (EPIPE: OptBench ignores SIGPIPE, see `OptBench.main`) ends the
///   process quietly, as SIGPIPE ends other Unix filters.
/// - Any other failure to write stdout (a full disk, a closed descriptor) is an error: one
///   line on stderr and exit status 2 — output that was lost never exits 0.
/// - A failure to write stderr has nowhere to be reported; the exit status still tells.
enum Console {
    /// Keeps descriptors 0, 1 and 2 taken: when the caller closed one (`>&-`), the next file
    /// OptBench opens would otherwise get its number and the report would be written into
    /// it. A closed stdout gets /dev/null opened read-only, so writes to it fail (EBADF) and
    /// are reported instead of silently discarded.
    static func reserveStandardDescriptors() {
        for descriptor: Int32 in [0, 1, 2] where fcntl(descriptor, F_GETFD) == -1 {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0 && opened != descriptor {
                dup2(opened, descriptor)
                close(opened)
            }
        }
    }

    /// Writes `text` to stdout, all of it, or ends the process (see the type's notes).
    static func out(_ text: String) {
        if let error = write(text, to: STDOUT_FILENO) {
            if error == EPIPE { endForClosedPipe() }
            err("optbench: error: cannot write to stdout: \(String(cString: strerror(error)))\n")
            ChildRegistry.killAll()
            _exit(2)
        }
    }

    /// Writes `text` to stderr; a failure is ignored (there is nowhere left to report it).
    static func err(_ text: String) {
        _ = write(text, to: STDERR_FILENO)
    }

    /// The reader of stdout went away: end as SIGPIPE would have ended us.
    static func endForClosedPipe() -> Never {
        ChildRegistry.killAll()
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        _exit(128 + SIGPIPE)
    }

    /// Writes all bytes, retrying after signals and short writes; returns errno on failure.
    static func write(_ text: String, to descriptor: Int32) -> Int32? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if written == 0 { return EIO }
                offset += written
            }
            return nil
        }
    }
}
