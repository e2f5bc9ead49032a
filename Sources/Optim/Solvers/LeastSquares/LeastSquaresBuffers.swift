import CLapack

/// What Gauss–Newton and Levenberg–Marquardt share: the residuals, the Jacobian (factored in
/// place by a `PivotedQR`) and Qᵀr, allocated once per run.
final class LeastSquaresBuffers {
    var residuals: Vector
    let qr: PivotedQR
    /// Qᵀr, m entries (the first n are the ones the step needs).
    let qtr: Vector

    init(residuals m: Int, dimension n: Int) {
        residuals = Vector(count: m)
        qr = PivotedQR(rows: m, columns: n)
        qtr = Vector(count: m)
    }

    /// The Jacobian buffer (m × n, column-major) before `factor`.
    var jacobian: Vector { qr.matrix }

    /// ∇f = 2Jᵀr into `gradient`, from the unfactored Jacobian and the residuals.
    func gradient(into gradient: UnsafeMutableBufferPointer<Double>) {
        let m = qr.rows, n = qr.columns
        cblas_dgemv(CblasColMajor, CblasTrans, lapackInt(m), lapackInt(n), 2, jacobian.pointer, lapackInt(max(m, 1)),
                    residuals.pointer, 1, 0, gradient.baseAddress, 1)
    }

    /// Factors J (checking it is finite) and forms Qᵀr.
    func factor() throws(SolverFailure) {
        guard Kernels.maxAbs(jacobian.readOnly).isFinite, qr.factor() else { throw .nonFiniteJacobian }
        Kernels.copy(residuals.readOnly, into: qtr.storage)
        qr.applyQTranspose(qtr.storage)
    }

    /// Refusals shared by the least-squares solvers: no residuals, fewer residuals than unknowns
    /// (`PivotedQR` needs m ≥ n), n above `limit`, or J and the n × n work more than a run may store.
    static func unsupportedReason<O: Objective>(for objective: O, limit: Int) -> Unsupported? {
        guard let leastSquares = objective as? any LeastSquaresObjective else { return .missingCapability(.residuals) }
        let n = objective.dimension, m = leastSquares.residualCount
        if m < n { return .fewerResidualsThanUnknowns(residuals: m, dimension: n) }
        if n > limit { return .dimensionAboveLimit(dimension: n, limit: limit) }
        var estimate = MemoryEstimate()
        estimate.add("m × n Jacobian", doubles: Double(m) * Double(n) + 3 * Double(m))
        estimate.add("n × n triangle", doubles: Double(n) * Double(n) + 8 * Double(n))
        return estimate.fits ? nil : .storageAboveLimit(bytes: estimate.totalBytes, limit: MemoryEstimate.limitBytes)
    }
}
