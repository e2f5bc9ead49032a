import Foundation
import Optim

/// Moré & Wild's deterministic noise (SIAM J. Optim. 20(1), 2009, §5, eq. 5.2, their
/// `calfun.m`, type `wild3`): f_N(x) = (1 + ε φ(x)) f(x), ε = 10⁻³, with
/// φ(x) = T₃(φ₀(x)), T₃(α) = α(4α² − 3) the cubic Chebyshev polynomial and
/// φ₀(x) = 0.9 sin(100‖x‖₁) cos(100‖x‖∞) + 0.1 cos(‖x‖₂). φ ∈ [−1, 1], so f_N is within a
/// relative 10⁻³ of f, and it oscillates at the scale 10⁻² in x: a deterministic, repeatable
/// stand-in for the noise of a simulation.
///
/// ∇f_N = (1 + εφ)∇f + εf∇φ, with ∇φ = (12φ₀² − 3)∇φ₀ and the norms' derivatives where they
/// have one (sign(xᵢ) for ‖x‖₁, sign(x_k)e_k at the first largest |x_k| for ‖x‖∞, x/‖x‖₂, 0 at 0).
final class MoreWildNoisyObjective: Objective {
    let base: any Objective
    var dimension: Int { base.dimension }
    /// ε, the relative size of the noise.
    static let level = 1e-3

    init(_ base: any Objective) { self.base = base }

    /// φ₀'s three norms of x: ‖x‖₁, ‖x‖∞ (and where it is reached), ‖x‖₂.
    static func norms(_ x: UnsafeBufferPointer<Double>) -> (one: Double, max: Double, argmax: Int, two: Double) {
        var one = 0.0, largest = 0.0, argmax = 0, squares = 0.0
        for (i, v) in x.enumerated() {
            one += abs(v)
            squares += v * v
            if abs(v) > largest { largest = abs(v); argmax = i }
        }
        return (one, largest, argmax, squares.squareRoot())
    }

    /// φ(x) = T₃(φ₀(x)).
    static func phi(_ x: UnsafeBufferPointer<Double>) -> Double {
        let s = norms(x)
        let p = 0.9 * sin(100 * s.one) * cos(100 * s.max) + 0.1 * cos(s.two)
        return p * (4 * p * p - 3)
    }

    func value(at x: UnsafeBufferPointer<Double>) -> Double {
        (1 + Self.level * Self.phi(x)) * base.value(at: x)
    }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        let f = base.valueAndGradient(at: x, gradient: gradient)
        let s = Self.norms(x)
        let a = 100 * s.one, b = 100 * s.max
        let p = 0.9 * sin(a) * cos(b) + 0.1 * cos(s.two)
        let phi = p * (4 * p * p - 3), dPhi = 12 * p * p - 3
        let dOne = 90 * cos(a) * cos(b), dMax = -90 * sin(a) * sin(b), dTwo = s.two > 0 ? -0.1 * sin(s.two) / s.two : 0
        let scale = 1 + Self.level * phi, weight = Self.level * f * dPhi
        for i in 0..<x.count {
            let sign: Double = x[i] > 0 ? 1 : (x[i] < 0 ? -1 : 0)
            var dp = dOne * sign + dTwo * x[i]
            if i == s.argmax { dp += dMax * sign }
            gradient[i] = scale * gradient[i] + weight * dp
        }
        return scale * f
    }
}
