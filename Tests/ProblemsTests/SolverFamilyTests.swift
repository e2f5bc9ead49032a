import CLapack
import Foundation
import Optim
import Problems
import Testing

/// Q⁻¹ by LAPACKE dpotrf + dpotri (lower triangle, row-major), both triangles filled: the
/// reference inverse the BFGS matrix is measured against.
func spdInverse(_ q: Matrix) -> Matrix {
    var a = q.elements
    let n = Int32(q.rows)
    precondition(LAPACKE_dpotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), n, &a, n) == 0)
    precondition(LAPACKE_dpotri(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), n, &a, n) == 0)
    var inverse = Matrix(rows: q.rows, columns: q.rows, elements: a)
    for i in 0..<q.rows { for j in (i + 1)..<max(i + 1, q.rows) { inverse[i, j] = inverse[j, i] } }
    return inverse
}

func distance(_ a: [Double], _ b: [Double]) -> Double { norm(zip(a, b).map { $0 - $1 }) }

/// The iterates x₁ … x_k of a run, collected by re-running with maxIterations = 1 … k
/// (runs are deterministic; the callback does not see x).
func iterates<S: Solver>(_ q: Quadratic, _ solver: S, count: Int) throws -> [[Double]] {
    try (1...count).map { k in
        try minimize(q, from: Array(repeating: 0, count: q.dimension), using: solver,
                     options: Options(gradientTolerance: 0, maxIterations: k)).x
    }
}

@Suite struct LinearCGTests {
    /// In exact arithmetic CG ends in n = 50 iterations. In floating point, on a log-spaced
    /// spectrum with κ = 10³ the loss of orthogonality delays that: OptBench needs 108
    /// iterations here, and a textbook numpy CG 103 on the same kind of matrix
    /// (scripts/cg-finite-precision.py). Bound: 3n.
    @Test(arguments: [false, true])
    func solvesAnSPDSystemToTenDigits(_ jacobi: Bool) throws {
        let q = try Quadratic.random(dimension: 50, conditionNumber: 1e3, seed: 4)
        let b = q.linearTerm
        let result = try minimize(q, from: Array(repeating: 0, count: 50), using: LinearCG(jacobi: jacobi),
                                  options: Options(gradientTolerance: 1e-11 * norm(b), maxIterations: 150))
        // The true residual b − Qx, recomputed here, not the solver's recursive one.
        let qx = q.evaluate(at: result.x).gradient.enumerated().map { $0.element + b[$0.offset] }
        let residual = norm(zip(b, qx).map { $0 - $1 })
        #expect(result.status == .convergedGradient && result.iterations <= 150)
        #expect(residual <= 1e-10 * norm(b), "residual \(residual)")
        #expect(result.valueEvaluations == 1 && result.hessianEvaluations == result.iterations)
        // f is updated by recursion; it must agree with f at the returned point.
        #expect(abs(result.value - q.value(at: result.x)) <= 1e-12 * abs(result.value))
    }

    @Test(arguments: [2, 3, 5])
    func terminatesInAsManyIterationsAsDistinctEigenvalues(_ k: Int) throws {
        // Q = V diag(λ) Vᵀ with λ taking k distinct values on n = 40.
        let n = 40
        let basis = try Quadratic.random(dimension: n, conditionNumber: 10, seed: 9)
        var rng = SeededGenerator(seed: 17)
        var gaussian = Matrix(rows: n, columns: n)
        for i in 0..<(n * n) { gaussian.elements[i] = rng.normal() }
        let v = try gaussian.orthogonalFactor()
        let values = (0..<n).map { Double(1 + 3 * ($0 % k)) }
        var scaled = v
        for i in 0..<n { for j in 0..<n { scaled[i, j] *= values[j] } }
        var hessian = scaled * v.transposed
        for i in 0..<n { for j in 0..<i { let a = 0.5 * (hessian[i, j] + hessian[j, i]); hessian[i, j] = a; hessian[j, i] = a } }
        let q = try Quadratic(hessian: hessian, linearTerm: basis.linearTerm)
        let b = q.linearTerm
        let result = try minimize(q, from: Array(repeating: 0, count: n), using: LinearCG(),
                                  options: Options(gradientTolerance: 0, maxIterations: k))
        let residual = norm(q.evaluate(at: result.x).gradient)
        #expect(residual <= 1e-10 * norm(b), "k = \(k): residual after k iterations \(residual)")
        // One iteration fewer is not enough.
        let early = try minimize(q, from: Array(repeating: 0, count: n), using: LinearCG(),
                                 options: Options(gradientTolerance: 0, maxIterations: k - 1))
        #expect(norm(q.evaluate(at: early.x).gradient) > 1e-3 * norm(b))
    }

    @Test func jacobiHelpsABadlyScaledSystem() throws {
        // D A D with A well conditioned and D spanning three orders of magnitude.
        let a = try Quadratic.random(dimension: 60, conditionNumber: 10, seed: 2)
        let d = (0..<60).map { pow(10, 3 * Double($0) / 59) }
        var hessian = a.hessian
        for i in 0..<60 { for j in 0..<60 { hessian[i, j] *= d[i] * d[j] } }
        let q = try Quadratic(hessian: hessian, linearTerm: a.linearTerm)
        let options = Options(gradientTolerance: 1e-8, maxIterations: 2000)
        let plain = try minimize(q, from: Array(repeating: 0, count: 60), using: LinearCG(), options: options)
        let jacobi = try minimize(q, from: Array(repeating: 0, count: 60), using: LinearCG(jacobi: true), options: options)
        #expect(jacobi.status == .convergedGradient)
        #expect(jacobi.iterations * 3 < plain.iterations, "Jacobi \(jacobi.iterations) vs plain \(plain.iterations)")
    }
}

@Suite struct QuadraticTerminationTests {
    @Test(arguments: BetaRule.allCases)
    func nonlinearCGWithExactStepsReproducesLinearCG(_ beta: BetaRule) throws {
        // Both are CG in floating point: they agree to ~1e-15 for ten iterations, after which
        // their rounding differences grow about tenfold per iteration (measured: 6e-12 at 12,
        // 2e-9 at 14 for hz). Compared over the first 12 iterates.
        let q = try Quadratic.random(dimension: 20, conditionNumber: 100, seed: 5)
        let count = 12
        let linear = try iterates(q, LinearCG(), count: count)
        let nonlinear = try iterates(q, NonlinearCG(beta: beta, lineSearch: ExactQuadratic()), count: count)
        let scale = max(1, norm(q.minimizer))
        for k in 0..<count {
            #expect(distance(linear[k], nonlinear[k]) <= 1e-10 * scale, "β = \(beta.rawValue), iteration \(k + 1)")
        }
    }

    @Test func bfgsWithExactStepsTerminatesAndRecoversTheInverseHessian() throws {
        let n = 12
        let q = try Quadratic.random(dimension: n, conditionNumber: 50, seed: 8)
        var bfgs = BFGS(lineSearch: ExactQuadratic())
        let g0 = norm(q.evaluate(at: Array(repeating: 0, count: n)).gradient)
        let result = try minimize(q, from: Array(repeating: 0, count: n), using: &bfgs,
                                  options: Options(gradientTolerance: 0, maxIterations: n))
        #expect(norm(q.evaluate(at: result.x).gradient) <= 1e-10 * g0)
        #expect(distance(result.x, q.minimizer) <= 1e-10 * norm(q.minimizer))
        let reference = spdInverse(q.hessian)
        let difference = Matrix(rows: n, columns: n, elements: zip(bfgs.inverseHessian.elements, reference.elements).map { $0 - $1 })
        #expect(frobenius(difference) <= 1e-8 * frobenius(reference), "relative error \(frobenius(difference) / frobenius(reference))")
        #expect(bfgs.skippedUpdates == 0)
    }

    @Test func lbfgsWithMemoryNReproducesBFGS() throws {
        // Same H₀ (γ from the first pair, N&W 6.20) and m ≥ n: the two-loop recursion applies
        // exactly the BFGS matrix.
        let q = try Quadratic.random(dimension: 10, conditionNumber: 100, seed: 6)
        let bfgs = try iterates(q, BFGS(lineSearch: ExactQuadratic()), count: 10)
        let lbfgs = try iterates(q, LBFGS(memory: 10, lineSearch: ExactQuadratic(), scaling: .firstPair), count: 10)
        for k in 0..<10 {
            #expect(distance(bfgs[k], lbfgs[k]) <= 1e-10 * norm(q.minimizer), "iteration \(k + 1)")
        }
        // And with an inexact line search on a non-quadratic, over the first iterations.
        let f = Rosenbrock(dimension: 4)
        for k in 1...12 {
            let options = Options(gradientTolerance: 0, maxIterations: k)
            let a = try minimize(f, from: f.standardStart, using: BFGS(lineSearch: MoreThuente()), options: options)
            let b = try minimize(f, from: f.standardStart, using: LBFGS(memory: 20, lineSearch: MoreThuente(), scaling: .firstPair), options: options)
            #expect(distance(a.x, b.x) <= 1e-9, "Rosenbrock iteration \(k)")
            #expect(a.valueEvaluations == b.valueEvaluations)
        }
    }

    @Test func newtonSolvesAnSPDQuadraticInOneIteration() throws {
        for (n, cond) in [(5, 10.0), (40, 1e4), (200, 1e6)] {
            let q = try Quadratic.random(dimension: n, conditionNumber: cond, seed: 3)
            let result = try minimize(q, from: Array(repeating: 0, count: n), using: Newton(lineSearch: MoreThuente()),
                                      options: Options(gradientTolerance: 1e-9))
            #expect(result.iterations == 1, "n = \(n), cond = \(cond)")
            #expect(distance(result.x, q.minimizer) <= 1e-14 * cond * norm(q.minimizer))
            #expect(result.hessianEvaluations == 1)
        }
    }

    @Test func newtonShiftsAnIndefiniteHessian() throws {
        // At (0, 1) Rosenbrock's Hessian is diag(−398, 200): indefinite.
        var newton = Newton(lineSearch: MoreThuente())
        let f = Rosenbrock(dimension: 2)
        let result = try minimize(f, from: [0, 1], using: &newton, options: Options(maxIterations: 1))
        #expect(newton.lastShift > 398)
        #expect(result.value < f.value(at: [0, 1]))
        let full = try minimize(f, from: [0, 1], using: Newton(lineSearch: MoreThuente()))
        #expect(full.status == .convergedGradient && distance(full.x, [1, 1]) <= 1e-6)
    }
}

/// Linear rates on a quadratic with eigenvalues log-spaced in [μ, L] = [1, 100], measured over
/// 50 iterations from x₀ = 0.
@Suite struct FirstOrderRateTests {
    let q = try! Quadratic.random(dimension: 30, conditionNumber: 100, seed: 12)
    let mu = 1.0, L = 100.0
    var kappa: Double { L / mu }
    var x0: [Double] { Array(repeating: 0, count: 30) }

    @Test func gradientDescentContractsAtItsRate() throws {
        // η = 2/(L + μ): ‖eₖ‖ ≤ ((κ − 1)/(κ + 1))ᵏ ‖e₀‖ exactly for quadratics.
        let rate = (kappa - 1) / (kappa + 1)
        let result = try minimize(q, from: x0, using: GradientDescent(lineSearch: FixedStep(learningRate: 2 / (L + mu))),
                                  options: Options(gradientTolerance: 0, maxIterations: 50))
        let ratio = distance(result.x, q.minimizer) / distance(x0, q.minimizer)
        #expect(ratio <= pow(rate, 50) * (1 + 1e-9), "ratio \(ratio) vs bound \(pow(rate, 50))")
    }

    @Test func heavyBallContractsAtItsOptimalRate() throws {
        // η = 4/(√L + √μ)², γ = ρ², ρ = (√κ − 1)/(√κ + 1): every mode contracts like ρᵏ, with a
        // factor (k + 1) for the double eigenvalues at μ and L. Stated slack: 2(k + 1)ρᵏ.
        let rho = (kappa.squareRoot() - 1) / (kappa.squareRoot() + 1)
        let eta = 4 / pow(L.squareRoot() + mu.squareRoot(), 2)
        let result = try minimize(q, from: x0, using: Momentum(learningRate: eta, momentum: rho * rho),
                                  options: Options(gradientTolerance: 0, maxIterations: 50))
        let ratio = distance(result.x, q.minimizer) / distance(x0, q.minimizer)
        #expect(ratio <= 2 * 51 * pow(rho, 50), "ratio \(ratio) vs bound \(2 * 51 * pow(rho, 50))")
        // And it beats gradient descent's bound by orders of magnitude.
        #expect(ratio < 1e-3 * pow((kappa - 1) / (kappa + 1), 50))
    }

    @Test func nesterovContractsAtItsRate() throws {
        // η = 1/L, γ = (√κ − 1)/(√κ + 1): f − f* ≤ (1 − 1/√κ)ᵏ (f(x₀) − f* + μ/2‖x₀ − x*‖²)
        // (Nesterov 2004, Theorem 2.2.3). Measured at the look-ahead iterate; stated slack 2.
        let gamma = (kappa.squareRoot() - 1) / (kappa.squareRoot() + 1)
        let result = try minimize(q, from: x0, using: Momentum(.nesterov, learningRate: 1 / L, momentum: gamma),
                                  options: Options(gradientTolerance: 0, maxIterations: 50))
        let initialGap = q.value(at: x0) - q.minimum + mu / 2 * pow(distance(x0, q.minimizer), 2)
        let gap = result.value - q.minimum
        let bound = pow(1 - 1 / kappa.squareRoot(), 50) * initialGap
        #expect(gap <= 2 * bound, "gap \(gap) vs bound \(bound)")
    }
}

func frobenius(_ m: Matrix) -> Double { m.elements.reduce(0) { $0 + $1 * $1 }.squareRoot() }

/// Every solver with every line search that suits it converges on Rosenbrock n = 2 and 100.
/// Budgets (iterations) are about twice what was measured in a release build: quasi-Newton
/// and Newton ≤ 611, CG (c2 = 0.1) ≤ 1443, gradient descent with a line search ≤ 28284,
/// fixed-step GD (η = 10⁻³) 42526, momentum and NAG (η = 5·10⁻⁴, γ = 0.9) 8291. CG is not
/// paired with backtracking: without a curvature condition it degenerates into restarted
/// steepest descent (83554 iterations at n = 100).
@Suite struct RosenbrockMatrixTests {
    static func search(_ name: String, c2: Double) -> any LineSearch {
        switch name {
        case "more-thuente": MoreThuente(c2: c2)
        case "strong-wolfe": StrongWolfe(c2: c2)
        case "hager-zhang": HagerZhang(sigma: c2)
        default: Backtracking()
        }
    }

    /// The solver `kind` around a concrete line search (the existential is opened here).
    static func solver<S: LineSearch>(_ kind: String, _ search: S) -> any Solver {
        switch kind {
        case "lbfgs": LBFGS(lineSearch: search)
        case "bfgs": BFGS(lineSearch: search)
        case "newton": Newton(lineSearch: search)
        case "cg": NonlinearCG(lineSearch: search)
        default: GradientDescent(lineSearch: search)
        }
    }

    static func configurations() -> [(name: String, budget: Int, make: () -> any Solver)] {
        var all: [(String, Int, () -> any Solver)] = []
        for name in ["more-thuente", "strong-wolfe", "hager-zhang", "backtracking"] {
            for (kind, budget) in [("lbfgs", 1500), ("bfgs", 1500), ("newton", 1500), ("gd", 60_000)] {
                all.append(("\(kind) + \(name)", budget, { solver(kind, search(name, c2: 0.9)) }))
            }
        }
        for name in ["more-thuente", "strong-wolfe", "hager-zhang"] {
            all.append(("cg + \(name)", 3000, { solver("cg", search(name, c2: 0.1)) }))
        }
        all.append(("gd + fixed step", 90_000, { GradientDescent(lineSearch: FixedStep(learningRate: 1e-3)) }))
        all.append(("momentum", 20_000, { Momentum(learningRate: 5e-4, momentum: 0.9) }))
        all.append(("nag", 20_000, { Momentum(.nesterov, learningRate: 5e-4, momentum: 0.9) }))
        return all
    }

    @Test(arguments: 0..<22, [2, 100])
    func converges(_ index: Int, _ n: Int) throws {
        let configurations = Self.configurations()
        try #require(configurations.count == 22)
        let (name, budget, make) = configurations[index]
        let f = Rosenbrock(dimension: n)
        let result = try minimize(f, from: f.standardStart, using: make(), options: Options(maxIterations: budget))
        #expect(result.status == .convergedGradient, "\(name), n = \(n): \(result.status) after \(result.iterations)")
        if name.hasPrefix("newton") && n == 100 {
            // Newton's method goes to the other local minimizer of chained Rosenbrock, near
            // (−1, 1, …, 1), where f ≈ 3.98 — still a point with ∇f = 0.
            #expect(abs(result.value - 3.98662385) < 1e-6 && result.x[0] < -0.9)
        } else {
            #expect(result.x.map { abs($0 - 1) }.max()! <= 1e-4, "\(name), n = \(n)")
        }
    }
}
