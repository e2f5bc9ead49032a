import Foundation

/// Residuals r₁ … r_m written once, generically over the scalar, so that the same code gives
/// values (`Double`), directional derivatives (`Dual`) and gradients (on a `Tape`).
protocol ResidualCode: Sendable {
    /// The residuals at x (0-based arrays), m of them.
    func residuals<T: ADScalar>(_ x: [T], m: Int) -> [T]
}

/// 27 of the 35 test functions of Moré, Garbow & Hillstrom, "Testing unconstrained
/// optimization software", ACM TOMS 7(1), 1981, pp. 17–41, each a sum of squares
/// f(x) = Σᵢ₌₁ᵐ rᵢ(x)², numbered as in the paper. Residuals are written once, generically, so
/// the same code gives values (`Double`), directional derivatives (`Dual`) and, recorded on a
/// `Tape`, the gradient by reverse mode. The other eight, whose f costs O(n) and which run at
/// n up to 10⁶, are formulas (`MGHFormulas`).
enum MGHFunction: Int, CaseIterable, Sendable, ResidualCode {
    case rosenbrock = 1, freudensteinRoth, powellBadlyScaled, brownBadlyScaled, beale, jennrichSampson,
         helicalValley, bard, gaussian, meyer, gulf, box3D, powellSingular, wood, kowalikOsborne,
         brownDennis, osborne1, biggsEXP6, osborne2, watson
    case penalty2 = 24
    case brownAlmostLinear = 27
    case discreteIntegralEquation = 29
    case linearFullRank = 32, linearRank1, linearRank1ZeroColumnsAndRows, chebyquad

    // MARK: Data of the paper's tables

    static let bardY = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]
    static let gaussianY = [
        0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044,
        0.0009,
    ]
    static let meyerY = [
        34780.0, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872,
    ]
    static let kowalikY = [0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]
    static let kowalikU = [4.0, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]
    static let osborne1Y = [
        0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658, 0.628, 0.603,
        0.580,
        0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406,
    ]
    static let osborne2Y = [
        1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608, 0.655, 0.616, 0.606,
        0.602,
        0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661, 0.612, 0.558, 0.533, 0.495, 0.500, 0.423, 0.395,
        0.375,
        0.372, 0.391, 0.396, 0.405, 0.428, 0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668, 0.645, 0.632,
        0.591,
        0.559, 0.597, 0.625, 0.739, 0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054,
    ]

    /// The residuals r₁ … r_m at x (0-based arrays; the paper's indices are 1-based).
    func residuals<T: ADScalar>(_ x: [T], m: Int) -> [T] {
        let n = x.count
        switch self {
        case .rosenbrock:
            return [10 * (x[1] - x[0] * x[0]), 1 - x[0]]
        case .freudensteinRoth:
            return [-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]]
        case .powellBadlyScaled:
            return [1e4 * x[0] * x[1] - 1, T.exp(-x[0]) + T.exp(-x[1]) - 1.0001]
        case .brownBadlyScaled:
            return [x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2]
        case .beale:
            let y = [1.5, 2.25, 2.625]
            var power = x[1]
            return (0..<3).map { i in
                defer { power = power * x[1] }
                return y[i] - x[0] * (1 - power)
            }
        case .jennrichSampson:
            return (1...m).map { (i: Int) -> T in
                let s = Double(i)
                let exponentials: T = T.exp(s * x[0]) + T.exp(s * x[1])
                return 2 + 2 * s - exponentials
            }
        case .helicalValley:
            // θ = arctan(x₂/x₁)/2π, plus 1/2 when x₁ < 0 (the paper's definition; x₁ = 0 is
            // the limit ±1/4).
            let theta: T
            if x[0].value == 0 { theta = T(x[1].value >= 0 ? 0.25 : -0.25) } else {
                theta = T.atan(x[1] / x[0]) / (2 * Double.pi) + (x[0].value < 0 ? 0.5 : 0)
            }
            return [10 * (x[2] - 10 * theta), 10 * (T.sqrt(x[0] * x[0] + x[1] * x[1]) - 1), x[2]]
        case .bard:
            return (1...15).map { i in
                let u = Double(i), v = Double(16 - i), w = min(u, v)
                return Self.bardY[i - 1] - (x[0] + u / (v * x[1] + w * x[2]))
            }
        case .gaussian:
            return (1...15).map { i in
                let t = (8 - Double(i)) / 2
                return x[0] * T.exp(-x[1] * T.square(t - x[2]) / 2) - Self.gaussianY[i - 1]
            }
        case .meyer:
            return (1...16).map { (i: Int) -> T in
                let denominator: T = 45 + 5 * Double(i) + x[2]
                return x[0] * T.exp(x[1] / denominator) - Self.meyerY[i - 1]
            }
        case .gulf:
            return (1...m).map { i in
                let t = Double(i) / 100
                let y = 25 + Foundation.pow(-50 * Foundation.log(t), 2.0 / 3)
                return T.exp(-T.absPow(y - x[1], x[2]) / x[0]) - t
            }
        case .box3D:
            return (1...m).map { i in
                let t = 0.1 * Double(i)
                return T.exp(-t * x[0]) - T.exp(-t * x[1]) - x[2] * (Foundation.exp(-t) - Foundation.exp(-10 * t))
            }
        case .powellSingular:
            return Self.powellBlock(x[0], x[1], x[2], x[3])
        case .wood:
            return [10 * (x[1] - x[0] * x[0]), 1 - x[0], 90.0.squareRoot() * (x[3] - x[2] * x[2]), 1 - x[2],
                    10.0.squareRoot() * (x[1] + x[3] - 2), (x[1] - x[3]) / 10.0.squareRoot()]
        case .kowalikOsborne:
            return (0..<11).map { i in
                let u = Self.kowalikU[i]
                return Self.kowalikY[i] - x[0] * (u * u + u * x[1]) / (u * u + u * x[2] + x[3])
            }
        case .brownDennis:
            return (1...m).map { i in
                let t = Double(i) / 5
                return T.square(x[0] + t * x[1] - Foundation.exp(t))
                    + T.square(x[2] + x[3] * Foundation.sin(t) - Foundation.cos(t))
            }
        case .osborne1:
            return (0..<33).map { i in
                let t = 10 * Double(i)
                return Self.osborne1Y[i] - (x[0] + x[1] * T.exp(-t * x[3]) + x[2] * T.exp(-t * x[4]))
            }
        case .biggsEXP6:
            return (1...m).map { i in
                let t = 0.1 * Double(i)
                let y = Foundation.exp(-t) - 5 * Foundation.exp(-10 * t) + 3 * Foundation.exp(-4 * t)
                return x[2] * T.exp(-t * x[0]) - x[3] * T.exp(-t * x[1]) + x[5] * T.exp(-t * x[4]) - y
            }
        case .osborne2:
            return (0..<65).map { i in
                let t = Double(i) / 10
                return Self.osborne2Y[i]
                    - (x[0] * T.exp(-t * x[4]) + x[1] * T.exp(-T.square(t - x[8]) * x[5])
                        + x[2] * T.exp(-T.square(t - x[9]) * x[6]) + x[3] * T.exp(-T.square(t - x[10]) * x[7]))
            }
        case .watson:
            var r: [T] = (1...29).map { i in
                let t = Double(i) / 29
                var sum1 = T(0), sum2 = T(0), power = 1.0
                for j in 0..<n {
                    if j >= 1 { sum1 = sum1 + Double(j) * power * x[j] }   // (j−1)·xⱼ·t^{j−2}, 1-based
                    if j >= 1 { power *= t }
                }
                power = 1
                for j in 0..<n {
                    sum2 = sum2 + power * x[j]
                    power *= t
                }
                return sum1 - sum2 * sum2 - 1
            }
            r.append(x[0])
            r.append(x[1] - x[0] * x[0] - 1)
            return r
        case .penalty2:
            let a = 1e-5.squareRoot()
            var r = [x[0] - 0.2]
            for i in 1..<n {
                let y = Foundation.exp(Double(i + 1) / 10) + Foundation.exp(Double(i) / 10)
                r.append(a * (T.exp(x[i] / 10) + T.exp(x[i - 1] / 10) - y))
            }
            for i in n..<(2 * n - 1) { r.append(a * (T.exp(x[i - n + 1] / 10) - Foundation.exp(-0.1))) }
            var sum = T(0)
            for j in 0..<n { sum = sum + Double(n - j) * x[j] * x[j] }
            r.append(sum - 1)
            return r
        case .brownAlmostLinear:
            var sum = T(0), product = T(1)
            for j in 0..<n {
                sum = sum + x[j]
                product = product * x[j]
            }
            return (0..<(n - 1)).map { x[$0] + sum - Double(n + 1) } + [product - 1]
        case .discreteIntegralEquation:
            let h = 1 / Double(n + 1)
            let t = (0..<n).map { Double($0 + 1) * h }
            let cubes = (0..<n).map { j -> T in let c = x[j] + t[j] + 1; return c * c * c }
            return (0..<n).map { i in
                var lower = T(0), upper = T(0)
                for j in 0...i { lower = lower + t[j] * cubes[j] }
                for j in (i + 1)..<max(i + 1, n) { upper = upper + (1 - t[j]) * cubes[j] }
                return x[i] + h * ((1 - t[i]) * lower + t[i] * upper) / 2
            }
        case .linearFullRank:
            var sum = T(0)
            for j in 0..<n { sum = sum + x[j] }
            return (0..<m).map { i in (i < n ? x[i] : T(0)) - 2 * sum / Double(m) - 1 }
        case .linearRank1:
            var sum = T(0)
            for j in 0..<n { sum = sum + Double(j + 1) * x[j] }
            return (1...m).map { i in Double(i) * sum - 1 }
        case .linearRank1ZeroColumnsAndRows:
            var sum = T(0)
            for j in 1..<(n - 1) { sum = sum + Double(j + 1) * x[j] }
            return (1...m).map { i in i == 1 || i == m ? T(-1) : Double(i - 1) * sum - 1 }
        case .chebyquad:
            // Shifted Chebyshev polynomials on [0, 1]: T₀ = 1, T₁ = 2x − 1, Tₖ₊₁ = 2(2x − 1)Tₖ − Tₖ₋₁.
            var r = [T](repeating: T(0), count: m)
            for j in 0..<n {
                let y = 2 * x[j] - 1
                var previous = T(1), current = y
                for i in 0..<m {
                    r[i] = r[i] + current / Double(n)
                    let next = 2 * y * current - previous
                    previous = current
                    current = next
                }
            }
            for i in 0..<m where (i + 1) % 2 == 0 { r[i] = r[i] + 1 / Double((i + 1) * (i + 1) - 1) }
            return r
        }
    }

    /// Powell's singular block: x₁ + 10x₂, √5(x₃ − x₄), (x₂ − 2x₃)², √10(x₁ − x₄)².
    static func powellBlock<T: ADScalar>(_ a: T, _ b: T, _ c: T, _ d: T) -> [T] {
        [a + 10 * b, 5.0.squareRoot() * (c - d), T.square(b - 2 * c), 10.0.squareRoot() * T.square(a - d)]
    }
}
