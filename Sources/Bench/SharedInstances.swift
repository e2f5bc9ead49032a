import Foundation
import Problems

/// The problem instances of one comparison that other workers may share: the first worker to
/// need an instance builds it (the others wait for that instance only), and every later
/// request gets a replica sharing its read-only data (a quadratic's Q). Instances whose
/// objective cannot be replicated are not kept: each worker builds its own.
final class SharedInstances: @unchecked Sendable {
    private struct Key: Hashable {
        let problem: Int
        let seed: UInt64?
    }

    private final class Slot {
        let lock = NSLock()
        var original: TestProblem?
        /// Whether the builder found the problem not replicable (no one waits for it again).
        var unshareable = false
    }

    private let lock = NSLock()
    private var slots: [Key: Slot] = [:]

    /// The instance's problem: a replica of the shared original, or one built by `build`
    /// (kept as the original when it can be replicated). The caller owns what it gets.
    func problem(_ instance: Comparison.Instance,
                 build: () throws(ProblemError) -> TestProblem) throws(ProblemError) -> TestProblem {
        let key = Key(problem: instance.problem, seed: instance.seed)
        let slot = lock.withLock {
            if let slot = slots[key] { return slot }
            let slot = Slot()
            slots[key] = slot
            return slot
        }
        slot.lock.lock()
        defer { slot.lock.unlock() }
        if slot.unshareable { return try build() }
        if let original = slot.original, let copy = original.replica() { return copy }
        let built = try build()
        // The builder keeps the original; the others get replicas of a pristine copy.
        if let pristine = built.replica() { slot.original = pristine } else { slot.unshareable = true }
        return built
    }
}
