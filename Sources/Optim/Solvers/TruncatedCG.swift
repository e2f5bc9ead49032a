/// The conjugate-gradient iteration on ∇²f p = −g that Newton-CG (N&W Alg. 7.1) and
/// Steihaug–Toint (N&W Alg. 7.2) truncate in their own ways: z₀ = 0, r₀ = g, d₀ = −g;
/// αⱼ = rⱼᵀrⱼ / dⱼᵀBdⱼ, zⱼ₊₁ = zⱼ + αⱼdⱼ, rⱼ₊₁ = rⱼ + αⱼBdⱼ, dⱼ₊₁ = −rⱼ₊₁ + βⱼ₊₁dⱼ with
/// βⱼ₊₁ = rⱼ₊₁ᵀrⱼ₊₁ / rⱼᵀrⱼ, and the forcing tolerance εₖ = min(½, √‖g‖)·‖g‖ (N&W eq. 7.3).
/// The buffers are allocated once by `start`; B = ∇²f(x) comes from `HessianProducts`, or,
/// with `gaussNewtonDamping` λ set, B = G + λI with G the Gauss–Newton products
/// (`GaussNewtonProductObjective`) — positive definite for λ > 0.
struct TruncatedCG {
    private var products = HessianProducts()
    /// λ of B = G + λI; nil for B = ∇²f. Set before `start`.
    var gaussNewtonDamping: Double?
    /// zⱼ, the iterate.
    private(set) var z = Vector(count: 0)
    /// rⱼ = g + Bzⱼ, the model's gradient at zⱼ.
    private(set) var r = Vector(count: 0)
    /// dⱼ, the direction.
    private(set) var d = Vector(count: 0)
    /// Bdⱼ.
    private(set) var bd = Vector(count: 0)
    /// rⱼᵀrⱼ.
    private(set) var residualSquared = 0.0

    static func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        HessianProducts.unsupportedReason(for: objective)
    }

    mutating func start<O: Objective>(objective: O) {
        if gaussNewtonDamping == nil { products.start(objective: objective) }
        allocate(dimension: objective.dimension)
    }

    /// Products with a matrix the caller gives (`load`), not ∇²f: SR1's B.
    mutating func startWithGivenMatrix(dimension n: Int) {
        products.startWithGivenMatrix(dimension: n)
        allocate(dimension: n)
    }

    /// B = `matrix` (row-major n × n, both triangles), after `startWithGivenMatrix`.
    func load(_ matrix: Vector) {
        products.load(matrix)
    }

    private mutating func allocate(dimension n: Int) {
        z = Vector(count: n)
        r = Vector(count: n)
        d = Vector(count: n)
        bd = Vector(count: n)
    }

    /// B = ∇²f at the state's x (a new iterate).
    mutating func prepare<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        if gaussNewtonDamping == nil { try products.prepare(state, objective: objective) }
    }

    /// Restarts from z₀ = 0 at the state's gradient.
    /// - Parameter unit: u of the forcing term min(½, √(‖g‖/u)): 1 for N&W eq. 7.3 as printed,
    ///   ‖∇f(x₀)‖₂ for its scale-invariant form (Newton-CG).
    /// - Returns: εₖ.
    mutating func restart(gradient g: Vector, unit: Double = 1) -> Double {
        let gNorm = g.norm2
        z.storage.update(repeating: 0)
        Kernels.copy(g.readOnly, into: r.storage)
        Kernels.scaled(-1, g.readOnly, into: d.storage)
        residualSquared = gNorm * gNorm
        return min(0.5, (gNorm / unit).squareRoot()) * gNorm
    }

    /// Bdⱼ into `bd` (one product) and dⱼᵀBdⱼ.
    /// - Throws: `.nonFiniteCurvature` when dⱼᵀBdⱼ is NaN or infinite.
    func curvature<O: Objective>(at state: IterationState, objective: O) throws(SolverFailure) -> Double {
        if let lambda = gaussNewtonDamping {
            guard let gaussNewton = objective as? any GaussNewtonProductObjective else {
                preconditionFailure(
                    "Gauss–Newton products on an objective without them; unsupportedReason should have refused it")
            }
            gaussNewton.gaussNewtonProduct(at: state.x.readOnly, direction: d.readOnly, into: bd.storage)
            if lambda != 0 { Kernels.axpy(lambda, d.readOnly, bd.storage) }
        } else {
            products.multiply(d, into: bd, at: state, objective: objective)
        }
        let curvature = d.dot(bd)
        guard curvature.isFinite else { throw .nonFiniteCurvature(curvature) }
        return curvature
    }

    /// zⱼ₊₁ = zⱼ + αdⱼ, rⱼ₊₁ = rⱼ + αBdⱼ. - Returns: ‖rⱼ₊₁‖.
    func advance(by alpha: Double) -> Double {
        Kernels.axpy(alpha, d.readOnly, z.storage)
        Kernels.axpy(alpha, bd.readOnly, r.storage)
        return r.norm2
    }

    /// The truncated-Newton direction of N&W Algorithm 7.1 into `z`: CG from z₀ = 0 stopped
    /// when ‖rⱼ‖ ≤ εₖ, at the first direction of non-positive curvature (z = zⱼ, or −g at
    /// j = 0), or after n iterations. - Returns: the CG iterations (products) taken.
    mutating func truncatedNewtonDirection<O: Objective>(
        _ state: IterationState, objective: O, unit: Double = 1
    ) throws(SolverFailure) -> Int {
        let g = state.gradient, tolerance = restart(gradient: g, unit: unit)
        for j in 0..<state.dimension {
            let curvature = try curvature(at: state, objective: objective)
            if curvature <= 0 {
                if j == 0 { Kernels.scaled(-1, g.readOnly, into: z.storage) }
                return j + 1
            }
            if advance(by: residualSquared / curvature) <= tolerance { return j + 1 }
            nextDirection()
        }
        return state.dimension
    }

    /// dⱼ₊₁ = −rⱼ₊₁ + βⱼ₊₁dⱼ, after `advance`.
    mutating func nextDirection() {
        let next = r.dot(r)
        Kernels.scal(next / residualSquared, d.storage)
        Kernels.axpy(-1, r.readOnly, d.storage)
        residualSquared = next
    }
}
