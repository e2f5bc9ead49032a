import Foundation
import Testing
@testable import Optim

@Suite struct MinimizeTests {
    let lbfgs = LBFGS(lineSearch: MoreThuente())

    @Test func lbfgsSolvesRosenbrockAndCountsEvaluationsExactly() throws {
        let counter = CallCounter(Rosenbrock2())
        let result = try minimize(counter, from: [-1.2, 1], using: lbfgs, options: Options(traceEvery: 1))
        #expect(result.status == .convergedGradient)
        #expect(abs(result.x[0] - 1) <= 1e-7 && abs(result.x[1] - 1) <= 1e-7)
        #expect(result.gradientNorm <= 1e-6)
        #expect(result.valueEvaluations == counter.calls)
        #expect(result.gradientEvaluations == counter.calls)
        // The reported f and ‖∇f‖∞ are those of the returned x.
        let (f, g) = Rosenbrock2().evaluate(at: result.x)
        #expect(f == result.value && g.map(abs).max() == result.gradientNorm)
        // Trace: one entry per iteration, monotone f, counts matching the result at the end.
        #expect(result.trace.count == result.iterations + 1)
        #expect(result.trace.first?.valueEvaluations == 1)
        #expect(result.trace.last?.valueEvaluations == result.valueEvaluations)
        for (a, b) in zip(result.trace, result.trace.dropFirst()) { #expect(b.value <= a.value) }
    }

    @Test func iterationLimitReturnsTheLastAcceptedIterate() throws {
        var seen: [Double] = []
        let result = try minimize(Rosenbrock2(), from: [-1.2, 1], using: lbfgs, options: Options(maxIterations: 5)) {
            report in
            seen.append(report.value)
            return .proceed
        }
        #expect(result.status == .iterationLimit)
        #expect(result.iterations == 5)
        #expect(seen.count == 6)   // x₀ and five iterations
        #expect(result.value == seen.last)
        #expect(Rosenbrock2().evaluate(at: result.x).f == result.value)
    }

    @Test func evaluationLimitIsCheckedBetweenIterations() throws {
        let result = try minimize(Rosenbrock2(), from: [-1.2, 1], using: lbfgs, options: Options(maxEvaluations: 10))
        #expect(result.status == .evaluationLimit)
        #expect(result.valueEvaluations >= 10)
        // The last search started below the limit, and a search spends at most 20.
        #expect(result.valueEvaluations < 10 + 20)
    }

    @Test func callbackStopsTheRun() throws {
        let result = try minimize(Rosenbrock2(), from: [-1.2, 1], using: lbfgs) { report in
            report.iteration == 3 ? .stop : .proceed
        }
        #expect(result.status == .stoppedByCallback)
        #expect(result.iterations == 3)
    }

    /// Cancellation travels in the run's options: raised (from any thread) during iteration
    /// 4, the run ends before iteration 5 with status interrupted and iteration 4's iterate —
    /// the same x as a run limited to 4 iterations.
    @Test func cancellationInTheOptionsStopsTheRunAtItsNextIteration() throws {
        let cancellation = Cancellation()
        var options = Options(cancellation: cancellation)
        let result = try minimize(Rosenbrock2(), from: [-1.2, 1], using: lbfgs, options: options) { report in
            if report.iteration == 4 { cancellation.cancel() }
            return .proceed
        }
        #expect(result.status == .interrupted && result.iterations == 4)
        options.cancellation = nil
        options.maxIterations = 4
        let limited = try minimize(Rosenbrock2(), from: [-1.2, 1], using: lbfgs, options: options)
        #expect(limited.status == .iterationLimit && limited.x == result.x)
        // An uncancelled flag changes nothing; one cancelled before the run stops it at x₀.
        let free = try minimize(
            Rosenbrock2(), from: [-1.2, 1], using: lbfgs, options: Options(cancellation: Cancellation()))
        #expect(free.status == .convergedGradient)
        let early = try minimize(
            Rosenbrock2(), from: [-1.2, 1], using: lbfgs, options: Options(cancellation: cancellation))
        #expect(early.status == .interrupted && early.iterations == 0 && early.x == [-1.2, 1])
    }

    /// The run's thread count is in its options: the same bits on 1 and 3 threads.
    @Test func threadsInTheOptionsGiveTheSameBits() throws {
        let one = try minimize(Rosenbrock2(), from: [-1.2, 1], using: lbfgs, options: Options(threads: 1))
        let three = try minimize(Rosenbrock2(), from: [-1.2, 1], using: lbfgs, options: Options(threads: 3))
        #expect(one.x.map(\.bitPattern) == three.x.map(\.bitPattern) && one.iterations == three.iterations)
    }

    @Test func timeLimitStopsTheRun() throws {
        // Each evaluation sleeps 2 ms; a 10 ms limit must stop long before convergence.
        struct Slow: Objective {
            var dimension: Int { 2 }
            func valueAndGradient(
                at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
            ) -> Double {
                usleep(2000)
                return Rosenbrock2().valueAndGradient(at: x, gradient: gradient)
            }
        }
        let result = try minimize(Slow(), from: [-1.2, 1], using: lbfgs, options: Options(timeLimit: 0.01))
        #expect(result.status == .timeLimit)
        #expect(result.seconds >= 0.01)
        #expect(result.iterations < 30)
    }

    @Test func startAtTheMinimizerConvergesWithoutIterating() throws {
        let result = try minimize(Rosenbrock2(), from: [1, 1], using: lbfgs)
        #expect(result.status == .convergedGradient)
        #expect(result.iterations == 0 && result.valueEvaluations == 1)
    }

    @Test func nonFiniteStartIsReported() throws {
        let result = try minimize(Walled(base: Rosenbrock2(), limit: 0), from: [2, 1], using: lbfgs)
        #expect(result.status == .nonFiniteValue)
        #expect(result.iterations == 0)
        #expect(result.detail?.contains("starting point") == true)
    }

    @Test func aWallOfNaNIsAvoidedOrReportedWithTheLastGoodIterate() throws {
        // Minimizer at x₀ = 3 behind a NaN wall at 2: the best reachable point is near the wall.
        let f = Walled(base: DiagonalQuadratic(curvatures: [1, 1], center: [3, 0]), limit: 2)
        let result = try minimize(f, from: [0, 1], using: lbfgs, options: Options(maxIterations: 200))
        #expect(!result.value.isNaN)
        #expect(result.x[0] <= 2)
        #expect(f.evaluate(at: result.x).f == result.value)
        #expect([.lineSearchFailed, .nonFiniteValue].contains(result.status))
    }

    @Test func functionAndStepTolerancesStopAsDocumented() throws {
        let f = DiagonalQuadratic(curvatures: [1, 100], center: [1, 2])
        let gd = GradientDescent(lineSearch: MoreThuente())
        let byF = try minimize(
            f, from: [0, 0], using: gd, options: Options(gradientTolerance: 0, functionTolerance: 1e-6))
        #expect(byF.status == .convergedFunctionChange)
        let last = byF.trace.suffix(2).map(\.value)
        #expect(abs(last[0] - last[1]) / max(abs(last[0]), abs(last[1]), 1) <= 1e-6)
        let byX = try minimize(f, from: [0, 0], using: gd, options: Options(gradientTolerance: 0, stepTolerance: 1e-5))
        #expect(byX.status == .convergedStep)
        // The last step is the first one within 10⁻⁵ (runs are deterministic: stop one and two
        // iterations earlier to see the previous iterates).
        let k = byX.iterations
        let previous = try minimize(
            f, from: [0, 0], using: gd, options: Options(gradientTolerance: 0, maxIterations: k - 1)
        ).x
        let before = try minimize(
            f, from: [0, 0], using: gd, options: Options(gradientTolerance: 0, maxIterations: k - 2)
        ).x
        #expect(zip(byX.x, previous).map { abs($0 - $1) }.max()! <= 1e-5)
        #expect(zip(previous, before).map { abs($0 - $1) }.max()! > 1e-5)
    }

    @Test func rejectsBadInput() {
        #expect(throws: MinimizeError.dimensionMismatch(objective: 2, start: 3)) {
            try minimize(Rosenbrock2(), from: [0, 0, 0], using: lbfgs)
        }
        #expect(
            throws: MinimizeError.invalidParameter(
                InvalidParameter(name: "gtol", value: "-1", expected: "a number ≥ 0"))
        ) {
            try minimize(Rosenbrock2(), from: [0, 0], using: lbfgs, options: Options(gradientTolerance: -1))
        }
        #expect(
            throws: MinimizeError.invalidParameter(
                InvalidParameter(name: "memory", value: "0", expected: "an integer in [1, 2000]"))
        ) {
            try minimize(Rosenbrock2(), from: [0, 0], using: LBFGS(memory: 0, lineSearch: MoreThuente()))
        }
    }

    @Test func lbfgsWithMemoryOneStillConvergesAndSteepestDescentToo() throws {
        let f = DiagonalQuadratic(curvatures: [1, 3, 10], center: [1, -2, 0.5])
        for solver in [
            LBFGS(memory: 1, lineSearch: MoreThuente()) as any Solver, GradientDescent(lineSearch: Backtracking()),
        ] {
            let result = try minimize(f, from: [0, 0, 0], using: solver, options: Options(gradientTolerance: 1e-9))
            #expect(result.status == .convergedGradient, "\(solver.summary)")
            for i in 0..<3 { #expect(abs(result.x[i] - f.center[i]) <= 1e-8) }
        }
    }
}

/// The library example of the README, kept compiling and correct.
@Suite struct ReadmeExampleTests {
    struct Booth: Objective {
        var dimension: Int { 2 }
        func valueAndGradient(
            at x: UnsafeBufferPointer<Double>, gradient g: UnsafeMutableBufferPointer<Double>
        ) -> Double {
            let a = x[0] + 2 * x[1] - 7, b = 2 * x[0] + x[1] - 5
            g[0] = 2 * a + 4 * b
            g[1] = 4 * a + 2 * b
            return a * a + b * b
        }
    }

    @Test func boothConvergesToOneThree() throws {
        let result = try minimize(Booth(), from: [0, 0], using: LBFGS(memory: 5, lineSearch: MoreThuente()),
                                  options: Options(gradientTolerance: 1e-10))
        #expect(result.status == .convergedGradient)
        #expect(abs(result.x[0] - 1) <= 1e-10 && abs(result.x[1] - 3) <= 1e-10)
    }
}

@Suite struct UnsupportedCombinationTests {
    @Test func newtonNeedsAHessianAndLinearCGAQuadratic() {
        #expect(throws: MinimizeError.unsupported(.missingCapability(.hessian))) {
            try minimize(Rosenbrock2(), from: [0, 0], using: Newton(lineSearch: MoreThuente()))
        }
        #expect(throws: MinimizeError.unsupported(.missingCapability(.quadratic))) {
            try minimize(Rosenbrock2(), from: [0, 0], using: LinearCG())
        }
        #expect(throws: MinimizeError.unsupported(.lineSearch(.missingCapability(.quadratic)))) {
            try minimize(Rosenbrock2(), from: [0, 0], using: LBFGS(lineSearch: ExactQuadratic()))
        }
    }

    @Test func theDiagonalQuadraticIsSolvedByEveryQuadraticMethod() throws {
        let q = DiagonalQuadraticWithHessian(curvatures: [1, 4, 9], center: [1, -1, 2])
        for solver in [
            LinearCG() as any Solver, Newton(lineSearch: ExactQuadratic()), BFGS(lineSearch: ExactQuadratic()),
        ] {
            let result = try minimize(q, from: [0, 0, 0], using: solver, options: Options(gradientTolerance: 1e-12))
            #expect(result.status == .convergedGradient && result.iterations <= 3, "\(solver.summary)")
            for i in 0..<3 { #expect(abs(result.x[i] - q.center[i]) <= 1e-12) }
        }
    }
}
