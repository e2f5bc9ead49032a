/// L-BFGS-B: limited-memory BFGS on a box l ≤ x ≤ u (Byrd, Lu, Nocedal & Zhu, SIAM J. Sci.
/// Comput. 16(5), 1995; Zhu, Byrd, Lu & Nocedal, ACM TOMS 23(4), 1997; version 3.0 of Morales
/// & Nocedal, ACM TOMS 38(1), 2011), step for step as scipy's `lbfgsb.c` (`mainlb`).
///
/// One iteration:
/// 1. the generalized Cauchy point xᶜ along P(x − t∇f) (`CauchyPoint`) — skipped when nothing
///    is bounded and pairs are held (then xᶜ = x, every variable free);
/// 2. the subspace step z over the variables free at xᶜ (`SubspaceMinimization`), unless none
///    is free or no pair is held (z = xᶜ);
/// 3. the line search on d = z − x by Moré–Thuente (`dcsrch`) with L-BFGS-B's parameters:
///    c1 = 1e-3, c2 = 0.9, interval tolerance 0.1, at most 20 evaluations, α in [0, α_max] with
///    α_max = 1 on the first iteration of a bounded problem, the longest feasible step after,
///    1e10 without bounds (on the first iteration 1e10/‖d‖₂, 1e10 times the first trial step;
///    `lnsrlb`: 1e10); first trial α = min(1/‖d‖₂, α_max) on the first iteration unless every
///    variable has both bounds, else 1. Like `lnsrlb`, a search that ends on a `dcsrch` warning
///    takes the trial point;
/// 4. the pair s = αd, y = ∇f₊ − ∇f is added unless sᵀy ≤ ε_mach·(−αgᵀd).
/// Scale (issue 30): without bounds and without pairs (the first iteration, after a restart)
/// B₀ = ‖∇f‖₂I instead of I, so d = −∇f/‖∇f‖₂ is the unit step, and the first iteration's α_max
/// is 1e10 times its first trial step: f and s·f then take the same iterates for any s (with
/// `mainlb`'s B₀ = I, d = −∇f rounds to 0 below s ≈ 1e-16 and the search fails). With bounds the
/// generalized Cauchy point keeps `mainlb`'s B₀ = I, which is not invariant: its breakpoints
/// along P(x − t∇f) are in units of ∇f.
/// Not in `mainlb` (issue 30): a search that stopped at α_max on a ray that no bound cuts, with
/// no positive curvature shown, is followed further (`UnboundedRay`: ×10 steps up to 1e20 times the first trial
/// step); f lower at each ends the run `unbounded` (`mainlb` stops at α_max = 1e10 and goes on).
/// When d is not a descent direction, the search fails, or a matrix is singular, the memory is
/// cleared and the iteration restarts from the Cauchy step; with an empty memory that is a
/// failure. The box is the problem's (`minimize(…, bounds:)`, `IterationState.bounds`; the driver
/// starts from x₀'s projection). The solver reports ‖P(x − ∇f) − x‖∞ as the first-order
/// optimality measure on a box (`IterationState.reportStationarity`), and the bounds that bind
/// at the result as its extras (`active_set`); the driver's f-change test is L-BFGS-B's (fₖ − fₖ₊₁)/max(|fₖ|, |fₖ₊₁|,
/// 1) ≤ factr·ε_mach.
/// Without bounds it is `LBFGS` with this line search (MoreThuente c1 = 1e-3, c2 = 0.9,
/// interval tolerance 0.1, no approximate Wolfe): the same iterates to rounding (the compact form
/// and the two-loop recursion sum in another order; tested). It departs from it only where the
/// rules differ: a search that ends on a `dcsrch` warning takes its point (`LBFGS` clears the
/// memory and retries along −∇f); its limits are absolute (`LBFGS`'s Moré–Thuente scales them
/// with the first trial step); and after a restart the first trial step is 1.
public struct LBFGSB: BoundedSolver {
    /// m, the pairs kept (default 10).
    public var memory: Int
    /// The line search's evaluation budget (`maxls`, default 20).
    public var maxLineSearchEvaluations: Int

    private var box = Bounds.unbounded(dimension: 0)
    private var pairs = CompactLBFGS(dimension: 0, capacity: 1)
    /// The compact L-BFGS matrix as it stands (for `materializedInverseHessian`).
    var compactMatrix: CompactLBFGS { pairs }
    private var cauchy = CauchyPoint(dimension: 0, memory: 1)
    private var subspace = SubspaceMinimization(dimension: 0, memory: 1)
    private var direction = Vector(count: 0)
    private var yScratch = Vector(count: 0)
    private var constrained = false, everyVariableBoxed = false

    public init(memory: Int = 10, maxLineSearchEvaluations: Int = 20) {
        self.memory = memory
        self.maxLineSearchEvaluations = maxLineSearchEvaluations
    }

    public var summary: String {
        "L-BFGS-B (m = \(memory)\(constrained ? ", bounded" : "")) + Moré–Thuente dcsrch (c1 = 0.001, c2 = 0.9, xtol = "
            + "0.1, ≤ \(maxLineSearchEvaluations) evaluations)"
    }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        let bytes = (2 * Double(memory) + 9) * Double(objective.dimension) * 8
        let limit = LBFGS<MoreThuente>.maxStorageBytes
        return bytes > limit ? .storageAboveLimit(bytes: bytes, limit: limit) : nil
    }

    /// ‖P(x − ∇f) − x‖∞, zero exactly at a KKT point of the box (status
    /// `converged-projected-gradient`); ‖∇f‖∞ without bounds.
    private func stationarity(_ state: IterationState) -> Stationarity {
        guard let bounds = state.bounds else {
            return Stationarity(norm: state.gradient.maxAbs, status: .convergedGradient)
        }
        return Stationarity(
            norm: bounds.projectedGradientNorm(x: state.x.readOnly, gradient: state.gradient.readOnly),
            status: .convergedProjectedGradient)
    }

    /// Reports the projected gradient as the driver's measure on a box (without bounds the
    /// driver's own ‖∇f‖∞ is the same).
    private func reportStationarity(_ state: IterationState) {
        guard state.bounds != nil else { return }
        let measure = stationarity(state)
        state.reportStationarity(measure.norm, status: measure.status)
    }

    /// On a box: `active_set`, the bounds that bind at x ([{`index`, `bound` (lower, upper or
    /// fixed), `value`}]); nothing without bounds.
    public mutating func finish<O: Objective>(_ state: IterationState, objective: O) -> ResultExtras? {
        guard let bounds = state.bounds else { return nil }
        let active = bounds.activeSet(at: state.x.array).map { bound in
            ResultExtras.Value.record(
                ResultExtras([
                    .init("index", .integer(bound.index)), .init("bound", .text(bound.side.rawValue)),
                    .init("value", .real(bound.value)),
                ]))
        }
        return ResultExtras([.init("active_set", .list(active))])
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        let n = state.dimension
        box = state.bounds ?? .unbounded(dimension: n)
        constrained = box.constrains
        everyVariableBoxed = box.boxesEveryVariable
        pairs = try CompactLBFGS.allocating(dimension: n, capacity: memory)
        cauchy = CauchyPoint(dimension: n, memory: memory)
        subspace = SubspaceMinimization(dimension: n, memory: memory)
        direction = try Vector(allocating: n)
        yScratch = try Vector(allocating: n)
        reportStationarity(state)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        let x = state.x, g = state.gradient, d = direction, z = cauchy.point
        while true {
            if pairs.count == 0 && !constrained {
                // B₀ = ‖g‖₂I: the Cauchy step −g/‖g‖₂ is the unit step, the same for f and s·f
                // (`mainlb`: B₀ = I, whose step −g rounds to nothing when ‖g‖ ≪ ε‖x‖; issue 30).
                let gradientNorm = g.norm2
                if gradientNorm > 0 && gradientNorm.isFinite { pairs.setEmptyScale(gradientNorm) }
            }
            if constrained || pairs.count == 0 {
                cauchy.compute(
                    x: x, gradient: g, bounds: box, memory: pairs, projectedGradientNorm: stationarity(state).norm)
            } else {
                cauchy.skip(x: x, bounds: box)
            }
            subspace.collectFree(cauchy)
            guard subspace.minimize(z: z, x: x, gradient: g, bounds: box, memory: pairs, c: cauchy.c) else {
                pairs.reset()
                continue
            }
            Kernels.addScaled(z.readOnly, -1, x.readOnly, into: d.storage)
            let slope = g.dot(d)
            let norm = d.norm2
            var maxStep = 1e10
            if constrained {
                maxStep = state.iteration == 0 ? 1 : feasibleStep(x: x, direction: d)
            } else if state.iteration == 0 {
                maxStep = 1e10 / norm   // 1e10 unit steps: invariant under f → s·f (issue 30)
            }
            let initialStep = state.iteration == 0 && !everyVariableBoxed ? min(1 / norm, maxStep) : 1
            var search = MoreThuente(c1: 1e-3, c2: 0.9, intervalTolerance: 0.1, minStep: 0, maxStep: maxStep,
                                     maxEvaluations: maxLineSearchEvaluations, approximateWolfe: 0)
            search.acceptsWarnings = true
            // lnsrlb's dcsrch: absolute limits, and maxls evaluations whatever the trials do.
            search.relativeLimits = false
            search.maxExtrapolations = 0
            let accepted: LineSearchStep
            do throws(LineSearchFailure) {
                guard slope < 0 else { throw .notDescentDirection(slope: slope) }
                guard maxStep > 0 else { throw .stepAtMaximum(stepLength: 0) }
                var line = SearchLine(state: state, direction: d, slope0: slope)
                line.feasibility = (box, z)
                accepted = try search.search(objective, along: line, initialStep: initialStep)
            } catch {
                if pairs.count == 0 { throw .lineSearch(error) }
                pairs.reset()
                continue
            }
            // dcsrch stopped at α_max = 1e10 (not a bound) with f decreasing: follow f further.
            if accepted.stepLength == maxStep && (!constrained || rayIsFree(direction: d)) {
                var ray = SearchLine(state: state, direction: d, slope0: slope)
                ray.feasibility = (box, z)
                do throws(LineSearchFailure) {
                    _ = try UnboundedRay.follow(
                        objective, along: ray, accepted: (accepted.stepLength, accepted.value, accepted.slope),
                        firstStep: initialStep)
                } catch {
                    throw .lineSearch(error)
                }
            }
            let alpha = accepted.stepLength
            let sy = (accepted.slope - slope) * alpha
            if sy > Double.ulpOfOne * (-slope * alpha) {
                Kernels.scal(alpha, d.storage)
                Kernels.addScaled(state.trialGradient.readOnly, -1, g.readOnly, into: yScratch.storage)
                let yy = yScratch.dot(yScratch)
                if !pairs.add(s: d.pointer, y: yScratch.pointer, sy: sy, ss: alpha * alpha * norm * norm, yy: yy) {
                    pairs.reset()
                }
            }
            state.acceptTrial(value: accepted.value, stepLength: alpha)
            reportStationarity(state)
            return
        }
    }

    /// Whether no variable that d moves has a bound on the side it moves to (x + αd stays in the
    /// box for every α ≥ 0).
    private func rayIsFree(direction d: Vector) -> Bool {
        for i in 0..<d.count where (d[i] < 0 && box.lower[i] > -.infinity) || (d[i] > 0 && box.upper[i] < .infinity) {
            return false
        }
        return true
    }

    /// The longest α with x + αd in the box (`lnsrlb`'s stpmax; 1e10 when nothing limits it).
    private func feasibleStep(x: Vector, direction d: Vector) -> Double {
        var limit = 1e10
        for i in 0..<x.count {
            let di = d[i]
            if di < 0 && box.lower[i] > -.infinity {
                let room = box.lower[i] - x[i]
                if room >= 0 { limit = 0 } else if di * limit < room { limit = room / di }
            } else if di > 0 && box.upper[i] < .infinity {
                let room = box.upper[i] - x[i]
                if room <= 0 { limit = 0 } else if di * limit > room { limit = room / di }
            }
        }
        return limit
    }
}

extension LBFGSB: LimitedMemorySolver {
    public static var parameters: [Parameter<LBFGSB>] {
        [.memory,
         .integer("maxls", \.maxLineSearchEvaluations, 1...1000, "evaluations per line search (scipy's maxls)")]
    }
}
