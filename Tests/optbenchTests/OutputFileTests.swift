import Foundation
import Testing

/// `--output` replaces a regular file atomically: the report goes to a temporary file in the
/// same folder, which then takes the name by rename(2). Seen from outside: the name points
/// to a new inode, a hard link to the old file keeps the old text, the permissions stay.
@Suite struct OutputFileTests {
    static func inode(_ path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : 0
    }

    @Test func anExistingFileIsReplacedByRenameWithItsPermissions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("result.json").path, link = dir.appendingPathComponent("old.json").path
        try "old text\n".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o640)
        #expect(Foundation.link(path, link) == 0)
        let before = Self.inode(path)
        let r = try CLI.run(["run", "--problem", "rosenbrock", "--format", "json", "--output", path])
        #expect(r.status == 0 && r.stdout.isEmpty)
        #expect(Self.inode(path) != before)
        #expect(try String(contentsOfFile: link, encoding: .utf8) == "old text\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("{"))
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o640)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["old.json", "result.json"])
    }
}
