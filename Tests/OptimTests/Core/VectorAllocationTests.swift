import Foundation
import Testing
@testable import Optim

/// A refused allocation is reported, not trapped: the allocator says nil and the default
/// handler's line names the size and the machine's memory.
@Suite struct VectorAllocationTests {
    @Test func anImpossibleSizeIsRefusedNotTrapped() {
        #expect(Vector.alignedMemory(bytes: 1 << 62, alignment: Vector.hugePageBytes) == nil)
        let small = Vector.alignedMemory(bytes: 4096, alignment: 64)
        #expect(small != nil && Int(bitPattern: small) % 64 == 0)
        free(small)
    }

    @Test func theMessageNamesTheSizeAndThePhysicalMemory() {
        let message = Vector.allocationMessage(bytes: 1 << 62)
        #expect(message.hasPrefix("optbench: error: out of memory: cannot allocate a vector of 4611686018427387904 bytes (physical memory "))
        #expect(message.hasSuffix(" MiB)") && !message.contains("\n"))
    }
}
