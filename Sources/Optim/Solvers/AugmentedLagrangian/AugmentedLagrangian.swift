/// A bound-constrained augmented Lagrangian method for min f(x) subject to l ≤ c(x) ≤ u and the
/// box, in the manner of ALGENCAN: Andreani, Birgin, Martínez & Schuverdt, "On augmented Lagrangian
/// methods with general lower-level constraints", SIAM J. Optim. 18(4), 2008, Algorithm 3.1; Birgin
/// & Martínez, "Practical Augmented Lagrangian Methods for Constrained Optimization", SIAM 2014,
/// Algorithm 4.1. One outer iteration is one `step`:
///
/// 1. xₖ ≈ argmin L_ρₖ(x, λ̄ₖ) over the box (`AugmentedLagrangianFunction`), by the inner solver
///    (L-BFGS-B by default, any bound-capable solver with `inner`) from xₖ₋₁, to the inner gradient
///    tolerance εₖ: ε₁ = `inner-gtol`, εₖ₊₁ = max(εₖ/10, gtol) (the run's gradient tolerance), or
///    until L_ρ's relative decrease in an iteration is ≤ `inner-ftol` (L-BFGS-B's own factr·ε_mach
///    test, scipy's default, with factr = 10): once ρ is large, ‖∇L_ρ‖ ≤ gtol can lie below what
///    L_ρ's rounding lets a line search see (HS 19 at ρ ≈ 1e4: ‖∇L_ρ‖ ≈ 5e-5 where L_ρ stops
///    changing), and without this test the inner run spends its 1000 iterations there at up to 100
///    evaluations each (HS 19, 101, 103, 117, 119 went past 100 000 evaluations so).
/// 2. λₖ₊₁ = w(xₖ): λ̄ + ρh for equalities, max(0, μ̄ + ρg) per inequality side (signed: + for
///    the upper side, − for the lower), the first-order update.
/// 3. Mₖ = max(‖h(xₖ)‖∞, ‖Vₖ‖∞) with Vᵢ = min(−gᵢ(xₖ), μ̄ᵢ/ρₖ) per inequality side (eq. 4.9): if
///    k > 1 and Mₖ > τ·Mₖ₋₁, ρₖ₊₁ = γρₖ (γ = `penalty-growth`, τ = `decrease-ratio`), else ρₖ₊₁ = ρₖ;
///    but never once Mₖ ≤ `ctol` (the book's test would go on growing ρ at a point already feasible
///    and complementary to tolerance, making the subproblems ill-conditioned for nothing: HS 100).
/// 4. λ̄ₖ₊₁ = λₖ₊₁ projected onto [−λmax, λmax] (`max-multiplier`; inequality sides keep their
///    sign, so onto [0, λmax] each).
///
/// ρ₁ = max(1e-8, min(10·max(1, |f(x₀)|) / max(1, ½‖v(x₀)‖²), ρ̂)) (ALGENCAN's rule, Birgin &
/// Martínez 2014, §12.4; v is the signed violation), unless `penalty` is given; λ̄₁ = 0. ALGENCAN
/// caps it at ρ̂ = 1e8; here ρ̂ = `max-initial-penalty` = 10 (NLopt's AUGLAG caps its own rule at
/// 10 too): where x₀ is nearly feasible and |f(x₀)| large the rule gives ρ₁ ≫ 1, and the first
/// subproblem, nearly a penalty method, then ends in the local minimizer nearest x₀ (HS 15 at
/// 360.38 with ρ₁ = 1818, HS 16 at 23.14 with ρ₁ = 585; both reach f* from ρ₁ = 10), while a
/// small ρ₁ costs at most a few outer iterations of growth by γ.
///
/// Stopping: `converged-kkt` when the violation and complementarity are ≤ `ctol` and
/// ‖P(x − (∇f + Jᵀλ)) − x‖∞ ≤ gtol (the driver's test, gated on feasibility);
/// `infeasible` when x is not feasible, the violation fell by less than τ in the last outer
/// iteration and ρ ≥ 1e6 with ½‖v‖² stationary there relative to v (‖P(x − Jᵀv) − x‖∞ ≤ gtol·‖v‖∞,
/// v the signed violation), or ρ has reached `max-penalty`; then the subproblems minimize ½‖v‖²
/// (their f is negligible), so x is a local minimizer of the violation that is not feasible (the
/// detail gives both numbers). (Neither the stall nor the relative test may go: HS 72's ‖J‖ ≈ 1e-5
/// passed an absolute test at ρ = 1e6 while its violation still fell by 3 per outer iteration, and
/// at HS 74's stalled violation of 7e-7, Jᵀv ≈ 6e-7 is small only because v is.)
/// `converged-f-change` when three outer iterations in a row had their inner run end on
/// `inner-ftol`, x feasible to ctol or its violation stalled as above (not stationary): x, f and
/// the KKT measure are at L_ρ's rounding limit (the detail gives them); the driver's limits
/// otherwise, between outer iterations. Each outer iteration allocates its inner run's buffers
/// (an inner `minimize`).
public struct AugmentedLagrangian: ConstrainedSolver, Configurable {
    /// The bound-capable solvers that can solve the subproblems.
    public enum Inner: String, CaseIterable, Sendable {
        case lbfgsb
        case nelderMead = "nelder-mead"
        case powell
        case bobyqa
        case cmaes

        /// The solver at its defaults, but L-BFGS-B with up to 100 evaluations per line search
        /// (scipy's maxls is 20): where an inequality becomes active, L_ρ's curvature jumps from f's
        /// to ρ‖∇cᵢ‖², and dcsrch's interpolation from L-BFGS-B's first trial step (α = 1 on a box)
        /// can need more than 20 trials to come down across it (HS 65 does).
        public func make() -> any Solver {
            switch self {
            case .lbfgsb: LBFGSB(maxLineSearchEvaluations: 100)
            case .nelderMead: NelderMead()
            case .powell: Powell()
            case .bobyqa: BOBYQA()
            case .cmaes: CMAES()
            }
        }
    }

    /// Feasibility (and complementarity) tolerance, in the constraints' units: 1e-8, ALGENCAN's
    /// `epsfeas` (with 1e-6, f at the accepted point was off by ≈ |λ|·1e-6, more than 1e-6 relative
    /// on HS 32, 52 and 53).
    public var constraintTolerance: Double
    /// γ: the penalty's growth factor.
    public var penaltyGrowth: Double
    /// τ: the fraction by which the infeasibility-complementarity measure must fall.
    public var decreaseRatio: Double
    /// ρ₁; nil: ALGENCAN's rule.
    public var initialPenalty: Double?
    /// λmax of the safeguard.
    public var maxMultiplier: Double
    /// ρ above which a run that is still not feasible ends `infeasible`.
    public var maxPenalty: Double
    /// ε₁, the first inner gradient tolerance.
    public var innerTolerance: Double
    /// The inner runs' relative f-change tolerance.
    public var innerFunctionTolerance: Double
    /// ρ̂, the cap of ALGENCAN's rule for ρ₁.
    public var maxInitialPenalty: Double
    /// Iterations each inner run may take.
    public var innerIterations: Int
    /// The subproblems' solver.
    public var inner: Inner

    private var penalty = 1.0
    private var innerGradientTolerance = 1e-2
    private var previousMeasure = Double.infinity
    private var previousViolation = Double.infinity
    private var stalledIterations = 0
    private var outerIterations = 0
    private var totalInnerIterations = 0
    private var multipliers: [Double] = []
    private var values: [Double] = []
    private var outcome: ConstraintOutcome?
    private var pendingStop: (status: Status, test: String)?
    /// The subproblem's function, kept across outer iterations (its type depends on the objective's).
    private var function: AnyObject?

    public init(
        constraintTolerance: Double = 1e-8, penaltyGrowth: Double = 10, decreaseRatio: Double = 0.5,
        initialPenalty: Double? = nil, maxInitialPenalty: Double = 10, maxMultiplier: Double = 1e20,
        maxPenalty: Double = 1e12, innerTolerance: Double = 1e-2, innerFunctionTolerance: Double = 10 * .ulpOfOne,
        innerIterations: Int = 1000, inner: Inner = .lbfgsb
    ) {
        self.constraintTolerance = constraintTolerance
        self.penaltyGrowth = penaltyGrowth
        self.decreaseRatio = decreaseRatio
        self.initialPenalty = initialPenalty
        self.maxInitialPenalty = maxInitialPenalty
        self.maxMultiplier = maxMultiplier
        self.maxPenalty = maxPenalty
        self.innerTolerance = innerTolerance
        self.innerFunctionTolerance = innerFunctionTolerance
        self.innerIterations = innerIterations
        self.inner = inner
    }

    public var summary: String {
        "augmented Lagrangian (PHR, safeguarded multipliers, γ = \(NumberStyle.format(penaltyGrowth)), τ = "
            + "\(NumberStyle.format(decreaseRatio))) + \(inner.make().summary)"
    }

    public var constraintOutcome: ConstraintOutcome? { outcome }

    public static var parameters: [Parameter<AugmentedLagrangian>] {
        [
            .real("ctol", \.constraintTolerance, .above(0), "constraint violation (and complementarity) tolerance"),
            .real("penalty-growth", \.penaltyGrowth, .above(1), "γ: factor the penalty grows by"),
            .real(
                "decrease-ratio", \.decreaseRatio, .open(0, 1),
                "τ: the penalty grows unless infeasibility/complementarity falls to τ times its last value"),
            .real("penalty", \.initialPenalty, .above(0), "initial penalty ρ₁", unset: "ALGENCAN's rule"),
            .real("max-initial-penalty", \.maxInitialPenalty, .above(0), "ρ̂: the cap of ALGENCAN's rule for ρ₁"),
            .real("max-multiplier", \.maxMultiplier, .above(0), "λmax: multipliers are projected onto [−λmax, λmax]"),
            .real("max-penalty", \.maxPenalty, .above(0), "penalty at which a run still infeasible ends infeasible"),
            .real(
                "inner-gtol", \.innerTolerance, .above(0), "first inner gradient tolerance (÷10 per outer iteration)"),
            .real(
                "inner-ftol", \.innerFunctionTolerance, .atLeast(0),
                "inner runs stop when L's relative decrease in an iteration is at most this (0: off)"),
            .integer("inner-iterations", \.innerIterations, 1...Int.max, "iterations per inner run"),
            .choice("inner", \.inner, "the bound-capable solver of the subproblems"),
        ]
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        let m = state.constraints?.count ?? 0
        multipliers = Array(repeating: 0, count: m)
        values = Array(repeating: 0, count: m)
        function = nil
        pendingStop = nil
        previousMeasure = .infinity
        previousViolation = .infinity
        stalledIterations = 0
        outerIterations = 0
        totalInnerIterations = 0
        innerGradientTolerance = max(innerTolerance, state.gradientTolerance)
        if let constraints = state.constraints {
            values.withUnsafeMutableBufferPointer { constraints.values(at: state.x.readOnly, into: $0) }
        }
        var squares = 0.0
        if let constraints = state.constraints {
            for i in 0..<m {
                let v = ConstraintMeasures.signedViolation(values[i], lower: constraints.lower[i],
                                                           upper: constraints.upper[i])
                squares += 0.5 * v * v
            }
        }
        penalty = initialPenalty ?? max(1e-8, min(10 * max(1, abs(state.value)) / max(1, squares), maxInitialPenalty))
        report(state, lagrangianGradient: state.gradient.readOnly)
    }

    /// Measures at the current iterate with the current λ; `lagrangianGradient` is ∇f + Jᵀλ there.
    private mutating func report(_ state: IterationState, lagrangianGradient: UnsafeBufferPointer<Double>) {
        let kkt = state.bounds.map { $0.projectedGradientNorm(x: state.x.readOnly, gradient: lagrangianGradient) }
            ?? Kernels.maxAbs(lagrangianGradient, threads: state.threads)
        let measures = state.constraints.map { $0.measures(values: values, multipliers: multipliers) }
            ?? ConstraintMeasures(violation: 0, complementarity: 0)
        let feasible = measures.violation <= constraintTolerance && measures.complementarity <= constraintTolerance
        state.reportStationarity(kkt, status: .convergedKKT)
        state.reportConstraints(violation: measures.violation, feasible: feasible)
        outcome = ConstraintOutcome(
            values: values, multipliers: multipliers, violation: measures.violation, stationarity: kkt,
            complementarity: measures.complementarity, evaluations: 0, jacobianEvaluations: 0, jacobianProducts: 0)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        if let pendingStop { throw .ownTest(status: pendingStop.status, test: pendingStop.test) }
        // Bounds alone (no constraints): one inner run does it all.
        let constraints = state.constraints ?? NoConstraints(dimension: state.dimension)
        let al: AugmentedLagrangianFunction<O>
        if let kept = function as? AugmentedLagrangianFunction<O> {
            al = kept
        } else {
            do { al = try AugmentedLagrangianFunction(base: objective, constraints: constraints) } catch {
                throw .inner(status: .nonFiniteValue, detail: error.description)
            }
            function = al
        }
        al.penalty = penalty
        al.shifts = multipliers.map { min(max($0, -maxMultiplier), maxMultiplier) }
        let options = Options(
            gradientTolerance: innerGradientTolerance, functionTolerance: innerFunctionTolerance,
            maxIterations: innerIterations, traceEvery: 0, threads: state.threads)
        let result: OptimizationResult
        do {
            result = try minimize(al, from: state.x.array, bounds: state.bounds, using: inner.make(), options: options)
        } catch {
            throw .inner(status: .nonFiniteValue, detail: "the inner run refused to start: \(error)")
        }
        totalInnerIterations += result.iterations
        if result.iterations == 0 && !result.status.isConverged {
            // Nothing would change in the next outer iteration either.
            throw .inner(
                status: result.status,
                detail: "the inner run made no step: \(result.status.rawValue)"
                    + (result.detail.map { " (\($0))" } ?? ""))
        }
        if !result.value.isFinite {
            throw .inner(status: .nonFiniteValue, detail: "the inner run ended at a non-finite L (\(result.status))")
        }
        // f, ∇f, c and w at the inner solution (kept from its last evaluation when it ended there).
        let n = state.dimension
        for j in 0..<n { state.trialX.storage[j] = result.x[j] }
        al.ensurePoint(state.trialX.readOnly, scratch: state.trialGradient.storage)
        for j in 0..<n { state.trialGradient.storage[j] = al.objectiveGradient.storage[j] }
        state.acceptTrial(value: al.value, stepLength: 1)
        outerIterations += 1

        // Step 3's measure with the shifts and penalty of this subproblem, then steps 2 and 4.
        var measure = 0.0
        for i in 0..<constraints.count {
            let c = al.constraintValues[i], l = constraints.lower[i], u = constraints.upper[i]
            if l == u {
                measure = max(measure, abs(c - l))
            } else {
                if u < .infinity { measure = max(measure, abs(min(u - c, max(al.shifts[i], 0) / penalty))) }
                if l > -.infinity { measure = max(measure, abs(min(c - l, max(-al.shifts[i], 0) / penalty))) }
            }
        }
        values = al.constraintValues
        multipliers = al.weights
        if outerIterations > 1 && measure > decreaseRatio * previousMeasure && measure > constraintTolerance {
            penalty *= penaltyGrowth
        }
        previousMeasure = measure
        innerGradientTolerance = max(innerGradientTolerance / 10, state.gradientTolerance)
        report(state, lagrangianGradient: al.lagrangianGradient.readOnly)

        // Infeasible: past `max-penalty`, or past 1e6 with the violation stalled at a stationary
        // point of ½‖v‖² (one c and Jᵀv evaluation per such outer iteration).
        let lastViolation = previousViolation
        let violation = state.constraintViolation ?? 0
        previousViolation = violation
        let stalledViolation = violation > constraintTolerance && violation > decreaseRatio * lastViolation
            && penalty >= min(Self.stationaryInfeasibilityPenalty, maxPenalty)
        if stalledViolation {
            let stationarity = infeasibilityStationarity(state, constraints)
            if penalty >= maxPenalty || stationarity <= state.gradientTolerance * violation {
                pendingStop = (
                    .infeasible,
                    "the violation \(NumberStyle.format(violation)) stays above ctol = "
                        + "\(NumberStyle.format(constraintTolerance)) with the penalty at "
                        + "\(NumberStyle.format(penalty)) and ‖P(x − Jᵀv) − x‖∞ = \(NumberStyle.format(stationarity))"
                )
                return
            }
        }
        // The rounding limit: the inner runs end where L_ρ stops decreasing before ‖∇L_ρ‖ ≤ gtol,
        // x feasible or its violation stalled, so the outer iterations only move x within L_ρ's
        // rounding (HS 117, 119: 1000 outer iterations at f* ± 1e-9 with the KKT measure at 1e-5;
        // HS 74 at a violation of 7e-7 with ρ = 2e7).
        let stalled = result.status == .convergedFunctionChange && (state.isFeasible || stalledViolation)
        stalledIterations = stalled ? stalledIterations + 1 : 0
        if stalledIterations >= Self.stalledIterationsToStop, let kkt = outcome?.stationarity {
            pendingStop = (
                .convergedFunctionChange,
                (state.isFeasible ? "feasible to ctol" : "the violation \(NumberStyle.format(violation)) stalled")
                    + ", and the last \(Self.stalledIterationsToStop) inner runs stopped where L_ρ's relative "
                    + "decrease fell to inner-ftol with the KKT measure \(NumberStyle.format(kkt)) "
                    + "(ρ = \(NumberStyle.format(penalty)))"
            )
        }
    }

    /// Consecutive outer iterations, feasible or with a stalled violation, whose inner runs ended on
    /// `inner-ftol`, that end the run.
    static let stalledIterationsToStop = 3

    /// ρ from which an infeasible x where ½‖v‖² is stationary (‖P(x − Jᵀv) − x‖∞ ≤ gtol·‖v‖∞)
    /// ends the run `infeasible` before `max-penalty`.
    static let stationaryInfeasibilityPenalty = 1e6

    /// ‖P(x − Jᵀv) − x‖∞ at the current iterate, v the signed violation: the first-order measure of
    /// ½‖v‖² (for the infeasible detail; one Jacobian product).
    private func infeasibilityStationarity(_ state: IterationState, _ constraints: any ConstraintFunctions) -> Double {
        let lower = constraints.lower, upper = constraints.upper
        var c = [Double](repeating: 0, count: constraints.count)
        let product = state.trialGradient.storage
        product.update(repeating: 0)
        c.withUnsafeMutableBufferPointer { c in
            constraints.valuesAndTransposeProduct(at: state.x.readOnly, values: c, into: product) { i, ci in
                ConstraintMeasures.signedViolation(ci, lower: lower[i], upper: upper[i])
            }
        }
        return state.bounds.map {
            $0.projectedGradientNorm(x: state.x.readOnly, gradient: UnsafeBufferPointer(product))
        }
            ?? Kernels.maxAbs(UnsafeBufferPointer(product), threads: state.threads)
    }

    public mutating func finish<O: Objective>(_ state: IterationState, objective: O) -> ResultExtras? {
        ResultExtras([
            .init("outer_iterations", .integer(outerIterations)),
            .init("inner_iterations", .integer(totalInnerIterations)),
            .init("penalty", .real(penalty)),
        ])
    }
}

/// m = 0: a problem with bounds alone, for which the augmented Lagrangian is f itself.
private final class NoConstraints: ConstraintFunctions {
    let dimension: Int
    init(dimension: Int) { self.dimension = dimension }
    var count: Int { 0 }
    var lower: [Double] { [] }
    var upper: [Double] { [] }
    var isLinear: [Bool] { [] }
    var descriptions: [String] { [] }
    func values(at x: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>) {}
    func jacobian(at x: UnsafeBufferPointer<Double>, into jacobian: UnsafeMutableBufferPointer<Double>) {}
    func valuesAndTransposeProduct(
        at x: UnsafeBufferPointer<Double>, values: UnsafeMutableBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>, weight: (_ i: Int, _ value: Double) -> Double
    ) {}
    func product(
        at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>
    ) {}
}
