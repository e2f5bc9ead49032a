import CLapack

/// The nearly exact solution of the trust-region subproblem, Moré & Sorensen, SIAM J. Sci.
/// Stat. Comput. 4(3) 1983 (N&W §4.3, Algorithm 4.3): p(λ) = −(B + λI)⁻¹g with λ ≥ 0,
/// B + λI positive semidefinite, and λ(Δ − ‖p‖) = 0.
///
/// - B positive definite (LAPACKE Cholesky succeeds at λ = 0) and ‖B⁻¹g‖ ≤ Δ: the Newton
///   step p = −B⁻¹g, inside the region.
/// - B positive definite, ‖B⁻¹g‖ > Δ: Newton's method on 1/Δ − 1/‖p(λ)‖ = 0 (N&W eq. 4.44,
///   λ ← λ + (‖p‖/‖q‖)²(‖p‖ − Δ)/Δ with LLᵀ = B + λI, ‖q‖² = pᵀ(B + λI)⁻¹p), one Cholesky
///   per iterate, from λ = 0 where the iteration increases monotonically to λ*; bisection
///   takes over should rounding push λ out of its bracket or B + λI fail to factor (rounding,
///   on a B as badly scaled as SR1's can be); when no λ in the bracket factors, the last p stands.
/// - B not positive definite: the eigen-decomposition B = QΛQᵀ (LAPACKE dsyevd, once per
///   iterate) with cᵢ = qᵢᵀg gives ‖p(λ)‖² = Σ cᵢ²/(λᵢ + λ)² for λ > −λ₁, and the same Newton
///   iteration runs on that formula, bracketed in (−λ₁, −λ₁ + ‖g‖/Δ].
///   The *hard case* (N&W §4.3): g has no component along the eigenspace S of λ₁
///   (‖c_S‖ ≤ √ε‖g‖, S = {i : λᵢ − λ₁ ≤ 10⁻¹²·max(1, maxᵢ|λᵢ|)}) and
///   p̃ = −Σ_{i∉S} cᵢ/(λᵢ − λ₁) qᵢ has ‖p̃‖ ≤ Δ: no λ > −λ₁ reaches the boundary, and
///   p = p̃ + τq₁ with τ = ±√(Δ² − ‖p̃‖²) (N&W eq. 4.45).
///
/// The secular equation is solved to |‖p‖ − Δ| ≤ 10⁻¹⁰Δ (50 iterations at most); a p still
/// outside is scaled back onto the sphere. Dense: n ≤ 5000, one Hessian per accepted iterate.
public struct MoreSorensen: DenseModelSubproblem {
    private var model = DenseModel()
    private var factor = Vector(count: 0)
    private var newton = Vector(count: 0)
    private var work = Vector(count: 0)
    private var eigenvectors = Vector(count: 0)
    private var eigenvalues = Vector(count: 0)
    private var components = Vector(count: 0)
    private var coefficients = Vector(count: 0)
    private var positiveDefinite = false
    private var eigenKnown = false
    /// λ of the last solve.
    public private(set) var lastMultiplier = 0.0
    /// Whether the last solve was the hard case.
    public private(set) var lastWasHardCase = false

    static let tolerance = 1e-10
    static let maxIterations = 50

    public init() {}

    public var summary: String { "Moré–Sorensen nearly exact" }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        let n = state.dimension
        model.start(dimension: n)
        factor = try Vector(allocating: n * n)
        eigenvectors = try Vector(allocating: n * n)
        newton = try Vector(allocating: n)
        work = try Vector(allocating: n)
        eigenvalues = try Vector(allocating: n)
        components = try Vector(allocating: n)
        coefficients = try Vector(allocating: n)
    }

    public mutating func prepare<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        try model.prepare(state, objective: objective)
        factorModel(state)
    }

    /// Builds the model on a given B (row-major n × n, both triangles; SR1's approximation)
    /// instead of ∇²f, at the state's x and ∇f.
    mutating func prepare(matrix: Vector, state: IterationState) throws(SolverFailure) {
        try model.load(matrix)
        factorModel(state)
    }

    /// The Cholesky factor of B and the Newton step when B is positive definite.
    private mutating func factorModel(_ state: IterationState) {
        eigenKnown = false
        positiveDefinite = factorShifted(by: 0, dimension: state.dimension)
        if positiveDefinite { solveShifted(state.gradient, into: newton, dimension: state.dimension) }
    }

    public mutating func solve<O: Objective>(_ state: IterationState, objective: O, radius: Double,
                                             into step: Vector) throws(SolverFailure) -> TrustRegionStep {
        let g = state.gradient, n = state.dimension
        lastWasHardCase = false
        lastMultiplier = 0
        if positiveDefinite && newton.norm2 <= radius {
            Kernels.copy(newton.readOnly, into: step.storage)
            return TrustRegionStep(
                predictedReduction: model.predictedReduction(gradient: g, step: step), onBoundary: false)
        }
        if positiveDefinite {
            shiftedByCholesky(g, radius: radius, into: step, dimension: n)
        } else {
            try shiftedByEigen(g, radius: radius, into: step, dimension: n)
        }
        let norm = step.norm2
        if norm > radius { Kernels.scal(radius / norm, step.storage) }
        return TrustRegionStep(predictedReduction: model.predictedReduction(gradient: g, step: step), onBoundary: true)
    }

    /// Moré–Sorensen's Newton iteration with one Cholesky of B + λI per λ (B positive definite).
    private mutating func shiftedByCholesky(_ g: Vector, radius: Double, into p: Vector, dimension n: Int) {
        var lambda = 0.0, low = 0.0, high = g.norm2 / radius
        Kernels.copy(newton.readOnly, into: p.storage)
        for _ in 0..<Self.maxIterations {
            let norm = p.norm2
            if abs(norm - radius) <= Self.tolerance * radius { break }
            if norm > radius { low = lambda } else { high = lambda }
            Kernels.copy(p.readOnly, into: work.storage)
            solveShifted(work, into: work, dimension: n, negate: false)
            let qq = p.dot(work)
            var next = lambda + (norm * norm / qq) * (norm - radius) / radius
            if !(next > low && next < high) { next = 0.5 * (low + high) }
            lambda = next
            var factored = factorShifted(by: lambda, dimension: n)
            for _ in 0..<Self.maxIterations where !factored {
                low = lambda   // rounding: B + λI is numerically singular here, look higher
                lambda = 0.5 * (low + high)
                factored = factorShifted(by: lambda, dimension: n)
            }
            // Never solve with a failed factor (its NaNs would reach LAPACKE's check): keep the last p.
            guard factored else { break }
            solveShifted(g, into: p, dimension: n)
        }
        lastMultiplier = lambda
    }

    /// The indefinite (or singular) case on the eigen-decomposition, the hard case included.
    private mutating func shiftedByEigen(
        _ g: Vector, radius: Double, into p: Vector, dimension n: Int
    ) throws(SolverFailure) {
        if !eigenKnown { try decompose(g, dimension: n) }
        let values = eigenvalues.pointer, c = components.pointer
        let smallest = values[0], low0 = max(0, -smallest)
        let gNorm = g.norm2
        // Relative to the spectrum (not to 1), so that f → s·f finds the same cluster (issue 30).
        let spread = 1e-12 * max(abs(smallest), abs(values[n - 1]))
        var outside = 0.0, inside = 0.0   // ‖c_S‖², ‖p̃(−λ₁)‖²
        for i in 0..<n {
            if values[i] - smallest <= spread {
                outside += c[i] * c[i]
            } else {
                let t = c[i] / (values[i] + low0)
                inside += t * t
            }
        }
        if outside.squareRoot() <= Double.ulpOfOne.squareRoot() * gNorm && inside <= radius * radius {
            lastWasHardCase = true
            lastMultiplier = low0
            for i in 0..<n { coefficients[i] = values[i] - smallest <= spread ? 0 : -c[i] / (values[i] + low0) }
            let tau = (radius * radius - inside).squareRoot()
            coefficients[0] += c[0] > 0 ? -tau : tau
            combineEigenvectors(into: p, dimension: n)
            return
        }
        func norm(_ lambda: Double) -> (norm: Double, qq: Double) {
            var pp = 0.0, qq = 0.0
            for i in 0..<n {
                let d = values[i] + lambda
                pp += c[i] * c[i] / (d * d)
                qq += c[i] * c[i] / (d * d * d)
            }
            return (pp.squareRoot(), qq)
        }
        var low = low0, high = low0 + gNorm / radius
        var lambda = high
        for _ in 0..<Self.maxIterations {
            let (pNorm, qq) = norm(lambda)
            if abs(pNorm - radius) <= Self.tolerance * radius { break }
            if pNorm > radius { low = lambda } else { high = lambda }
            var next = lambda + (pNorm * pNorm / qq) * (pNorm - radius) / radius
            if !(next > low && next < high) { next = 0.5 * (low + high) }
            lambda = next
        }
        lastMultiplier = lambda
        for i in 0..<n { coefficients[i] = -c[i] / (values[i] + lambda) }
        combineEigenvectors(into: p, dimension: n)
    }

    /// B = QΛQᵀ by LAPACKE dsyevd (column-major: column j of `eigenvectors` is qⱼ; B is
    /// symmetric, so its row-major storage is its column-major storage), and cᵢ = qᵢᵀg.
    private mutating func decompose(_ g: Vector, dimension n: Int) throws(SolverFailure) {
        Kernels.copy(model.hessian.readOnly, into: eigenvectors.storage)
        let info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), Int32(n),
                                  eigenvectors.pointer, Int32(max(n, 1)), eigenvalues.pointer)
        guard info == 0 else { throw .eigenDecompositionFailed(info: Int(info)) }
        cblas_dgemv(CblasColMajor, CblasTrans, Int32(n), Int32(n), 1, eigenvectors.pointer, Int32(n), g.pointer, 1, 0,
                    components.pointer, 1)
        eigenKnown = true
    }

    /// p ← Q a, a = `coefficients`.
    private func combineEigenvectors(into p: Vector, dimension n: Int) {
        cblas_dgemv(
            CblasColMajor, CblasNoTrans, Int32(n), Int32(n), 1, eigenvectors.pointer, Int32(n), coefficients.pointer, 1,
            0,
            p.pointer, 1)
    }

    /// Cholesky of B + λI into `factor`; false when it is not (numerically) positive definite.
    private mutating func factorShifted(by lambda: Double, dimension n: Int) -> Bool {
        Kernels.copy(model.hessian.readOnly, into: factor.storage)
        for i in 0..<n { factor[i * n + i] += lambda }
        return choleskyFactorInPlace(factor.pointer, dimension: n) == 0
    }

    /// out ← −(B + λI)⁻¹v (or +, with `negate: false`) with the current factor; `out` may be `v`.
    private func solveShifted(_ v: Vector, into out: Vector, dimension n: Int, negate: Bool = true) {
        if out !== v { Kernels.copy(v.readOnly, into: out.storage) }
        if negate { Kernels.scal(-1, out.storage) }
        choleskySolveInPlace(factor: factor.pointer, dimension: n, rhs: out.pointer)
    }
}
