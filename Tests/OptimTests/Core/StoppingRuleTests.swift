import Testing
@testable import Optim

/// The driver's stopping rules against iteration counts worked out by hand: gradient
/// descent with a fixed step η = ½ on f(x) = c + ½‖x‖² halves x every iteration, so
/// xₖ = 2⁻ᵏx₀, the k-th step is 2⁻ᵏx₀ and fₖ = c + ½·4⁻ᵏ‖x₀‖².
@Suite struct StoppingRuleTests {
    static var halving: GradientDescent<FixedStep> { GradientDescent(lineSearch: FixedStep(learningRate: 0.5)) }

    /// f(x) = c + ½‖x‖².
    struct ShiftedSquare: Objective {
        let c: Double
        var dimension: Int { 2 }
        func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double
        {
            gradient[0] = x[0]
            gradient[1] = x[1]
            return c + 0.5 * (x[0] * x[0] + x[1] * x[1])
        }
    }

    /// ‖xₖ − xₖ₋₁‖∞ = 2⁻ᵏ from x₀ = (1, −1): the first k with 2⁻ᵏ ≤ 10⁻⁵ is 17.
    @Test func stepToleranceStopsAtTheFirstSmallStep() throws {
        let result = try minimize(ShiftedSquare(c: 0), from: [1, -1], using: Self.halving,
                                  options: Options(gradientTolerance: 0, stepTolerance: 1e-5))
        let expected = (1...).first { 1 / Double(1 << $0) <= 1e-5 }!
        #expect(expected == 17)
        #expect(result.status == .convergedStep && result.iterations == expected)
        let expectedX: [Double] = [1 / 131_072, -1 / 131_072]
        #expect(result.x == expectedX)
    }

    /// |fₖ₋₁ − fₖ| / max(|fₖ₋₁|, |fₖ|, 1) with f near 1000: relative, not absolute.
    @Test func functionToleranceIsRelative() throws {
        let c = 1000.0, tolerance = 1e-6
        let f = { (k: Int) in c + 0.5 * 2 * pow4(-k) }
        let expected = (1...).first { k in abs(f(k - 1) - f(k)) / max(abs(f(k - 1)), abs(f(k)), 1) <= tolerance }!
        let result = try minimize(ShiftedSquare(c: c), from: [1, -1], using: Self.halving,
                                  options: Options(gradientTolerance: 0, functionTolerance: tolerance))
        #expect(result.status == .convergedFunctionChange && result.iterations == expected)
        // The absolute change reaches 10⁻⁶ only four iterations later.
        #expect((1...).first { k in abs(f(k - 1) - f(k)) <= tolerance }! > expected + 3)
    }

    /// One evaluation at x₀ and one per iteration: the limit of 5 stops after 4 iterations.
    @Test func evaluationLimitCountsEveryEvaluation() throws {
        let result = try minimize(ShiftedSquare(c: 0), from: [1, -1], using: Self.halving,
                                  options: Options(gradientTolerance: 0, maxEvaluations: 5))
        #expect(result.status == .evaluationLimit && result.iterations == 4 && result.valueEvaluations == 5)
        #expect(result.x == [1.0 / 16, -1.0 / 16] && result.value == 0.5 * 2 / 256)
    }

    /// ‖∇f‖∞ = 2⁻ᵏ: the gradient tolerance 2⁻¹⁰ (exactly representable) stops at k = 10.
    @Test func gradientToleranceIncludesEquality() throws {
        let result = try minimize(ShiftedSquare(c: 0), from: [1, -1], using: Self.halving,
                                  options: Options(gradientTolerance: 1.0 / 1024))
        #expect(result.status == .convergedGradient && result.iterations == 10)
    }

    @Test func iterationLimitStopsAfterExactlyThatMany() throws {
        let result = try minimize(ShiftedSquare(c: 0), from: [1, -1], using: Self.halving,
                                  options: Options(gradientTolerance: 0, maxIterations: 3))
        #expect(result.status == .iterationLimit && result.iterations == 3 && result.x == [0.125, -0.125])
    }
}

/// 4ᵏ for an integer k.
private func pow4(_ k: Int) -> Double { k >= 0 ? Double(1 << (2 * k)) : 1 / Double(1 << (-2 * k)) }
