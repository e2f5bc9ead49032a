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

    public init(_ choice: SolverChoice) {
        name = choice.descriptor.name
        options = Self.ordered(choice.values, choice.descriptor.parameters)
        lineSearch = choice.lineSearch?.descriptor.name
        lineSearchOptions = choice.lineSearch.map { Self.ordered($0.values, $0.descriptor.parameters) } ?? []
        method = choice.makeSolver().summary
    }

    /// A mini-batch run: its options are the solver's training parameters (`lr`, `momentum`)
    /// and the schedule's (`epochs`, `batch-size`, `decay`, `decay-every`, `dropout-keep` when given).
    public init(_ choice: MiniBatchChoice, schedule: ParameterValues, method: String) {
        name = choice.descriptor.name
        options = Self.ordered(choice.values, choice.use.parameters) + Self.ordered(schedule, TrainingParameters.parameters)
        lineSearch = nil
        lineSearchOptions = []
        self.method = method
    }

    /// The values in the descriptor's order; parameters without a value (optional ones not
    /// given) are left out.
    private static func ordered(_ values: ParameterValues, _ parameters: [Parameter]) -> [(key: String, value: ParameterValue)] {
        parameters.compactMap { p in values.values[p.key].map { (p.key, $0) } }
    }

    /// `"solver"`, `"options"`, `"line_search"`, `"line_search_options"`, `"method"` as JSON members.
    public var jsonMembers: [(String, String)] {
        typealias W = JSONWriter
        func object(_ options: [(key: String, value: ParameterValue)]) -> String {
            W.object(options.map { ($0.key, $0.value.json) })
        }
        return [("solver", W.string(name)), ("options", object(options)), ("line_search", lineSearch.map(W.string) ?? "null"),
                ("line_search_options", lineSearch == nil ? "null" : object(lineSearchOptions)), ("method", W.string(method))]
    }
}
