import Foundation
import Testing
@testable import Optim

/// f(x) = φ(x₀) that records every x₀ it is evaluated at: the trial steps of a search from
/// x = 0 along d = 1.
final class RecordedLine: Objective {
    let phi: (Double) -> (Double, Double)
    private(set) var steps: [Double] = []
    init(_ phi: @escaping (Double) -> (Double, Double)) { self.phi = phi }
    var dimension: Int { 1 }
    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        steps.append(x[0])
        let (f, g) = phi(x[0])
        gradient[0] = g
        return f
    }

    /// Runs `search` from α₀: the accepted step.
    func run<S: LineSearch>(_ search: S, initialStep: Double) throws(LineSearchFailure) -> LineSearchStep {
        var search = search
        let (f0, g0) = phi(0)
        let line = SearchLine(
            x: Vector([0]), direction: Vector([1]), value0: f0, slope0: g0,
            trialX: Vector(count: 1), trialGradient: Vector(count: 1))
        return try search.search(self, along: line, initialStep: initialStep)
    }
}

/// The trial steps of the Hager–Zhang search, step for step, against an independent Python
/// transcription of the paper's bracket (B0–B3), update (U0–U3) and secant² (S1–S4) rules
/// (`scripts/reference/reference-hager-zhang.py`, Hager & Zhang 2005, section 4), which prints
/// the steps asserted here.
@Suite struct HagerZhangBracketTests {
    /// φ(α) = (3/5)(α/3)⁵ − α from α₀ = 1: 1 is a lower end (φ' = −0.988 < σφ'(0) = −0.9), the
    /// bracket expands to ρ·1 = 5 (φ' > 0), and B1 takes [1, 5] — a = 1, the last lower end. S1:
    /// c = secant(1, 5) = 1.5128…, a new lower end (U2 → [c, 5]); c = A, so S3 takes
    /// c̄ = secant(1, c) = 3.2564…, where T1 holds.
    @Test func bracketStartsFromTheLastLowerEnd() throws {
        let phi = RecordedLine { a in (3.0 / 5 * pow(a / 3, 5) - a, pow(a / 3, 4) - 1) }
        let step = try phi.run(HagerZhang(), initialStep: 1)
        #expect(phi.steps == [1.0, 5.0, 1.5128205128205128, 3.2564102564102564])
        #expect(step.stepLength == 3.2564102564102564 && step.evaluations == 4)
    }

    /// φ(α) = −0.1α + 5exp(−10(α − 2)²) from α₀ = 0.02: the bracket expands 0.02 → 0.1 → 0.5 →
    /// 2.5, past the barrier at 2, where φ' < 0 but φ > φ(0) + εₖ: B2 bisects [0, 2.5] (from 0,
    /// as the paper says, not from the last lower end 0.5) and stops at 1.25 (φ' > 0, T1 holds).
    @Test func aValueAboveTheCeilingBisectsFromZero() throws {
        let phi = RecordedLine { a in
            let e = 5 * exp(-10 * (a - 2) * (a - 2))
            return (-0.1 * a + e, -0.1 - 20 * (a - 2) * e)
        }
        let step = try phi.run(HagerZhang(), initialStep: 0.02)
        #expect(phi.steps == [0.02, 0.1, 0.5, 2.5, 1.25])
        #expect(step.stepLength == 1.25 && step.evaluations == 5)
    }
}
