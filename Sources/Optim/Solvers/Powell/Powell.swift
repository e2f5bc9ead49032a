import Foundation

/// Powell's conjugate-direction method with the modification scipy's `minimize(method='Powell')`
/// applies: M. J. D. Powell, "An efficient method for finding the minimum of a function of several
/// variables without calculating derivatives", Comput. J. 7(2), 1964, pp. 155–162, with the
/// direction-replacement test of W. H. Press, S. A. Teukolsky, W. T. Vetterling & B. P. Flannery,
/// *Numerical Recipes*, section 10.5 (`powell`), and line minimizations by R. P. Brent's method,
/// *Algorithms for Minimization without Derivatives*, Prentice-Hall 1973, ch. 5
/// (`LineMinimization`).
///
/// The direction set u₁, …, uₙ starts as the unit vectors (or `directions`). Iteration k, from
/// x₀ = x with f₀ = f(x₀):
///   for i = 1…n: x ← x + α uᵢ with α ≈ argmin f(x + α uᵢ) (Brent to a relative 100·xtol, from
///     the bracket grown downhill from α = 0, 1; a zero uᵢ is skipped), and Δ, the largest
///     single decrease f(before) − f(after), with its index b;
///   stop (status converged-f-change) when 2(f₀ − f) ≤ ftol·(|f₀| + |f|) + 10⁻²⁰;
///   otherwise the extrapolated point x_e = x + (x − x₀) (on a box: x + min(1, λ_max)(x − x₀) with
///     λ_max the largest feasible step), f_e = f(x_e); if f₀ > f_e and
///       t = 2(f₀ − 2f + f_e)(f₀ − f − Δ)² − Δ(f₀ − f_e)² < 0
///     then x moves to the minimum along d = x − x₀ and, if that moved x (αd ≠ 0), u_b ← uₙ and
///     uₙ ← αd: the direction of largest decrease is dropped and the new one kept last.
/// The stopping test and the extrapolation come after the iteration's callback, so `step` k + 1
/// begins with iteration k's test and extrapolation: an iteration or evaluation limit that ends the
/// run at k skips them, as scipy's does. Every point is formed in scipy's arithmetic (x + α·u,
/// the bracket's and Brent's steps in its order of operations), so the run follows scipy's
/// iterates to the last bit.
///
/// On a box (scipy ≥ 1.5) each line minimization is restricted to the feasible segment
/// [λ_min, λ_max] of x + λu: Brent's bounded minimizer (fminbound, absolute tolerance xtol) on a
/// finite segment, on [atan λ_min, atan λ_max] through α = tan θ when one end is infinite, the
/// unbounded search when both are; the driver starts from x₀ clipped into the box. `maxEvaluations`
/// (scipy's maxfev) is never exceeded: the search it cuts short is dropped, the iterate is x after
/// the last completed search with its own f, and that iteration is not counted. It never evaluates
/// ∇f.
public struct Powell: DerivativeFreeSolver, BoundedSolver {
    /// scipy's xtol (`--line-xtol`): the line minimizations' tolerance (Brent's relative
    /// tolerance is 100·xtol; the bounded one's absolute tolerance is xtol).
    public var xtol: Double
    /// scipy's ftol (`--sweep-ftol`): the relative decrease of f in one iteration (a sweep over
    /// the directions) at which the run stops.
    public var ftol: Double
    /// The n starting directions (`--direc`; each of the problem's n numbers; a zero row is never
    /// searched), or nil for the unit vectors.
    public var directions: [[Double]]?
    /// maxfev: f evaluations the run may make, never exceeded; nil leaves it to the driver's
    /// limit, checked between iterations.
    public var maxEvaluations: Int?

    /// The direction set, row i at [i·n, (i+1)·n).
    private var direc = Vector(count: 0)
    /// The current point x and f(x).
    private var point = Vector(count: 0)
    private var value = Double.nan
    /// x at the end of the previous iteration's n searches (scipy's x1).
    private var origin = Vector(count: 0)
    /// Where f is evaluated: x + α u, or the extrapolated point.
    private var trial = Vector(count: 0)
    /// x − x₀ and then α(x − x₀): the candidate direction.
    private var extrapolation = Vector(count: 0)
    /// f evaluations made so far, the driver's f(x₀) included.
    private var evaluations = 0
    /// f₀, Δ and b of the last completed iteration, whose test and extrapolation are pending.
    private var pending: (start: Double, delta: Double, index: Int)?

    public init(xtol: Double = 1e-4, ftol: Double = 1e-4, directions: [[Double]]? = nil, maxEvaluations: Int? = nil) {
        self.xtol = xtol
        self.ftol = ftol
        self.directions = directions
        self.maxEvaluations = maxEvaluations
    }

    public var summary: String {
        "Powell (Brent line searches, line-xtol = \(NumberStyle.format(xtol)), sweep-ftol = "
            + "\(NumberStyle.format(ftol))\(directions == nil ? "" : ", the caller's directions"))"
    }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        let n = objective.dimension
        if let rows = directions, rows.count != n || rows.contains(where: { $0.count != n }) {
            return .directionSetMismatch(
                rows: rows.count, columns: rows.first { $0.count != n }?.count ?? n, dimension: n)
        }
        return Unsupported.denseStorage(dimension: n)
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        let n = state.dimension
        direc = try Vector(allocating: n * n)
        point = try Vector(allocating: state.x.array)
        origin = try Vector(allocating: state.x.array)
        trial = try Vector(allocating: n)
        extrapolation = try Vector(allocating: n)
        for i in 0..<n {
            for j in 0..<n { direc.storage[i * n + j] = directions.map { $0[i][j] } ?? (i == j ? 1 : 0) }
        }
        value = state.value
        evaluations = 1
        pending = nil
    }

    /// Whether maxfev allows another evaluation.
    private var mayEvaluate: Bool { maxEvaluations.map { evaluations < $0 } ?? true }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        let n = state.dimension
        if let last = pending {
            // scipy reports maxfev before the ftol test when both hold
            if !mayEvaluate { throw stopped(.evaluationLimit, state) }
            let bound = ftol * (abs(last.start) + abs(value)) + 1e-20
            if 2.0 * (last.start - value) <= bound {
                throw .ownTest(
                    status: .convergedFunctionChange,
                    test: "the last iteration took f from f₀ = \(NumberStyle.format(last.start)) to f = "
                        + "\(NumberStyle.format(value)): 2(f₀ − f) = "
                        + "\(NumberStyle.format(2.0 * (last.start - value)))"
                        + " ≤ ftol·(|f₀| + |f|) + 1e-20 = \(NumberStyle.format(bound))")
            }
        }
        do throws(LineMinimizationStop) {
            if let last = pending { try extrapolate(last, state.bounds, objective) }
            let start = value
            var delta = 0.0, index = 0
            for i in 0..<n {
                let before = value
                let row = UnsafeBufferPointer(rebasing: direc.storage[(i * n)..<((i + 1) * n)])
                _ = try search(along: row, state.bounds, objective)
                if before - value > delta {
                    delta = before - value
                    index = i
                }
            }
            pending = (start, delta, index)
            accept(state)
        } catch {
            throw stopped(error, state)
        }
    }

    /// Ends a run a search could not finish: x after the last completed search is the iterate
    /// (that iteration is not counted), and the failure says why.
    private func stopped(_ stop: LineMinimizationStop, _ state: IterationState) -> SolverFailure {
        accept(state)
        switch stop {
        case .evaluationLimit:
            return .ownTest(
                status: .evaluationLimit, test: "maxfev = \(maxEvaluations ?? evaluations) evaluations spent")
        case .noBracket(let step):
            return .lineSearch(.stepAtMaximum(stepLength: step))
        }
    }

    /// Makes `point` the state's iterate (the step length: ‖x − x_previous‖∞).
    private func accept(_ state: IterationState) {
        let n = point.count
        var moved = 0.0
        for j in 0..<n {
            state.trialX.storage[j] = point.storage[j]
            moved = max(moved, abs(point.storage[j] - state.x.storage[j]))
        }
        state.acceptTrial(value: value, stepLength: moved)
    }

    /// The extrapolation that ends an iteration (`last`'s f₀, Δ, b): f at x + min(1, λ_max)(x − x₀),
    /// Powell's test, and, when it passes, the search along x − x₀ and the replacement of u_b.
    private mutating func extrapolate<O: Objective>(
        _ last: (start: Double, delta: Double, index: Int), _ bounds: Bounds?, _ objective: O
    ) throws(LineMinimizationStop) {
        let n = point.count, x = point.storage, d = extrapolation.storage
        for j in 0..<n {
            d[j] = x[j] - origin.storage[j]
            origin.storage[j] = x[j]
        }
        let lmax = bounds.map { LineMinimization.feasibleSegment(x: point.readOnly, direction: extrapolation.readOnly,
                                                                  bounds: $0).upper } ?? 1
        let scale = 1 < lmax ? 1.0 : lmax
        for j in 0..<n { trial.storage[j] = x[j] + scale * d[j] }
        guard mayEvaluate else { throw .evaluationLimit }
        evaluations += 1
        let extrapolated = objective.value(at: trial.readOnly)
        guard last.start > extrapolated else { return }
        var t = 2.0 * (last.start + extrapolated - 2.0 * value)
        var temp = last.start - value - last.delta
        t *= temp * temp
        temp = last.start - extrapolated
        t -= last.delta * temp * temp
        guard t < 0.0 else { return }
        let alpha = try search(along: extrapolation.readOnly, bounds, objective)
        for j in 0..<n { d[j] = alpha * d[j] }
        guard d.contains(where: { $0 != 0 }) else { return }
        let replaced = last.index * n, lastRow = (n - 1) * n
        for j in 0..<n {
            direc.storage[replaced + j] = direc.storage[lastRow + j]
            direc.storage[lastRow + j] = d[j]
        }
    }

    /// Minimizes f(x + αu) from x = `point` (f = `value`) and moves there (x ← x + α·u); returns α
    /// (0 for u = 0, which costs no evaluation). On a box the search stays on the feasible
    /// segment (`LineMinimization.feasibleSegment`).
    private mutating func search<O: Objective>(
        along u: UnsafeBufferPointer<Double>, _ bounds: Bounds?, _ objective: O
    ) throws(LineMinimizationStop) -> Double {
        guard u.contains(where: { $0 != 0 }) else { return 0 }
        let n = point.count, x = point.storage, at = trial.storage
        let limit = maxEvaluations ?? Int.max
        var count = evaluations
        defer { evaluations = count }
        func phi(_ alpha: Double) throws(LineMinimizationStop) -> Double {
            for j in 0..<n { at[j] = x[j] + alpha * u[j] }
            guard count < limit else { throw .evaluationLimit }
            count += 1
            return objective.value(at: UnsafeBufferPointer(at))
        }
        let tolerance = xtol * 100
        var segment = (lower: -Double.infinity, upper: Double.infinity)
        if let bounds { segment = LineMinimization.feasibleSegment(x: point.readOnly, direction: u, bounds: bounds) }
        let found: (alpha: Double, value: Double)
        if segment.lower == -.infinity && segment.upper == .infinity {
            let (bracket, valid, exhausted) = try LineMinimization.bracket(phi)
            if exhausted { throw .noBracket(step: bracket.c) }
            found = valid
                ? try LineMinimization.brent(phi, from: bracket, tolerance: tolerance)
                : LineMinimization.bestOf(bracket)
        } else if segment.lower != -.infinity && segment.upper != .infinity {
            found = try LineMinimization.bounded(
                phi, lower: segment.lower, upper: segment.upper, absoluteTolerance: tolerance / 100)
        } else {
            // One end infinite: α = tan θ maps θ ∈ [atan λ_min, atan λ_max] onto the ray.
            func angle(_ theta: Double) throws(LineMinimizationStop) -> Double { try phi(tan(theta)) }
            let onAngle = try LineMinimization.bounded(
                angle, lower: atan(segment.lower), upper: atan(segment.upper), absoluteTolerance: tolerance / 100)
            found = (tan(onAngle.alpha), onAngle.value)
        }
        for j in 0..<n { x[j] = x[j] + found.alpha * u[j] }
        value = found.value
        return found.alpha
    }

    /// The direction set as it stands (row i the i-th direction; scipy's `direc`).
    public var directionSet: [[Double]] {
        let n = point.count
        return (0..<n).map { i in Array(direc.storage[(i * n)..<((i + 1) * n)]) }
    }

    public mutating func finish<O: Objective>(_ state: IterationState, objective: O) -> ResultExtras? {
        guard point.count > 0 else { return nil }
        return ResultExtras([
            ResultExtras.Entry("direc", .list(directionSet.map { .list($0.map { .real($0) }) }))
        ])
    }
}

extension Powell: Configurable {
    public static var parameters: [Parameter<Powell>] {
        [
            .real("line-xtol", \.xtol, .atLeast(0),
                  "scipy's xtol: line minimizations to a relative 100·xtol (Brent; absolute xtol on a box)"),
            .real("sweep-ftol", \.ftol, .atLeast(0),
                  "scipy's ftol: stop when a sweep's decrease 2(f₀ − f) ≤ ftol·(|f₀| + |f|) + 1e-20"),
            .integer("maxfev", \.maxEvaluations, 1...Int.max,
                     "f evaluations allowed, never exceeded: the limit may cut an iteration short (scipy's maxfev)",
                     unset: "--max-evals, checked between iterations"),
        ]
    }

    public func validateRest() throws(InvalidParameter) {
        if let rows = directions {
            try InvalidParameter.require(
                rows.allSatisfy { $0.allSatisfy(\.isFinite) }, "direc", Double.nan, "finite numbers")
        }
    }
}
