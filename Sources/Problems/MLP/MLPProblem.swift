import Foundation
import Optim

/// How an MLP problem is built: data, target columns, network, loss options and the split.
/// This is what a `"kind": "mlp"` problem file holds (see `ProblemFile`) and what
/// `mlp:samples=…` generates.
struct MLPSpecification {
    var name: String
    /// Features N × d (row-major) and targets N × t, before splitting.
    var features: [Double]
    var featureCount: Int
    var targets: [Double]
    var targetCount: Int
    var hiddenSizes: [Int]
    var activations: [Activation]
    var head: Head
    var l2: Double
    /// Fraction of the samples used for training, in (0, 1).
    var split: Double
    var seed: UInt64
    var standardize: Bool

    var sampleCount: Int { features.count / featureCount }

    /// Splits (seeded shuffle), standardizes features (and regression targets) with the
    /// training part's mean and standard deviation, and builds the training objective, the
    /// test objective and the initial θ (Glorot uniform for sigmoid/tanh/identity, He normal
    /// for ReLUs; biases 0).
    func build() -> TestProblem {
        var rng = SeededGenerator(seed: seed)
        var order = Array(0..<sampleCount)
        rng.shuffle(&order)
        let trainCount = min(max(1, Int((split * Double(sampleCount)).rounded())), sampleCount - 1)
        let trainRows = Array(order[..<trainCount]), testRows = Array(order[trainCount...])

        let outputs = head == .softmax ? Int(targets.max()!) + 1 : targetCount
        let sizes = [featureCount] + hiddenSizes + [head == .softmax ? max(outputs, 2) : targetCount]
        let architecture = MLPArchitecture(sizes: sizes, activations: activations, head: head)

        func columnStatistics(_ data: [Double], width: Int) -> (mean: [Double], scale: [Double]) {
            var mean = [Double](repeating: 0, count: width), variance = [Double](repeating: 0, count: width)
            for r in trainRows { for j in 0..<width { mean[j] += data[r * width + j] } }
            for j in 0..<width { mean[j] /= Double(trainRows.count) }
            for r in trainRows { for j in 0..<width { let d = data[r * width + j] - mean[j]; variance[j] += d * d } }
            return (mean, variance.map { let s = ($0 / Double(trainRows.count)).squareRoot(); return s > 0 ? s : 1 })
        }
        typealias Statistics = (mean: [Double], scale: [Double])
        let featureStats: Statistics = standardize ? columnStatistics(features, width: featureCount)
            : ([Double](repeating: 0, count: featureCount), [Double](repeating: 1, count: featureCount))
        let targetStats: Statistics = head == .identity && standardize ? columnStatistics(targets, width: targetCount)
            : ([Double](repeating: 0, count: targetCount), [Double](repeating: 1, count: targetCount))

        func objective(_ rows: [Int]) -> MLPObjective {
            var x: [Double] = [], t: [Double] = []
            x.reserveCapacity(rows.count * featureCount)
            for r in rows {
                for j in 0..<featureCount {
                    x.append((features[r * featureCount + j] - featureStats.mean[j]) / featureStats.scale[j])
                }
                if head == .softmax {
                    let label = Int(targets[r])
                    for c in 0..<sizes.last! { t.append(c == label ? 1 : 0) }
                } else {
                    for j in 0..<targetCount {
                        t.append((targets[r * targetCount + j] - targetStats.mean[j]) / targetStats.scale[j])
                    }
                }
            }
            return MLPObjective(architecture: architecture, l2: l2, inputs: x, targets: t)
        }
        let train = objective(trainRows), test = objective(testRows)

        var theta = [Double](repeating: 0, count: architecture.parameterCount)
        for l in 1...architecture.layerCount {
            let fanIn = sizes[l - 1], fanOut = sizes[l], offset = architecture.weightOffset(l)
            let he = l < architecture.layerCount && activations[l - 1].usesHeInitialization
            let limit = (6 / Double(fanIn + fanOut)).squareRoot(), deviation = (2 / Double(fanIn)).squareRoot()
            for i in 0..<(fanIn * fanOut) {
                theta[offset + i] = he ? deviation * rng.normal() : limit * (2 * rng.uniform() - 1)
            }
        }

        let targetScale = targetStats.scale
        let metrics: ([Double]) -> [(name: String, value: Double)] = { theta in
            var result: [(name: String, value: Double)] = [("parameters", Double(architecture.parameterCount))]
            for (label, part) in [("train", train), ("test", test)] {
                let y = part.outputs(at: theta), t = part.targets.array, k = sizes.last!
                switch head {
                case .softmax:
                    var correct = 0
                    for r in 0..<part.sampleCount {
                        let row = y[(r * k)..<((r + 1) * k)], truth = t[(r * k)..<((r + 1) * k)]
                        if row.indices.max(by: { row[$0] < row[$1] })
                            == truth.indices.max(by: { truth[$0] < truth[$1] })
                        {
                            correct += 1
                        }
                    }
                    result.append(("\(label) accuracy", Double(correct) / Double(part.sampleCount)))
                case .sigmoid:
                    let correct = zip(y, t).filter { ($0 > 0.5) == ($1 > 0.5) }.count
                    result.append(("\(label) accuracy", Double(correct) / Double(y.count)))
                case .identity:
                    var sum = 0.0
                    for i in 0..<y.count { let d = (y[i] - t[i]) * targetScale[i % k]; sum += d * d }
                    result.append(("\(label) RMSE", (sum / Double(part.sampleCount)).squareRoot()))
                }
            }
            return result
        }
        return TestProblem(name: name, objective: train, start: theta, metrics: metrics)
    }
}

extension MLPSpecification {
    /// A generated classification data set for scale tests: `classes` Gaussian clusters in
    /// `features` dimensions (centers ~ N(0, 4I), samples = center + N(0, I)), one hidden tanh
    /// layer of `hidden` units, softmax head, λ = 10⁻⁴, 80/20 split.
    /// - Throws: `ProblemError.memory` when the sizes would not fit (checked before generating).
    static func generated(
        samples: Int, features: Int, hidden: Int, classes: Int, seed: UInt64
    ) throws(ProblemError) -> MLPSpecification {
        let name = "mlp:samples=\(samples),features=\(features),hidden=\(hidden),classes=\(classes),seed=\(seed)"
        let estimate = memoryEstimate(samples: samples, targetColumns: 1, sizes: [features, hidden, classes])
        guard estimate.fits else { throw .memory(problem: name, estimate: estimate) }
        var rng = SeededGenerator(seed: seed)
        let centers = (0..<(classes * features)).map { _ in 2 * rng.normal() }
        var x: [Double] = [], t: [Double] = []
        x.reserveCapacity(samples * features)
        for i in 0..<samples {
            let c = i % classes
            for j in 0..<features { x.append(centers[c * features + j] + rng.normal()) }
            t.append(Double(c))
        }
        return MLPSpecification(
            name: name, features: x, featureCount: features, targets: t, targetCount: 1, hiddenSizes: [hidden],
            activations: [.tanh],
            head: .softmax, l2: 1e-4, split: 0.8, seed: seed, standardize: true)
    }
}
