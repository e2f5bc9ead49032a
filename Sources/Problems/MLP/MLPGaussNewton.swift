import CLapack
import Optim

/// The squared-error (identity) head as a least-squares problem: the loss
/// L(θ) = (1/N) Σᵢ ½‖zᵢ − tᵢ‖² + (λ/2) Σₗ ‖Wₗ‖² is Σ rⱼ² with the residuals (zᵢₖ − tᵢₖ)/√(2N)
/// and √(λ/2)·Wₗ, so its Gauss–Newton matrix is 2JᵀJ = (1/N) J_zᵀJ_z + λ·P_W, J_z = ∂z/∂θ the
/// outputs' Jacobian (N·n_L × n) and P_W the projection on the weights.
extension MLPObjective: GaussNewtonProductObjective {
    public var isSumOfSquares: Bool { architecture.head == .identity }

    /// Gv = (1/N) J_zᵀ(J_z v) + λ v_W without J_z: the R-forward pass gives J_z v = R{A_L}
    /// (Pearlmutter 1994); backpropagating U_L = R{A_L}/N through the network as a gradient —
    /// Uₗ₋₁ = (UₗWₗᵀ)∘f'(Aₗ₋₁), Jᵀ-products Hₗ₋₁ᵀUₗ and 1ᵀUₗ — gives J_zᵀU_L (Schraudolph 2002
    /// with the identity output and squared-error loss, whose Hessian is I/N). Unlike
    /// `hessianVectorProduct` no term carries the residuals z − t: no f'', no GₗVₗᵀ, no R{Hₗ₋₁}ᵀGₗ.
    /// One forward, one R-forward and one backward pass: cheaper than the exact product.
    public func gaussNewtonProduct(
        at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(
            isSumOfSquares, "Gauss–Newton products need the identity head; unsupportedReason should have refused it")
        let theta = x.baseAddress!, dir = v.baseAddress!
        useAllSamples()
        _ = forward(theta, withOutputGradient: false)
        directionalForward(theta, dir)
        let L = architecture.layerCount, count = sampleCount * architecture.sizes[L]
        let rAL = directionalBuffers().ra[L - 1].pointer, gL = g[L - 1].pointer, scale = 1 / Double(sampleCount)
        for i in 0..<count { gL[i] = rAL[i] * scale }
        backward(theta, into: out.baseAddress!, penaltyOn: dir)
    }
}
