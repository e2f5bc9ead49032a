/// Gauss–Newton with a line search for f = Σ rᵢ² (N&W §10.3): the direction p solves the
/// linear least-squares problem min ‖Jp + r‖ (N&W eq. 10.26: JᵀJp = −Jᵀr without forming
/// JᵀJ) by QR with column pivoting, JP = QR (LAPACK `dgeqp3`); when J is rank-deficient to
/// working precision (|Rₖₖ| ≤ max(m, n)·ε·|R₁₁|) the basic solution is taken, components past the
/// numerical rank k set to zero. Then a line search along p from α = 1, which it accepts
/// near a zero-residual solution, where the convergence is quadratic (N&W Thm. 10.1 and §10.3).
///
/// Per iteration: the residuals and the Jacobian at x (one f, one Jacobian), then the line
/// search's f and ∇f evaluations.
public struct GaussNewton<Search: LineSearch>: Solver {
    public var lineSearch: Search
    public static var maxDimension: Int { LevenbergMarquardt.maxDimension }

    private var buffers: LeastSquaresBuffers?
    private var direction = Vector(count: 0)
    /// The numerical rank of J at the last iteration.
    public private(set) var rank = 0

    public init(lineSearch: Search) {
        self.lineSearch = lineSearch
    }

    public var summary: String { "Gauss–Newton (pivoted QR of J) + \(lineSearch.summary)" }

    public func validate() throws(InvalidParameter) { try lineSearch.validate() }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        LeastSquaresBuffers.unsupportedReason(for: objective, limit: Self.maxDimension)
            ?? lineSearch.unsupportedReason(for: objective).map(Unsupported.lineSearch)
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) {
        guard let leastSquares = objective as? any LeastSquaresObjective else {
            preconditionFailure("Gauss–Newton on an objective without residuals; unsupportedReason should have refused it")
        }
        buffers = LeastSquaresBuffers(residuals: leastSquares.residualCount, dimension: state.dimension)
        direction = Vector(count: state.dimension)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
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
        let slope = state.gradient.dot(direction)
        let accepted = try lineSearch.search(objective, from: state, along: direction, slope: slope, initialStep: 1)
        state.acceptTrial(value: accepted.value, stepLength: accepted.stepLength)
    }
}
