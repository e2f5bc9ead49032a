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
        case .real(let v): NumberStyle.format(v)
        case .choice(let v): v
        case .flag(let v): v ? "on" : "off"
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
    public static func open(_ a: Double, _ b: Double) -> NumberRange {
        NumberRange(lower: a, lowerClosed: false, upper: b, upperClosed: false)
    }
    /// [a, b).
    public static func halfOpen(_ a: Double, _ b: Double) -> NumberRange {
        NumberRange(lower: a, lowerClosed: true, upper: b, upperClosed: false)
    }
    /// (a, b].
    public static func leftOpen(_ a: Double, _ b: Double) -> NumberRange {
        NumberRange(lower: a, lowerClosed: false, upper: b, upperClosed: true)
    }
    /// (a, ∞).
    public static func above(_ a: Double) -> NumberRange { NumberRange(lower: a, lowerClosed: false) }
    /// [a, ∞).
    public static func atLeast(_ a: Double) -> NumberRange { NumberRange(lower: a, lowerClosed: true) }

    /// Whether `v` is finite and inside.
    public func contains(_ v: Double) -> Bool {
        guard v.isFinite else { return false }
        return (lowerClosed ? v >= lower : v > lower) && (upperClosed ? v <= upper : v < upper)
    }

    /// "a number > 0", "a number ≥ 0", "a number in (0, 0.5)", "a number in [0, 1)".
    public var expected: String {
        if upper == .infinity { return "a number \(lowerClosed ? "≥" : ">") \(NumberStyle.format(lower))" }
        let left = lowerClosed ? "[" : "(", right = upperClosed ? "]" : ")"
        return "a number in \(left)\(NumberStyle.format(lower)), \(NumberStyle.format(upper))\(right)"
    }
}

/// What values a parameter accepts.
public enum ParameterKind: Sendable, Equatable {
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
        case .integer(let r):
            r.upperBound == Int.max
                ? "an integer ≥ \(r.lowerBound)" : "an integer in [\(r.lowerBound), \(r.upperBound)]"
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

    /// Whether `value` is of this kind and inside its range.
    public func accepts(_ value: ParameterValue) -> Bool {
        switch (self, value) {
        case (.integer(let range), .integer(let v)): range.contains(v)
        case (.real(let range), .real(let v)): range.contains(v)
        case (.choice(let words), .choice(let v)): words.contains(v)
        case (.flag, .flag): true
        default: false
        }
    }

    /// Parses one value as people give it (nil for a bare switch); nil when not acceptable.
    public func parse(_ text: String?) -> ParameterValue? {
        if case .flag = self { return text == nil ? .flag(true) : nil }
        guard let trimmed = text?.trimmingCharacters(in: .whitespaces) else { return nil }
        let value: ParameterValue? = switch self {
        case .integer: Int(trimmed).map(ParameterValue.integer)
        case .real: Double(trimmed).map(ParameterValue.real)
        case .choice: .choice(trimmed)
        case .flag: nil
        }
        guard let value, accepts(value) else { return nil }
        return value
    }
}
