import Foundation

/// Where a command's report goes: stdout, or a file written atomically (a temporary file in
/// the same directory, then a rename), so an interrupted run never leaves half a file.
struct OutputTarget {
    let path: String?

    /// Fails early, before any work, when the file's directory does not exist or is not writable.
    init(path: String?) throws(UsageFailure) {
        self.path = path
        guard let path else { return }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageFailure("--output \(path): directory \(directory) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw UsageFailure("--output \(path): directory \(directory) is not writable")
        }
    }

    var isFile: Bool { path != nil }

    /// Writes `text` to the file (atomically) or to stdout.
    func write(_ text: String) throws(UsageFailure) {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw UsageFailure("--output \(path): cannot write (\(error.localizedDescription))")
        }
    }
}
