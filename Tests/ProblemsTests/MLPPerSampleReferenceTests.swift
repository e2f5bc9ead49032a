import Foundation
import Optim
@testable import Problems
import Testing

/// The fused sweeps of `MLPObjective` (bias with activation, mask and derivative with the bias
/// gradient) on a batch of hundreds of samples against backpropagation for one tanh layer and a
/// softmax head written out sample by sample with plain loops and libm (Bishop, Pattern
/// Recognition and Machine Learning, §5.3).
@Suite struct MLPPerSampleReferenceTests {
    @Test func lossAndGradientMatchAPerSampleReference() {
        let d = 5, hidden = 7, k = 3, n = 549, l2 = 0.05
        var rng = SeededGenerator(seed: 21)
        let x = (0..<(n * d)).map { _ in rng.normal() }
        let labels = (0..<n).map { _ in Int(rng.next() % UInt64(k)) }
        let t = labels.flatMap { c in (0..<k).map { $0 == c ? 1.0 : 0.0 } }
        let architecture = MLPArchitecture(sizes: [d, hidden, k], activations: [.tanh], head: .softmax)
        let theta = (0..<architecture.parameterCount).map { _ in 0.5 * rng.normal() }
        let (loss, gradient) = MLPObjective(architecture: architecture, l2: l2, inputs: x, targets: t).evaluate(
            at: theta)

        let w1 = architecture.weightOffset(1), b1 = architecture.biasOffset(1)
        let w2 = architecture.weightOffset(2), b2 = architecture.biasOffset(2)
        var expectedLoss = 0.0, expected = [Double](repeating: 0, count: theta.count)
        for s in 0..<n {
            let input = Array(x[(s * d)..<((s + 1) * d)])
            let h = (0..<hidden).map { j in
                Foundation.tanh(theta[b1 + j] + (0..<d).reduce(0.0) { $0 + input[$1] * theta[w1 + $1 * hidden + j] })
            }
            let z = (0..<k).map { c in theta[b2 + c] + (0..<hidden).reduce(0.0) { $0 + h[$1] * theta[w2 + $1 * k + c] }
            }
            let top = z.max()!, sum = z.reduce(0.0) { $0 + Foundation.exp($1 - top) }
            expectedLoss += (top + Foundation.log(sum) - z[labels[s]]) / Double(n)
            let g2 = (0..<k).map { c in (Foundation.exp(z[c] - top) / sum - (c == labels[s] ? 1 : 0)) / Double(n) }
            for c in 0..<k {
                expected[b2 + c] += g2[c]
                for j in 0..<hidden { expected[w2 + j * k + c] += h[j] * g2[c] }
            }
            for j in 0..<hidden {
                let g1 = (0..<k).reduce(0.0) { $0 + g2[$1] * theta[w2 + j * k + $1] } * (1 - h[j] * h[j])
                expected[b1 + j] += g1
                for i in 0..<d { expected[w1 + i * hidden + j] += input[i] * g1 }
            }
        }
        for i in w1..<b1 { expectedLoss += 0.5 * l2 * theta[i] * theta[i]; expected[i] += l2 * theta[i] }
        for i in w2..<b2 { expectedLoss += 0.5 * l2 * theta[i] * theta[i]; expected[i] += l2 * theta[i] }

        #expect(abs(loss - expectedLoss) <= 1e-13 * expectedLoss, "loss \(loss) vs \(expectedLoss)")
        let scale = expected.map(abs).max()!
        let error = zip(gradient, expected).map { abs($0 - $1) }.max()! / scale
        #expect(error <= 1e-12, "gradient: relative error \(error)")
    }
}
