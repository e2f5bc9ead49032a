import Testing
@testable import Optim

/// Line searches with a differenced gradient (issue 27): a trial rejected on f costs one f
/// evaluation, ∇f is differenced only where the search reads φ' or accepts, and the counts say so.
@Suite struct DifferenceEconomyTests {
    /// f(x) = x², recording every x it is evaluated at (f only: its gradient is differenced).
    final class Parabola: Objective {
        var points: [Double] = []
        var dimension: Int { 1 }
        func value(at x: UnsafeBufferPointer<Double>) -> Double {
            points.append(x[0])
            return x[0] * x[0]
        }
        func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double
        {
            gradient[0] = .nan   // never asked: FiniteDifferenceGradient calls value(at:) only
            return value(at: x)
        }
    }

    /// ε^{1/3}: the central step at |x| ≤ 1.
    static let h = 6.0554544523933395e-06

    /// One search from x = 1 along d = −1 (φ(0) = 1, φ'(0) = −2), first trial α = 10 (x = −9,
    /// φ = 81: no sufficient decrease). Returns the step, the points f saw, and the counts.
    static func search(_ lineSearch: some LineSearch) throws -> (LineSearchStep, [Double], CountedObjective<
        FiniteDifferenceGradient<Parabola>
    >) {
        var lineSearch = lineSearch
        let parabola = Parabola()
        let counted = CountedObjective(FiniteDifferenceGradient(parabola, scheme: .central))
        let line = SearchLine(
            x: Vector([1]), direction: Vector([-1]), value0: 1, slope0: -2, trialX: Vector(count: 1),
            trialGradient: Vector(count: 1))
        let step = try lineSearch.search(counted, along: line, initialStep: 10)
        return (step, parabola.points, counted)
    }

    /// Backtracking: α = 10 is rejected on f (1 evaluation); the quadratic through φ(0), φ'(0),
    /// φ(10) has its minimizer at α = −φ'(0)α²/(2(φ(10) − φ(0) − φ'(0)α)) = 200/200 = 1 (inside
    /// the safeguard [1, 5]); there x = 0 passes, and ∇f is differenced at 0 ± h. Before: 3 + 3.
    @Test func backtrackingDifferencesOnlyTheAcceptedPoint() throws {
        let (step, points, counted) = try Self.search(Backtracking())
        #expect(step.stepLength == 1 && step.value == 0 && step.evaluations == 2)
        #expect(points == [-9, 0, Self.h, -Self.h])
        #expect(counted.valueEvaluations == 4 && counted.gradientEvaluations == 1)
        #expect(counted.differenceEvaluations == 2)
    }

    /// Moré–Thuente: α = 10 falls in case 1 on f alone (ψ(10) > 0); its quadratic step from
    /// (0, φ(0), φ'(0)) through φ(10) is α = 1 (as above), where the strong Wolfe conditions hold
    /// (φ'(1) = 0, from the differences).
    @Test func moreThuenteRejectsCaseOneOnFAlone() throws {
        let (step, points, counted) = try Self.search(MoreThuente())
        #expect(step.stepLength == 1 && step.value == 0 && step.evaluations == 2)
        #expect(points == [-9, 0, Self.h, -Self.h])
        #expect(abs(step.slope) <= 1e-10)
        #expect(counted.valueEvaluations == 4 && counted.gradientEvaluations == 1)
    }

    /// Strong Wolfe (N&W 3.5–3.6): α = 10 fails sufficient decrease → zoom on [0, 10] with the
    /// quadratic step 1, which is within 0.1·width of an end, so bisection: α = 5 (x = −4, φ = 16,
    /// rejected on f). The quadratic on [0, 5]: 2·25/(2(16 − 1 + 10)) = 1, inside (0.5, 4.5): accepted.
    @Test func strongWolfeZoomsOnFAlone() throws {
        let (step, points, counted) = try Self.search(StrongWolfe())
        #expect(step.stepLength == 1 && step.value == 0 && step.evaluations == 3)
        #expect(points == [-9, -4, 0, Self.h, -Self.h])
        #expect(counted.valueEvaluations == 5 && counted.gradientEvaluations == 1)
    }

    /// Hager–Zhang: φ(10) = 81 is above φ(0) + εₖ, so B3 (θ = 1/2 bisection of [0, 10]) without a
    /// slope: α = 5 (φ = 16) and 2.5 (φ = 2.25) above the ceiling too, α = 1.25 (x = −0.25,
    /// φ = 1/16) below it: differenced, φ' = 0.5 ≥ σφ'(0) and φ − φ(0) ≤ δαφ'(0): T1 accepts it.
    @Test func hagerZhangBisectsOnFAlone() throws {
        let (step, points, counted) = try Self.search(HagerZhang())
        #expect(step.stepLength == 1.25 && step.value == 0.0625 && step.evaluations == 4)
        #expect(points == [-9, -4, -1.5, -0.25, -0.25 + Self.h, -0.25 - Self.h])
        #expect(abs(step.slope - 0.5) <= 1e-9)
        #expect(counted.valueEvaluations == 6 && counted.gradientEvaluations == 1)
        #expect(counted.differenceEvaluations == 2)
    }

    /// The same ray with an analytic gradient: one fused evaluation per trial, as before.
    @Test func anAnalyticGradientIsEvaluatedWithEveryTrial() throws {
        var search = Backtracking()
        let counted = CountedObjective(FunctionObjective(dimension: 1) { x, g in
            g?[0] = 2 * x[0]
            return x[0] * x[0]
        })
        let line = SearchLine(
            x: Vector([1]), direction: Vector([-1]), value0: 1, slope0: -2, trialX: Vector(count: 1),
            trialGradient: Vector(count: 1))
        let step = try search.search(counted, along: line, initialStep: 10)
        #expect(step.stepLength == 1 && step.evaluations == 2)
        #expect(counted.valueEvaluations == 2 && counted.gradientEvaluations == 2 && counted.differenceEvaluations == 0)
    }

    /// Rosenbrock through `FunctionObjective` without a gradient, BFGS with backtracking (whose
    /// decisions read f only, so the iterates are those of differencing every trial): the f calls
    /// the closure saw are the result's count, ∇f is differenced once per iterate, and every
    /// rejected trial saves 2n = 4 calls against differencing it — checked against the same run
    /// through an objective that hides that its gradient is differenced (every trial 1 + 4).
    @Test func rosenbrockThroughAClosureSavesFourCallsPerRejectedTrial() throws {
        var calls = 0
        let closure = FunctionObjective(dimension: 2, value: { x in
            calls += 1
            let a = 1 - x[0], b = x[1] - x[0] * x[0]
            return a * a + 100 * b * b
        })
        let solver = BFGS(lineSearch: Backtracking())
        let economical = try minimize(closure, from: [-1.2, 1], using: solver)
        #expect(economical.status == .convergedGradient)
        #expect(economical.valueEvaluations == calls)
        #expect(economical.gradientEvaluations == economical.iterations + 1)
        #expect(economical.differenceEvaluations == 4 * economical.gradientEvaluations)

        calls = 0
        let everyTrial = try minimize(Opaque(base: closure), from: [-1.2, 1], using: solver)
        #expect(everyTrial.x == economical.x && everyTrial.iterations == economical.iterations)
        let trials = everyTrial.gradientEvaluations   // 1 + 4 calls each, x₀ included
        #expect(calls == 5 * trials)
        #expect(trials > economical.gradientEvaluations)   // some trials were rejected
        #expect(economical.valueEvaluations == trials + 4 * economical.gradientEvaluations)
        #expect(economical.valueEvaluations - economical.differenceEvaluations == trials)
    }

    /// Forwards valueAndGradient only: not a `DifferencedObjective`, so the searches evaluate f
    /// and ∇f together at every trial, as they did before issue 27.
    struct Opaque: Objective {
        let base: FunctionObjective
        var dimension: Int { base.dimension }
        func value(at x: UnsafeBufferPointer<Double>) -> Double { base.value(at: x) }
        func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double
        {
            base.valueAndGradient(at: x, gradient: gradient)
        }
    }
}
