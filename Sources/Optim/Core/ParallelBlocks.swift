import Dispatch

/// Splits [0, n) into fixed blocks and runs a body on every block, on up to `threads`
/// threads: thread t takes the t-th contiguous run of blocks.
///
/// The blocks do not depend on the thread count, so a pass that keeps one partial result
/// per block and sums the partials in block order afterwards gives the same bits on one
/// thread or on several: this is how L-BFGS's passes use a second core without changing any
/// result (`LBFGSMemory`). Memory-bound passes gain only what a second core adds to the
/// bandwidth one core reaches (measured in results/lbfgs-overhead.md).
@usableFromInline package struct ParallelBlocks: Sendable {
    /// n, the elements split.
    @usableFromInline package let count: Int
    @usableFromInline package let blockLength: Int
    /// Threads a call may use (1: the calling thread only).
    @usableFromInline package let threads: Int

    /// A pass uses more than one thread only when every thread gets at least this many
    /// blocks: below that, waking a worker costs more than it saves.
    @usableFromInline package static let minimumBlocksPerThread = 4

    @usableFromInline package init(count: Int, blockLength: Int, threads: Int) {
        precondition(count >= 0 && blockLength >= 1 && threads >= 1, "ParallelBlocks: invalid sizes")
        self.count = count
        self.blockLength = blockLength
        self.threads = threads
    }

    /// Number of blocks, ⌈n / blockLength⌉.
    @usableFromInline package var blockCount: Int { (count + blockLength - 1) / blockLength }

    /// Threads a call actually uses.
    @usableFromInline package var threadsUsed: Int { max(1, min(threads, blockCount / Self.minimumBlocksPerThread)) }

    /// Calls `body(block, lo, length)` once for every block; calls on different threads
    /// run concurrently, so `body` may only write what belongs to its block.
    @inlinable
    package func forEach(_ body: (_ block: Int, _ lo: Int, _ length: Int) -> Void) {
        let blocks = blockCount, workers = threadsUsed, blockLength = blockLength, count = count
        if workers == 1 {
            var lo = 0, b = 0
            while lo < count {
                body(b, lo, min(blockLength, count - lo))
                lo += blockLength
                b += 1
            }
            return
        }
        withoutActuallyEscaping(body) { body in
            // Every worker writes only its own blocks' results (the caller's contract).
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: workers) { t in
                var b = blocks * t / workers
                let end = blocks * (t + 1) / workers
                while b < end {
                    let lo = b * blockLength
                    shared.value(b, lo, min(blockLength, count - lo))
                    b += 1
                }
            }
        }
    }
}

/// A value handed to concurrently running code whose safety the caller guarantees.
@usableFromInline
struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @usableFromInline init(_ value: Value) { self.value = value }
}
