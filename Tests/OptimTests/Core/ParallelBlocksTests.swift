import Testing
@testable import Optim

@Suite struct ParallelBlocksTests {
    /// Every element lies in exactly one block, blocks are numbered in order and start at
    /// block · blockLength, whatever the thread count.
    @Test(arguments: [(0, 4, 1), (5, 8, 2), (100, 7, 2), (100, 7, 3), (1000, 10, 2), (1001, 10, 5), (64, 1, 16)])
    func blocksCoverTheRangeOnce(_ count: Int, _ blockLength: Int, _ threads: Int) {
        let partition = ParallelBlocks(count: count, blockLength: blockLength, threads: threads)
        let blocks = partition.blockCount
        #expect(blocks == (count + blockLength - 1) / blockLength)
        // Each element and each block slot is written by the one call that owns it (the
        // contract): a wrong partition double-counts or leaves zeros.
        let hits = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        let starts = UnsafeMutableBufferPointer<Int>.allocate(capacity: blocks)
        defer { hits.deallocate(); starts.deallocate() }
        hits.initialize(repeating: 0)
        starts.initialize(repeating: -1)
        partition.forEach { b, lo, length in
            starts[b] = lo
            for i in lo..<(lo + length) { hits[i] += 1 }
        }
        #expect(hits.allSatisfy { $0 == 1 })
        for b in 0..<blocks { #expect(starts[b] == b * blockLength) }
    }

    /// Each thread gets at least `minimumBlocksPerThread` blocks, or the pass stays on one.
    @Test func threadsUsedFollowsTheBlockCount() {
        let minimum = ParallelBlocks.minimumBlocksPerThread
        #expect(ParallelBlocks(count: 100, blockLength: 10, threads: 1).threadsUsed == 1)
        #expect(ParallelBlocks(count: 10 * (2 * minimum - 1), blockLength: 10, threads: 2).threadsUsed == 1)
        #expect(ParallelBlocks(count: 10 * 2 * minimum, blockLength: 10, threads: 2).threadsUsed == 2)
        #expect(ParallelBlocks(count: 10 * 3 * minimum, blockLength: 10, threads: 8).threadsUsed == 3)
    }
}
