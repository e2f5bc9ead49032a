/// The dogleg method for the trust-region subproblem, N&W §4.1 (Powell 1970): with B positive
/// definite, the Newton point p_B = −B⁻¹g (LAPACKE Cholesky) and the Cauchy point
/// p_U = −(gᵀg / gᵀBg) g, the step minimizes m along the path 0 → p_U → p_B inside the
/// region (N&W eq. 4.16):
/// - ‖p_B‖ ≤ Δ: p = p_B;
/// - ‖p_U‖ ≥ Δ: p = −Δ g/‖g‖;
/// - otherwise p = p_U + τ(p_B − p_U), τ ∈ [0, 1] with ‖p‖ = Δ.
///
/// When B is not positive definite the path is undefined (scipy's `dogleg` raises an error).
/// Here the model is then made convex as Newton's method does: B is replaced by B + τI with
/// τ from N&W Algorithm 3.3 (`factorWithAddedIdentity`), and p_U, p_B and the predicted
/// reduction are those of the shifted model m(p) + ½τ‖p‖²; `shiftedIterates` counts them.
/// Dense: n ≤ 5000, one Hessian and one factorization per accepted iterate.
public struct Dogleg: DenseModelSubproblem {
    private var model = DenseModel()
    private var factor = Vector(count: 0)
    private var newton = Vector(count: 0)
    private var cauchy = Vector(count: 0)
    private var scratch = Vector(count: 0)
    private var diagonal = Vector(count: 0)
    private var shift = 0.0
    /// Iterates where B was not positive definite and B + τI was used.
    public private(set) var shiftedIterates = 0

    public init() {}

    public var summary: String { "dogleg" }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        let n = state.dimension
        model.start(dimension: n)
        factor = try Vector(allocating: n * n)
        newton = try Vector(allocating: n)
        cauchy = try Vector(allocating: n)
        scratch = try Vector(allocating: n)
        diagonal = try Vector(allocating: n)
        shiftedIterates = 0
    }

    public mutating func prepare<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        try model.prepare(state, objective: objective)
        let g = state.gradient, n = state.dimension
        Kernels.copy(model.hessian.readOnly, into: factor.storage)
        shift = try factorWithAddedIdentity(factor.pointer, diagonal: diagonal.pointer, dimension: n)
        if shift > 0 { shiftedIterates += 1 }
        Kernels.scaled(-1, g.readOnly, into: newton.storage)
        choleskySolveInPlace(factor: factor.pointer, dimension: n, rhs: newton.pointer)
        model.multiply(g, into: scratch)
        let gg = g.dot(g)
        Kernels.scaled(-gg / (g.dot(scratch) + shift * gg), g.readOnly, into: cauchy.storage)
    }

    public mutating func solve<O: Objective>(_ state: IterationState, objective: O, radius: Double,
                                             into step: Vector) throws(SolverFailure) -> TrustRegionStep {
        let onBoundary = Self.path(cauchy: cauchy, newton: newton, radius: radius, into: step, scratch: scratch)
        let shiftTerm = 0.5 * shift * step.dot(step)
        return TrustRegionStep(
            predictedReduction: model.predictedReduction(gradient: state.gradient, step: step) - shiftTerm,
            onBoundary: onBoundary)
    }

    /// The dogleg point at radius Δ (the rules in the type's description; the Cauchy point is
    /// along −g, so −Δ g/‖g‖ = Δ p_U/‖p_U‖).
    /// - Parameters:
    ///   - cauchy: p_U.
    ///   - newton: p_B.
    ///   - step: receives p.
    ///   - scratch: n elements of work space.
    /// - Returns: whether p lies on the boundary ‖p‖ = Δ.
    static func path(cauchy: Vector, newton: Vector, radius: Double, into step: Vector, scratch: Vector) -> Bool {
        if newton.norm2 <= radius {
            Kernels.copy(newton.readOnly, into: step.storage)
            return false
        }
        let cauchyNorm = cauchy.norm2
        if cauchyNorm >= radius {
            Kernels.scaled(radius / cauchyNorm, cauchy.readOnly, into: step.storage)
            return true
        }
        Kernels.addScaled(newton.readOnly, -1, cauchy.readOnly, into: scratch.storage)
        let tau = min(1, boundaryRoots(z: cauchy, d: scratch, radius: radius).upper)
        Kernels.addScaled(cauchy.readOnly, tau, scratch.readOnly, into: step.storage)
        return true
    }
}
