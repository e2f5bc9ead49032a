import Optim

/// Central differences of f: ∂f/∂xᵢ ≈ (f(x + hᵢeᵢ) − f(x − hᵢeᵢ)) / 2hᵢ with
/// hᵢ = ε^{1/3}·max(1, |xᵢ|), the step that balances truncation and rounding error, or
/// hᵢ = ε^{1/3} when `absoluteStep` (for f that oscillates on a scale independent of |xᵢ|).
func centralDifferenceGradient(_ f: any Objective, at x: [Double], absoluteStep: Bool = false) -> [Double] {
    var point = x
    return (0..<x.count).map { i in
        let h = cbrt(Double.ulpOfOne) * (absoluteStep ? 1 : max(1, abs(x[i])))
        point[i] = x[i] + h
        let up = f.value(at: point)
        point[i] = x[i] - h
        let down = f.value(at: point)
        point[i] = x[i]
        return (up - down) / (2 * h)
    }
}

/// max |gᵢ − fdᵢ| / max(1, ‖fd‖∞): the relative error of an analytic gradient.
func gradientError(_ f: any Objective, at x: [Double]) -> Double {
    let analytic = f.evaluate(at: x).gradient
    let numeric = centralDifferenceGradient(f, at: x)
    let scale = max(1, numeric.map(abs).max() ?? 0)
    return zip(analytic, numeric).map { abs($0 - $1) }.max()! / scale
}

import Foundation

/// The Jacobian of a vector function by central differences, column j = (F(x + hⱼeⱼ) − F(x − hⱼeⱼ)) / 2hⱼ
/// with the same hⱼ as `centralDifferenceGradient`; m × n column-major.
func centralDifferenceJacobian(_ f: ([Double]) -> [Double], at x: [Double]) -> [Double] {
    var point = x
    return (0..<x.count).flatMap { j -> [Double] in
        let h = cbrt(Double.ulpOfOne) * max(1, abs(x[j]))
        point[j] = x[j] + h
        let up = f(point)
        point[j] = x[j] - h
        let down = f(point)
        point[j] = x[j]
        return zip(up, down).map { ($0 - $1) / (2 * h) }
    }
}
