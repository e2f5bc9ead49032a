import Testing
@testable import Optim

/// Adagrad's update θₜ = θₜ₋₁ − η g/(√sₜ + ε), sₜ = sₜ₋₁ + g², g = ∇f + λθₜ₋₁ (Duchi, Hazan &
/// Singer 2011, eq. (1); torch.optim.Adagrad), with ε = 1 so large that where it sits shows.
@Suite struct AdagradEpsilonTests {
    /// η = 1, ε = 1, θ₀ = 0, g = 3 then 4: s₁ = 9, θ₁ = −3/(3 + 1) = −0.75; s₂ = 25,
    /// θ₂ = −0.75 − 4/(5 + 1) = −17/12. (ε inside the root would give −3/√10 = −0.949 first.)
    @Test func epsilonIsAddedOutsideTheSquareRoot() {
        let path = AdaptiveRuleTests.run(Adagrad(epsilon: 1), from: [0], learningRate: 1, steps: 2) { x in
            [x[0] == 0 ? 3 : 4]
        }
        #expect(path[0] == [-0.75])
        #expect(abs(path[1][0] - -17.0 / 12) <= 1e-15)
    }

    /// λ = 0.5, η = 1, ε = 1, θ₀ = 2, ∇f = 3: g = 3 + 0.5·2 = 4 enters the accumulator as well as
    /// the numerator: s₁ = 16, θ₁ = 2 − 4/(4 + 1) = 1.2. Then g = 3 + 0.6 = 3.6, s₂ = 28.96,
    /// θ₂ = 1.2 − 3.6/(√28.96 + 1).
    @Test func weightDecayEntersTheAccumulator() {
        let path = AdaptiveRuleTests.run(Adagrad(epsilon: 1, weightDecay: 0.5), from: [2], learningRate: 1, steps: 2) {
            _ in [3]
        }
        #expect(abs(path[0][0] - 1.2) <= 1e-15)
        #expect(abs(path[1][0] - (1.2 - 3.6 / (28.96.squareRoot() + 1))) <= 1e-15)
    }
}
