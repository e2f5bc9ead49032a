import Foundation
import Testing
@testable import Optim

/// A refused allocation is an error the library returns, not an exit: the allocator says nil,
/// `Vector(allocating:)` throws, and `minimize` returns `MinimizeError.outOfMemory` when a
/// solver's buffers cannot be had; the message names the size and the machine's memory.
@Suite struct VectorAllocationTests {
    @Test func anImpossibleSizeIsRefusedNotTrapped() {
        #expect(Vector.alignedMemory(bytes: 1 << 62, alignment: Vector.hugePageBytes) == nil)
        let small = Vector.alignedMemory(bytes: 4096, alignment: 64)
        #expect(small != nil && Int(bitPattern: small) % 64 == 0)
        free(small)
    }

    @Test func theMessageNamesTheSizeAndThePhysicalMemory() {
        let message = AllocationFailure(bytes: 1 << 62, physicalBytes: 8 * 1_073_741_824).description
        #expect(
            message == "out of memory: cannot allocate a vector of 4611686018427387904 bytes (physical memory 8192 MiB)"
        )
        let machine = AllocationFailure(bytes: 1 << 62).description
        #expect(machine.hasSuffix(" MiB)") && !machine.contains("\n") && !machine.contains("optbench"))
    }

    @Test func aRefusedVectorThrowsWithItsSize() throws {
        #expect(throws: AllocationFailure(bytes: 1 << 62)) { try Vector(allocating: 1 << 59) }
        // A size whose byte count overflows is refused too, saturated at Int.max.
        #expect(throws: AllocationFailure(bytes: .max)) { try Vector(allocating: Int.max / 2) }
        let small = try Vector(allocating: [1, 2, 3])
        #expect(small.array == [1, 2, 3])
    }

    /// A solver whose `start` cannot have its buffers: `minimize` returns the error (no exit,
    /// no trap), before any iteration.
    @Test func minimizeReturnsOutOfMemoryWhenASolverCannotAllocate() throws {
        struct Greedy: Solver {
            var summary: String { "greedy" }
            func validate() throws(InvalidParameter) {}
            var buffer = Vector(count: 0)
            mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
                buffer = try Vector(allocating: 1 << 59)
            }
            mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {}
        }
        let objective = FunctionObjective(dimension: 2) { x, g in
            if let g { g[0] = 2 * x[0]; g[1] = 2 * x[1] }
            return x[0] * x[0] + x[1] * x[1]
        }
        #expect(throws: MinimizeError.outOfMemory(AllocationFailure(bytes: 1 << 62))) {
            try minimize(objective, from: [1, 1], using: Greedy())
        }
        #expect(MinimizeError.outOfMemory(AllocationFailure(bytes: 1 << 62, physicalBytes: 1_073_741_824)).description
                == "out of memory: cannot allocate a vector of 4611686018427387904 bytes (physical memory 1024 MiB)")
    }
}
