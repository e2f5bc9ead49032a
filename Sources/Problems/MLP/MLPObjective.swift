import CLapack
import Foundation
import Optim

/// The training loss of a multi-layer perceptron as a function of all its weights θ
/// (layout: `MLPArchitecture`):
///   L(θ) = (1/N) Σᵢ ℓ(H_L(xᵢ), tᵢ) + (λ/2) Σₗ ‖Wₗ‖²   (biases not regularized),
/// ℓ the head's loss. Value and gradient by backpropagation (Rumelhart, Hinton & Williams
/// 1986): with Gₗ = ∂L/∂Aₗ for the pre-activations Aₗ = Hₗ₋₁Wₗ + bₗ,
///   G_L = ∂ℓ/∂A_L / N,   ∂L/∂Wₗ = Hₗ₋₁ᵀGₗ + λWₗ,   ∂L/∂bₗ = 1ᵀGₗ,   Gₗ₋₁ = (GₗWₗᵀ) ∘ fₗ₋₁'(Aₗ₋₁),
/// every product through CBLAS dgemm (row-major). All work buffers are allocated in `init`
/// for the whole data set, so an evaluation allocates nothing. One instance must not be
/// evaluated from two threads at once.
public final class MLPObjective: HessianVectorObjective, StochasticObjective {
    public let architecture: MLPArchitecture
    /// λ ≥ 0.
    public let l2: Double
    /// Keep probability p of inverted dropout on hidden units during stochastic training
    /// (Srivastava et al. 2014): H̃ₗ = (rₗ ∘ Hₗ)/p with rₗ ~ Bernoulli(p), the backward pass
    /// masked by the same rₗ; nil for none. Never applied to full-data evaluations.
    public var dropoutKeep: Double? {
        didSet { if dropoutKeep != nil && dropped.isEmpty { dropped = hiddenBuffers(); masks = hiddenBuffers() } }
    }
    /// Seeds the dropout masks: the same seed gives the same sequence of masks.
    public var dropoutSeed: UInt64 = 1 { didSet { maskGenerator = SeededGenerator(seed: dropoutSeed) } }
    private var maskGenerator = SeededGenerator(seed: 1)
    /// Masked activations H̃ₗ (hidden layers), used as the next layer's input under dropout,
    /// and the masks rₗ/p (0 or 1/p) that made them (the last batch's, for inspection).
    private var dropped: [Vector] = []
    private(set) var masks: [Vector] = []
    /// Mini-batch copies of the inputs and targets, allocated on first use.
    private var batchInputs = Vector(count: 0), batchTargets = Vector(count: 0)
    /// Rows and data of the pass being computed.
    private var rows = 0
    private var currentInputs: UnsafeMutablePointer<Double>
    private var currentTargets: UnsafeMutablePointer<Double>
    private var masking = false
    /// N.
    public let sampleCount: Int
    /// X, N × n₀ row-major.
    let inputs: Vector
    /// T, N × n_L row-major (one-hot rows for the softmax head).
    let targets: Vector

    /// Per layer ℓ = 1…L: Aₗ, Hₗ (H_L holds the head's outputs: probabilities or values),
    /// Gₗ; each N × nₗ.
    let a: [Vector], h: [Vector], g: [Vector]
    /// R-operator buffers (Hessian-vector products), allocated on first use.
    private var rBuffers: (ra: [Vector], rh: [Vector], rg: [Vector])?

    public var dimension: Int { architecture.parameterCount }

    /// X and T as the objective holds them (row-major), to hand the same data to another
    /// implementation (`optbench-perf mlp --export`).
    public var data: (inputs: [Double], targets: [Double]) { (inputs.array, targets.array) }

    /// - Parameters:
    ///   - inputs: N × n₀, row-major.
    ///   - targets: N × n_L, row-major (one-hot for softmax).
    public init(architecture: MLPArchitecture, l2: Double, inputs: [Double], targets: [Double]) {
        let n0 = architecture.sizes[0], nL = architecture.sizes.last!
        precondition(
            inputs.count % n0 == 0 && targets.count == inputs.count / n0 * nL,
            "MLP data shapes do not match the architecture")
        self.architecture = architecture
        self.l2 = l2
        sampleCount = inputs.count / n0
        self.inputs = Vector(inputs)
        self.targets = Vector(targets)
        let rows = sampleCount
        a = architecture.sizes.dropFirst().map { Vector(count: rows * $0) }
        h = architecture.sizes.dropFirst().map { Vector(count: rows * $0) }
        g = architecture.sizes.dropFirst().map { Vector(count: rows * $0) }
        currentInputs = self.inputs.pointer
        currentTargets = self.targets.pointer
        self.rows = rows
    }

    private func hiddenBuffers() -> [Vector] {
        architecture.sizes.dropFirst().dropLast().map { Vector(count: sampleCount * $0) }
    }

    /// Points the passes at all N samples.
    func useAllSamples() {
        rows = sampleCount
        currentInputs = inputs.pointer
        currentTargets = targets.pointer
        masking = false
    }

    // MARK: Forward and backward

    func weights(_ theta: UnsafePointer<Double>, _ l: Int) -> UnsafePointer<Double> {
        theta + architecture.weightOffset(l)
    }
    private func bias(_ theta: UnsafePointer<Double>, _ l: Int) -> UnsafePointer<Double> {
        theta + architecture.biasOffset(l)
    }
    /// The input of layer ℓ + 1: H₀ = X (of the current rows), then Hₗ, or H̃ₗ under dropout.
    func activations(_ l: Int) -> UnsafeMutablePointer<Double> {
        if l == 0 { return currentInputs }
        return masking && l < architecture.layerCount ? dropped[l - 1].pointer : h[l - 1].pointer
    }

    /// A ← P·W: P is rows × k, W is k × m.
    private func product(
        _ p: UnsafePointer<Double>, _ w: UnsafePointer<Double>, rows: Int, k: Int, m: Int,
        into out: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(m), Int32(k), 1, p, Int32(k), w, Int32(m), 0,
            out, Int32(m))
    }

    /// A ← A + 1bᵀ (b on every row of the rows × m matrix A).
    private func addBias(_ b: UnsafePointer<Double>, rows: Int, m: Int, to out: UnsafeMutablePointer<Double>) {
        for r in 0..<rows { let row = out + r * m; for j in 0..<m { row[j] += b[j] } }
    }

    /// Forward pass over the current rows; returns the data loss (1/rows) Σ ℓ, and leaves Aₗ,
    /// Hₗ (and H̃ₗ under dropout) set and, when `withOutputGradient`, G_L = ∂(data loss)/∂A_L.
    /// A hidden layer's bias is added in its activation's sweep (`Activation.apply(addingBias:…)`).
    func forward(_ theta: UnsafePointer<Double>, withOutputGradient: Bool) -> Double {
        let s = architecture.sizes, L = architecture.layerCount
        for l in 1...L {
            product(activations(l - 1), weights(theta, l), rows: rows, k: s[l - 1], m: s[l], into: a[l - 1].pointer)
            if l < L {
                architecture.activations[l - 1].apply(
                    addingBias: bias(theta, l), to: a[l - 1].pointer, rows: rows, columns: s[l], into: h[l - 1].pointer)
                if masking, let keep = dropoutKeep {
                    let H = h[l - 1].pointer, D = dropped[l - 1].pointer, M = masks[l - 1].pointer
                    for i in 0..<(rows * s[l]) {
                        M[i] = maskGenerator.uniform() < keep ? 1 / keep : 0
                        D[i] = H[i] * M[i]
                    }
                }
            } else {
                addBias(bias(theta, l), rows: rows, m: s[l], to: a[l - 1].pointer)
            }
        }
        return headLoss(withGradient: withOutputGradient)
    }

    /// The head on A_L: outputs into H_L, mean loss, and G_L.
    private func headLoss(withGradient: Bool) -> Double {
        let L = architecture.layerCount, k = architecture.sizes[L]
        let z = a[L - 1].pointer, out = h[L - 1].pointer, grad = g[L - 1].pointer, t = currentTargets
        let scale = 1 / Double(rows)
        var loss = 0.0
        switch architecture.head {
        case .softmax:
            // Shift each row by its maximum, exponentiate all rows in one vectorized pass, then
            // normalize: log-sum-exp without overflow.
            for r in 0..<rows {
                let zr = z + r * k, pr = out + r * k
                var m = -Double.infinity
                for j in 0..<k { m = max(m, zr[j]) }
                for j in 0..<k { pr[j] = zr[j] - m }
            }
            for r in 0..<rows {
                let pr = out + r * k, tr = t + r * k
                var shifted = 0.0
                for j in 0..<k where tr[j] != 0 { shifted += tr[j] * pr[j] }
                loss -= shifted
            }
            VectorMath.expNonPositive(out, into: out, count: rows * k)
            for r in 0..<rows {
                let pr = out + r * k, tr = t + r * k
                var sum = 0.0
                for j in 0..<k { sum += pr[j] }
                var targetMass = 0.0
                for j in 0..<k { targetMass += tr[j] }
                loss += targetMass * Foundation.log(sum)
                let inverse = 1 / sum
                for j in 0..<k { pr[j] *= inverse }
            }
            if withGradient { for i in 0..<(rows * k) { grad[i] = (out[i] - t[i]) * scale } }
        case .sigmoid:
            for i in 0..<(rows * k) {
                let zi = z[i]
                // log(1 + eᶻ) − t·z, computed without overflow.
                loss += max(zi, 0) + Foundation.log1p(VectorMath.expNonPositive(-abs(zi))) - t[i] * zi
            }
            VectorMath.sigmoid(z, into: out, count: rows * k)
            if withGradient { for i in 0..<(rows * k) { grad[i] = (out[i] - t[i]) * scale } }
        case .identity:
            for i in 0..<(rows * k) {
                out[i] = z[i]
                let d = z[i] - t[i]
                loss += 0.5 * d * d
            }
            if withGradient { for i in 0..<(rows * k) { grad[i] = (z[i] - t[i]) * scale } }
        }
        return loss * scale
    }

    /// (λ/2) Σ‖Wₗ‖².
    private func penalty(_ theta: UnsafePointer<Double>) -> Double {
        guard l2 > 0 else { return 0 }
        var sum = 0.0
        for l in 1...architecture.layerCount {
            let w = weights(theta, l), count = architecture.sizes[l - 1] * architecture.sizes[l]
            sum += cblas_ddot(Int32(count), w, 1, w, 1)
        }
        return 0.5 * l2 * sum
    }

    public func value(at x: UnsafeBufferPointer<Double>) -> Double {
        useAllSamples()
        return forward(x.baseAddress!, withOutputGradient: false) + penalty(x.baseAddress!)
    }

    public func valueAndGradient(
        at x: UnsafeBufferPointer<Double>, gradient: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        useAllSamples()
        let theta = x.baseAddress!, grad = gradient.baseAddress!
        let loss = forward(theta, withOutputGradient: true) + penalty(theta)
        backward(theta, into: grad)
        return loss
    }

    /// The mean loss over the given samples (+ the L2 term) and its gradient; with
    /// `training`, dropout (if set) masks the hidden units with fresh seeded masks.
    public func valueAndGradient(at x: UnsafeBufferPointer<Double>, samples: UnsafeBufferPointer<Int>, training: Bool,
                                 gradient: UnsafeMutableBufferPointer<Double>) -> Double {
        let d = architecture.sizes[0], k = architecture.sizes.last!
        if batchInputs.count == 0 {
            batchInputs = Vector(count: sampleCount * d)
            batchTargets = Vector(count: sampleCount * k)
        }
        for (r, index) in samples.enumerated() {
            (batchInputs.pointer + r * d).update(from: inputs.pointer + index * d, count: d)
            (batchTargets.pointer + r * k).update(from: targets.pointer + index * k, count: k)
        }
        rows = samples.count
        currentInputs = batchInputs.pointer
        currentTargets = batchTargets.pointer
        masking = training && dropoutKeep != nil
        let theta = x.baseAddress!
        let loss = forward(theta, withOutputGradient: true) + penalty(theta)
        backward(theta, into: gradient.baseAddress!)
        useAllSamples()
        return loss
    }

    /// Backpropagation from G_L (set by `forward`): writes ∇L into `grad`. With `penaltyOn`
    /// the L2 term is λ·(that vector's weights) instead of λWₗ (the Gauss–Newton product's λVₗ).
    /// Each hidden layer's Gₗ₋₁ gets its mask, its activation's derivative and its column sums
    /// ∂L/∂bₗ₋₁ in one sweep, row by row.
    func backward(
        _ theta: UnsafePointer<Double>, into grad: UnsafeMutablePointer<Double>, penaltyOn: UnsafePointer<Double>? = nil
    ) {
        let s = architecture.sizes, L = architecture.layerCount, rowCount = rows, rows = Int32(self.rows)
        // ∂L/∂b_L = column sums of G_L.
        Self.columnSums(g[L - 1].pointer, rows: rowCount, columns: s[L], into: grad + architecture.biasOffset(L)) { _ in
        }
        for l in stride(from: L, through: 1, by: -1) {
            let m = Int32(s[l]), k = Int32(s[l - 1])
            let gl = g[l - 1].pointer, dW = grad + architecture.weightOffset(l)
            // ∂L/∂Wₗ = Hₗ₋₁ᵀ Gₗ + λWₗ.
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, m, rows, 1, activations(l - 1), k, gl, m, 0, dW, m)
            if l2 > 0 { cblas_daxpy(k * m, l2, weights(penaltyOn ?? theta, l), 1, dW, 1) }
            // Gₗ₋₁ = (Gₗ Wₗᵀ) [∘ rₗ₋₁/p under dropout: H̃ = H∘r/p] ∘ f'(Aₗ₋₁), and ∂L/∂bₗ₋₁ = 1ᵀGₗ₋₁.
            if l > 1 {
                let previous = g[l - 2].pointer, width = s[l - 1], f = architecture.activations[l - 2]
                let A = a[l - 2].pointer, H = h[l - 2].pointer, M = masking ? masks[l - 2].pointer : nil
                cblas_dgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, rows, k, m, 1, gl, m, weights(theta, l), m, 0, previous, k)
                Self.columnSums(previous, rows: rowCount, columns: width, into: grad + architecture.biasOffset(l - 1)) {
                    offset in
                    if let M { for j in 0..<width { previous[offset + j] *= M[offset + j] } }
                    f.multiplyByDerivative(
                        previous + offset, preActivation: A + offset, activation: H + offset, count: width)
                }
            }
        }
    }

    /// sums[j] = Σᵣ G[r][j] over the rows in order, after `prepare(r·columns)` has updated row r
    /// (while it is in cache).
    @inline(__always)
    private static func columnSums(
        _ G: UnsafePointer<Double>, rows: Int, columns: Int, into sums: UnsafeMutablePointer<Double>,
        prepare: (Int) -> Void
    ) {
        for j in 0..<columns { sums[j] = 0 }
        for r in 0..<rows {
            prepare(r * columns)
            let row = G + r * columns
            for j in 0..<columns { sums[j] += row[j] }
        }
    }

    // MARK: Hessian-vector products (R-operator)

    /// ∇²L(θ)·v by Pearlmutter's R-operator (Neural Computation 6, 1994): a forward pass of
    /// R{Aₗ} = R{Hₗ₋₁}Wₗ + Hₗ₋₁Vₗ + 1 R{bₗ}ᵀ, R{Hₗ} = f'(Aₗ)∘R{Aₗ}, and a backward pass of
    /// R{Gₗ₋₁} = (R{Gₗ}Wₗᵀ + GₗVₗᵀ)∘f'(Aₗ₋₁) + (GₗWₗᵀ)∘f''(Aₗ₋₁)∘R{Aₗ₋₁},
    /// R{∂L/∂Wₗ} = R{Hₗ₋₁}ᵀGₗ + Hₗ₋₁ᵀR{Gₗ} + λVₗ, R{∂L/∂bₗ} = 1ᵀR{Gₗ}, with R{G_L} from the
    /// head (softmax: (P∘(R{A} − (P∘R{A})1))/N; sigmoid: σ(1−σ)∘R{A}/N; identity: R{A}/N).
    /// Exact (not Gauss–Newton); costs about two gradient evaluations.
    /// - Parameters:
    ///   - x: θ. - v: the direction (θ layout). - out: receives ∇²L(θ)v.
    public func hessianVectorProduct(
        at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        let theta = x.baseAddress!, dir = v.baseAddress!, result = out.baseAddress!
        useAllSamples()
        let s = architecture.sizes, L = architecture.layerCount, n = sampleCount, rows = Int32(n)
        let (ra, rh, rg) = directionalBuffers()
        _ = forward(theta, withOutputGradient: true)
        // The ordinary backward pass sets every Gₗ; the gradient it writes into `out` is
        // overwritten by the R-backward pass below.
        backward(theta, into: result)
        directionalForward(theta, dir)
        // R{G_L} from the head.
        let k = s[L], P = h[L - 1].pointer, rAL = ra[L - 1].pointer, rGL = rg[L - 1].pointer, scale = 1 / Double(n)
        switch architecture.head {
        case .softmax:
            for r in 0..<n {
                var dot = 0.0
                for j in 0..<k { dot += P[r * k + j] * rAL[r * k + j] }
                for j in 0..<k { rGL[r * k + j] = P[r * k + j] * (rAL[r * k + j] - dot) * scale }
            }
        case .sigmoid:
            for i in 0..<(n * k) { rGL[i] = P[i] * (1 - P[i]) * rAL[i] * scale }
        case .identity:
            for i in 0..<(n * k) { rGL[i] = rAL[i] * scale }
        }
        // R-backward.
        for l in stride(from: L, through: 1, by: -1) {
            let m = Int32(s[l]), kk = Int32(s[l - 1])
            let gl = g[l - 1].pointer, rgl = rg[l - 1].pointer
            let dW = result + architecture.weightOffset(l), db = result + architecture.biasOffset(l)
            cblas_dgemm(
                CblasRowMajor, CblasTrans, CblasNoTrans, kk, m, rows, 1, activations(l - 1), kk, rgl, m, 0, dW, m)
            if l > 1 {
                cblas_dgemm(
                    CblasRowMajor, CblasTrans, CblasNoTrans, kk, m, rows, 1, rh[l - 2].pointer, kk, gl, m, 1, dW, m)
            }
            if l2 > 0 { cblas_daxpy(kk * m, l2, dir + architecture.weightOffset(l), 1, dW, 1) }
            for j in 0..<s[l] { db[j] = 0 }
            for r in 0..<n { for j in 0..<s[l] { db[j] += rgl[r * s[l] + j] } }
            if l > 1 {
                let f = architecture.activations[l - 2], A = a[l - 2].pointer, H = h[l - 2].pointer
                let rPrev = rg[l - 2].pointer, rAprev = ra[l - 2].pointer, count = n * s[l - 1]
                // R{Gₗ₋₁} = (R{Gₗ}Wₗᵀ + GₗVₗᵀ) ∘ f'(Aₗ₋₁) …
                cblas_dgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, rows, kk, m, 1, rgl, m, weights(theta, l), m, 0, rPrev, kk)
                cblas_dgemm(
                    CblasRowMajor, CblasNoTrans, CblasTrans, rows, kk, m, 1, gl, m, dir + architecture.weightOffset(l),
                    m, 1, rPrev, kk)
                for i in 0..<count { rPrev[i] *= f.derivative(A[i], H[i]) }
                // … + (GₗWₗᵀ) ∘ f''(Aₗ₋₁) ∘ R{Aₗ₋₁}, for the activations with curvature. GₗWₗᵀ goes
                // into R{Hₗ₋₁}'s buffer, whose last use (R{∂L/∂Wₗ} above) is done.
                if f == .sigmoid || f == .tanh {
                    let scratch = rh[l - 2].pointer
                    cblas_dgemm(
                        CblasRowMajor, CblasNoTrans, CblasTrans, rows, kk, m, 1, gl, m, weights(theta, l), m, 0,
                        scratch, kk)
                    for i in 0..<count { rPrev[i] += scratch[i] * f.secondDerivative(H[i]) * rAprev[i] }
                }
            }
        }
    }

    /// The R-operator buffers R{Aₗ}, R{Hₗ}, R{Gₗ} (N × nₗ each), allocated on first use.
    func directionalBuffers() -> (ra: [Vector], rh: [Vector], rg: [Vector]) {
        if rBuffers == nil {
            let n = sampleCount, s = architecture.sizes
            rBuffers = (
                s.dropFirst().map { Vector(count: n * $0) }, s.dropFirst().map { Vector(count: n * $0) },
                s.dropFirst().map { Vector(count: n * $0) }
            )
        }
        return rBuffers!
    }

    /// The R-forward pass after `forward` at θ: R{Aₗ} = R{Hₗ₋₁}Wₗ + Hₗ₋₁Vₗ + 1 R{bₗ}ᵀ and
    /// R{Hₗ} = f'(Aₗ)∘R{Aₗ} (Pearlmutter 1994), so R{A_L} = J_A v, the network outputs' Jacobian
    /// times v (forward-mode differentiation along v).
    func directionalForward(_ theta: UnsafePointer<Double>, _ dir: UnsafePointer<Double>) {
        let s = architecture.sizes, L = architecture.layerCount, n = sampleCount
        let (ra, rh, _) = directionalBuffers()
        for l in 1...L {
            let m = s[l], k = s[l - 1], rA = ra[l - 1].pointer
            product(activations(l - 1), dir + architecture.weightOffset(l), rows: n, k: k, m: m, into: rA)
            addBias(dir + architecture.biasOffset(l), rows: n, m: m, to: rA)
            if l > 1 {
                cblas_dgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(m), Int32(k), 1, rh[l - 2].pointer,
                    Int32(k),
                    weights(theta, l), Int32(m), 1, rA, Int32(m))
            }
            if l < L {
                let f = architecture.activations[l - 1], A = a[l - 1].pointer, H = h[l - 1].pointer,
                    rH = rh[l - 1].pointer
                for i in 0..<(n * m) { rH[i] = f.derivative(A[i], H[i]) * rA[i] }
            }
        }
    }

    /// The dense ∇²L(θ) is assembled from n of these products (`HessianVectorObjective`).
    public var hessianSource: String { "R-operator Hessian-vector products (exact)" }

    // MARK: Predictions

    /// The head's outputs for θ on this objective's data (N × n_L): class probabilities,
    /// sigmoid outputs or values.
    public func outputs(at theta: [Double]) -> [Double] {
        useAllSamples()
        _ = theta.withUnsafeBufferPointer { forward($0.baseAddress!, withOutputGradient: false) }
        return h[architecture.layerCount - 1].array
    }
}
