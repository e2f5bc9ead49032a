// Chained and banded sums of squares, as the CUTEst SIF files define them. Indices in the
// formulas are 1-based as in the SIF files; the code is 0-based.

/// EDENSCH.SIF (Li, "The secant/finite difference algorithm for solving sparse nonlinear
/// systems of equations", SIAM J. Optim., 1990):
/// f = 16 + Σᵢ₌₁ⁿ⁻¹ (xᵢ − 2)⁴ + (xᵢxᵢ₊₁ − 2xᵢ₊₁)² + (xᵢ₊₁ + 1)²; start xᵢ = 8. (The constant 16 is
/// the file's last group, (0·xₙ − 2)⁴.)
struct EDENSCH: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: 8, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = T(16)
        for i in 0..<(dimension - 1) {
            let a = x[i] - 2, a3 = a * a * a
            let b = x[i + 1] * a, c = x[i + 1] + 1
            f = f + a3 * a + b * b + c * c
            g.add(i, 4 * a3 + 2 * b * x[i + 1])
            g.add(i + 1, 2 * b * a + 2 * c)
        }
        return f
    }
}

/// FREUROTH.SIF (problem 2 in Moré, Garbow & Hillstrom, ACM TOMS 7, 1981, chained: the
/// Freudenstein–Roth function): f = Σᵢ₌₁ⁿ⁻¹ rᵢ² + sᵢ² with
/// rᵢ = xᵢ − 2xᵢ₊₁ − 13 + (5 − xᵢ₊₁)xᵢ₊₁², sᵢ = xᵢ − 14xᵢ₊₁ − 29 + (1 + xᵢ₊₁)xᵢ₊₁²;
/// start (0.5, −2, 0, …, 0).
struct FREUROTH: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { [0.5, -2] + Array(repeating: 0, count: dimension - 2) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = T(0)
        for i in 0..<(dimension - 1) {
            let y = x[i + 1], y2 = y * y
            let r = x[i] - 2 * y - 13 + (5 - y) * y2
            let s = x[i] - 14 * y - 29 + (1 + y) * y2
            f = f + r * r + s * s
            g.add(i, 2 * r + 2 * s)
            g.add(i + 1, 2 * r * (-2 + 10 * y - 3 * y2) + 2 * s * (-14 + 2 * y + 3 * y2))
        }
        return f
    }
}

/// BRYBND.SIF (problem 31 in Moré, Garbow & Hillstrom, ACM TOMS 7, 1981: Broyden banded,
/// with κ₁ = 2, κ₂ = 5, κ₃ = 1, lower band 5, upper band 1): f = Σᵢ gᵢ² with
/// gᵢ = 2xᵢ + 5νᵢ(xᵢ) − Σ_{j∈Jᵢ} (xⱼ + μᵢⱼ(xⱼ)), Jᵢ = {max(1, i − 5) … min(n, i + 1)} ∖ {i}.
/// As the file writes it (and unlike the paper), the element functions depend on the row:
/// in rows 6 … n − 2, νᵢ = xᵢ² and μᵢⱼ = xⱼ³ below the diagonal; elsewhere νᵢ = xᵢ³ and
/// μᵢⱼ = xⱼ²; above the diagonal μᵢⱼ = xⱼ² always. There is no constant term. Start xᵢ = 1;
/// n ≥ 7 (lower + upper band + 1 ≤ n).
struct BRYBND: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: 1, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let n = dimension
        var f = T(0)
        for i in 0..<n {
            // Rows LB+1 … N−UB−1 of the file (1-based 6 … n − 2) swap the element types.
            let middle = i >= 5 && i <= n - 3
            let lower = max(0, i - 5), upper = min(n - 1, i + 1)
            let xi = x[i]
            // The ternaries' results are typed: untyped, the type checker takes seconds here.
            let element: T = middle ? xi * xi : xi * xi * xi
            var r: T = 2 * xi + 5 * element
            for j in lower..<i {
                let neighbour: T = middle ? x[j] * x[j] * x[j] : x[j] * x[j]
                r = r - x[j] - neighbour
            }
            if upper > i { for j in (i + 1)...upper { r = r - x[j] - x[j] * x[j] } }
            f = f + r * r
            if g.isActive {
                let elementDerivative: T = middle ? 2 * xi : 3 * xi * xi
                g.add(i, 2 * r * (2 + 5 * elementDerivative))
                for j in lower..<i {
                    let neighbourDerivative: T = middle ? 3 * x[j] * x[j] : 2 * x[j]
                    g.add(j, -2 * r * (1 + neighbourDerivative))
                }
                if upper > i { for j in (i + 1)...upper { g.add(j, -2 * r * (1 + 2 * x[j])) } }
            }
        }
        return f
    }
}

/// MOREBV.SIF (problem 28 in Moré, Garbow & Hillstrom, ACM TOMS 7, 1981: the discrete
/// boundary value problem): f = Σᵢ gᵢ², gᵢ = 2xᵢ − xᵢ₋₁ − xᵢ₊₁ + ½h²(xᵢ + ih + 1)³ with
/// h = 1/(n + 1) and x₀ = xₙ₊₁ = 0; start xᵢ = ih(ih − 1).
struct MOREBV: CUTEstFunction {
    let dimension: Int
    var h: Double { 1 / Double(dimension + 1) }
    func start() -> [Double] { (1...dimension).map { let t = Double($0) * h; return t * (t - 1) } }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let n = dimension, h = self.h, halfH2 = h * h * 0.5
        var f = T(0)
        for i in 0..<n {
            let shifted = x[i] + (Double(i + 1) * h + 1)
            var r = 2 * x[i] + halfH2 * shifted * shifted * shifted
            if i > 0 { r = r - x[i - 1] }
            if i < n - 1 { r = r - x[i + 1] }
            f = f + r * r
            g.add(i, 2 * r * (2 + 3 * halfH2 * shifted * shifted))
            if i > 0 { g.add(i - 1, -2 * r) }
            if i < n - 1 { g.add(i + 1, -2 * r) }
        }
        return f
    }
}

/// CURLY10.SIF (N. Gould, 1997): f = Σᵢ₌₁ⁿ P(qᵢ), qᵢ = Σⱼ₌ᵢ^{min(i+10, n)} xⱼ,
/// P(q) = q(q(q² − 20) − 0.1); start xᵢ = 10⁻⁴ i/(n + 1).
struct CURLY10: CUTEstFunction {
    let dimension: Int
    static let band = 10
    func start() -> [Double] { (1...dimension).map { Double($0) / Double(dimension + 1) * 0.0001 } }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let n = dimension
        var f = T(0)
        for i in 0..<n {
            let last = min(i + Self.band, n - 1)
            var q = T(0)
            for j in i...last { q = q + x[j] }
            f = f + q * (q * (q * q - 20) - 0.1)
            if g.isActive {
                let slope = 2 * q * (2 * q * q - 20) - 0.1
                for j in i...last { g.add(j, slope) }
            }
        }
        return f
    }
}

/// SPARSQUR.SIF (N. Gould, 1995, "a sparse quartic problem"): f = Σᵢ₌₁ⁿ ½ i αᵢ², where
/// αᵢ = Σ_{p ∈ {1, 2, 3, 5, 7, 11}} ½ x_{j(p, i)}², j(p, i) = ((p·i − 1) mod n) + 1 (a repeated
/// index counts each time); start xᵢ = 0.5.
struct SPARSQUR: CUTEstFunction {
    let dimension: Int
    static let multipliers = [1, 2, 3, 5, 7, 11]
    func start() -> [Double] { Array(repeating: 0.5, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let n = dimension
        var f = T(0)
        for i in 0..<n {
            let row = i + 1
            var alpha = T(0)
            for p in Self.multipliers {
                let j = (p * row - 1) % n
                alpha = alpha + 0.5 * x[j] * x[j]
            }
            f = f + 0.5 * Double(row) * alpha * alpha
            if g.isActive {
                for p in Self.multipliers {
                    let j = (p * row - 1) % n
                    g.add(j, Double(row) * alpha * x[j])
                }
            }
        }
        return f
    }
}
