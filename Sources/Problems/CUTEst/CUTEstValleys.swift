// Rosenbrock-like valleys c(a − b²)² chained along x, as the CUTEst SIF files define them
// (a group with 'SCALE' s is divided by s, so s = 0.01 gives the factor 100). Indices in the
// formulas are 1-based as in the SIF files; the code is 0-based.

/// Adds c(a − b²)² at variables (ia, ib) to f and its gradient to g.
@inline(__always)
private func valley<T: ADScalar, G: GradientSink>(_ c: Double, _ a: T, _ b: T, _ ia: Int, _ ib: Int, _ g: G) -> T
where G.Scalar == T {
    let d = a - b * b
    g.add(ia, 2 * c * d)
    g.add(ib, -4 * c * d * b)
    return c * d * d
}

/// EXTROSNB.SIF (problem 10 in Toint, Report 83/4, FUNDP Namur 1983; the non-separable
/// extended Rosenbrock): f = (x₁ − 1)² + Σᵢ₌₂ⁿ 100(xᵢ − xᵢ₋₁²)²; start xᵢ = −1.
struct EXTROSNB: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: -1, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = squaredOffset(x[0], 0, g)
        for i in 1..<dimension { f = f + valley(100, x[i], x[i - 1], i, i - 1, g) }
        return f
    }
}

/// FLETCHCR.SIF (the second problem in Fletcher, "An optimal positive definite update for
/// sparse Hessian matrices", Dundee NA/145, 1992):
/// f = Σᵢ₌₁ⁿ⁻¹ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)²; start xᵢ = 0.
struct FLETCHCR: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: 0, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = T(0)
        for i in 0..<(dimension - 1) { f = f + valley(100, x[i + 1], x[i], i + 1, i, g) + squaredOffset(x[i], i, g) }
        return f
    }
}

/// GENROSE.SIF (problem 5 in Nash, "Newton-type minimization via the Lanczos process",
/// SIAM J. Numer. Anal. 21, 1984): f = 1 + Σᵢ₌₂ⁿ 100(xᵢ − xᵢ₋₁²)² + (xᵢ − 1)²;
/// start xᵢ = i/(n + 1).
struct GENROSE: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { (1...dimension).map { Double($0) / Double(dimension + 1) } }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = T(1)
        for i in 1..<dimension { f = f + valley(100, x[i], x[i - 1], i, i - 1, g) + squaredOffset(x[i], i, g) }
        return f
    }
}

/// NONDIA.SIF (Shanno, MIS Tech. Report 27, University of Arizona, 1978; Buckley #37):
/// f = (x₁ − 1)² + Σᵢ₌₂ⁿ 100(x₁ − xᵢ₋₁²)²; start xᵢ = −1.
struct NONDIA: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: -1, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = squaredOffset(x[0], 0, g)
        for i in 1..<dimension { f = f + valley(100, x[0], x[i - 1], 0, i - 1, g) }
        return f
    }
}

/// LIARWHD.SIF (Li, "The secant/finite difference algorithm for solving sparse nonlinear
/// systems of equations", SIAM J. Optim., 1990): f = Σᵢ₌₁ⁿ 4(xᵢ² − x₁)² + (xᵢ − 1)²;
/// start xᵢ = 4.
struct LIARWHD: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: 4, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = T(0)
        // 4(xᵢ² − x₁)² = 4(a − b²)² with a = x₁, b = xᵢ.
        for i in 0..<dimension { f = f + valley(4, x[0], x[i], 0, i, g) + squaredOffset(x[i], i, g) }
        return f
    }
}

/// SROSENBR.SIF (problem 21 in Moré, Garbow & Hillstrom, ACM TOMS 7, 1981: the extended
/// Rosenbrock function, separable): f = Σᵢ₌₁ⁿᐟ² 100(x₂ᵢ − x₂ᵢ₋₁²)² + (x₂ᵢ₋₁ − 1)²;
/// start (−1.2, 1, −1.2, 1, …); n even. The SIF text was not available here: the formula is
/// read from JuliaSmoothOptimizers/OptimizationProblems.jl (src/PureJuMP/srosenbr.jl, a
/// transcription citing SROSENBR.SIF) and checked against the MGH definition.
struct SROSENBR: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { (0..<dimension).map { $0 % 2 == 0 ? -1.2 : 1 } }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = T(0)
        for j in stride(from: 0, to: dimension, by: 2) {
            f = f + valley(100, x[j + 1], x[j], j + 1, j, g) + squaredOffset(x[j], j, g)
        }
        return f
    }
}

/// CHAINWOO.SIF (Conn, Gould & Toint, Math. Comp. 50, 1988: Wood's function chained with
/// overlapping blocks): with n = 2m + 2, f = 1 + Σᵢ₌₁ᵐ 100(x₂ᵢ − x₂ᵢ₋₁²)² + (1 − x₂ᵢ₋₁)²
/// + 90(x₂ᵢ₊₂ − x₂ᵢ₊₁²)² + (1 − x₂ᵢ₊₁)² + 10(x₂ᵢ + x₂ᵢ₊₂ − 2)² + 0.1(x₂ᵢ − x₂ᵢ₊₂)²;
/// start (−3, −1, −3, −1, −2, −2, …). The SIF text was not available here: the formula is
/// read from JuliaSmoothOptimizers/OptimizationProblems.jl (src/PureJuMP/chainwoo.jl, a
/// transcription citing CHAINWOO.SIF; the constant 1 is the file's constant group).
struct CHAINWOO: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { (0..<dimension).map { $0 < 4 ? [-3.0, -1, -3, -1][$0] : -2 } }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = T(1)
        for j in stride(from: 0, to: dimension - 2, by: 2) {
            f = f + valley(100, x[j + 1], x[j], j + 1, j, g) + squaredOffset(x[j], j, g)
            f = f + valley(90, x[j + 3], x[j + 2], j + 3, j + 2, g) + squaredOffset(x[j + 2], j + 2, g)
            let e = x[j + 1] + x[j + 3] - 2, h = x[j + 1] - x[j + 3]
            f = f + 10 * e * e + 0.1 * h * h
            g.add(j + 1, 20 * e + 0.2 * h)
            g.add(j + 3, 20 * e - 0.2 * h)
        }
        return f
    }
}
