/// The pseudo-gradient ◇F of F(x) = f(x) + λ‖x‖₁ (Andrew & Gao, ICML 2007, §3.1): the
/// minimum-norm element of the subdifferential ∂F(x), so ‖◇F‖∞ = 0 exactly at a minimizer
/// of a convex F and it is OWL-QN's optimality measure. Coordinate by coordinate, with g = ∇f:
///
///     ◇ᵢF = gᵢ + λ·sign(xᵢ)   if xᵢ ≠ 0
///         = gᵢ + λ            if xᵢ = 0 and gᵢ + λ < 0
///         = gᵢ − λ            if xᵢ = 0 and gᵢ − λ > 0
///         = 0                 otherwise (|gᵢ| ≤ λ: 0 ∈ ∂ᵢF).
package enum PseudoGradient {
    /// ◇ᵢF from xᵢ, gᵢ = ∂f/∂xᵢ and λ.
    @inline(__always) static func component(x: Double, gradient g: Double, lambda: Double) -> Double {
        if x > 0 { return g + lambda }
        if x < 0 { return g - lambda }
        if g + lambda < 0 { return g + lambda }
        if g - lambda > 0 { return g - lambda }
        return 0
    }

    /// out ← ◇F(x) for ∇f(x) = `gradient`.
    package static func compute(x: Vector, gradient: Vector, lambda: Double, into out: Vector) {
        let xp = x.pointer, gp = gradient.pointer, o = out.pointer
        for i in 0..<x.count { o[i] = component(x: xp[i], gradient: gp[i], lambda: lambda) }
    }

    /// ‖◇F(x)‖∞, without storing ◇F.
    package static func maxAbs(x: Vector, gradient: Vector, lambda: Double) -> Double {
        let xp = x.pointer, gp = gradient.pointer
        var largest = 0.0
        for i in 0..<x.count {
            let c = abs(component(x: xp[i], gradient: gp[i], lambda: lambda))
            if !(c <= largest) { largest = c }   // NaN propagates
        }
        return largest
    }

    /// ‖x‖₁.
    package static func norm1(_ x: Vector) -> Double {
        let p = x.pointer
        var sum = 0.0
        for i in 0..<x.count { sum += abs(p[i]) }
        return sum
    }

    /// The number of coordinates that are exactly 0.0 (either sign).
    package static func zeroCount(_ x: Vector) -> Int {
        let p = x.pointer
        var zeros = 0
        for i in 0..<x.count where p[i] == 0 { zeros += 1 }
        return zeros
    }
}
