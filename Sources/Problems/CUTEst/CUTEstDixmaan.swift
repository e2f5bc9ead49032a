/// The Dixon–Maany family, DIXMAANA.SIF … DIXMAANL.SIF (Dixon & Maany, "A family of test
/// problems with sparse Hessians for unconstrained optimization", TR 206, Numerical
/// Optimization Centre, Hatfield Polytechnic, 1988; Buckley #221). With n = 3m:
///
///   f = 1 + Σᵢ₌₁ⁿ α(i/n)^k₁ xᵢ² + Σᵢ₌₁ⁿ⁻¹ β(i/n)^k₂ xᵢ²(xᵢ₊₁ + xᵢ₊₁²)²
///         + Σᵢ₌₁²ᵐ γ(i/n)^k₃ xᵢ² xᵢ₊ₘ⁴ + Σᵢ₌₁ᵐ δ(i/n)^k₄ xᵢ xᵢ₊₂ₘ,
///
/// start xᵢ = 2, f* = 1 at x = 0. The twelve files differ only in (α, β, γ, δ) and (k₁…k₄):
/// `variants` lists them. The weights are formed as the SIF files do: (i/n) multiplied k
/// times, then by the coefficient.
struct DIXMAAN: CUTEstFunction {
    /// One file's constants.
    struct Variant: Sendable {
        let letter: Character
        let alpha, beta, gamma, delta: Double
        let k1, k2, k3, k4: Int
    }

    static let variants: [Variant] = [
        Variant(letter: "A", alpha: 1, beta: 0, gamma: 0.125, delta: 0.125, k1: 0, k2: 0, k3: 0, k4: 0),
        Variant(letter: "B", alpha: 1, beta: 0.0625, gamma: 0.0625, delta: 0.0625, k1: 0, k2: 0, k3: 0, k4: 0),
        Variant(letter: "C", alpha: 1, beta: 0.125, gamma: 0.125, delta: 0.125, k1: 0, k2: 0, k3: 0, k4: 0),
        Variant(letter: "D", alpha: 1, beta: 0.26, gamma: 0.26, delta: 0.26, k1: 0, k2: 0, k3: 0, k4: 0),
        Variant(letter: "E", alpha: 1, beta: 0, gamma: 0.125, delta: 0.125, k1: 1, k2: 0, k3: 0, k4: 1),
        Variant(letter: "F", alpha: 1, beta: 0.0625, gamma: 0.0625, delta: 0.0625, k1: 1, k2: 0, k3: 0, k4: 1),
        Variant(letter: "G", alpha: 1, beta: 0.125, gamma: 0.125, delta: 0.125, k1: 1, k2: 0, k3: 0, k4: 1),
        Variant(letter: "H", alpha: 1, beta: 0.26, gamma: 0.26, delta: 0.26, k1: 1, k2: 0, k3: 0, k4: 1),
        Variant(letter: "I", alpha: 1, beta: 0, gamma: 0.125, delta: 0.125, k1: 2, k2: 0, k3: 0, k4: 2),
        Variant(letter: "J", alpha: 1, beta: 0.0625, gamma: 0.0625, delta: 0.0625, k1: 2, k2: 0, k3: 0, k4: 2),
        Variant(letter: "K", alpha: 1, beta: 0.125, gamma: 0.125, delta: 0.125, k1: 2, k2: 0, k3: 0, k4: 2),
        Variant(letter: "L", alpha: 1, beta: 0.26, gamma: 0.26, delta: 0.26, k1: 2, k2: 0, k3: 0, k4: 2),
    ]

    let dimension: Int
    let variant: Variant

    func start() -> [Double] { Array(repeating: 2, count: dimension) }

    /// c·(i/n)^k with i 1-based, multiplied out as the SIF files do.
    @inline(__always)
    private func weight(_ c: Double, _ i: Int, _ k: Int) -> Double {
        let ratio = Double(i) / Double(dimension)
        var power = 1.0
        for _ in 0..<k { power *= ratio }
        return power * c
    }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let n = dimension, m = n / 3, v = variant
        var f = T(1)
        for i in 0..<n {
            let a = weight(v.alpha, i + 1, v.k1)
            f = f + a * x[i] * x[i]
            g.add(i, 2 * a * x[i])
        }
        for i in 0..<(n - 1) {
            let b = weight(v.beta, i + 1, v.k2)
            let y = x[i + 1], u = y + y * y, xx = x[i] * x[i]
            f = f + b * xx * u * u
            g.add(i, 2 * b * x[i] * u * u)
            g.add(i + 1, 2 * b * xx * u * (1 + 2 * y))
        }
        for i in 0..<(2 * m) {
            let c = weight(v.gamma, i + 1, v.k3)
            let y = x[i + m], y2 = y * y, xx = x[i] * x[i]
            f = f + c * xx * y2 * y2
            g.add(i, 2 * c * x[i] * y2 * y2)
            g.add(i + m, 4 * c * xx * y2 * y)
        }
        for i in 0..<m {
            let d = weight(v.delta, i + 1, v.k4)
            f = f + d * x[i] * x[i + 2 * m]
            g.add(i, d * x[i + 2 * m])
            g.add(i + 2 * m, d * x[i])
        }
        return f
    }
}
