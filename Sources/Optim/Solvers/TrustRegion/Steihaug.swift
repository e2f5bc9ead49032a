/// Steihaug–Toint conjugate gradient for the trust-region subproblem, N&W Algorithm 7.2
/// (Steihaug 1983; Toint 1981). CG on Bp = −g from z₀ = 0, r₀ = g, d₀ = −g, with
/// αⱼ = rⱼᵀrⱼ / dⱼᵀBdⱼ, zⱼ₊₁ = zⱼ + αⱼdⱼ, rⱼ₊₁ = rⱼ + αⱼBdⱼ, βⱼ₊₁ = rⱼ₊₁ᵀrⱼ₊₁ / rⱼᵀrⱼ,
/// dⱼ₊₁ = −rⱼ₊₁ + βⱼ₊₁dⱼ, stopping
/// - on negative curvature dⱼᵀBdⱼ ≤ 0: p = zⱼ + τdⱼ with ‖p‖ = Δ, τ the root of the two
///   that gives the smaller m;
/// - when zⱼ₊₁ would leave the region: p = zⱼ + τdⱼ, τ ≥ 0, ‖p‖ = Δ;
/// - when ‖rⱼ₊₁‖ ≤ εₖ = min(½, √‖g‖)·‖g‖ (the forcing sequence of N&W eq. 7.3 and
///   scipy's `trust-ncg`): p = zⱼ₊₁;
/// - after n iterations (where CG ends in exact arithmetic): p = zₙ.
///
/// Hessian-free: one product Bdⱼ per CG iteration (`HessianProducts`), so with an objective's
/// own Hessian-vector products it needs O(n) memory. m(0) − m(p) comes from the recursion
/// (m(zⱼ₊₁) = m(zⱼ) − ½αⱼrⱼᵀrⱼ), without another product.
public struct Steihaug: TrustRegionSubproblem {
    private var cg = TruncatedCG()
    /// CG iterations of the last solve.
    public private(set) var lastIterations = 0

    public init() {}

    public var summary: String { "Steihaug–Toint CG" }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        TruncatedCG.unsupportedReason(for: objective)
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        cg.start(objective: objective)
    }

    public mutating func prepare<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        try cg.prepare(state, objective: objective)
    }

    /// Works on a matrix the caller gives (`prepare(matrix:)`: SR1's B) instead of ∇²f.
    mutating func startWithGivenMatrix(dimension n: Int) {
        cg.startWithGivenMatrix(dimension: n)
    }

    /// B = `matrix` (row-major n × n, both triangles), after `startWithGivenMatrix`.
    func prepare(matrix: Vector) {
        cg.load(matrix)
    }

    public mutating func solve<O: Objective>(_ state: IterationState, objective: O, radius: Double,
                                             into step: Vector) throws(SolverFailure) -> TrustRegionStep {
        let tolerance = cg.restart(gradient: state.gradient)
        var modelChange = 0.0   // m(zⱼ) − f
        lastIterations = 0
        for _ in 0..<state.dimension {
            lastIterations += 1
            let curvature = try cg.curvature(at: state, objective: objective)
            if curvature <= 0 {
                return toBoundary(radius: radius, modelChange: modelChange, curvature: curvature, step: step)
            }
            let alpha = cg.residualSquared / curvature
            let (z, d) = (cg.z, cg.d)
            if (z.dot(z) + 2 * alpha * z.dot(d) + alpha * alpha * d.dot(d)).squareRoot() >= radius {
                return toBoundary(radius: radius, modelChange: modelChange, curvature: curvature, step: step)
            }
            modelChange -= 0.5 * alpha * cg.residualSquared
            if cg.advance(by: alpha) <= tolerance { break }
            cg.nextDirection()
        }
        Kernels.copy(cg.z.readOnly, into: step.storage)
        return TrustRegionStep(predictedReduction: -modelChange, onBoundary: false)
    }

    /// p = z + τd on ‖p‖ = Δ: of the two roots τ₋ ≤ 0 ≤ τ₊ the one with the smaller model
    /// value m(z + τd) = m(z) + τ rᵀd + ½τ² dᵀBd.
    private func toBoundary(radius: Double, modelChange: Double, curvature: Double, step: Vector) -> TrustRegionStep {
        let (z, d) = (cg.z, cg.d)
        let (lower, upper) = boundaryRoots(z: z, d: d, radius: radius)
        let slope = cg.r.dot(d)
        func change(_ tau: Double) -> Double { tau * slope + 0.5 * tau * tau * curvature }
        let tau = change(lower) < change(upper) ? lower : upper
        Kernels.addScaled(z.readOnly, tau, d.readOnly, into: step.storage)
        return TrustRegionStep(predictedReduction: -(modelChange + change(tau)), onBoundary: true)
    }
}
