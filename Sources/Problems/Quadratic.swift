import CLapack
import Foundation
import Optim

/// f(x) = ½ xᵀQx − bᵀx with Q symmetric positive definite; ∇f(x) = Qx − b, minimized at
/// x* = Q⁻¹b (computed by a LAPACKE Cholesky solve) with f* = −½ bᵀx*.
///
/// Qx goes through CBLAS dsymv on Q's upper triangle. A work buffer for Qx is kept, so one
/// instance must not be evaluated from two threads at once; a `replica()` shares Q, b and x*
/// (arrays, not copied) with a work buffer of its own.
public final class Quadratic: QuadraticObjective, ReplicableObjective {
    public let dimension: Int
    /// Q, n × n, symmetric positive definite.
    public let hessian: Matrix
    /// b.
    public let linearTerm: [Double]
    /// x* = Q⁻¹b.
    public let minimizer: [Double]
    /// f* = −½ bᵀx*.
    public let minimum: Double
    private let work: Vector

    /// Checks that Q is square, symmetric (to 1e-12 relative to its largest element) and
    /// positive definite, and that b has n elements.
    /// - Throws: `QuadraticError` saying which requirement failed.
    public init(hessian q: Matrix, linearTerm b: [Double]) throws(QuadraticError) {
        guard q.isSquare, q.rows >= 1 else { throw .notSquare(rows: q.rows, columns: q.columns) }
        guard b.count == q.rows else { throw .linearTermLength(expected: q.rows, actual: b.count) }
        guard q.elements.allSatisfy(\.isFinite), b.allSatisfy(\.isFinite) else { throw .nonFinite }
        let scale = q.elements.reduce(0) { max($0, abs($1)) }
        guard q.asymmetry <= 1e-12 * max(scale, .leastNormalMagnitude) else { throw .notSymmetric(q.asymmetry) }
        let factor: Cholesky
        do { factor = try Cholesky(q) } catch {
            if case .notPositiveDefinite(let k) = error { throw .notPositiveDefinite(order: k) }
            throw .linearAlgebra(error)
        }
        let solution: [Double]
        do { solution = try factor.solve(b) } catch { throw .linearAlgebra(error) }
        dimension = q.rows
        hessian = q
        linearTerm = b
        minimizer = solution
        minimum = -0.5 * zip(b, solution).reduce(0) { $0 + $1.0 * $1.1 }
        work = Vector(count: q.rows)
    }

    private init(sharing other: Quadratic) {
        dimension = other.dimension
        hessian = other.hessian
        linearTerm = other.linearTerm
        minimizer = other.minimizer
        minimum = other.minimum
        work = Vector(count: other.dimension)
    }

    public func replica() -> Quadratic { Quadratic(sharing: self) }

    /// y ← Qx.
    private func multiply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutablePointer<Double>) {
        let n = Int32(dimension)
        hessian.elements.withUnsafeBufferPointer { q in
            cblas_dsymv(CblasRowMajor, CblasUpper, n, 1.0, q.baseAddress, n, x.baseAddress, 1, 0.0, y, 1)
        }
    }

    public func multiplyHessian(_ v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        multiply(v, into: out.baseAddress!)
    }

    public func hessianDiagonal(into out: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<dimension { out[i] = hessian[i, i] }
    }

    /// ∇²f = Q.
    public func hessian(at x: UnsafeBufferPointer<Double>, into h: UnsafeMutableBufferPointer<Double>) {
        _ = h.update(fromContentsOf: hessian.elements)
    }

    public func value(at x: UnsafeBufferPointer<Double>) -> Double {
        multiply(x, into: work.pointer)
        var f = 0.0
        for i in 0..<dimension { f += x[i] * (0.5 * work.storage[i] - linearTerm[i]) }
        return f
    }

    public func valueAndGradient(
        at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        multiply(x, into: g.baseAddress!)
        var f = 0.0
        linearTerm.withUnsafeBufferPointer { b in
            for i in 0..<dimension {
                f += x[i] * (0.5 * g[i] - b[i])
                g[i] -= b[i]
            }
        }
        return f
    }
}

/// Why a quadratic's data were rejected.
public enum QuadraticError: Error, Equatable, CustomStringConvertible {
    case notSquare(rows: Int, columns: Int)
    case linearTermLength(expected: Int, actual: Int)
    case nonFinite
    case notSymmetric(Double)
    case notPositiveDefinite(order: Int)
    case linearAlgebra(LinalgError)

    public var description: String {
        switch self {
        case .notSquare(let r, let c): "Q must be a non-empty square matrix, got \(r)×\(c)"
        case .linearTermLength(let n, let m): "b must have \(n) elements (the size of Q), got \(m)"
        case .nonFinite: "Q and b must be finite numbers"
        case .notSymmetric(let a): "Q must be symmetric (largest |Qij − Qji| = \(a))"
        case .notPositiveDefinite(let k):
            "Q must be positive definite (LAPACKE dpotrf: leading minor of order \(k) is not)"
        case .linearAlgebra(let e): "linear algebra failed: \(e)"
        }
    }
}

extension Quadratic {
    /// A random SPD quadratic with prescribed spectrum: Q = V diag(λ) Vᵀ with λᵢ log-spaced from
    /// `smallestEigenvalue` to `smallestEigenvalue`·`conditionNumber` and V the orthogonal factor
    /// of the QR factorization (LAPACKE dgeqrf/dorgqr) of a matrix of standard normals; b standard
    /// normal.
    /// Q is symmetrized exactly as (A + Aᵀ)/2 after the product.
    /// - Parameters:
    ///   - dimension: n ≥ 1.
    ///   - conditionNumber: κ(Q) = λmax/λmin ≥ 1.
    ///   - smallestEigenvalue: λmin > 0 (default 1): Q's scale, and so f's, since the start is 0.
    ///   - seed: the generator's seed.
    public static func random(
        dimension n: Int, conditionNumber: Double, smallestEigenvalue: Double = 1, seed: UInt64
    ) throws(QuadraticError) -> Quadratic {
        var rng = SeededGenerator(seed: seed)
        var gaussian = Matrix(rows: n, columns: n)
        for k in 0..<(n * n) { gaussian.elements[k] = rng.normal() }
        let basis: Matrix
        do { basis = try gaussian.orthogonalFactor() } catch { throw .linearAlgebra(error) }
        let eigenvalues = Self.logSpacedSpectrum(count: n, conditionNumber: conditionNumber)
            .map { $0 * smallestEigenvalue }
        var scaled = basis
        for i in 0..<n { for j in 0..<n { scaled[i, j] *= eigenvalues[j] } }
        var q = scaled * basis.transposed
        q.symmetrize()
        let b = (0..<n).map { _ in rng.normal() }
        return try Quadratic(hessian: q, linearTerm: b)
    }

    /// What `random` holds at its peak: the Gaussian matrix, V, V scaled, Vᵀ, Q (product and
    /// kept copy) and Q's Cholesky factor, seven dense n × n matrices.
    public static func memoryEstimate(dimension n: Int) -> MemoryEstimate {
        var estimate = MemoryEstimate()
        estimate.add("dense n × n matrices", doubles: 7 * Double(n) * Double(n))
        return estimate
    }

    /// λᵢ = κ^{i/(n−1)}, i = 0…n−1 (just 1 when n = 1).
    public static func logSpacedSpectrum(count n: Int, conditionNumber: Double) -> [Double] {
        guard n > 1 else { return [1] }
        return (0..<n).map { pow(conditionNumber, Double($0) / Double(n - 1)) }
    }
}

