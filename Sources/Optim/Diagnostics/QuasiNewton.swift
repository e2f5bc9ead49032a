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
