import CLapack

/// Products ∇²f(x)v at the current iterate for the Hessian-free methods (Steihaug–Toint CG,
/// truncated Newton). An objective with Hessian-vector products (`HessianVectorObjective`:
/// the MLP's R-operator, formulas, quadratics) is asked for each product, each counted as one
/// product. One with only a dense Hessian (MGH) has it formed once per iterate — counted as
/// one Hessian — and each product is then CBLAS dsymv on that matrix, which costs no
/// evaluation.
struct HessianProducts {
    private var dense = Vector(count: 0)
    private var usesProducts = true
    private var dimension = 0

    /// Why the products cannot be had: no Hessian at all, or a dense one too large to store.
    static func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        if objective is any HessianVectorObjective { return nil }
        if let missing = Unsupported.requiring(.hessian, of: objective) { return missing }
        return Unsupported.denseStorage(dimension: objective.dimension)
    }

    /// Allocates the dense matrix when the objective has no products of its own.
    mutating func start<O: Objective>(objective: O) {
        dimension = objective.dimension
        usesProducts = objective is any HessianVectorObjective
        dense = Vector(count: usesProducts ? 0 : dimension * dimension)
    }

    /// Products with a matrix the caller gives (`load`) instead of ∇²f: SR1's B.
    mutating func startWithGivenMatrix(dimension n: Int) {
        dimension = n
        usesProducts = false
        dense = Vector(count: n * n)
    }

    /// Makes the products those of `matrix` (row-major n × n, both triangles), after
    /// `startWithGivenMatrix`.
    func load(_ matrix: Vector) {
        Kernels.copy(matrix.readOnly, into: dense.storage)
    }

    /// Makes the products those of ∇²f(x) at the state's x (forms the dense Hessian if needed).
    /// - Throws: `.nonFiniteHessian` when the dense Hessian has a NaN or infinite entry.
    mutating func prepare<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        guard !usesProducts else { return }
        guard let withHessian = objective as? any HessianObjective else {
            preconditionFailure(
                "Hessian products on an objective without Hessian; unsupportedReason should have refused it")
        }
        withHessian.hessian(at: state.x.readOnly, into: dense.storage)
        guard Kernels.maxAbs(dense.readOnly).isFinite else { throw .nonFiniteHessian }
    }

    /// out ← ∇²f(x)v at the state's x (the x of the last `prepare`).
    func multiply<O: Objective>(_ v: Vector, into out: Vector, at state: IterationState, objective: O) {
        if usesProducts {
            guard let withProducts = objective as? any HessianVectorObjective else {
                preconditionFailure("Hessian-vector products on an objective without them")
            }
            withProducts.hessianVectorProduct(at: state.x.readOnly, direction: v.readOnly, into: out.storage)
        } else {
            let n = Int32(dimension)
            cblas_dsymv(CblasRowMajor, CblasUpper, n, 1, dense.pointer, n, v.pointer, 1, 0, out.pointer, 1)
        }
    }
}
