import Foundation
import Testing
@testable import Optim

/// CMA-ES against an independent NumPy transcription of Hansen's tutorial
/// (scripts/reference/reference-cmaes.py → Tests/Data/cmaes-reference.json) fed the same normal
/// deviates (its transcription of xoshiro256** and Marsaglia's polar method), convergence on the
/// sphere, an ellipsoid and Rosenbrock, determinism, the box, every stopping rule and refusals.
@Suite struct CMAESTests {
    struct Generation: Decodable {
        let mean: [Double]
        let sigma: Double
        let path_sigma: [Double]
        let path_c: [Double]
        let covariance_diagonal: [Double]
        let covariance_row0: [Double]
        let covariance: [Double]
        let best: Double
    }

    /// The NumPy transcription's runs (cmaes-reference.json) and cma 4.5.0's own, fed the same deviates
    /// (cma-iterates.json, scripts/reference/cma-iterates.py; its cases are named cma-…).
    static let reference: [String: [Generation]] = {
        var all: [String: [Generation]] = [:]
        for file in ["cmaes-reference.json", "cma-iterates.json"] {
            let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Data/\(file)").path
            guard let data = FileManager.default.contents(atPath: path),
                  let decoded = try? JSONDecoder().decode([String: [Generation]].self, from: data)
            else { continue }
            all.merge(decoded) { first, _ in first }
        }
        return all
    }()

    static func ellipsoid(_ n: Int) -> FunctionObjective {
        FunctionObjective(dimension: n, value: { x in
            var f = 0.0
            for i in 0..<n { f += pow(10, 6 * Double(i) / Double(n - 1)) * x[i] * x[i] }
            return f
        })
    }

    static func sphere(_ n: Int) -> FunctionObjective {
        FunctionObjective(dimension: n, value: { x in x.reduce(0) { $0 + $1 * $1 } })
    }

    static func rosenbrock(_ n: Int) -> FunctionObjective {
        FunctionObjective(dimension: n, value: { x in
            var f = 0.0
            for i in 0..<(n - 1) {
                f += 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i])
            }
            return f
        })
    }

    /// The reference's cases: objective, x₀, σ₀, seed, box, active update.
    static func referenceCase(_ name: String) -> (FunctionObjective, [Double], Double, Int, Bounds?, Bool) {
        switch name {
        case "ellipsoid-4": (ellipsoid(4), [1, 1, 1, 1], 0.5, 7, nil, true)
        case "rosenbrock-box-3":
            (rosenbrock(3), [1.9, -0.95, 0.5], 0.9, 3, try? Bounds(lower: [-1, -1, -1], upper: [2, 2, 2]), true)
        case "rosenbrock-positive-10": (rosenbrock(10), Array(repeating: 0.5, count: 10), 0.2, 5, nil, false)
        case "cma-ellipsoid-4": (ellipsoid(4), [1, 1, 1, 1], 0.5, 7, nil, true)
        case "cma-rosenbrock-10": (rosenbrock(10), Array(repeating: 0.5, count: 10), 0.2, 5, nil, true)
        case "cma-rosenbrock-2": (rosenbrock(2), [-1.2, 1], 0.3, 3, nil, true)
        default: (ellipsoid(40), Array(repeating: 1, count: 40), 0.3, 11, nil, true)
        }
    }

    static func close(_ a: Double, _ b: Double, scale: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, scale) }

    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        let scale = b.reduce(0) { max($0, abs($1)) }
        return a.count == b.count && zip(a, b).allSatisfy { close($0, $1, scale: scale) }
    }

    @Test(arguments: ["ellipsoid-4", "rosenbrock-box-3", "ellipsoid-40", "rosenbrock-positive-10", "cma-ellipsoid-4",
                      "cma-rosenbrock-10", "cma-rosenbrock-2"])
    func matchesTheNumPyTranscription(_ name: String) throws {
        let expected = try #require(Self.reference[name], "Tests/Data/cmaes-reference.json is missing \(name)")
        let (objective, x0, sigma, seed, bounds, active) = Self.referenceCase(name)
        var solver = CMAES(sigma: sigma, seed: seed, active: active)
        var seen: [(mean: [Double], sigma: Double, covariance: [Double], pathSigma: [Double], pathC: [Double])] = []
        var bests: [Double] = []
        _ = try minimize(
            objective, from: x0, bounds: bounds, using: &solver,
            options: Options(maxIterations: expected.count),
            inspect: { state, solver in
                guard state.iteration > 0 else { return }
                seen.append(solver.distribution)
                bests.append(solver.latestGenerationBest)
            })
        try #require(seen.count == expected.count)
        let n = x0.count
        for (g, (got, want)) in zip(seen, expected).enumerated() {
            #expect(Self.close(got.mean, want.mean), "\(name) generation \(g + 1): mean")
            #expect(Self.close(got.sigma, want.sigma, scale: want.sigma), "\(name) generation \(g + 1): σ")
            #expect(Self.close(got.pathSigma, want.path_sigma), "\(name) generation \(g + 1): p_σ")
            #expect(Self.close(got.pathC, want.path_c), "\(name) generation \(g + 1): p_c")
            let diagonal = (0..<n).map { got.covariance[$0 * n + $0] }
            #expect(Self.close(diagonal, want.covariance_diagonal), "\(name) generation \(g + 1): diag C")
            #expect(Self.close(Array(got.covariance[0..<n]), want.covariance_row0),
                    "\(name) generation \(g + 1): C row 0")
            if !want.covariance.isEmpty {
                #expect(Self.close(got.covariance, want.covariance), "\(name) generation \(g + 1): C")
            }
            #expect(Self.close(bests[g], want.best, scale: abs(want.best)), "\(name) generation \(g + 1): best f")
        }
    }

    /// cma 4.5.0's own defaults, recorded by scripts/reference/cma-constants.py.
    struct CMAConstants: Decodable {
        let n: Int
        let active: Bool
        let lambda: Int
        let mu: Int
        let weights: [Double]
        let mueff: Double
        let c_sigma: Double
        let d_sigma: Double
        let c_c: Double
        let c1: Double
        let cmu: Double
    }

    static let cmaConstants: [CMAConstants] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data/cma-constants.json").path
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return (try? JSONDecoder().decode([CMAConstants].self, from: data)) ?? []
    }()

    @Test func defaultConstantsAreCmas() throws {
        try #require(Self.cmaConstants.count == 6, "Tests/Data/cma-constants.json: 6 rows expected")
        for want in Self.cmaConstants {
            let c = CMAESConstants(
                dimension: want.n, population: CMAESConstants.defaultPopulation(dimension: want.n), active: want.active)
            let label = "n = \(want.n)\(want.active ? "" : ", positive only")"
            #expect(c.lambda == want.lambda && c.mu == want.mu, "\(label): λ, μ")
            #expect(c.weights.count == want.weights.count, "\(label): λ weights")
            for (got, expected) in zip(c.weights, want.weights) {
                #expect(abs(got - expected) <= 1e-14, "\(label): weight \(got) vs cma's \(expected)")
            }
            let pairs = [(c.muEff, want.mueff, "μ_eff"), (c.cSigma, want.c_sigma, "c_σ"),
                         (c.dSigma, want.d_sigma, "d_σ"), (c.cC, want.c_c, "c_c"), (c.c1, want.c1, "c₁"),
                         (c.cMu, want.cmu, "c_μ")]
            for (got, expected, name) in pairs {
                #expect(abs(got - expected) <= 1e-14 * max(1, abs(expected)), "\(label): \(name) \(got) vs \(expected)")
            }
        }
        #expect(CMAESConstants.defaultPopulation(dimension: 100) == 17)
    }

    @Test(arguments: ["sphere", "ellipsoid", "rosenbrock"])
    func convergesInTenDimensions(_ name: String) throws {
        let objective =
            name == "sphere" ? Self.sphere(10) : name == "ellipsoid" ? Self.ellipsoid(10) : Self.rosenbrock(10)
        let x0 = name == "rosenbrock" ? Array(repeating: 0.0, count: 10) : Array(repeating: 1.0, count: 10)
        let result = try minimize(objective, from: x0, using: CMAES(sigma: 0.5, seed: 1),
                                  options: Options(maxIterations: 5000))
        #expect(result.value < 1e-8, "\(name): \(result.status) f = \(result.value)")
        #expect(result.status == .convergedFunctionChange, "\(name): \(result.status) \(result.detail ?? "")")
        #expect(result.gradientEvaluations == 0 && result.gradientNorm.isNaN)
        // 1 + λ·generations evaluations, and the reported f is f at the reported x.
        #expect(result.valueEvaluations == 1 + 10 * result.iterations)
        #expect(objective.value(at: result.x) == result.value)
    }

    /// A replicable objective (a work buffer of its own per replica) that counts its replicas.
    final class ReplicatedRosenbrock: ReplicableObjective {
        let dimension: Int
        private var buffer: [Double]
        let threads: ThreadLog
        init(dimension: Int, threads: ThreadLog = ThreadLog()) {
            self.dimension = dimension
            buffer = Array(repeating: 0, count: dimension)
            self.threads = threads
        }
        func replica() -> ReplicatedRosenbrock {
            threads.replicas += 1
            return ReplicatedRosenbrock(dimension: dimension, threads: threads)
        }
        func value(at x: UnsafeBufferPointer<Double>) -> Double {
            for i in 0..<dimension { buffer[i] = x[i] }
            var f = 0.0
            for i in 0..<(dimension - 1) {
                let t = buffer[i + 1] - buffer[i] * buffer[i], u = 1 - buffer[i]
                f += 100 * t * t + u * u
            }
            return f
        }
        func valueAndGradient(
            at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
        ) -> Double {
            gradient.update(repeating: .nan)
            return value(at: x)
        }
    }

    /// Replicas made (only in `start`, on the calling thread).
    final class ThreadLog {
        var replicas = 0
    }

    @Test func sameSeedSameBitsOnOneOrTwoThreads() throws {
        func run(threads: Int, seed: Int = 4) throws -> (OptimizationResult, Int) {
            let objective = ReplicatedRosenbrock(dimension: 6)
            let result = try minimize(objective, from: Array(repeating: 0, count: 6), using: CMAES(seed: seed),
                                      options: Options(maxIterations: 150, threads: threads))
            return (result, objective.threads.replicas)
        }
        let (one, oneThreads) = try run(threads: 1)
        let (again, _) = try run(threads: 1)
        let (two, twoThreads) = try run(threads: 2)
        let (other, _) = try run(threads: 1, seed: 5)
        // one thread evaluates the objective itself; two evaluate two replicas concurrently
        #expect(oneThreads == 0 && twoThreads == 2, "replicas: \(oneThreads), \(twoThreads)")
        for result in [again, two] {
            #expect(result.x == one.x && result.value == one.value)
            #expect(result.valueEvaluations == one.valueEvaluations && result.iterations == one.iterations)
            #expect(result.trace.map(\.value) == one.trace.map(\.value))
            #expect(result.trace.map(\.stepLength) == one.trace.map(\.stepLength))
        }
        #expect(other.trace.map(\.value) != one.trace.map(\.value), "another seed, another run")
    }

    @Test func evaluatedPointsNeverLeaveTheBox() throws {
        // σ₀ = 0.3 × 3 on [−1, 2]³ and a minimizer outside (x* = 3): most samples fall outside and are transformed.
        let bounds = try Bounds(lower: [-1, -1, -1], upper: [2, 2, 2])
        var outside = 0, inside = 0
        let objective = FunctionObjective(dimension: 3, value: { x in
            for i in 0..<3 where x[i] < bounds.lower[i] || x[i] > bounds.upper[i] { outside += 1 }
            inside += 1
            return x.reduce(0) { $0 + ($1 - 3) * ($1 - 3) }
        })
        let result = try minimize(objective, from: [0, 0, 0], bounds: bounds, using: CMAES(seed: 2),
                                  options: Options(maxIterations: 400))
        #expect(outside == 0 && inside == result.valueEvaluations)
        #expect(result.x.allSatisfy { abs($0 - 2) < 1e-6 }, "x = \(result.x)")
        #expect(CMAES().initialSigma(start: UnsafeBufferPointer(start: nil, count: 0), bounds: bounds) == 0.3 * 3)
    }

    @Test func boundTransformIsCmasOnKnownPoints() throws {
        // [1, 2]: aₗ = min(0.5, 2/20) = 0.1, aᵤ = min(0.5, 3/20) = 0.15; the period 2(1 + 0.25) = 2.5.
        let t = CMABoundTransform(try Bounds(lower: [1], upper: [2]))
        #expect(t.apply(1.5, at: 0) == 1.5)
        #expect(abs(t.apply(1.0, at: 0) - (1 + 0.1 * 0.1 / 0.4)) < 1e-15)  // quadratic: (y − l + aₗ)²/(4aₗ)
        #expect(abs(t.apply(2.4, at: 0) - t.apply(2.4 - 2.5, at: 0)) < 1e-14)  // periodic
        #expect(abs(t.apply(2.2, at: 0) - t.apply(2.1, at: 0)) < 1e-14)  // mirrored at u + aᵤ = 2.15
        #expect(abs(t.apply(t.inverse(1.03, at: 0), at: 0) - 1.03) < 1e-15)
        for k in 0..<2000 {
            let v = t.apply(-50 + 0.05 * Double(k), at: 0)
            #expect(v >= 1 && v <= 2)
        }
    }

    @Test func maxfevIsNeverExceeded() throws {
        let result = try minimize(Self.rosenbrock(10), from: Array(repeating: 0, count: 10),
                                  using: CMAES(seed: 1, maxEvaluations: 255), options: Options(maxIterations: 5000))
        #expect(result.status == .evaluationLimit)
        #expect(result.valueEvaluations == 251, "1 + 25 generations of 10 (a 26th would pass 255)")
        #expect(result.detail?.hasPrefix("maxfev") == true)
    }

    @Test func everyStoppingRuleHasItsStatus() throws {
        let x0 = Array(repeating: 1.0, count: 10)
        func run(_ solver: CMAES, _ f: FunctionObjective = CMAESTests.ellipsoid(10)) throws -> OptimizationResult {
            try minimize(f, from: x0, using: solver, options: Options(maxIterations: 5000))
        }
        let tolx = try run(CMAES(sigma: 0.5, tolfun: 0, tolx: 1e-6))
        #expect(tolx.status == .convergedStep && tolx.detail?.hasPrefix("tolx") == true, "\(tolx.status)")
        let hist = try run(CMAES(sigma: 0.5, tolfun: 0, tolfunhist: 1e-3))
        #expect(hist.status == .convergedFunctionChange && hist.detail?.hasPrefix("tolfunhist") == true)
        let cond = try run(CMAES(sigma: 0.5, tolconditioncov: 1e4))
        #expect(cond.status == .illConditioned && cond.detail?.hasPrefix("tolconditioncov") == true)
        // f constant: the flat-fitness escape grows σ, and tolfun ends the run once the window is full.
        let flat = try run(CMAES(sigma: 0.5), FunctionObjective(dimension: 10, value: { _ in 1 }))
        #expect(flat.status == .convergedFunctionChange && flat.iterations == 10 + 30)
        // deterministic noise: no progress, the stagnation test fires once it may (here from generation 1).
        let noise = FunctionObjective(dimension: 10, value: { x in
            let s = sin(x.enumerated().reduce(0) { $0 + Double($1.offset + 1) * $1.element } * 12.9898) * 43758.5453
            return s - s.rounded(.down)
        })
        let stagnated = try run(CMAES(sigma: 0.5, tolfun: 0, tolstagnation: 1), noise)
        #expect(stagnated.status == .stagnated && stagnated.detail?.hasPrefix("tolstagnation") == true,
                "\(stagnated.status) after \(stagnated.iterations)")
        #expect(stagnated.iterations >= 120 + 30)
    }

    static func outOfRange(_ key: String) -> CMAES {
        switch key {
        case "sigma": CMAES(sigma: 0)
        case "popsize": CMAES(popsize: 1)
        case "tolfun": CMAES(tolfun: -1)
        case "tolx": CMAES(tolx: .nan)
        case "tolstagnation": CMAES(tolstagnation: 0)
        case "tolconditioncov": CMAES(tolconditioncov: 0.5)
        case "maxfev": CMAES(maxEvaluations: 0)
        default: CMAES(tolfunhist: -.infinity)
        }
    }

    @Test(arguments: ["sigma", "popsize", "tolfun", "tolx", "tolstagnation", "tolconditioncov", "maxfev",
                      "tolfunhist"])
    func refusesEachParameterOutOfRange(_ key: String) {
        let solver = Self.outOfRange(key)
        #expect(throws: MinimizeError.self) {
            try minimize(Self.sphere(2), from: [1, 1], using: solver)
        }
        #expect(throws: InvalidParameter.self) { try solver.validate() }
        do { try solver.validate() } catch { #expect(error.name == key) }
    }
}
