import Foundation
import Testing
@testable import Optim

@Suite struct BarzilaiBorweinTests {
    /// (iteration, x, f, f evaluations) of Raydan's GBB on Rosenbrock from (−1.2, 1), printed
    /// by an independent transcription in plain Python floats (scripts/reference/reference-bb.py;
    /// with OptBench's scale-invariant unit step in place of Raydan's δ, and the evaluations of
    /// the unbounded-ray probes, `UnboundedRay`).
    static let reference: [BarzilaiBorwein.StepRule: [(Int, [Double], Double, Int)]] = [
        .bb1: [
            (1, [-0.9163185120186554, 1.1157883624413651], 11.29808968499679, 3),
            (2, [-1.003083212786384, 1.066580895980482], 4.3772183274270215, 4),
            (5, [-1.0212413274870682, 1.0508552951594834], 4.091691434918857, 7),
            (10, [-0.6030096288510707, 0.35290373949876586], 2.581125006854069, 14),
            (20, [-0.11696788214557091, 0.022109888572573996], 1.254721047658321, 29),
            (30, [0.4352543125988687, 0.19613250601952212], 0.3234082042855241, 42),
            (40, [0.7907788709338833, 0.6265293641842535], 0.04391703514562318, 56),
        ],
        .bb2: [
            (1, [-0.9163185120186554, 1.1157883624413651], 11.29808968499679, 3),
            (2, [-1.002932752474775, 1.066666227580449], 4.381307815723965, 4),
            (5, [-1.0214265104178706, 1.0512940402389699], 4.092536248181417, 7),
            (10, [-0.45105660280851345, 0.20827744268416928], 2.107893697384777, 15),
            (20, [-0.23313191028040542, 0.05914470165773692], 1.5229127570035805, 29),
            (30, [0.14205415880982725, 0.05766752806902739], 0.8766071607258548, 39),
            (40, [0.43596654769094506, 0.18800226080263777], 0.3185599802120766, 50),
        ],
    ]

    @Test(arguments: [BarzilaiBorwein.StepRule.bb1, .bb2])
    func iteratesMatchAnIndependentTranscription(_ rule: BarzilaiBorwein.StepRule) throws {
        for (k, x, f, evaluations) in Self.reference[rule]! {
            let result = try minimize(Rosenbrock2(), from: [-1.2, 1], using: BarzilaiBorwein(rule: rule),
                                      options: Options(gradientTolerance: 0, maxIterations: k))
            // A nonmonotone method amplifies rounding differences (sums in another order):
            // 1e-12 over the first 20 iterations, 1e-7 by iteration 40.
            let tolerance = k <= 20 ? 1e-12 : 1e-7
            #expect(
                abs(result.value - f) <= tolerance * max(1, abs(f)), "\(rule) iteration \(k): f \(result.value) vs \(f)"
            )
            #expect(distance(result.x, x) <= tolerance * max(1, norm(x)), "\(rule) iteration \(k)")
            #expect(
                result.valueEvaluations == evaluations && result.gradientEvaluations == evaluations,
                "\(rule) iteration \(k)")
        }
    }

    /// On this strictly convex quadratic the nonmonotone test accepts every BB step (f rises
    /// at iterations 6 and 13 and is still accepted), so the iterates are the plain recurrence
    /// xₖ₊₁ = xₖ − λₖgₖ, λₖ = sᵀs/sᵀy, computed in the test.
    @Test func onAQuadraticItIsThePlainBarzilaiBorweinRecurrence() throws {
        let q = DiagonalQuadratic(curvatures: [0.5, 1, 1.5, 1.9], center: [0, 0, 0, 0])
        var x = [1.0, 1, 1, 1], g = q.evaluate(at: x).gradient
        var lambda = 1 / norm(g)   // the unit step 1/‖g₀‖₂
        var expected: [[Double]] = []
        for _ in 0..<14 {
            let next = zip(x, g).map { $0 - lambda * $1 }
            let gNext = q.evaluate(at: next).gradient
            let s = zip(next, x).map { $0 - $1 }, y = zip(gNext, g).map { $0 - $1 }
            lambda = zip(s, s).reduce(0) { $0 + $1.0 * $1.1 } / zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            (x, g) = (next, gNext)
            expected.append(x)
        }
        for k in 1...14 {
            let result = try minimize(
                q, from: [1, 1, 1, 1], using: BarzilaiBorwein(),
                options: Options(gradientTolerance: 0, maxIterations: k))
            #expect(distance(result.x, expected[k - 1]) <= 1e-14 * max(1, norm(expected[k - 1])), "iteration \(k)")
            #expect(result.valueEvaluations == k + 1, "no backtracking on iteration \(k)")
        }
    }

    /// Every accepted step satisfies Raydan's test against the largest of the last M + 1
    /// values of f; with M = 0 that is the monotone Armijo condition.
    @Test(arguments: [0, 3, 10])
    func acceptedStepsPassTheNonmonotoneTest(_ memory: Int) throws {
        var values: [Double] = [], squaredGradients: [Double] = [], steps: [Double] = []
        var solver = BarzilaiBorwein(nonmonotoneMemory: memory)
        let result = try minimize(
            // The monotone run (M = 0) is slow and chaotic on Rosenbrock: 5181 iterations here.
            Rosenbrock2(), from: [-1.2, 1], using: &solver, options: Options(maxIterations: 10000),
            inspect: { state, _ in
                values.append(state.value)
                squaredGradients.append(state.gradient.dot(state.gradient))
                steps.append(state.stepLength)
            })
        #expect(result.status == .convergedGradient)
        var increases = 0
        for k in 1..<values.count {
            let reference = values[max(0, k - 1 - memory)...(k - 1)].max()!
            #expect(values[k] <= reference - 1e-4 * steps[k] * squaredGradients[k - 1], "M = \(memory), iteration \(k)")
            if values[k] > values[k - 1] { increases += 1 }
        }
        // Monotone with M = 0; the nonmonotone runs do let f rise (that is the point).
        #expect(memory == 0 ? increases == 0 : increases > 0, "M = \(memory): \(increases) increases")
    }

    @Test func safeStepIsRaydansDelta() {
        #expect(BarzilaiBorwein.safeStep(gradientNorm: 5) == 1)
        #expect(BarzilaiBorwein.safeStep(gradientNorm: 0.3) == 0.3)
        #expect(BarzilaiBorwein.safeStep(gradientNorm: 1e-7) == 1e-5)
        // The rule the solver uses instead (scale-invariant): x moves by 1.
        #expect(BarzilaiBorwein.unitStep(gradientNorm: 4) == 0.25)
        #expect(BarzilaiBorwein.unitStep(gradientNorm: 0) == 1)
        #expect(BarzilaiBorwein.unitStep(gradientNorm: .infinity) == 1)
    }

    @Test func backsOffFromNonFiniteValues() throws {
        // f is NaN for x₀ > 1.5: the first trial from (0.9, 1), the unit step along
        // −∇f ∝ (68.6, −38), lands at x₀ = 1.77, beyond.
        final class Recorded: Objective {
            var firstCoordinates: [Double] = []
            var dimension: Int { 2 }
            func valueAndGradient(
                at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
            ) -> Double {
                firstCoordinates.append(x[0])
                return Walled(base: Rosenbrock2(), limit: 1.5).valueAndGradient(at: x, gradient: gradient)
            }
        }
        let walled = Recorded()
        let result = try minimize(
            walled, from: [0.9, 1], using: BarzilaiBorwein(), options: Options(maxIterations: 5000))
        #expect(walled.firstCoordinates.count > 1 && walled.firstCoordinates[1] > 1.5)
        #expect(result.status == .convergedGradient && distance(result.x, [1, 1]) <= 1e-6)
    }

    @Test func refusesParametersOutsideTheirRanges() {
        #expect(throws: InvalidParameter.self) { try BarzilaiBorwein(nonmonotoneMemory: -1).validate() }
        #expect(throws: InvalidParameter.self) { try BarzilaiBorwein(sufficientDecrease: 1).validate() }
        #expect(throws: InvalidParameter.self) { try BarzilaiBorwein(shrinkMin: 0.6, shrinkMax: 0.5).validate() }
    }
}
