/// Orthant-wise limited-memory quasi-Newton (OWL-QN; Andrew & Gao, "Scalable training of
/// L1-regularized log-linear models", ICML 2007, Algorithm 1) for F(x) = f(x) + λ‖x‖₁.
///
/// With ∇f from the objective, each iteration
/// 1. forms the pseudo-gradient ◇F (the minimum-norm subgradient of F; `PseudoGradient`);
/// 2. takes d = −H◇F by the L-BFGS two-loop recursion, whose pairs (s, y) use differences of
///    ∇f only (not of ◇F: the paper's §3.2), then zeroes every dᵢ whose sign disagrees with
///    −◇Fᵢ (dᵢ·◇Fᵢ ≥ 0, as liblbfgs does);
/// 3. backtracks along the projected path x(α) = π(x + αd; ξ), where ξᵢ = sign(xᵢ), or
///    sign(−◇Fᵢ) for xᵢ = 0, and π zeroes every coordinate that leaves ξ's orthant, halving α
///    until F(x(α)) ≤ F(x) + c1·◇Fᵀ(x(α) − x) (the paper's eq. 4 and liblbfgs's
///    `line_search_backtracking_owlqn`).
/// The first iteration, and any after the memory is cleared, steps along d = −◇F from
/// α₀ = min(1, 1/‖◇F‖₂); later ones try α = 1. A direction that is not a descent direction
/// for ◇F (rounding), or a failed search with a non-empty memory, clears the memory and
/// retries along −◇F, as `LBFGS` does. With λ = 0 nothing is projected and the iterates are
/// L-BFGS's with halving backtracking.
///
/// λ is the solver's own: the objective is f alone. The state holds F (not f) as the iterate's
/// value and ∇f as its gradient; the solver reports ‖◇F‖∞ as the first-order optimality measure
/// (`IterationState.reportStationarity`; status `convergedSubgradient`, `convergedGradient` when
/// λ = 0), and its `finish` reports f, λ‖x‖₁ and the zero coordinates as the result's extras
/// (`l1`: `lambda`, `F`, `f`, `penalty`, `zeros`).
public struct OWLQN: Solver {
    /// λ ≥ 0, the weight of ‖x‖₁.
    public var lambda: Double
    /// m, the number of (s, y) pairs kept (default 10).
    public var memory: Int
    /// c1 of the sufficient-decrease test, 0 < c1 < 1 (default 1e-4, liblbfgs's `ftol`).
    public var sufficientDecrease: Double
    /// Trials allowed per backtracking search (default 50).
    public var maxBacktracks: Int

    private var pairs = LBFGSMemory(dimension: 0, capacity: 1)
    private var direction = Vector(count: 0)
    private var pseudoGradient = Vector(count: 0)
    /// f (without λ‖x‖₁) at the current iterate.
    private var smoothValue = Double.nan

    public init(lambda: Double, memory: Int = 10, sufficientDecrease: Double = 1e-4, maxBacktracks: Int = 50) {
        self.lambda = lambda
        self.memory = memory
        self.sufficientDecrease = sufficientDecrease
        self.maxBacktracks = maxBacktracks
    }

    public var summary: String {
        "OWL-QN (λ = \(NumberStyle.format(lambda)), m = \(memory)) + orthant-projected backtracking (c1 = "
            + "\(NumberStyle.format(sufficientDecrease)), halving, ≤ \(maxBacktracks) evaluations)"
    }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        let bytes = (2 * (Double(memory) + 1) + 3) * Double(objective.dimension) * 8
        return bytes > LBFGS<Backtracking>.maxStorageBytes
            ? .storageAboveLimit(bytes: bytes, limit: LBFGS<Backtracking>.maxStorageBytes) : nil
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        pairs = try LBFGSMemory.allocating(dimension: state.dimension, capacity: memory, threads: state.threads)
        direction = try Vector(allocating: state.dimension)
        pseudoGradient = try Vector(allocating: state.dimension)
        smoothValue = state.value
        state.refreshValue(state.value + lambda * PseudoGradient.norm1(state.x))
        reportStationarity(state)
    }

    /// ‖◇F‖∞ at the current iterate, as the driver's gradient test's measure. With λ = 0, F is f
    /// and ◇F is ∇f: the plain gradient test.
    private func reportStationarity(_ state: IterationState) {
        state.reportStationarity(PseudoGradient.maxAbs(x: state.x, gradient: state.gradient, lambda: lambda),
                                 status: lambda > 0 ? .convergedSubgradient : .convergedGradient)
    }

    /// The terms of F at the result: `l1` = {`lambda`, `F`, `f`, `penalty` (λ‖x‖₁), `zeros` (the
    /// coordinates of x that are exactly 0.0)}.
    public mutating func finish<O: Objective>(_ state: IterationState, objective: O) -> ResultExtras? {
        ResultExtras([
            .init(
                "l1",
                .record(
                    ResultExtras([
                        .init("lambda", .real(lambda)), .init("F", .real(state.value)), .init("f", .real(smoothValue)),
                        .init("penalty", .real(lambda * PseudoGradient.norm1(state.x))),
                        .init("zeros", .integer(PseudoGradient.zeroCount(state.x))),
                    ])))
        ])
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        let pg = pseudoGradient, d = direction
        PseudoGradient.compute(x: state.x, gradient: state.gradient, lambda: lambda, into: pg)
        if pairs.count > 0 {
            pairs.applyInverseHessian(to: pg.readOnly, into: d.storage)
            if !(orthantProjectedDirection(d, pseudoGradient: pg) < 0) { pairs.reset() }
        }
        var trial: (f: Double, value: Double, step: Double)
        if pairs.count > 0 {
            do { trial = try backtrack(state, objective: objective, initialStep: 1) } catch {
                pairs.reset()
                trial = try steepestStep(state, objective: objective)
            }
        } else {
            trial = try steepestStep(state, objective: objective)
        }
        pairs.update(x: state.x, newX: state.trialX, gradient: state.gradient, newGradient: state.trialGradient)
        smoothValue = trial.f
        state.acceptTrial(value: trial.value, stepLength: trial.step)
        reportStationarity(state)
    }

    /// d ← −d with every dᵢ that does not point the way of −◇Fᵢ set to 0 (only for λ > 0).
    /// - Returns: ◇Fᵀd.
    private func orthantProjectedDirection(_ d: Vector, pseudoGradient pg: Vector) -> Double {
        let dp = d.pointer, gp = pg.pointer
        var slope = 0.0
        for i in 0..<d.count {
            var di = -dp[i]
            if lambda > 0 && di * gp[i] >= 0 { di = 0 }
            dp[i] = di
            slope += di * gp[i]
        }
        return slope
    }

    /// A search along −◇F from α₀ = min(1, 1/‖◇F‖₂) (liblbfgs's first step). Not the unit step
    /// 1/‖◇F‖₂ the smooth methods take (`unscaledInitialStep`): OWL-QN only backtracks, so a unit
    /// step could not be extended, and its runs stay comparable with liblbfgs's.
    private func steepestStep<O: Objective>(
        _ state: IterationState, objective: O
    ) throws(SolverFailure) -> (f: Double, value: Double, step: Double) {
        Kernels.scaled(-1, pseudoGradient.readOnly, into: direction.storage)
        let norm = pseudoGradient.norm2
        return try backtrack(state, objective: objective, initialStep: norm > 1 ? 1 / norm : 1)
    }

    /// Halves α from `initialStep` until the projected trial point x(α) satisfies
    /// F(x(α)) ≤ F(x) + c1·◇Fᵀ(x(α) − x); the trial is left in the state's trial buffers.
    /// A non-finite F counts as a step too far.
    private func backtrack<O: Objective>(
        _ state: IterationState, objective: O, initialStep: Double
    ) throws(SolverFailure) -> (f: Double, value: Double, step: Double) {
        let n = state.dimension, x = state.x.pointer, d = direction.pointer, pg = pseudoGradient.pointer
        let xt = state.trialX.pointer, value0 = state.value
        // Below this α the step x + α·d no longer changes x in floating point.
        let minStep = Double.ulpOfOne * max(1, state.x.maxAbs) / max(direction.maxAbs, .leastNormalMagnitude)
        var alpha = initialStep, trials = 0
        while true {
            trials += 1
            var predicted = 0.0, norm1 = 0.0
            for i in 0..<n {
                var xi = x[i] + alpha * d[i]
                if lambda > 0 {
                    // ξᵢ = sign(xᵢ), or sign(−◇Fᵢ) at xᵢ = 0: leave the orthant → 0.
                    let orthant = x[i] != 0 ? x[i] : -pg[i]
                    if xi * orthant <= 0 { xi = 0 }
                }
                xt[i] = xi
                predicted += (xi - x[i]) * pg[i]
                norm1 += abs(xi)
            }
            let f = objective.valueAndGradient(at: state.trialX.readOnly, gradient: state.trialGradient.storage)
            let value = f + lambda * norm1
            let finite = value.isFinite && state.trialGradient.maxAbs.isFinite
            if finite && value <= value0 + sufficientDecrease * predicted { return (f, value, alpha) }
            if trials == maxBacktracks {
                throw .lineSearch(finite ? .evaluationLimit(evaluations: trials) : .nonFiniteValue(stepLength: alpha))
            }
            alpha *= 0.5
            if alpha < minStep {
                throw .lineSearch(
                    finite ? .roundingErrors(stepLength: 2 * alpha) : .nonFiniteValue(stepLength: 2 * alpha))
            }
        }
    }
}

extension OWLQN: LimitedMemorySolver {
    public static var parameters: [Parameter<OWLQN>] {
        [.real("l1", \.lambda, .atLeast(0), "λ, the weight of ‖x‖₁", required: true),
         .memory,
         .real("c1", \.sufficientDecrease, .open(0, 1), "sufficient decrease F(x(α)) ≤ F(x) + c1·◇Fᵀ(x(α) − x)")]
    }

    public func validateRest() throws(InvalidParameter) {
        try InvalidParameter.require(maxBacktracks >= 1, "maxBacktracks", maxBacktracks, "an integer ≥ 1")
    }
}
