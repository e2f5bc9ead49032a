import Foundation

/// The arithmetic the Moré–Garbow–Hillstrom residuals are written in, so that one definition
/// serves both values (`Double`) and exact derivatives (`Dual`).
protocol MGHScalar {
    init(_ value: Double)
    var value: Double { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    static func exp(_ a: Self) -> Self
    static func log(_ a: Self) -> Self
    static func sin(_ a: Self) -> Self
    static func cos(_ a: Self) -> Self
    static func atan(_ a: Self) -> Self
    static func sqrt(_ a: Self) -> Self
    /// |a|^p for a real exponent p that is itself a variable (Gulf problem).
    static func absPow(_ a: Self, _ p: Self) -> Self
}

extension MGHScalar {
    static func + (a: Self, b: Double) -> Self { a + Self(b) }
    static func + (a: Double, b: Self) -> Self { Self(a) + b }
    static func - (a: Self, b: Double) -> Self { a - Self(b) }
    static func - (a: Double, b: Self) -> Self { Self(a) - b }
    static func * (a: Self, b: Double) -> Self { a * Self(b) }
    static func * (a: Double, b: Self) -> Self { Self(a) * b }
    static func / (a: Self, b: Double) -> Self { a / Self(b) }
    static func / (a: Double, b: Self) -> Self { Self(a) / b }
    static func square(_ a: Self) -> Self { a * a }
}

extension Double: MGHScalar {
    var value: Double { self }
    static func exp(_ a: Double) -> Double { Foundation.exp(a) }
    static func log(_ a: Double) -> Double { Foundation.log(a) }
    static func sin(_ a: Double) -> Double { Foundation.sin(a) }
    static func cos(_ a: Double) -> Double { Foundation.cos(a) }
    static func atan(_ a: Double) -> Double { Foundation.atan(a) }
    static func sqrt(_ a: Double) -> Double { a.squareRoot() }
    static func absPow(_ a: Double, _ p: Double) -> Double { Foundation.pow(abs(a), p) }
}

/// A dual number v + d·ε (ε² = 0): arithmetic on it carries one directional derivative
/// exactly (forward-mode automatic differentiation).
struct Dual: MGHScalar {
    var value: Double
    var derivative: Double

    init(_ value: Double) { self.init(value, 0) }
    init(_ value: Double, _ derivative: Double) {
        self.value = value
        self.derivative = derivative
    }

    static func + (a: Dual, b: Dual) -> Dual { Dual(a.value + b.value, a.derivative + b.derivative) }
    static func - (a: Dual, b: Dual) -> Dual { Dual(a.value - b.value, a.derivative - b.derivative) }
    static func * (a: Dual, b: Dual) -> Dual { Dual(a.value * b.value, a.derivative * b.value + a.value * b.derivative) }
    static func / (a: Dual, b: Dual) -> Dual {
        Dual(a.value / b.value, (a.derivative * b.value - a.value * b.derivative) / (b.value * b.value))
    }
    static prefix func - (a: Dual) -> Dual { Dual(-a.value, -a.derivative) }
    static func exp(_ a: Dual) -> Dual { let e = Foundation.exp(a.value); return Dual(e, e * a.derivative) }
    static func log(_ a: Dual) -> Dual { Dual(Foundation.log(a.value), a.derivative / a.value) }
    static func sin(_ a: Dual) -> Dual { Dual(Foundation.sin(a.value), Foundation.cos(a.value) * a.derivative) }
    static func cos(_ a: Dual) -> Dual { Dual(Foundation.cos(a.value), -Foundation.sin(a.value) * a.derivative) }
    static func atan(_ a: Dual) -> Dual { Dual(Foundation.atan(a.value), a.derivative / (1 + a.value * a.value)) }
    static func sqrt(_ a: Dual) -> Dual { let r = a.value.squareRoot(); return Dual(r, a.derivative / (2 * r)) }
    /// d|a|^p = |a|^p (p'·ln|a| + p·a'/a).
    static func absPow(_ a: Dual, _ p: Dual) -> Dual {
        let base = abs(a.value), v = Foundation.pow(base, p.value)
        let logPart = base > 0 ? p.derivative * Foundation.log(base) : 0
        let basePart = a.value != 0 ? p.value * a.derivative / a.value : 0
        return Dual(v, v * (logPart + basePart))
    }
}
