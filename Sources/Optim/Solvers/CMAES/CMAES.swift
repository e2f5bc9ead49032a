import CLapack
import Foundation

/// The (μ/μ_w, λ)-CMA-ES, N. Hansen & A. Ostermeier, "Completely derandomized self-adaptation in
/// evolution strategies", Evolutionary Computation 9(2), 2001, as N. Hansen, "The CMA Evolution
/// Strategy: A Tutorial", arXiv:1604.00772, states it (Appendix A, Fig. 6; equation numbers are the
/// tutorial's), with active covariance update and the default strategy parameters of `CMAESConstants`
/// (those of the `cma` package 4.5.0).
///
/// One generation g (one iteration of the driver), from the mean m, step size σ, covariance C =
/// B D² Bᵀ, and the paths p_σ, p_c (both 0 at first):
///   zₖ ~ N(0, I), k = 1…λ (eq. 38), each coordinate from `SeededGenerator.normal()` (Marsaglia's
///     polar method on xoshiro256**), drawn in the order k = 1…λ, coordinates 1…n;
///   yₖ = C^½ zₖ with C^½ = B D Bᵀ (eq. 39 samples B D zₖ: Bᵀzₖ ~ N(0, I) too, so the distribution is
///     the same, and the symmetric root does not depend on the signs LAPACK gives eigenvectors);
///   xₖ = m + σ yₖ (eq. 40); f is evaluated at xₖ, or at T(xₖ) on a box (`CMABoundTransform`);
///   ranking by f (NaN ranks last; ties keep k's order); ⟨y⟩_w = Σᵢ₌₁^μ wᵢ y_{i:λ} (eq. 41);
///   m ← m + σ⟨y⟩_w (eq. 42, c_m = 1);
///   p_σ ← (1 − c_σ) p_σ + √(c_σ(2 − c_σ)μ_eff) C^−½ ⟨y⟩_w, C^−½ = B D⁻¹ Bᵀ (eq. 43);
///   σ ← σ exp(clip((c_σ/d_σ)(‖p_σ‖/E‖N(0, I)‖ − 1), −1, 1)) (eq. 44, clipped as `cma` does);
///   h_σ = 1 if ‖p_σ‖²/(1 − (1 − c_σ)^{2(g+1)})/n − 1 < 1 + 4/(n + 1), else 0 (`cma`'s form of p. 30's test);
///   p_c ← (1 − c_c) p_c + h_σ √(c_c(2 − c_c)μ_eff) ⟨y⟩_w (eq. 45);
///   C ← (1 + c₁δ(h_σ) − c₁ − c_μ Σⱼ₌₁^λ wⱼ) C + c₁ p_c p_cᵀ + c_μ Σᵢ₌₁^λ w°ᵢ y_{i:λ} y_{i:λ}ᵀ, δ(h_σ) =
///     (1 − h_σ) c_c(2 − c_c), w°ᵢ = wᵢ for wᵢ ≥ 0 and wᵢ n/(‖C^−½ y_{i:λ}‖ + 10⁻⁹)² for the negative
///     weights of ranks μ + 1 … λ (eqs. 46–47, active CMA; `positiveOnly` sets those weights to 0);
///   flat fitness: if f_{1:λ} = f_{⌈0.7λ⌉:λ}, σ ← σ exp(0.2 + c_σ/d_σ) (the tutorial's source code);
///   C = B D² Bᵀ by LAPACKE dsyev (on one OpenBLAS thread, so that `--threads` changes no bit; the
///     products are plain loops), lazily: when at least λ/(c₁ + c_μ)/n/10 evaluations were made
///     since the last decomposition (`CMAESConstants.eigenGap`), as the `cma` package does.
///
/// The run starts at m = x₀ (on a box, T⁻¹ of x₀ projected into it), C = diag(exp(10⁻⁴ i/n)) (i = 0…n − 1,
/// `cma`'s symmetry-breaking start), with σ = `sigma`, or by default
/// 0.3 × the narrowest box width (over the variables bounded on both sides, u − l > 0), else
/// 0.3 × max(1, ‖x₀‖∞). The iterate the driver reports is the best point evaluated so far (x₀ first,
/// with the driver's f(x₀)) with its own f — as `cma`'s `xbest`, not the mean; its step length in
/// the trace is the largest coordinate deviation σ max √Cᵢᵢ. It never evaluates ∇f.
///
/// Stopping rules, the `cma` package's defaults, checked before each generation:
///   tolfun: the best f of each of the last 10 + ⌈30n/λ⌉ generations and every f of the latest one
///     span less than tolfun (status converged-f-change);
///   tolfunhist: the best f of those generations alone span less than tolfunhist (1e-12 as `cma`; off at
///     0; status converged-f-change);
///   tolx: σ√Cᵢᵢ < tolx and σ|p_c,ᵢ| < tolx for every i (status converged-step);
///   tolstagnation: after that many generations, over the last 20% of them (at least 120 + 30n/λ, at
///     most 20000), the median of the latest 30% of both the best and the median f of each generation
///     is no better than the median of the earliest 30% (the tutorial's Appendix B.3; status stagnated);
///   tolconditioncov: the condition number of C (at its latest decomposition) exceeds it (status
///     ill-conditioned);
///   maxfev: another generation would make more than maxfev f evaluations (status evaluation-limit;
///     never exceeded).
/// With `Options.threads` > 1 a generation's λ points are evaluated concurrently when the objective
/// is a `ReplicableObjective` (`ConcurrentValues`): the same values in the same slots, so the run
/// is the same bit for bit for any thread count.
public struct CMAES: DerivativeFreeSolver, BoundedSolver {
    /// σ⁽⁰⁾, or nil for the default above.
    public var sigma: Double?
    /// λ, or nil for 4 + ⌊3 ln n⌋.
    public var popsize: Int?
    /// Seeds the normal deviates (`SeededGenerator`), 0 … 2⁶³ − 1.
    public var seed: Int
    public var tolfun: Double
    public var tolfunhist: Double
    public var tolx: Double
    /// Generations before the stagnation test applies, or nil for ⌊100 + 100 n^1.5/λ⌋ (`cma`'s).
    public var tolstagnation: Int?
    public var tolconditioncov: Double
    /// Active CMA (`cma`'s `CMA_active`, on by default): the worst λ − μ samples enter the covariance
    /// update with negative weights (eqs. 46–47, 53); off (`--positive-only`): positive weights only.
    public var active: Bool
    /// `--positive-only`: not `active`.
    public var positiveOnly: Bool {
        get { !active }
        set { active = !newValue }
    }
    /// f evaluations allowed (x₀'s included), or nil for ⌊1000 (n + 5)² √λ⌋ (`cma`'s maxfevals).
    public var maxEvaluations: Int?

    private var constants = CMAESConstants(dimension: 1, population: 2)
    private var random = SeededGenerator(seed: 1)
    private var transform: CMABoundTransform?
    private var concurrent: ConcurrentValues?
    private var dimension = 0
    private var mean = Vector(count: 0)
    private var stepSize = 1.0
    private var pathSigma = Vector(count: 0)
    private var pathC = Vector(count: 0)
    /// C, n × n, both triangles (symmetric to the bit).
    private var covariance = Vector(count: 0)
    /// B D Bᵀ and B D⁻¹ Bᵀ, n × n.
    private var root = Vector(count: 0)
    private var inverseRoot = Vector(count: 0)
    /// dsyev's eigenvectors (column-major), its eigenvalues D², its work array.
    private var eigenvectors = Vector(count: 0)
    private var eigenvalues = Vector(count: 0)
    private var eigenWork = Vector(count: 0)
    private var scratch = Vector(count: 0)
    /// zₖ, yₖ and the evaluated points (T(xₖ) on a box), rows of λ × n.
    private var deviates = Vector(count: 0)
    private var samples = Vector(count: 0)
    private var points = Vector(count: 0)
    private var fitness = Vector(count: 0)
    private var ranking: [Int] = []
    private var weightedStep = Vector(count: 0)
    /// The rank-μ update's weights in rank order (w°ᵢ of eq. 46), λ of them.
    private var covarianceWeights = Vector(count: 0)
    private var best = Vector(count: 0)
    private var bestValue = Double.infinity
    /// The best and the median f of each generation, a ring of `CMAESHistory.capacity`.
    private var history = CMAESHistory(capacity: 0)
    private var generationRange = Double.infinity
    /// The best f of the latest generation (not necessarily the best so far).
    public private(set) var latestGenerationBest = Double.nan
    private var generation = 0
    private var evaluations = 0
    private var evaluationsAtDecomposition = 0
    private var condition = 1.0
    private var pendingFailure: SolverFailure?

    public init(
        sigma: Double? = nil, popsize: Int? = nil, seed: Int = 1, tolfun: Double = 1e-11, tolfunhist: Double = 1e-12,
        tolx: Double = 1e-11, tolstagnation: Int? = nil, tolconditioncov: Double = 1e14, active: Bool = true,
        maxEvaluations: Int? = nil
    ) {
        self.active = active
        self.sigma = sigma
        self.popsize = popsize
        self.seed = seed
        self.tolfun = tolfun
        self.tolfunhist = tolfunhist
        self.tolx = tolx
        self.tolstagnation = tolstagnation
        self.tolconditioncov = tolconditioncov
        self.maxEvaluations = maxEvaluations
    }

    public var summary: String {
        "CMA-ES ((μ/μ_w, λ), λ = \(popsize.map(String.init) ?? "4 + ⌊3 ln n⌋"), σ₀ = "
            + "\(sigma.map { NumberStyle.format($0) } ?? "default"), seed = \(seed))"
    }

    public func unsupportedReason<O: Objective>(for objective: O) -> Unsupported? {
        let n = Double(objective.dimension), lambda = Double(popsize ?? CMAESConstants.defaultPopulation(
            dimension: max(objective.dimension, 1)))
        var estimate = MemoryEstimate()
        estimate.add("CMA-ES: C, its two square roots, eigenvectors, a scratch matrix", doubles: 5 * n * n)
        estimate.add("CMA-ES: the population's deviates, steps and points", doubles: 3 * lambda * n)
        return estimate.fits ? nil : .storageAboveLimit(bytes: estimate.totalBytes, limit: MemoryEstimate.limitBytes)
    }

    /// σ⁽⁰⁾ for a start x₀ (already in the box) and the problem's box.
    public func initialSigma(start x0: UnsafeBufferPointer<Double>, bounds: Bounds?) -> Double {
        if let sigma { return sigma }
        if let bounds {
            let widths = bounds.lower.indices.map { bounds.upper[$0] - bounds.lower[$0] }
                .filter { $0.isFinite && $0 > 0 }
            if let narrowest = widths.min() { return 0.3 * narrowest }
        }
        return 0.3 * max(1, x0.reduce(0) { max($0, abs($1)) })
    }

    /// The evaluation limit for n variables and population λ.
    public func evaluationLimit(dimension n: Int, population lambda: Int) -> Int {
        if let maxEvaluations { return maxEvaluations }
        let limit = 1000 * Double((n + 5) * (n + 5)) * Double(lambda).squareRoot()
        return limit < Double(Int.max) ? Int(limit) : Int.max
    }

    /// The generations before the stagnation test applies.
    public func stagnationGenerations(dimension n: Int, population lambda: Int) -> Int {
        tolstagnation ?? Int(100 + 100 * pow(Double(n), 1.5) / Double(lambda))
    }

    public mutating func start<O: Objective>(_ state: IterationState, objective: O) throws(AllocationFailure) {
        let n = state.dimension
        dimension = n
        constants = CMAESConstants(
            dimension: n, population: popsize ?? CMAESConstants.defaultPopulation(dimension: n), active: active)
        let lambda = constants.lambda
        random = SeededGenerator(seed: UInt64(seed))
        transform = state.bounds.map(CMABoundTransform.init)
        concurrent = ConcurrentValues(objective, threads: state.threads)
        mean = try Vector(allocating: n)
        pathSigma = try Vector(allocating: n)
        pathC = try Vector(allocating: n)
        covariance = try Vector(allocating: n * n)
        root = try Vector(allocating: n * n)
        inverseRoot = try Vector(allocating: n * n)
        eigenvectors = try Vector(allocating: n * n)
        eigenvalues = try Vector(allocating: n)
        scratch = try Vector(allocating: n * n)
        deviates = try Vector(allocating: lambda * n)
        samples = try Vector(allocating: lambda * n)
        points = try Vector(allocating: lambda * n)
        fitness = try Vector(allocating: lambda)
        weightedStep = try Vector(allocating: n)
        covarianceWeights = try Vector(allocating: lambda)
        best = try Vector(allocating: n)
        ranking = Array(0..<lambda)
        history = CMAESHistory(capacity: CMAESHistory.longest)
        // dsyev's optimal work length, asked once.
        var query = 0.0
        _ = LAPACKE_dsyev_work(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), Int32(n),
                               eigenvectors.pointer, Int32(max(n, 1)), eigenvalues.pointer, &query, -1)
        eigenWork = try Vector(allocating: max(Int(query), 3 * n))
        for i in 0..<n {
            // `cma`'s initial C, diag(exp(10⁻⁴ i/n)): a tiny asymmetry between the coordinates
            let variance = exp(1e-4 / Double(n) * Double(i))
            covariance[i * n + i] = variance
            root[i * n + i] = variance.squareRoot()
            inverseRoot[i * n + i] = 1 / variance.squareRoot()
            mean[i] = transform?.inverse(state.x[i], at: i) ?? state.x[i]
            best[i] = state.x[i]
        }
        stepSize = initialSigma(start: state.x.readOnly, bounds: state.bounds)
        bestValue = state.value
        generation = 0
        evaluations = 1
        evaluationsAtDecomposition = 0
        condition = 1
        generationRange = .infinity
        pendingFailure = nil
        accept(state)
    }

    /// The best point so far becomes the state's iterate.
    private func accept(_ state: IterationState) {
        Kernels.copy(best.readOnly, into: state.trialX.storage)
        var deviation = 0.0
        for i in 0..<dimension { deviation = max(deviation, covariance[i * dimension + i].squareRoot()) }
        state.acceptTrial(value: bestValue, stepLength: stepSize * deviation)
    }

    public mutating func step<O: Objective>(_ state: IterationState, objective: O) throws(SolverFailure) {
        if let failure = stoppingTest() { throw failure }
        let n = dimension, lambda = constants.lambda
        let limit = evaluationLimit(dimension: n, population: lambda)
        if evaluations > limit - lambda {
            throw .ownTest(
                status: .evaluationLimit,
                test: "maxfev: another generation of λ = \(lambda) would pass \(limit) f evaluations "
                    + "(\(evaluations) made)")
        }
        sample()
        evaluate(objective)
        rank()
        update()
        generation += 1
        if Double(evaluations - 1 - evaluationsAtDecomposition) >= constants.eigenGap(dimension: n) { decompose() }
        accept(state)
    }

    /// zₖ, yₖ = C^½ zₖ and the points xₖ = m + σyₖ (or T(xₖ)), eqs. 38–40.
    private mutating func sample() {
        let n = dimension, lambda = constants.lambda
        for k in 0..<(lambda * n) { deviates[k] = random.normal() }
        // yₖ = C^½ zₖ by plain loops in a fixed order (no BLAS: its threads would change the bits).
        for k in 0..<lambda {
            for i in 0..<n {
                var sum = 0.0
                for j in 0..<n { sum += root[i * n + j] * deviates[k * n + j] }
                samples[k * n + i] = sum
            }
        }
        for k in 0..<lambda {
            for i in 0..<n {
                let x = mean[i] + stepSize * samples[k * n + i]
                points[k * n + i] = transform?.apply(x, at: i) ?? x
            }
        }
    }

    /// f at every point, concurrently where allowed; the best point so far kept.
    private mutating func evaluate<O: Objective>(_ objective: O) {
        let n = dimension, lambda = constants.lambda
        if let concurrent {
            concurrent.evaluate(points.readOnly, count: lambda, dimension: n, into: fitness.storage)
        } else {
            for k in 0..<lambda {
                fitness[k] = objective.value(at: UnsafeBufferPointer(rebasing: points.storage[(k * n)..<((k + 1) * n)]))
            }
        }
        evaluations += lambda
        for k in 0..<lambda where fitness[k] < bestValue {
            bestValue = fitness[k]
            for i in 0..<n { best[i] = points[k * n + i] }
        }
    }

    /// `ranking` sorts the population by f: a stable insertion sort, NaN last.
    private mutating func rank() {
        func less(_ a: Double, _ b: Double) -> Bool { a < b || (b.isNaN && !a.isNaN) }
        for k in 0..<ranking.count { ranking[k] = k }
        for i in 1..<ranking.count {
            let key = ranking[i]
            var j = i - 1
            while j >= 0 && less(fitness[key], fitness[ranking[j]]) {
                ranking[j + 1] = ranking[j]
                j -= 1
            }
            ranking[j + 1] = key
        }
        let lambda = constants.lambda
        let low = fitness[ranking[0]], high = fitness[ranking[lambda - 1]]
        generationRange = high - low
        let median = lambda % 2 == 1
            ? fitness[ranking[lambda / 2]] : (fitness[ranking[lambda / 2 - 1]] + fitness[ranking[lambda / 2]]) / 2
        history.append(best: low, median: median)
        latestGenerationBest = low
    }

    /// Recombination, cumulation, step size and covariance, eqs. 41–47, and the flat-fitness escape.
    private mutating func update() {
        let n = dimension, c = constants, w = c.weights
        for i in 0..<n { weightedStep[i] = 0 }
        for r in 0..<c.mu {
            let row = ranking[r] * n
            for i in 0..<n { weightedStep[i] += w[r] * samples[row + i] }
        }
        for i in 0..<n { mean[i] += stepSize * weightedStep[i] }
        let sigmaScale = (c.cSigma * (2 - c.cSigma) * c.muEff).squareRoot()
        var normSquared = 0.0
        for i in 0..<n {
            var product = 0.0
            for j in 0..<n { product += inverseRoot[i * n + j] * weightedStep[j] }
            pathSigma[i] = (1 - c.cSigma) * pathSigma[i] + sigmaScale * product
            normSquared += pathSigma[i] * pathSigma[i]
        }
        let norm = normSquared.squareRoot()
        // eq. 44, the change of ln σ clipped to [−1, 1] as `cma` does
        stepSize *= exp(min(1, max(-1, c.cSigma / c.dSigma * (norm / c.chiN - 1))))
        // h_σ as `cma` tests it: ‖p_σ‖²/(1 − (1 − c_σ)^{2(g+1)})/n − 1 < 1 + 4/(n + 1)
        let stall = normSquared / (1 - pow(1 - c.cSigma, Double(2 * (generation + 1)))) / Double(n) - 1
            < 1 + 4 / (Double(n) + 1)
        let cScale = (c.cC * (2 - c.cC) * c.muEff).squareRoot()
        for i in 0..<n { pathC[i] = (1 - c.cC) * pathC[i] + (stall ? cScale * weightedStep[i] : 0) }
        let delta = stall ? 0 : c.cC * (2 - c.cC)
        // Active update (eqs. 46–47): the negative weights are rescaled, w°ᵢ = wᵢ n/‖C^−½ y_{i:λ}‖², with `cma`'s
        // 1e-9 added to the norm; Σwⱼ runs over all λ weights.
        var weightSum = 0.0
        for r in 0..<c.lambda {
            var scaled = w[r]
            if w[r] < 0 {
                let row = ranking[r] * n
                var squared = 0.0
                for i in 0..<n {
                    var product = 0.0
                    for j in 0..<n { product += inverseRoot[i * n + j] * samples[row + j] }
                    squared += product * product
                }
                let length = squared.squareRoot() + 1e-9
                scaled = w[r] * Double(n) / (length * length)
            }
            covarianceWeights[r] = scaled
            weightSum += w[r]
        }
        let decay = 1 + c.c1 * delta - c.c1 - c.cMu * weightSum
        for i in 0..<n {
            for j in i..<n {
                var rankMu = 0.0
                for r in 0..<c.lambda where covarianceWeights[r] != 0 {
                    let row = ranking[r] * n
                    rankMu += covarianceWeights[r] * (samples[row + i] * samples[row + j])
                }
                let value = decay * covariance[i * n + j] + c.c1 * (pathC[i] * pathC[j]) + c.cMu * rankMu
                covariance[i * n + j] = value
                covariance[j * n + i] = value
            }
        }
        let lambda = c.lambda
        if fitness[ranking[0]] == fitness[ranking[Int((0.7 * Double(lambda)).rounded(.up)) - 1]] {
            stepSize *= exp(0.2 + c.cSigma / c.dSigma)
        }
    }

    /// C = B D² Bᵀ (LAPACKE dsyev, column-major: C is symmetric, so its row-major storage is its
    /// column-major storage, and column j of the result is the j-th eigenvector); then B D Bᵀ and
    /// B D⁻¹ Bᵀ. A non-positive or non-finite eigenvalue keeps the old factors and ends the run.
    private mutating func decompose() {
        let n = dimension
        evaluationsAtDecomposition = evaluations - 1
        Kernels.copy(covariance.readOnly, into: eigenvectors.storage)
        // On one BLAS thread: OpenBLAS's thread count changes dsyev's last bits, and so the run
        // (`--threads` evaluates the population in parallel instead). The count is process-wide:
        // runs in one process take turns (`cmaesEigenLock`) so that none restores it under another.
        cmaesEigenLock.lock()
        let blasThreads = BLASThreads.current
        if blasThreads != 1 { BLASThreads.set(1) }
        let info = LAPACKE_dsyev_work(
            LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), Int32(n), eigenvectors.pointer,
            Int32(n), eigenvalues.pointer, eigenWork.pointer, Int32(eigenWork.count))
        if blasThreads != 1 { BLASThreads.set(blasThreads) }
        cmaesEigenLock.unlock()
        guard info == 0 else {
            pendingFailure = .ownTest(
                status: .factorizationFailed, test: "the eigendecomposition of C did not converge (dsyev info \(info))")
            return
        }
        let smallest = eigenvalues[0], largest = eigenvalues[n - 1]
        guard smallest > 0 && largest.isFinite else {
            pendingFailure = .ownTest(
                status: .factorizationFailed,
                test: "C is no longer positive definite (eigenvalues from \(smallest) to \(largest))")
            return
        }
        condition = largest / smallest
        formRoot(power: 0.5, into: root)
        formRoot(power: -0.5, into: inverseRoot)
    }

    /// out = B diag(d^power) Bᵀ, row-major (B column-major in `eigenvectors`).
    private func formRoot(power: Double, into out: Vector) {
        let n = dimension
        // scratch (column-major) = B diag(d^power): column j scaled.
        for j in 0..<n {
            let scale = power == 0.5 ? eigenvalues[j].squareRoot() : 1 / eigenvalues[j].squareRoot()
            for i in 0..<n { scratch[j * n + i] = eigenvectors[j * n + i] * scale }
        }
        // The upper triangle, Σₖ (B D^p)ᵢₖ Bⱼₖ by plain loops, mirrored: symmetric to the bit.
        for i in 0..<n {
            for j in i..<n {
                var sum = 0.0
                for k in 0..<n { sum += scratch[k * n + i] * eigenvectors[k * n + j] }
                out[i * n + j] = sum
                out[j * n + i] = sum
            }
        }
    }

    /// The rule that ends the run before the next generation, or nil.
    private mutating func stoppingTest() -> SolverFailure? {
        if let pendingFailure { return pendingFailure }
        guard generation > 0 else { return nil }
        let n = dimension, lambda = constants.lambda
        let window = 10 + Int((30 * Double(n) / Double(lambda)).rounded(.up))
        if generation >= window, let span = history.bestSpan(last: window) {
            if span < tolfun && generationRange < tolfun {
                return .ownTest(
                    status: .convergedFunctionChange,
                    test: "tolfun: the best f of the last \(window) generations span \(NumberStyle.format(span)) "
                        + "and the latest generation's f \(NumberStyle.format(generationRange)), both < tolfun = "
                        + "\(tolfun)")
            }
            if span < tolfunhist {
                return .ownTest(
                    status: .convergedFunctionChange,
                    test: "tolfunhist: the best f of the last \(window) generations span \(NumberStyle.format(span)) < "
                        + "tolfunhist = \(tolfunhist)")
            }
        }
        var spread = 0.0
        for i in 0..<n {
            spread = max(spread, stepSize * covariance[i * n + i].squareRoot(), stepSize * abs(pathC[i]))
        }
        if spread < tolx {
            return .ownTest(
                status: .convergedStep,
                test: "tolx: σ√Cᵢᵢ and σ|p_c,ᵢ| are at most \(NumberStyle.format(spread)) < tolx = "
                    + "\(tolx)")
        }
        let stagnation = stagnationGenerations(dimension: n, population: lambda)
        if generation >= stagnation {
            let least = 120 + Int((30 * Double(n) / Double(lambda)).rounded(.up))
            let span = min(CMAESHistory.longest, max(least, Int((0.2 * Double(generation)).rounded(.up))))
            if history.stagnated(over: span) {
                return .ownTest(
                    status: .stagnated,
                    test: "tolstagnation: over the last \(span) generations the median of the latest 30% of the best "
                        + "and of the median f is no better than the earliest 30%'s (tested after \(stagnation) "
                        + "generations)")
            }
        }
        if condition > tolconditioncov {
            return .ownTest(
                status: .illConditioned,
                test: "tolconditioncov: the condition number of C is \(NumberStyle.format(condition)) > "
                    + "\(tolconditioncov)")
        }
        return nil
    }

    public mutating func finish<O: Objective>(_ state: IterationState, objective: O) -> ResultExtras? {
        guard dimension > 0 else { return nil }
        return ResultExtras([
            ResultExtras.Entry("generations", .integer(generation)),
            ResultExtras.Entry("popsize", .integer(constants.lambda)),
            ResultExtras.Entry("sigma", .real(stepSize)),
            ResultExtras.Entry("condition", .real(condition)),
            ResultExtras.Entry("mean", .list((0..<dimension).map { .real(mean[$0]) })),
        ])
    }

    /// The distribution after the latest generation, for tests and tools: the mean m (the
    /// genotype's, before any box transform), σ, C (row-major n × n) and p_σ, p_c.
    public var distribution: (mean: [Double], sigma: Double, covariance: [Double], pathSigma: [Double],
                              pathC: [Double]) {
        (mean.array, stepSize, covariance.array, pathSigma.array, pathC.array)
    }
}

/// Serializes CMA-ES's decompositions, which pin OpenBLAS's process-wide thread count to 1.
private let cmaesEigenLock = NSLock()

extension CMAES: Configurable {
    public static var parameters: [Parameter<CMAES>] {
        [
            .real("sigma", \.sigma, .above(0), "initial step size σ₀",
                  unset: "0.3 × the narrowest box width, else 0.3 × max(1, ‖x₀‖∞)"),
            .integer("popsize", \.popsize, 2...Int.max, "population λ (μ = ⌊λ/2⌋ parents)", unset: "4 + ⌊3 ln n⌋"),
            .integer("seed", \.seed, 0...Int.max,
                     "seed of the normal deviates (xoshiro256**, Marsaglia's polar method)"),
            .real("tolfun", \.tolfun, .atLeast(0),
                  "stop when the recent best f and the latest generation's f span less"),
            .real("tolfunhist", \.tolfunhist, .atLeast(0), "stop when the recent best f span less (0: off)"),
            .real("tolx", \.tolx, .atLeast(0), "stop when σ√Cᵢᵢ and σ|p_c,ᵢ| are all below it"),
            .integer("tolstagnation", \.tolstagnation, 1...Int.max, "generations before the stagnation test applies",
                     unset: "⌊100 + 100 n^1.5/λ⌋"),
            .real("tolconditioncov", \.tolconditioncov, .atLeast(1), "stop when C's condition number exceeds it"),
            .flag("positive-only", \.positiveOnly,
                  "positive weights only (cma's CMA_active=False): no active update of C by the worst λ − μ samples"),
            .integer("maxfev", \.maxEvaluations, 1...Int.max,
                     "f evaluations allowed, never exceeded (a generation that would pass it is not started)",
                     unset: "⌊1000 (n + 5)² √λ⌋"),
        ]
    }
}
