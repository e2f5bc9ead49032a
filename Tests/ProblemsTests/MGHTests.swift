import Foundation
import Optim
import Problems
import Testing

@Suite struct MGHTests {
    static let suite = ProblemRegistry.mghSuite

    @Test func theSuiteHasAll35ProblemsInThePapersOrder() {
        #expect(Self.suite.count == 35)
        #expect(Self.suite.first == "mgh/rosenbrock" && Self.suite.last == "mgh/chebyquad")
    }

    @Test(arguments: 0..<35)
    func gradientMatchesCentralDifferencesAtTheStartAndAtRandomPoints(_ index: Int) throws {
        let problem = try ProblemRegistry.resolve(Self.suite[index])
        var rng = SeededGenerator(seed: UInt64(index))
        // Random points near x₀ (relative perturbations), where every function is smooth.
        let points =
            [problem.start]
            + (0..<3).map { _ in problem.start.map { $0 + 0.3 * (1 + abs($0)) * (rng.uniform() - 0.5) } }
        for x in points {
            let analytic = problem.objective.evaluate(at: x).gradient
            let numeric = centralDifferenceGradient(problem.objective, at: x)
            let scale = max(1, numeric.map(abs).max()!)
            let error = zip(analytic, numeric).map { abs($0 - $1) }.max()! / scale
            // The derivatives are exact (dual numbers); the tolerance is the differences' own
            // error, which reaches ~7e-6 on the badly scaled Brown (f ~ 1e12) and Osborne 1.
            #expect(error <= 2e-5, "\(problem.name): relative gradient error \(error)")
        }
    }

    /// The 15 problems whose minimizer the paper publishes (the other 20 are checked by
    /// their f(x₀) in MGHStartValueTests and their published f* below).
    static let withMinimizer = suite.filter { (try? ProblemRegistry.resolve($0))?.minimizer != nil }

    @Test func fifteenProblemsHaveAPublishedMinimizer() {
        #expect(Self.withMinimizer.count == 15)
    }

    @Test(arguments: withMinimizer)
    func fAtThePublishedMinimizerIsThePublishedMinimum(_ name: String) throws {
        let problem = try ProblemRegistry.resolve(name)
        let xStar = try #require(problem.minimizer), fStar = try #require(problem.minimum)
        #expect(abs(problem.objective.value(at: xStar) - fStar) <= 1e-12 * max(1, abs(fStar)), "\(problem.name)")
        #expect(
            problem.objective.evaluate(at: xStar).gradient.map(abs).max()! <= 1e-6 * max(1, abs(fStar)),
            "\(problem.name)")
    }

    /// The published optimal values that are not 0 are reached from the standard start
    /// (which checks the data tables and formulas behind them).
    @Test(arguments: [
        "mgh/jennrich-sampson", "mgh/bard", "mgh/gaussian", "mgh/meyer", "mgh/kowalik-osborne", "mgh/brown-dennis",
        "mgh/osborne-1", "mgh/osborne-2", "mgh/watson", "mgh/watson:n=9", "mgh/penalty-1", "mgh/penalty-2",
        "mgh/penalty-1:n=4", "mgh/penalty-2:n=4", "mgh/chebyquad", "mgh/chebyquad:n=10", "mgh/linear-full-rank",
        "mgh/linear-rank-1", "mgh/linear-rank-1-zero",
    ])
    func publishedNonzeroMinimaAreReached(_ reference: String) throws {
        let problem = try ProblemRegistry.resolve(reference)
        let fStar = try #require(problem.minimum)
        let result = try minimize(problem.objective, from: problem.start, using: LBFGS(lineSearch: HagerZhang()),
                                  options: Options(gradientTolerance: 1e-9, maxIterations: 20_000))
        // The paper prints six significant digits.
        #expect(abs(result.value - fStar) <= 5e-6 * abs(fStar), "\(reference): f = \(result.value), published \(fStar)")
    }

    @Test func parametersAndStartsFollowThePaper() throws {
        let watson = try ProblemRegistry.resolve("mgh/watson:n=9")
        #expect(watson.dimension == 9 && watson.minimum == 1.39976e-6 && watson.name == "mgh/watson:n=9")
        let scaled = try ProblemRegistry.resolve("mgh/wood:start=100")
        #expect(scaled.start == [-300, -100, -300, -100] && scaled.name == "mgh/wood:start=100")
        #expect(try ProblemRegistry.resolve("mgh/box-3d:m=20").name == "mgh/box-3d:m=20")
        #expect(
            throws: ProblemError.badParameter(
                problem: "mgh/extended-rosenbrock", parameter: "n", value: "7", expected: "an even n")
        ) {
            try ProblemRegistry.resolve("mgh/extended-rosenbrock:n=7")
        }
        #expect(
            throws: ProblemError.badParameter(
                problem: "mgh/wood", parameter: "start", value: "5", expected: "1, 10 or 100")
        ) {
            try ProblemRegistry.resolve("mgh/wood:start=5")
        }
        #expect(
            throws: ProblemError.badParameter(
                problem: "mgh/linear-full-rank", parameter: "m", value: "3", expected: "m ≥ 5 for n = 5")
        ) {
            try ProblemRegistry.resolve("mgh/linear-full-rank:m=3")
        }
        #expect(throws: ProblemError.unknownParameter(problem: "mgh/wood", parameter: "n", known: ["start"])) {
            try ProblemRegistry.resolve("mgh/wood:n=8")
        }
    }
}

/// Reverse-mode gradients against the forward-mode (dual-number) ones the suite had before:
/// the eight O(n) problems, now formulas, against their previous residual code
/// (`MGHReference`); the 27 others, on a tape, against dual numbers through the same residual
/// code (one directional derivative per coordinate).
@Suite struct MGHReverseModeTests {
    static func points(_ problem: TestProblem, seed: UInt64) -> [[Double]] {
        var rng = SeededGenerator(seed: seed)
        return [problem.start]
            + (0..<3).map { _ in problem.start.map { $0 + 0.3 * (1 + abs($0)) * (rng.uniform() - 0.5) } }
    }

    @Test(arguments: MGHReference.allCases)
    func formulasEqualThePreviousResidualCode(_ reference: MGHReference) throws {
        let sizes: [Int] = switch reference {
        case .extendedRosenbrock: [2, 10, 60]
        case .extendedPowellSingular: [4, 12, 60]
        case .discreteBoundaryValue, .broydenTridiagonal, .broydenBanded: [1, 2, 3, 6, 7, 13, 40]
        default: [1, 4, 10, 40]
        }
        for n in sizes {
            let problem = try ProblemRegistry.resolve("mgh/\(reference.slug):n=\(n)")
            #expect(problem.objective is FormulaObjective)
            for (k, x) in Self.points(problem, seed: UInt64(n)).enumerated() {
                let (f, g) = problem.objective.evaluate(at: x)
                let f0 = reference.value(x), g0 = reference.gradient(x)
                #expect(abs(f - f0) <= 1e-12 * max(1, abs(f0)), "\(reference.slug) n = \(n), point \(k): \(f) vs \(f0)")
                #expect(relativeError(g, g0) <= 1e-12, "\(reference.slug) n = \(n), point \(k)")
            }
        }
    }

    @Test(arguments: 0..<35)
    func tapeGradientsEqualDualNumberGradients(_ index: Int) throws {
        let problem = try ProblemRegistry.resolve(MGHTests.suite[index])
        guard let objective = problem.objective as? MGHObjective else { return }
        let n = problem.dimension
        for (k, x) in Self.points(problem, seed: UInt64(index)).enumerated() {
            let g = objective.evaluate(at: x).gradient
            let dual = (0..<n).map { j in jvp(objective, x, (0..<n).map { $0 == j ? 1 : 0 }).derivative }
            #expect(relativeError(g, dual) <= 1e-12, "\(problem.name), point \(k)")
        }
    }

    /// n = 10⁶ is accepted where f costs O(n), and one evaluation of f and ∇f is exact there too
    /// (extended Rosenbrock: ∇f at x₀ in closed form).
    @Test func extendedRosenbrockAtAMillion() throws {
        let problem = try ProblemRegistry.resolve("mgh/extended-rosenbrock:n=1000000")
        let (f, g) = problem.objective.evaluate(at: problem.start)
        // Each pair (−1.2, 1): 100(1 − 1.44)² + 2.2² = 24.2; ∂/∂x₁ = −400·x₁(x₂ − x₁²) − 2(1 − x₁) = −215.6, ∂/∂x₂ =
        // 200(x₂ − x₁²) = −88.
        #expect(abs(f - 24.2 * 500_000) <= 1e-9 * f)
        #expect(
            abs(g[0] + 215.6) <= 1e-12 && abs(g[1] + 88) <= 1e-12 && abs(g[999_998] + 215.6) <= 1e-12
                && abs(g[999_999] + 88) <= 1e-12)
    }
}
