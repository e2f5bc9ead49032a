import Dispatch

/// f at a batch of independent points on several threads, for objectives that allow it: the
/// objective must be a `ReplicableObjective` (each worker evaluates its own replica; an
/// objective is never evaluated from two threads at once) and not a `FallibleObjective` (an
/// external program is one process). Each point's f lands in its own slot, so the values, their
/// order and everything computed from them are the same for any thread count. Counts and the
/// objective's seconds (the batch's wall time) are added to the run's `CountedObjective`.
package struct ConcurrentValues {
    private let workers: [any Objective]
    private let counter: any ConcurrentlyCounted

    /// Replicas for `threads` workers of the objective the driver handed the solver, or nil when
    /// it must be evaluated on the calling thread (one thread, or an objective that does not allow it).
    package init?<O: Objective>(_ objective: O, threads: Int) {
        guard threads > 1, let counted = objective as? any ConcurrentlyCounted,
              let replicas = counted.replicas(threads)
        else { return nil }
        workers = replicas
        counter = counted
    }

    /// values[k] = f(row k of `points`), k < count, rows of `dimension` numbers.
    package func evaluate(
        _ points: UnsafeBufferPointer<Double>, count: Int, dimension n: Int,
        into values: UnsafeMutableBufferPointer<Double>
    ) {
        let started = DispatchTime.now().uptimeNanoseconds
        let shared = UncheckedSendable((workers, points, values))
        let used = min(workers.count, count)
        DispatchQueue.concurrentPerform(iterations: used) { t in
            let (workers, points, values) = shared.value
            var k = t
            while k < count {
                // each worker writes only its own slots k ≡ t (mod used)
                values[k] = workers[t].value(at: UnsafeBufferPointer(rebasing: points[(k * n)..<((k + 1) * n)]))
                k += used
            }
        }
        counter.addConcurrent(
            values: UnsafeBufferPointer(rebasing: values[0..<count]),
            nanoseconds: DispatchTime.now().uptimeNanoseconds &- started)
    }
}

/// The run's counter, seen through its base's ability to be replicated.
package protocol ConcurrentlyCounted: AnyObject {
    /// `count` replicas of the base, or nil when it may not be evaluated concurrently.
    func replicas(_ count: Int) -> [any Objective]?
    /// Adds evaluations made on replicas (their values in the batch's order, for the history),
    /// and the seconds they took.
    func addConcurrent(values: UnsafeBufferPointer<Double>, nanoseconds: UInt64)
}

extension CountedObjective: ConcurrentlyCounted {
    package func replicas(_ count: Int) -> [any Objective]? {
        guard !(base is any FallibleObjective), let shared = base as? any ReplicableObjective else { return nil }
        return (0..<count).map { _ in shared.replica() }
    }

    package func addConcurrent(values: UnsafeBufferPointer<Double>, nanoseconds: UInt64) {
        if history == nil {
            valueEvaluations += values.count
        } else {
            for value in values {
                valueEvaluations += 1
                history?.append(evaluations: valueEvaluations, value: value)
            }
        }
        objectiveNanoseconds &+= nanoseconds
    }
}
