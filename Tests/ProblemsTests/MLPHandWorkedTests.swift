import Foundation
import Optim
@testable import Problems
import Testing

/// Small MLP problems whose loss, data preparation and metrics are worked out by hand.
@Suite struct MLPHandWorkedTests {
    /// ŷ = wx + b (no hidden layer, identity head) on two samples (x, t) = (1, 2), (3, −1),
    /// θ = (w, b) = (0.5, 0.25): residuals r = (−1.25, 2.75), so the mean loss is
    /// L = ½·(½r₁² + ½r₂²) = 2.28125, ∇L = ½(r₁ + 3r₂, r₁ + r₂) = (3.5, 0.75) and
    /// ∇²L = ½[[1 + 9, 1 + 3], [1 + 3, 2]] = [[5, 2], [2, 1]], so ∇²L·(1, −1) = (3, 1).
    @Test func twoSampleLossIsTheMeanOverSamples() {
        let f = MLPObjective(architecture: MLPArchitecture(sizes: [1, 1], activations: [], head: .identity), l2: 0,
                             inputs: [1, 3], targets: [2, -1])
        let theta = [0.5, 0.25]
        var gradient = [0.0, 0.0], hv = [0.0, 0.0]
        let value = theta.withUnsafeBufferPointer { x in
            gradient.withUnsafeMutableBufferPointer { f.valueAndGradient(at: x, gradient: $0) }
        }
        theta.withUnsafeBufferPointer { x in
            [1.0, -1.0].withUnsafeBufferPointer { v in
                hv.withUnsafeMutableBufferPointer { f.hessianVectorProduct(at: x, direction: v, into: $0) }
            }
        }
        #expect(value == 2.28125 && gradient == [3.5, 0.75] && hv == [3, 1])
        // A batch of the second sample alone: ½r₂² and its gradient r₂(3, 1).
        var batchGradient = [0.0, 0.0]
        let batch = theta.withUnsafeBufferPointer { x in
            [1].withUnsafeBufferPointer { s in
                batchGradient.withUnsafeMutableBufferPointer {
                    f.valueAndGradient(at: x, samples: s, training: true, gradient: $0)
                }
            }
        }
        #expect(batch == 3.78125 && batchGradient == [8.25, 2.75])
    }

    static func specification(
        features: [Double], targets: [Double], head: Head, split: Double = 0.5, seed: UInt64 = 5,
        standardize: Bool = true
    ) -> MLPSpecification {
        MLPSpecification(
            name: "hand", features: features, featureCount: 1, targets: targets, targetCount: 1, hiddenSizes: [],
            activations: [], head: head, l2: 0, split: split, seed: seed, standardize: standardize)
    }

    /// The documented split: a seeded shuffle of the rows, the first round(split·N) for training.
    static func split(_ count: Int, fraction: Double, seed: UInt64) -> (train: [Int], test: [Int]) {
        var rng = SeededGenerator(seed: seed)
        var order = Array(0..<count)
        rng.shuffle(&order)
        let trainCount = min(max(1, Int((fraction * Double(count)).rounded())), count - 1)
        return (Array(order[..<trainCount]), Array(order[trainCount...]))
    }

    static func metrics(
        _ compute: ([Double]) -> [(name: String, value: Double)], at theta: [Double]
    ) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: compute(theta).map { ($0.name, $0.value) })
    }

    static func meanAndDeviation(_ values: [Double]) -> (Double, Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        return (mean, (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot())
    }

    @Test func featuresAreStandardizedWithTheTrainingRowsOnly() throws {
        let features: [Double] = [1, 2, 3, 10, 20, 30]
        let problem = Self.specification(features: features, targets: [0, 1, 0, 1, 0, 1], head: .sigmoid).build()
        let train = try #require(problem.objective as? MLPObjective)
        let rows = Self.split(6, fraction: 0.5, seed: 5).train
        let (mean, deviation) = Self.meanAndDeviation(rows.map { features[$0] })
        let expected = rows.map { (features[$0] - mean) / deviation }
        #expect(
            zip(train.inputs.array, expected).allSatisfy { abs($0 - $1) <= 1e-15 },
            "\(train.inputs.array) vs \(expected)")
        // The whole data set's mean is not the training rows' here.
        #expect(abs(features.reduce(0, +) / 6 - mean) > 0.5)
    }

    @Test(arguments: [(0.5, 3), (0.8, 5), (0.99, 5), (0.01, 1), (0.4, 2)])
    func splitSizes(_ fraction: Double, _ trainCount: Int) throws {
        let problem = Self.specification(
            features: [1, 2, 3, 4, 5, 6], targets: [0, 1, 0, 1, 0, 1], head: .sigmoid, split: fraction
        ).build()
        #expect(try #require(problem.objective as? MLPObjective).sampleCount == trainCount)
    }

    /// At θ = 0 the network predicts 0 in standardized units, the training mean in the
    /// targets' own: the training RMSE is the training targets' standard deviation, the test
    /// RMSE the root mean square of the test targets about the training mean.
    @Test func rmseIsInTheTargetsOwnUnits() throws {
        let targets: [Double] = [3, 7, 1, 9, 4, 12]
        let problem = Self.specification(features: [1, 2, 3, 4, 5, 6], targets: targets, head: .identity).build()
        let (trainRows, testRows) = Self.split(6, fraction: 0.5, seed: 5)
        let (mean, deviation) = Self.meanAndDeviation(trainRows.map { targets[$0] })
        let testRMSE =
            (testRows.map { (targets[$0] - mean) * (targets[$0] - mean) }.reduce(0, +) / Double(testRows.count))
            .squareRoot()
        let metrics = Self.metrics(try #require(problem.metrics), at: [0, 0])
        #expect(abs(metrics["train RMSE"]! - deviation) <= 1e-14 * deviation)
        #expect(abs(metrics["test RMSE"]! - testRMSE) <= 1e-14 * testRMSE)
        #expect(deviation > 2)
    }

    /// Sigmoid head, ŷ = σ(x) (θ = (1, 0), raw features): class 1 exactly where x > 0.
    @Test func sigmoidAccuracyThresholdsTheProbabilityAtOneHalf() throws {
        let features: [Double] = [-2, -1, 1, 2, 3, -3], targets: [Double] = [0, 0, 1, 1, 0, 1]
        let problem = Self.specification(features: features, targets: targets, head: .sigmoid, standardize: false)
            .build()
        let (trainRows, testRows) = Self.split(6, fraction: 0.5, seed: 5)
        func accuracy(_ rows: [Int]) -> Double {
            Double(rows.filter { (features[$0] > 0) == (targets[$0] == 1) }.count) / Double(rows.count)
        }
        let metrics = Self.metrics(try #require(problem.metrics), at: [1, 0])
        #expect(metrics["train accuracy"] == accuracy(trainRows) && metrics["test accuracy"] == accuracy(testRows))
    }
}

/// The mini-batch trainer against its update rules written out here, on a two-sample network
/// (1–2–1, tanh, identity head), batches of one sample, a fixed seed, two epochs (four
/// steps): SGD θ ← θ − η∇f_B(θ); heavy ball v ← γv + η∇f_B(θ), θ ← θ − v; Nesterov
/// v ← γv + η∇f_B(θ − γv), θ ← θ − v. The batches follow the documented seeded shuffle.
@Suite struct TrainingRecursionTests {
    static let architecture = MLPArchitecture(sizes: [1, 2, 1], activations: [.tanh], head: .identity)
    static let theta0: [Double] = [0.3, -0.7, 0.1, 0.2, 0.9, -0.4, 0.05]

    static func network() -> MLPObjective {
        MLPObjective(architecture: architecture, l2: 0, inputs: [0.5, -1.0], targets: [1.0, -0.5])
    }

    @Test(arguments: [MiniBatchOptions.Rule.sgd, .momentum, .nesterov])
    func threeRulesFollowTheirRecursions(_ rule: MiniBatchOptions.Rule) throws {
        let eta = 0.3, gamma = 0.6, seed: UInt64 = 3
        let f = Self.network()
        var theta = Self.theta0, v = [Double](repeating: 0, count: theta.count)
        var rng = SeededGenerator(seed: seed)
        var order = [0, 1]
        var steps = 0
        var lookAhead = false, heavy = true
        if case .nesterov = rule { lookAhead = true }
        if case .sgd = rule { heavy = false }
        for _ in 0..<2 {
            rng.shuffle(&order)
            for sample in order {
                let at = lookAhead ? zip(theta, v).map { $0 - gamma * $1 } : theta
                var g = [Double](repeating: 0, count: theta.count)
                _ = at.withUnsafeBufferPointer { x in
                    [sample].withUnsafeBufferPointer { s in
                        g.withUnsafeMutableBufferPointer {
                            f.valueAndGradient(at: x, samples: s, training: true, gradient: $0)
                        }
                    }
                }
                let momentum = heavy ? gamma : 0
                v = zip(v, g).map { momentum * $0 + eta * $1 }
                theta = zip(theta, v).map { $0 - $1 }
                steps += 1
            }
        }
        let options = MiniBatchOptions(
            rule: rule, learningRate: eta, momentum: gamma, batchSize: 1, epochs: 2, seed: seed)
        let result = try trainMiniBatches(Self.network(), from: Self.theta0, options: options)
        #expect(steps == 4 && result.gradientEvaluations == 4)
        let error = zip(result.x, theta).map { abs($0 - $1) }.max()!
        #expect(error <= 1e-14, "\(rule): \(result.x) vs \(theta)")
    }

    /// The three rules give three different θ (so the test above tells them apart).
    @Test func theRulesDiffer() throws {
        let results = try [MiniBatchOptions.Rule.sgd, .momentum, .nesterov].map { rule in
            try trainMiniBatches(
                Self.network(), from: Self.theta0,
                options: MiniBatchOptions(
                    rule: rule, learningRate: 0.3, momentum: 0.6, batchSize: 1, epochs: 2, seed: 3)
            ).x
        }
        #expect(distance(results[0], results[1]) > 1e-3 && distance(results[1], results[2]) > 1e-3)
    }
}

private func distance(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
}
