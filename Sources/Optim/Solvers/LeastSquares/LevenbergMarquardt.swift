/// Levenberg–Marquardt for f = Σ rᵢ² as Moré 1978 states it and MINPACK's `lmder` implements
/// it (Moré, "The Levenberg–Marquardt algorithm: implementation and theory", LNM 630, 1978;
/// Moré, Garbow & Hillstrom, MINPACK-1 user guide, ANL-80-74, 1980):
///
/// - a trust region in the scaled norm ‖Dp‖ ≤ Δ, D = diag(dⱼ) with dⱼ the largest column norm
///   ‖J eⱼ‖ seen so far (Moré §6, "geometric scaling"; `scaling = .none` keeps D = I);
///   Δ₀ = factor·‖Dx₀‖ (factor when that is 0), and on the first iteration Δ ← min(Δ, ‖Dp‖);
/// - the step p = p(λ) of min ‖Jp + r‖² + λ‖Dp‖², λ found by `LevenbergMarquardtParameter`
///   from one QR factorization with column pivoting of J per Jacobian;
/// - ρ = actual/predicted relative reduction of ‖r‖: ρ ≤ ¼ shrinks Δ by μ ∈ [0.1, 0.5] (the
///   minimizer of the quadratic interpolating the reduction along p, clamped) and divides λ by μ;
///   ρ ≥ ¾ (or λ = 0) sets Δ = 2‖Dp‖ and halves λ; the step is accepted when ρ ≥ 10⁻⁴,
///   otherwise it is retried from the same x with the smaller Δ (no new Jacobian).
///
/// One OptBench iteration is one accepted step: its rejected trials, each one residual
/// evaluation (one f), and the Jacobian at the new point (∇f = 2Jᵀr comes from it). The counts
/// are MINPACK's `nfev` and `njev` plus the driver's f and ∇f at x₀ and the residuals at x₀.
///
/// On a sum of squares with Gauss–Newton products but no Jacobian (an MLP with the squared-error
/// head) it runs matrix-free, as `MatrixFreeLevenbergMarquardt` describes: CG on
/// (G + λI)p = −∇f, λ by Nielsen's rule, the ftol test; xtol, gtol, factor and the scaling need
/// J and do not apply.
///
/// MINPACK's convergence tests end the run with a status naming the kind of test and a detail
/// naming the test and its numbers (tolerances are relative, as in MINPACK; `lmder`'s info 1–8,
/// MINPACK-1 user guide §2, ANL-80-74). With a Jacobian these tests alone stop the run by
/// default: the driver's absolute ‖∇f‖∞ ≤ gtol test is off unless `--gtol` is given
/// (`defaultGradientTolerance` is 0), and the defaults are scipy 1.17's for
/// `least_squares(method='lm')`: ftol = xtol = gtol = 1e-8, D by J's column norms
/// (`x_scale='jac'`), at most maxfev = 100·n evaluations of r.
/// - ftol (`reductionTolerance`): actual and predicted relative reductions of ‖r‖² both ≤ ftol
///   (and ρ ≤ 2) → `converged-f-change`;
/// - xtol (`radiusTolerance`): Δ ≤ xtol·‖Dx‖ → `converged-step`;
/// - gtol (`cosineTolerance`): the largest cosine |rᵀJeⱼ|/(‖r‖‖Jeⱼ‖) ≤ gtol → `converged-gradient`;
/// - the same three at machine precision ε (MINPACK's info 6–8: "no further reduction is
///   possible") → the same statuses, the detail saying so;
/// - maxfev (`maxResidualEvaluations`): r evaluated maxfev times, x₀'s included (MINPACK's nfev,
///   info 5) → `evaluation-limit`.
/// A test that fires before any step was accepted (every trial rejected, the radius shrunk
/// within xtol·‖Dx₀‖: MINPACK does the same, e.g. on NIST's MGH17 from start 1) ends the run at
/// x₀ after 0 iterations; its detail says so ("no step was accepted: …").
///
/// One departure from MINPACK: a trial whose residuals are not finite (NaN or ±∞) counts as
/// ‖r(x + p)‖ = +∞, so it is rejected with actual reduction −1 and Δ shrinks by μ = 0.1 (the rule
/// MINPACK applies when ‖r(x + p)‖ ≥ 10‖r(x)‖). `lmder` has no rule for it: a non-finite norm
/// enters its comparisons as it is (a NaN makes them false, so μ comes from the interpolation and
/// the tests see NaN), and a caller must stop it itself (iflag < 0). On NIST's MGH17 from start 1
/// with lmder1's tolerances, whose first trials overflow exp, both stop by xtol at x₀: MINPACK
/// (scipy 1.17.1) after 14 evaluations of r, this after 11.
/// When a test fires after an accepted step the Jacobian at that point is not evaluated (as in
/// MINPACK): ∇f there comes from one evaluation of the objective's own gradient.
public struct LevenbergMarquardt: Solver {
    /// D: Moré's geometric scaling by the Jacobian's column norms (MINPACK mode 1, what scipy's
    /// `least_squares(method='lm')` does by default: `x_scale='jac'` since scipy 1.16), or I
    /// (mode 2 with unit diag, scipy's `x_scale=1`).
    public enum Scaling: String, CaseIterable, Sendable {
        case jacobian, none
    }

    /// MINPACK ftol. Default 1e-8, scipy's `least_squares` default (`lmder1` uses √ε ≈ 1.49e-8).
    public var reductionTolerance: Double
    /// MINPACK xtol (default 1e-8, as scipy; `lmder1`: √ε).
    public var radiusTolerance: Double
    /// MINPACK gtol (default 1e-8, as scipy; `lmder1` sets 0).
    public var cosineTolerance: Double
    /// MINPACK maxfev: evaluations of r, x₀'s included; nil: 100·n (scipy's default for 'lm').
    public var maxResidualEvaluations: Int?
    /// MINPACK factor: Δ₀ = factor·‖Dx₀‖ (default 100).
    public var initialRadiusFactor: Double
    public var scaling: Scaling
    /// Dense m × n Jacobian and n × n factors: n up to this.
    public static var maxDimension: Int { 5000 }

    private var buffers: LeastSquaresBuffers?
    private var matrixFree: MatrixFreeLevenbergMarquardt?
    private var lambdaSolver: LevenbergMarquardtParameter?
    private var trialResiduals = Vector(count: 0)
    private var scale = Vector(count: 0)
    private var columnNorms = Vector(count: 0)
    private var step = Vector(count: 0)
    private var work = Vector(count: 0)
    private var residualNorm = 0.0
    private var scaledNorm = 0.0
    private var firstIteration = true
    private var pendingTest: SolverFailure?
    private var residualEvaluations = 0
    /// Δ and λ after the last iteration (for tests and traces).
    public private(set) var radius = 0.0
    public private(set) var lambda = 0.0

    public init(
        reductionTolerance: Double = 1e-8, radiusTolerance: Double = 1e-8, cosineTolerance: Double = 1e-8,
        initialRadiusFactor: Double = 100, scaling: Scaling = .jacobian, maxResidualEvaluations: Int? = nil
    ) {
        self.maxResidualEvaluations = maxResidualEvaluations
        self.reductionTolerance = reductionTolerance
        self.radiusTolerance = radiusTolerance
        self.cosineTolerance = cosineTolerance
        self.initialRadiusFactor = initialRadiusFactor
        self.scaling = scaling
    }

    public var summary: String {
        "Levenberg–Marquardt (Moré 1978, MINPACK lmder; D = \(scaling == .jacobian ? "column norms of J" : "I"), "
            + "ftol = \(NumberStyle.format(reductionTolerance)), xtol = \(NumberStyle.format(radiusTolerance)), "
            + "gtol = \(NumberStyle.format(cosineTolerance)), factor = \(NumberStyle.format(initialRadiusFactor)), "
            + "maxfev = \(maxResidualEvaluations.map(String.init) ?? "100·n"); "
            + "without J: CG on Gauss–Newton products, Nielsen's λ, ftol only)"
    }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        takesGaussNewtonProducts(objective)
            ? nil : LeastSquaresBuffers.unsupportedReason(for: objective, limit: Self.maxDimension)
    }

    /// 0 with a Jacobian (MINPACK's relative tests stop the run, not an absolute ‖∇f‖∞), 1e-6
    /// matrix-free (where only ftol applies).
    public func defaultGradientTolerance<O: Objective>(for objective: O) -> Double {
        takesGaussNewtonProducts(objective) ? 1e-6 : 0
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        if takesGaussNewtonProducts(objective) {
            matrixFree = MatrixFreeLevenbergMarquardt(reductionTolerance: reductionTolerance)
            try matrixFree!.start(state, objective: objective)
            lambda = matrixFree!.lambda
            return
        }
        guard let leastSquares = objective as? any LeastSquaresObjective else {
            preconditionFailure("LM on an objective without residuals; unsupportedReason should have refused it")
        }
        let n = state.dimension, m = leastSquares.residualCount
        let buffers = LeastSquaresBuffers(residuals: m, dimension: n)
        self.buffers = buffers
        lambdaSolver = LevenbergMarquardtParameter(dimension: n)
        trialResiduals = try Vector(allocating: m)
        scale = try Vector(allocating: n)
        columnNorms = try Vector(allocating: n)
        step = try Vector(allocating: n)
        work = try Vector(allocating: n)
        firstIteration = true
        pendingTest = nil
        lambda = 0
        leastSquares.residuals(at: state.x.readOnly, into: buffers.residuals.storage)
        leastSquares.jacobian(at: state.x.readOnly, into: buffers.jacobian.storage)
        residualNorm = buffers.residuals.norm2
        residualEvaluations = 1
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        if matrixFree != nil {
            defer { lambda = matrixFree!.lambda }
            try matrixFree!.step(state, objective: objective)
            return
        }
        if let pendingTest { throw pendingTest }
        guard let leastSquares = objective as? any LeastSquaresObjective, let buffers, let lambdaSolver else {
            preconditionFailure("LM step before start")
        }
        let n = state.dimension, m = buffers.qr.rows
        let d = scale.pointer, p = step.pointer, w = work.pointer, x = state.x.pointer
        for j in 0..<n {
            columnNorms[j] = Kernels.nrm2(UnsafeBufferPointer(start: buffers.jacobian.pointer + j * m, count: m))
        }
        if firstIteration {
            for j in 0..<n { d[j] = scaling == .none || columnNorms[j] == 0 ? 1 : columnNorms[j] }
            scaledNorm = scaledNormOf(x)
            radius = initialRadiusFactor * scaledNorm
            if radius == 0 { radius = initialRadiusFactor }
        }
        try buffers.factor()
        let qr = buffers.qr, q = buffers.qtr.pointer
        for j in 0..<n { for i in 0...j { lambdaSolver.r.pointer[i + j * n] = qr.r(i, j) } }

        // The largest cosine between r and a column of J (MINPACK's gnorm).
        var cosine = 0.0
        if residualNorm != 0 {
            for j in 0..<n where columnNorms[qr.pivot[j]] != 0 {
                var sum = 0.0
                for i in 0...j { sum += qr.r(i, j) * (q[i] / residualNorm) }
                cosine = max(cosine, abs(sum / columnNorms[qr.pivot[j]]))
            }
        }
        if cosine <= cosineTolerance {
            throw .ownTest(
                status: .convergedGradient,
                test: "MINPACK gtol test: the largest cosine between r and a column of J, "
                    + "\(NumberStyle.format(cosine)), is ≤ gtol = \(NumberStyle.format(cosineTolerance))")
        }
        if scaling == .jacobian { for j in 0..<n { d[j] = max(d[j], columnNorms[j]) } }

        let epsilon = Double.ulpOfOne
        while true {
            lambda = lambdaSolver.solve(
                pivot: qr.pivot, diag: scale.readOnly, qtr: UnsafeBufferPointer(start: q, count: n),
                delta: radius, initial: lambda, x: step.storage)
            for j in 0..<n { p[j] = -p[j] }
            Kernels.addScaled(state.x.readOnly, 1, step.readOnly, into: state.trialX.storage)
            let stepNorm = scaledNormOf(p)
            if firstIteration { radius = min(radius, stepNorm) }
            leastSquares.residuals(at: state.trialX.readOnly, into: trialResiduals.storage)
            residualEvaluations += 1
            var trialNorm = trialResiduals.norm2
            if !trialNorm.isFinite { trialNorm = .infinity }

            // Relative reductions of ‖r‖²: actual, and predicted by the linear model.
            let actual =
                0.1 * trialNorm < residualNorm ? 1 - (trialNorm / residualNorm) * (trialNorm / residualNorm) : -1
            for i in 0..<n {
                var sum = 0.0
                for j in i..<n { sum += qr.r(i, j) * p[qr.pivot[j]] }
                w[i] = sum
            }
            let modelTerm = work.norm2 / residualNorm, dampingTerm = lambda.squareRoot() * stepNorm / residualNorm
            let predicted = modelTerm * modelTerm + 2 * dampingTerm * dampingTerm
            let slope = -(modelTerm * modelTerm + dampingTerm * dampingTerm)
            let ratio = predicted != 0 ? actual / predicted : 0

            if ratio <= 0.25 {
                var mu = actual >= 0 ? 0.5 : 0.5 * slope / (slope + 0.5 * actual)
                if 0.1 * trialNorm >= residualNorm || mu < 0.1 { mu = 0.1 }
                radius = mu * min(radius, stepNorm / 0.1)
                lambda /= mu
            } else if lambda == 0 || ratio >= 0.75 {
                radius = stepNorm / 0.5
                lambda *= 0.5
            }
            let accepted = ratio >= 1e-4
            if accepted { scaledNorm = scaledNormOf(state.trialX.pointer) }
            let test = convergenceTest(
                actual: actual, predicted: predicted, ratio: ratio, cosine: cosine, epsilon: epsilon,
                limit: maxResidualEvaluations ?? 100 * n)
            if accepted {
                firstIteration = false
                residualNorm = trialNorm
                swap(&trialResiduals, &buffers.residuals)
                let value: Double
                if let test {
                    pendingTest = test
                    value = objective.valueAndGradient(at: state.trialX.readOnly, gradient: state.trialGradient.storage)
                } else {
                    leastSquares.jacobian(at: state.trialX.readOnly, into: buffers.jacobian.storage)
                    buffers.gradient(into: state.trialGradient.storage)
                    value = trialNorm * trialNorm
                }
                state.acceptTrial(value: value, stepLength: 1)
                return
            }
            if let test {
                guard firstIteration, case .ownTest(let status, let detail) = test else { throw test }
                throw .ownTest(
                    status: status,
                    test: "no step was accepted, x is x₀ (MINPACK stops here too): every trial was rejected until "
                        + detail)
            }
        }
    }

    /// ‖Dv‖₂.
    private func scaledNormOf(_ v: UnsafeMutablePointer<Double>) -> Double {
        var sum = 0.0
        for j in 0..<scale.count { sum += (scale[j] * v[j]) * (scale[j] * v[j]) }
        return sum.squareRoot()
    }

    /// MINPACK's tests after a trial, in its order (info 1–3, then 5, then 6–8); nil when none
    /// fires. The details are only formatted when a test fires (no allocation per trial otherwise).
    private func convergenceTest(
        actual: Double, predicted: Double, ratio: Double, cosine: Double, epsilon: Double, limit: Int
    ) -> SolverFailure? {
        let format = NumberStyle.format
        func reductions() -> String {
            "actual and predicted relative reductions of ‖r‖², \(format(actual)) and \(format(predicted))"
        }
        if abs(actual) <= reductionTolerance && predicted <= reductionTolerance && 0.5 * ratio <= 1 {
            return .ownTest(
                status: .convergedFunctionChange,
                test: "MINPACK ftol test: \(reductions()), are ≤ ftol = \(format(reductionTolerance))")
        }
        if radius <= radiusTolerance * scaledNorm {
            return .ownTest(
                status: .convergedStep,
                test: "MINPACK xtol test: the trust radius Δ = \(format(radius)) is ≤ xtol·‖Dx‖ = "
                    + format(radiusTolerance * scaledNorm))
        }
        if residualEvaluations >= limit {
            return .ownTest(
                status: .evaluationLimit,
                test: "MINPACK maxfev: r was evaluated \(residualEvaluations) times, maxfev = \(limit)"
                    + (maxResidualEvaluations == nil ? " (100·n)" : ""))
        }
        if abs(actual) <= epsilon && predicted <= epsilon && 0.5 * ratio <= 1 {
            return .ownTest(
                status: .convergedFunctionChange,
                test: "no further reduction of ‖r‖² is possible: \(reductions()), are ≤ ε (ftol is too small)")
        }
        if radius <= epsilon * scaledNorm || radius < Double.leastNormalMagnitude {
            return .ownTest(
                status: .convergedStep,
                test:
                    "no further improvement of x is possible: the trust radius Δ = \(format(radius)) is ≤ ε·‖Dx‖ (xtol "
                        + "is too small)"
            )
        }
        if cosine <= epsilon {
            return .ownTest(
                status: .convergedGradient,
                test:
                    "r is orthogonal to the columns of J to machine precision: cosine \(format(cosine)) ≤ ε (gtol is "
                        + "too small)"
            )
        }
        return nil
    }
}

extension LevenbergMarquardt: Configurable {
    /// MINPACK's ftol, xtol, gtol, factor and mode; all but ftol act on the dense Jacobian.
    public static var parameters: [Parameter<LevenbergMarquardt>] {
        [
            .real(
                "reduction-tol", \.reductionTolerance, .atLeast(0),
                "MINPACK ftol: stop (converged-f-change) when the actual and predicted relative reductions of Σrᵢ² are "
                    + "both ≤ it"
            ),
            .real(
                "radius-tol", \.radiusTolerance, .atLeast(0), "MINPACK xtol: stop (converged-step) when Δ ≤ xtol·‖Dx‖",
                onlyWith: .jacobian),
            .real(
                "cosine-tol", \.cosineTolerance, .atLeast(0),
                "MINPACK gtol: stop (converged-gradient) when every |cos| between r and a column of J is ≤ it",
                onlyWith: .jacobian),
            .real("factor", \.initialRadiusFactor, .above(0), "MINPACK factor: Δ₀ = factor·‖Dx₀‖", onlyWith: .jacobian),
            .choice("scale", \.scaling, "D: the column norms of J (MINPACK mode 1), or I", onlyWith: .jacobian),
            .integer(
                "max-fev", \.maxResidualEvaluations, 1...Int.max,
                "MINPACK maxfev: stop (evaluation-limit) after this many evaluations of r, x₀'s included",
                unset: "100·n, as scipy", onlyWith: .jacobian),
        ]
    }
}
