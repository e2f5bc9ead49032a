import Foundation
import Optim
@testable import Problems
import Testing

/// A small network on random data for derivative checks.
func smallNetwork(_ activation: Activation, _ head: Head, l2: Double, seed: UInt64 = 1) -> (MLPObjective, [Double]) {
    var rng = SeededGenerator(seed: seed)
    let architecture = MLPArchitecture(sizes: [3, 4, 3, 2], activations: [activation, activation], head: head)
    let n = 7
    let inputs = (0..<(n * 3)).map { _ in rng.normal() }
    var targets: [Double] = []
    for _ in 0..<n {
        switch head {
        case .softmax: let c = Int(rng.next() % 2); targets += [c == 0 ? 1 : 0, c == 1 ? 1 : 0]
        case .sigmoid: targets += [Double(rng.next() % 2), Double(rng.next() % 2)]
        case .identity: targets += [rng.normal(), rng.normal()]
        }
    }
    let theta = (0..<architecture.parameterCount).map { _ in 0.7 * rng.normal() }
    return (MLPObjective(architecture: architecture, l2: l2, inputs: inputs, targets: targets), theta)
}

@Suite struct MLPDerivativeTests {
    static let cases: [(Activation, Head, Double)] = Activation.allCases.flatMap { a in
        Head.allCases.flatMap { h in [(a, h, 0.0), (a, h, 0.3)] }
    }

    @Test(arguments: 0..<30)
    func gradientMatchesCentralDifferences(_ index: Int) {
        let (activation, head, l2) = Self.cases[index]
        let (f, theta) = smallNetwork(activation, head, l2: l2)
        let analytic = f.evaluate(at: theta).gradient
        let numeric = centralDifferenceGradient(f, at: theta)
        let error = zip(analytic, numeric).map { abs($0 - $1) }.max()! / max(1e-3, numeric.map(abs).max()!)
        #expect(error <= 1e-6, "\(activation) / \(head) / λ = \(l2): relative error \(error)")
        #expect(f.value(at: theta) == f.evaluate(at: theta).f)
    }

    @Test(arguments: 0..<30)
    func hessianVectorProductMatchesDifferencesOfTheGradient(_ index: Int) {
        let (activation, head, l2) = Self.cases[index]
        // ReLUs: stay away from kinks by using a point where no pre-activation is near 0 —
        // central differences of the gradient are exact there up to rounding.
        let (f, theta) = smallNetwork(activation, head, l2: l2, seed: 5)
        var rng = SeededGenerator(seed: 9)
        let v = (0..<theta.count).map { _ in rng.normal() }
        var hv = [Double](repeating: 0, count: theta.count)
        theta.withUnsafeBufferPointer { t in
            v.withUnsafeBufferPointer { vb in
                hv.withUnsafeMutableBufferPointer { f.hessianVectorProduct(at: t, direction: vb, into: $0) }
            }
        }
        let h = 1e-5
        let plus = f.evaluate(at: zip(theta, v).map { $0 + h * $1 }).gradient
        let minus = f.evaluate(at: zip(theta, v).map { $0 - h * $1 }).gradient
        let numeric = zip(plus, minus).map { ($0 - $1) / (2 * h) }
        let error = zip(hv, numeric).map { abs($0 - $1) }.max()! / max(1e-3, numeric.map(abs).max()!)
        #expect(error <= 1e-6, "\(activation) / \(head) / λ = \(l2): relative error \(error)")
    }
}

@Suite struct MLPWorkedExampleTests {
    @Test func parameterCountsAndLayout() {
        // The notes' 2-3-4-1 ReLU network: (2+1)·3 + (3+1)·4 + (4+1)·1 = 30.
        let a = MLPArchitecture(sizes: [2, 3, 4, 1], activations: [.relu, .relu], head: .identity)
        #expect(a.parameterCount == 30)
        // θ = [W₁ (2×3), b₁ (3), W₂ (3×4), b₂ (4), W₃ (4×1), b₃ (1)].
        let offsets: [Int] = [
            a.weightOffset(1), a.biasOffset(1), a.weightOffset(2), a.biasOffset(2), a.weightOffset(3), a.biasOffset(3),
        ]
        #expect(offsets == [0, 6, 9, 21, 25, 29])
    }

    /// x = (1, 2), W₁ = [[.1, .2, .3], [.4, .5, .6]], b₁ = (.01, .02, .03), ReLU,
    /// W₂ = [[.7, .8], [.9, 1], [1.1, 1.2]], b₂ = (.1, .2), identity head, t = (1, 2). By hand:
    /// A₁ = (.91, 1.22, 1.53) = H₁; ŷ = (3.518, 3.984); loss = ½(2.518² + 1.984²) = 5.13829;
    /// G₂ = (2.518, 1.984); ∂W₂ = H₁ᵀG₂; G₁ = G₂W₂ᵀ = (3.3498, 4.2502, 5.1506); ∂W₁ = xᵀG₁.
    @Test func twoThreeTwoNetworkByHand() {
        let a = MLPArchitecture(sizes: [2, 3, 2], activations: [.relu], head: .identity)
        let f = MLPObjective(architecture: a, l2: 0, inputs: [1, 2], targets: [1, 2])
        let theta: [Double] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.01, 0.02, 0.03, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 0.1, 0.2]
        #expect(zip(f.outputs(at: theta), [3.518, 3.984]).allSatisfy { abs($0 - $1) <= 1e-14 })
        let (loss, g) = f.evaluate(at: theta)
        #expect(abs(loss - 5.13829) <= 1e-12)
        let expected: [Double] = [3.3498, 4.2502, 5.1506, 6.6996, 8.5004, 10.3012,   // ∂W₁
                                  3.3498, 4.2502, 5.1506,                             // ∂b₁
                                  2.29138, 1.80544, 3.07196, 2.42048, 3.85254, 3.03552, // ∂W₂
                                  2.518, 1.984]                                       // ∂b₂
        for (computed, hand) in zip(g, expected) { #expect(abs(computed - hand) <= 1e-12, "\(computed) vs \(hand)") }
        // L2 adds λW to the weight gradients only, and (λ/2)‖W‖² to the loss.
        let regularized = MLPObjective(architecture: a, l2: 0.5, inputs: [1, 2], targets: [1, 2]).evaluate(at: theta)
        let weights = Array(theta[0..<6]) + Array(theta[9..<15])
        #expect(abs(regularized.f - (loss + 0.25 * weights.reduce(0) { $0 + $1 * $1 })) <= 1e-12)
        #expect(abs(regularized.gradient[0] - (g[0] + 0.5 * theta[0])) <= 1e-12)
        #expect(regularized.gradient[6] == g[6] && regularized.gradient[15] == g[15])
    }

    @Test func lbfgsLearnsTheDigits() throws {
        let problem = try ProblemRegistry.resolve(repositoryPath("problems/mlp-digits.json"))
        #expect(problem.dimension == 2410)
        let result = try minimize(problem.objective, from: problem.start, using: LBFGS(lineSearch: MoreThuente()),
                                  options: Options(maxIterations: 2000))
        let report = try #require(problem.metrics)
        var metrics: [String: Double] = [:]
        for entry in report(result.x) { metrics[entry.name] = entry.value }
        #expect(try #require(metrics["test accuracy"]) >= 0.95, "test accuracy \(metrics["test accuracy"] ?? 0)")
        #expect(result.status == .convergedGradient)
    }
}

@Suite struct MLPProblemFileTests {
    /// Writes a problem file (and a small CSV beside it) and returns the resolve error's message.
    func fileError(_ json: String, csv: String = "a,b,label\n1,2,0\n3,4,1\n5,6,1\n7,8,0\n") -> String? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        FileManager.default.createFile(atPath: dir.appendingPathComponent("d.csv").path, contents: Data(csv.utf8))
        let path = dir.appendingPathComponent("p.json").path
        FileManager.default.createFile(atPath: path, contents: Data(json.utf8))
        do {
            _ = try ProblemRegistry.resolve(path)
            return nil
        } catch {
            return error.description.replacingOccurrences(of: dir.path, with: "DIR")
        }
    }

    func spec(_ overrides: [String: String]) -> String {
        var fields = [
            "\"kind\"": "\"mlp\"", "\"dataset\"": "\"d.csv\"", "\"target\"": "\"label\"", "\"layers\"": "[2, 3, 2]",
            "\"activation\"": "\"tanh\"", "\"head\"": "\"softmax\"",
        ]
        for (k, v) in overrides { fields["\"\(k)\""] = v }
        return "{" + fields.filter { $0.value != "DROP" }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
    }

    @Test func aValidFileBuilds() { #expect(fileError(spec([:])) == nil) }

    static let badFiles: [(field: String, value: String, message: String)] = [
        ("dataset", "\"nope.csv\"", "DIR/p.json: field 'dataset': DIR/nope.csv no such file"),
        ("target", "\"class\"", "DIR/p.json: field 'target': no column 'class' in d.csv"),
        (
            "layers", "[3, 3, 2]",
            "DIR/p.json: field 'layers': the first size must be the number of features in d.csv, 2, not 3"
        ),
        ("layers", "[2, 3, 5]", "DIR/p.json: field 'layers': the last size must be the number of classes, 2, not 5"),
        (
            "activation", "\"swish\"",
            "DIR/p.json: field 'activation': unknown activation 'swish'; expected one of: sigmoid, tanh, relu, "
                + "leaky-relu, identity"
        ),
        (
            "head", "\"hinge\"",
            "DIR/p.json: field 'head': unknown head 'hinge'; expected one of: softmax, sigmoid, identity"
        ),
        ("l2", "-0.1", "DIR/p.json: field 'l2': must be ≥ 0, got -0.1"),
        ("split", "1", "DIR/p.json: field 'split': must be in (0, 1), got 1.0"),
        ("split", "0", "DIR/p.json: field 'split': must be in (0, 1), got 0.0"),
        ("layers", "DROP", "DIR/p.json: field 'layers': is missing"),
        (
            "hidden", "[3]",
            "DIR/p.json: field 'hidden': unknown field; expected: kind, name, description, dataset, target, layers, "
                + "activation, head, l2, split, seed, standardize, lower, upper"
        ),
    ]

    @Test(arguments: 0..<11)
    func badFilesNameTheFileAndField(_ index: Int) {
        let (field, value, message) = Self.badFiles[index]
        #expect(fileError(spec([field: value])) == message)
    }

    @Test func badDataNamesTheRowAndColumn() {
        #expect(
            fileError(spec([:]), csv: "a,b,label\n1,2,0\n3,x,1\n")
                == "DIR/p.json: field 'dataset': DIR/d.csv: row 3, column 'b': 'x' is not a number")
        #expect(
            fileError(spec([:]), csv: "a,b,label\n1,2,0\n3,4\n")
                == "DIR/p.json: field 'dataset': DIR/d.csv: row 3 has 2 cells, the header 3")
        #expect(
            fileError(spec([:]), csv: "a,b,label\n1,2,0.5\n3,4,1\n")
                == "DIR/p.json: field 'target': row 2: 0.5 is not a class index (an integer in [0, 999999])")
        #expect(
            fileError(spec([:]), csv: "a,b,label\n1,2,1e300\n3,4,1\n")
                == "DIR/p.json: field 'target': row 2: 1e+300 is not a class index (an integer in [0, 999999])")
        #expect(
            fileError(spec(["head": "\"sigmoid\"", "layers": "[2, 3, 1]"]), csv: "a,b,label\n1,2,2\n3,4,1\n")
                == "DIR/p.json: field 'target': row 2: 2.0 is not 0 or 1 (sigmoid head)")
    }
}

@Suite struct DropoutAndStochasticTests {
    /// The batch loss and gradient on `samples` with dropout masks from `seed` (re-seeded, so
    /// every call with the same seed uses the same masks).
    func batch(_ f: MLPObjective, _ theta: [Double], samples: [Int], seed: UInt64) -> (Double, [Double]) {
        f.dropoutSeed = seed
        var g = [Double](repeating: 0, count: theta.count)
        let loss = theta.withUnsafeBufferPointer { t in samples.withUnsafeBufferPointer { s in
            g.withUnsafeMutableBufferPointer { f.valueAndGradient(at: t, samples: s, training: true, gradient: $0) } } }
        return (loss, g)
    }

    @Test func droppedUnitsGetZeroGradientAndMasksFollowTheSeed() throws {
        let (f, theta) = smallNetwork(.tanh, .softmax, l2: 0)
        f.dropoutKeep = 0.5
        let (_, g) = batch(f, theta, samples: [3], seed: 11)
        let a = f.architecture
        // Hidden layer 1 (4 units): a dropped unit j has zero ∂W₁[:, j], ∂b₁[j] and ∂W₂[j, :].
        let mask = f.masks[0].array
        #expect(mask.contains(0) && mask.contains(2))
        for j in 0..<4 {
            let incoming = (0..<3).map { g[a.weightOffset(1) + $0 * 4 + j] } + [g[a.biasOffset(1) + j]]
            let outgoing = (0..<3).map { g[a.weightOffset(2) + j * 3 + $0] }
            if mask[j] == 0 {
                #expect(incoming.allSatisfy { $0 == 0 } && outgoing.allSatisfy { $0 == 0 }, "unit \(j)")
            } else {
                #expect(outgoing.contains { $0 != 0 }, "unit \(j)")
            }
        }
        // Same seed, same masks and gradient; another seed, other masks.
        #expect(batch(f, theta, samples: [3], seed: 11).1 == g)
        _ = batch(f, theta, samples: [3], seed: 12)
        let other = f.masks[0].array + f.masks[1].array
        _ = batch(f, theta, samples: [3], seed: 11)
        #expect(f.masks[0].array + f.masks[1].array != other)
        // Full-data evaluations never drop units.
        let plain = smallNetwork(.tanh, .softmax, l2: 0).0
        #expect(f.value(at: theta) == plain.value(at: theta))
    }

    @Test func batchGradientWithAFixedMaskMatchesFiniteDifferences() {
        let (f, theta) = smallNetwork(.sigmoid, .identity, l2: 0.1)
        f.dropoutKeep = 0.7
        let samples = [0, 2, 5]
        let (_, g) = batch(f, theta, samples: samples, seed: 4)
        let h = 1e-6
        for i in stride(from: 0, to: theta.count, by: 3) {
            var up = theta, down = theta
            up[i] += h
            down[i] -= h
            let numeric =
                (batch(f, up, samples: samples, seed: 4).0 - batch(f, down, samples: samples, seed: 4).0) / (2 * h)
            #expect(abs(numeric - g[i]) <= 1e-7 * max(1, abs(numeric)), "parameter \(i)")
        }
    }

    @Test func stochasticTrainingIsReproducibleAndCountsBatches() throws {
        let problem = try ProblemRegistry.resolve("mlp:samples=500,features=5,hidden=8,classes=3,seed=2")
        let objective = try #require(problem.objective as? MLPObjective)
        let options = MiniBatchOptions(
            rule: .nesterov, learningRate: 0.1, momentum: 0.9, batchSize: 64, epochs: 5,
            schedule: LearningRateSchedule(.step, factor: 0.5, period: 2), seed: 3)
        let first = try trainMiniBatches(objective, from: problem.start, options: options)
        let second = try trainMiniBatches(objective, from: problem.start, options: options)
        #expect(first.x == second.x && first.status == .epochsCompleted && first.iterations == 5)
        // 400 training samples: ⌈400/64⌉ = 7 batches per epoch; one full evaluation per epoch + θ₀.
        #expect(first.gradientEvaluations == 35 && first.valueEvaluations == 6)
        #expect(first.trace.map(\.stepLength) == [0, 0.1, 0.1, 0.05, 0.05, 0.025])
        #expect(first.trace.last!.value < 0.5 * first.trace.first!.value)
        var other = options
        other.seed = 4
        #expect(try trainMiniBatches(objective, from: problem.start, options: other).x != first.x)
        // A learning rate far too large: the run stops at the first non-finite batch with the
        // last finite θ.
        var wild = options
        wild.learningRate = 1e200
        let blown = try trainMiniBatches(objective, from: problem.start, options: wild)
        #expect(blown.status == .nonFiniteValue && blown.x.allSatisfy(\.isFinite))
    }
}
