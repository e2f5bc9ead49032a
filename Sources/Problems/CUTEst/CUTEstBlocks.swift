// Separable sums of small blocks, as the CUTEst SIF files define them (a group with
// 'SCALE' s is divided by s). Indices in the formulas are 1-based as in the SIF files.

/// POWELLSG.SIF (problem 13 in Moré, Garbow & Hillstrom, ACM TOMS 7, 1981: the extended
/// Powell singular function): for each block (x₁, x₂, x₃, x₄) of four,
/// (x₁ + 10x₂)² + 5(x₃ − x₄)² + (x₂ − 2x₃)⁴ + 10(x₁ − x₄)⁴; start (3, −1, 0, 1, …); n a
/// multiple of 4.
struct POWELLSG: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { (0..<dimension).map { [3.0, -1, 0, 1][$0 % 4] } }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = T(0)
        for j in stride(from: 0, to: dimension, by: 4) {
            let a = x[j] + 10 * x[j + 1], b = x[j + 2] - x[j + 3]
            let c = x[j + 1] - 2 * x[j + 2], d = x[j] - x[j + 3]
            let c3 = c * c * c, d3 = d * d * d
            f = f + a * a + 5 * b * b + c3 * c + 10 * d3 * d
            g.add(j, 2 * a + 40 * d3)
            g.add(j + 1, 20 * a + 4 * c3)
            g.add(j + 2, 10 * b - 8 * c3)
            g.add(j + 3, -10 * b - 40 * d3)
        }
        return f
    }
}

/// WOODS.SIF (problem 14 in Moré, Garbow & Hillstrom, ACM TOMS 7, 1981: Wood's function
/// repeated): for each block (x₁, x₂, x₃, x₄) of four,
/// 100(x₂ − x₁²)² + (1 − x₁)² + 90(x₄ − x₃²)² + (1 − x₃)² + 10(x₂ + x₄ − 2)² + 0.1(x₂ − x₄)²;
/// start (−3, −1, −3, −1, …); n a multiple of 4.
struct WOODS: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { (0..<dimension).map { $0 % 2 == 0 ? -3 : -1 } }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = T(0)
        for j in stride(from: 0, to: dimension, by: 4) {
            let w1 = x[j], w2 = x[j + 1], w3 = x[j + 2], w4 = x[j + 3]
            let a = w2 - w1 * w1, b = 1 - w1, c = w4 - w3 * w3, d = 1 - w3
            let e = w2 + w4 - 2, h = w2 - w4
            // Typed terms: the sum as one expression takes the type checker seconds.
            let ta: T = 100 * a * a, tb: T = b * b, tc: T = 90 * c * c, td: T = d * d
            let te: T = 10 * e * e, th: T = 0.1 * h * h
            f = f + ta + tb + tc + td + te + th
            g.add(j, -400 * a * w1 - 2 * b)
            g.add(j + 1, 200 * a + 20 * e + 0.2 * h)
            g.add(j + 2, -360 * c * w3 - 2 * d)
            g.add(j + 3, 180 * c + 20 * e - 0.2 * h)
        }
        return f
    }
}

/// CRAGGLVY.SIF (problem 32 in Toint, Report 83/4, FUNDP Namur 1983: the extended
/// Cragg–Levy function): with n = 2m + 2, for i = 1…m,
/// (e^{x₂ᵢ₋₁} − x₂ᵢ)⁴ + 100(x₂ᵢ − x₂ᵢ₊₁)⁶ + (tan u + u)⁴ + x₂ᵢ₋₁⁸ + (x₂ᵢ₊₂ − 1)², u = x₂ᵢ₊₁ − x₂ᵢ₊₂
/// (the file's third group holds u itself beside tan u); start (1, 2, 2, …).
struct CRAGGLVY: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { [1] + Array(repeating: 2, count: dimension - 1) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = T(0)
        for p in stride(from: 0, to: dimension - 2, by: 2) {
            let ex = T.exp(x[p])
            let a = ex - x[p + 1], a3 = a * a * a
            let b = x[p + 1] - x[p + 2], b2 = b * b, b5 = b2 * b2 * b
            let u = x[p + 2] - x[p + 3], t = T.tan(u), c = t + u, c3 = c * c * c
            let d = x[p], d2 = d * d, d7 = d2 * d2 * d2 * d
            let e = x[p + 3] - 1
            f = f + a3 * a + 100 * b5 * b + c3 * c + d7 * d + e * e
            // d/du (tan u + u) = sec² u + 1 = tan² u + 2.
            let cu = 4 * c3 * (t * t + 2)
            g.add(p, 4 * a3 * ex + 8 * d7)
            g.add(p + 1, -4 * a3 + 600 * b5)
            g.add(p + 2, -600 * b5 + cu)
            g.add(p + 3, -cu + 2 * e)
        }
        return f
    }
}
