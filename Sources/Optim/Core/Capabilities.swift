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
    /// Residuals r(x) ∈ ℝᵐ with f = Σ rᵢ² and their dense Jacobian (`LeastSquaresObjective`).
    case residuals = "residuals"
}

extension Objective {
    /// The optional capabilities this objective has.
    public var capabilities: Set<ObjectiveCapability> {
        var result: Set<ObjectiveCapability> = []
        if self is any HessianObjective { result.insert(.hessian) }
        if self is any HessianVectorObjective { result.insert(.hessianVectorProducts) }
        if self is any QuadraticObjective { result.insert(.quadratic) }
        if self is any StochasticObjective { result.insert(.miniBatches) }
        if self is any LeastSquaresObjective { result.insert(.residuals) }
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
    /// A least-squares method that factors the m × n Jacobian (pivoted QR: Gauss–Newton,
    /// Levenberg–Marquardt) was given fewer residuals m than unknowns n.
    case fewerResidualsThanUnknowns(residuals: Int, dimension: Int)
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
