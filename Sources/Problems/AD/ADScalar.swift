import Foundation

/// The arithmetic that objectives written once are evaluated in: `Double` for values, `Dual`
/// for one exact directional derivative (forward mode). The formula evaluator runs its
/// forward and reverse sweeps in it, so the same code gives f and ∇f (`Double`), ∇f·v
/// (forward sweep in `Dual`) and ∇²f·v (both sweeps in `Dual`: forward over reverse). The
/// Moré–Garbow–Hillstrom residuals are written in it too.
public protocol ADScalar {
    init(_ value: Double)
    /// The value part (the number itself for `Double`).
    var value: Double { get }
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    static func exp(_ a: Self) -> Self
    static func expm1(_ a: Self) -> Self
    static func log(_ a: Self) -> Self
    static func log1p(_ a: Self) -> Self
    static func sqrt(_ a: Self) -> Self
    static func sin(_ a: Self) -> Self
    static func cos(_ a: Self) -> Self
    static func tan(_ a: Self) -> Self
    static func asin(_ a: Self) -> Self
    static func acos(_ a: Self) -> Self
    static func atan(_ a: Self) -> Self
    static func sinh(_ a: Self) -> Self
    static func cosh(_ a: Self) -> Self
    static func tanh(_ a: Self) -> Self
    /// aᵏ for an integer k (exact for negative a).
    static func pow(_ a: Self, _ k: Int) -> Self
    /// aᵇ for real a, b (NaN for a < 0 unless b is an integer, as `Foundation.pow`).
    static func pow(_ a: Self, _ b: Self) -> Self
}

extension ADScalar {
    public static func + (a: Self, b: Double) -> Self { a + Self(b) }
    public static func + (a: Double, b: Self) -> Self { Self(a) + b }
    public static func - (a: Self, b: Double) -> Self { a - Self(b) }
    public static func - (a: Double, b: Self) -> Self { Self(a) - b }
    public static func * (a: Self, b: Double) -> Self { a * Self(b) }
    public static func * (a: Double, b: Self) -> Self { Self(a) * b }
    public static func / (a: Self, b: Double) -> Self { a / Self(b) }
    public static func / (a: Double, b: Self) -> Self { Self(a) / b }
    public static func square(_ a: Self) -> Self { a * a }
    /// |a|^p with a real exponent p that may itself be a variable (MGH's Gulf problem).
    public static func absPow(_ a: Self, _ p: Self) -> Self { pow(a.value < 0 ? -a : a, p) }
    /// 1/(1 + e⁻ᵃ), written so that neither branch overflows.
    public static func sigmoid(_ a: Self) -> Self {
        if a.value >= 0 { return 1 / (1 + exp(-a)) }
        let e = exp(a)
        return e / (1 + e)
    }
}

extension Double: ADScalar {
    public var value: Double { self }
    public static func exp(_ a: Double) -> Double { Foundation.exp(a) }
    public static func expm1(_ a: Double) -> Double { Foundation.expm1(a) }
    public static func log(_ a: Double) -> Double { Foundation.log(a) }
    public static func log1p(_ a: Double) -> Double { Foundation.log1p(a) }
    public static func sqrt(_ a: Double) -> Double { a.squareRoot() }
    public static func sin(_ a: Double) -> Double { Foundation.sin(a) }
    public static func cos(_ a: Double) -> Double { Foundation.cos(a) }
    public static func tan(_ a: Double) -> Double { Foundation.tan(a) }
    public static func asin(_ a: Double) -> Double { Foundation.asin(a) }
    public static func acos(_ a: Double) -> Double { Foundation.acos(a) }
    public static func atan(_ a: Double) -> Double { Foundation.atan(a) }
    public static func sinh(_ a: Double) -> Double { Foundation.sinh(a) }
    public static func cosh(_ a: Double) -> Double { Foundation.cosh(a) }
    public static func tanh(_ a: Double) -> Double { Foundation.tanh(a) }
    public static func pow(_ a: Double, _ k: Int) -> Double { integerPower(a, k) }
    public static func pow(_ a: Double, _ b: Double) -> Double { Foundation.pow(a, b) }
}

/// aᵏ by repeated squaring; for k < 0, 1/a^|k|.
func integerPower<T: ADScalar>(_ a: T, _ k: Int) -> T {
    var base = a, result = T(1), e = k.magnitude
    while e > 0 {
        if e & 1 == 1 { result = result * base }
        e >>= 1
        if e > 0 { base = base * base }
    }
    return k < 0 ? T(1) / result : result
}

/// A dual number v + d·ε (ε² = 0): arithmetic on it carries one directional derivative
/// exactly (forward-mode automatic differentiation).
public struct Dual: ADScalar, Sendable {
    public var value: Double
    public var derivative: Double

    public init(_ value: Double) { self.init(value, 0) }
    public init(_ value: Double, _ derivative: Double) {
        self.value = value
        self.derivative = derivative
    }

    public static func + (a: Dual, b: Dual) -> Dual { Dual(a.value + b.value, a.derivative + b.derivative) }
    public static func - (a: Dual, b: Dual) -> Dual { Dual(a.value - b.value, a.derivative - b.derivative) }
    public static func * (a: Dual, b: Dual) -> Dual {
        Dual(a.value * b.value, a.derivative * b.value + a.value * b.derivative)
    }
    public static func / (a: Dual, b: Dual) -> Dual {
        let q = a.value / b.value
        return Dual(q, (a.derivative - q * b.derivative) / b.value)
    }
    public static prefix func - (a: Dual) -> Dual { Dual(-a.value, -a.derivative) }
    /// f(a) with f' given: the chain rule on the ε part.
    @inline(__always) static func chain(_ a: Dual, _ f: Double, _ fPrime: Double) -> Dual {
        Dual(f, fPrime * a.derivative)
    }
    public static func exp(_ a: Dual) -> Dual { let e = Foundation.exp(a.value); return chain(a, e, e) }
    public static func expm1(_ a: Dual) -> Dual { chain(a, Foundation.expm1(a.value), Foundation.exp(a.value)) }
    public static func log(_ a: Dual) -> Dual { chain(a, Foundation.log(a.value), 1 / a.value) }
    public static func log1p(_ a: Dual) -> Dual { chain(a, Foundation.log1p(a.value), 1 / (1 + a.value)) }
    public static func sqrt(_ a: Dual) -> Dual { let r = a.value.squareRoot(); return chain(a, r, 1 / (2 * r)) }
    public static func sin(_ a: Dual) -> Dual { chain(a, Foundation.sin(a.value), Foundation.cos(a.value)) }
    public static func cos(_ a: Dual) -> Dual { chain(a, Foundation.cos(a.value), -Foundation.sin(a.value)) }
    public static func tan(_ a: Dual) -> Dual { let t = Foundation.tan(a.value); return chain(a, t, 1 + t * t) }
    public static func asin(_ a: Dual) -> Dual {
        chain(a, Foundation.asin(a.value), 1 / (1 - a.value * a.value).squareRoot())
    }
    public static func acos(_ a: Dual) -> Dual {
        chain(a, Foundation.acos(a.value), -1 / (1 - a.value * a.value).squareRoot())
    }
    public static func atan(_ a: Dual) -> Dual { chain(a, Foundation.atan(a.value), 1 / (1 + a.value * a.value)) }
    public static func sinh(_ a: Dual) -> Dual { chain(a, Foundation.sinh(a.value), Foundation.cosh(a.value)) }
    public static func cosh(_ a: Dual) -> Dual { chain(a, Foundation.cosh(a.value), Foundation.sinh(a.value)) }
    public static func tanh(_ a: Dual) -> Dual { let t = Foundation.tanh(a.value); return chain(a, t, 1 - t * t) }
    public static func pow(_ a: Dual, _ k: Int) -> Dual {
        chain(a, integerPower(a.value, k), k == 0 ? 0 : Double(k) * integerPower(a.value, k - 1))
    }
    /// d(aᵇ) = aᵇ(b′·ln a + b·a′/a), with the terms that vanish left out (so 0ᵇ and constant
    /// exponents stay finite).
    public static func pow(_ a: Dual, _ b: Dual) -> Dual {
        let v = Foundation.pow(a.value, b.value)
        let viaBase =
            a.derivative == 0 || b.value == 0 ? 0 : b.value * Foundation.pow(a.value, b.value - 1) * a.derivative
        let viaExponent = b.derivative == 0 || v == 0 ? 0 : v * Foundation.log(a.value) * b.derivative
        return Dual(v, viaBase + viaExponent)
    }
}
