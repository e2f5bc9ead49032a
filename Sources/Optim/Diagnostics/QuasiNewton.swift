/// A solver that keeps an approximation Hₖ of the inverse Hessian ∇²f(xₖ)⁻¹ and can apply it.
public protocol QuasiNewtonSolver: Solver {
    /// out ← Hₖ v, with the Hₖ the next step will use.
    func applyInverseHessian(to v: Vector, into out: Vector)
    /// Hₖ as a dense n × n matrix.
    func materializedInverseHessian(dimension n: Int) -> Matrix
}

extension QuasiNewtonSolver {
    /// Hₖ as a dense n × n matrix, column j = Hₖ eⱼ (for L-BFGS: the two-loop recursion
    /// applied to the unit vectors).
    public func materializedInverseHessian(dimension n: Int) -> Matrix {
        var h = Matrix(rows: n, columns: n)
        let unit = Vector(count: n), column = Vector(count: n)
        for j in 0..<n {
            unit[j] = 1
            applyInverseHessian(to: unit, into: column)
            unit[j] = 0
            for i in 0..<n { h[i, j] = column[i] }
        }
        return h
    }
}

extension BFGS: QuasiNewtonSolver {
    public func materializedInverseHessian(dimension n: Int) -> Matrix { inverseHessian }
}

extension LBFGS: QuasiNewtonSolver {
    public func applyInverseHessian(to v: Vector, into out: Vector) {
        memoryForInspection.applyInverseHessian(to: v, into: out)
    }
}
