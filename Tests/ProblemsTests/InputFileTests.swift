import Foundation
@testable import Problems
import Testing

/// Reading what people give as input: bounded, so that an endless stream (`merge - < /dev/zero`
/// through a pipe) is refused by its size instead of growing memory without bound.
@Suite struct InputFileTests {
    @Test func readingStopsAtTheLimit() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let bytes = [UInt8](repeating: 0x41, count: 5000)
        #expect(bytes.withUnsafeBytes { write(ends[1], $0.baseAddress!, $0.count) } == 5000)
        close(ends[1])
        #expect(throws: InputFile.Failure(reason: "is longer than 4096 bytes, the most read from one input")) {
            try InputFile.read(descriptor: ends[0], limit: 4096)
        }
    }

    @Test func readingWithinTheLimit() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        #expect(Array("rows\n".utf8).withUnsafeBytes { write(ends[1], $0.baseAddress!, $0.count) } == 5)
        close(ends[1])
        #expect(try InputFile.read(descriptor: ends[0], limit: 5) == Data("rows\n".utf8))
    }
}
