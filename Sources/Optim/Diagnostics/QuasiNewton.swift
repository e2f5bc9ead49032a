/// A solver that keeps an approximation Hₖ of the inverse Hessian ∇²f(xₖ)⁻¹ (or one of ∇²f
/// whose inverse it stands for, SR1's Bₖ).
public protocol QuasiNewtonSolver: Solver {
    /// Hₖ, the one the next step will use, as a dense n × n matrix.
    func materializedInverseHessian(dimension n: Int) throws(LinalgError) -> Matrix
}

extension BFGS: QuasiNewtonSolver {
    public func materializedInverseHessian(dimension n: Int) -> Matrix { inverseHessian }
}

extension LBFGS: QuasiNewtonSolver {
    /// Column j = Hₖ eⱼ, the two-loop recursion applied to the unit vectors.
    public func materializedInverseHessian(dimension n: Int) -> Matrix {
        Matrix(dimension: n) { unit, column in memoryForInspection.applyInverseHessian(to: unit, into: column) }
    }
}

extension LBFGSB: QuasiNewtonSolver {
    /// Hₖ = Bₖ⁻¹ for the compact L-BFGS matrix Bₖ = θI − W M Wᵀ that the Cauchy point and the
    /// subspace step use (Byrd, Nocedal & Schnabel 1994, Thm 2.3), formed densely and inverted
    /// by LAPACKE Cholesky: B is positive definite, as only pairs with sᵀy > ε‖y‖² are kept.
    /// It is the matrix of the whole space; on a box, the step uses it on the free variables.
    public func materializedInverseHessian(dimension n: Int) throws(LinalgError) -> Matrix {
        try Cholesky(compactMatrix.dense()).inverse()
    }
}

extension TrustRegion: QuasiNewtonSolver where Subproblem == SymmetricRankOne {
    /// Hₖ = Bₖ⁻¹ = QΛ⁻¹Qᵀ from the eigen-decomposition Bₖ = QΛQᵀ (LAPACKE dsyevd): indefinite
    /// when Bₖ is (same inertia), with infinite entries when Bₖ is singular.
    public func materializedInverseHessian(dimension n: Int) throws(LinalgError) -> Matrix {
        let eigen = try SymmetricEigen(subproblem.approximation, vectors: true)
        guard let q = eigen.vectors else { preconditionFailure("dsyevd asked for eigenvectors returns them") }
        var h = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in i..<n {
                var sum = 0.0
                for k in 0..<n { sum += q[i, k] * q[j, k] / eigen.values[k] }
                h[i, j] = sum
                h[j, i] = sum
            }
        }
        return h
    }
}

/// The inverse-Hessian approximation a quasi-Newton solver holds after a run, in the form the
/// solver keeps it (what the C interface hands out with a result).
package enum InverseHessianState {
    /// Hₖ, n × n, both triangles (BFGS).
    case dense(Matrix)
    /// Hₖ of the two-loop recursion: H₀ = γI updated with the pairs sᵢ = xᵢ₊₁ − xᵢ,
    /// yᵢ = ∇fᵢ₊₁ − ∇fᵢ, oldest first (L-BFGS; L-BFGS-B, whose compact Bₖ with θ has this
    /// inverse with γ = 1/θ).
    case limitedMemory(s: [[Double]], y: [[Double]], gamma: Double)
}

/// A solver whose approximation can be read after a run (nil before any run).
package protocol InverseHessianHolder {
    var inverseHessianState: InverseHessianState? { get }
}

extension BFGS: InverseHessianHolder {
    package var inverseHessianState: InverseHessianState? {
        let h = inverseHessian
        return h.rows == 0 ? nil : .dense(h)
    }
}

extension LBFGS: InverseHessianHolder {
    package var inverseHessianState: InverseHessianState? {
        let memory = memoryForInspection
        guard memory.dimension > 0 else { return nil }
        let pairs = memory.pairs
        return .limitedMemory(s: pairs.map(\.s), y: pairs.map(\.y), gamma: memory.gamma)
    }
}

extension LBFGSB: InverseHessianHolder {
    package var inverseHessianState: InverseHessianState? {
        let memory = compactMatrix, n = memory.dimension
        guard n > 0 else { return nil }
        let column = { (p: UnsafeMutablePointer<Double>) in Array(UnsafeBufferPointer(start: p, count: n)) }
        return .limitedMemory(
            s: (0..<memory.count).map { column(memory.sColumn($0)) },
            y: (0..<memory.count).map { column(memory.yColumn($0)) }, gamma: 1 / memory.theta)
    }
}

/// A solver that can start from a given inverse Hessian H₀ (BFGS's `setInitialInverseHessian`),
/// for callers that hold the solver as `any Solver` (the C interface).
package protocol AcceptsInitialInverseHessian: Solver {
    mutating func setInitialInverseHessian(_ matrix: Matrix?) throws(InvalidParameter)
}

extension BFGS: AcceptsInitialInverseHessian {}
