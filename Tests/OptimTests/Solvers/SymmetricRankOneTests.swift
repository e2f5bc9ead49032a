import Foundation
import Testing
@testable import Optim

/// SR1 in a trust region (N&W Alg. 6.2): the update's finite termination on quadratics
/// (N&W Thm. 6.1), the skipping rule (eq. 6.26), the radius rule, the run on a quadratic.
@Suite struct SymmetricRankOneTests {
    /// A model started on `objective` at x = 0 (B₀ = γI, or I before scipy's automatic γ).
    private static func model(_ objective: some Objective, initialScale: Double? = nil) -> SymmetricRankOne {
        var model = SymmetricRankOne(initialScale: initialScale)
        try! model.start(IterationState(x0: Array(repeating: 0, count: objective.dimension)), objective: objective)
        return model
    }

    /// N&W Thm. 6.1: with y = Qs for n linearly independent steps (here random, no line search)
    /// and no update skipped, Bₙ = Q and Hₙ = Bₙ⁻¹ = Q⁻¹, whatever B₀ was. Q⁻¹ by LAPACKE
    /// (dpotrf + dpotri, `spdInverse`), independently of the eigen-decomposition that gives Hₙ.
    @Test func recoversTheHessianAfterNIndependentSteps() throws {
        for (n, initialScale) in [(6, nil), (12, 3.0)] as [(Int, Double?)] {
            let q = try TestQuadratic.random(dimension: n, conditionNumber: 100, seed: 5)
            var model = Self.model(q, initialScale: initialScale)
            var rng = SeededGenerator(seed: 9)
            let s = Vector(count: n), y = Vector(count: n)
            for k in 0..<n {
                for i in 0..<n { s[i] = rng.normal() }
                q.multiplyHessian(s.readOnly, into: y.storage)
                model.update(step: s, gradientChange: y)
                if k < n - 1 {
                    #expect(
                        maxDifference(model.approximation.elements, q.q.elements) > 1e-6,
                        "B = Q already after \(k + 1) steps")
                }
            }
            #expect(model.skippedUpdates == 0)
            #expect(maxDifference(model.approximation.elements, q.q.elements) <= 1e-9 * 100, "Bₙ = Q, n = \(n)")
            let solver = TrustRegion(subproblem: model, radiusRule: .symmetricRankOne)
            let inverse = spdInverse(q.q)
            let h = try solver.materializedInverseHessian(dimension: n)
            #expect(
                maxDifference(h.elements, inverse.elements) <= 1e-9 * maxAbs(inverse.elements), "Hₙ = Q⁻¹, n = \(n)")
        }
    }

    /// The skipping rule |sᵀr| ≥ 10⁻⁸‖s‖‖r‖ with B = I, s = e₁, r = y − s: y = e₁ + e₂ gives
    /// r = e₂ ⟂ s (skipped, B unchanged); y = e₁ + e₂ + 10⁻⁹e₁ gives |sᵀr|/‖s‖‖r‖ ≈ 10⁻⁹ (skipped);
    /// 10⁻⁷ instead passes, and B + rrᵀ/rᵀs satisfies the secant equation Bs = y.
    @Test func skippingRuleFires() {
        let objective = DiagonalQuadratic(curvatures: [1, 1, 1], center: [0, 0, 0])
        var model = Self.model(objective, initialScale: 1)
        let s = Vector([1, 0, 0])
        model.update(step: s, gradientChange: Vector([1, 1, 0]))
        #expect(model.skippedUpdates == 1 && model.approximation == Matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
        model.update(step: s, gradientChange: Vector([1 + 1e-9, 1, 0]))
        #expect(model.skippedUpdates == 2 && model.approximation == Matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
        model.update(step: s, gradientChange: Vector([1 + 1e-7, 1, 0]))
        #expect(model.skippedUpdates == 2)
        let b = model.approximation
        let rs = (1 + 1e-7) - 1   // rᵀs as rounded
        #expect(abs(b[0, 0] - (1 + 1e-7)) <= 1e-15 && abs(b[1, 0] - 1) <= 1e-15, "Bs = y")
        #expect(abs(b[1, 1] - (1 + 1 / rs)) <= 1e-15 / rs && b[2, 2] == 1 && b[2, 0] == 0)
        // A non-finite y (the trial overflowed) is skipped too; r = 0 (Bs = y already) is no update.
        model.update(step: s, gradientChange: Vector([.infinity, 0, 0]))
        #expect(model.skippedUpdates == 3 && model.approximation == b)
        model.update(step: s, gradientChange: Vector([b[0, 0], b[1, 0], b[2, 0]]))
        #expect(model.skippedUpdates == 3 && model.approximation == b)
    }

    /// yᵀs < 0 makes B indefinite: B = I, s = e₁, y = −e₁ give r = −2e₁, rᵀs = −2 and
    /// B = I − 2e₁e₁ᵀ = diag(−1, 1); H = B⁻¹ = diag(−1, 1) too.
    @Test func negativeCurvatureMakesBIndefinite() throws {
        var model = Self.model(DiagonalQuadratic(curvatures: [1, 1], center: [0, 0]), initialScale: 1)
        model.update(step: Vector([1, 0]), gradientChange: Vector([-1, 0]))
        #expect(model.approximation == Matrix([[-1, 0], [0, 1]]))
        let h = try TrustRegion(subproblem: model).materializedInverseHessian(dimension: 2)
        #expect(maxDifference(h.elements, [-1, 0, 0, 1]) <= 1e-15)
    }

    /// scipy's automatic B₀: before the first update B = γI, γ = yᵀy/|yᵀs| (here 25/5 = 5 along
    /// s = e₁ with y = 5e₁: then r = 0 and B = 5I exactly).
    @Test func automaticInitialScale() {
        var model = Self.model(DiagonalQuadratic(curvatures: [5, 5], center: [0, 0]))
        #expect(model.approximation == Matrix([[1, 0], [0, 1]]))
        model.update(step: Vector([1, 0]), gradientChange: Vector([5, 0]))
        #expect(model.approximation == Matrix([[5, 0], [0, 5]]) && model.skippedUpdates == 0)
    }

    /// N&W Alg. 6.2's radius: ρ > ¾ doubles Δ only when ‖s‖ > 0.8Δ; 0.1 ≤ ρ ≤ ¾ keeps it;
    /// ρ < 0.1 halves it.
    @Test func radiusRuleByHand() {
        let update = TrustRegion<SymmetricRankOne>.symmetricRankOneRadius
        #expect(update(1, 0.9, 1, 1000) == 2)
        #expect(update(1, 0.9, 0.81, 1000) == 2)
        #expect(update(1, 0.9, 0.8, 1000) == 1)
        #expect(update(800, 0.9, 800, 1000) == 1000)
        #expect(update(1, 0.75, 1, 1000) == 1)
        #expect(update(1, 0.1, 1, 1000) == 1)
        #expect(update(1, 0.099, 0.01, 1000) == 0.5)
        #expect(update(1, -.infinity, 1, 1000) == 0.5)
    }

    /// The whole method on a quadratic: f and ∇f only (no Hessian evaluated), x* = Q⁻¹b (LAPACKE)
    /// reached within n + 2 trials with the exact subproblem (finite termination without a line
    /// search: n updates make B = Q, then the Newton step, here one radius-limited step more), and
    /// the final B equal to Q; every trial counted as one f and ∇f evaluation. With Steihaug's CG on
    /// B the steps are inexact (its forcing tolerance), so a few more trials, and B = Q all the same.
    @Test(arguments: [(SymmetricRankOne.Method.exact, 2), (.steihaug, 4)])
    func solvesAQuadraticInFinitelyManySteps(_ method: SymmetricRankOne.Method, extraTrials: Int) throws {
        let n = 8
        let q = try TestQuadratic.random(dimension: n, conditionNumber: 50, seed: 3)
        var solver = TrustRegion(
            subproblem: SymmetricRankOne(method: method), initialRadius: 1, maxRadius: 1000, acceptance: 1e-4,
            radiusRule: .symmetricRankOne)
        let result = try minimize(
            q, from: Array(repeating: 0, count: n), using: &solver, options: Options(gradientTolerance: 1e-10))
        #expect(result.status == .convergedGradient)
        #expect(result.valueEvaluations <= 1 + n + extraTrials, "\(method): \(result.valueEvaluations) evaluations")
        #expect(distance(result.x, q.minimizer) <= 1e-9 * norm(q.minimizer))
        #expect(result.hessianEvaluations == 0 && result.hessianVectorProducts == 0)
        #expect(result.valueEvaluations == 1 + result.iterations + solver.rejectedSteps)
        #expect(
            maxDifference(solver.subproblem.approximation.elements, q.q.elements) <= 1e-6 * maxAbs(q.q.elements),
            "\(method): B = Q")
    }

    /// The memory estimate refuses what cannot be allocated, before anything is.
    @Test func refusesTooLargeDimensions() {
        #expect(
            SymmetricRankOne().unsupportedReason(
                for: DiagonalQuadratic(
                    curvatures: Array(repeating: 1, count: 5001), center: Array(repeating: 0, count: 5001)))
                == .dimensionAboveLimit(dimension: 5001, limit: 5000))
        #expect(
            SymmetricRankOne().unsupportedReason(for: DiagonalQuadratic(curvatures: [1, 2], center: [0, 0])) == nil)
        #expect(
            SymmetricRankOne(method: .steihaug).unsupportedReason(
                for: DiagonalQuadratic(curvatures: [1, 2], center: [0, 0])) == nil)
        #expect(throws: InvalidParameter.self) {
            try TrustRegion(subproblem: SymmetricRankOne(initialScale: 0)).validate()
        }
    }
}

private func maxDifference(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { abs($0 - $1) }.max() ?? 0 }
private func maxAbs(_ a: [Double]) -> Double { a.map(abs).max() ?? 0 }
