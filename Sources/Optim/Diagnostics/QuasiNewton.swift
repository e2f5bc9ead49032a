/// A solver that keeps an approximation Hₖ of the inverse Hessian ∇²f(xₖ)⁻¹ and can apply it.
public protocol QuasiNewtonSolver: Solver {
    /// out ← Hₖ v, with the Hₖ the next step will use (both n elements).
    func applyInverseHessian(to v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>)
    /// Hₖ as a dense n × n matrix.
    func materializedInverseHessian(dimension n: Int) -> Matrix
}

extension QuasiNewtonSolver {
    /// Hₖ as a dense n × n matrix, column j = Hₖ eⱼ (for L-BFGS: the two-loop recursion
    /// applied to the unit vectors).
    public func materializedInverseHessian(dimension n: Int) -> Matrix {
        Matrix(dimension: n) { unit, column in applyInverseHessian(to: unit, into: column) }
    }
}

extension BFGS: QuasiNewtonSolver {
    public func materializedInverseHessian(dimension n: Int) -> Matrix { inverseHessian }
}

extension LBFGS: QuasiNewtonSolver {
    public func applyInverseHessian(to v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        memoryForInspection.applyInverseHessian(to: v, into: out)
    }
}
