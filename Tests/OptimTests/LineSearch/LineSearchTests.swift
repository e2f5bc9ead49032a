import Testing
@testable import Optim

/// Accepted step and evaluation count of MINPACK-2 dcsrch (scipy's port, run by
/// scripts/reference/reference-more-thuente.py with xtol = 1e-14) on the paper's six functions; they
/// agree with Tables I–VI of Moré & Thuente (1994) to the digits printed there.
private let minpackReference: [(String, Double, Double, Int)] = [
    ("f1", 0.001, 1.365, 6), ("f1", 0.1, 1.4413720790892741, 3), ("f1", 10.0, 10.0, 1),
    ("f1", 1000.0, 36.88760696396662, 4),
    ("f2", 0.001, 1.596000000186075, 12), ("f2", 0.1, 1.5960000000049348, 8), ("f2", 10.0, 1.5959999997572036, 8),
    ("f2", 1000.0, 1.595999998872531, 11),
    ("f3", 0.001, 0.9999996797968318, 12), ("f3", 0.1, 0.9999988033548208, 12), ("f3", 10.0, 0.9999999876178056, 10),
    ("f3", 1000.0, 0.9999999017146377, 13),
    ("f4", 0.001, 0.085, 4), ("f4", 0.1, 0.1, 1), ("f4", 10.0, 0.3491046164172457, 3),
    ("f4", 1000.0, 0.8294012431694555, 4),
    ("f5", 0.001, 0.07501087060006814, 6), ("f5", 0.1, 0.07751042197802409, 3), ("f5", 10.0, 0.07314201106894994, 7),
    ("f5", 1000.0, 0.07615927320141007, 8),
    ("f6", 0.001, 0.9279032286386139, 13), ("f6", 0.1, 0.9261500138380064, 11), ("f6", 10.0, 0.924781673432206, 8),
    ("f6", 1000.0, 0.9243979067536415, 11),
]

@Suite struct MoreThuenteTests {
    @Test(arguments: 0..<24)
    func reproducesMinpackAndSatisfiesStrongWolfe(_ index: Int) throws {
        let (name, alpha0, expectedStep, expectedEvaluations) = minpackReference[index]
        let phi = MoreThuenteFunctions.named(name)
        let search = MoreThuente(c1: phi.c1, c2: phi.c2, maxEvaluations: 100)
        let (result, evaluations) = phi.run(search, initialStep: alpha0)
        let step = try result.get()
        #expect(
            abs(step.stepLength - expectedStep) <= 1e-9 * expectedStep, "\(name) from \(alpha0): α = \(step.stepLength)"
        )
        #expect(evaluations == expectedEvaluations, "\(name) from \(alpha0)")
        #expect(step.evaluations == evaluations)
        // The strong Wolfe conditions themselves.
        let (f0, g0) = phi.phi(0)
        let (f, g) = phi.phi(step.stepLength)
        #expect(f <= f0 + phi.c1 * step.stepLength * g0)
        #expect(abs(g) <= phi.c2 * abs(g0))
        #expect(step.value == f && step.slope == g)
    }

    /// φ(α) = 1 + 1e-20·(α² − 2α): its decrease is far below f's rounding, and every value
    /// computes to 1 + ε_mach (rounding against the search), while φ'(α) = 2e-20·(α − 1) is
    /// exact. No step passes dcsrch's test on f; the approximate Wolfe path accepts α with
    /// φ'(α) ≤ (2c1 − 1)φ'(0) and |φ'(α)| ≤ c2|φ'(0)|, here α ∈ [0.1, 1.9].
    @Test(arguments: [1e-3, 1, 10])
    func acceptsApproximateWolfeWhereRoundingHidesTheDecrease(_ alpha0: Double) throws {
        let phi = LineFunction(
            name: "flat", phi: { a in (a == 0 ? 1 : (1.0).nextUp, 2e-20 * (a - 1)) }, c1: 1e-4, c2: 0.9)
        let (exact, _) = phi.run(MoreThuente(approximateWolfe: 0), initialStep: alpha0)
        #expect(throws: LineSearchFailure.self) { try exact.get() }

        let (result, evaluations) = phi.run(MoreThuente(), initialStep: alpha0)
        let step = try result.get()
        #expect(step.stepLength >= 0.1 && step.stepLength <= 1.9, "α = \(step.stepLength)")
        #expect(step.value == (1.0).nextUp, "the measured φ(α), not the model's")
        #expect(step.slope == 2e-20 * (step.stepLength - 1))
        #expect(step.evaluations == evaluations && evaluations <= 6)
    }

    @Test func rejectsAscentDirection() {
        let phi = LineFunction(name: "up", phi: { a in (a, 1) }, c1: 1e-4, c2: 0.9)
        let (result, evaluations) = phi.run(MoreThuente(), initialStep: 1)
        #expect(throws: LineSearchFailure.notDescentDirection(slope: 1)) { try result.get() }
        #expect(evaluations == 0)
    }

    @Test func honoursItsEvaluationBound() {
        // Strictly decreasing, unbounded below: without extra extrapolations the search
        // extrapolates until the budget ends.
        let phi = LineFunction(name: "linear", phi: { a in (-a, -1) }, c1: 1e-4, c2: 0.9)
        var strict = MoreThuente(maxEvaluations: 7)
        strict.maxExtrapolations = 0
        let (result, evaluations) = phi.run(strict, initialStep: 1)
        #expect(throws: LineSearchFailure.evaluationLimit(evaluations: 7)) { try result.get() }
        #expect(evaluations == 7)
        // With them (40 by default) it follows φ down while every trial is lower, but no further
        // than 7 + 40 evaluations when α_max (here 1e300·α₀) is out of reach.
        let far = MoreThuente(maxStep: 1e300, maxEvaluations: 7)
        let (bounded, total) = phi.run(far, initialStep: 1)
        #expect(throws: LineSearchFailure.evaluationLimit(evaluations: 47)) { try bounded.get() }
        #expect(total == 47)
    }

    @Test func followsAnUnboundedLineToItsLargestStep() {
        // φ(α) = −α from α₀ = 2: dcsrch's extrapolation α ← α + 4(α − α_best) gives the trials
        // α_k = 2(4^k − 1)/3; α_35 = 7.8e20 is the first beyond α_max = 1e20·α₀ = 2e20, which is
        // tried instead (trial 35) and ends the search: unbounded below, at α = 2e20.
        let phi = LineFunction(name: "linear", phi: { a in (-a, -1) }, c1: 1e-4, c2: 0.9)
        let (result, evaluations) = phi.run(MoreThuente(), initialStep: 2)
        #expect(throws: LineSearchFailure.unboundedBelow(stepLength: 2e20, value: -2e20)) { try result.get() }
        #expect(evaluations == 35)
    }

    @Test func backsOffFromNonFiniteValues() throws {
        // φ(α) = (α − 1)² but NaN beyond α = 3: from α₀ = 10 it must back off and converge.
        let phi = LineFunction(
            name: "wall", phi: { a in a > 3 ? (.nan, .nan) : ((a - 1) * (a - 1), 2 * (a - 1)) }, c1: 1e-4, c2: 0.9)
        let (result, _) = phi.run(MoreThuente(), initialStep: 10)
        let step = try result.get()
        #expect(step.stepLength <= 3 && step.value.isFinite)
        #expect(abs(step.slope) <= 0.9 * 2)
    }

    @Test func reportsNonFiniteWhenNothingIsFinite() {
        let phi = LineFunction(name: "nan", phi: { a in a == 0 ? (1, -1) : (.nan, .nan) }, c1: 1e-4, c2: 0.9)
        let (result, evaluations) = phi.run(MoreThuente(), initialStep: 1)
        guard case .failure(.nonFiniteValue) = result else {
            Issue.record("expected nonFiniteValue, got \(result)")
            return
        }
        #expect(evaluations == 20)
    }
}

@Suite struct BacktrackingTests {
    @Test(arguments: 0..<6, [1e-3, 1e-1, 10, 1e3])
    func satisfiesArmijoOnMoreThuenteFunctions(_ index: Int, _ alpha0: Double) throws {
        let phi = MoreThuenteFunctions.all[index]
        var plain = Backtracking(c1: phi.c1)
        plain.followsUnbounded = false   // the probe's evaluations are not backtracks
        let (result, evaluations) = phi.run(plain, initialStep: alpha0)
        let step = try result.get()
        let (f0, g0) = phi.phi(0)
        // With the probe: the same step, plus the probe's evaluations where φ fell linearly
        // (φ = (α + 0.004)⁵ − 2(α + 0.004)⁴ is concave near 0), and no more than 21.
        let (probed, probedEvaluations) = phi.run(Backtracking(c1: phi.c1), initialStep: alpha0)
        #expect(try probed.get().stepLength == step.stepLength)
        #expect(probedEvaluations >= evaluations && probedEvaluations <= evaluations + 21)
        #expect(step.value <= f0 + phi.c1 * step.stepLength * g0)
        #expect(step.stepLength <= alpha0)
        #expect(step.evaluations == evaluations)
        // A backtrack only happens when the previous trial failed the condition, and each
        // backtrack shrinks α by a factor in [0.1, 0.5].
        if evaluations == 1 { #expect(step.stepLength == alpha0) }
        #expect(step.stepLength >= alpha0 * pow(0.1, Double(evaluations - 1)) * (1 - 1e-12))
        #expect(step.stepLength <= alpha0 * pow(0.5, Double(evaluations - 1)) * (1 + 1e-12))
    }

    @Test func quadraticInterpolationFindsTheMinimizerOfAQuadratic() throws {
        // φ(α) = (α − 0.3)², φ(0) = 0.09, φ'(0) = −0.6. From α₀ = 1 (rejected), the quadratic
        // model is exact, so the second trial is the minimizer 0.3 (inside [0.1, 0.5]).
        let phi = LineFunction(name: "q", phi: { a in ((a - 0.3) * (a - 0.3), 2 * (a - 0.3)) }, c1: 0.1, c2: 0.9)
        let (result, evaluations) = phi.run(Backtracking(c1: 0.1), initialStep: 1)
        let step = try result.get()
        #expect(evaluations == 2)
        #expect(abs(step.stepLength - 0.3) <= 1e-15)
    }

    @Test func theInterpolatedStepIsCappedAtHalfTheLastOne() throws {
        // φ(α) = −α + (1 − 10⁻⁵)α²: φ(1) = −10⁻⁵ misses Armijo (c1 = 10⁻⁴), and the exact
        // quadratic model's minimizer 1/(2(1 − 10⁻⁵)) ≈ 0.500005 lies just above 0.5·α, so the
        // second trial is the cap 0.5 itself, where Armijo holds.
        let phi = LineFunction(
            name: "q", phi: { a in (-a + (1 - 1e-5) * a * a, -1 + 2 * (1 - 1e-5) * a) }, c1: 1e-4, c2: 0.9)
        let (result, evaluations) = phi.run(Backtracking(c1: 1e-4), initialStep: 1)
        let step = try result.get()
        #expect(step.stepLength == 0.5 && evaluations == 2)
    }

    @Test func cubicInterpolationIsExactOnACubic() {
        // φ(α) = 1 − α + 2α³: two trials determine the cubic, whose minimizer is 1/√6.
        let f0 = 1.0, g0 = -1.0
        func phi(_ a: Double) -> Double { 1 - a + 2 * a * a * a }
        let next = Backtracking.interpolate(f0: f0, g0: g0, current: (0.5, phi(0.5)), previous: (1, phi(1)))
        #expect(abs(next - 1 / 6.0.squareRoot()) <= 1e-14)
    }

    @Test func shrinksPastNonFiniteValues() throws {
        let phi = LineFunction(
            name: "wall", phi: { a in a > 0.05 ? (.infinity, .nan) : ((a - 1) * (a - 1), 2 * (a - 1)) }, c1: 1e-4,
            c2: 0.9)
        let (result, evaluations) = phi.run(Backtracking(), initialStep: 1)
        let step = try result.get()
        #expect(abs(step.stepLength - 0.01) <= 1e-15)   // 1 → 0.1 → 0.01
        #expect(evaluations == 3)
    }

    @Test func failsWhenTheStepUnderflowsTheResolutionOfX() {
        // φ never decreases (a flat function with a claimed negative slope).
        let phi = LineFunction(name: "flat", phi: { a in (a == 0 ? 0 : 1e-300, -1) }, c1: 1e-4, c2: 0.9)
        let (result, _) = phi.run(Backtracking(maxEvaluations: 10_000), initialStep: 1)
        guard case .failure(.roundingErrors) = result else {
            Issue.record("expected roundingErrors, got \(result)")
            return
        }
    }
}

import Foundation

@Suite struct StrongWolfeTests {
    @Test(arguments: 0..<6, [1e-3, 1e-1, 10, 1e3])
    func satisfiesStrongWolfeOnMoreThuenteFunctions(_ index: Int, _ alpha0: Double) throws {
        let phi = MoreThuenteFunctions.all[index]
        let (result, evaluations) = phi.run(
            StrongWolfe(c1: phi.c1, c2: phi.c2, maxEvaluations: 100), initialStep: alpha0)
        let step = try result.get()
        let (f0, g0) = phi.phi(0)
        #expect(step.value <= f0 + phi.c1 * step.stepLength * g0, "\(phi.name) from \(alpha0)")
        #expect(abs(step.slope) <= phi.c2 * abs(g0), "\(phi.name) from \(alpha0)")
        #expect(step.evaluations == evaluations)
    }

    /// φ(α) = α² − 2α from α₀ = 3 (φ(3) = 3 > φ(0)): the zoom on [0, 3] interpolates the
    /// cubic through φ and φ' at both ends — exact on a quadratic — and tries α = 1, the
    /// minimizer, which satisfies sufficient decrease with c1 = 10⁻⁴ and has φ'(1) = 0.
    /// (With c2 = 0.9 in place of c1, φ(1) = −1 > −1.8 would be refused.)
    @Test func zoomAcceptsTheInterpolatedMinimizerOfAQuadratic() throws {
        let phi = LineFunction(name: "q", phi: { a in (a * a - 2 * a, 2 * a - 2) }, c1: 1e-4, c2: 0.9)
        let (result, evaluations) = phi.run(StrongWolfe(c1: 1e-4, c2: 0.9), initialStep: 3)
        let step = try result.get()
        #expect(abs(step.stepLength - 1) <= 1e-12 && step.value == -1)
        #expect(evaluations == 2 && step.evaluations == 2)
    }

    @Test func backsOffFromNonFiniteValues() throws {
        let phi = LineFunction(
            name: "wall", phi: { a in a > 3 ? (.nan, .nan) : ((a - 1) * (a - 1), 2 * (a - 1)) }, c1: 1e-4, c2: 0.9)
        let step = try phi.run(StrongWolfe(), initialStep: 10).0.get()
        #expect(step.stepLength <= 3 && abs(step.slope) <= 0.9 * 2)
    }
}

@Suite struct FixedAndExactStepTests {
    @Test func fixedStepTakesTheLearningRateWhateverHappens() throws {
        // φ(α) = (α − 0.3)²: a step of 1 increases φ, and is taken anyway.
        let phi = LineFunction(name: "q", phi: { a in ((a - 0.3) * (a - 0.3), 2 * (a - 0.3)) }, c1: 1e-4, c2: 0.9)
        let (result, evaluations) = phi.run(FixedStep(learningRate: 1), initialStep: 123)
        let step = try result.get()
        #expect(step.stepLength == 1 && evaluations == 1)
        #expect(abs(step.value - 0.49) <= 1e-15)
        let wall = LineFunction(name: "nan", phi: { a in a == 0 ? (1, -1) : (.nan, .nan) }, c1: 1e-4, c2: 0.9)
        #expect(throws: LineSearchFailure.fixedStepDiverged(stepLength: 0.5)) {
            try wall.run(FixedStep(learningRate: 0.5), initialStep: 1).0.get()
        }
    }

    @Test func exactStepMinimizesAQuadraticAlongTheLineInOneEvaluation() throws {
        let q = DiagonalQuadraticWithHessian(curvatures: [1, 10, 100], center: [1, 2, 3])
        let counted = CountedObjective(q)
        let x = Vector([0, 0, 0]), g = Vector(count: 3)
        let f0 = counted.valueAndGradient(at: x.readOnly, gradient: g.storage)
        let d = Vector([1, 1, 1])
        var search = ExactQuadratic()
        let line = SearchLine(
            x: x, direction: d, value0: f0, slope0: g.dot(d), trialX: Vector(count: 3), trialGradient: Vector(count: 3))
        let step = try search.search(counted, along: line, initialStep: 1)
        // α* = Σλᵢcᵢ / Σλᵢ = (1 + 20 + 300) / 111; there φ'(α*) = 0.
        #expect(abs(step.stepLength - 321.0 / 111) <= 1e-14)
        #expect(abs(step.slope) <= 1e-12)
        #expect(
            step.evaluations == 1 && counted.valueEvaluations == 2 && counted.hessianVectorProducts == 1
                && counted.hessianEvaluations == 0)
        #expect(ExactQuadratic().unsupportedReason(for: Rosenbrock2()) != nil)
        #expect(ExactQuadratic().unsupportedReason(for: q) == nil)
    }
}
