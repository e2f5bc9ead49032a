/// Gauss–Newton with a line search for f = Σ rᵢ² (N&W §10.3): the direction p solves the
/// linear least-squares problem min ‖Jp + r‖ (N&W eq. 10.26: JᵀJp = −Jᵀr without forming
/// JᵀJ) by QR with column pivoting, JP = QR (LAPACK `dgeqp3`); when J is rank-deficient to
/// working precision (|Rₖₖ| ≤ max(m, n)·ε·|R₁₁|) the basic solution is taken, components past the
/// numerical rank k set to zero. Then a line search along p from α = 1, which it accepts
/// near a zero-residual solution, where the convergence is quadratic (N&W Thm. 10.1 and §10.3).
///
/// Per iteration: the residuals and the Jacobian at x (one f, one Jacobian), then the line
/// search's f and ∇f evaluations.
///
/// Matrix-free, for sums of squares with Gauss–Newton products only (an MLP with the
/// squared-error head, `GaussNewtonProductObjective`): p solves Gp = −∇f, G = 2JᵀJ, by
/// truncated CG with N&W Alg. 7.1's forcing tolerance εₖ = min(½, √‖∇f‖)·‖∇f‖ (G is
/// positive semidefinite: CG stops at a direction of zero curvature, taking −∇f if that is the
/// first), then the same line search. Per iteration: the CG products (counted as
/// Hessian-vector products) and the line search's evaluations.
public struct GaussNewton<Search: LineSearch>: Solver {
    public var lineSearch: Search
    public static var maxDimension: Int { LevenbergMarquardt.maxDimension }

    private var buffers: LeastSquaresBuffers?
    /// CG on the Gauss–Newton products, when the objective has no dense Jacobian.
    private var productCG: TruncatedCG?
    private var direction = Vector(count: 0)
    /// The numerical rank of J at the last iteration.
    public private(set) var rank = 0

    public init(lineSearch: Search) {
        self.lineSearch = lineSearch
    }

    public var summary: String {
        "Gauss–Newton (pivoted QR of J, or CG on Gauss–Newton products without J) + \(lineSearch.summary)"
    }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        (takesGaussNewtonProducts(objective)
            ? nil : LeastSquaresBuffers.unsupportedReason(for: objective, limit: Self.maxDimension))
            ?? lineSearch.unsupportedReason(for: objective).map(Unsupported.lineSearch)
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        if takesGaussNewtonProducts(objective) {
            var cg = TruncatedCG()
            cg.gaussNewtonDamping = 0
            cg.start(objective: objective)
            productCG = cg
            return
        }
        guard let leastSquares = objective as? any LeastSquaresObjective else {
            preconditionFailure(
                "Gauss–Newton on an objective without residuals; unsupportedReason should have refused it")
        }
        buffers = LeastSquaresBuffers(residuals: leastSquares.residualCount, dimension: state.dimension)
        direction = try Vector(allocating: state.dimension)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        if productCG != nil {
            _ = try productCG!.truncatedNewtonDirection(state, objective: objective)
            try search(along: productCG!.z, state, objective: objective)
            return
        }
        guard let leastSquares = objective as? any LeastSquaresObjective, let buffers else {
            preconditionFailure("Gauss–Newton step before start")
        }
        let n = state.dimension, m = buffers.qr.rows
        leastSquares.residuals(at: state.x.readOnly, into: buffers.residuals.storage)
        leastSquares.jacobian(at: state.x.readOnly, into: buffers.jacobian.storage)
        try buffers.factor()
        let qr = buffers.qr, q = buffers.qtr.pointer, z = direction.pointer
        let threshold = Double(max(m, n)) * Double.ulpOfOne * abs(qr.r(0, 0))
        rank = n
        for k in 0..<n where abs(qr.r(k, k)) <= threshold {
            rank = k
            break
        }
        // R₁₁z = −(Qᵀr)₁ by back substitution (z overwrites Qᵀr), then p = P[z; 0].
        for k in stride(from: rank - 1, through: 0, by: -1) {
            var sum = -q[k]
            for j in (k + 1)..<rank { sum -= qr.r(k, j) * q[j] }
            q[k] = sum / qr.r(k, k)
        }
        for j in 0..<n { z[qr.pivot[j]] = j < rank ? q[j] : 0 }
        try search(along: direction, state, objective: objective)
    }

    /// The line search along p from α = 1, and its point accepted.
    private mutating func search<O: Objective>(
        along p: Vector, _ state: IterationState, objective: O
    ) throws(SolverFailure) {
        let accepted = try lineSearch.search(
            objective, from: state, along: p, slope: state.gradient.dot(p), initialStep: 1)
        state.acceptTrial(value: accepted.value, stepLength: accepted.stepLength)
    }
}

extension GaussNewton: Configurable {
    /// No parameters of its own: the line search has them.
    public static var parameters: [Parameter<GaussNewton>] { [] }

    public func validateRest() throws(InvalidParameter) { try lineSearch.validate() }
}
