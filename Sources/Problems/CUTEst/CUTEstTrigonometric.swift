// Nonconvex sums with trigonometric and exponential terms, as the CUTEst SIF files define
// them. Indices in the formulas are 1-based as in the SIF files; the code is 0-based.

/// COSINE.SIF (N. Gould, 1996): f = Σᵢ₌₁ⁿ⁻¹ cos(xᵢ² − 0.5xᵢ₊₁); start xᵢ = 1; f ≥ −(n − 1).
struct COSINE: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: 1, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = T(0)
        for i in 0..<(dimension - 1) {
            let u = x[i] * x[i] - 0.5 * x[i + 1]
            f = f + T.cos(u)
            if g.isActive {
                let s = T.sin(u)
                g.add(i, -2 * s * x[i])
                g.add(i + 1, 0.5 * s)
            }
        }
        return f
    }
}

/// EG2.SIF (Conn, Gould & Toint, LANCELOT, Springer 1992):
/// f = Σᵢ₌₁ⁿ⁻¹ sin(x₁ + xᵢ² − 1) + ½ sin(xₙ²); start xᵢ = 0.
struct EG2: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: 0, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let n = dimension, last = x[n - 1], lastSquared = last * last
        var f = 0.5 * T.sin(lastSquared), gFirst = T(0)
        for i in 0..<(n - 1) {
            let u = x[0] + x[i] * x[i] - 1
            f = f + T.sin(u)
            if g.isActive {
                let c = T.cos(u)
                gFirst = gFirst + c
                g.add(i, 2 * c * x[i])
            }
        }
        g.add(0, gFirst)
        if g.isActive { g.add(n - 1, last * T.cos(lastSquared)) }
        return f
    }
}

/// GENHUMPS.SIF (Ph. Toint, 1997, with ζ = 20):
/// f = Σᵢ₌₁ⁿ⁻¹ sin²(ζxᵢ) sin²(ζxᵢ₊₁) + 0.05(xᵢ² + xᵢ₊₁²); start (−506, −506.2, …, −506.2).
struct GENHUMPS: CUTEstFunction {
    let dimension: Int
    static let zeta = 20.0
    func start() -> [Double] { [-506] + Array(repeating: -506.2, count: dimension - 1) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let zeta = Self.zeta
        var f = T(0)
        var s = T.sin(zeta * x[0]), c = T.cos(zeta * x[0])
        for i in 0..<(dimension - 1) {
            let sNext = T.sin(zeta * x[i + 1]), cNext = T.cos(zeta * x[i + 1])
            let s2 = s * s, sNext2 = sNext * sNext
            let squares: T = x[i] * x[i] + x[i + 1] * x[i + 1]
            f = f + s2 * sNext2 + 0.05 * squares
            g.add(i, 2 * zeta * s * c * sNext2 + 0.1 * x[i])
            g.add(i + 1, 2 * zeta * s2 * sNext * cNext + 0.1 * x[i + 1])
            s = sNext
            c = cNext
        }
        return f
    }
}

/// NONCVXU2.SIF (N. Gould, 1996, "a nonconvex unconstrained function with a unique minimum
/// value"): f = Σᵢ₌₁ⁿ (xᵢ + xⱼ + xₖ)² + 4cos(xᵢ + xⱼ + xₖ) with j = ((3i − 2) mod n) + 1 and
/// k = ((7i − 3) mod n) + 1; start xᵢ = i.
struct NONCVXU2: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { (1...dimension).map(Double.init) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let n = dimension
        var f = T(0)
        for i in 0..<n {
            let row = i + 1, j = (3 * row - 2) % n, k = (7 * row - 3) % n
            let v = x[i] + x[j] + x[k]
            f = f + v * v + 4 * T.cos(v)
            if g.isActive {
                let slope = 2 * v - 4 * T.sin(v)
                g.add(i, slope)
                g.add(j, slope)
                g.add(k, slope)
            }
        }
        return f
    }
}

/// SCHMVETT.SIF (Schmidt & Vetters, Numer. Math. 15, 1970; Toint #35):
/// f = Σᵢ₌₁ⁿ⁻² −1/(1 + (xᵢ − xᵢ₊₁)²) − sin((πxᵢ₊₁ + xᵢ₊₂)/2) − exp(−((xᵢ + xᵢ₊₂)/xᵢ₊₁ − 2)²),
/// with π written 3.14159265 as in the file; start xᵢ = 0.5.
struct SCHMVETT: CUTEstFunction {
    let dimension: Int
    static let pi = 3.14159265
    func start() -> [Double] { Array(repeating: 0.5, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = T(0)
        for i in 0..<(dimension - 2) {
            let u = x[i] - x[i + 1], t = 1 + u * u
            let half = 0.5 * (Self.pi * x[i + 1] + x[i + 2])
            let sum = x[i] + x[i + 2]
            let a = sum / x[i + 1] - 2, e = T.exp(-(a * a))
            f = f - 1 / t - T.sin(half) - e
            if g.isActive {
                let du = 2 * u / (t * t), dHalf = -0.5 * T.cos(half), da = 2 * a * e, ratio = 1 / x[i + 1]
                g.add(i, du + da * ratio)
                g.add(i + 1, -du + Self.pi * dHalf - da * sum * ratio * ratio)
                g.add(i + 2, dHalf + da * ratio)
            }
        }
        return f
    }
}

/// TOINTGSS.SIF (problem 21 in Toint, Report 83/4, FUNDP Namur 1983: Toint's Gaussian):
/// f = Σᵢ₌₁ⁿ⁻² (10/(n − 2) + xᵢ₊₂²)(2 − exp(−(xᵢ − xᵢ₊₁)²/(0.1 + xᵢ₊₂²))); start xᵢ = 3.
struct TOINTGSS: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: 3, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let ap = 10 / Double(dimension - 2)
        var f = T(0)
        for i in 0..<(dimension - 2) {
            let u1 = x[i] - x[i + 1], u2 = x[i + 2], u2Squared = u2 * u2
            let t = 0.1 + u2Squared, e = T.exp(-(u1 * u1) / t)
            let scale = ap + u2Squared
            f = f + scale * (2 - e)
            // ∂e/∂u₁ = −2u₁e/t, ∂e/∂u₂ = 2u₁²u₂e/t².
            let du1 = scale * 2 * u1 * e / t
            let du2 = 2 * u2 * (2 - e) - scale * 2 * u1 * u1 * u2 * e / (t * t)
            g.add(i, du1)
            g.add(i + 1, -du1)
            g.add(i + 2, du2)
        }
        return f
    }
}

/// SINQUAD.SIF (N. Gould, private communication, 1989): f = (x₁ − 1)⁴
/// + Σᵢ₌₂ⁿ⁻¹ (xᵢ² − x₁² + sin(xᵢ − xₙ)) + (xₙ² − x₁²)²; start xᵢ = 0.1. The middle groups are
/// linear: the file gives them no group type (its header calls it the "incorrectly decoded
/// version" and SINQUAD2.SIF squares them), so f is bounded below but not by the file's
/// object bound 0. Read from S2MPJ's sif/SINQUAD.SIF; OptimizationProblems.jl's sinquad.jl
/// squares the middle groups, i.e. transcribes SINQUAD2.
struct SINQUAD: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: 0.1, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let n = dimension, first = x[0], last = x[n - 1], firstSquared = first * first
        let a = first - 1, a3 = a * a * a
        let b = last * last - firstSquared
        var f = a3 * a + b * b
        var gFirst = 4 * a3 - 4 * b * first, gLast = 4 * b * last
        for i in 1..<(n - 1) {
            let s = T.sin(x[i] - last), c = T.cos(x[i] - last)
            f = f + x[i] * x[i] - firstSquared + s
            g.add(i, 2 * x[i] + c)
            gFirst = gFirst - 2 * first
            gLast = gLast - c
        }
        g.add(0, gFirst)
        g.add(n - 1, gLast)
        return f
    }
}
