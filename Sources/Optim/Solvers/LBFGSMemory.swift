import CMemoryHints

/// The m most recent curvature pairs (sᵢ, yᵢ) of L-BFGS, sᵢ = xᵢ₊₁ − xᵢ, yᵢ = ∇fᵢ₊₁ − ∇fᵢ,
/// and the inner products among them, so that the two-loop recursion runs on coefficients.
///
/// Nocedal's two-loop recursion (Nocedal 1980; N&W Algorithm 7.4) applies
/// Hₖ = Vᵀ…(γI)…V + Σ ρ s sᵀ to a vector v with 4m vector operations. Every quantity it
/// forms is a linear combination of v and the pairs, and every scalar it needs is an inner
/// product among them (the "vector-free" form of Chen, Wang & Zhou, NIPS 2014). This class
/// keeps those inner products up to date, so one step of L-BFGS streams the stored pairs
/// only twice: once in `update`, which forms the new pair and takes all its dot products
/// with the old pairs and the new gradient in one blocked pass, and once in
/// `searchDirection`, which forms dₖ = −Hₖ∇fₖ as one linear combination. The arithmetic is
/// that of the two-loop recursion; only the order of the sums differs.
///
/// Slots: m + 1 pairs of vectors are allocated up front; one is always spare, so a new pair
/// can be written (and rejected) without destroying the oldest.
package final class LBFGSMemory {
    package let dimension: Int
    /// m, the number of pairs kept.
    package let capacity: Int
    /// A pair is skipped when sᵀy ≤ curvatureThreshold·(−sᵀ∇f(x)) (it would make H indefinite or
    /// near-singular): L-BFGS-B's test (`lnsrlb`/`mainlb`: sᵀy ≤ ε_mach·(−αgᵀd); Byrd, Lu, Nocedal
    /// & Zhu 1995), invariant under f → c·f.
    package let curvatureThreshold: Double
    /// How γ of H₀ = γI is chosen.
    package let scaling: InitialHessianScaling
    /// Pairs rejected by the curvature test so far.
    package private(set) var skippedPairs = 0
    /// γ of H₀ = γI (1 when empty; see `scaling`).
    package private(set) var gamma = 1.0
    /// Whether γ has been taken from a pair since the last reset.
    private var gammaSet = false

    private let slotCount: Int
    private let s: [Vector], y: [Vector]
    /// Active slots, oldest first; at most `capacity`.
    private var order: [Int]
    private var free: [Int]
    private var spare: Int
    /// Inner products by slot pair (row-major, slotCount²): sy[i·w + j] = sᵢᵀyⱼ, yy likewise.
    private var sy: [Double], yy: [Double]
    private var rho: [Double]
    /// sᵢᵀg, yᵢᵀg by slot, for the current gradient g (the one passed as `newGradient` to
    /// the last `update`).
    private var sg: [Double], yg: [Double]
    /// Scratch by slot / by position.
    private var sv: [Double], yv: [Double], syNew: [Double], yyNew: [Double]
    private var alpha: [Double], sCoefficient: [Double], yCoefficient: [Double]
    /// The active pairs' vectors by position, oldest first (filled by `withPairPointers`).
    private var sPointers: [UnsafeMutablePointer<Double>], yPointers: [UnsafeMutablePointer<Double>]
    /// Per-block partial sums of the passes (`partialStride` per block), summed in block
    /// order afterwards so that the result does not depend on `threads`.
    private let partials: UnsafeMutablePointer<Double>
    private let partialStride: Int
    /// How the passes split [0, n) into blocks and between threads.
    private var blocks: ParallelBlocks

    /// Threads the two passes may use (default 1). Any count gives the same bits: the
    /// blocks and the order of their sums are fixed (`ParallelBlocks`).
    package var threads: Int {
        get { blocks.threads }
        set { blocks = ParallelBlocks(count: dimension, blockLength: Self.blockLength, threads: max(1, newValue)) }
    }

    /// Elements per block of the fused passes: small enough that the blocks every stored pair
    /// meets (128 KiB each) stay in L2, large enough for long hardware-prefetch runs
    /// (2048 to 65536 measured; 8192–16384 was fastest on n = 10⁶).
    static let blockLength = 16384

    /// Allocates m + 1 pairs of n-vectors (memory the system refuses goes to
    /// `Vector.allocationFailed`; a run's memory uses the throwing `allocating`).
    package convenience init(
        dimension: Int, capacity: Int, curvatureThreshold: Double = .ulpOfOne,
        scaling: InitialHessianScaling = .latestPair,
        threads: Int = 1
    ) {
        let slots = capacity + 1
        self.init(
            dimension: dimension, capacity: capacity, curvatureThreshold: curvatureThreshold, scaling: scaling,
            threads: threads,
            s: (0..<slots).map { _ in Vector(count: dimension) }, y: (0..<slots).map { _ in Vector(count: dimension) })
    }

    /// Allocates m + 1 pairs of n-vectors, or returns the error when the system refuses the
    /// memory (what a solver's `start` uses).
    package static func allocating(
        dimension: Int, capacity: Int, curvatureThreshold: Double = .ulpOfOne,
        scaling: InitialHessianScaling = .latestPair, threads: Int = 1
    ) throws(AllocationFailure) -> LBFGSMemory {
        var s: [Vector] = [], y: [Vector] = []
        for _ in 0...capacity {
            s.append(try Vector(allocating: dimension))
            y.append(try Vector(allocating: dimension))
        }
        return LBFGSMemory(
            dimension: dimension, capacity: capacity, curvatureThreshold: curvatureThreshold, scaling: scaling,
            threads: threads,
            s: s, y: y)
    }

    private init(
        dimension: Int, capacity: Int, curvatureThreshold: Double, scaling: InitialHessianScaling, threads: Int,
        s: [Vector], y: [Vector]
    ) {
        precondition(capacity >= 1, "L-BFGS memory must be at least 1")
        self.dimension = dimension
        self.capacity = capacity
        self.curvatureThreshold = curvatureThreshold
        self.scaling = scaling
        slotCount = capacity + 1
        self.s = s
        self.y = y
        order = []
        order.reserveCapacity(slotCount)
        free = []
        free.reserveCapacity(slotCount)
        spare = 0
        let w = slotCount
        sy = Array(repeating: 0, count: w * w)
        yy = Array(repeating: 0, count: w * w)
        rho = Array(repeating: 0, count: w)
        sg = Array(repeating: 0, count: w)
        yg = Array(repeating: 0, count: w)
        sv = Array(repeating: 0, count: w)
        yv = Array(repeating: 0, count: w)
        syNew = Array(repeating: 0, count: w)
        yyNew = Array(repeating: 0, count: w)
        alpha = Array(repeating: 0, count: w)
        sCoefficient = Array(repeating: 0, count: w)
        yCoefficient = Array(repeating: 0, count: w)
        sPointers = s.map(\.pointer)
        yPointers = y.map(\.pointer)
        blocks = ParallelBlocks(count: dimension, blockLength: Self.blockLength, threads: max(1, threads))
        partialStride = 5 + 4 * w
        partials = .allocate(capacity: max(1, blocks.blockCount) * partialStride)
        reset()
    }

    deinit { partials.deallocate() }

    /// Number of pairs held.
    package var count: Int { order.count }

    /// Forgets every pair (H becomes the identity).
    package func reset() {
        order.removeAll(keepingCapacity: true)
        free.removeAll(keepingCapacity: true)
        free.append(contentsOf: (0..<slotCount).reversed())
        spare = free.removeLast()
        gamma = 1
        gammaSet = false
    }

    /// The pairs held, oldest first (copies; for inspection and tests).
    package var pairs: [(s: [Double], y: [Double])] { order.map { (s[$0].array, y[$0].array) } }

    // MARK: The two-loop recursion on coefficients

    /// Runs the two-loop recursion for r = Hv given the products sᵢᵀv, yᵢᵀv (by slot) and
    /// leaves r = γv + Σₚ sCoefficient[p]·s_order[p] + Σₚ yCoefficient[p]·y_order[p].
    ///
    /// Loop 1 (newest to oldest), with q = v − Σ_{j>i} αⱼyⱼ:  αᵢ = ρᵢ sᵢᵀq = ρᵢ(sᵢᵀv − Σ_{j>i} αⱼ sᵢᵀyⱼ).
    /// Then r = γq. Loop 2 (oldest to newest), with r = γq + Σ_{l<i} cₗsₗ:
    /// βᵢ = ρᵢ yᵢᵀr = ρᵢ(γ(yᵢᵀv − Σⱼ αⱼ yᵢᵀyⱼ) + Σ_{l<i} cₗ sₗᵀyᵢ), cᵢ = αᵢ − βᵢ.
    private func twoLoop(sv: UnsafeBufferPointer<Double>, yv: UnsafeBufferPointer<Double>) {
        let k = order.count, w = slotCount
        order.withUnsafeBufferPointer { order in
            sy.withUnsafeBufferPointer { sy in
                yy.withUnsafeBufferPointer { yy in
                    var p = k - 1
                    while p >= 0 {
                        let i = order[p]
                        var t = sv[i]
                        for q in (p + 1)..<k { t -= alpha[q] * sy[i * w + order[q]] }
                        alpha[p] = rho[i] * t
                        p -= 1
                    }
                    for p in 0..<k {
                        let i = order[p]
                        var t = yv[i]
                        for q in 0..<k { t -= alpha[q] * yy[i * w + order[q]] }
                        t *= gamma
                        for q in 0..<p { t += sCoefficient[q] * sy[order[q] * w + i] }
                        sCoefficient[p] = alpha[p] - rho[i] * t
                        yCoefficient[p] = -gamma * alpha[p]
                    }
                }
            }
        }
    }

    /// out ← sign·(γv + Σ cₛ s + Σ c_y y) in one blocked pass. Returns vᵀout.
    private func combine(_ v: UnsafePointer<Double>, sign: Double, into out: UnsafeMutablePointer<Double>) -> Double {
        let k = order.count, scale = sign * gamma, partials = partials
        for p in 0..<k {
            sCoefficient[p] *= sign
            yCoefficient[p] *= sign
        }
        withPairPointers { s, y in
            sCoefficient.withUnsafeBufferPointer { cs in
                yCoefficient.withUnsafeBufferPointer { cy in
                    blocks.forEach { b, lo, len in
                        let o = out + lo, vb = v + lo
                        for j in 0..<len { o[j] = scale * vb[j] }
                        // Two pairs (four memory streams) per loop; see `BlockKernels.pairDots`.
                        var p = 0
                        while p + 2 <= k {
                            BlockKernels.axpy4(
                                cs[p], s[p] + lo, cy[p], y[p] + lo, cs[p + 1], s[p + 1] + lo, cy[p + 1], y[p + 1] + lo,
                                into: o, count: len)
                            p += 2
                        }
                        if p < k { BlockKernels.axpy2(cs[p], s[p] + lo, cy[p], y[p] + lo, into: o, count: len) }
                        partials[b] = BlockKernels.dot(vb, o, count: len)
                    }
                }
            }
        }
        var product = 0.0
        for b in 0..<blocks.blockCount { product += partials[b] }
        return product
    }

    /// Calls `body` with the base addresses of the active pairs' vectors, oldest first.
    private func withPairPointers<R>(
        _ body: (UnsafePointer<UnsafeMutablePointer<Double>>, UnsafePointer<UnsafeMutablePointer<Double>>) -> R
    ) -> R {
        for (p, slot) in order.enumerated() {
            sPointers[p] = s[slot].pointer
            yPointers[p] = y[slot].pointer
        }
        return sPointers.withUnsafeBufferPointer { sp in
            yPointers.withUnsafeBufferPointer { yp in body(sp.baseAddress!, yp.baseAddress!) }
        }
    }

    /// dₖ = −Hₖ g for the gradient g given to the last `update` (the solver's current gradient).
    /// - Returns: gᵀdₖ (negative unless H has lost positive definiteness to rounding).
    package func searchDirection(gradient g: Vector, into d: Vector) -> Double {
        precondition(g.count == dimension && d.count == dimension, "searchDirection: dimension mismatch")
        sg.withUnsafeBufferPointer { sg in yg.withUnsafeBufferPointer { yg in twoLoop(sv: sg, yv: yg) } }
        return combine(g.pointer, sign: -1, into: d.pointer)
    }

    /// out = Hₖ v for any v (computes the products with v first: one more pass). Used to
    /// inspect H, e.g. to materialize it column by column.
    package func applyInverseHessian(to v: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        precondition(v.count == dimension && out.count == dimension, "applyInverseHessian: dimension mismatch")
        for slot in order {
            sv[slot] = Kernels.dot(v, s[slot].readOnly)
            yv[slot] = Kernels.dot(v, y[slot].readOnly)
        }
        sv.withUnsafeBufferPointer { sv in yv.withUnsafeBufferPointer { yv in twoLoop(sv: sv, yv: yv) } }
        _ = combine(v.baseAddress.unsafelyUnwrapped, sign: 1, into: out.baseAddress.unsafelyUnwrapped)
    }

    // MARK: Updating

    /// Forms s = newX − x and y = newGradient − gradient, adds the pair unless
    /// sᵀy ≤ curvatureThreshold·(−sᵀ∇f(x)) (then it is skipped and counted), and takes the
    /// products of `newGradient` with every pair held, all in one blocked pass.
    /// - Returns: whether the pair was added.
    @discardableResult
    package func update(x: Vector, newX: Vector, gradient: Vector, newGradient: Vector) -> Bool {
        let w = slotCount, stride = partialStride, partials = partials
        let newSlot = spare
        let sNew = s[newSlot].pointer, yNew = y[newSlot].pointer
        // When full, the oldest pair leaves if the new one is accepted: its products are
        // taken only if the new pair turns out to be rejected.
        let full = order.count == capacity
        let first = full ? 1 : 0, k = order.count
        let x0 = UnsafePointer(x.pointer), x1 = UnsafePointer(newX.pointer)
        let g0 = UnsafePointer(gradient.pointer), g1 = UnsafePointer(newGradient.pointer)
        // Per block: the five products of the new pair (slots 0–4), then sᵀg′, sᵀy′, yᵀg′,
        // yᵀy′ of the pair at position p (slots 5 + 4p …).
        withPairPointers { s, y in
            blocks.forEach { b, lo, len in
                let out = partials + b * stride
                let part = BlockKernels.differencesAndProducts(
                    x: x0 + lo, xNew: x1 + lo, g: g0 + lo, gNew: g1 + lo, s: sNew + lo, y: yNew + lo, count: len)
                out[0] = part.sy; out[1] = part.yy; out[2] = part.sg; out[3] = part.yg; out[4] = part.gg
                // s went past the cache: order those stores on the thread that made them, before
                // any other thread (or a later pass) reads s.
                optbench_store_fence()
                // Two pairs (four memory streams) per loop, as in `combine`.
                var p = first
                while p + 2 <= k {
                    let two = BlockKernels.twoPairDots(
                        s[p] + lo, y[p] + lo, s[p + 1] + lo, y[p + 1] + lo, g1 + lo, yNew + lo, count: len)
                    let o = out + 5 + 4 * p
                    o[0] = two.first.ua; o[1] = two.first.ub; o[2] = two.first.wa; o[3] = two.first.wb
                    o[4] = two.second.ua; o[5] = two.second.ub; o[6] = two.second.wa; o[7] = two.second.wb
                    p += 2
                }
                if p < k {
                    let one = BlockKernels.pairDots(s[p] + lo, y[p] + lo, g1 + lo, yNew + lo, count: len)
                    let o = out + 5 + 4 * p
                    o[0] = one.ua; o[1] = one.ub; o[2] = one.wa; o[3] = one.wb
                }
            }
        }
        // The partials summed in block order: the same bits on any number of threads.
        var totals = (sy: 0.0, yy: 0.0, sg: 0.0, yg: 0.0, gg: 0.0)
        for p in first..<k {
            let slot = order[p]
            sg[slot] = 0; yg[slot] = 0; syNew[slot] = 0; yyNew[slot] = 0
        }
        for b in 0..<blocks.blockCount {
            let out = partials + b * stride
            totals.sy += out[0]; totals.yy += out[1]; totals.sg += out[2]; totals.yg += out[3]; totals.gg += out[4]
            for p in first..<k {
                let slot = order[p], o = out + 5 + 4 * p
                sg[slot] += o[0]; syNew[slot] += o[1]
                yg[slot] += o[2]; yyNew[slot] += o[3]
            }
        }

        // −sᵀg = sᵀy − sᵀg′ (g the gradient at x, g′ at x + s): L-BFGS-B's test, invariant under
        // f → c·f, where ε·yᵀy (c² against sᵀy's c) skipped every pair once c ≳ 1/ε (issue 30).
        let decrease = totals.sy - totals.sg
        let accepted = totals.sy > 0 && totals.sy > curvatureThreshold * decrease && totals.sy.isFinite
            && totals.yy > 0
        guard accepted else {
            skippedPairs += 1
            if full {
                let oldest = order[0]
                sg[oldest] = newGradient.dot(s[oldest])
                yg[oldest] = newGradient.dot(y[oldest])
            }
            return false
        }
        if full { free.append(order.removeFirst()) }
        for slot in order {
            sy[slot * w + newSlot] = syNew[slot]
            yy[slot * w + newSlot] = yyNew[slot]
            yy[newSlot * w + slot] = yyNew[slot]
        }
        sy[newSlot * w + newSlot] = totals.sy
        yy[newSlot * w + newSlot] = totals.yy
        rho[newSlot] = 1 / totals.sy
        sg[newSlot] = totals.sg
        yg[newSlot] = totals.yg
        switch scaling {
        case .latestPair: gamma = totals.sy / totals.yy
        case .firstPair: if !gammaSet { gamma = totals.sy / totals.yy }
        case .firstPairStep: if !gammaSet { gamma = s[newSlot].dot(s[newSlot]) / totals.sy }
        case .identity: gamma = 1
        }
        gammaSet = true
        order.append(newSlot)
        spare = free.removeLast()
        return true
    }
}

/// The choice of H₀ = γI in quasi-Newton methods.
public enum InitialHessianScaling: String, Sendable, CaseIterable {
    /// γ = sᵀy / yᵀy of the newest pair, every iteration (N&W eq. 7.20; L-BFGS's default).
    case latestPair = "latest"
    /// γ = sᵀy / yᵀy of the first pair, then fixed (N&W eq. 6.20: BFGS's default). With it,
    /// L-BFGS with m ≥ the number of iterations reproduces BFGS.
    case firstPair = "first"
    /// γ = sᵀs / sᵀy of the first pair, then fixed: the Barzilai–Borwein step (BB1; Barzilai &
    /// Borwein, IMA J. Numer. Anal. 8, 1988), the reciprocal of the mean curvature along s —
    /// never smaller than the γ of `firstPair` (Cauchy–Schwarz). BFGS's default (measured:
    /// results/tolerance-defaults.md).
    case firstPairStep = "first-bb"
    /// γ = 1.
    case identity
}
