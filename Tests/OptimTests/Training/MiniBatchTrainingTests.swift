import Testing
@testable import Optim

/// f(θ) = (1/N) Σᵢ ½(θ − aᵢ)² in one dimension: ∇f_B(θ) = θ − mean(a over B), so every
/// update can be written out by hand.
final class MeanOfSquares: StochasticObjective {
    let a: [Double]
    /// The batches seen, in order.
    var batches: [[Int]] = []
    init(_ a: [Double]) { self.a = a }
    var dimension: Int { 1 }
    var sampleCount: Int { a.count }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        gradient[0] = x[0] - a.reduce(0, +) / Double(a.count)
        return a.reduce(0) { $0 + 0.5 * (x[0] - $1) * (x[0] - $1) } / Double(a.count)
    }

    func valueAndGradient(at x: UnsafeBufferPointer<Double>, samples: UnsafeBufferPointer<Int>, training: Bool,
                          gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        batches.append(Array(samples))
        let mean = samples.reduce(0) { $0 + a[$1] } / Double(samples.count)
        gradient[0] = x[0] - mean
        return samples.reduce(0) { $0 + 0.5 * (x[0] - a[$1]) * (x[0] - a[$1]) } / Double(samples.count)
    }
}

@Suite struct MiniBatchTrainingTests {
    /// Full batches (batch size N): every step uses ∇f(θ) = θ − 2 for a = (1, 2, 3).
    static func twoEpochs(_ rule: MiniBatchOptions.Rule) throws -> Double {
        let options = MiniBatchOptions(rule: rule, learningRate: 0.5, momentum: 0.5, batchSize: 3, epochs: 2)
        return try trainMiniBatches(MeanOfSquares([1, 2, 3]), from: [0], options: options).x[0]
    }

    @Test func updatesAreTheDocumentedOnes() throws {
        // θ₀ = 0, g(θ) = θ − 2, η = 0.5, γ = 0.5.
        // SGD: θ₁ = 0 − 0.5(−2) = 1, θ₂ = 1 − 0.5(−1) = 1.5.
        #expect(try Self.twoEpochs(.sgd) == 1.5)
        // Heavy ball: v₁ = 0.5(−2) = −1, θ₁ = 1; v₂ = 0.5(−1) + 0.5(−1) = −1, θ₂ = 2.
        #expect(try Self.twoEpochs(.momentum) == 2)
        // Nesterov (gradient at θ − γv): v₁ = −1, θ₁ = 1; look-ahead 1 − 0.5(−1) = 1.5,
        // g = −0.5, v₂ = 0.5(−1) + 0.5(−0.5) = −0.75, θ₂ = 1.75.
        #expect(try Self.twoEpochs(.nesterov) == 1.75)
    }

    /// Adam with full batches: the two steps of `AdaptiveRuleTests.twoAdamStepsByHand`
    /// (g = θ − 2 from θ₀ = 0, η = 0.5).
    @Test func adaptiveRulesTrainByTheirOwnUpdate() throws {
        let options = MiniBatchOptions(rule: .adaptive(Adam()), learningRate: 0.5, batchSize: 3, epochs: 2)
        let result = try trainMiniBatches(MeanOfSquares([1, 2, 3]), from: [0], options: options)
        let theta1 = 0.5 * 2 / (2 + 1e-8)
        let g = theta1 - 2, m = -0.18 + 0.1 * g, v = 0.999 * 0.004 + 0.001 * g * g
        #expect(
            abs(result.x[0] - (theta1 - 0.5 * (m / 0.19) / ((v / (1 - 0.999 * 0.999)).squareRoot() + 1e-8))) <= 1e-14)
        #expect(options.summary == "Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8) (η = 0.5, batch 3, 2 epochs)")
    }

    /// SGD with ‖g‖ clipped to 0.5: g = −2 then −1.5, both clipped to −0.5, so θ = 0.5, 1.
    @Test func clippingBoundsEachMiniBatchStep() throws {
        let options = MiniBatchOptions(rule: .sgd, learningRate: 1, batchSize: 3, epochs: 2, clipNorm: 0.5)
        let result = try trainMiniBatches(MeanOfSquares([1, 2, 3]), from: [0], options: options)
        #expect(result.x == [1])
    }

    /// A cosine schedule over 4 epochs with one epoch of warm-up: η·(1/2)·1, then η·cos-values.
    @Test func schedulesAreCountedInEpochs() throws {
        let options = MiniBatchOptions(rule: .sgd, learningRate: 0.4, batchSize: 3, epochs: 3,
                                       schedule: LearningRateSchedule(.cosine, period: 2, warmup: 1))
        let result = try trainMiniBatches(MeanOfSquares([1, 2, 3]), from: [0], options: options)
        let steps = result.trace.map(\.stepLength)
        #expect(steps.count == 4 && steps[0] == 0 && steps[1] == 0.2 && abs(steps[2] - 0.2) <= 1e-16 && steps[3] == 0)
    }

    /// The callback's answers end training as they end `minimize`: `.interrupt` (Ctrl-C) is
    /// `interrupted`, `.stop` is `stopped-by-callback`, each with the epoch it was given.
    @Test func callbackInterruptsOrStopsAfterAnEpoch() throws {
        let options = MiniBatchOptions(rule: .sgd, learningRate: 0.5, batchSize: 3, epochs: 10)
        for (action, status) in [(CallbackAction.interrupt, Status.interrupted), (.stop, .stoppedByCallback)] {
            let result = try trainMiniBatches(MeanOfSquares([1, 2, 3]), from: [0], options: options) { entry in
                entry.iteration == 2 ? action : .proceed
            }
            // Full batches, g(θ) = θ − 2, η = 0.5: θ₁ = 1, θ₂ = 1.5 — epoch 2 is returned.
            #expect(result.status == status && result.iterations == 2 && result.x == [1.5])
            #expect(result.gradientEvaluations == 2 && result.trace.count == 3)
        }
        // At θ₀ (iteration 0): no epoch runs.
        let atStart = try trainMiniBatches(MeanOfSquares([1, 2, 3]), from: [0], options: options) { _ in .interrupt }
        #expect(
            atStart.status == .interrupted && atStart.iterations == 0 && atStart.gradientEvaluations == 0
                && atStart.x == [0])
    }

    @Test func everyEpochIsAFreshSeededShuffleInBatches() throws {
        let f = MeanOfSquares([1, 2, 3, 4, 5, 6, 7])
        let options = MiniBatchOptions(rule: .sgd, learningRate: 0.1, batchSize: 3, epochs: 2, seed: 9)
        let result = try trainMiniBatches(f, from: [0], options: options)
        // ⌈7/3⌉ = 3 batches per epoch (the last one smaller); each epoch a permutation.
        #expect(f.batches.map(\.count) == [3, 3, 1, 3, 3, 1])
        #expect(Set(f.batches[0..<3].joined()) == Set(0..<7) && Set(f.batches[3..<6].joined()) == Set(0..<7))
        #expect(Array(f.batches[0..<3].joined()) != Array(f.batches[3..<6].joined()))
        #expect(result.gradientEvaluations == 6 && result.valueEvaluations == 3 && result.iterations == 2)
        // The same seed, the same batches.
        let again = MeanOfSquares([1, 2, 3, 4, 5, 6, 7])
        _ = try trainMiniBatches(again, from: [0], options: options)
        #expect(again.batches == f.batches)
    }

    @Test func stepDecayScalesTheLearningRate() throws {
        let options = MiniBatchOptions(
            rule: .sgd, learningRate: 0.4, batchSize: 3, epochs: 4,
            schedule: LearningRateSchedule(.step, factor: 0.5, period: 2))
        let result = try trainMiniBatches(MeanOfSquares([1, 2, 3]), from: [0], options: options)
        #expect(result.trace.map(\.stepLength) == [0, 0.4, 0.4, 0.2, 0.2])
    }

    /// a = (1, 2, 3), full batches, SGD with η = 3: θ₁ = 0 − 3(0 − 2) = 6 with f = 50/6, within
    /// 4·f₀ = 4·14/6; θ₂ = 6 − 3(6 − 2) = −6 with f = 194/6, past it. θ₁ is returned.
    @Test func anEpochPastTheBoundStopsAsDivergedAndReturnsTheLastAcceptedEpoch() throws {
        let options = MiniBatchOptions(rule: .sgd, learningRate: 3, batchSize: 3, epochs: 5)
        let result = try trainMiniBatches(MeanOfSquares([1, 2, 3]), from: [0], options: options)
        #expect(result.status == .diverged)
        #expect(result.x == [6] && result.value == 50.0 / 6 && result.gradient == [4] && result.iterations == 1)
        #expect(result.trace.map(\.value) == [14.0 / 6, 50.0 / 6, 194.0 / 6] && result.valueEvaluations == 3)
        #expect(
            result.detail?.hasPrefix("the training loss after epoch 2, 32.3333, is above 4 × f(θ₀) = 9.33333") == true)
    }

    /// With a smaller factor the same run diverges one epoch earlier (50/6 > 2·14/6).
    @Test func theFactorSetsTheBound() throws {
        let options = MiniBatchOptions(rule: .sgd, learningRate: 3, batchSize: 3, epochs: 5, divergenceFactor: 2)
        let result = try trainMiniBatches(MeanOfSquares([1, 2, 3]), from: [0], options: options)
        #expect(result.status == .diverged && result.x == [0] && result.value == 14.0 / 6 && result.iterations == 0)
        #expect(throws: MinimizeError.self) {
            try trainMiniBatches(
                MeanOfSquares([1]), from: [0],
                options: MiniBatchOptions(rule: .sgd, learningRate: 1, divergenceFactor: 1))
        }
    }

    /// η = 10²⁰⁰ with batches of one: the first step sends θ to about 10²⁰⁰, where the next
    /// mini-batch loss overflows. θ₀ is returned with its own f = 14/6 and ∇f = −2.
    @Test func aNonFiniteBatchReturnsTheLastAcceptedIterateWithItsOwnValue() throws {
        let options = MiniBatchOptions(rule: .sgd, learningRate: 1e200, batchSize: 1, epochs: 3)
        let result = try trainMiniBatches(MeanOfSquares([1, 2, 3]), from: [0], options: options)
        #expect(result.status == .nonFiniteValue)
        #expect(result.x == [0] && result.value == 14.0 / 6 && result.gradient == [-2] && result.gradientNorm == 2)
        #expect(result.iterations == 0 && result.gradientEvaluations == 2 && result.valueEvaluations == 1)
        #expect(result.detail?.hasSuffix("returned: θ after epoch 0 (θ₀), the last accepted") == true)
    }
}
