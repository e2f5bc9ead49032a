import Foundation
import Testing
@testable import Optim

/// Linear rates on a quadratic with eigenvalues log-spaced in [μ, L] = [1, 100], measured over
/// 50 iterations from x₀ = 0.
@Suite struct FirstOrderRateTests {
    let q: TestQuadratic
    let mu = 1.0, L = 100.0

    init() throws { q = try TestQuadratic.random(dimension: 30, conditionNumber: 100, seed: 12) }
    var kappa: Double { L / mu }
    var x0: [Double] { Array(repeating: 0, count: 30) }

    @Test func gradientDescentContractsAtItsRate() throws {
        // η = 2/(L + μ): ‖eₖ‖ ≤ ((κ − 1)/(κ + 1))ᵏ ‖e₀‖ exactly for quadratics.
        let rate = (kappa - 1) / (kappa + 1)
        let result = try minimize(
            q, from: x0, using: GradientDescent(lineSearch: FixedStep(learningRate: 2 / (L + mu))),
            options: Options(gradientTolerance: 0, maxIterations: 50))
        let ratio = distance(result.x, q.minimizer) / distance(x0, q.minimizer)
        #expect(ratio <= pow(rate, 50) * (1 + 1e-9), "ratio \(ratio) vs bound \(pow(rate, 50))")
    }

    @Test func heavyBallContractsAtItsOptimalRate() throws {
        // η = 4/(√L + √μ)², γ = ρ², ρ = (√κ − 1)/(√κ + 1): every mode contracts like ρᵏ, with a
        // factor (k + 1) for the double eigenvalues at μ and L. Stated slack: 2(k + 1)ρᵏ.
        let rho = (kappa.squareRoot() - 1) / (kappa.squareRoot() + 1)
        let eta = 4 / pow(L.squareRoot() + mu.squareRoot(), 2)
        let result = try minimize(q, from: x0, using: Momentum(learningRate: eta, momentum: rho * rho),
                                  options: Options(gradientTolerance: 0, maxIterations: 50))
        let ratio = distance(result.x, q.minimizer) / distance(x0, q.minimizer)
        #expect(ratio <= 2 * 51 * pow(rho, 50), "ratio \(ratio) vs bound \(2 * 51 * pow(rho, 50))")
        // And it beats gradient descent's bound by orders of magnitude.
        #expect(ratio < 1e-3 * pow((kappa - 1) / (kappa + 1), 50))
    }

    @Test func nesterovContractsAtItsRate() throws {
        // η = 1/L, γ = (√κ − 1)/(√κ + 1): f − f* ≤ (1 − 1/√κ)ᵏ (f(x₀) − f* + μ/2‖x₀ − x*‖²)
        // (Nesterov 2004, Theorem 2.2.3). Measured at the look-ahead iterate; stated slack 2.
        let gamma = (kappa.squareRoot() - 1) / (kappa.squareRoot() + 1)
        let result = try minimize(q, from: x0, using: Momentum(.nesterov, learningRate: 1 / L, momentum: gamma),
                                  options: Options(gradientTolerance: 0, maxIterations: 50))
        let initialGap = q.value(at: x0) - q.minimum + mu / 2 * pow(distance(x0, q.minimizer), 2)
        let gap = result.value - q.minimum
        let bound = pow(1 - 1 / kappa.squareRoot(), 50) * initialGap
        #expect(gap <= 2 * bound, "gap \(gap) vs bound \(bound)")
    }
}
