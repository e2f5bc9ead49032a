import Foundation

/// The four functions of Moré & Wild's benchmark that are not Moré–Garbow–Hillstrom's
/// (numbers 19–22 of their `dfovec.m`, taken by them from CUTEr): BDQRTIC, CUBE, MANCINO and
/// HEART8LS, each f = Σ rᵢ² with the residuals below.
enum MoreWildFunction: Int, CaseIterable, Sendable, ResidualCode {
    case bdqrtic = 19, cube, mancino, heart8

    func residuals<T: ADScalar>(_ x: [T], m: Int) -> [T] {
        let n = x.count
        switch self {
        case .bdqrtic:
            // rᵢ = 3 − 4xᵢ and r_{n−4+i} = xᵢ² + 2xᵢ₊₁² + 3xᵢ₊₂² + 4xᵢ₊₃² + 5xₙ², i = 1 … n − 4 (m = 2(n − 4)).
            var r = [T](repeating: T(0), count: 2 * (n - 4))
            let last: T = 5 * (x[n - 1] * x[n - 1])
            for i in 0..<(n - 4) {
                r[i] = 3 - 4 * x[i]
                var sum: T = x[i] * x[i] + last
                for k in 1...3 { sum = sum + Double(k + 1) * (x[i + k] * x[i + k]) }
                r[n - 4 + i] = sum
            }
            return r
        case .cube:
            // r₁ = x₁ − 1, rᵢ = 10(xᵢ − xᵢ₋₁³).
            var r: [T] = [x[0] - 1]
            for i in 1..<n {
                let cube: T = x[i - 1] * x[i - 1] * x[i - 1]
                r.append(10 * (x[i] - cube))
            }
            return r
        case .mancino:
            // rᵢ = 1400xᵢ + (i − 50)³ + Σⱼ vᵢⱼ(sin⁵(log vᵢⱼ) + cos⁵(log vᵢⱼ)), vᵢⱼ = √(xᵢ² + i/j).
            return (1...n).map { i in
                var sum = T(0)
                for j in 1...n {
                    let v: T = T.sqrt(x[i - 1] * x[i - 1] + Double(i) / Double(j))
                    let l: T = T.log(v)
                    let waves: T = T.pow(T.sin(l), 5) + T.pow(T.cos(l), 5)
                    sum = sum + v * waves
                }
                let c = Double(i - 50)
                let own: T = 1400 * x[i - 1] + c * c * c
                return own + sum
            }
        case .heart8:
            return Self.heart8(x)
        }
    }

    /// HEART8LS's eight residuals (the dipole model of the heart).
    static func heart8<T: ADScalar>(_ x: [T]) -> [T] {
        let (a, b, c, d, t, u, v, w) = (x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7])
        let tv: T = t * t - v * v, uw: T = u * u - w * w
        let t3: T = t * t - 3 * (v * v), v3: T = v * v - 3 * (t * t)
        let u3: T = u * u - 3 * (w * w), w3: T = w * w - 3 * (u * u)
        let r3: T = (t * a + u * b) - (v * c + w * d) + 1.57
        let r4: T = (v * a + w * b) + (t * c + u * d) + 1.31
        let r5: T = (a * tv - 2 * (c * t * v)) + (b * uw - 2 * (d * u * w)) + 2.65
        let r6: T = (c * tv + 2 * (a * t * v)) + (d * uw + 2 * (b * u * w)) - 2
        let r7: T = (a * t * t3 + c * v * v3) + (b * u * u3 + d * w * w3) + 12.6
        let r8: T = (c * t * t3 - a * v * v3) + (d * u * u3 - b * w * w3) - 9.48
        return [a + b + 0.69, c + d + 0.044, r3, r4, r5, r6, r7, r8]
    }

    /// Standard starting points of `dfoxs.m` (before the factor 10ᵏ).
    func start(n: Int) -> [Double] {
        switch self {
        case .bdqrtic: return Array(repeating: 1, count: n)
        case .cube: return Array(repeating: 0.5, count: n)
        case .mancino:
            return (1...n).map { i in
                var sum = 0.0
                for j in 1...n {
                    let s = (Double(i) / Double(j)).squareRoot(), l = Foundation.log(s)
                    sum += s * (Foundation.pow(Foundation.sin(l), 5) + Foundation.pow(Foundation.cos(l), 5))
                }
                let c = Double(i - 50)
                return -8.710996e-4 * (c * c * c + sum)
            }
        case .heart8: return [-0.3, -0.39, 0.3, -0.344, -1.2, 2.69, 1.59, -1.5]
        }
    }

    var title: String {
        switch self {
        case .bdqrtic: "BDQRTIC"
        case .cube: "Cube"
        case .mancino: "Mancino"
        case .heart8: "Heart8"
        }
    }
}
