import Optim

extension TestProblem {
    /// The same problem on a replica of its objective, for another thread; nil when the
    /// objective cannot be replicated (build it anew) or reports metrics through its own
    /// instance, or has constraints (whose buffers are their own).
    public func replica() -> TestProblem? {
        guard metrics == nil, constraints == nil, let shared = objective as? any ReplicableObjective else { return nil }
        var copy = TestProblem(
            name: name, objective: shared.replica(), start: start, minimizer: minimizer, minimum: minimum,
            variables: variables, gradientSource: gradientSource)
        copy.inputFiles = inputFiles
        copy.bounds = bounds
        return copy
    }
}
