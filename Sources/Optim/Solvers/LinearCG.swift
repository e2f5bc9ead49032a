/// Linear conjugate gradient for quadratics f(x) = ½xᵀQx − bᵀx, i.e. for Qx = b
/// (Hestenes & Stiefel 1952; N&W Algorithm 5.2, preconditioned: Algorithm 5.3):
///   rₖ = ∇f(xₖ) = Qxₖ − b,  zₖ = M⁻¹rₖ,  αₖ = rₖᵀzₖ / pₖᵀQpₖ,  xₖ₊₁ = xₖ + αₖpₖ,
///   rₖ₊₁ = rₖ + αₖQpₖ,  βₖ₊₁ = rₖ₊₁ᵀzₖ₊₁ / rₖᵀzₖ,  pₖ₊₁ = −zₖ₊₁ + βₖ₊₁pₖ.
/// One Hessian-vector product per iteration and no function evaluations after x₀: the
/// gradient is the recursively updated residual and f is updated exactly for a quadratic,
/// f(x + αp) = f(x) + α rᵀp + ½α² pᵀQp. In exact arithmetic it terminates in at most as
/// many iterations as Q (or M⁻¹Q) has distinct eigenvalues (N&W Theorem 5.4). The recursion
/// for f drifts in floating point, so `finish` evaluates f at the returned x (one f evaluation).
public struct LinearCG: Solver {
    /// Jacobi (diagonal) preconditioning M = diag(Q).
    public var jacobi: Bool

    private var p = Vector(count: 0)
    private var qp = Vector(count: 0)
    private var z = Vector(count: 0)
    private var inverseDiagonal = Vector(count: 0)
    private var rz = 0.0

    public init(jacobi: Bool = false) {
        self.jacobi = jacobi
    }

    public var summary: String { "linear conjugate gradient\(jacobi ? " (Jacobi preconditioner)" : "")" }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        Unsupported.requiring(.quadratic, of: objective)
    }

    /// z ← M⁻¹r.
    private func precondition(_ r: Vector) {
        if jacobi {
            let zp = z.pointer, rp = r.pointer, m = inverseDiagonal.pointer
            for i in 0..<z.count { zp[i] = m[i] * rp[i] }
        } else {
            Kernels.copy(r.readOnly, into: z.storage)
        }
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        let n = state.dimension
        p = try Vector(allocating: n)
        qp = try Vector(allocating: n)
        z = try Vector(allocating: n)
        inverseDiagonal = try Vector(allocating: n)
        if jacobi, let quadratic = objective as? any QuadraticObjective {
            quadratic.hessianDiagonal(into: inverseDiagonal.storage)
            for i in 0..<n { inverseDiagonal[i] = 1 / inverseDiagonal[i] }
        }
        precondition(state.gradient)
        Kernels.scaled(-1, z.readOnly, into: p.storage)
        rz = state.gradient.dot(z)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        guard let quadratic = objective as? any QuadraticObjective else {
            preconditionFailure("LinearCG on a non-quadratic objective; unsupportedReason should have refused it")
        }
        let r = state.gradient
        quadratic.multiplyHessian(p.readOnly, into: qp.storage)
        let curvature = p.dot(qp)
        guard curvature.isFinite else { throw .nonFiniteCurvature(curvature) }
        guard curvature > 0 else { throw .nonPositiveCurvature(curvature) }
        let alpha = rz / curvature
        let value = state.value + alpha * r.dot(p) + 0.5 * alpha * alpha * curvature
        Kernels.addScaled(state.x.readOnly, alpha, p.readOnly, into: state.trialX.storage)
        Kernels.addScaled(r.readOnly, alpha, qp.readOnly, into: state.trialGradient.storage)
        state.acceptTrial(value: value, stepLength: alpha)
        precondition(state.gradient)
        let rzNext = state.gradient.dot(z)
        let beta = rzNext / rz
        rz = rzNext
        let pp = p.pointer, zp = z.pointer
        for i in 0..<p.count { pp[i] = -zp[i] + beta * pp[i] }
    }

    public mutating func finish<O: Objective>(_ state: IterationState, objective: O) -> ResultExtras? {
        guard state.iteration > 0, state.mayEvaluate else { return nil }
        state.refreshValue(objective.value(at: state.x.readOnly))
        return nil
    }
}

extension LinearCG: Configurable {
    /// The preconditioners, as people name them.
    public enum Preconditioner: String, Sendable, CaseIterable {
        case none, jacobi
    }

    /// `jacobi` as a choice between the preconditioners.
    public var preconditioner: Preconditioner {
        get { jacobi ? .jacobi : .none }
        set { jacobi = newValue == .jacobi }
    }

    public static var parameters: [Parameter<LinearCG>] {
        [.choice("preconditioner", \.preconditioner, "none, or Jacobi (M = diag Q)")]
    }
}
