import Foundation

extension InteriorPoint {
    /// How many restorations in a row, without an accepted step between them, end the run.
    static let restorationsInARow = 3

    /// The restoration phase (Wächter & Biegler 2006 §3.3, simple form): L-BFGS-B on ½‖v(x)‖² over the
    /// box from x (`ViolationObjective`, gradient tolerance gtol·1e-4), then the iteration resumes at its
    /// minimizer pushed 1e-8 inside the box, with s = c pushed inside [l, u] likewise, z = μ/gap, y by
    /// eq. (36), the filter reset and (BFGS) B = I. That point is accepted (f evaluated there); when its
    /// violation is above ctol with ‖P(x − Jᵀv) − x‖∞ ≤ gtol·max(1, ‖v‖∞), the next step ends the run
    /// `infeasible`.
    /// - Throws: `line-search-failed` after `restorationsInARow` restorations without an accepted step,
    ///   or when there are no constraints to restore (`reason` says why the line search stopped).
    mutating func restore<O: Objective>(_ state: IterationState, _ objective: O, reason: String)
        throws(SolverFailure)
    {
        guard let work else { return }
        restorations += 1
        consecutiveRestorations += 1
        guard let constraints = state.constraints, work.m > 0 else {
            throw .inner(status: .lineSearchFailed, detail: "\(reason), and there are no constraints to restore")
        }
        guard consecutiveRestorations <= Self.restorationsInARow else {
            throw .inner(
                status: .lineSearchFailed,
                detail: "\(reason) after \(Self.restorationsInARow) restorations in a row without an acceptable step")
        }
        let result: OptimizationResult
        do {
            result = try minimize(
                ViolationObjective(constraints: constraints), from: state.x.array, bounds: state.bounds,
                using: LBFGSB(maxLineSearchEvaluations: 100),
                options: Options(
                    gradientTolerance: state.gradientTolerance * 1e-4, maxIterations: restorationIterations,
                    traceEvery: 0, threads: state.threads))
        } catch {
            throw .inner(
                status: .lineSearchFailed, detail: "\(reason); the restoration phase could not start: \(error)")
        }
        restorationSteps += result.iterations
        let layout = work.layout, n = work.n
        for j in 0..<n {
            state.trialX.storage[j] = BarrierLayout.pushedInside(
                result.x[j], lower: layout.lower[j], upper: layout.upper[j], push: 1e-8)
        }
        let f = objective.valueAndGradient(at: state.trialX.readOnly, gradient: state.trialGradient.storage)
        guard f.isFinite else {
            throw .inner(status: .nonFiniteValue, detail: "\(reason); f is not finite where the restoration ended")
        }
        state.acceptTrial(value: f, stepLength: 0)
        for j in 0..<n { work.w[j] = state.x.storage[j] }
        evaluateConstraints(state, into: \.c, jacobian: true)
        layout.initialSlacks(work.c, into: &work.w, push: 1e-8)
        for j in 0..<layout.primal {
            if layout.lower[j] > -.infinity { work.lowerZ[j] = mu / (work.w[j] - layout.lower[j]) }
            if layout.upper[j] < .infinity { work.upperZ[j] = mu / (layout.upper[j] - work.w[j]) }
        }
        estimateMultipliers(state)
        filter.reset()
        work.resetBFGS()
        work.limitedMemory.reset()
        bfgsUpdates = 0
        report(state)
        let violation = state.constraintViolation ?? 0
        if violation > constraintTolerance && result.gradientNorm <= state.gradientTolerance * max(1, violation) {
            pendingStop = (
                .infeasible,
                "\(reason); the restoration phase ended at a stationary point of ½‖v‖² with violation "
                    + "\(NumberStyle.format(violation)) > ctol = \(NumberStyle.format(constraintTolerance)) and "
                    + "‖P(x − Jᵀv) − x‖∞ = \(NumberStyle.format(result.gradientNorm))"
            )
        }
    }
}
