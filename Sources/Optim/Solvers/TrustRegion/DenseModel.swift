import CLapack

/// The dense quadratic model m(p) = f + gᵀp + ½pᵀBp with B = ∇²f(x) formed once per iterate
/// (one counted Hessian), for the dense subproblem solvers (dogleg, Moré–Sorensen).
struct DenseModel {
    static let maxDimension = 5000
    /// B, row-major n × n, both triangles.
    private(set) var hessian = Vector(count: 0)
    private var product = Vector(count: 0)

    /// Refuses an objective without a Hessian or too large for an n × n matrix.
    static func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        if let missing = Unsupported.requiring(.hessian, of: objective) { return missing }
        if objective.dimension > maxDimension {
            return .dimensionAboveLimit(dimension: objective.dimension, limit: maxDimension)
        }
        return Unsupported.denseStorage(dimension: objective.dimension)
    }

    mutating func start(dimension n: Int) {
        hessian = Vector(count: n * n)
        product = Vector(count: n)
    }

    /// Forms B = ∇²f at the state's x.
    /// - Throws: `.nonFiniteHessian` when an entry is NaN or infinite.
    func prepare<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        guard let withHessian = objective as? any HessianObjective else {
            preconditionFailure("a dense trust-region model without Hessian; unsupportedReason should have refused it")
        }
        withHessian.hessian(at: state.x.readOnly, into: hessian.storage)
        guard Kernels.maxAbs(hessian.readOnly).isFinite else { throw .nonFiniteHessian }
    }

    /// Takes B from `matrix` (row-major n × n, both triangles) instead of ∇²f: a quasi-Newton
    /// approximation (SR1).
    /// - Throws: `.nonFiniteHessian` when an entry is NaN or infinite.
    func load(_ matrix: Vector) throws(SolverFailure) {
        Kernels.copy(matrix.readOnly, into: hessian.storage)
        guard Kernels.maxAbs(hessian.readOnly).isFinite else { throw .nonFiniteHessian }
    }

    /// out ← Bv (CBLAS dsymv, row-major, upper triangle).
    func multiply(_ v: Vector, into out: Vector) {
        let n = Int32(v.count)
        cblas_dsymv(CblasRowMajor, CblasUpper, n, 1, hessian.pointer, n, v.pointer, 1, 0, out.pointer, 1)
    }

    /// m(0) − m(p) = −(gᵀp + ½pᵀBp).
    func predictedReduction(gradient g: Vector, step p: Vector) -> Double {
        multiply(p, into: product)
        return -(g.dot(p) + 0.5 * p.dot(product))
    }
}
