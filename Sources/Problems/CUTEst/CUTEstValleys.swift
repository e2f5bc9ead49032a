// Rosenbrock-like valleys c(a − b²)² chained along x, as the CUTEst SIF files define them
// (a group with 'SCALE' s is divided by s, so s = 0.01 gives the factor 100). Indices in the
// formulas are 1-based as in the SIF files; the code is 0-based.

/// Adds c(a − b²)² at variables (ia, ib) to f and its gradient to g.
@inline(__always)
private func valley<T: ADScalar, G: GradientSink>(_ c: Double, _ a: T, _ b: T, _ ia: Int, _ ib: Int, _ g: G) -> T where G.Scalar == T {
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
