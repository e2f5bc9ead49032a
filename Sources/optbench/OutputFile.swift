import Foundation

/// Where a command's report (or profile, or plot) goes: stdout, or a file named by a flag.
///
/// Everything is checked before any work: the flag names a file, not a folder (`out/new/`
/// with its trailing `/` is a folder), its folder exists and is writable. Symbolic links are
/// followed, so the file they point to is written and the link stays. A regular file (or a
/// new one) is replaced atomically — the text goes to a temporary file in the same folder,
/// which then takes the name by rename(2) with the old file's permissions — so an
/// interrupted or failed command never leaves half a file. A device or FIFO (`/dev/stdout`,
/// `/dev/null`, a named pipe) is written directly.
struct OutputTarget {
    /// The flag that named the file, for messages (`--output`, `--profile`, `--plot`).
    let flag: String
    /// The path as given; nil for stdout.
    let path: String?
    private let destination: Destination

    private enum Destination {
        case standardOutput
        /// A regular file, existing (with its permission bits) or new, replaced by rename.
        case file(path: String, mode: mode_t?)
        /// A device, FIFO or socket: opened and written in place.
        case stream(path: String)
    }

    /// stdout.
    static let standardOutput = OutputTarget(flag: "", path: nil, destination: .standardOutput)

    private init(flag: String, path: String?, destination: Destination) {
        self.flag = flag
        self.path = path
        self.destination = destination
    }

    /// Checks `path` (nil: stdout) before any work is done.
    init(path: String?, flag: String = "--output") throws(UsageFailure) {
        guard let path else { self = .standardOutput; return }
        func failure(_ reason: String) -> UsageFailure { UsageFailure("\(flag) \(path): \(reason)") }
        guard !path.isEmpty else { throw UsageFailure("\(flag): expected a file name, got an empty string") }
        guard !path.hasSuffix("/") else { throw failure("ends in '/', so it names a folder; expected a file name") }
        // An existing file, through any links (including /proc's, like /dev/stdout's).
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR: throw failure("is a folder; expected a file name")
            case S_IFREG:
                guard let real = realpath(path, nil) else { throw failure(String(cString: strerror(errno))) }
                defer { free(real) }
                let resolved = String(cString: real)
                try Self.checkFolder(of: resolved, failure)
                self.init(flag: flag, path: path, destination: .file(path: resolved, mode: info.st_mode & 0o7777))
            default:
                self.init(flag: flag, path: path, destination: .stream(path: path))
            }
            return
        }
        guard errno == ENOENT else { throw failure(String(cString: strerror(errno))) }
        // A new file, or one a dangling link points to.
        let resolved: String
        do { resolved = try Self.followingLinks(path) } catch { throw failure(error.reason) }
        try Self.checkFolder(of: resolved, failure)
        self.init(flag: flag, path: path, destination: .file(path: resolved, mode: nil))
    }

    /// The folder of `file` exists and can take a new file.
    private static func checkFolder(of file: String, _ failure: (String) -> UsageFailure) throws(UsageFailure) {
        let directory = folder(of: file)
        var info = stat()
        guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw failure("folder \(directory) does not exist")
        }
        guard access(directory, W_OK | X_OK) == 0 else { throw failure("folder \(directory) is not writable") }
    }

    var isFile: Bool { path != nil }

    /// The file written, after links (nil for stdout).
    var resolvedPath: String? {
        switch destination {
        case .standardOutput: nil
        case .file(let path, _), .stream(let path): path
        }
    }

    /// Writes `text` to stdout or to the file (atomically, for a regular file).
    func write(_ text: String) throws(UsageFailure) {
        try Self.write([(self, text)])
    }

    /// Writes several outputs all-or-nothing, as far as files allow: every regular file is
    /// first written in full to its temporary; only when all of them succeeded do they take
    /// their names (then devices and stdout are written). A failure leaves every existing file
    /// as it was.
    static func write(_ outputs: [(target: OutputTarget, text: String)]) throws(UsageFailure) {
        var staged: [(temporary: String, final: String)] = []
        func discard() { for file in staged { unlink(file.temporary) } }
        for (target, text) in outputs {
            guard case .file(let path, let mode) = target.destination else { continue }
            do { staged.append((try stageFigureOrText(text, besides: path, mode: mode), path)) } catch {
                discard()
                throw UsageFailure("\(target.flag) \(target.path ?? path): cannot write (\(error.reason))")
            }
        }
        for (index, file) in staged.enumerated() where rename(file.temporary, file.final) != 0 {
            let reason = String(cString: strerror(errno))
            for later in staged[index...] { unlink(later.temporary) }
            throw UsageFailure("cannot replace \(file.final) (\(reason))")
        }
        for (target, text) in outputs {
            switch target.destination {
            case .standardOutput: Console.out(text)
            case .file: break
            case .stream(let path):
                let descriptor = open(path, O_WRONLY | O_CLOEXEC)
                guard descriptor >= 0 else {
                    throw UsageFailure(
                        "\(target.flag) \(target.path ?? path): cannot open (\(String(cString: strerror(errno))))")
                }
                defer { close(descriptor) }
                if let error = Console.write(text, to: descriptor) {
                    if error == EPIPE { Console.endForClosedPipe() }  // --output /dev/stdout | head
                    throw UsageFailure(
                        "\(target.flag) \(target.path ?? path): cannot write (\(String(cString: strerror(error))))")
                }
            }
        }
    }

    /// Refuses two outputs that are one file, or an output that is one of the command's
    /// inputs (its problem file, dataset, `--x0` file) — before any work.
    static func checkDistinct(_ targets: [OutputTarget], inputs: [String]) throws(UsageFailure) {
        let files = targets.filter(\.isFile)
        for (i, target) in files.enumerated() {
            for other in files[..<i] where sameFile(target.resolvedPath!, other.resolvedPath!) {
                throw UsageFailure(
                    "\(target.flag) \(target.path!) is the same file as \(other.flag) \(other.path!); give each output "
                        + "its own file"
                )
            }
            for input in inputs where sameFile(target.resolvedPath!, input) {
                throw UsageFailure(
                    "\(target.flag) \(target.path!) is an input of this command (\(input)); writing it would destroy it"
                )
            }
            if isStandardInput(target.resolvedPath!) {
                throw UsageFailure(
                    "\(target.flag) \(target.path!) is this command's standard input; writing it would destroy it")
            }
        }
    }

    /// Whether `path` is the regular file behind descriptor 0 (`< file`, `--output /dev/stdin`).
    static func isStandardInput(_ path: String) -> Bool {
        var input = stat(), file = stat()
        guard fstat(STDIN_FILENO, &input) == 0, input.st_mode & S_IFMT == S_IFREG, stat(path, &file) == 0 else {
            return false
        }
        return input.st_dev == file.st_dev && input.st_ino == file.st_ino
    }

    /// The same file: the same device and inode when both exist, else the same path.
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var x = stat(), y = stat()
        if stat(a, &x) == 0, stat(b, &y) == 0 { return x.st_dev == y.st_dev && x.st_ino == y.st_ino }
        return URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }

    struct PathError: Error { let reason: String }

    /// Follows symbolic links (at most 40, as the kernel does) to the file they name, which
    /// need not exist yet.
    private static func followingLinks(_ path: String) throws(PathError) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                if errno == ENOENT { return current }
                throw PathError(reason: String(cString: strerror(errno)))
            }
            guard info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length >= 0 else { throw PathError(reason: String(cString: strerror(errno))) }
            let target = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : folder(of: current) + "/" + target
        }
        throw PathError(reason: "too many levels of symbolic links (a loop?)")
    }

    private static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `stage`, then for an SVG figure whose file is named .png or .pdf, its conversion
    /// (`FigureFile.convert`) in place of the SVG.
    private static func stageFigureOrText(_ text: String, besides path: String, mode: mode_t?) throws(PathError)
        -> String
    {
        let staged = try stage(text, besides: path, mode: mode)
        guard let format = FigureFile.format(of: path), format != .svg, text.hasPrefix("<svg") else { return staged }
        defer { unlink(staged) }
        let converted = try FigureFile.convert(staged, to: format)
        let mask = umask(0)
        umask(mask)
        chmod(converted, mode ?? (0o666 & ~mask))
        return converted
    }

    /// Writes `text` to a new temporary file beside `path`, flushed to disk, with `mode` (or
    /// the permissions a new file gets under the umask). Returns its path.
    private static func stage(_ text: String, besides path: String, mode: mode_t?) throws(PathError) -> String {
        var name = path.split(separator: "/").last.map(String.init) ?? "output"
        // ".NAME.XXXXXX" must fit in a file name (255 bytes) when NAME itself does.
        while name.utf8.count > 255 - 8 { name.removeLast() }
        var template = Array("\(folder(of: path))/.\(name).XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw PathError(reason: String(cString: strerror(errno))) }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { close(descriptor) }
        let permissions: mode_t
        if let mode {
            permissions = mode
        } else {
            let mask = umask(0)
            umask(mask)
            permissions = 0o666 & ~mask
        }
        if let error = Console.write(text, to: descriptor) ?? (fchmod(descriptor, permissions) == 0 ? nil : errno)
            ?? (fsync(descriptor) == 0 ? nil : errno)
        {
            unlink(temporary)
            throw PathError(reason: String(cString: strerror(error)))
        }
        return temporary
    }
}
