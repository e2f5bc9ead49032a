import Optim

extension ParameterValue {
    /// The value as JSON: a number, a string (a choice) or a boolean (a switch).
    public var json: String {
        switch self {
        case .integer(let v): String(v)
        case .real(let v): JSONWriter.number(v)
        case .choice(let v): JSONWriter.string(v)
        case .flag(let v): v ? "true" : "false"
        }
    }
}
