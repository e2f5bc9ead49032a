/// What an objective offers beyond f and ∇f. Every objective has a gradient; these are the
/// optional capabilities, each a refining protocol of `Objective`. Solvers and line searches
/// say which they need through `unsupportedReason(for:)`, checked once before a run.
public enum ObjectiveCapability: String, Sendable, CaseIterable {
    /// A dense Hessian ∇²f(x) (`HessianObjective`).
    case hessian = "hessian"
    /// Hessian-vector products ∇²f(x)v without forming ∇²f (`HessianVectorObjective`).
    case hessianVectorProducts = "hessian-vector-products"
    /// The structure ½xᵀQx − bᵀx with Q symmetric positive definite (`QuadraticObjective`).
    case quadratic = "quadratic"
    /// A mean over samples that can be evaluated on a mini-batch (`StochasticObjective`).
    case miniBatches = "mini-batches"
    /// Residuals r(x) ∈ ℝᵐ with f = Σ rᵢ²: their dense Jacobian (`LeastSquaresObjective`), or
    /// Gauss–Newton products 2Jᵀ(Jv) without J (`GaussNewtonProductObjective`).
    case residuals = "residuals"
    /// The residuals' dense m × n Jacobian itself (`LeastSquaresObjective`): what MINPACK's
    /// scaling, step and cosine tests act on.
    case jacobian = "jacobian"
}

extension Objective {
    /// The optional capabilities this objective has.
    public var capabilities: Set<ObjectiveCapability> {
        var result: Set<ObjectiveCapability> = []
        if self is any HessianObjective { result.insert(.hessian) }
        if self is any HessianVectorObjective { result.insert(.hessianVectorProducts) }
        if self is any QuadraticObjective { result.insert(.quadratic) }
        if self is any StochasticObjective { result.insert(.miniBatches) }
        if self is any LeastSquaresObjective || (self as? any GaussNewtonProductObjective)?.isSumOfSquares == true {
            result.insert(.residuals)
        }
        if self is any LeastSquaresObjective { result.insert(.jacobian) }
        return result
    }
}

/// Why a solver or line search cannot minimize an objective, found before the run starts.
/// Structured, so that callers phrase it in their own terms.
public enum Unsupported: Error, Equatable, Sendable {
    /// The objective lacks a capability the method needs (e.g. Newton's method, a Hessian).
    case missingCapability(ObjectiveCapability)
    /// The method works with dense n × n matrices and n is above its limit.
    case dimensionAboveLimit(dimension: Int, limit: Int)
    /// The method would store more than its limit (bytes).
    case storageAboveLimit(bytes: Double, limit: Double)
    /// Fewer residuals than variables (m < n) for a method that factors the m × n Jacobian.
    case fewerResiduals(residuals: Int, dimension: Int)
    /// A matrix given to the solver for the problem (BFGS's H₀) is `order` × `order`, but the
    /// problem has `dimension` variables.
    case initialMatrixMismatch(order: Int, dimension: Int)
    /// An initial simplex given to the solver (Nelder–Mead's) has `points` points (n + 1 needed)
    /// or a point of `coordinates` numbers, but the problem has `dimension` variables.
    case initialSimplexMismatch(points: Int, coordinates: Int, dimension: Int)
    /// A direction set given to the solver (Powell's) has `rows` directions (n needed) or a
    /// direction of `columns` numbers, but the problem has `dimension` variables.
    case directionSetMismatch(rows: Int, columns: Int, dimension: Int)
    /// A model-based method's interpolation points (BOBYQA's m) outside n + 2 … (n+1)(n+2)/2.
    case interpolationPoints(points: Int, dimension: Int)
    /// BOBYQA's initial radius ρ_beg is more than half the box's width on variable `variable`
    /// (0-based): its initial points would not fit in the box.
    case initialRadiusAboveHalfWidth(radius: Double, width: Double, variable: Int)
    /// The solver's line search is what cannot work on the objective.
    indirect case lineSearch(Unsupported)

    /// `.storageAboveLimit` when an n × n matrix of doubles and a few n-vectors are more than
    /// a run may use on this machine (`MemoryEstimate.limitBytes`).
    public static func denseStorage(dimension n: Int) -> Unsupported? {
        var estimate = MemoryEstimate()
        estimate.add("n × n matrix", doubles: Double(n) * Double(n) + 8 * Double(n))
        return estimate.fits ? nil : .storageAboveLimit(bytes: estimate.totalBytes, limit: MemoryEstimate.limitBytes)
    }

    /// `.missingCapability(capability)` unless `objective` has it.
    public static func requiring<O: Objective>(_ capability: ObjectiveCapability, of objective: O) -> Unsupported? {
        objective.capabilities.contains(capability) ? nil : .missingCapability(capability)
    }
}
