import CLapack
import Foundation
import Optim
import Problems
import Testing

/// Solves A X = B with LAPACKE dgesv (LU with partial pivoting, row-major): an independent
/// route to Q⁻¹b, not the Cholesky solve the library uses.
func luSolve(_ a: Matrix, _ b: [Double]) -> [Double] {
    var lu = a.elements, x = b
    var pivots = [Int32](repeating: 0, count: a.rows)
    let info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, Int32(a.rows), 1, &lu, Int32(a.rows), &pivots, &x, 1)
    precondition(info == 0, "dgesv failed: \(info)")
    return x
}

/// Eigenvalues of a symmetric matrix by LAPACKE dsyev, ascending.
func symmetricEigenvalues(_ a: Matrix) -> [Double] {
    var m = a.elements
    var w = [Double](repeating: 0, count: a.rows)
    let info = LAPACKE_dsyev(
        LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "U")), Int32(a.rows), &m, Int32(a.rows), &w)
    precondition(info == 0, "dsyev failed: \(info)")
    return w
}

func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

@Suite struct GradientTests {
    static func randomPoints(_ n: Int, count: Int, seed: UInt64, scale: Double) -> [[Double]] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in (0..<n).map { _ in scale * rng.normal() } }
    }

    @Test(arguments: [2, 3, 8, 101])
    func rosenbrockGradientMatchesCentralDifferences(_ n: Int) {
        let f = Rosenbrock(dimension: n)
        for x in [f.standardStart] + Self.randomPoints(n, count: 5, seed: UInt64(n), scale: 1.5) {
            #expect(gradientError(f, at: x) <= 1e-7, "n = \(n)")
            // value(at:) and the fused entry agree exactly.
            #expect(f.value(at: x) == f.evaluate(at: x).f)
        }
    }

    @Test func rosenbrockHasItsKnownValues() {
        let f = Rosenbrock(dimension: 4)
        #expect(f.value(at: [1, 1, 1, 1]) == 0)
        #expect(f.evaluate(at: [1, 1, 1, 1]).gradient == [0, 0, 0, 0])
        // (−1.2, 1): 100(1 − 1.44)² + 2.2² = 24.2 for n = 2.
        #expect(abs(Rosenbrock(dimension: 2).value(at: [-1.2, 1]) - 24.2) <= 1e-12)
        // Gradient at (0, 0): ∂/∂x₁ = −2, ∂/∂x₂ = 0.
        #expect(Rosenbrock(dimension: 2).evaluate(at: [0, 0]).gradient == [-2, 0])
    }

    @Test(arguments: [1, 5, 30])
    func quadraticGradientMatchesCentralDifferences(_ n: Int) throws {
        let q = try Quadratic.random(dimension: n, conditionNumber: 100, seed: 7)
        for x in Self.randomPoints(n, count: 4, seed: 11, scale: 2) {
            #expect(gradientError(q, at: x) <= 1e-7)
            #expect(abs(q.value(at: x) - q.evaluate(at: x).f) <= 1e-12 * max(1, abs(q.value(at: x))))
        }
    }
}

@Suite struct QuadraticTests {
    @Test(arguments: [(1, 1.0), (2, 10.0), (50, 1e3), (200, 1e6)])
    func generatorHasThePrescribedSpectrumAndExactMinimizer(_ n: Int, _ cond: Double) throws {
        let q = try Quadratic.random(dimension: n, conditionNumber: cond, seed: 3)
        #expect(q.hessian.asymmetry == 0)
        let eigenvalues = symmetricEigenvalues(q.hessian)
        let expected = Quadratic.logSpacedSpectrum(count: n, conditionNumber: cond)
        for (computed, wanted) in zip(eigenvalues, expected) {
            #expect(abs(computed - wanted) <= 1e-11 * cond, "λ = \(wanted)")
        }
        // x* by Cholesky (library) against LU (test), and f* = f(x*).
        let reference = luSolve(q.hessian, q.linearTerm)
        let error = norm(zip(q.minimizer, reference).map { $0 - $1 }) / norm(reference)
        #expect(error <= 1e-15 * cond * Double(n).squareRoot() * 10)
        #expect(abs(q.value(at: q.minimizer) - q.minimum) <= 1e-13 * max(1, abs(q.minimum)) * cond)
        let g = q.evaluate(at: q.minimizer).gradient
        #expect(g.map(abs).max()! <= 1e-12 * cond)
    }

    /// `quadratic:…,lmin=s` has the spectrum s·λ (dsyev) with the same V and b, and names lmin only when it is not 1.
    @Test(arguments: [1e-2, 1e2])
    func smallestEigenvalueScalesTheSpectrum(_ lmin: Double) throws {
        let q = try Quadratic.random(dimension: 20, conditionNumber: 1e4, smallestEigenvalue: lmin, seed: 3)
        let eigenvalues = symmetricEigenvalues(q.hessian)
        for (computed, wanted) in zip(eigenvalues, Quadratic.logSpacedSpectrum(count: 20, conditionNumber: 1e4)) {
            #expect(abs(computed - lmin * wanted) <= 1e-11 * 1e4 * lmin, "λ = \(lmin * wanted)")
        }
        let unit = try Quadratic.random(dimension: 20, conditionNumber: 1e4, seed: 3)
        #expect(q.linearTerm == unit.linearTerm)
        #expect(zip(q.hessian.elements, unit.hessian.elements).allSatisfy { abs($0 - lmin * $1) <= 1e-12 * 1e4 * lmin })
        let named = try ProblemRegistry.resolve("quadratic:n=3,cond=10,lmin=\(lmin)")
        #expect(named.name == "quadratic:n=3,cond=10,seed=1,lmin=\(lmin == 1e-2 ? "0.01" : "100")")
        #expect(try ProblemRegistry.resolve("quadratic:n=3,cond=10,lmin=1").name == "quadratic:n=3,cond=10,seed=1")
    }

    @Test func generatorIsDeterministicPerSeed() throws {
        let a = try Quadratic.random(dimension: 6, conditionNumber: 10, seed: 5)
        let b = try Quadratic.random(dimension: 6, conditionNumber: 10, seed: 5)
        let c = try Quadratic.random(dimension: 6, conditionNumber: 10, seed: 6)
        #expect(a.hessian == b.hessian && a.linearTerm == b.linearTerm)
        #expect(a.hessian != c.hessian)
    }

    @Test func rejectsMatricesThatAreNotSPD() {
        #expect(throws: QuadraticError.notPositiveDefinite(order: 2)) {
            try Quadratic(hessian: Matrix([[1, 2], [2, 1]]), linearTerm: [0, 0])
        }
        #expect(throws: QuadraticError.notSymmetric(1)) {
            try Quadratic(hessian: Matrix([[2, 1], [0, 2]]), linearTerm: [0, 0])
        }
        #expect(throws: QuadraticError.linearTermLength(expected: 2, actual: 3)) {
            try Quadratic(hessian: Matrix([[2, 0], [0, 2]]), linearTerm: [0, 0, 0])
        }
    }

    @Test func problemFileGivesTheDocumentedSolution() throws {
        let problem = try ProblemRegistry.resolve(repositoryPath("problems/quadratic-3.json"))
        #expect(problem.dimension == 3)
        #expect(problem.start == [1, -1, 2])
        let x = try #require(problem.minimizer)
        for (a, b) in zip(x, [0.0, 1, 1]) { #expect(abs(a - b) <= 1e-15) }
        #expect(abs(problem.minimum! + 3.5) <= 1e-15)
    }
}

/// The issue's convergence targets, with x* from an independent LU solve.
@Suite struct ConvergenceTests {
    @Test(arguments: ["lbfgs", "gd"])
    func solversReachTheExactMinimizerOfAGeneratedQuadratic(_ name: String) throws {
        let q = try Quadratic.random(dimension: 50, conditionNumber: 1e3, seed: 1)
        let reference = luSolve(q.hessian, q.linearTerm)
        // Hager–Zhang's approximate Wolfe conditions keep working where f's decrease is
        // below its rounding error (‖∇f‖ ~ 1e-9 here); an Armijo test on f stalls near 1e-7.
        let solver: any Solver =
            name == "lbfgs" ? LBFGS(lineSearch: HagerZhang()) : GradientDescent(lineSearch: HagerZhang())
        let result = try minimize(
            q, from: Array(repeating: 0, count: 50), using: solver,
            options: Options(gradientTolerance: 1e-10, maxIterations: 20_000))
        #expect(result.status == .convergedGradient)
        let distance = norm(zip(result.x, reference).map { $0 - $1 })
        #expect(distance <= 1e-8 * norm(reference), "\(name): ‖x − x*‖ = \(distance)")
    }

    @Test(arguments: [2, 1000])
    func lbfgsReachesTheRosenbrockMinimizer(_ n: Int) throws {
        let f = Rosenbrock(dimension: n)
        // Chained Rosenbrock n = 1000 from the standard start takes ~5000 iterations with
        // m = 10 (scipy's L-BFGS-B: 4943); allow twice that.
        let result = try minimize(f, from: f.standardStart, using: LBFGS(lineSearch: MoreThuente()),
                                  options: Options(maxIterations: 10_000))
        #expect(result.status == .convergedGradient)
        #expect(result.x.map { abs($0 - 1) }.max()! <= 1e-5)
        #expect(result.value <= 1e-10)
    }
}

/// A path relative to the repository root (tests run from any directory).
func repositoryPath(_ relative: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(relative).path
}
