/// A type whose configuration is a table of `Parameter`s: solvers, line searches, trust-region
/// subproblems, adaptive rules, the learning-rate step control, the stopping rules. The table
/// is the one declaration of each parameter's name, range and meaning; `validate()`, listings,
/// help, the command line's parsing and the range tests all read it, and defaults are read off
/// a value made by the type's initializer.
public protocol Configurable {
    /// The parameters, in the order people see them.
    static var parameters: [Parameter<Self>] { get }

    /// Checks beyond each parameter's own range: relations between parameters (c1 < c2),
    /// properties not offered as parameters, nested parts (a solver's line search). Nothing by
    /// default.
    func validateRest() throws(InvalidParameter)
}

extension Configurable {
    public func validateRest() throws(InvalidParameter) {}

    /// Checks every parameter against its range (a required one must hold a valid value),
    /// then `validateRest()`. The error names the parameter by its key.
    public func validateParameters() throws(InvalidParameter) {
        for p in Self.parameters {
            if let value = p.value(in: self) { try p.check(value) }
        }
        try validateRest()
    }

    /// Every parameter that holds a value, in the table's order.
    public var parameterValues: [(key: String, value: ParameterValue)] {
        Self.parameters.compactMap { p in p.value(in: self).map { (p.key, $0) } }
    }

    /// The table without its type, defaults read off this value.
    public var parameterInfo: [ParameterInfo] { Self.parameters.map { $0.info(defaults: self) } }

    /// This value with the given parameters set (keys not in the table are ignored).
    public func setting(_ values: [(key: String, value: ParameterValue)]) -> Self {
        var copy = self
        for (key, value) in values {
            Self.parameters.first { $0.key == key }?.set(value, in: &copy)
        }
        return copy
    }
}
