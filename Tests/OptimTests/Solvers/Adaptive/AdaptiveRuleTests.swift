import Testing
@testable import Optim

/// The adaptive updates on cases small enough to work out by hand.
@Suite struct AdaptiveRuleTests {
    /// Applies `rule` `steps` times from θ₀ with the gradients `gradient(θ)`.
    static func run(_ rule: some AdaptiveRule, from x0: [Double], learningRate eta: Double, steps: Int,
                    gradient: ([Double]) -> [Double]) -> [[Double]] {
        let memory = AdaptiveMemory(dimension: x0.count, vectors: rule.stateVectors)
        var x = x0, path: [[Double]] = []
        for _ in 0..<steps {
            let g = gradient(x)
            var next = x
            rule.apply(memory, x: x, gradient: g, learningRate: eta, into: &next, count: x.count)
            x = next
            path.append(x)
        }
        return path
    }

    /// With a constant gradient g, bias correction makes m̂ₜ = g and v̂ₜ = g² at every t, so
    /// each Adam step is η·g/(|g| + ε): θₜ = θ₀ − tη·g/(|g| + ε). Uncorrected, the first step
    /// would be η·0.1g/(√0.001|g| + ε) ≈ 3.16η.
    @Test func biasCorrectionMakesConstantGradientsTakeStepsOfSizeEta() {
        let g = [2.0, -0.5]
        let path = Self.run(Adam(), from: [0, 0], learningRate: 0.1, steps: 3) { _ in g }
        for (t, x) in path.enumerated() {
            for i in 0..<2 {
                let expected = -Double(t + 1) * 0.1 * g[i] / (abs(g[i]) + 1e-8)
                #expect(abs(x[i] - expected) <= 1e-14, "t = \(t + 1), i = \(i)")
            }
        }
    }

    /// Two Adam steps on g(θ) = θ − 2 from θ₀ = 0, η = 0.5, written out:
    /// t = 1: g = −2, m = −0.2, v = 0.004, m̂ = −2, v̂ = 4, θ₁ = 0.5·2/(2 + ε) ≈ 0.5;
    /// t = 2: g = θ₁ − 2, m = 0.9(−0.2) + 0.1g, v = 0.999·0.004 + 0.001g²,
    /// θ₂ = θ₁ − 0.5·(m/0.19)/(√(v/0.001999) + ε).
    @Test func twoAdamStepsByHand() {
        let path = Self.run(Adam(), from: [0], learningRate: 0.5, steps: 2) { [$0[0] - 2] }
        let theta1 = 0.5 * 2 / (2 + 1e-8)
        let g = theta1 - 2, m = -0.18 + 0.1 * g, v = 0.999 * 0.004 + 0.001 * g * g
        let theta2 = theta1 - 0.5 * (m / 0.19) / ((v / (1 - 0.999 * 0.999)).squareRoot() + 1e-8)
        #expect(abs(path[0][0] - theta1) <= 1e-15)
        #expect(abs(path[1][0] - theta2) <= 1e-14)
        #expect(abs(theta2 - 0.99129) < 1e-4)
    }

    /// With no loss gradient, only the decay acts. L2 decay (Adam) is a gradient λθ, which
    /// Adam normalizes: every coordinate moves by η whatever its size. Decoupled decay (AdamW)
    /// shrinks θ by the factor 1 − ηλ and Adam's moments stay zero.
    @Test func decoupledAndL2WeightDecayDiffer() {
        let x0 = [2.0, -4.0]
        let l2 = Self.run(Adam(weightDecay: 0.5), from: x0, learningRate: 0.1, steps: 1) { _ in [0, 0] }[0]
        let decoupled = Self.run(Adam(weightDecay: 0.5, decoupled: true), from: x0, learningRate: 0.1, steps: 1) { _ in
            [0, 0]
        }[0]
        let decoupledExpected: [Double] = [2 * 0.95, -4 * 0.95]
        #expect(decoupled == decoupledExpected)
        let l2Expected: [Double] = [2 - 0.1 * 1 / (1 + 1e-8), -4 + 0.1 * 2 / (2 + 1e-8)]
        #expect(abs(l2[0] - l2Expected[0]) <= 1e-15 && abs(l2[1] - l2Expected[1]) <= 1e-15)
    }

    /// AMSGrad divides by the largest vₜ so far: after a large gradient and a small one, the
    /// second step is smaller than Adam's (β₂ = 0.5 so that v falls).
    @Test func amsgradKeepsTheLargestSecondMoment() {
        let gradients = [[10.0], [1.0]]
        var k = 0
        let adam = Self.run(Adam(beta2: 0.5), from: [0], learningRate: 0.1, steps: 2) { _ in
            defer { k += 1 }; return gradients[k % 2]
        }
        k = 0
        let ams = Self.run(Adam(beta2: 0.5, amsgrad: true), from: [0], learningRate: 0.1, steps: 2) { _ in
            defer { k += 1 }; return gradients[k % 2]
        }
        // t = 2: m = 0.9·1 + 0.1·1 = 1, m̂ = 1/0.19; v = 0.5·50 + 0.5 = 25.5 ≥ v₁ = 50? No: v₁ = 50, v₂ = 25.5,
        // so AMSGrad uses 50: v̂ = 50/0.75, Adam v̂ = 25.5/0.75.
        let m = (0.9 * 1 + 0.1 * 1) / 0.19
        #expect(abs((ams[1][0] - ams[0][0]) - -0.1 * m / ((50 / 0.75).squareRoot() + 1e-8)) <= 1e-15)
        #expect(abs((adam[1][0] - adam[0][0]) - -0.1 * m / ((25.5 / 0.75).squareRoot() + 1e-8)) <= 1e-15)
    }

    /// Adagrad's accumulated steps: with g = 1 constant, θₜ = −η Σ 1/√k (ε aside).
    @Test func adagradStepsShrinkLikeOneOverRootT() {
        let path = Self.run(Adagrad(epsilon: 1e-300), from: [0], learningRate: 1, steps: 4) { _ in [1] }
        var sum = 0.0
        for t in 1...4 {
            sum += 1 / Double(t).squareRoot()
            #expect(abs(path[t - 1][0] + sum) <= 1e-15)
        }
    }

    /// Adadelta's first step from u = 0 is √ε/√((1 − ρ)g² + ε)·g: about √(ε/(1 − ρ)) — tiny.
    @Test func adadeltaStartsWithAStepOfRootEpsilon() {
        let x = Self.run(Adadelta(), from: [0], learningRate: 1, steps: 1) { _ in [3] }[0][0]
        #expect(abs(x - -(1e-6).squareRoot() / (0.1 * 9 + 1e-6).squareRoot() * 3) <= 1e-18)
    }

    /// A learning rate so large that the first Adagrad step (of size η) leaves the range of
    /// doubles: the run stops as non-finite at x₀, with its own f.
    @Test func aNonFiniteStepIsNotTaken() throws {
        let result = try minimize(
            Rosenbrock2(), from: [-1.2, 1], using: AdaptiveSolver(Adagrad(), control: StepControl(learningRate: 1e200)))
        #expect(
            result.status == .nonFiniteValue && result.x == [-1.2, 1] && result.iterations == 0
                && abs(result.value - 24.2) <= 1e-13)
    }

    /// The summary names the method and every setting, in the trace header and results.
    @Test func summariesNameTheSettings() {
        let solver = AdaptiveSolver(
            Adam(weightDecay: 0.01, decoupled: true, amsgrad: true),
            control: StepControl(learningRate: 1e-3, schedule: LearningRateSchedule(.cosine, period: 100), clipNorm: 1))
        #expect(
            solver.summary
                == "AdamW with AMSGrad (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0.01), η = 0.001, cosine over 100 "
                    + "iterations, ‖g‖₂ clipped to 1"
        )
        #expect(RMSProp(momentum: 0.9, centered: true).summary == "centred RMSProp (α = 0.99, ε = 1e-8, μ = 0.9)")
    }
}
