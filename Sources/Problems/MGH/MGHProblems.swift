import Foundation
import Optim

/// What the paper says about each problem: its name on the command line, sizes, standard
/// starting point x₀ (runs may start at 10x₀ or 100x₀), the optimal value f* it reports and,
/// where it gives one, a minimizer x*.
/// Immutable, and its closures are pure functions of their arguments: safe to share.
struct MGHInfo: @unchecked Sendable {
    /// How f is defined: residual code (`MGHFunction`) or a formula (`MGHFormula`).
    enum Definition {
        case residuals(MGHFunction)
        case formula(MGHFormula)

        /// The problem's number in the paper.
        var number: Int {
            switch self {
            case .residuals(let f): f.rawValue
            case .formula(let f): f.rawValue
            }
        }
    }

    let definition: Definition
    let slug: String
    let title: String
    /// Default n, and the accepted n (nil: fixed).
    let n: Int
    let variableN: (range: ClosedRange<Int>, rule: String, valid: (Int) -> Bool)?
    /// m as a function of n, or a default for problems where m is a parameter (m ≥ `minimumM(n)`).
    let m: (Int) -> Int
    let mParameter: (minimum: (Int) -> Int, maximum: Int)?
    let start: (Int) -> [Double]
    let minimum: (Int, Int) -> Double?
    let minimizer: (Int, Int) -> [Double]?
    /// Which minimum f* is, where the paper lists several.
    let note: String?
}

extension MGHInfo {
    private static func fixed(
        _ f: MGHFunction, _ slug: String, _ title: String, n: Int, m: Int, start: [Double], fStar: Double?,
        xStar: [Double]? = nil, note: String? = nil
    ) -> MGHInfo {
        MGHInfo(
            definition: .residuals(f), slug: slug, title: title, n: n, variableN: nil, m: { _ in m }, mParameter: nil,
            start: { _ in start }, minimum: { _, _ in fStar }, minimizer: { _, _ in xStar }, note: note)
    }

    /// Variable n given by residual code: capped at 10⁴ (10³ where each residual costs O(n)),
    /// since the tape of the reverse sweep holds every operation of f.
    private static func variable(
        _ f: MGHFunction, _ slug: String, _ title: String, n: Int, range: ClosedRange<Int> = 1...10_000,
        m: @escaping (Int) -> Int = { $0 }, start: @escaping (Int) -> [Double], fStar: @escaping (Int, Int) -> Double?,
        xStar: @escaping (Int, Int) -> [Double]? = { _, _ in nil }, note: String? = nil
    ) -> MGHInfo {
        MGHInfo(
            definition: .residuals(f), slug: slug, title: title, n: n, variableN: (range, "", { _ in true }), m: m,
            mParameter: nil,
            start: start, minimum: fStar, minimizer: xStar, note: note)
    }

    /// Variable n given by a formula: O(n) work per evaluation, n up to 10⁶.
    private static func formula(
        _ f: MGHFormula, _ slug: String, _ title: String, n: Int, range: ClosedRange<Int> = 1...1_000_000,
        rule: String = "", valid: @escaping (Int) -> Bool = { _ in true }, m: @escaping (Int) -> Int = { $0 },
        start: @escaping (Int) -> [Double], fStar: @escaping (Int, Int) -> Double?,
        xStar: @escaping (Int, Int) -> [Double]? = { _, _ in nil }, note: String? = nil
    ) -> MGHInfo {
        MGHInfo(
            definition: .formula(f), slug: slug, title: title, n: n, variableN: (range, rule, valid), m: m,
            mParameter: nil,
            start: start, minimum: fStar, minimizer: xStar, note: note)
    }

    /// A problem with fixed n whose number of residuals m is a parameter (default `m`).
    private static func withM(
        _ f: MGHFunction, _ slug: String, _ title: String, n: Int, m: Int, minimumM: Int, maximumM: Int = 100_000,
        start: [Double], fStar: @escaping (Int) -> Double?, xStar: [Double]? = nil, note: String? = nil
    ) -> MGHInfo {
        MGHInfo(
            definition: .residuals(f), slug: slug, title: title, n: n, variableN: nil, m: { _ in m },
            mParameter: ({ _ in minimumM }, maximumM),
            start: { _ in start }, minimum: { _, m in fStar(m) }, minimizer: { _, _ in xStar }, note: note)
    }

    static let all: [MGHInfo] = [
        fixed(.rosenbrock, "rosenbrock", "Rosenbrock", n: 2, m: 2, start: [-1.2, 1], fStar: 0, xStar: [1, 1]),
        fixed(
            .freudensteinRoth, "freudenstein-roth", "Freudenstein and Roth", n: 2, m: 2, start: [0.5, -2], fStar: 0,
            xStar: [5, 4],
            note: "also a local minimum f = 48.9842 near (11.41, −0.8968)"),
        fixed(
            .powellBadlyScaled, "powell-badly-scaled", "Powell badly scaled", n: 2, m: 2, start: [0, 1], fStar: 0,
            note: "at (1.098…e−5, 9.106…)"),
        fixed(
            .brownBadlyScaled, "brown-badly-scaled", "Brown badly scaled", n: 2, m: 3, start: [1, 1], fStar: 0,
            xStar: [1e6, 2e-6]),
        fixed(.beale, "beale", "Beale", n: 2, m: 3, start: [1, 1], fStar: 0, xStar: [3, 0.5]),
        withM(
            .jennrichSampson, "jennrich-sampson", "Jennrich and Sampson", n: 2, m: 10, minimumM: 2, start: [0.3, 0.4],
            fStar: { $0 == 10 ? 124.362 : nil }, note: "f* for m = 10, at x₁ = x₂ = 0.2578"),
        fixed(
            .helicalValley, "helical-valley", "Helical valley", n: 3, m: 3, start: [-1, 0, 0], fStar: 0,
            xStar: [1, 0, 0]),
        fixed(
            .bard, "bard", "Bard", n: 3, m: 15, start: [1, 1, 1], fStar: 8.21487e-3,
            note: "also f = 17.4286 at (0.8406, −∞, −∞)"),
        fixed(.gaussian, "gaussian", "Gaussian", n: 3, m: 15, start: [0.4, 1, 0], fStar: 1.12793e-8),
        fixed(.meyer, "meyer", "Meyer", n: 3, m: 16, start: [0.02, 4000, 250], fStar: 87.9458),
        withM(
            .gulf, "gulf", "Gulf research and development", n: 3, m: 99, minimumM: 3, maximumM: 100,
            start: [5, 2.5, 0.15],
            fStar: { _ in 0 }, xStar: [50, 25, 1.5]),
        withM(
            .box3D, "box-3d", "Box three-dimensional", n: 3, m: 10, minimumM: 3, start: [0, 10, 20], fStar: { _ in 0 },
            xStar: [1, 10, 1],
            note: "also 0 at (10, 1, −1) and wherever x₁ = x₂, x₃ = 0"),
        fixed(
            .powellSingular, "powell-singular", "Powell singular", n: 4, m: 4, start: [3, -1, 0, 1], fStar: 0,
            xStar: [0, 0, 0, 0]),
        fixed(.wood, "wood", "Wood", n: 4, m: 6, start: [-3, -1, -3, -1], fStar: 0, xStar: [1, 1, 1, 1]),
        fixed(
            .kowalikOsborne, "kowalik-osborne", "Kowalik and Osborne", n: 4, m: 11, start: [0.25, 0.39, 0.415, 0.39],
            fStar: 3.07505e-4,
            note: "also f = 1.02734e−3 at (+∞, −14.07, −∞, −∞)"),
        withM(
            .brownDennis, "brown-dennis", "Brown and Dennis", n: 4, m: 20, minimumM: 4, start: [25, 5, -5, -1],
            fStar: { $0 == 20 ? 85822.2 : nil }, note: "f* for m = 20"),
        fixed(.osborne1, "osborne-1", "Osborne 1", n: 5, m: 33, start: [0.5, 1.5, -1, 0.01, 0.02], fStar: 5.46489e-5),
        withM(
            .biggsEXP6, "biggs-exp6", "Biggs EXP6", n: 6, m: 13, minimumM: 6, start: [1, 2, 1, 1, 1, 1],
            fStar: { _ in 0 },
            xStar: [1, 10, 1, 5, 4, 3], note: "also a local minimum f = 5.65565e−3 for m = 13"),
        fixed(
            .osborne2, "osborne-2", "Osborne 2", n: 11, m: 65,
            start: [1.3, 0.65, 0.65, 0.7, 0.6, 3, 5, 7, 2, 4.5, 5.5], fStar: 4.01377e-2),
        variable(
            .watson, "watson", "Watson", n: 6, range: 2...31, m: { _ in 31 }, start: { Array(repeating: 0, count: $0) },
            fStar: { n, _ in [6: 2.28767e-3, 9: 1.39976e-6, 12: 4.72238e-10][n] },
            note: "f* reported for n = 6, 9, 12"),
        formula(
            .extendedRosenbrock, "extended-rosenbrock", "Extended Rosenbrock", n: 10, range: 2...1_000_000,
            rule: "an even n",
            valid: { $0 % 2 == 0 }, start: { n in (0..<n).map { $0 % 2 == 0 ? -1.2 : 1 } }, fStar: { _, _ in 0 },
            xStar: { n, _ in Array(repeating: 1, count: n) }),
        formula(
            .extendedPowellSingular, "extended-powell-singular", "Extended Powell singular", n: 12,
            range: 4...1_000_000,
            rule: "n a multiple of 4", valid: { $0 % 4 == 0 }, start: { n in (0..<n).map { [3.0, -1, 0, 1][$0 % 4] } },
            fStar: { _, _ in 0 }, xStar: { n, _ in Array(repeating: 0, count: n) }),
        formula(
            .penalty1, "penalty-1", "Penalty I", n: 10, m: { $0 + 1 }, start: { n in (1...n).map(Double.init) },
            fStar: { n, _ in [4: 2.24997e-5, 10: 7.08765e-5][n] }, note: "f* reported for n = 4, 10"),
        variable(
            .penalty2, "penalty-2", "Penalty II", n: 10, range: 2...10_000, m: { 2 * $0 },
            start: { Array(repeating: 0.5, count: $0) },
            fStar: { n, _ in [4: 9.37629e-6, 10: 2.93660e-4][n] }, note: "f* reported for n = 4, 10"),
        formula(
            .variablyDimensioned, "variably-dimensioned", "Variably dimensioned", n: 10, m: { $0 + 2 },
            start: { n in (1...n).map { 1 - Double($0) / Double(n) } }, fStar: { _, _ in 0 },
            xStar: { n, _ in Array(repeating: 1, count: n) }),
        formula(
            .trigonometric, "trigonometric", "Trigonometric", n: 10,
            start: { n in Array(repeating: 1 / Double(n), count: n) },
            fStar: { _, _ in 0 }, note: "the global minimum; there are local minima"),
        variable(
            .brownAlmostLinear, "brown-almost-linear", "Brown almost-linear", n: 10,
            start: { Array(repeating: 0.5, count: $0) },
            fStar: { _, _ in 0 }, xStar: { n, _ in Array(repeating: 1, count: n) },
            note: "also f = 1 at (0, …, 0, n + 1)"),
        formula(
            .discreteBoundaryValue, "discrete-boundary-value", "Discrete boundary value", n: 10,
            start: { n in
                (1...n).map { (i: Int) -> Double in
                    let t = Double(i) / Double(n + 1); return t * (t - 1)
                }
            }, fStar: { _, _ in 0 }),
        variable(
            .discreteIntegralEquation, "discrete-integral-equation", "Discrete integral equation", n: 10,
            range: 1...1000,
            start: { n in
                (1...n).map { (i: Int) -> Double in
                    let t = Double(i) / Double(n + 1); return t * (t - 1)
                }
            }, fStar: { _, _ in 0 }),
        formula(
            .broydenTridiagonal, "broyden-tridiagonal", "Broyden tridiagonal", n: 10,
            start: { Array(repeating: -1, count: $0) },
            fStar: { _, _ in 0 }),
        formula(
            .broydenBanded, "broyden-banded", "Broyden banded", n: 10, start: { Array(repeating: -1, count: $0) },
            fStar: { _, _ in 0 }),
        MGHInfo(
            definition: .residuals(.linearFullRank), slug: "linear-full-rank", title: "Linear function — full rank",
            n: 5,
            variableN: (1...10_000, "", { _ in true }), m: { _ in 10 }, mParameter: ({ $0 }, 100_000),
            start: { Array(repeating: 1, count: $0) }, minimum: { n, m in Double(m - n) },
            minimizer: { n, _ in Array(repeating: -1, count: n) }, note: nil),
        MGHInfo(
            definition: .residuals(.linearRank1), slug: "linear-rank-1", title: "Linear function — rank 1", n: 5,
            variableN: (1...10_000, "", { _ in true }), m: { _ in 10 }, mParameter: ({ $0 }, 100_000),
            start: { Array(repeating: 1, count: $0) },
            minimum: { _, m in Double(m * (m - 1)) / Double(2 * (2 * m + 1)) },
            minimizer: { _, _ in nil }, note: nil),
        MGHInfo(
            definition: .residuals(.linearRank1ZeroColumnsAndRows), slug: "linear-rank-1-zero",
            title: "Linear function — rank 1 with zero columns and rows",
            n: 5, variableN: (3...10_000, "", { _ in true }), m: { _ in 10 }, mParameter: ({ $0 }, 100_000),
            start: { Array(repeating: 1, count: $0) },
            minimum: { _, m in Double(m * m + 3 * m - 6) / Double(2 * (2 * m - 3)) },
            minimizer: { _, _ in nil }, note: nil),
        MGHInfo(
            definition: .residuals(.chebyquad), slug: "chebyquad", title: "Chebyquad", n: 8,
            variableN: (1...1000, "", { _ in true }), m: { $0 },
            mParameter: ({ $0 }, 100_000), start: { n in (1...n).map { Double($0) / Double(n + 1) } },
            minimum: { n, m in
                m == n
                    ? ([8: 3.51687e-3, 10: 6.50395e-3][n] ?? ([1, 2, 3, 4, 5, 6, 7, 9].contains(n) ? 0 : nil)) : nil
            },
            minimizer: { _, _ in nil }, note: "f* reported for m = n ≤ 10"),
    ]
}

/// f(x) = Σ rᵢ(x)² for an MGH function given by residual code: the gradient ∇f = 2Jᵀr by one
/// reverse sweep over a tape of the residuals' operations (J is never formed), directional
/// derivatives ∇f·v = 2rᵀ(Jv) by one forward pass of dual numbers, the Hessian by central
/// differences of the gradient. Keeps its tape: one instance must not be evaluated from two
/// threads at once.
public final class MGHObjective: HessianObjective, DirectionalDerivativeObjective {
    let function: any ResidualCode
    public let dimension: Int
    /// m, the number of residuals.
    public let residualCount: Int
    private let tape = Tape()

    init(function: any ResidualCode, n: Int, m: Int) {
        self.function = function
        dimension = n
        residualCount = m
    }

    public func value(at x: UnsafeBufferPointer<Double>) -> Double {
        function.residuals(Array(x), m: residualCount).reduce(0) { $0 + $1 * $1 }
    }

    public func valueAndGradient(
        at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        tape.reset()
        let variables = x.map { tape.variable($0) }
        let r = function.residuals(variables, m: residualCount)
        // ∂f/∂rᵢ = 2rᵢ: the seeds of the backward sweep.
        tape.gradient(inputs: dimension, into: gradient) { add in for ri in r { add(ri.index, 2 * ri.value) } }
        return r.reduce(0) { $0 + $1.value * $1.value }
    }

    public func directionalDerivative(
        at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>
    ) -> (value: Double, derivative: Double) {
        let r = function.residuals((0..<dimension).map { Dual(x[$0], v[$0]) }, m: residualCount)
        return (r.reduce(0) { $0 + $1.value * $1.value }, r.reduce(0) { $0 + 2 * $1.value * $1.derivative })
    }

    public func hessian(at x: UnsafeBufferPointer<Double>, into hessian: UnsafeMutableBufferPointer<Double>) {
        _ = hessian.update(fromContentsOf: centralDifferenceHessian(self, at: Array(x)).elements)
    }

    public var hessianSource: String { "central differences of the exact (reverse-mode) gradient" }
}

extension MGHInfo {
    /// The registry entry `mgh/<slug>` with parameters n (if variable), m (if a parameter) and
    /// start (1, 10 or 100: the multiple of the standard x₀, as in the paper).
    var spec: ProblemSpec {
        var parameters: [ParameterSpec] = []
        if let variableN {
            parameters.append(
                ParameterSpec(
                    name: "n", summary: "dimension" + (variableN.rule.isEmpty ? "" : " (\(variableN.rule))"),
                    defaultValue: Double(n), isInteger: true,
                    range: Double(variableN.range.lowerBound)...Double(variableN.range.upperBound)))
        }
        if let mParameter {
            parameters.append(
                ParameterSpec(
                    name: "m", summary: "residuals (m ≥ n; default \(m(n) == n ? "n" : String(m(n))))",
                    defaultValue: Double(m(n)), isInteger: true,
                    range: Double(mParameter.minimum(variableN == nil ? n : 1))...Double(mParameter.maximum)))
        }
        parameters.append(
            ParameterSpec(
                name: "start", summary: "x₀ multiple: 1, 10 or 100", defaultValue: 1, isInteger: true, range: 1...100))
        let info = self
        let fStar = minimum(n, m(n)).map { "f* = \(NumberStyle.format($0))" } ?? "f* not reported"
        let summary = "\(definition.number). \(title): n = \(n), m = \(m(n)), \(fStar)" + (note.map { "; \($0)" } ?? "")
        return ProblemSpec(name: "mgh/\(slug)", summary: summary,
                           parameters: parameters, build: { p throws(ProblemError) in try info.build(p) })
    }

    func build(_ p: ProblemArguments) throws(ProblemError) -> TestProblem {
        let name = "mgh/\(slug)"
        let n = variableN == nil ? self.n : p.integer("n")
        if let variableN, !variableN.valid(n) {
            throw .badParameter(problem: name, parameter: "n", value: String(n), expected: variableN.rule)
        }
        // m defaults to its rule for the n in use (e.g. m = n for Chebyquad).
        let m = mParameter != nil && p.explicit.contains("m") ? p.integer("m") : self.m(n)
        if let mParameter, m < mParameter.minimum(n) {
            throw .badParameter(
                problem: name, parameter: "m", value: String(m), expected: "m ≥ \(mParameter.minimum(n)) for n = \(n)")
        }
        let scale = p.integer("start")
        guard [1, 10, 100].contains(scale) else {
            throw .badParameter(problem: name, parameter: "start", value: String(scale), expected: "1, 10 or 100")
        }
        var canonical = name
        var assignments: [String] = []
        if variableN != nil { assignments.append("n=\(n)") }
        if mParameter != nil { assignments.append("m=\(m)") }
        if scale != 1 { assignments.append("start=\(scale)") }
        if !assignments.isEmpty { canonical += ":" + assignments.joined(separator: ",") }
        let objective: any Objective
        switch definition {
        case .residuals(let function):
            objective = MGHObjective(function: function, n: n, m: m)
        case .formula(let formula):
            do {
                objective = try MGHFormulaObjective(formula, dimension: n)
            } catch {
                throw .badParameter(
                    problem: name, parameter: "n", value: String(n),
                    expected: "an n its formula compiles for (\(error))")
            }
        }
        return TestProblem(
            name: canonical, objective: objective, start: start(n).map { $0 * Double(scale) },
            minimizer: minimizer(n, m),
            minimum: minimum(n, m))
    }
}
