/// Newton's method with a line search (N&W section 3.4): solve (∇²f + τI) d = −∇f by
/// Cholesky (LAPACKE dpotrf/dpotrs), with τ = 0 when ∇²f is positive definite and otherwise
/// increased until the factorization succeeds — N&W Algorithm 3.3 (Cholesky with added
/// multiple of the identity): τ₀ = 0 if min aᵢᵢ > 0 else β − min aᵢᵢ, then τ ← max(2τ, β),
/// with β = 10⁻³·max(1, max|aᵢᵢ|). The first trial step is α = 1. Needs an objective with
/// a Hessian; dense, so limited to n ≤ `maxDimension`.
public struct Newton<Search: LineSearch>: Solver {
    public var lineSearch: Search
    public static var maxDimension: Int { 5000 }

    private var hessian = Vector(count: 0)
    private var diagonal = Vector(count: 0)
    private var direction = Vector(count: 0)
    /// τ of the last iteration (0 when the Hessian was positive definite).
    public private(set) var lastShift = 0.0

    public init(lineSearch: Search) {
        self.lineSearch = lineSearch
    }

    public var summary: String { "Newton (Cholesky, τI shift when indefinite) + \(lineSearch.summary)" }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        if let missing = Unsupported.requiring(.hessian, of: objective) { return missing }
        if objective.dimension > Self.maxDimension {
            return .dimensionAboveLimit(dimension: objective.dimension, limit: Self.maxDimension)
        }
        if let refusal = Unsupported.denseStorage(dimension: objective.dimension) { return refusal }
        return lineSearch.unsupportedReason(for: objective).map(Unsupported.lineSearch)
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        hessian = try Vector(allocating: state.dimension * state.dimension)
        diagonal = try Vector(allocating: state.dimension)
        direction = try Vector(allocating: state.dimension)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        guard let withHessian = objective as? any HessianObjective else {
            preconditionFailure("Newton on an objective without Hessian; unsupportedReason should have refused it")
        }
        let n = state.dimension, h = hessian.pointer
        withHessian.hessian(at: state.x.readOnly, into: hessian.storage)
        guard Kernels.maxAbs(hessian.readOnly).isFinite else { throw .nonFiniteHessian }
        let tau = try factorWithAddedIdentity(h, diagonal: diagonal.pointer, dimension: n)
        lastShift = tau
        Kernels.scaled(-1, state.gradient.readOnly, into: direction.storage)
        choleskySolveInPlace(factor: h, dimension: n, rhs: direction.pointer)
        let slope = state.gradient.dot(direction)
        let accepted = try lineSearch.search(objective, from: state, along: direction, slope: slope, initialStep: 1)
        state.acceptTrial(value: accepted.value, stepLength: accepted.stepLength)
    }
}

extension Newton: Configurable {
    /// No parameters of its own: the line search has them.
    public static var parameters: [Parameter<Newton>] { [] }

    public func validateRest() throws(InvalidParameter) { try lineSearch.validate() }
}
