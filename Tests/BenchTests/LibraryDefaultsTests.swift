import Optim
import Problems
import Testing
@testable import Bench

/// `LBFGS()`, `BFGS()`, `NonlinearCG()` and `minimize(_:from:)` in Swift are the methods the
/// CLI runs when only the solver is named (`--solver lbfgs`): same line search, same
/// parameters, same iterates.
@Suite struct LibraryDefaultsTests {
    static func run(_ solver: some Solver) throws -> OptimizationResult {
        try minimize(Rosenbrock(dimension: 10), from: Rosenbrock(dimension: 10).standardStart, using: solver,
                     options: Options(maxIterations: 5000))
    }

    static func cli(_ name: String) throws -> OptimizationResult {
        try run(SolverCatalog.resolve(SolverRequest(solver: name)).makeSolver())
    }

    static func expectSame(_ a: OptimizationResult, _ b: OptimizationResult, _ name: String) {
        #expect(a.solver == b.solver, "\(name)")
        #expect(a.status == .convergedGradient && b.status == .convergedGradient, "\(name)")
        #expect(a.x == b.x && a.iterations == b.iterations && a.valueEvaluations == b.valueEvaluations, "\(name)")
    }

    @Test func convenienceSolversAreTheDescriptorsDefaults() throws {
        Self.expectSame(try Self.run(LBFGS()), try Self.cli("lbfgs"), "lbfgs")
        Self.expectSame(try Self.run(BFGS()), try Self.cli("bfgs"), "bfgs")
        Self.expectSame(try Self.run(NonlinearCG()), try Self.cli("cg"), "cg")
        #expect(NonlinearCG().summary.contains("c2 = 0.1"))
    }

    @Test func theDefaultMinimizeIsTheCLIsDefaultSolver() throws {
        let problem = Rosenbrock(dimension: 10)
        let result = try minimize(problem, from: problem.standardStart, options: Options(maxIterations: 5000))
        Self.expectSame(result, try Self.cli(SolverDescriptor.defaultName), "default")
    }
}
