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
        let points = [problem.start] + (0..<3).map { _ in problem.start.map { $0 + 0.3 * (1 + abs($0)) * (rng.uniform() - 0.5) } }
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

    @Test(arguments: 0..<35)
    func fAtThePublishedMinimizerIsThePublishedMinimum(_ index: Int) throws {
        let problem = try ProblemRegistry.resolve(Self.suite[index])
        guard let xStar = problem.minimizer, let fStar = problem.minimum else { return }
        #expect(abs(problem.objective.value(at: xStar) - fStar) <= 1e-12 * max(1, abs(fStar)), "\(problem.name)")
        #expect(problem.objective.evaluate(at: xStar).gradient.map(abs).max()! <= 1e-6 * max(1, abs(fStar)), "\(problem.name)")
    }

    /// The published optimal values that are not 0 are reached from the standard start
    /// (which checks the data tables and formulas behind them).
    @Test(arguments: ["mgh/jennrich-sampson", "mgh/bard", "mgh/gaussian", "mgh/meyer", "mgh/kowalik-osborne", "mgh/brown-dennis",
                      "mgh/osborne-1", "mgh/osborne-2", "mgh/watson", "mgh/watson:n=9", "mgh/penalty-1", "mgh/penalty-2",
                      "mgh/penalty-1:n=4", "mgh/penalty-2:n=4", "mgh/chebyquad", "mgh/chebyquad:n=10", "mgh/linear-full-rank",
                      "mgh/linear-rank-1", "mgh/linear-rank-1-zero"])
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
        #expect(throws: ProblemError.badParameter(problem: "mgh/extended-rosenbrock", parameter: "n", value: "7", expected: "an even n")) {
            try ProblemRegistry.resolve("mgh/extended-rosenbrock:n=7")
        }
        #expect(throws: ProblemError.badParameter(problem: "mgh/wood", parameter: "start", value: "5", expected: "1, 10 or 100")) {
            try ProblemRegistry.resolve("mgh/wood:start=5")
        }
        #expect(throws: ProblemError.badParameter(problem: "mgh/linear-full-rank", parameter: "m", value: "3", expected: "m ≥ 5 for n = 5")) {
            try ProblemRegistry.resolve("mgh/linear-full-rank:m=3")
        }
        #expect(throws: ProblemError.unknownParameter(problem: "mgh/wood", parameter: "n", known: ["start"])) {
            try ProblemRegistry.resolve("mgh/wood:n=8")
        }
    }
}
