import Foundation
import Problems

/// The residual code the eight O(n) Moré–Garbow–Hillstrom problems had before they became
/// formulas (`MGHFormula`), kept as the independent reference their formulas are tested
/// against: values, and gradients by forward-mode dual numbers (one pass per variable).
enum MGHReference: CaseIterable {
    case extendedRosenbrock, extendedPowellSingular, penalty1, variablyDimensioned, trigonometric,
         discreteBoundaryValue, broydenTridiagonal, broydenBanded

    var slug: String {
        switch self {
        case .extendedRosenbrock: "extended-rosenbrock"
        case .extendedPowellSingular: "extended-powell-singular"
        case .penalty1: "penalty-1"
        case .variablyDimensioned: "variably-dimensioned"
        case .trigonometric: "trigonometric"
        case .discreteBoundaryValue: "discrete-boundary-value"
        case .broydenTridiagonal: "broyden-tridiagonal"
        case .broydenBanded: "broyden-banded"
        }
    }

    func residuals<T: ADScalar>(_ x: [T]) -> [T] {
        let n = x.count
        switch self {
        case .extendedRosenbrock:
            return (0..<n).map { i -> T in
                if i % 2 == 0 {
                    let d: T = x[i + 1] - x[i] * x[i]
                    return 10 * d
                }
                return 1 - x[i - 1]
            }
        case .extendedPowellSingular:
            return stride(from: 0, to: n, by: 4).flatMap { (k: Int) -> [T] in
                powellBlock(x[k], x[k + 1], x[k + 2], x[k + 3])
            }
        case .penalty1:
            let a = 1e-5.squareRoot()
            var sum = T(0)
            for j in 0..<n { sum = sum + x[j] * x[j] }
            return (0..<n).map { a * (x[$0] - 1) } + [sum - 0.25]
        case .variablyDimensioned:
            var s = T(0)
            for j in 0..<n { s = s + Double(j + 1) * (x[j] - 1) }
            return (0..<n).map { x[$0] - 1 } + [s, s * s]
        case .trigonometric:
            var cosines = T(0)
            for j in 0..<n { cosines = cosines + T.cos(x[j]) }
            return (0..<n).map { i in Double(n) - cosines + Double(i + 1) * (1 - T.cos(x[i])) - T.sin(x[i]) }
        case .discreteBoundaryValue:
            let h = 1 / Double(n + 1)
            return (0..<n).map { i in
                let t = Double(i + 1) * h
                let left = i > 0 ? x[i - 1] : T(0), right = i < n - 1 ? x[i + 1] : T(0)
                let c = x[i] + t + 1
                return 2 * x[i] - left - right + h * h * c * c * c / 2
            }
        case .broydenTridiagonal:
            return (0..<n).map { i in
                let left = i > 0 ? x[i - 1] : T(0), right = i < n - 1 ? x[i + 1] : T(0)
                return (3 - 2 * x[i]) * x[i] - left - 2 * right + 1
            }
        case .broydenBanded:
            return (0..<n).map { i in
                var sum = T(0)
                for j in max(0, i - 5)...min(n - 1, i + 1) where j != i { sum = sum + x[j] * (1 + x[j]) }
                return x[i] * (2 + 5 * x[i] * x[i]) + 1 - sum
            }
        }
    }

    /// Powell's singular block: x₁ + 10x₂, √5(x₃ − x₄), (x₂ − 2x₃)², √10(x₁ − x₄)².
    private func powellBlock<T: ADScalar>(_ a: T, _ b: T, _ c: T, _ d: T) -> [T] {
        [a + 10 * b, 5.0.squareRoot() * (c - d), T.square(b - 2 * c), 10.0.squareRoot() * T.square(a - d)]
    }

    func value(_ x: [Double]) -> Double { residuals(x).reduce(0) { $0 + $1 * $1 } }

    /// ∇f = 2Jᵀr with J's columns from n dual-number passes.
    func gradient(_ x: [Double]) -> [Double] {
        let r = residuals(x)
        return (0..<x.count).map { j in
            let column = residuals(x.enumerated().map { Dual($0.element, $0.offset == j ? 1 : 0) })
            return 2 * zip(r, column).reduce(0) { $0 + $1.0 * $1.1.derivative }
        }
    }
}
