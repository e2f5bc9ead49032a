/// The Nelder–Mead simplex method with the conventions of J. C. Lagarias, J. A. Reeds,
/// M. H. Wright & P. E. Wright, "Convergence properties of the Nelder–Mead simplex method in
/// low dimensions", SIAM J. Optim. 9(1), 1998, pp. 112–147 (their Algorithm NM, section 2), as
/// scipy's `minimize(method='Nelder-Mead')` applies them; the `adaptive` coefficients are
/// F. Gao & L. Han's, "Implementing the Nelder–Mead simplex algorithm with adaptive
/// parameters", Comput. Optim. Appl. 51, 2012, pp. 259–277.
///
/// The simplex x₀, …, xₙ is kept ordered f(x₀) ≤ f(x₁) ≤ … ≤ f(xₙ) (a stable sort of the n + 1
/// values after every iteration: among equal values the earlier vertex stays first; a NaN
/// sorts last). With x̄ = (x₀ + … + xₙ₋₁)/n, the centroid of all but the worst vertex, one
/// iteration tries
///   reflection         x_r  = (1 + ρ) x̄ − ρ xₙ,             f_r = f(x_r);
///   if f_r < f₀:       expansion x_e = (1 + ρχ) x̄ − ρχ xₙ; xₙ ← x_e if f(x_e) < f_r, else x_r;
///   elif f_r < fₙ₋₁:   xₙ ← x_r;
///   elif f_r < fₙ:     outside contraction x_c = (1 + ψρ) x̄ − ψρ xₙ; xₙ ← x_c if f(x_c) ≤ f_r;
///   else:              inside contraction x_cc = (1 − ψ) x̄ + ψ xₙ; xₙ ← x_cc if f(x_cc) < fₙ;
///   a rejected contraction shrinks towards x₀: xᵢ ← x₀ + σ (xᵢ − x₀), i = 1…n (n evaluations).
/// Standard coefficients ρ = 1, χ = 2, ψ = ½, σ = ½; adaptive (Gao & Han) ρ = 1, χ = 1 + 2/n,
/// ψ = ¾ − 1/(2n), σ = 1 − 1/n. Each point is computed in exactly that arithmetic (x̄ as the
/// running sum of the rows x₀ + x₁ + … in order, divided by n), so the run follows scipy's
/// sequence of simplices to the last bit.
///
/// The initial simplex is x₀ and the n points x₀ + δᵢeᵢ with xᵢ multiplied by 1.05, or set to
/// 0.00025 where it is 0 (scipy's), or `initialSimplex`. The run stops (status converged-step,
/// the detail quoting both numbers) when, before an iteration,
///   maxᵢ ‖xᵢ − x₀‖∞ ≤ xatol  and  maxᵢ |fᵢ − f₀| ≤ fatol;
/// the driver's iteration and evaluation limits are checked before each iteration as well;
/// `maxEvaluations` (scipy's maxfev) is never exceeded: an iteration it cuts short keeps what it
/// changed so far (a shrink: the vertices moved, their old f), uncounted, and ends the run. On a
/// box (scipy ≥ 1.7): x₀ and every trial point are clipped into it, and the initial simplex's
/// coordinates above an upper bound are first reflected into the box (2u − x) and then clipped.
/// The iterate the driver reports is the best vertex x₀ with its own f; the step length of the
/// trace is the simplex size maxᵢ ‖xᵢ − x₀‖∞. It never evaluates ∇f.
public struct NelderMead: DerivativeFreeSolver, BoundedSolver {
    /// xatol: the simplex size maxᵢ ‖xᵢ − x₀‖∞ at which the run may stop.
    public var xatol: Double
    /// fatol: the spread of f over the simplex maxᵢ |fᵢ − f₀| at which the run may stop.
    public var fatol: Double
    /// Gao & Han's dimension-dependent coefficients instead of (1, 2, ½, ½).
    public var adaptive: Bool
    /// The n + 1 starting vertices (each of the problem's n numbers), or nil for scipy's.
    public var initialSimplex: [[Double]]?
    /// maxfev: f evaluations the run may make, never exceeded (scipy's: an iteration the limit
    /// cuts short keeps what it changed so far, then the run ends, status evaluation-limit);
    /// nil leaves it to the driver's limit, checked between iterations.
    public var maxEvaluations: Int?

    /// The vertices, row i at [i·n, (i+1)·n) (rows are never moved: `order` sorts them).
    private var vertices = Vector(count: 0)
    /// f at each row.
    private var values: [Double] = []
    /// Row indices, best first.
    private var order: [Int] = []
    private var centroid = Vector(count: 0)
    private var reflected = Vector(count: 0)
    private var trial = Vector(count: 0)
    /// f evaluations made so far, the driver's f(x₀) included.
    private var evaluations = 0

    public init(
        xatol: Double = 1e-4, fatol: Double = 1e-4, adaptive: Bool = false, initialSimplex: [[Double]]? = nil,
        maxEvaluations: Int? = nil
    ) {
        self.xatol = xatol
        self.fatol = fatol
        self.adaptive = adaptive
        self.initialSimplex = initialSimplex
        self.maxEvaluations = maxEvaluations
    }

    public var summary: String {
        "Nelder–Mead (\(adaptive ? "adaptive, Gao & Han" : "ρ = 1, χ = 2, ψ = ½, σ = ½"), xatol = "
            + "\(NumberStyle.format(xatol)), fatol = \(NumberStyle.format(fatol)))"
    }

    /// (ρ, χ, ψ, σ) for dimension n.
    public func coefficients(dimension n: Int) -> (rho: Double, chi: Double, psi: Double, sigma: Double) {
        guard adaptive else { return (1, 2, 0.5, 0.5) }
        let d = Double(n)
        return (1, 1 + 2 / d, 0.75 - 1 / (2 * d), 1 - 1 / d)
    }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        let n = objective.dimension
        if let simplex = initialSimplex, simplex.count != n + 1 || simplex.contains(where: { $0.count != n }) {
            return .initialSimplexMismatch(
                points: simplex.count, coordinates: simplex.first { $0.count != n }?.count ?? n, dimension: n)
        }
        return Unsupported.denseStorage(dimension: n + 1)
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        let n = state.dimension
        vertices = try Vector(allocating: (n + 1) * n)
        centroid = try Vector(allocating: n)
        reflected = try Vector(allocating: n)
        trial = try Vector(allocating: n)
        values = Array(repeating: .infinity, count: n + 1)
        order = Array(0...n)
        let sim = vertices.storage, x0 = state.x.storage
        if let initialSimplex {
            for i in 0...n { for j in 0..<n { sim[i * n + j] = initialSimplex[i][j] } }
        } else {
            for i in 0...n { for j in 0..<n { sim[i * n + j] = x0[j] } }
            for k in 0..<n {
                let v = x0[k]
                sim[(k + 1) * n + k] = v != 0 ? (1 + 0.05) * v : 0.00025
            }
        }
        if let bounds = state.bounds {
            // Coordinates above the upper bound are reflected into the box, then all clipped.
            for i in 0...n {
                for j in 0..<n {
                    var v = sim[i * n + j]
                    if v > bounds.upper[j] { v = 2 * bounds.upper[j] - v }
                    sim[i * n + j] = min(max(v, bounds.lower[j]), bounds.upper[j])
                }
            }
        }
        evaluations = 1
        for i in 0...n {
            let row = UnsafeBufferPointer(rebasing: sim[(i * n)..<((i + 1) * n)])
            if i == 0 && (0..<n).allSatisfy({ row[$0] == x0[$0] }) {
                values[0] = state.value
            } else if mayEvaluate {
                // past maxfev the remaining vertices keep f = ∞, as scipy's
                values[i] = objective.value(at: row)
                evaluations += 1
            }
        }
        sortVertices()
        accept(state)
    }

    /// Stable insertion sort of `order` by f (NaN last), as numpy's argsort does on n + 1 ≤ 16
    /// values; allocates nothing.
    private mutating func sortVertices() {
        func less(_ a: Double, _ b: Double) -> Bool { a < b || (b.isNaN && !a.isNaN) }
        for i in 1..<order.count {
            let key = order[i]
            var j = i - 1
            while j >= 0 && less(values[key], values[order[j]]) {
                order[j + 1] = order[j]
                j -= 1
            }
            order[j + 1] = key
        }
    }

    /// maxᵢ ‖xᵢ − x₀‖∞ and maxᵢ |fᵢ − f₀| (NaN when any difference is NaN).
    private func spread() -> (x: Double, f: Double) {
        let n = centroid.count, sim = vertices.storage
        let best = order[0] * n
        var dx = 0.0, df = 0.0
        for i in 1...n {
            let row = order[i] * n
            for j in 0..<n {
                let d = abs(sim[row + j] - sim[best + j])
                if d > dx || d.isNaN { dx = d.isNaN ? .nan : d }
                if dx.isNaN { break }
            }
            let e = abs(values[order[0]] - values[order[i]])
            if !(e <= df) && !df.isNaN { df = e }
        }
        return (dx, df)
    }

    /// Makes the best vertex the state's iterate (the step length: the simplex size).
    private func accept(_ state: IterationState) {
        let n = centroid.count, best = order[0] * n
        for j in 0..<n { state.trialX.storage[j] = vertices.storage[best + j] }
        state.acceptTrial(value: values[order[0]], stepLength: spread().x)
    }

    /// Whether maxfev allows another evaluation.
    private var mayEvaluate: Bool { maxEvaluations.map { evaluations < $0 } ?? true }

    /// Evaluates f at `point` after clipping it into the box, if any; nil when maxfev is spent.
    private mutating func evaluate<O: Objective>(_ point: Vector, _ state: IterationState, _ objective: O) -> Double? {
        if let bounds = state.bounds { bounds.clip(point.storage) }
        guard mayEvaluate else { return nil }
        evaluations += 1
        return objective.value(at: point.readOnly)
    }

    /// Ends an iteration maxfev cut short: the simplex as it is, sorted, its best vertex the
    /// iterate, and the run's end (the iteration is not counted, as scipy does not count it).
    private mutating func stopAtEvaluationLimit(_ state: IterationState) -> SolverFailure {
        sortVertices()
        accept(state)
        return .ownTest(status: .evaluationLimit, test: "maxfev = \(maxEvaluations ?? evaluations) evaluations spent")
    }

    /// Replaces the worst vertex by `point`.
    private mutating func replaceWorst(by point: Vector, value: Double) {
        let n = centroid.count, worst = order[n] * n
        for j in 0..<n { vertices.storage[worst + j] = point.storage[j] }
        values[order[n]] = value
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        let n = state.dimension, sim = vertices.storage
        if !mayEvaluate { throw stopAtEvaluationLimit(state) }
        let spread = spread()
        if spread.x <= xatol && spread.f <= fatol {
            throw .ownTest(
                status: .convergedStep,
                test: "the simplex has size max‖xᵢ − x₀‖∞ = \(NumberStyle.format(spread.x)) ≤ xatol = "
                    + "\(NumberStyle.format(xatol)) and f spread max|fᵢ − f₀| = \(NumberStyle.format(spread.f)) ≤ "
                    + "fatol = \(NumberStyle.format(fatol))")
        }
        let (rho, chi, psi, sigma) = coefficients(dimension: n)
        let xbar = centroid.storage, worst = order[n] * n
        for j in 0..<n { xbar[j] = sim[order[0] * n + j] }
        for i in 1..<n {
            let row = order[i] * n
            for j in 0..<n { xbar[j] += sim[row + j] }
        }
        for j in 0..<n { xbar[j] /= Double(n) }

        for j in 0..<n { reflected.storage[j] = (1 + rho) * xbar[j] - rho * sim[worst + j] }
        guard let fr = evaluate(reflected, state, objective) else { throw stopAtEvaluationLimit(state) }
        let fBest = values[order[0]], fSecondWorst = values[order[n - 1]], fWorst = values[order[n]]
        if fr < fBest {
            for j in 0..<n { trial.storage[j] = (1 + rho * chi) * xbar[j] - rho * chi * sim[worst + j] }
            guard let fe = evaluate(trial, state, objective) else { throw stopAtEvaluationLimit(state) }
            if fe < fr { replaceWorst(by: trial, value: fe) } else { replaceWorst(by: reflected, value: fr) }
        } else if fr < fSecondWorst {
            replaceWorst(by: reflected, value: fr)
        } else {
            var shrink = false
            if fr < fWorst {
                for j in 0..<n { trial.storage[j] = (1 + psi * rho) * xbar[j] - psi * rho * sim[worst + j] }
                guard let fc = evaluate(trial, state, objective) else { throw stopAtEvaluationLimit(state) }
                if fc <= fr { replaceWorst(by: trial, value: fc) } else { shrink = true }
            } else {
                for j in 0..<n { trial.storage[j] = (1 - psi) * xbar[j] + psi * sim[worst + j] }
                guard let fcc = evaluate(trial, state, objective) else { throw stopAtEvaluationLimit(state) }
                if fcc < fWorst { replaceWorst(by: trial, value: fcc) } else { shrink = true }
            }
            if shrink {
                let best = order[0] * n
                for i in 1...n {
                    let row = order[i] * n
                    for j in 0..<n { sim[row + j] = sim[best + j] + sigma * (sim[row + j] - sim[best + j]) }
                    let vertex = UnsafeMutableBufferPointer(rebasing: sim[row..<(row + n)])
                    if let bounds = state.bounds { bounds.clip(vertex) }
                    // cut short, the vertex keeps its new place and its old f (as scipy's)
                    if !mayEvaluate { throw stopAtEvaluationLimit(state) }
                    evaluations += 1
                    values[order[i]] = objective.value(at: UnsafeBufferPointer(vertex))
                }
            }
        }
        sortVertices()
        accept(state)
    }

    /// The final simplex, best vertex first, and f at each vertex.
    public var simplex: (points: [[Double]], values: [Double]) {
        let n = centroid.count
        return (order.map { i in Array(vertices.storage[(i * n)..<((i + 1) * n)]) }, order.map { values[$0] })
    }

    public mutating func finish<O: Objective>(_ state: IterationState, objective: O) -> ResultExtras? {
        let n = centroid.count
        guard n > 0 else { return nil }
        let (_, f) = simplex
        return ResultExtras([
            ResultExtras.Entry("simplex_size", .real(spread().x)),
            ResultExtras.Entry("simplex_f", .list(f.map { .real($0) })),
        ])
    }
}

extension NelderMead: Configurable {
    public static var parameters: [Parameter<NelderMead>] {
        [
            .real("xatol", \.xatol, .atLeast(0), "stop when every vertex is within xatol of the best (∞-norm) …"),
            .real("fatol", \.fatol, .atLeast(0), "… and every vertex's f within fatol of the best's"),
            .flag("adaptive", \.adaptive, "Gao & Han's coefficients ρ = 1, χ = 1 + 2/n, ψ = ¾ − 1/(2n), σ = 1 − 1/n"),
            .integer("maxfev", \.maxEvaluations, 1...Int.max,
                     "f evaluations allowed, never exceeded: the limit may cut an iteration short (scipy's maxfev)",
                     unset: "--max-evals, checked between iterations"),
        ]
    }

    public func validateRest() throws(InvalidParameter) {
        if let simplex = initialSimplex {
            try InvalidParameter.require(
                simplex.allSatisfy { $0.allSatisfy(\.isFinite) }, "initial-simplex", Double.nan,
                "finite coordinates")
        }
    }
}
