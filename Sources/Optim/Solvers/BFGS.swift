import CLapack

/// BFGS with the dense inverse-Hessian approximation (N&W Algorithm 6.1, eq. 6.17):
///   Hₖ₊₁ = (I − ρ sₖyₖᵀ) Hₖ (I − ρ yₖsₖᵀ) + ρ sₖsₖᵀ,   ρ = 1/(yₖᵀsₖ),
/// applied as the symmetric rank-two update H − ρ(s(Hy)ᵀ + (Hy)sᵀ) + (ρ²yᵀHy + ρ)ssᵀ with
/// CBLAS dsymv, dsyr2 and dsyr on the upper triangle (row-major).
///
/// H₀ = I for the first step, whose trial step is the unit step 1/‖∇f‖₂ (`unscaledInitialStep`);
/// before the first update H₀ is replaced by κγI with γ = sᵀs/sᵀy (`scaling` = .firstPairStep, the
/// default: BB1, the reciprocal of the mean curvature along s) or γ = yᵀs/yᵀy (.firstPair, N&W
/// eq. 6.20), and κ = `scalingFactor` (default 100), or kept (.identity, scipy's H₀).
///
/// Why κ = 100 (issue 30, results/bfgs-initial-hessian.md, which runs scipy's BFGS on the same
/// functions): BFGS repairs an H that is too large quickly — the unit step overshoots, the line
/// search interpolates back to a nearly exact step and the pair measures the curvature — but one
/// that is too small slowly: a short unit step already meets the Wolfe conditions (c2 = 0.9), so
/// each iteration accepts α = 1 and learns little (N&W section 6.1 on the self-correcting
/// property resting on the line search). γ is the inverse of a mean curvature, far below the
/// inverse Hessian's largest eigenvalue on ill-conditioned problems; κγ overestimates more of
/// the spectrum. Unlike I, κγI is invariant under f → s·f, so BFGS takes the same iterates (to
/// rounding) on s·f for any s (the first step included).
///
/// Why the trial step after the first iteration is min(1, 1.01·2(fₖ − fₖ₋₁)/φ'(0)) (N&W eq. 3.60 with
/// scipy's factor, `trialStep` = .previousDecrease, the default): an overestimated H makes the
/// unit step overshoot along directions it has not learned yet, and each such search costs a second
/// evaluation; the previous decrease predicts the step's length from f alone, so the first trial is
/// close to the line minimum and is accepted. Measured against scipy's BFGS (H₀ = I with the same
/// rule) on the same functions: 31 of the 35 MGH problems solved against 29 (sgm 33.0 evaluations
/// against 34.7 where both solve); on ill-conditioned quadratics with λmin = 1e-2 and 1e2, 33 of 36
/// against 32 at gtol 1e-6 (68.6 against 71.1) and 30 against 15 at 1e-10. On the quadratics with
/// λmin = 1 scipy's I is exactly A⁻¹'s largest eigenvalue, the best a scalar H₀ can be, and scipy
/// takes fewer evaluations at gtol 1e-6 (53.8 against 62.4 where both solve; 23 solved against 25).
/// The unit trial step (`.unit`, the default until issue 30's study) spent 33.9, 84.9 and 86.0.
/// The update is skipped (and counted) when yᵀs ≤ 0. A non-descent direction
/// (rounding) resets H to H₀. Stores n² doubles, so
/// it is limited to n ≤ `maxDimension`.
///
/// A given H₀ (`setInitialInverseHessian`, scipy's `hess_inv0`) replaces I and γI for the first
/// step only: it is not rescaled, the first trial step is 1, and a reset after a non-descent
/// direction falls back to I and the scaling above (scipy's BFGS likewise applies `hess_inv0`
/// once, at the start).
public struct BFGS<Search: LineSearch>: Solver {
    public var lineSearch: Search
    /// `.firstPairStep` (sᵀs/sᵀy), `.firstPair` (N&W 6.20) or `.identity`.
    public var scaling: InitialHessianScaling
    /// κ: H₀ = κγI (γ of `scaling`; not used with `.identity`).
    public var scalingFactor: Double
    /// The first trial step after the first iteration (`BFGSTrialStep`; default N&W eq. 3.60).
    public var trialStep = BFGSTrialStep.previousDecrease
    public static var maxDimension: Int { 5000 }

    private var inverse = Vector(count: 0)
    private var direction = Vector(count: 0)
    private var s = Vector(count: 0)
    private var y = Vector(count: 0)
    private var hy = Vector(count: 0)
    private var updates = 0
    /// The caller's H₀ (row-major, n × n, symmetric positive definite), or nil for I.
    public private(set) var initialInverseHessian: Matrix?
    /// Whether H is still built on the caller's H₀ (no reset since the start): then it is not
    /// rescaled before the first update and the first trial step is 1.
    private var onGivenInitial = false
    /// Updates skipped because yᵀs ≤ 0, in the last run.
    public private(set) var skippedUpdates = 0

    public init(lineSearch: Search, scaling: InitialHessianScaling = .firstPairStep, scalingFactor: Double = 100) {
        self.lineSearch = lineSearch
        self.scaling = scaling
        self.scalingFactor = scalingFactor
    }

    public var summary: String {
        let h0 = scaling == .identity ? "I"
            : "\(scalingFactor == 1 ? "" : NumberStyle.format(scalingFactor) + "·")\(scaling.rawValue)"
        let trial = trialStep == .previousDecrease ? "" : " (trial step \(trialStep.rawValue))"
        return "BFGS\(h0 == "100·first-bb" ? "" : " (H₀ \(h0))")\(trial) + \(lineSearch.summary)"
    }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        if objective.dimension > Self.maxDimension {
            return .dimensionAboveLimit(dimension: objective.dimension, limit: Self.maxDimension)
        }
        if let refusal = Unsupported.denseStorage(dimension: objective.dimension) { return refusal }
        if let h0 = initialInverseHessian, h0.rows != objective.dimension {
            return .initialMatrixMismatch(order: h0.rows, dimension: objective.dimension)
        }
        return lineSearch.unsupportedReason(for: objective).map(Unsupported.lineSearch)
    }

    /// The current approximation Hₖ of ∇²f⁻¹, both triangles filled.
    public var inverseHessian: Matrix {
        let n = direction.count
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in i..<n {
                m[i, j] = inverse[i * n + j]
                m[j, i] = inverse[i * n + j]
            }
        }
        return m
    }

    private func resetInverse() {
        let n = direction.count
        inverse.storage.update(repeating: 0)
        for i in 0..<n { inverse[i * n + i] = 1 }
    }

    /// Sets H₀ for the first step of every run (nil: I, the default). The matrix must be square,
    /// finite, symmetric to √ε of its largest entry (its two triangles are averaged) and positive
    /// definite (LAPACKE dpotrf); its order must be the problem's dimension (checked before the
    /// run: `Unsupported.initialMatrixMismatch`).
    /// - Throws: `InvalidParameter` named "hess-inv0" saying which property fails.
    public mutating func setInitialInverseHessian(_ matrix: Matrix?) throws(InvalidParameter) {
        guard let matrix else {
            initialInverseHessian = nil
            return
        }
        let shape = "\(matrix.rows) × \(matrix.columns) matrix"
        func refuse(_ expected: String, _ value: String = shape) -> InvalidParameter {
            InvalidParameter(name: "hess-inv0", value: value, expected: expected)
        }
        guard matrix.isSquare, matrix.rows > 0 else { throw refuse("a square n × n matrix, n ≥ 1") }
        guard matrix.elements.allSatisfy(\.isFinite) else {
            throw refuse("finite entries", "a matrix with a NaN or infinite entry")
        }
        let n = matrix.rows
        let largest = matrix.elements.reduce(0) { max($0, abs($1)) }
        var symmetric = matrix
        for i in 0..<n {
            for j in (i + 1)..<n {
                let a = matrix[i, j], b = matrix[j, i]
                if abs(a - b) > Double.ulpOfOne.squareRoot() * largest {
                    throw refuse(
                        "a symmetric matrix (|Hᵢⱼ − Hⱼᵢ| ≤ √ε·max|H|)",
                        "a matrix with H[\(i)][\(j)] = \(a) ≠ H[\(j)][\(i)] = \(b)")
                }
                symmetric[i, j] = (a + b) / 2
                symmetric[j, i] = (a + b) / 2
            }
        }
        do { _ = try Cholesky(symmetric) } catch {
            let minor = if case .notPositiveDefinite(let order) = error { " (leading minor \(order))" } else { "" }
            throw refuse("a positive definite matrix", "a matrix that is not positive definite\(minor)")
        }
        initialInverseHessian = symmetric
    }

    /// H ← the caller's H₀ if the run is starting and one is given, else I.
    private func startInverse() {
        guard let h0 = initialInverseHessian else { return resetInverse() }
        _ = inverse.storage.initialize(from: h0.elements)
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        let n = state.dimension
        inverse = try Vector(allocating: n * n)
        direction = try Vector(allocating: n)
        s = try Vector(allocating: n)
        y = try Vector(allocating: n)
        hy = try Vector(allocating: n)
        startInverse()
        onGivenInitial = initialInverseHessian != nil
        updates = 0
        skippedUpdates = 0
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        let n = Int32(state.dimension), g = state.gradient, d = direction
        cblas_dsymv(CblasRowMajor, CblasUpper, n, -1, inverse.pointer, n, g.pointer, 1, 0, d.pointer, 1)
        var slope = g.dot(d)
        if !(slope < 0) {
            resetInverse()
            updates = 0
            onGivenInitial = false
            Kernels.scaled(-1, g.readOnly, into: d.storage)
            slope = -g.dot(g)
        }
        // A given H₀ scales the first direction itself: its trial step is 1, as later ones.
        var initial = updates == 0 && !onGivenInitial ? unscaledInitialStep(gradient: g) : 1
        if updates > 0, trialStep != .unit, trialStep == .previousDecrease || state.stepLength == 1 {
            // N&W eq. 3.60 as scipy's BFGS: min(1, 1.01·2(fₖ − fₖ₋₁)/φ'(0)), 1 when not positive.
            let interpolated = 1.01 * 2 * (state.value - state.previousValue) / slope
            if interpolated > 0 && interpolated.isFinite { initial = min(1, interpolated) }
        }
        let accepted = try lineSearch.search(objective, from: state, along: d, slope: slope, initialStep: initial)
        Kernels.addScaled(state.trialX.readOnly, -1, state.x.readOnly, into: s.storage)
        Kernels.addScaled(state.trialGradient.readOnly, -1, g.readOnly, into: y.storage)
        state.acceptTrial(value: accepted.value, stepLength: accepted.stepLength)
        let sy = s.dot(y)
        guard sy > 0, sy.isFinite else {
            skippedUpdates += 1
            return
        }
        if updates == 0 && scaling != .identity && !onGivenInitial {
            resetInverse()
            Kernels.scal(scalingFactor * (scaling == .firstPair ? sy / y.dot(y) : s.dot(s) / sy), inverse.storage)
        }
        let rho = 1 / sy
        cblas_dsymv(CblasRowMajor, CblasUpper, n, 1, inverse.pointer, n, y.pointer, 1, 0, hy.pointer, 1)
        let yhy = y.dot(hy)
        cblas_dsyr2(CblasRowMajor, CblasUpper, n, -rho, s.pointer, 1, hy.pointer, 1, inverse.pointer, n)
        cblas_dsyr(CblasRowMajor, CblasUpper, n, rho * rho * yhy + rho, s.pointer, 1, inverse.pointer, n)
        updates += 1
    }
}

/// BFGS's first trial step after the first iteration (the study in results/bfgs-initial-hessian.md).
public enum BFGSTrialStep: String, Sendable, CaseIterable {
    /// α = 1, the quasi-Newton step (N&W section 6.1).
    case unit
    /// min(1, 1.01·2(fₖ − fₖ₋₁)/φ'(0)) every iteration (N&W eq. 3.60 with scipy's factor 1.01;
    /// scipy's `_minimize_bfgs` through `line_search_wolfe1`).
    case previousDecrease = "previous-decrease"
    /// The same, only when the previous iteration accepted α = 1.
    case previousDecreaseAfterUnit = "previous-decrease-after-unit"
}

extension BFGS: Configurable {
    /// H₀ is kept, so γ of the latest pair (L-BFGS's default) is not among the choices.
    public static var parameters: [Parameter<BFGS>] {
        [.choice("h0", \.scaling, "H₀ = γI after the first step, γ = sᵀs/sᵀy (BB1) or yᵀs/yᵀy (N&W 6.20), or I",
                 among: [.firstPairStep, .firstPair, .identity]),
         .real("h0-factor", \.scalingFactor, .atLeast(1), "κ: H₀ = κγI (overestimate the inverse Hessian by κ)"),
         .choice("trial-step", \.trialStep,
                 "first trial step after the first iteration: unit (1), previous-decrease (scipy's min(1, "
                     + "1.01·2Δf/φ'(0)), N&W 3.60) or previous-decrease-after-unit (that only after a step of 1)")]
    }

    public func validateRest() throws(InvalidParameter) { try lineSearch.validate() }
}

extension BFGS {
    /// Overwrites Hₖ between iterations (row-major n × n; the upper triangle is kept), after
    /// `start`. The updates keep H positive definite in exact arithmetic, so only rounding leads
    /// `step` to its reset branch (a direction −Hg that is not a descent direction); tests use
    /// this to put an indefinite H there and check the state after the reset.
    mutating func overwriteInverseHessian(_ m: Matrix) {
        let n = direction.count
        precondition(m.rows == n && m.columns == n, "overwriteInverseHessian: H must be \(n) × \(n)")
        for i in 0..<n { for j in 0..<n { inverse[i * n + j] = m[i, j] } }
    }
}
