import Optim

/// The least-squares side of the Moré–Garbow–Hillstrom problems: every one is f = Σ rᵢ², so
/// each exposes its residuals and their Jacobian (`LeastSquaresObjective`), for Gauss–Newton
/// and Levenberg–Marquardt. The Jacobian is exact: n forward passes of dual numbers through the
/// residual code, column j seeded with eⱼ.

/// J(x) column-major (m × n) by forward-mode differentiation of `residuals`.
func forwardModeJacobian(
    at x: UnsafeBufferPointer<Double>, residualCount m: Int, into jacobian: UnsafeMutableBufferPointer<Double>,
    residuals: ([Dual]) -> [Dual]
) {
    var point = x.map { Dual($0) }
    for j in 0..<x.count {
        point[j].derivative = 1
        let column = residuals(point)
        for i in 0..<m { jacobian[i + j * m] = column[i].derivative }
        point[j].derivative = 0
    }
}

extension MGHObjective: LeastSquaresObjective {
    public func residuals(at x: UnsafeBufferPointer<Double>, into residuals: UnsafeMutableBufferPointer<Double>) {
        _ = residuals.update(fromContentsOf: function.residuals(Array(x), m: residualCount))
    }

    public func jacobian(at x: UnsafeBufferPointer<Double>, into jacobian: UnsafeMutableBufferPointer<Double>) {
        forwardModeJacobian(at: x, residualCount: residualCount, into: jacobian) {
            function.residuals($0, m: residualCount)
        }
    }
}

/// An MGH formula problem: f, ∇f and ∇²f·v from the formula (vectorized, n up to 10⁶), the
/// residuals and Jacobian from `MGHFormula.residuals`, the same functions written as code.
final class MGHFormulaObjective: FormulaObjective, LeastSquaresObjective {
    let formula: MGHFormula
    let residualCount: Int

    init(_ formula: MGHFormula, dimension n: Int) throws(FormulaError) {
        self.formula = formula
        residualCount = formula.residualCount(n: n)
        let (text, parameters) = formula.text(n: n)
        let program = try FormulaCompiler.compile(
            try FormulaParser.parse(text),
            scope: FormulaScope(variables: .vector(name: "x", dimension: n), parameters: parameters))
        super.init(program: program)
    }

    func residuals(at x: UnsafeBufferPointer<Double>, into residuals: UnsafeMutableBufferPointer<Double>) {
        _ = residuals.update(fromContentsOf: formula.residuals(Array(x)))
    }

    func jacobian(at x: UnsafeBufferPointer<Double>, into jacobian: UnsafeMutableBufferPointer<Double>) {
        forwardModeJacobian(at: x, residualCount: residualCount, into: jacobian) { formula.residuals($0) }
    }
}

extension MGHFormula {
    /// m for dimension n.
    func residualCount(n: Int) -> Int {
        switch self {
        case .penalty1: n + 1
        case .variablyDimensioned: n + 2
        default: n
        }
    }

    /// The residuals whose squares the formula sums (paper's definitions; x₀ = xₙ₊₁ = 0 where
    /// a neighbour falls outside 1…n).
    func residuals<T: ADScalar>(_ x: [T]) -> [T] {
        let n = x.count
        let neighbour = { (i: Int) -> T in i >= 0 && i < n ? x[i] : T(0) }
        switch self {
        case .extendedRosenbrock:
            return (0..<n).map { (i: Int) -> T in
                if i % 2 == 1 { return 1 - x[i - 1] }
                let gap: T = x[i + 1] - x[i] * x[i]
                return 10 * gap
            }
        case .extendedPowellSingular:
            return stride(from: 0, to: n, by: 4).flatMap { (j: Int) -> [T] in
                MGHFunction.powellBlock(x[j], x[j + 1], x[j + 2], x[j + 3])
            }
        case .penalty1:
            var sum = T(0)
            for j in 0..<n { sum = sum + x[j] * x[j] }
            let a = 1e-5.squareRoot()
            return x.map { (xi: T) -> T in a * (xi - 1) } + [sum - 0.25]
        case .variablyDimensioned:
            var sum = T(0)
            for j in 0..<n { sum = sum + Double(j + 1) * (x[j] - 1) }
            return x.map { (xi: T) -> T in xi - 1 } + [sum, sum * sum]
        case .trigonometric:
            var cosines = T(0)
            for j in 0..<n { cosines = cosines + T.cos(x[j]) }
            return (0..<n).map { (i: Int) -> T in
                let own: T = Double(i + 1) * (1 - T.cos(x[i])) - T.sin(x[i])
                return Double(n) - cosines + own
            }
        case .discreteBoundaryValue:
            let h = 1 / Double(n + 1)
            return (0..<n).map { (i: Int) -> T in
                let c: T = x[i] + (Double(i + 1) * h + 1)
                let cube: T = c * c * c
                let difference: T = 2 * x[i] - neighbour(i - 1) - neighbour(i + 1)
                return difference + (h * h / 2) * cube
            }
        case .broydenTridiagonal:
            return (0..<n).map { (i: Int) -> T in
                let own: T = (3 - 2 * x[i]) * x[i]
                return own - neighbour(i - 1) - 2 * neighbour(i + 1) + 1
            }
        case .broydenBanded:
            return (0..<n).map { (i: Int) -> T in
                var sum = T(0)
                for j in max(0, i - 5)...min(n - 1, i + 1) where j != i { sum = sum + x[j] * (1 + x[j]) }
                let own: T = x[i] * (2 + 5 * x[i] * x[i])
                return own + 1 - sum
            }
        }
    }
}
