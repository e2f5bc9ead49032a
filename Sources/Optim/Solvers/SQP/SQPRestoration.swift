import CLapack

/// The restoration step of `SQP`, taken when even the relaxed QP cannot reduce the linearized
/// violation (δ = 1, or its step fails the line search): SLSQP's relaxation scales every violated
/// constraint by the same 1 − δ, so where the violated constraints' linearizations conflict it
/// gives no step at all. A feasibility-restoration phase (Nocedal & Wright §18.5 and Fletcher &
/// Leyffer's filter SQP, Math. Program. 91, 2002, §2) instead minimizes ψ(x) = ½‖v(x)‖² alone (v the
/// signed violation): one Levenberg–Marquardt step d = argmin ½‖v + J_V d‖² + ½μ‖d‖² over the box
/// (J_V the rows of the violated constraints, μ = max(‖v‖∞, 1e-8·max(1, max diag J_VᵀJ_V)): the
/// residual-sized μ of Yamashita & Fukushima, Computing Suppl. 15, 2001, which keeps the step sane
/// where violated constraints' gradients are nearly parallel and the QP strictly convex), by the
/// same dual QP, then Armijo backtracking on ψ. A run whose violation stays above
/// `ctol` where ψ is stationary, ‖P(x − J_Vᵀv) − x‖∞ ≤ gtol·max(1, ‖v‖∞) (auglag's measure), ends
/// `infeasible`: x is then a local minimizer of the violation that is not feasible.
extension SQPWork {
    /// ψ = ½‖v‖² at constraint values `c`.
    func halfSquaredViolation(_ c: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<m {
            let v = signedViolation(c[i], i)
            sum += 0.5 * v * v
        }
        return sum
    }

    /// Jᵀv at the current x (J = `jacobian`, c = `values`) into `product`; returns ‖P(x − Jᵀv) − x‖∞.
    func infeasibilityStationarity(_ state: IterationState) -> Double {
        product.storage.update(repeating: 0)
        for i in 0..<m {
            let v = signedViolation(values[i], i)
            if v != 0 { cblas_daxpy(Int32(n), v, jacobian.pointer + i * n, 1, product.pointer, 1) }
        }
        return bounds.map { $0.projectedGradientNorm(x: state.x.readOnly, gradient: product.readOnly) }
            ?? Kernels.maxAbs(product.readOnly, threads: state.threads)
    }

    /// One restoration step (the QP's box bounds `qpLower`/`qpUpper` are those `solveSubproblem` set
    /// at x). Trial points in the state's trial buffers, as `lineSearch`; a trial costs c alone, f and ∇f
    /// are evaluated at the accepted point only.
    func restore<O: Objective>(_ state: IterationState, objective: O, maxTrials: Int) -> SQPLineSearchOutcome {
        _ = infeasibilityStationarity(state)
        let g = qpHessian.pointer
        for a in 0..<n { for c in 0...a { g[a * n + c] = 0 } }
        for i in 0..<m where signedViolation(values[i], i) != 0 {
            cblas_dsyr(CblasRowMajor, CblasLower, Int32(n), 1, jacobian.pointer + i * n, 1, g, Int32(n))
        }
        var largest = 1.0
        for a in 0..<n { largest = max(largest, g[a * n + a]) }
        let mu = max(1e-8 * largest, measures.violation)
        for a in 0..<n { g[a * n + a] += mu }
        for j in 0..<n { linear[j] = product[j] }
        let problem = DualActiveSetQP.Problem(
            dimension: n, hessian: g, linear: UnsafePointer(linear.pointer), rows: UnsafePointer(jacobian.pointer),
            rowCount: 0, rowStride: n, rowLength: n, extra: UnsafePointer(extra.pointer),
            rowLower: UnsafePointer(rowLower.pointer), rowUpper: UnsafePointer(rowUpper.pointer),
            lower: UnsafePointer(qpLower.pointer), upper: UnsafePointer(qpUpper.pointer))
        guard qp.solve(problem) == .optimal else { return .noStep }
        let x = state.x
        var moves = false
        for j in 0..<n {
            direction[j] = qp.solution[j]
            if x[j] + direction[j] != x[j] { moves = true }
        }
        guard moves else { return .noStep }
        let slope = Kernels.dot(product.readOnly, direction.readOnly)
        guard slope < 0 else { return .ascent(slope) }
        return backtrack(
            state, objective: objective, slope: slope, merit0: halfSquaredViolation(values), maxTrials: maxTrials,
            meritReadsValue: false
        ) { _ in self.halfSquaredViolation(self.trialValues) }
    }

    /// `infeasible` with its numbers when x violates the constraints by more than `tolerance` where ψ
    /// is stationary (‖P(x − Jᵀv) − x‖∞ ≤ gtol·max(1, ‖v‖∞)); nil otherwise.
    func infeasibleStop(_ state: IterationState) -> (status: Status, test: String)? {
        let violation = measures.violation
        guard violation > tolerance else { return nil }
        let psi = infeasibilityStationarity(state)
        guard psi <= state.gradientTolerance * max(1, violation) else { return nil }
        return (.infeasible, "the violation \(NumberStyle.format(violation)) stays above ctol = "
            + "\(NumberStyle.format(tolerance)) where ½‖v‖² is stationary: ‖P(x − Jᵀv) − x‖∞ = "
            + "\(NumberStyle.format(psi)) (restoration steps, the QP's linearization being inconsistent)")
    }

    /// Starts the restoration phase at the current violation.
    func enterRestoration() {
        restoring = true
        restorationEntryViolation = measures.violation
        restorationPhases += 1
    }

    /// Ends the phase once the violation is ≤ 0.9 times its value on entry, or ≤ ctol.
    func leaveRestorationIfDone() {
        if measures.violation <= max(0.9 * restorationEntryViolation, tolerance) { restoring = false }
    }
}
