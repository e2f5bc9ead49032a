/// What the drivers of BOBYQA (`BOBYQARun`) and NEWUOA (`NEWUOARun`) share: PDFO's moderated
/// barrier for f, the two ends they word alike, the best point reported after every evaluation and
/// the result's extras.
protocol PowellModelRun {
    var set: InterpolationSet? { get }
    var rho: Double { get }
    var delta: Double { get }
    var rhoend: Double { get }
    var maxfev: Int { get }
    var lastStepLength: Double { get }
    /// Evaluations whose f was NaN, ±∞ or above the barrier (taken as the barrier).
    var barrierEvaluations: Int { get set }
    /// Writes the best point so far into `point` and returns its f.
    func best(into point: UnsafeMutableBufferPointer<Double>) -> Double
    /// Builds the initial interpolation set around x₀ (f(x₀) = `f0` given), evaluating the rest.
    mutating func initialize<O: Objective>(x0: [Double], f0: Double, objective: O)
    /// Evaluates until the next iteration's end; the reason the run ends, or nil.
    mutating func advance<O: Objective>(objective: O) -> SolverFailure?
}

extension PowellModelRun {
    /// PDFO's "moderated extreme barrier": f is NaN, ±∞ or above 2¹⁰⁰ is taken as 2¹⁰⁰ (PDFO 2.2.0's
    /// HUGEFUN, which its Python layer substitutes), so the run goes on away from such points.
    static var barrier: Double { 0x1p100 }

    /// f at `x`, moderated (and counted when it had to be).
    mutating func moderatedValue<O: Objective>(_ objective: O, at x: [Double]) -> Double {
        let f = x.withUnsafeBufferPointer { objective.value(at: $0) }
        guard f.isFinite && f <= Self.barrier else {
            barrierEvaluations += 1
            return Self.barrier
        }
        return f
    }

    func evaluationLimit() -> SolverFailure {
        .ownTest(status: .evaluationLimit, test: "maxfev = \(maxfev) evaluations spent")
    }

    func converged() -> SolverFailure {
        .ownTest(
            status: .convergedStep,
            test: "ρ reached rhoend = \(NumberStyle.format(rhoend)) and no step at that radius reduces f further")
    }

    /// The next ρ and Δ once the trust region has done what it can at ρ > rhoend (NEWUOA's label 490,
    /// BOBYQA's 680; Powell 2006, section 7): Δ = ρ/2, then ρ becomes rhoend when ρ ≤ 16·rhoend,
    /// √(ρ·rhoend) when ρ ≤ 250·rhoend, and ρ/10 otherwise; Δ is kept at least the new ρ.
    static func reducedRadii(rho: Double, rhoend: Double) -> (rho: Double, delta: Double) {
        let delta = 0.5 * rho
        let r = rho / rhoend
        let next = r <= 16 ? rhoend : r <= 250 ? r.squareRoot() * rhoend : 0.1 * rho
        return (next, max(delta, next))
    }

    /// The solver's `start`: the initial set around the state's x₀, its best point made the iterate.
    mutating func begin<O: Objective>(_ state: IterationState, objective: O) {
        initialize(x0: state.x.array, f0: state.value, objective: objective)
        accept(state)
    }

    /// The solver's `step`: one iteration, its best point made the iterate, then its end if it ended.
    mutating func iterate<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        let outcome = advance(objective: objective)
        accept(state)
        if let outcome { throw outcome }
    }

    /// Makes the best point so far the state's iterate.
    func accept(_ state: IterationState) {
        let f = best(into: state.trialX.storage)
        state.acceptTrial(value: f, stepLength: lastStepLength)
    }

    /// ρ, Δ, m and the barrier count, for the result.
    var extras: ResultExtras? {
        guard let set else { return nil }
        return ResultExtras([
            ResultExtras.Entry("rho", .real(rho)),
            ResultExtras.Entry("trust_radius", .real(delta)),
            ResultExtras.Entry("interpolation_points", .integer(set.npt)),
            ResultExtras.Entry("barrier_evaluations", .integer(barrierEvaluations)),
        ])
    }
}
