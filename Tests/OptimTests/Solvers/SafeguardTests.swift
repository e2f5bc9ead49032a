import Testing
@testable import Optim

/// f(x) = −½‖x‖²: every step along −∇f lowers the slope further, so yᵀs < 0.
struct NegativeSquare: Objective {
    let dimension: Int
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        var f = 0.0
        for i in 0..<dimension {
            gradient[i] = -x[i]
            f -= 0.5 * x[i] * x[i]
        }
        return f
    }
}

/// What a line search was asked: φ'(0) and the first trial step of every call.
final class SearchLog {
    var calls: [(slope: Double, initialStep: Double)] = []
}

/// A line search that records its calls and fails the call numbered `failing` (1-based).
struct RecordingSearch<Base: LineSearch>: LineSearch {
    var base: Base
    let log: SearchLog
    var failing: Int? = nil

    var summary: String { base.summary }
    func validate() throws(InvalidParameter) { try base.validate() }

    mutating func search<O: Objective>(
        _ objective: O, along line: SearchLine, initialStep: Double
    ) throws(LineSearchFailure) -> LineSearchStep {
        log.calls.append((line.slope0, initialStep))
        if log.calls.count == failing { throw .evaluationLimit(evaluations: 0) }
        return try base.search(objective, along: line, initialStep: initialStep)
    }
}

/// The safeguards of the solvers, each on an input built by hand to trigger it.
@Suite struct SafeguardTests {
    static let unitSquare = DiagonalQuadratic(curvatures: [1, 1, 1], center: [0, 0, 0])
    static let x0: [Double] = [1, -2, 3]

    static func run<S: Solver, O: Objective>(
        _ f: O, _ solver: S, from x0: [Double] = x0, iterations: Int
    ) throws -> [Double] {
        try minimize(f, from: x0, using: solver, options: Options(gradientTolerance: 0, maxIterations: iterations)).x
    }

    static func expectMultiple(_ x: [Double], of factor: Double, _ comment: Comment) {
        for (xi, x0i) in zip(x, x0) { #expect(abs(xi - factor * x0i) <= 1e-15 * abs(x0i), comment) }
    }

    /// f = −½‖x‖², H₀ = I, fixed step ½ from x₀: s = ½x₀, y = −½x₀, yᵀs = −¼‖x₀‖² < 0.
    @Test func bfgsSkipsAPairWithNegativeCurvatureAndKeepsH() throws {
        var solver = BFGS(lineSearch: FixedStep(learningRate: 0.5), scaling: .identity)
        let result = try minimize(NegativeSquare(dimension: 3), from: Self.x0, using: &solver,
                                  options: Options(gradientTolerance: 0, maxIterations: 1))
        #expect(result.x == Self.x0.map { 1.5 * $0 })
        #expect(solver.skippedUpdates == 1)
        #expect(solver.inverseHessian.elements == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        // The same step on ½xᵀdiag(1, 2, 4)x (yᵀs > 0) does update H.
        var updating = BFGS(lineSearch: FixedStep(learningRate: 0.5), scaling: .identity)
        _ = try minimize(DiagonalQuadratic(curvatures: [1, 2, 4], center: [0, 0, 0]), from: Self.x0, using: &updating,
                         options: Options(gradientTolerance: 0, maxIterations: 1))
        #expect(updating.skippedUpdates == 0 && updating.inverseHessian.elements != [1, 0, 0, 0, 1, 0, 0, 0, 1])
    }

    /// ½‖x‖², fixed step η = ½, Powell's test off: g₀ = x₀, g₁ = ½x₀, y = −½x₀, so
    /// g₁ᵀy/‖g₀‖² = −¼. PR+ clamps β to 0: d₁ = −g₁ and x₂ = ¼x₀. PR keeps β = −¼:
    /// d₁ = −½x₀ + ¼x₀ = −¼x₀ (d₀ = −x₀) and x₂ = ½x₀ − ⅛x₀ = ⅜x₀.
    @Test func polakRibierePlusTurnsANegativeBetaIntoSteepestDescent() throws {
        let plus = NonlinearCG(beta: .polakRibierePlus, lineSearch: FixedStep(learningRate: 0.5), powellRestart: false)
        Self.expectMultiple(try Self.run(Self.unitSquare, plus, iterations: 2), of: 0.25, "PR+")
        let plain = NonlinearCG(beta: .polakRibiere, lineSearch: FixedStep(learningRate: 0.5), powellRestart: false)
        Self.expectMultiple(try Self.run(Self.unitSquare, plain, iterations: 2), of: 0.375, "PR")
    }

    /// Fletcher–Reeves on ½‖x‖² with η = ½ has β = ‖g₁‖²/‖g₀‖² = ¼ > 0. Restarting every
    /// iteration makes it steepest descent, xₖ = 2⁻ᵏx₀; without restarts
    /// d₁ = −½x₀ − ¼x₀, x₂ = ½x₀ − ⅜x₀ = ⅛x₀.
    @Test func cgRestartsEveryPeriod() throws {
        let every = NonlinearCG(
            beta: .fletcherReeves, lineSearch: FixedStep(learningRate: 0.5), restartEvery: 1, powellRestart: false)
        Self.expectMultiple(try Self.run(Self.unitSquare, every, iterations: 3), of: 0.125, "restart every iteration")
        let never = NonlinearCG(
            beta: .fletcherReeves, lineSearch: FixedStep(learningRate: 0.5), restartEvery: 100, powellRestart: false)
        Self.expectMultiple(try Self.run(Self.unitSquare, never, iterations: 2), of: 0.125, "no restart")
        // Default period n = 3: iteration 4 (after three) restarts. By hand, with c = (1 − η):
        // x₁ = ½x₀; x₂ = ⅛x₀ (above); d₂ = −g₂ + β₂d₁ with β₂ = (⅛)²/(½)² = 1/16,
        // d₁ = −¾x₀ → d₂ = −⅛x₀ − (3/64)x₀ = −(11/64)x₀, x₃ = ⅛x₀ − (11/128)x₀ = (5/128)x₀;
        // x₄ restarts: x₄ = ½x₃ = (5/256)x₀.
        let period = NonlinearCG(beta: .fletcherReeves, lineSearch: FixedStep(learningRate: 0.5), powellRestart: false)
        Self.expectMultiple(
            try Self.run(Self.unitSquare, period, iterations: 3), of: 5.0 / 128, "period n, before the restart")
        Self.expectMultiple(try Self.run(Self.unitSquare, period, iterations: 4), of: 5.0 / 256, "period n, restarted")
    }

    /// Fletcher–Reeves, η = 0.9: g₁ = 0.1x₀, so |g₁ᵀg₀| = 0.1‖x₀‖² ≥ 0.2‖g₁‖² = 0.002‖x₀‖²
    /// and Powell's test restarts: x₂ = 0.01x₀. Without it β = 0.01, d₁ = −0.11x₀ and
    /// x₂ = 0.1x₀ − 0.099x₀ = 0.001x₀.
    @Test func cgRestartsOnPowellsTest() throws {
        let powell = NonlinearCG(beta: .fletcherReeves, lineSearch: FixedStep(learningRate: 0.9))
        let x = try Self.run(Self.unitSquare, powell, iterations: 2)
        for (xi, x0i) in zip(x, Self.x0) { #expect(abs(xi - 0.01 * x0i) <= 1e-14 * abs(x0i)) }
        let off = NonlinearCG(beta: .fletcherReeves, lineSearch: FixedStep(learningRate: 0.9), powellRestart: false)
        let y = try Self.run(Self.unitSquare, off, iterations: 2)
        for (yi, x0i) in zip(y, Self.x0) { #expect(abs(yi - 0.001 * x0i) <= 1e-14 * abs(x0i)) }
    }

    /// ∇²f = diag(−398, 200): N&W Algorithm 3.3 with β = 10⁻³·max|aᵢᵢ| = 0.398 starts at
    /// τ₀ = β − min aᵢᵢ = 398.398, where diag(0.398, 598.398) factors at once.
    @Test func newtonShiftsAnIndefiniteHessianByTheDocumentedTau() throws {
        var solver = Newton(lineSearch: Backtracking())
        let f = DiagonalQuadraticWithHessian(curvatures: [-398, 200], center: [0, 0])
        _ = try minimize(f, from: [1, 1], using: &solver, options: Options(gradientTolerance: 0, maxIterations: 1))
        let beta = 1e-3 * 398.0
        #expect(solver.lastShift == beta + 398)
        // Positive definite: no shift.
        var convex = Newton(lineSearch: Backtracking())
        _ = try minimize(
            DiagonalQuadraticWithHessian(curvatures: [3, 200], center: [0, 0]), from: [1, 1], using: &convex,
            options: Options(gradientTolerance: 0, maxIterations: 1))
        #expect(convex.lastShift == 0)
    }

    /// The second search (along the two-loop direction) fails: L-BFGS clears its memory and
    /// searches again along −∇f₁ from α₀ = 1/‖∇f₁‖₂ (a unit step, L-BFGS-B's `lnsrlb` rule; issue 30);
    /// the run goes on.
    @Test func lbfgsClearsItsMemoryAndRetriesAlongTheGradientAfterAFailedSearch() throws {
        let f = DiagonalQuadratic(curvatures: [1, 10], center: [0, 0])
        let log = SearchLog()
        var solver = LBFGS(lineSearch: RecordingSearch(base: Backtracking(), log: log, failing: 2))
        var pairs: [Int] = []
        let result = try minimize(
            f, from: [1, 1], using: &solver, options: Options(gradientTolerance: 0, maxIterations: 2),
            inspect: { _, solver in pairs.append(solver.memoryForInspection.count) })
        #expect(result.status == .iterationLimit && result.iterations == 2)
        try #require(log.calls.count == 3)
        #expect(pairs == [0, 1, 1])
        let x1 = try minimize(
            f, from: [1, 1], using: LBFGS(lineSearch: Backtracking()),
            options: Options(gradientTolerance: 0, maxIterations: 1)
        ).x
        let g1 = [x1[0], 10 * x1[1]], g1Norm = norm(g1)
        #expect(abs(log.calls[2].slope + g1Norm * g1Norm) <= 1e-15 * g1Norm * g1Norm)
        #expect(log.calls[2].initialStep == 1 / g1Norm)
        #expect(log.calls[1].initialStep == 1)
    }

    /// Momentum and Nesterov with a step that lands beyond a wall (f = NaN for x > 1.5):
    /// the run stops as non-finite and returns x₀ with its own f.
    @Test(arguments: [Momentum.Variant.heavyBall, .nesterov])
    func momentumReportsANonFiniteStep(_ variant: Momentum.Variant) throws {
        let f = Walled(base: DiagonalQuadratic(curvatures: [1], center: [0]), limit: 1.5)
        let result = try minimize(f, from: [-1], using: Momentum(variant, learningRate: 3, momentum: 0.5))
        #expect(result.status == .nonFiniteValue)
        #expect(result.x == [-1] && result.value == 0.5 && result.iterations == 0)
        #expect(result.detail == SolverFailure.nonFiniteStep.description)
        // With an infinite (not NaN) value past the wall, the same.
        let infinite = FunctionOfX { x in x > 1.5 ? (.infinity, 1) : (0.5 * x * x, x) }
        let other = try minimize(infinite, from: [-1], using: Momentum(variant, learningRate: 3, momentum: 0.5))
        #expect(other.status == .nonFiniteValue && other.x == [-1] && other.value == 0.5)
    }

    /// Heavy ball and Nesterov against their recursions in θ-coordinates (Sutskever et al.
    /// 2013): vₜ = γvₜ₋₁ + η∇f(θₜ₋₁ [− γvₜ₋₁]), θₜ = θₜ₋₁ − vₜ; Nesterov reports φₜ = θₜ − γvₜ.
    @Test(arguments: [Momentum.Variant.heavyBall, .nesterov])
    func momentumFollowsItsRecursion(_ variant: Momentum.Variant) throws {
        let curvatures = [1.0, 4.0], eta = 0.1, gamma = 0.5
        var theta = [1.0, 1.0], v = [0.0, 0.0]
        for _ in 0..<3 {
            let at = variant == .nesterov ? zip(theta, v).map { $0 - gamma * $1 } : theta
            v = (0..<2).map { gamma * v[$0] + eta * curvatures[$0] * at[$0] }
            theta = zip(theta, v).map { $0 - $1 }
        }
        let expected = variant == .nesterov ? zip(theta, v).map { $0 - gamma * $1 } : theta
        let x = try Self.run(
            DiagonalQuadratic(curvatures: curvatures, center: [0, 0]),
            Momentum(variant, learningRate: eta, momentum: gamma),
            from: [1, 1], iterations: 3)
        #expect(distance(x, expected) <= 1e-14)
    }

    /// The previous-decrease rule α₀ = αₖ₋₁φ'ₖ₋₁(0)/φ'ₖ(0) (N&W eq. 3.60) and Hager–Zhang's
    /// I0/I2 (ψ₀‖x₀‖∞/‖∇f₀‖∞, then 2αₖ₋₁), as gradient descent asks its line search.
    @Test func gradientDescentAsksForTheDocumentedInitialSteps() throws {
        let f = DiagonalQuadratic(curvatures: [1, 10], center: [0, 0])
        let log = SearchLog()
        let trace = try minimize(
            f, from: [1, 1], using: GradientDescent(lineSearch: RecordingSearch(base: Backtracking(), log: log)),
            options: Options(gradientTolerance: 0, maxIterations: 3)
        ).trace
        #expect(log.calls.count == 3)
        #expect(log.calls[0].initialStep == 1 / 101.0.squareRoot())
        for k in 1..<3 {
            let expected = trace[k].stepLength * log.calls[k - 1].slope / log.calls[k].slope
            #expect(abs(log.calls[k].initialStep - expected) <= 1e-15 * expected)
        }
        let hzLog = SearchLog()
        let hzTrace = try minimize(
            f, from: [1, 1],
            using: GradientDescent(
                lineSearch: RecordingSearch(base: Backtracking(), log: hzLog), initialStep: .hagerZhang),
            options: Options(gradientTolerance: 0, maxIterations: 3)
        ).trace
        #expect(hzLog.calls[0].initialStep == 0.01 * 1 / 10)
        for k in 1..<3 { #expect(hzLog.calls[k].initialStep == 2 * hzTrace[k].stepLength) }
        // At x₀ = 0 the rule falls back to ψ₀|f₀|/‖∇f₀‖₂².
        let shifted = DiagonalQuadratic(curvatures: [1, 10], center: [1, 1])
        let zeroLog = SearchLog()
        _ = try minimize(
            shifted, from: [0, 0],
            using: GradientDescent(
                lineSearch: RecordingSearch(base: Backtracking(), log: zeroLog), initialStep: .hagerZhang),
            options: Options(gradientTolerance: 0, maxIterations: 1))
        #expect(zeroLog.calls[0].initialStep == 0.01 * 5.5 / 101)
    }
}

/// f(x) = φ(x₀) in one dimension, from a closure.
struct FunctionOfX: Objective {
    let phi: @Sendable (Double) -> (Double, Double)
    var dimension: Int { 1 }
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        let (f, g) = phi(x[0])
        gradient[0] = g
        return f
    }
}
