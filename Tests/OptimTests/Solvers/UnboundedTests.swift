import Testing
@testable import Optim

/// f unbounded below (issue 30): the line search follows f down to its largest step (1e20 times
/// its first trial step) and the run ends `unbounded` at that point, with its own f.
@Suite struct UnboundedTests {
    /// f(x) = −x from 0 with BFGS: ∇f = −1, α₀ = 1/‖∇f‖₂ = 1, d = 1. Moré–Thuente extrapolates
    /// α ← α + 4(α − α_best) (dcsrch's xtrapu = 4) with α_best the previous trial, so the k-th
    /// trial is α_k = (4^k − 1)/3 (1, 5, 21, 85, …); α_35 = 3.9e20 is the first above
    /// α_max = 1e20·α₀, which is tried instead: 35 trials, 36 evaluations with f(x₀). The run
    /// stops at x = 1e20, f = −1e20, after one iteration.
    @Test func linearFunctionEndsUnboundedAtTheLargestStep() throws {
        let f = FunctionObjective(dimension: 1, value: { -$0[0] }, gradient: { _ in [-1] })
        let result = try minimize(f, from: [0], using: BFGS(lineSearch: MoreThuente()))
        #expect(result.status == .unbounded)
        #expect(result.x == [1e20])
        #expect(result.value == -1e20)
        #expect(result.iterations == 1)
        #expect(result.valueEvaluations == 36)
        #expect(!result.status.isConverged)
        #expect(result.detail?.contains("unbounded below") == true)
    }

    /// x³ + y² from (−1, 1): every gradient method with a Wolfe search ends
    /// `unbounded` with f far below f(x₀) (its own f at the returned x).
    @Test(arguments: ["bfgs", "lbfgs", "cg", "bfgs+strong-wolfe", "lbfgs+strong-wolfe"])
    func cubicEndsUnbounded(_ name: String) throws {
        let cubic = FunctionObjective(
            dimension: 2, value: { $0[0] * $0[0] * $0[0] + $0[1] * $0[1] },
            gradient: { [3 * $0[0] * $0[0], 2 * $0[1]] })
        let options = Options(maxIterations: 100)
        let result: OptimizationResult
        switch name {
        case "bfgs":
            result = try minimize(cubic, from: [-1, 1], using: BFGS(lineSearch: MoreThuente()), options: options)
        case "lbfgs":
            result = try minimize(cubic, from: [-1, 1], using: LBFGS(lineSearch: MoreThuente()), options: options)
        case "cg":
            result = try minimize(
                cubic, from: [-1, 1], using: NonlinearCG(lineSearch: MoreThuente(c2: 0.1)), options: options)
        case "bfgs+strong-wolfe":
            result = try minimize(cubic, from: [-1, 1], using: BFGS(lineSearch: StrongWolfe()), options: options)
        default:
            result = try minimize(cubic, from: [-1, 1], using: LBFGS(lineSearch: StrongWolfe()), options: options)
        }
        #expect(result.status == .unbounded, "\(result.status) \(result.detail ?? "")")
        let x = result.x
        #expect(result.value == x[0] * x[0] * x[0] + x[1] * x[1])
        #expect(result.value < -1e30, "f = \(result.value)")
    }

    /// The other expanding searches on f = −x from 0 (BFGS, α₀ = 1), capped at 1e20·α₀:
    /// - strong Wolfe (N&W Alg. 3.5): steps double, α_k = 2^(k−1), until 2^67 ≥ 1e20 is capped
    ///   to 1e20: 68 trials, 69 evaluations;
    /// - Hager–Zhang's bracketing: α = 5^k until 5^29 ≥ 1e20 is capped to 1e20: 30 trials,
    ///   31 evaluations.
    @Test(arguments: [("strong-wolfe", 69), ("hager-zhang", 31)])
    func otherSearchesFollowTheLineToTheirLargestStep(_ search: String, _ evaluations: Int) throws {
        let f = FunctionObjective(dimension: 1, value: { -$0[0] }, gradient: { _ in [-1] })
        let result =
            search == "strong-wolfe"
            ? try minimize(f, from: [0], using: BFGS(lineSearch: StrongWolfe()))
            : try minimize(f, from: [0], using: BFGS(lineSearch: HagerZhang()))
        #expect(result.status == .unbounded)
        #expect(result.x == [1e20] && result.value == -1e20)
        #expect(result.valueEvaluations == evaluations)
    }

    /// A function with a minimizer far away is not unbounded: f = (x − 1e12)² from 0.
    @Test func aFarMinimizerIsReached() throws {
        let f = FunctionObjective(
            dimension: 1, value: { ($0[0] - 1e12) * ($0[0] - 1e12) }, gradient: { [2 * ($0[0] - 1e12)] })
        let result = try minimize(
            f, from: [0], using: BFGS(lineSearch: MoreThuente()), options: Options(gradientTolerance: 1e-3))
        #expect(result.status == .convergedGradient, "\(result.status) \(result.detail ?? "")")
        #expect(abs(result.x[0] - 1e12) <= 1)
    }
}

