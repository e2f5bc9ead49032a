import CLapack
import Foundation
import Testing
import Optim
@testable import Problems

/// The least-squares side of the 35 MGH problems: residuals consistent with f, Jacobians
/// against differences of the residuals, and Levenberg–Marquardt on the linear problems
/// against LAPACK's least-squares solution.
@Suite struct MGHLeastSquaresTests {
    static func leastSquares(_ problem: TestProblem) throws -> any LeastSquaresObjective {
        try #require(problem.objective as? any LeastSquaresObjective, "\(problem.name) has no residuals")
    }

    static func residuals(_ f: any LeastSquaresObjective, _ x: [Double]) -> [Double] {
        var r = [Double](repeating: .nan, count: f.residualCount)
        x.withUnsafeBufferPointer { xb in r.withUnsafeMutableBufferPointer { f.residuals(at: xb, into: $0) } }
        return r
    }

    static func jacobian(_ f: any LeastSquaresObjective, _ x: [Double]) -> [Double] {
        var j = [Double](repeating: .nan, count: f.residualCount * x.count)
        x.withUnsafeBufferPointer { xb in j.withUnsafeMutableBufferPointer { f.jacobian(at: xb, into: $0) } }
        return j
    }

    /// x₀ and three points around it.
    static func points(_ problem: TestProblem, seed: Int) -> [[Double]] {
        var state = UInt64(seed + 1) &* 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        return [problem.start] + (0..<3).map { _ in problem.start.map { $0 + 0.3 * (1 + abs($0)) * (uniform() - 0.5) } }
    }

    /// Σ rᵢ² at x₀, 10x₀ and 100x₀ of every problem against the independent transcription of
    /// the paper (Tests/Data/mgh-start-values.csv, scripts/reference/mgh-start-values.py): the
    /// residuals pinned by a reference outside OptBench, not only by `MGHFunctions`' f.
    @Test(arguments: 0..<105)
    func sumOfSquaredResidualsAtTheScaledStartsMatchesTheTranscription(_ index: Int) throws {
        try #require(index < MGHStartValueTests.table.count, "Tests/Data/mgh-start-values.csv is missing or short")
        let (name, scale, _) = MGHStartValueTests.table[index]
        let problem = try ProblemRegistry.resolve(scale == 1 ? name : "\(name):start=\(scale)")
        let sum = Self.residuals(try Self.leastSquares(problem), problem.start).reduce(0) { $0 + $1 * $1 }
        MGHStartValueTests.expect(sum, matches: index, "Σr²")
    }

    /// Σ rᵢ² is f at points the transcription does not cover (the formula problems too, at
    /// several n: their boundary terms differ) — a consistency check of the two forms.
    @Test(
        arguments: ProblemRegistry.mghSuite + [
            "mgh/discrete-boundary-value:n=1", "mgh/broyden-tridiagonal:n=2", "mgh/broyden-banded:n=7",
            "mgh/trigonometric:n=3", "mgh/penalty-1:n=4", "mgh/variably-dimensioned:n=1",
            "mgh/extended-powell-singular:n=4", "mgh/extended-rosenbrock:n=2", "mgh/chebyquad:n=3,m=5",
        ])
    func sumOfSquaredResidualsIsF(_ reference: String) throws {
        let problem = try ProblemRegistry.resolve(reference)
        let f = try Self.leastSquares(problem)
        #expect(problem.objective.capabilities.contains(.residuals))
        for (k, x) in Self.points(problem, seed: reference.count).enumerated() {
            let r = Self.residuals(f, x)
            #expect(r.count == f.residualCount)
            let sum = r.reduce(0) { $0 + $1 * $1 }, value = problem.objective.value(at: x)
            #expect(
                abs(sum - value) <= 1e-12 * max(1, abs(value)), "\(reference), point \(k): Σr² = \(sum), f = \(value)")
        }
    }

    /// Every Jacobian against central differences of its residuals, column by column:
    /// |Jᵢⱼ − (rᵢ(x + heⱼ) − rᵢ(x − heⱼ))/2h| ≤ 10⁻⁶·max(1, max |J·ⱼ|) + 16ε·max |r(x ± heⱼ)|/h (truncation,
    /// then rounding: exp(−t·x₄) at a perturbed Osborne 1 point is 10¹⁹), h = ε^{1/3}·max(1, |xⱼ|).
    @Test(arguments: ProblemRegistry.mghSuite + ["mgh/broyden-banded:n=7", "mgh/discrete-boundary-value:n=3"])
    func jacobianMatchesDifferencesOfTheResiduals(_ reference: String) throws {
        let problem = try ProblemRegistry.resolve(reference)
        let f = try Self.leastSquares(problem)
        let m = f.residualCount, n = problem.dimension
        for (k, x) in Self.points(problem, seed: reference.count).enumerated() {
            let j = Self.jacobian(f, x)
            var point = x
            for c in 0..<n {
                let h = cbrt(Double.ulpOfOne) * max(1, abs(x[c]))
                point[c] = x[c] + h
                let up = Self.residuals(f, point)
                point[c] = x[c] - h
                let down = Self.residuals(f, point)
                point[c] = x[c]
                let column = (0..<m).map { j[$0 + c * m] }
                let scale = max(1, column.map(abs).max()!)
                let error = (0..<m).map { abs(column[$0] - (up[$0] - down[$0]) / (2 * h)) }.max()!
                let rounding = 16 * Double.ulpOfOne * (up + down).map(abs).max()! / h
                #expect(
                    error <= 1e-6 * scale + rounding,
                    "\(reference), point \(k), column \(c): error \(error), scale \(scale)")
            }
            // ∇f = 2Jᵀr.
            let r = Self.residuals(f, x), g = problem.objective.evaluate(at: x).gradient
            let jtr = (0..<n).map { c in 2 * (0..<m).reduce(0) { $0 + j[$1 + c * m] * r[$1] } }
            let gScale = max(1, g.map(abs).max()!)
            #expect(zip(g, jtr).allSatisfy { abs($0 - $1) <= 1e-9 * gScale }, "\(reference), point \(k)")
        }
    }

    /// The paper's matrices of the three linear problems, r = Ax − 1 (row-major m × n),
    /// written from its definitions, not from the residual code.
    static func linearMatrix(_ slug: String, n: Int, m: Int) -> [Double] {
        var a = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                switch slug {
                case "linear-full-rank": a[i * n + j] = (i == j ? 1 : 0) - 2 / Double(m)
                case "linear-rank-1": a[i * n + j] = Double((i + 1) * (j + 1))
                default: a[i * n + j] = (1..<(m - 1)).contains(i) && (1..<(n - 1)).contains(j) ? Double(i * (j + 1)) : 0
                }
            }
        }
        return a
    }

    /// min ‖Ax − b‖ by LAPACKE dgelsd (SVD, minimum norm; singular values below 10⁻¹²σ₁ are
    /// zero, so a rank-1 matrix is treated as one): (x, ‖Ax − b‖²).
    static func leastSquaresSolution(_ a: [Double], _ b: [Double], n: Int, m: Int) -> (x: [Double], f: Double) {
        var matrix = a, rhs = b + [Double](repeating: 0, count: max(0, n - m))
        var singular = [Double](repeating: 0, count: min(m, n))
        var rank: Int32 = 0
        let info = LAPACKE_dgelsd(
            LAPACK_ROW_MAJOR, Int32(m), Int32(n), 1, &matrix, Int32(n), &rhs, 1, &singular, 1e-12, &rank)
        precondition(info == 0)
        let x = Array(rhs.prefix(n))
        let f = (0..<m).reduce(0.0) { sum, i in
            let ri = (0..<n).reduce(-b[i]) { $0 + a[i * n + $1] * x[$1] }
            return sum + ri * ri
        }
        return (x, f)
    }

    /// LM on a linear least-squares problem: the first step is the Gauss–Newton step (it fits
    /// the initial region Δ₀ = 100‖Dx₀‖, so λ = 0) and lands on a least-squares solution.
    @Test(arguments: [
        ("linear-full-rank", 5, 10), ("linear-full-rank", 20, 40), ("linear-rank-1", 5, 10), ("linear-rank-1", 10, 30),
        ("linear-rank-1-zero", 5, 10), ("linear-rank-1-zero", 8, 20),
    ])
    func levenbergMarquardtSolvesTheLinearProblemsInOneStep(_ slug: String, _ n: Int, _ m: Int) throws {
        let problem = try ProblemRegistry.resolve("mgh/\(slug):n=\(n),m=\(m)")
        let a = Self.linearMatrix(slug, n: n, m: m)
        let reference = Self.leastSquaresSolution(a, [Double](repeating: 1, count: m), n: n, m: m)
        #expect(
            abs(reference.f - problem.minimum!) <= 1e-12 * problem.minimum!,
            "LAPACK's f \(reference.f) vs the paper's \(problem.minimum!)")
        let result = try minimize(problem.objective, from: problem.start, using: LevenbergMarquardt())
        #expect(
            result.status == .convergedGradient && result.iterations == 1,
            "\(problem.name): \(result.status) after \(result.iterations)")
        #expect(
            abs(result.value - reference.f) <= 1e-12 * reference.f,
            "\(problem.name): f = \(result.value), LAPACK \(reference.f)")
        #expect(result.jacobianEvaluations == 2 && result.valueEvaluations == 3)
        if slug == "linear-full-rank" {
            #expect(zip(result.x, reference.x).allSatisfy { abs($0 - $1) <= 1e-12 }, "\(result.x) vs \(reference.x)")
        }
    }

    /// MINPACK's own counts (lmder through scipy 1.17.1's `least_squares(method='lm', x_scale='jac')`,
    /// ftol = xtol = 1.49012e-8, gtol = ε; results/lm-vs-minpack.md): with the same settings `lm`
    /// evaluates the same Jacobians (njev) and residual vectors (nfev, plus the driver's f at x₀ and
    /// the f of each ∇f it evaluates) — the same iterates, trial for trial.
    @Test(arguments: [
        ("rosenbrock", 21, 16), ("jennrich-sampson", 21, 12), ("bard", 6, 5), ("meyer", 126, 116),
        ("kowalik-osborne", 18, 16),
        ("brown-dennis", 254, 236), ("osborne-2", 16, 12), ("watson", 8, 7), ("penalty-2", 80, 62),
        ("chebyquad", 39, 20),
    ])
    func levenbergMarquardtRetracesMinpack(_ slug: String, _ nfev: Int, _ njev: Int) throws {
        let problem = try ProblemRegistry.resolve("mgh/\(slug)")
        let solver = LevenbergMarquardt(
            reductionTolerance: 1.49012e-8, radiusTolerance: 1.49012e-8, cosineTolerance: Double.ulpOfOne)
        let result = try minimize(
            problem.objective, from: problem.start, using: solver,
            options: Options(gradientTolerance: 1e-300, maxIterations: 10_000))
        #expect(result.status.isConverged, "\(slug): \(result.status)")
        #expect(result.jacobianEvaluations == njev, "\(slug): \(result.jacobianEvaluations) Jacobians, MINPACK \(njev)")
        #expect(
            result.valueEvaluations == nfev + result.gradientEvaluations,
            "\(slug): \(result.valueEvaluations) f, MINPACK \(nfev)")
    }
}
