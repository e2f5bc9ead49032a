import Foundation
import Testing
@testable import Optim

/// The line search of Hager & Zhang (2005, section 4) against its own acceptance conditions,
/// on the six functions of Moré & Thuente (1994) and on hand-built φ.
@Suite struct HagerZhangTests {
    /// T1 (Wolfe) or T2 (approximate Wolfe with εₖ = ε|φ(0)|), checked on φ itself.
    static func acceptable(_ phi: LineFunction, _ search: HagerZhang, at alpha: Double) -> Bool {
        let (f0, g0) = phi.phi(0), (f, g) = phi.phi(alpha)
        let curvature = g >= search.sigma * g0
        let wolfe = f - f0 <= search.delta * alpha * g0 && curvature
        let approximate = (2 * search.delta - 1) * g0 >= g && curvature && f <= f0 + search.epsilon * abs(f0)
        return wolfe || approximate
    }

    @Test(arguments: 0..<6, [1e-3, 1e-1, 10, 1e3])
    func meetsWolfeOrApproximateWolfeOnMoreThuenteFunctions(_ index: Int, _ alpha0: Double) throws {
        let phi = MoreThuenteFunctions.all[index]
        let search = HagerZhang(delta: phi.c1, sigma: phi.c2, maxEvaluations: 100)
        let (result, evaluations) = phi.run(search, initialStep: alpha0)
        let step = try result.get()
        #expect(Self.acceptable(phi, search, at: step.stepLength), "\(phi.name) from \(alpha0): α = \(step.stepLength)")
        // The step reports φ and φ' at the accepted α, and the evaluations it really made.
        let (f, g) = phi.phi(step.stepLength)
        #expect(step.value == f && step.slope == g)
        #expect(step.evaluations == evaluations && evaluations >= 1 && evaluations <= 100)
        // An acceptable first trial is taken as it is, in one evaluation.
        if Self.acceptable(phi, search, at: alpha0) { #expect(step.stepLength == alpha0 && evaluations == 1) }
    }

    /// φ(α) = −α + 2(1 − cos 2πα): at α = 0.49 the slope −1 + 4π sin(0.98π) ≈ −0.21 lies
    /// between σφ'(0) and (2δ − 1)φ'(0), but φ ≈ 3.5 is far above φ(0) + εₖ = 0: the
    /// approximate Wolfe conditions fail on their εₖ test alone, so the trial is refused.
    @Test func refusesASlopeThatFitsWhenTheValueIsAboveTheCeiling() throws {
        let phi = LineFunction(name: "bump", phi: { a in
            (-a + 2 * (1 - cos(2 * Double.pi * a)), -1 + 4 * Double.pi * sin(2 * Double.pi * a))
        }, c1: 0.1, c2: 0.9)
        let search = HagerZhang()
        let (slope, value) = (phi.phi(0.49).1, phi.phi(0.49).0)
        #expect(slope > -0.9 && slope < 0.8 && value > 3)
        let (result, evaluations) = phi.run(search, initialStep: 0.49)
        let step = try result.get()
        #expect(step.stepLength < 0.49 && evaluations > 1)
        #expect(Self.acceptable(phi, search, at: step.stepLength) && step.value <= 0)
    }

    @Test func reportsTheEvaluationLimit() {
        // φ(α) = −α: the slope never rises to σφ'(0), so the bracket expands until the budget ends.
        let phi = LineFunction(name: "linear", phi: { a in (-a, -1) }, c1: 0.1, c2: 0.9)
        let (result, evaluations) = phi.run(HagerZhang(maxEvaluations: 7), initialStep: 1)
        #expect(throws: LineSearchFailure.evaluationLimit(evaluations: 7)) { try result.get() }
        #expect(evaluations == 7)
    }

    @Test func reportsAWallOfNonFiniteValues() {
        // φ(α) = −α up to α = 1, NaN beyond: no step up to the wall meets the curvature
        // condition, so the bisection closes in on α = 1 and reports the non-finite side.
        let phi = LineFunction(name: "wall", phi: { a in a > 1 ? (.nan, .nan) : (-a, -1) }, c1: 0.1, c2: 0.9)
        let (result, evaluations) = phi.run(HagerZhang(maxEvaluations: 200), initialStep: 2)
        guard case .failure(.nonFiniteValue(let alpha)) = result else {
            Issue.record("expected nonFiniteValue, got \(result)")
            return
        }
        #expect(alpha > 1 && alpha <= 1 + 4 * Double.ulpOfOne)
        #expect(evaluations < 200)
    }

    @Test func backsOffFromNonFiniteValues() throws {
        let phi = LineFunction(
            name: "wall", phi: { a in a > 3 ? (.nan, .nan) : ((a - 1) * (a - 1), 2 * (a - 1)) }, c1: 0.1, c2: 0.9)
        let search = HagerZhang()
        let step = try phi.run(search, initialStep: 10).0.get()
        #expect(step.stepLength <= 3 && Self.acceptable(phi, search, at: step.stepLength))
    }

    @Test func refusesAnAscentDirection() {
        let phi = LineFunction(name: "up", phi: { a in (a, 1) }, c1: 0.1, c2: 0.9)
        let (result, evaluations) = phi.run(HagerZhang(), initialStep: 1)
        #expect(throws: LineSearchFailure.notDescentDirection(slope: 1)) { try result.get() }
        #expect(evaluations == 0)
    }
}
