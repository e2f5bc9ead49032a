import Optim

/// The chained Rosenbrock function (Rosenbrock 1960; the n-dimensional chained form of
/// Moré, Garbow & Hillstrom's "extended" family, as in scipy.optimize.rosen):
///   f(x) = Σᵢ₌₁ⁿ⁻¹ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)²,
/// minimized at x* = (1, …, 1) with f* = 0. Standard start (−1.2, 1, −1.2, 1, …).
/// For n ≥ 4 it also has a local minimizer near (−1, 1, …, 1).
public struct Rosenbrock: HessianObjective, ReplicableObjective, Sendable {
    public let dimension: Int

    /// - Parameter dimension: n ≥ 2.
    public init(dimension: Int) {
        precondition(dimension >= 2, "Rosenbrock needs n ≥ 2")
        self.dimension = dimension
    }

    /// (−1.2, 1, −1.2, 1, …).
    public var standardStart: [Double] { (0..<dimension).map { $0 % 2 == 0 ? -1.2 : 1 } }

    public func value(at x: UnsafeBufferPointer<Double>) -> Double {
        var f0 = 0.0, f1 = 0.0
        var i = 0
        let last = dimension - 1
        while i + 1 < last {
            let t0 = x[i + 1] - x[i] * x[i], u0 = 1 - x[i]
            let t1 = x[i + 2] - x[i + 1] * x[i + 1], u1 = 1 - x[i + 1]
            f0 += 100 * t0 * t0 + u0 * u0
            f1 += 100 * t1 * t1 + u1 * u1
            i += 2
        }
        if i < last {
            let t = x[i + 1] - x[i] * x[i], u = 1 - x[i]
            f0 += 100 * t * t + u * u
        }
        return f0 + f1
    }

    /// The tridiagonal Hessian: ∂²f/∂xᵢ² = 1200xᵢ² − 400xᵢ₊₁ + 2 [i < n] + 200 [i > 1],
    /// ∂²f/∂xᵢ∂xᵢ₊₁ = −400xᵢ; written densely (row-major n × n).
    public func hessian(at x: UnsafeBufferPointer<Double>, into h: UnsafeMutableBufferPointer<Double>) {
        let n = dimension
        h.update(repeating: 0)
        for i in 0..<n {
            var diagonal = 0.0
            if i < n - 1 {
                diagonal += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2
                h[i * n + i + 1] = -400 * x[i]
                h[(i + 1) * n + i] = -400 * x[i]
            }
            if i > 0 { diagonal += 200 }
            h[i * n + i] = diagonal
        }
    }

    /// ∂f/∂xᵢ = −400 xᵢ(xᵢ₊₁ − xᵢ²) − 2(1 − xᵢ) [i < n] + 200(xᵢ − xᵢ₋₁²) [i > 1].
    public func valueAndGradient(
        at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        let n = dimension
        var f0 = 0.0, f1 = 0.0
        g[0] = -400 * x[0] * (x[1] - x[0] * x[0]) - 2 * (1 - x[0])
        f0 += 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0])
        var i = 1
        while i < n - 1 {
            let back = x[i] - x[i - 1] * x[i - 1]
            let t = x[i + 1] - x[i] * x[i], u = 1 - x[i]
            g[i] = -400 * x[i] * t - 2 * u + 200 * back
            if i & 1 == 0 { f0 += 100 * t * t + u * u } else { f1 += 100 * t * t + u * u }
            i += 1
        }
        g[n - 1] = 200 * (x[n - 1] - x[n - 2] * x[n - 2])
        return f0 + f1
    }
}

extension Rosenbrock {
    /// A value without work buffers: itself, evaluable from any thread.
    public func replica() -> Rosenbrock { self }
}
