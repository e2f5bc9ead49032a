import Testing
@testable import Optim

@Suite struct KernelsTests {
    /// Deterministic pseudo-random vector (a tiny LCG; independent of the library's RNG).
    static func vector(_ n: Int, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<n).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(Int64(bitPattern: state >> 11) % 2_000_001) / 1_000_000 - 1
        }
    }

    @Test(arguments: [0, 1, 3, 7, 8, 17, 1000, 4099])
    func blasKernelsMatchNaiveLoops(_ n: Int) {
        let a = Self.vector(n, seed: 1), b = Self.vector(n, seed: 2)
        let x = Vector(a), y = Vector(b)
        let naiveDot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(x.dot(y) - naiveDot) <= 1e-13 * Double(max(n, 1)))
        #expect(x.maxAbs == (a.map(abs).max() ?? 0))
        #expect(abs(x.norm2 - a.reduce(0) { $0 + $1 * $1 }.squareRoot()) <= 1e-13 * Double(max(n, 1)))
        Kernels.axpy(0.5, x.readOnly, y.storage)
        for i in 0..<n { #expect(y[i] == b[i] + 0.5 * a[i]) }
        Kernels.scal(-2, y.storage)
        for i in 0..<n { #expect(y[i] == -2 * (b[i] + 0.5 * a[i])) }
        let z = Vector(count: n), original = Vector(b)
        Kernels.addScaled(x.readOnly, 3, original.readOnly, into: z.storage)
        for i in 0..<n { #expect(z[i] == a[i] + 3 * b[i]) }
        #expect(Kernels.maxAbsDifference(x.readOnly, z.readOnly) == zip(a, z.array).map { abs($0 - $1) }.max() ?? 0)
    }

    /// On a vector long enough to split, two threads give exactly the one-thread results,
    /// and a NaN in any block (the second thread's too) still makes ‖x‖∞ NaN.
    @Test func elementwiseKernelsSplitBetweenThreadsGiveTheSameBits() {
        let n = 16384 * ParallelBlocks.minimumBlocksPerThread * 2 + 1001
        #expect(ParallelBlocks(count: n, blockLength: 16384, threads: 2).threadsUsed == 2)
        let a = Self.vector(n, seed: 21), b = Self.vector(n, seed: 22)
        let x = Vector(a), y = Vector(b), z1 = Vector(count: n), z2 = Vector(count: n)
        Kernels.addScaled(x.readOnly, -0.37, y.readOnly, into: z1.storage, threads: 1)
        Kernels.addScaled(x.readOnly, -0.37, y.readOnly, into: z2.storage, threads: 2)
        #expect(z1.array == z2.array && z1[n - 1] == a[n - 1] + -0.37 * b[n - 1])
        let largest = a.map(abs).max()!
        #expect(Kernels.maxAbs(x.readOnly, threads: 2) == largest && Kernels.maxAbs(x.readOnly, threads: 1) == largest)
        x[n - 5] = -7   // in the last block, which the second thread takes
        #expect(Kernels.maxAbs(x.readOnly, threads: 2) == 7)
        x[n - 3] = .nan
        #expect(Kernels.maxAbs(x.readOnly, threads: 2).isNaN)
    }

    @Test func maxAbsPropagatesNaNWhereverItIs() {
        for position in [0, 3, 4, 9] {
            var a = [Double](repeating: 1, count: 10)
            a[position] = .nan
            #expect(Vector(a).maxAbs.isNaN, "NaN at \(position)")
        }
        #expect(Vector([1, -.infinity, 2]).maxAbs == .infinity)
    }

    @Test(arguments: [5, 8, 4099])
    func blockKernelsMatchNaiveLoops(_ n: Int) {
        let v = Self.vector(n, seed: 3), a = Self.vector(n, seed: 4), b = Self.vector(n, seed: 5)
        // Sums of n products of numbers in [−1, 1]: rounding ≤ n·ε·Σ|products| ≤ 1e-12·n here.
        let tolerance = 1e-12 * Double(n)
        let w = Self.vector(n, seed: 10)
        let p = BlockKernels.pairDots(v, w, a, b, count: n)
        func dot(_ p: [Double], _ q: [Double]) -> Double { zip(p, q).reduce(0) { $0 + $1.0 * $1.1 } }
        #expect(abs(p.ua - dot(v, a)) <= tolerance && abs(p.ub - dot(v, b)) <= tolerance)
        #expect(abs(p.wa - dot(w, a)) <= tolerance && abs(p.wb - dot(w, b)) <= tolerance)
        #expect(abs(BlockKernels.dot(v, a, count: n) - dot(v, a)) <= tolerance)
        // Two pairs at once: each product summed exactly as `pairDots` sums it.
        let u2 = Self.vector(n, seed: 11), w2 = Self.vector(n, seed: 12)
        let two = BlockKernels.twoPairDots(v, w, u2, w2, a, b, count: n)
        let second = BlockKernels.pairDots(u2, w2, a, b, count: n)
        #expect(two.first == p && two.second == second)
        var out = a
        BlockKernels.axpy2(0.5, v, -2, w, into: &out, count: n)
        for i in 0..<n { #expect(out[i] == a[i] + (0.5 * v[i] + -2 * w[i])) }

        let x = Self.vector(n, seed: 6), xn = Self.vector(n, seed: 7), g = Self.vector(n, seed: 8),
            gn = Self.vector(n, seed: 9)
        var s = [Double](repeating: 0, count: n), y = [Double](repeating: 0, count: n)
        let r = BlockKernels.differencesAndProducts(x: x, xNew: xn, g: g, gNew: gn, s: &s, y: &y, count: n)
        let es = zip(xn, x).map { $0 - $1 }, ey = zip(gn, g).map { $0 - $1 }
        #expect(s == es && y == ey)
        #expect(abs(r.sy - dot(es, ey)) <= 4 * tolerance && abs(r.yy - dot(ey, ey)) <= 4 * tolerance)
        #expect(abs(r.sg - dot(es, gn)) <= 4 * tolerance && abs(r.yg - dot(ey, gn)) <= 4 * tolerance)
        #expect(abs(r.gg - dot(gn, gn)) <= tolerance)
    }
}
