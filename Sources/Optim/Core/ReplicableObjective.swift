/// An objective whose read-only data (a quadratic's Q, a dataset) can be shared with copies
/// that other threads evaluate at the same time. An objective is otherwise never evaluated from
/// two threads at once (`Objective`): `compare` hands each worker a replica instead of building
/// (and holding) the data again, and a method that evaluates a batch of independent points per
/// iteration (CMA-ES) evaluates them on `Options.threads` replicas, each point's f the same
/// whichever replica computes it.
public protocol ReplicableObjective: Objective {
    /// A copy that shares this objective's read-only data, with work buffers of its own.
    func replica() -> Self
}
