/// A sum of squares f = Σ rᵢ² whose Jacobian J is never formed: it offers the Gauss–Newton
/// products Gv = 2Jᵀ(Jv) — the model of ∇²f that drops the residual-weighted second
/// derivatives Σ 2rᵢ∇²rᵢ — each from one forward pass along v (Jv, forward mode / the
/// R-operator) and one reverse pass (Jᵀu), as Schraudolph 2002 ("Fast curvature matrix-vector
/// products for second-order gradient descent", Neural Computation 14) computes the
/// generalized Gauss–Newton product, and Martens 2010 ("Deep learning via Hessian-free
/// optimization", ICML) uses it. G is positive semidefinite, and equal to ∇²f where every rᵢ
/// is 0 or affine in x.
public protocol GaussNewtonProductObjective: Objective {
    /// Whether f is a sum of squares (an objective may offer the products for some of its
    /// configurations only: a network's squared-error head, not its cross-entropy).
    var isSumOfSquares: Bool { get }

    /// Writes Gv = 2Jᵀ(Jv) at x into `out` (n elements, overwritten).
    func gaussNewtonProduct(at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
                            into out: UnsafeMutableBufferPointer<Double>)
}

/// Counting: each Gauss–Newton product counts as one Hessian-vector product
/// (`hessianVectorProducts`, `hessian_vector_products` in JSON): it costs what the exact
/// product costs, a forward and a reverse pass, less the second-derivative terms.
extension CountedObjective: GaussNewtonProductObjective where Base: GaussNewtonProductObjective {
    package var isSumOfSquares: Bool { base.isSumOfSquares }

    package func gaussNewtonProduct(at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
                                   into out: UnsafeMutableBufferPointer<Double>) {
        hessianVectorProducts += 1
        timed { base.gaussNewtonProduct(at: x, direction: v, into: out) }
    }
}

/// Whether the least-squares solvers take `objective` matrix-free: it has no dense Jacobian
/// (`LeastSquaresObjective`, which they prefer) but is a sum of squares with Gauss–Newton products.
func takesGaussNewtonProducts<O: Objective>(_ objective: O) -> Bool {
    !(objective is any LeastSquaresObjective) && (objective as? any GaussNewtonProductObjective)?.isSumOfSquares == true
}
