import Optim
import Foundation

/// A value a parameter took.
public enum ParameterValue: Sendable, Equatable, CustomStringConvertible {
    case integer(Int)
    case real(Double)
    case choice(String)
    case flag(Bool)

    /// As a person would type it: integers without a fraction, numbers in their shortest form.
    public var description: String {
        switch self {
        case .integer(let v): String(v)
        case .real(let v): NumberRange.format(v)
        case .choice(let v): v
        case .flag(let v): v ? "on" : "off"
        }
    }
}

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

/// An interval of accepted numbers; each end may be open or closed, or infinite.
public struct NumberRange: Sendable, Equatable {
    public var lower: Double
    public var lowerClosed: Bool
    public var upper: Double
    public var upperClosed: Bool

    public init(lower: Double, lowerClosed: Bool, upper: Double = .infinity, upperClosed: Bool = false) {
        self.lower = lower
        self.lowerClosed = lowerClosed
        self.upper = upper
        self.upperClosed = upperClosed
    }

    /// (a, b).
    public static func open(_ a: Double, _ b: Double) -> NumberRange { NumberRange(lower: a, lowerClosed: false, upper: b, upperClosed: false) }
    /// (a, ∞).
    public static func above(_ a: Double) -> NumberRange { NumberRange(lower: a, lowerClosed: false) }
    /// [a, ∞).
    public static func atLeast(_ a: Double) -> NumberRange { NumberRange(lower: a, lowerClosed: true) }

    public func contains(_ v: Double) -> Bool {
        guard v.isFinite else { return false }
        return (lowerClosed ? v >= lower : v > lower) && (upperClosed ? v <= upper : v < upper)
    }

    /// "a number > 0", "a number ≥ 0", "a number in (0, 0.5)", "a number in [0, 1)".
    public var expected: String {
        if upper == .infinity { return "a number \(lowerClosed ? "≥" : ">") \(Self.format(lower))" }
        return "a number in \(lowerClosed ? "[" : "(")\(Self.format(lower)), \(Self.format(upper))\(upperClosed ? "]" : ")")"
    }

    /// Integers without a fraction, other numbers in their shortest round-trip form.
    /// One style for every number people read in `list`, help and messages: integers as
    /// integers, magnitudes below 10⁻³ or from 10⁶ in exponent form without padding
    /// (`1e-4`, `7.08765e-5`, `2e6`), others as decimals (`0.9`, `85822.2`).
    public static func format(_ v: Double) -> String { NumberStyle.format(v) }
}

/// What values a parameter accepts.
public enum ParameterKind: Sendable {
    /// Whole numbers in a range (`Int.max` as the upper end: unbounded).
    case integer(ClosedRange<Int>)
    case real(NumberRange)
    /// One of these words.
    case choice([String])
    /// A switch: present means on; it takes no value.
    case flag

    /// The accepted values, for messages and listings.
    public var expected: String {
        switch self {
        case .integer(let r): r.upperBound == Int.max ? "an integer ≥ \(r.lowerBound)" : "an integer in [\(r.lowerBound), \(r.upperBound)]"
        case .real(let r): r.expected
        case .choice(let words): "one of: \(words.joined(separator: ", "))"
        case .flag: "no value (a switch)"
        }
    }

    /// Whether it is a switch (takes no value).
    public var isSwitch: Bool {
        if case .flag = self { return true }
        return false
    }

    /// The words of a choice between the cases of `type`.
    public static func choice<E: RawRepresentable & CaseIterable>(of type: E.Type) -> ParameterKind where E.RawValue == String {
        .choice(type.allCases.map(\.rawValue))
    }

    /// Parses one given value; nil when it is not acceptable.
    func parse(_ text: String?) -> ParameterValue? {
        switch self {
        case .flag:
            return text == nil ? .flag(true) : nil
        case .integer(let range):
            guard let text, let v = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(v) else { return nil }
            return .integer(v)
        case .real(let range):
            guard let text, let v = Double(text.trimmingCharacters(in: .whitespaces)), range.contains(v) else { return nil }
            return .real(v)
        case .choice(let words):
            guard let word = text?.trimmingCharacters(in: .whitespaces), words.contains(word) else { return nil }
            return .choice(word)
        }
    }
}

/// What a parameter is when it is not given.
public enum ParameterDefault: Sendable {
    case value(ParameterValue)
    /// It must be given (a fixed-step method's learning rate).
    case required
    /// Unset means something the method decides; the text says what ("n", "none").
    case unset(String)
}

/// One typed, documented parameter of a solver, a line search, the stopping rules or
/// mini-batch training. Its `key` is how people name it: `--key` on the command line,
/// `key=value` after a solver in `compare --solvers`.
public struct Parameter: Sendable {
    public let key: String
    /// The library's name for it, as `InvalidParameter.name` reports it.
    public let field: String
    public let summary: String
    public let kind: ParameterKind
    public let defaultValue: ParameterDefault
    /// What is expected of it relative to other parameters ("c1 ≤ c2 < 1"), said when the
    /// library refuses a combination; nil: the library's own wording.
    public let relation: String?
    /// It tunes the trial step a line search starts from, so it is moot (and refused) with a
    /// line search that picks α itself.
    public let shapesTrialStep: Bool
    /// A capability the objective must have for the parameter to mean anything (LM's xtol,
    /// gtol, factor and scale need the Jacobian): given for an objective without it, it is
    /// refused rather than silently ignored. Nil: it always applies.
    public let onlyWith: ObjectiveCapability?

    public init(_ key: String, field: String? = nil, _ summary: String, _ kind: ParameterKind, default defaultValue: ParameterDefault,
                relation: String? = nil, shapesTrialStep: Bool = false, onlyWith: ObjectiveCapability? = nil) {
        self.key = key
        self.field = field ?? key
        self.summary = summary
        self.kind = kind
        self.defaultValue = defaultValue
        self.relation = relation
        self.shapesTrialStep = shapesTrialStep
        self.onlyWith = onlyWith
    }

    /// The default as text ("10", "required", "n").
    public var defaultText: String {
        switch defaultValue {
        case .value(let v): v.description
        case .required: "required"
        case .unset(let meaning): meaning
        }
    }
}

/// The values of one group of parameters (a solver's, a line search's, …), every parameter
/// with a default filled in. Built only after each value was parsed against its parameter,
/// so the typed accessors cannot fail for a declared key.
public struct ParameterValues: Sendable {
    public private(set) var values: [String: ParameterValue]
    /// The keys given explicitly (the others hold their defaults).
    public private(set) var given: Set<String>

    init(values: [String: ParameterValue], given: Set<String>) {
        self.values = values
        self.given = given
    }

    public func has(_ key: String) -> Bool { values[key] != nil }

    /// These values with `key` set to `value` (for tests and callers that adjust one value).
    func setting(_ key: String, _ value: ParameterValue) -> ParameterValues {
        var copy = self
        copy.values[key] = value
        copy.given.insert(key)
        return copy
    }

    public func integer(_ key: String) -> Int {
        guard case .integer(let v)? = values[key] else { preconditionFailure("parameter '\(key)' is not a set integer") }
        return v
    }

    /// A real parameter; integers given to a real parameter never occur (parsing is by kind).
    public func real(_ key: String) -> Double {
        guard case .real(let v)? = values[key] else { preconditionFailure("parameter '\(key)' is not a set number") }
        return v
    }

    public func optionalReal(_ key: String) -> Double? { has(key) ? real(key) : nil }
    public func optionalInteger(_ key: String) -> Int? { has(key) ? integer(key) : nil }

    public func flag(_ key: String) -> Bool {
        guard case .flag(let v)? = values[key] else { return false }
        return v
    }

    /// The case of `type` a choice parameter names.
    public func choice<E: RawRepresentable>(_ key: String, as type: E.Type) -> E where E.RawValue == String {
        guard case .choice(let word)? = values[key], let value = E(rawValue: word) else {
            preconditionFailure("parameter '\(key)' is not a choice of \(E.self)")
        }
        return value
    }
}
