import Foundation
import Optim
import Problems

/// `optbench-perf kernels`: what the host-tuned build changes (scripts/bench/bench-isa runs it in
/// the portable and the tuned build). Each element-wise kernel of VectorMath — exp on
/// (−∞, 0], tanh, the logistic sigmoid — over 16,384 values (128 KB, in L2, so the
/// arithmetic and not memory bandwidth is timed), best of 400 passes, in ns per value, with
/// its worst distance to libm in ulps over 300,000 points; L-BFGS's own work per iteration
/// (everything but f and ∇f) on chained Rosenbrock at n = 10⁴ (in cache) and 10⁶ (streaming
/// from memory); and the digits-sized MLP's loss and gradient.
enum KernelBenchmark {
    static func ulps(_ a: Double, _ b: Double) -> Double {
        if a == b { return 0 }
        guard a.sign == b.sign, a.isFinite, b.isFinite else { return .infinity }
        return abs(Double(Int64(bitPattern: a.bitPattern) &- Int64(bitPattern: b.bitPattern)))
    }

    /// Best nanoseconds per value of `kernel` over `passes` passes of `x`.
    static func time(
        _ x: Vector, _ y: Vector, passes: Int,
        _ kernel: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void
    ) -> Double {
        var best = Double.infinity
        for _ in 0..<passes {
            let t = DispatchTime.now().uptimeNanoseconds
            kernel(x.pointer, y.pointer, x.count)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t))
        }
        return best / Double(x.count)
    }

    /// Worst ulps of `kernel` against `reference` at `count` points spread over `range`.
    static func worstUlps(
        _ range: ClosedRange<Double>, count: Int, _ kernel: (Double) -> Double, _ reference: (Double) -> Double
    ) -> Double {
        var worst = 0.0
        for i in 0...count {
            let x = range.lowerBound + (range.upperBound - range.lowerBound) * Double(i) / Double(count)
            worst = max(worst, ulps(kernel(x), reference(x)))
        }
        return worst
    }

    static func run() -> String {
        let n = 16_384
        let negative = Vector((0..<n).map { -Double($0) / Double(n) * 40 })
        let centred = Vector((0..<n).map { Double($0) / Double(n) * 16 - 8 })
        let out = Vector(count: n)
        let exp = time(negative, out, passes: 400) { VectorMath.expNonPositive($0, into: $1, count: $2) }
        let tanh = time(centred, out, passes: 400) { VectorMath.tanh($0, into: $1, count: $2) }
        let sigmoid = time(centred, out, passes: 400) { VectorMath.sigmoid($0, into: $1, count: $2) }
        let libmTanh = time(centred, out, passes: 400) { x, y, count in
            for i in 0..<count { y[i] = Foundation.tanh(x[i]) }
        }
        let expUlps = worstUlps(-708...0, count: 300_000, VectorMath.expNonPositive, Foundation.exp)
        let tanhUlps = worstUlps(-20...20, count: 300_000, VectorMath.tanh, Foundation.tanh)
        // The reference formula VectorMathTests uses: 1/(1 + e⁻ᵃ) for a ≥ 0, eᵃ/(1 + eᵃ) below.
        let sigmoidUlps = worstUlps(-40...40, count: 300_000, VectorMath.sigmoid) { a in
            a >= 0 ? 1 / (1 + Foundation.exp(-a)) : Foundation.exp(a) / (1 + Foundation.exp(a))
        }
        let small = (0..<3).map { _ in measureLBFGS(n: 10_000, m: 10, iterations: 400).own }.min()!
        let large = (0..<3).map { _ in measureLBFGS(n: 1_000_000, m: 10, iterations: 30).own }.min()!
        let problem = orExit("the benchmark network") {
            try ProblemRegistry.resolve("mlp:samples=12500,features=64,hidden=256,classes=10,seed=1")
        }
        let objective = problem.objective as! MLPObjective
        let theta = Vector(problem.start), gradient = Vector(count: objective.dimension)
        var mlp = Double.infinity, sink = 0.0
        for _ in 0..<10 {
            let t = DispatchTime.now().uptimeNanoseconds
            sink += objective.valueAndGradient(at: theta.readOnly, gradient: gradient.storage)
            mlp = min(mlp, Double(DispatchTime.now().uptimeNanoseconds - t) * 1e-6)
        }
        precondition(sink.isFinite)
        return "{\"exp_ns\":\(exp),\"tanh_ns\":\(tanh),\"sigmoid_ns\":\(sigmoid),\"libm_tanh_ns\":\(libmTanh),"
            + "\"exp_ulps\":\(expUlps),\"tanh_ulps\":\(tanhUlps),\"sigmoid_ulps\":\(sigmoidUlps),"
            + "\"lbfgs_own_us_n1e4\":\(small * 1e6),\"lbfgs_own_ms_n1e6\":\(large * 1e3),\"mlp_ms\":\(mlp)}"
    }
}
