import Foundation
import Optim
import Problems
import Testing

@testable import Bench

/// `sqp` end to end through the catalog: closed-form KKT points (inequality only, equality only, a
/// degenerate one where LICQ fails), the Hock–Schittkowski set at the published optima with the KKT
/// conditions recomputed here, scipy's SLSQP minimizers, bounds alone against `lbfgsb`, and an
/// infeasible problem.
@Suite struct SQPTests {
    static func run(_ problem: TestProblem, _ solver: String = "sqp", _ assignments: [Assignment] = [])
        throws -> OptimizationResult
    {
        let prepared = try PreparedRun(RunRequest(solver: solver, assignments: assignments, traceEvery: 1),
                                       problem: problem)
        return try prepared.execute().result
    }

    /// ‖P(x − (∇f + Jᵀλ)) − x‖∞ and the measures at (x, λ), from the problem's own f and c (not the
    /// solver's numbers).
    static func kkt(_ problem: TestProblem, _ r: OptimizationResult) throws -> (Double, ConstraintMeasures) {
        let constraints = try #require(problem.constraints), λ = try #require(r.constraints).multipliers
        let n = r.x.count, m = constraints.count
        var g = problem.objective.evaluate(at: r.x).gradient
        var c = [Double](repeating: 0, count: m), jacobian = [Double](repeating: 0, count: m * n)
        r.x.withUnsafeBufferPointer { x in
            c.withUnsafeMutableBufferPointer { constraints.values(at: x, into: $0) }
            jacobian.withUnsafeMutableBufferPointer { constraints.jacobian(at: x, into: $0) }
        }
        for i in 0..<m { for j in 0..<n { g[j] += λ[i] * jacobian[i * n + j] } }
        let stationarity = r.x.withUnsafeBufferPointer { x in
            g.withUnsafeBufferPointer { g in
                problem.bounds.map { $0.projectedGradientNorm(x: x, gradient: g) } ?? g.map(abs).max() ?? 0
            }
        }
        return (stationarity, constraints.measures(values: c, multipliers: λ))
    }

    /// Inequality only: min (x−1)² + (y−2)² on x² + y² ≤ 1: x* = (1, 2)/√5, λ = √5 − 1 ≥ 0 (upper side).
    /// Exact counts: one c with every f, one J per iterate.
    @Test func circleAgainstClosedForm() throws {
        let problem = try FormulaProblem.expression("(x-1)^2+(y-2)^2", constraints: ["x^2+y^2 <= 1"])
        let r = try Self.run(problem), c = try #require(r.constraints)
        let s5 = 5.0.squareRoot()
        #expect(r.status == .convergedKKT)
        #expect(abs(r.x[0] - 1 / s5) < 1e-7 && abs(r.x[1] - 2 / s5) < 1e-7)
        #expect(abs(c.multipliers[0] - (s5 - 1)) < 1e-6)
        #expect(c.evaluations == r.valueEvaluations && c.jacobianEvaluations == r.iterations + 1)
        #expect(c.jacobianProducts == 0 && r.trace.allSatisfy { $0.violation != nil })
    }

    /// Equality only: min x² + y² on x + 2y = 5: x* = (1, 2), λ = −2 (∇f + λ∇c = (2, 4) + λ(1, 2) = 0).
    @Test func equalityAgainstClosedForm() throws {
        let problem = try FormulaProblem.expression("x^2+y^2", constraints: ["x + 2*y == 5"])
        let r = try Self.run(problem), c = try #require(r.constraints)
        #expect(r.status == .convergedKKT)
        #expect(abs(r.x[0] - 1) < 1e-8 && abs(r.x[1] - 2) < 1e-8 && abs(c.multipliers[0] + 2) < 1e-8)
    }

    /// LICQ fails at x* = (−1, −1): min x + y with x² + y² ≤ 2 written twice and x + y ≥ −2, all three
    /// active with gradients (−2, −2), (−2, −2), (1, 1). The multipliers are not unique; any with
    /// 1 − 2(λ₁ + λ₂) + λ₃ = 0, λ₁, λ₂ ≥ 0 ≥ λ₃ is a KKT point, and the run must return one.
    @Test func degenerateWithoutLICQ() throws {
        let problem = try FormulaProblem.expression(
            "x+y", constraints: ["x^2+y^2 <= 2", "x^2+y^2 <= 2", "x + y >= -2"])
        let r = try Self.run(problem), λ = try #require(r.constraints).multipliers
        #expect(r.status == .convergedKKT)
        #expect(abs(r.x[0] + 1) < 1e-6 && abs(r.x[1] + 1) < 1e-6)
        #expect(λ[0] >= 0 && λ[1] >= 0 && λ[2] <= 0 && abs(1 - 2 * (λ[0] + λ[1]) + λ[2]) < 1e-6)
        let (stationarity, measures) = try Self.kkt(problem, r)
        #expect(stationarity <= 1e-6 && measures.violation <= 1e-6 && measures.complementarity <= 1e-6)
    }

    /// Every HS problem with constraints reaches the published f* (1e-6 relative), at a KKT point
    /// recomputed here (stationarity, violation and complementarity ≤ 1e-6). HS 2 is bounds only.
    @Test(arguments: ["hs6", "hs7", "hs9", "hs10", "hs11", "hs12", "hs14", "hs15", "hs21", "hs28", "hs35", "hs39",
                      "hs40", "hs42", "hs43", "hs48", "hs65", "hs71", "hs76", "hs77", "hs100"])
    func hockSchittkowski(name: String) throws {
        let problem = try ProblemFile.load(path: AugmentedLagrangianTests.hsFile(name))
        let r = try Self.run(problem)
        let fStar = try #require(problem.minimum)
        #expect(r.status == .convergedKKT, "\(name): \(r.status) \(r.detail ?? "")")
        #expect(abs(r.value - fStar) <= 1e-6 * max(1, abs(fStar)), "\(name): f = \(r.value), f* = \(fStar)")
        let (stationarity, measures) = try Self.kkt(problem, r)
        #expect(stationarity <= 1e-6 && measures.violation <= 1e-6 && measures.complementarity <= 1e-6,
                "\(name): \(stationarity) \(measures)")
    }

    /// scipy 1.17.1's SLSQP minimizers (scripts/compare/sqp-vs-slsqp.py --swift; the book's problems
    /// in NumPy, central differences, ftol = 1e-12), reached to 1e-6. Iterations, SLSQP vs sqp
    /// (results/sqp-vs-slsqp.md): HS 14 7/5, HS 35 6/6, HS 40 8/6, HS 42 8/7, HS 43 15/10, HS 65 9/7,
    /// HS 71 17/5, HS 76 7/6, HS 77 17/15.
    static let slsqp: [String: [Double]] = [
        "hs14": [0x1.a54ff53a6063bp-1, 0x1.d2a7fa9d3031ep-1],
        "hs35": [0x1.555555554bc6bp+0, 0x1.8e38e38e2e08ep-1, 0x1.c71c71c73a69bp-2],
        "hs40": [0x1.965fea53ce16dp-1, 0x1.6a09e667ff7fap-1, 0x1.0f38f92d903eap-1, 0x1.ae89f995b4391p-1],
        "hs42": [0x1.0000000000000p+1, 0x1.00000002622fap+1, 0x1.b27247efe789ep-1, 0x1.21a18507f9effp+0],
        "hs43": [-0x1.1304dde2c8600p-31, 0x1.00000001b35cbp+0, 0x1.00000000865b7p+1, -0x1.fffffffccd417p-1],
        "hs65": [0x1.d342546ed0a6dp+1, 0x1.d342546dddfeep+1, 0x1.27b4ebd5a6e3bp+2],
        "hs71": [0x1.0000000000000p+0, 0x1.2f8d4e5f654dep+2, 0x1.e91b7144d88f0p+1, 0x1.6120e6e713d2ep+0],
        "hs76": [0x1.1745d77cb9bf6p-2, 0x1.0ba2e81b6c4dcp+1, 0x0.0p+0, 0x1.1745d36640b1ep-1],
        "hs77": [
            0x1.2a8a42b7a00efp+0, 0x1.2e9eda1be3134p+0, 0x1.6158868cd3590p+0, 0x1.818b97dcc4635p+0,
            0x1.38ca881ebb4bep-1,
        ],
    ]

    @Test(arguments: ["hs14", "hs35", "hs40", "hs42", "hs43", "hs65", "hs71", "hs76", "hs77"])
    func agreesWithSLSQP(name: String) throws {
        let problem = try ProblemFile.load(path: AugmentedLagrangianTests.hsFile(name))
        let r = try Self.run(problem), x = try #require(Self.slsqp[name])
        #expect(zip(r.x, x).allSatisfy { abs($0 - $1) <= 1e-6 }, "\(name): \(r.x)")
    }

    /// Bounds alone: lbfgsb's minimizer (HS 2 included: both end at its other local minimizer).
    @Test(arguments: ["hs1", "hs2", "hs3", "hs4", "hs5"])
    func boundsOnlyAgreesWithLBFGSB(name: String) throws {
        let problem = try ProblemFile.load(path: AugmentedLagrangianTests.hsFile(name))
        let sqp = try Self.run(problem), lbfgsb = try Self.run(problem, "lbfgsb")
        #expect(sqp.status == .convergedKKT && lbfgsb.status.isConverged)
        #expect(abs(sqp.value - lbfgsb.value) <= 1e-8 * max(1, abs(lbfgsb.value)))
        #expect(zip(sqp.x, lbfgsb.x).allSatisfy { abs($0 - $1) <= 1e-5 })
    }

    /// x² + y² ≤ 1 and x + y ≥ 3 conflict: the relaxed QP gives no step, the restoration phase ends
    /// at the stationary point of ½‖v‖² on x = y = t, 8t³ − 6 = 0 (AugmentedLagrangianTests.infeasible).
    @Test func infeasible() throws {
        let problem = try FormulaProblem.expression("x^2+y^2", constraints: ["x^2+y^2 <= 1", "x + y >= 3"])
        let r = try Self.run(problem)
        #expect(r.status == .infeasible, "\(r.status) \(r.detail ?? "")")
        let t = Foundation.pow(3.0 / 4, 1.0 / 3)
        #expect(abs(r.x[0] - t) < 1e-6 && abs(r.x[1] - t) < 1e-6)
        #expect((r.constraints?.violation ?? 0) > 1)
    }

    /// What evaluations cost (Kraft 1988's SLSQP: f and c at trial points, ∇f and J at accepted ones) on
    /// HS 48, whose first QP step fails the Armijo test (α = 1 rejected, from x₀ = (3, 5, −3, 2, −2)):
    /// with ∇f by central differences of f (2n = 10 f evaluations each), a trial costs one f and one c
    /// and the accepted point 10 f for ∇f and one J. The accepted steps are counted here, from x moving
    /// between iterations (`inspect`), not from the run's counts; so ∇f and J are evaluated exactly at x₀
    /// and at each accepted point, f apart from differences exactly where c is (the trials and x₀), and
    /// the rejected trials (c evaluations without a J) cost no ∇f.
    @Test func rejectedTrialCostsFAndCOnly() throws {
        let problem = try ProblemFile.load(path: AugmentedLagrangianTests.hsFile("hs48"))
        let objective = FunctionObjective(dimension: 5) { x in
            (x[0] - 1) * (x[0] - 1) + (x[1] - x[2]) * (x[1] - x[2]) + (x[3] - x[4]) * (x[3] - x[4])
        }
        var solver = SQP(), accepted = 0, previous: [Double] = [3, 5, -3, 2, -2]
        let r = try minimize(objective, from: previous, constraints: problem.constraints, using: &solver) { state, _ in
            if state.x.array != previous { accepted += 1 }
            previous = state.x.array
        }
        let c = try #require(r.constraints)
        #expect(r.status == .convergedKKT && r.x.allSatisfy { abs($0 - 1) < 1e-6 }, "\(r.status) \(r.x)")
        #expect(r.gradientEvaluations == accepted + 1 && c.jacobianEvaluations == accepted + 1)
        #expect(r.differenceEvaluations == 10 * r.gradientEvaluations)
        #expect(r.valueEvaluations - r.differenceEvaluations == c.evaluations)
        #expect(c.evaluations - c.jacobianEvaluations >= 1, "no trial was rejected: \(c.evaluations) c")
    }

    /// With an analytic gradient f and ∇f come from one fused call at each trial point (asking for ∇f
    /// apart at the accepted point would evaluate f there again): on HS 48 f = ∇f = c evaluations, one J
    /// at x₀ and at each accepted point (the iterations whose f changed, from the trace).
    @Test func analyticGradientComesWithEachTrial() throws {
        let problem = try ProblemFile.load(path: AugmentedLagrangianTests.hsFile("hs48"))
        let r = try Self.run(problem), c = try #require(r.constraints)
        let accepted = zip(r.trace, r.trace.dropFirst()).filter { $0.value != $1.value }.count
        #expect(r.valueEvaluations == r.gradientEvaluations && r.valueEvaluations == c.evaluations)
        #expect(c.jacobianEvaluations == accepted + 1 && c.evaluations > c.jacobianEvaluations)
    }

    /// The KKT test with the multipliers of the QP solved at x (∇f, c and J there known) ends the run at x
    /// without a step: on HS 35 the last iteration moves nothing (its f is the previous one's and no J was
    /// evaluated for it: one J at x₀ and per moving iteration), and the KKT conditions recomputed here hold.
    @Test func stopsOnTheQPMultipliersWithoutAStep() throws {
        let problem = try ProblemFile.load(path: AugmentedLagrangianTests.hsFile("hs35"))
        let r = try Self.run(problem), c = try #require(r.constraints)
        let last = try #require(r.trace.last), before = r.trace[r.trace.count - 2]
        #expect(r.status == .convergedKKT && last.value == before.value)
        #expect(c.jacobianEvaluations == r.iterations)
        let (stationarity, measures) = try Self.kkt(problem, r)
        #expect(stationarity <= 1e-6 && measures.violation <= 1e-6 && measures.complementarity <= 1e-6)
    }

    /// Parameters out of range are refused, each with one line naming it.
    @Test(arguments: [("ctol", "0"), ("acc", "-1"), ("relaxation-weight", "0"), ("max-line-search", "0"),
                      ("stall-iterations", "0")])
    func badParameterRefused(key: String, value: String) throws {
        let problem = try FormulaProblem.expression("x^2+y^2", constraints: ["x + y >= 1"])
        do {
            _ = try Self.run(problem, "sqp", [Assignment(key, value)])
            Issue.record("\(key) = \(value) accepted")
        } catch {
            let message = "\(error)"
            #expect(message.contains(key) && !message.contains("\n"), "\(message)")
        }
    }
}
