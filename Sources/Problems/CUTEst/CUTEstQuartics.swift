// Sums of squares and fourth powers of simple (mostly linear or quadratic) groups, as the
// CUTEst SIF files define them (SIF collection of the CUTEst test set: Gould, Orban & Toint,
// "CUTEst: a Constrained and Unconstrained Testing Environment with safe threads",
// Comput. Optim. Appl. 60 (2015) 545–557). Indices below are 1-based as in the SIF files;
// the code is 0-based.

/// ARWHEAD.SIF (problem 55 in Conn, Gould, Lescrenier & Toint, Report 88/4, FUNDP Namur 1988):
/// f = Σᵢ₌₁ⁿ⁻¹ (xᵢ² + xₙ²)² − 4xᵢ + 3; start xᵢ = 1.
struct ARWHEAD: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: 1, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let n = dimension, last = x[n - 1], lastSquared = last * last
        var f = T(0), gLast = T(0)
        for i in 0..<(n - 1) {
            let s = x[i] * x[i] + lastSquared
            f = f + s * s - 4 * x[i] + 3
            g.add(i, 4 * s * x[i] - 4)
            gLast = gLast + 4 * s * last
        }
        g.add(n - 1, gLast)
        return f
    }
}

/// BDQRTIC.SIF (problem 61 in Conn, Gould, Lescrenier & Toint, Report 88/4, FUNDP Namur 1988):
/// f = Σᵢ₌₁ⁿ⁻⁴ (3 − 4xᵢ)² + (xᵢ² + 2xᵢ₊₁² + 3xᵢ₊₂² + 4xᵢ₊₃² + 5xₙ²)²; start xᵢ = 1.
struct BDQRTIC: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: 1, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let n = dimension, last = x[n - 1], lastTerm = 5 * last * last
        var f = T(0), gLast = T(0)
        for i in 0..<(n - 4) {
            let l = 3 - 4 * x[i]
            let q1: T = x[i] * x[i] + 2 * (x[i + 1] * x[i + 1])
            let q2: T = 3 * (x[i + 2] * x[i + 2]) + 4 * (x[i + 3] * x[i + 3])
            let q = q1 + q2 + lastTerm
            f = f + l * l + q * q
            g.add(i, -8 * l + 4 * q * x[i])
            g.add(i + 1, 8 * q * x[i + 1])
            g.add(i + 2, 12 * q * x[i + 2])
            g.add(i + 3, 16 * q * x[i + 3])
            gLast = gLast + 20 * q * last
        }
        g.add(n - 1, gLast)
        return f
    }
}

/// ENGVAL1.SIF (problem 31 in Toint, Report 83/4, FUNDP Namur 1983):
/// f = Σᵢ₌₁ⁿ⁻¹ (xᵢ² + xᵢ₊₁²)² + 3 − 4xᵢ; start xᵢ = 2.
struct ENGVAL1: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: 2, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = T(0)
        for i in 0..<(dimension - 1) {
            let s = x[i] * x[i] + x[i + 1] * x[i + 1]
            f = f + s * s + 3 - 4 * x[i]
            g.add(i, 4 * s * x[i] - 4)
            g.add(i + 1, 4 * s * x[i + 1])
        }
        return f
    }
}

/// NONDQUAR.SIF (problem 57 in Conn, Gould, Lescrenier & Toint, Report 88/4, FUNDP Namur 1988):
/// f = Σᵢ₌₁ⁿ⁻² (xᵢ + xᵢ₊₁ + xₙ)⁴ + (x₁ − x₂)² + (xₙ₋₁ − xₙ)²; start (1, −1, 1, −1, …).
struct NONDQUAR: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { (0..<dimension).map { $0 % 2 == 0 ? 1 : -1 } }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let n = dimension, last = x[n - 1]
        var f = T(0), gLast = T(0)
        for i in 0..<(n - 2) {
            let s = x[i] + x[i + 1] + last, s3 = s * s * s
            f = f + s3 * s
            g.add(i, 4 * s3)
            g.add(i + 1, 4 * s3)
            gLast = gLast + 4 * s3
        }
        let head = x[0] - x[1], tail = x[n - 2] - last
        f = f + head * head + tail * tail
        g.add(0, 2 * head)
        g.add(1, -2 * head)
        g.add(n - 2, 2 * tail)
        g.add(n - 1, gLast - 2 * tail)
        return f
    }
}

/// POWER.SIF (Oren, Management Science 20(5), 1974; Buckley #179): f = (Σᵢ i·xᵢ²)²; start xᵢ = 1.
struct POWER: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: 1, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var s = T(0)
        for i in 0..<dimension { s = s + Double(i + 1) * x[i] * x[i] }
        if g.isActive {
            for i in 0..<dimension { g.add(i, 4 * Double(i + 1) * s * x[i]) }
        }
        return s * s
    }
}

/// DQRTIC.SIF and QUARTC.SIF (problem 157 in Buckley, TR 1989CS-3, Dalhousie 1989; the two files define the same f and
/// start, with different default n): f = Σᵢ (xᵢ − i)⁴; start xᵢ = 2.
struct ShiftedQuartic: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: 2, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = T(0)
        for i in 0..<dimension {
            let d = x[i] - Double(i + 1), d3 = d * d * d
            f = f + d3 * d
            g.add(i, 4 * d3)
        }
        return f
    }
}

/// VARDIM.SIF (Moré, Garbow & Hillstrom 1981, problem 25, variably dimensioned):
/// f = Σᵢ (xᵢ − 1)² + r² + r⁴ with r = Σᵢ i·xᵢ − n(n + 1)/2; start xᵢ = 1 − i/n.
struct VARDIM: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] {
        let n = Double(dimension), oneOverN = 1 / n
        return (1...dimension).map { 1 - Double($0) * oneOverN }
    }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let n = Double(dimension)
        var f = T(0), r = T(-(n * (n + 1) * 0.5))
        for i in 0..<dimension {
            let d = x[i] - 1
            f = f + d * d
            r = r + Double(i + 1) * x[i]
        }
        let r2 = r * r
        if g.isActive {
            let outer = 2 * r + 4 * r2 * r
            for i in 0..<dimension { g.add(i, 2 * (x[i] - 1) + Double(i + 1) * outer) }
        }
        return f + r2 + r2 * r2
    }
}

/// DIXON3DQ.SIF (Dixon's quadratic, problem 156 in Buckley, TR 1989CS-3, Dalhousie 1989):
/// f = (x₁ − 1)² + Σᵢ₌₂ⁿ⁻¹ (xᵢ − xᵢ₊₁)² + (xₙ − 1)²; start xᵢ = −1.
struct DIXON3DQ: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: -1, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let n = dimension
        var f = squaredOffset(x[0], 0, g) + squaredOffset(x[n - 1], n - 1, g)
        if n > 2 {
            for i in 1..<(n - 1) {
                let d = x[i] - x[i + 1]
                f = f + d * d
                g.add(i, 2 * d)
                g.add(i + 1, -2 * d)
            }
        }
        return f
    }
}

/// TRIDIA.SIF (problem 8 in Toint, Report 83/4, FUNDP Namur 1983; α = 2, β = 1, γ = 1, δ = 1):
/// f = γ(δx₁ − 1)² + Σᵢ₌₂ⁿ i(αxᵢ − βxᵢ₋₁)²; start xᵢ = 1.
struct TRIDIA: CUTEstFunction {
    let dimension: Int
    let alpha = 2.0, beta = 1.0, gamma = 1.0, delta = 1.0
    func start() -> [Double] { Array(repeating: 1, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let first = delta * x[0] - 1
        var f = gamma * first * first
        g.add(0, 2 * gamma * delta * first)
        for i in 1..<dimension {
            let weight = Double(i + 1), d = alpha * x[i] - beta * x[i - 1]
            f = f + weight * d * d
            g.add(i, 2 * weight * alpha * d)
            g.add(i - 1, -2 * weight * beta * d)
        }
        return f
    }
}

/// TQUARTIC.SIF (Toint, private communication):
/// f = (x₁ − 1)² + Σᵢ₌₂ⁿ (x₁² − xᵢ²)²; start xᵢ = 0.1.
struct TQUARTIC: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: 0.1, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        let firstSquared = x[0] * x[0]
        var f = squaredOffset(x[0], 0, g), gFirst = T(0)
        for i in 1..<dimension {
            let d = firstSquared - x[i] * x[i]
            f = f + d * d
            gFirst = gFirst + 4 * d * x[0]
            g.add(i, -4 * d * x[i])
        }
        g.add(0, gFirst)
        return f
    }
}

/// DQDRTIC.SIF (problem 22 in Toint, Report 83/4, FUNDP Namur 1983: a diagonal quadratic):
/// f = Σᵢ₌₁ⁿ⁻² xᵢ² + 100xᵢ₊₁² + 100xᵢ₊₂²; start xᵢ = 3. The SIF text was not available here:
/// the formula is read from JuliaSmoothOptimizers/OptimizationProblems.jl
/// (src/PureJuMP/dqdrtic.jl, a transcription citing DQDRTIC.SIF).
struct DQDRTIC: CUTEstFunction {
    let dimension: Int
    func start() -> [Double] { Array(repeating: 3, count: dimension) }

    func evaluate<T: ADScalar, G: GradientSink>(_ x: UnsafeBufferPointer<T>, _ g: G) -> T where G.Scalar == T {
        var f = T(0)
        for i in 0..<(dimension - 2) {
            f = f + x[i] * x[i] + 100 * (x[i + 1] * x[i + 1]) + 100 * (x[i + 2] * x[i + 2])
            g.add(i, 2 * x[i])
            g.add(i + 1, 200 * x[i + 1])
            g.add(i + 2, 200 * x[i + 2])
        }
        return f
    }
}
