import Testing
@testable import Optim

/// Rosenbrock's f and ∇f written as plain functions on arrays (the closures users write).
private func rosenbrockValue(_ x: [Double]) -> Double {
    let a = 1 - x[0], b = x[1] - x[0] * x[0]
    return a * a + 100 * b * b
}

private func rosenbrockGradient(_ x: [Double]) -> [Double] {
    let b = x[1] - x[0] * x[0]
    return [-2 * (1 - x[0]) - 400 * x[0] * b, 200 * b]
}

/// The buffer form of the same function.
private func rosenbrockBuffers() -> FunctionObjective {
    FunctionObjective(dimension: 2) { x, gradient in
        let a = 1 - x[0], b = x[1] - x[0] * x[0]
        if let gradient {
            gradient[0] = -2 * a - 400 * x[0] * b
            gradient[1] = 200 * b
        }
        return a * a + 100 * b * b
    }
}

@Suite struct FunctionObjectiveTests {
    let lbfgs = LBFGS(lineSearch: MoreThuente())

    /// Every trace row (f, ‖∇f‖∞, step, counts), and the final x, equal to the reference run's.
    func expectSameRun(_ a: OptimizationResult, _ b: OptimizationResult) {
        #expect(a.status == b.status)
        #expect(a.x == b.x)
        #expect(a.iterations == b.iterations)
        #expect(a.valueEvaluations == b.valueEvaluations && a.gradientEvaluations == b.gradientEvaluations)
        #expect(a.trace.map(\.value) == b.trace.map(\.value))
        #expect(a.trace.map(\.stepLength) == b.trace.map(\.stepLength))
        #expect(a.trace.map(\.valueEvaluations) == b.trace.map(\.valueEvaluations))
    }

    @Test func bufferAndArrayFormsRunExactlyLikeAHandWrittenObjective() throws {
        let reference = try minimize(Rosenbrock2(), from: [-1.2, 1], using: lbfgs)
        #expect(reference.status == .convergedGradient)
        #expect(abs(reference.x[0] - 1) <= 1e-7 && abs(reference.x[1] - 1) <= 1e-7)
        #expect(reference.iterations > 20)

        let buffers = try minimize(rosenbrockBuffers(), from: [-1.2, 1], using: lbfgs)
        expectSameRun(buffers, reference)
        let arrays = FunctionObjective(dimension: 2, value: rosenbrockValue, gradient: rosenbrockGradient)
        #expect(arrays.gradientSource == "analytic" && arrays.valueEvaluationsPerGradient == 0)
        expectSameRun(try minimize(arrays, from: [-1.2, 1], using: lbfgs), reference)
    }

    @Test func theBufferFormAsksForTheGradientOnlyWhenItIsNeeded() {
        var asked: [Bool] = []
        let f = FunctionObjective(dimension: 2) { x, gradient in
            asked.append(gradient != nil)
            gradient?.update(repeating: 7)
            return x[0] + x[1]
        }
        #expect(f.value(at: [1, 2]) == 3)
        let (value, g) = f.evaluate(at: [1, 2])
        #expect(value == 3 && g == [7, 7])
        #expect(asked == [false, true])
    }

    @Test func centralDifferencesCostOnePlusTwoNValueEvaluationsPerGradient() throws {
        var calls = 0
        let differenced = FunctionObjective(dimension: 2, value: { x in calls += 1; return rosenbrockValue(x) })
        #expect(differenced.gradientSource == "central differences")
        #expect(differenced.valueEvaluationsPerGradient == 4)

        // One gradient: f(x) and f(x ± hᵢeᵢ) for i = 1, 2.
        let counted = CountedObjective(differenced)
        let g = [-1.2, 1.0].withUnsafeBufferPointer { x in
            var g = [0.0, 0.0]
            _ = g.withUnsafeMutableBufferPointer { counted.valueAndGradient(at: x, gradient: $0) }
            return g
        }
        #expect(calls == 5 && counted.valueEvaluations == 5 && counted.gradientEvaluations == 1)
        // Central differences are accurate to about ε^{2/3} relative: ∇f(−1.2, 1) = (−215.6, −88).
        #expect(abs(g[0] - -215.6) <= 1e-7 * 215.6 && abs(g[1] - -88) <= 1e-7 * 88)

        // A whole run: every f evaluation the closure saw is in the result, 4 per gradient in the
        // differences, and one per trial point (issue 27: trials rejected on f are not differenced).
        calls = 0
        let result = try minimize(differenced, from: [-1.2, 1])
        #expect(result.status == .convergedGradient)
        #expect(abs(result.x[0] - 1) <= 1e-6 && abs(result.x[1] - 1) <= 1e-6)
        #expect(result.valueEvaluations == calls)
        #expect(result.differenceEvaluations == 4 * result.gradientEvaluations)
        #expect(result.valueEvaluations - result.differenceEvaluations >= result.gradientEvaluations)
        #expect(result.gradientEvaluations > 20)

        // Forward differences: n per gradient.
        let forward = FunctionObjective(dimension: 2, value: rosenbrockValue, differences: .forward)
        #expect(forward.valueEvaluationsPerGradient == 2 && forward.gradientSource == "forward differences")
    }

    @Test func aGradientOfTheWrongLengthEndsTheRunAtTheLastAcceptedIterate() throws {
        var gradients = 0
        let faulty = FunctionObjective(dimension: 2, value: rosenbrockValue) { x in
            gradients += 1
            return gradients < 10 ? rosenbrockGradient(x) : rosenbrockGradient(x) + [0]
        }
        let result = try minimize(faulty, from: [-1.2, 1], using: lbfgs)
        #expect(result.status == .evaluationFailed)
        #expect(result.detail == "the gradient has 3 elements, expected 2")
        #expect(faulty.failure == EvaluationFailure("the gradient has 3 elements, expected 2"))
        // The failing evaluation is the last one counted: ten gradients, ten f evaluations.
        #expect(gradients == 10 && result.gradientEvaluations == 10 && result.valueEvaluations == 10)
        #expect(result.iterations >= 1)

        // x is the iterate the same solver accepted last before the failure.
        let before = try minimize(
            Rosenbrock2(), from: [-1.2, 1], using: lbfgs, options: Options(maxIterations: result.iterations))
        #expect(result.x == before.x && result.value == before.value && result.gradient == before.gradient)
        #expect(result.value == rosenbrockValue(result.x))

        // Once failed, the objective stays failed and answers NaN without calling the closures.
        let calls = gradients
        #expect(faulty.evaluate(at: [1, 1]).f.isNaN && faulty.value(at: [1, 1]).isNaN && gradients == calls)
    }

    @Test func theDefaultSolverIsLBFGSWithMoreThuente() throws {
        let reference = try minimize(Rosenbrock2(), from: [-1.2, 1], using: lbfgs)
        let result = try minimize(rosenbrockBuffers(), from: [-1.2, 1])
        expectSameRun(result, reference)
        #expect(
            result.solver
                == "L-BFGS (m = 10) + Moré–Thuente strong Wolfe (c1 = 1e-4, c2 = 0.9, ε = 3e-12, ≤ 20 evaluations)")
        let limited = try minimize(rosenbrockBuffers(), from: [-1.2, 1], options: Options(maxIterations: 3))
        #expect(limited.status == .iterationLimit && limited.iterations == 3)
        #expect(throws: MinimizeError.dimensionMismatch(objective: 2, start: 3)) {
            try minimize(rosenbrockBuffers(), from: [0, 0, 0])
        }
    }

    @Test func solversWithoutANamedLineSearch() throws {
        #expect(LBFGS().summary == LBFGS(lineSearch: MoreThuente()).summary)
        #expect(LBFGS(memory: 5).memory == 5)
        #expect(BFGS().summary == BFGS(lineSearch: MoreThuente()).summary)
        let cg = NonlinearCG()
        #expect(cg.lineSearch.c2 == 0.1 && cg.lineSearch.c1 == 1e-4)
        #expect(cg.beta == .polakRibierePlus && cg.initialStep == .previousDecrease)
        for result in [
            try minimize(Rosenbrock2(), from: [-1.2, 1], using: BFGS()),
            try minimize(Rosenbrock2(), from: [-1.2, 1], using: NonlinearCG(), options: Options(maxIterations: 5000)),
        ] {
            #expect(result.status == .convergedGradient)
            #expect(abs(result.x[0] - 1) <= 1e-6 && abs(result.x[1] - 1) <= 1e-6)
        }
    }

    @Test func theResultCarriesTheFinalGradient() throws {
        let result = try minimize(Rosenbrock2(), from: [-1.2, 1], using: lbfgs, options: Options(maxIterations: 4))
        let (_, g) = Rosenbrock2().evaluate(at: result.x)
        #expect(result.gradient == g)
        #expect(result.gradientNorm == g.map(abs).max())
    }
}
