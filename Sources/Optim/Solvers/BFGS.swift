import CLapack

/// BFGS with the dense inverse-Hessian approximation (N&W Algorithm 6.1, eq. 6.17):
///   Hₖ₊₁ = (I − ρ sₖyₖᵀ) Hₖ (I − ρ yₖsₖᵀ) + ρ sₖsₖᵀ,   ρ = 1/(yₖᵀsₖ),
/// applied as the symmetric rank-two update H − ρ(s(Hy)ᵀ + (Hy)sᵀ) + (ρ²yᵀHy + ρ)ssᵀ with
/// CBLAS dsymv, dsyr2 and dsyr on the upper triangle (row-major).
///
/// H₀ = I for the first step; before the first update it is replaced by γI with
/// γ = sᵀs/sᵀy (`scaling` = .firstPairStep, the default) or γ = yᵀs/yᵀy (.firstPair, N&W
/// eq. 6.20), or kept (.identity). The default is the measured choice of
/// results/tolerance-defaults.md: slightly fewer evaluations than N&W's γ on the MGH problems
/// and about two thirds of its iterations on ill-conditioned quadratics, where the larger γ
/// (sᵀs/sᵀy ≥ yᵀs/yᵀy, Cauchy–Schwarz) leaves less of H₀ below the inverse Hessian's spectrum
/// for the updates to repair. (I, larger still there, is faster on those quadratics but costs
/// about a fifth more evaluations on MGH.) The update is skipped (and counted) when yᵀs ≤ 0. A non-descent direction
/// (rounding) resets H to H₀. Stores n² doubles, so
/// it is limited to n ≤ `maxDimension`.
public struct BFGS<Search: LineSearch>: Solver {
    public var lineSearch: Search
    /// `.firstPairStep` (sᵀs/sᵀy), `.firstPair` (N&W 6.20) or `.identity`.
    public var scaling: InitialHessianScaling
    public static var maxDimension: Int { 5000 }

    private var inverse = Vector(count: 0)
    private var direction = Vector(count: 0)
    private var s = Vector(count: 0)
    private var y = Vector(count: 0)
    private var hy = Vector(count: 0)
    private var updates = 0
    /// Updates skipped because yᵀs ≤ 0, in the last run.
    public private(set) var skippedUpdates = 0

    public init(lineSearch: Search, scaling: InitialHessianScaling = .firstPairStep) {
        self.lineSearch = lineSearch
        self.scaling = scaling
    }

    public var summary: String {
        "BFGS\(scaling == .firstPairStep ? "" : " (H₀ \(scaling.rawValue))") + \(lineSearch.summary)"
    }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        if objective.dimension > Self.maxDimension {
            return .dimensionAboveLimit(dimension: objective.dimension, limit: Self.maxDimension)
        }
        if let refusal = Unsupported.denseStorage(dimension: objective.dimension) { return refusal }
        return lineSearch.unsupportedReason(for: objective).map(Unsupported.lineSearch)
    }

    /// The current approximation Hₖ of ∇²f⁻¹, both triangles filled.
    public var inverseHessian: Matrix {
        let n = direction.count
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in i..<n {
                m[i, j] = inverse[i * n + j]
                m[j, i] = inverse[i * n + j]
            }
        }
        return m
    }

    private func resetInverse() {
        let n = direction.count
        inverse.storage.update(repeating: 0)
        for i in 0..<n { inverse[i * n + i] = 1 }
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        let n = state.dimension
        inverse = try Vector(allocating: n * n)
        direction = try Vector(allocating: n)
        s = try Vector(allocating: n)
        y = try Vector(allocating: n)
        hy = try Vector(allocating: n)
        resetInverse()
        updates = 0
        skippedUpdates = 0
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        let n = Int32(state.dimension), g = state.gradient, d = direction
        cblas_dsymv(CblasRowMajor, CblasUpper, n, -1, inverse.pointer, n, g.pointer, 1, 0, d.pointer, 1)
        var slope = g.dot(d)
        if !(slope < 0) {
            resetInverse()
            updates = 0
            Kernels.scaled(-1, g.readOnly, into: d.storage)
            slope = -g.dot(g)
        }
        let initial = updates == 0 ? unscaledInitialStep(gradient: g) : 1
        let accepted = try lineSearch.search(objective, from: state, along: d, slope: slope, initialStep: initial)
        Kernels.addScaled(state.trialX.readOnly, -1, state.x.readOnly, into: s.storage)
        Kernels.addScaled(state.trialGradient.readOnly, -1, g.readOnly, into: y.storage)
        state.acceptTrial(value: accepted.value, stepLength: accepted.stepLength)
        let sy = s.dot(y)
        guard sy > 0, sy.isFinite else {
            skippedUpdates += 1
            return
        }
        if updates == 0 && scaling != .identity {
            resetInverse()
            Kernels.scal(scaling == .firstPair ? sy / y.dot(y) : s.dot(s) / sy, inverse.storage)
        }
        let rho = 1 / sy
        cblas_dsymv(CblasRowMajor, CblasUpper, n, 1, inverse.pointer, n, y.pointer, 1, 0, hy.pointer, 1)
        let yhy = y.dot(hy)
        cblas_dsyr2(CblasRowMajor, CblasUpper, n, -rho, s.pointer, 1, hy.pointer, 1, inverse.pointer, n)
        cblas_dsyr(CblasRowMajor, CblasUpper, n, rho * rho * yhy + rho, s.pointer, 1, inverse.pointer, n)
        updates += 1
    }
}

extension BFGS: Configurable {
    /// H₀ is kept, so γ of the latest pair (L-BFGS's default) is not among the choices.
    public static var parameters: [Parameter<BFGS>] {
        [.choice("h0", \.scaling, "H₀ = γI after the first step, γ = sᵀs/sᵀy (BB1) or yᵀs/yᵀy (N&W 6.20), or I",
                 among: [.firstPairStep, .firstPair, .identity])]
    }

    public func validateRest() throws(InvalidParameter) { try lineSearch.validate() }
}

extension BFGS {
    /// Overwrites Hₖ between iterations (row-major n × n; the upper triangle is kept), after
    /// `start`. The updates keep H positive definite in exact arithmetic, so only rounding leads
    /// `step` to its reset branch (a direction −Hg that is not a descent direction); tests use
    /// this to put an indefinite H there and check the state after the reset.
    mutating func overwriteInverseHessian(_ m: Matrix) {
        let n = direction.count
        precondition(m.rows == n && m.columns == n, "overwriteInverseHessian: H must be \(n) × \(n)")
        for i in 0..<n { for j in 0..<n { inverse[i * n + j] = m[i, j] } }
    }
}
