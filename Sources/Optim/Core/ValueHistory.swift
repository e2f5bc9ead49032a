/// Every f a run evaluated, in order, with the f evaluations spent when it was returned
/// (`Options.recordValues`): what Moré & Wild's convergence test needs to find the first
/// evaluation that passed ("Benchmarking derivative-free optimization algorithms", SIAM J.
/// Optim. 20(1), 2009, §2), which a trace — one row per iteration, a whole Powell sweep or a
/// CMA-ES generation — cannot give. One pair per call that computed f: for derivative-free
/// solvers and analytic gradients one per f evaluation (`evaluations` is then 1, 2, 3, …); a
/// gradient by finite differences adds its difference evaluations to the count of the call it
/// belongs to. Recorded by `CountedObjective`, so the same for every solver.
public struct ValueHistory: Sendable, Equatable {
    /// f evaluations spent up to and including each recorded value.
    public var evaluations: [Int] = []
    /// The f values, in the order they were evaluated.
    public var values: [Double] = []

    public init(evaluations: [Int] = [], values: [Double] = []) {
        self.evaluations = evaluations
        self.values = values
    }

    /// Room for `capacity` pairs up front (the run's evaluation limit, when it has one and it is
    /// modest), so recording allocates nothing per evaluation.
    mutating func reserve(_ capacity: Int) {
        evaluations.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
    }

    @inline(__always) mutating func append(evaluations count: Int, value: Double) {
        evaluations.append(count)
        values.append(value)
    }
}
