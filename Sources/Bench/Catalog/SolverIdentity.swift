import Optim

/// A solver as results name it in every format: its short name and every option's value
/// (defaults included), its line search likewise, and the prose summary of the method
/// ("L-BFGS (m = 10) + Moré–Thuente") as a separate field.
public struct SolverIdentity: Sendable {
    public let name: String
    public let options: [(key: String, value: ParameterValue)]
    public let lineSearch: String?
    public let lineSearchOptions: [(key: String, value: ParameterValue)]
    public let method: String

    /// A configured solver, read through its table (every value, defaults included, but a
    /// default that only says what it means, such as a schedule that follows from the decay).
    init(descriptor: SolverDescriptor, solver: any ConfigurableSolver,
         lineSearch: (descriptor: LineSearchDescriptor, search: any ConfigurableLineSearch)?, given: Set<String> = []) {
        name = descriptor.name
        options = Self.stated(solver, descriptor.parameters, given: given)
        self.lineSearch = lineSearch?.descriptor.name
        lineSearchOptions = lineSearch.map { Self.stated($0.search, $0.descriptor.parameters, given: given) } ?? []
        method = solver.summary
    }

    /// A mini-batch run: its options are the method's training parameters (`lr`, `momentum`)
    /// and the schedule's (`epochs`, `batch-size`, `dropout-keep` when given).
    public init(_ choice: MiniBatchChoice, schedule: TrainingSchedule, given: Set<String>, method: String) {
        name = choice.descriptor.name
        options = Self.stated(choice.method, choice.descriptor.miniBatch?.parameters ?? [], given: given)
            + schedule.parameterValues
        lineSearch = nil
        lineSearchOptions = []
        self.method = method
    }

    /// The values of `configured` in its table's order; unset optional parameters, and defaults
    /// that are notes rather than values when not given, are left out.
    private static func stated(_ configured: any Configurable, _ parameters: [ParameterInfo],
                               given: Set<String>) -> [(key: String, value: ParameterValue)] {
        configured.parameterValues.filter { entry in
            given.contains(entry.key) || parameters.first { $0.key == entry.key }?.defaultIsNote != true
        }
    }
}
