import Foundation
import Testing
@testable import Optim

@Suite struct BarzilaiBorweinTests {
    /// (iteration, x, f, f evaluations) of Raydan's GBB on Rosenbrock from (−1.2, 1), printed
    /// by an independent transcription in plain Python floats (scripts/reference/reference-bb.py;
    /// the evaluations include the unbounded-ray probes, `UnboundedRay`).
    static let reference: [BarzilaiBorwein.StepRule: [(Int, [Double], Double, Int)]] = [
        .bb1: [
            (1, [-0.9088968127794159, 1.118817627436973], 12.212633421552631, 6),
            (2, [-1.0010735780236386, 1.0662227955673638], 4.414849452458921, 7),
            (5, [-1.0207274518708893, 1.0498126865947692], 4.089624999853603, 10),
            (10, [-0.8256935129399906, 0.6896781912827638], 3.3394111043457544, 17),
            (20, [-0.48938361360028676, 0.24697953255334557], 2.2238633935864227, 35),
            (30, [0.9220922832226677, 0.849302454566591], 0.006160190231066058, 50),
            (40, [0.8960246403071184, 0.9565367675686817], 2.3724609685938107, 62),
        ],
        .bb2: [
            (1, [-0.9088968127794159, 1.118817627436973], 12.212633421552631, 6),
            (2, [-1.000894771884997, 1.066324819963362], 4.420049741951931, 7),
            (5, [-1.0208667660407371, 1.0501516467441367], 4.090274824422343, 10),
            (10, [-0.9365970038934328, 0.8852579754424293], 3.756878593717651, 19),
            (20, [-0.617197114071663, 0.39350926941262776], 2.6311445780209493, 35),
            (30, [-0.267680379253864, 0.0769832155243548], 1.6098548924363132, 47),
            (40, [0.32867043913578753, 0.05618882628573815], 0.7193745728467511, 60),
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
        var lambda = 1.0   // the safe step: ‖g₀‖₂ > 1
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
            Rosenbrock2(), from: [-1.2, 1], using: &solver, options: Options(maxIterations: 2000),
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
    }

    @Test func backsOffFromNonFiniteValues() throws {
        // f is NaN for x₀ > 2: the first trial from (−1.2, 1) with λ = 1 lands far beyond.
        let result = try minimize(Walled(base: Rosenbrock2(), limit: 2), from: [-1.2, 1], using: BarzilaiBorwein(),
                                  options: Options(maxIterations: 5000))
        #expect(result.status == .convergedGradient && distance(result.x, [1, 1]) <= 1e-6)
    }

    @Test func refusesParametersOutsideTheirRanges() {
        #expect(throws: InvalidParameter.self) { try BarzilaiBorwein(nonmonotoneMemory: -1).validate() }
        #expect(throws: InvalidParameter.self) { try BarzilaiBorwein(sufficientDecrease: 1).validate() }
        #expect(throws: InvalidParameter.self) { try BarzilaiBorwein(shrinkMin: 0.6, shrinkMax: 0.5).validate() }
    }
}
