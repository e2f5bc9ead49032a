import CLapack

/// The symmetric-rank-1 (SR1) quasi-Newton model for the trust-region method, N&W Algorithm 6.2
/// (Conn, Gould & Toint, Math. Prog. 50 1991; Byrd, Khalfan & Schnabel, SIAM J. Optim. 6 1996):
/// B ≈ ∇²f built from f and ∇f alone. After every trial, accepted or rejected, with s = p,
/// y = ∇f(x + p) − ∇f(x) and r = y − Bs:
///
///   Bₖ₊₁ = Bₖ + r rᵀ / (rᵀs)   (N&W eq. 6.24)   when |sᵀr| ≥ 10⁻⁸ ‖s‖‖r‖ (eq. 6.26),
///
/// and otherwise Bₖ₊₁ = Bₖ: the update is *skipped* (counted in `skippedUpdates`; so is a pair
/// with a non-finite y). r = 0 (B already satisfies the secant equation Bs = y) leaves B as it is.
/// B₀ = γI: with `initialScale` nil, γ = ‖∇f(x₀)‖₂ for the first trial (scipy: 1), whose
/// model minimizer −g/γ is then the unit step (issue 30: f and s·f take the same first step),
/// and, just before the first update, γ = yᵀy / |yᵀs| of the first pair (scipy's
/// `SR1(init_scale='auto')`); otherwise the given γ throughout.
///
/// B may be indefinite (SR1 does not keep it positive definite, which is why it runs in a trust
/// region and not a line search), so by default the subproblem is solved by Moré–Sorensen
/// (`MoreSorensen`: the eigen-decomposition and the hard case when B is not positive definite),
/// which gets B at every new iterate and after every update; `.steihaug` runs Steihaug–Toint CG
/// on B instead (`Steihaug`, products by CBLAS dsymv), which stops at the first direction of
/// negative curvature. The default is the measured one (docs/solvers.md; `optbench compare
/// --solvers sr1,sr1:subproblem=steihaug --problems mgh`). Dense: B and Moré–Sorensen's model,
/// Cholesky factor and eigenvectors are four n × n matrices (Steihaug: two), estimated before
/// anything is allocated (n ≤ 5000).
public struct SymmetricRankOne: TrustRegionSubproblem {
    /// γ of B₀ = γI, or nil for scipy's automatic scaling (the type's description).
    public var initialScale: Double?
    /// How the subproblem on B is solved.
    public var method: Method

    /// The subproblem solvers SR1 can use on B.
    public enum Method: String, Sendable, CaseIterable {
        /// Moré–Sorensen, nearly exact (N&W Alg. 4.3).
        case exact
        /// Steihaug–Toint CG (N&W Alg. 7.2).
        case steihaug
    }

    public static let maxDimension = 5000
    /// r of the skipping rule |sᵀr| ≥ r‖s‖‖r‖ (N&W eq. 6.26).
    public static let skipTolerance = 1e-8

    /// B, row-major n × n, both triangles.
    private var matrix = Vector(count: 0)
    private var difference = Vector(count: 0)
    private var gradientChange = Vector(count: 0)
    private var exact = MoreSorensen()
    private var steihaug = Steihaug()
    private var updates = 0
    /// Whether the subproblem solver holds the current B at the current x.
    private var modelIsCurrent = false
    /// Updates skipped by the rule |sᵀr| < 10⁻⁸‖s‖‖r‖ (or a non-finite y) in the last run.
    public private(set) var skippedUpdates = 0

    public init(initialScale: Double? = nil, method: Method = .exact) {
        self.initialScale = initialScale
        self.method = method
    }

    public var summary: String {
        "SR1 (B₀ \(initialScale.map { "= \(NumberStyle.format($0))I" } ?? "scaled by yᵀy/|yᵀs|")), "
            + "\(method == .exact ? "Moré–Sorensen" : "Steihaug–Toint CG") subproblem"
    }

    /// Refuses n above `maxDimension` and four n × n matrices that would not fit in memory.
    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        let n = objective.dimension
        if n > Self.maxDimension { return .dimensionAboveLimit(dimension: n, limit: Self.maxDimension) }
        var estimate = MemoryEstimate()
        switch method {
        case .exact:
            estimate.add(
                "B and the subproblem's model, factor and eigenvectors",
                doubles: 4 * Double(n) * Double(n) + 10 * Double(n))
        case .steihaug: estimate.add("B and the subproblem's copy", doubles: 2 * Double(n) * Double(n) + 10 * Double(n))
        }
        return estimate.fits ? nil : .storageAboveLimit(bytes: estimate.totalBytes, limit: MemoryEstimate.limitBytes)
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        let n = state.dimension
        matrix = try Vector(allocating: n * n)
        let gradientNorm = state.gradient.norm2
        let unit = gradientNorm > 0 && gradientNorm.isFinite ? gradientNorm : 1
        for i in 0..<n { matrix[i * n + i] = initialScale ?? unit }
        difference = try Vector(allocating: n)
        gradientChange = try Vector(allocating: n)
        switch method {
        case .exact: try exact.start(state, objective: objective)
        case .steihaug: steihaug.startWithGivenMatrix(dimension: n)
        }
        updates = 0
        skippedUpdates = 0
        modelIsCurrent = false
    }

    public mutating func prepare<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        switch method {
        case .exact: try exact.prepare(matrix: matrix, state: state)
        case .steihaug:
            guard Kernels.maxAbs(matrix.readOnly).isFinite else { throw .nonFiniteHessian }
            steihaug.prepare(matrix: matrix)
        }
        modelIsCurrent = true
    }

    public mutating func solve<O: Objective>(_ state: IterationState, objective: O, radius: Double,
                                             into step: Vector) throws(SolverFailure) -> TrustRegionStep {
        if !modelIsCurrent { try prepare(state, objective: objective) }
        switch method {
        case .exact: return try exact.solve(state, objective: objective, radius: radius, into: step)
        case .steihaug: return try steihaug.solve(state, objective: objective, radius: radius, into: step)
        }
    }

    /// The SR1 update with s = p and y = ∇f(x + p) − ∇f(x), on accepted and rejected trials.
    public mutating func observeTrial(_ state: IterationState, step: Vector) {
        Kernels.addScaled(state.trialGradient.readOnly, -1, state.gradient.readOnly, into: gradientChange.storage)
        update(step: step, gradientChange: gradientChange)
    }

    /// Bₖ₊₁ from Bₖ and one pair (the rules in the type's description).
    /// - Parameters:
    ///   - s: the step, n elements.
    ///   - y: the change in ∇f along it, n elements.
    mutating func update(step s: Vector, gradientChange y: Vector) {
        let n = s.count
        guard Kernels.maxAbs(y.readOnly).isFinite else {
            skippedUpdates += 1
            return
        }
        if updates == 0 && initialScale == nil {
            let ys = abs(y.dot(s)), yy = y.dot(y)
            let scale = ys > 0 && yy > 0 ? yy / ys : 1
            for i in 0..<n { matrix[i * n + i] = scale }
            modelIsCurrent = false
        }
        Kernels.copy(y.readOnly, into: difference.storage)  // r = y − Bs (CBLAS dsymv, row-major, upper triangle)
        cblas_dsymv(
            CblasRowMajor, CblasUpper, Int32(n), -1, matrix.pointer, Int32(n), s.pointer, 1, 1, difference.pointer, 1)
        let rs = difference.dot(s), rNorm = difference.norm2
        guard rNorm > 0 else { return }
        guard abs(rs) >= Self.skipTolerance * s.norm2 * rNorm else {
            skippedUpdates += 1
            return
        }
        let r = difference.pointer, b = matrix.pointer
        for i in 0..<n {
            let scaled = r[i] / rs
            for j in i..<n {
                b[i * n + j] += scaled * r[j]
                b[j * n + i] = b[i * n + j]
            }
        }
        updates += 1
        modelIsCurrent = false
    }

    /// Bₖ, both triangles.
    public var approximation: Matrix {
        let n = difference.count
        return Matrix(rows: n, columns: n, elements: matrix.array)
    }
}

extension SymmetricRankOne {
    public static var parameters: [Parameter<SymmetricRankOne>] {
        [
            .real(
                "b0", \.initialScale, .above(0), "B₀ = γI with this γ",
                unset: "γ = 1, then yᵀy/|yᵀs| of the first pair before the first update (scipy's SR1 init_scale='auto')"
            ),
            .choice(
                "subproblem", \.method,
                "the subproblem on B: exact (Moré–Sorensen) or steihaug (Steihaug–Toint CG, stops at negative "
                    + "curvature)"
            ),
        ]
    }
}
