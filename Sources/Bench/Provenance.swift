import Foundation
import Optim

/// Where a result came from, recorded in every row a sharded comparison writes, so that rows
/// merged from many machines still say which build, library and CPU produced each number.
public struct Provenance: Sendable, Equatable {
    /// OptBench's version.
    public static let version = "0.1.0"

    public var version: String
    /// The commit the binary was built from (nil outside a git checkout).
    public var commit: String?
    /// "release, x86-64-v3 (AVX2, FMA)" (scripts/build-flags tuned it for the CPU), "release,
    /// portable" or "debug".
    public var build: String
    public var blasLibrary: String
    public var blasThreads: Int
    public var cpuModel: String
    public var host: String
    /// ISO 8601, UTC.
    public var date: String

    /// This process, now. What cannot change while the process runs — the version, commit,
    /// build, BLAS library, CPU model and host name, which cost file reads (the commit walks the
    /// checkout) — is computed once per process; the BLAS thread count (which --threads sets)
    /// and the date are read at each call.
    public static func current() -> Provenance {
        var provenance = processInvariant
        provenance.blasThreads = BLASThreads.current
        provenance.date = isoDate(Date())
        return provenance
    }

    private static let processInvariant: Provenance = {
        #if DEBUG
        let build = "debug"
        #elseif OPTBENCH_X86_64_V3
        let build = "release, x86-64-v3 (AVX2, FMA)"
        #else
        let build = "release, portable"
        #endif
        return Provenance(
            version: version, commit: commitOfExecutable(), build: build, blasLibrary: BLASThreads.library,
            blasThreads: 0, cpuModel: cpuModel(), host: hostName(), date: "")
    }()

    /// `optbench --version`: "0.1.0 (release, x86-64-v3 (AVX2, FMA) build, commit 57d3e49, OpenBLAS 0.3.21 … (Haswell
    /// kernels))".
    public var versionLine: String {
        let short = commit.map { String($0.prefix(7)) + ($0.hasSuffix("+changes") ? "+changes" : "") } ?? "unknown"
        return "\(version) (\(build) build, commit \(short), \(blasLibrary))"
    }

    public var jsonMembers: [(String, String)] {
        typealias W = JSONWriter
        return [
            ("version", W.string(version)), ("commit", commit.map(W.string) ?? "null"), ("build", W.string(build)),
            ("blas_library", W.string(blasLibrary)), ("blas_threads", String(blasThreads)),
            ("cpu_model", W.string(cpuModel)),
            ("host", W.string(host)), ("date", W.string(date)),
        ]
    }

    static func isoDate(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// /proc/cpuinfo's first "model name" (Linux), else the architecture.
    static func cpuModel() -> String {
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) {
            for line in text.split(separator: "\n") where line.hasPrefix("model name") {
                if let colon = line.firstIndex(of: ":") {
                    return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        #if arch(x86_64)
        return "x86_64"
        #elseif arch(arm64)
        return "arm64"
        #else
        return "unknown"
        #endif
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The commit the executable was built from: what scripts/optbench wrote beside it at
    /// build time (`optbench.commit`, "+changes" when the sources differed from it), else HEAD
    /// of the git checkout that holds the executable (the build folder lives in it), read
    /// from the repository's files: `.git` may be a folder or, in a worktree, a file naming
    /// the real one; the branch's commit is a loose ref or a line of packed-refs.
    static func commitOfExecutable() -> String? {
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        if let recorded = try? String(contentsOfFile: executable + ".commit", encoding: .utf8),
           !recorded.isEmpty, recorded.count <= 60 {
            return recorded.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while folder.path != "/" {
            let dotGit = folder.appendingPathComponent(".git").path
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: dotGit, isDirectory: &isFolder) {
                var gitDir = dotGit
                if !isFolder.boolValue {
                    guard let text = try? String(contentsOfFile: dotGit, encoding: .utf8), text.hasPrefix("gitdir:")
                    else { return nil }
                    let path = text.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespacesAndNewlines)
                    gitDir = path.hasPrefix("/") ? path : folder.appendingPathComponent(path).path
                }
                return head(gitDir: gitDir)
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    static func head(gitDir: String) -> String? {
        func read(_ path: String) -> String? {
            (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let head = read(gitDir + "/HEAD") else { return nil }
        guard head.hasPrefix("ref: ") else { return head.count == 40 ? head : nil }
        let ref = String(head.dropFirst(5))
        var commonDir = gitDir
        if let common = read(gitDir + "/commondir") {
            commonDir = common.hasPrefix("/") ? common : gitDir + "/" + common
        }
        for folder in [gitDir, commonDir] {
            if let commit = read(folder + "/" + ref), commit.count == 40 { return commit }
        }
        for line in (read(commonDir + "/packed-refs") ?? "").split(separator: "\n") where line.hasSuffix(" " + ref) {
            return String(line.prefix(40))
        }
        return nil
    }
}
