import Foundation
import Optim

/// Times LBFGSMemory's two passes alone — `update` (forms the new pair, takes its products
/// with the m − 1 pairs that stay) and `searchDirection` (d = −Hg as one linear combination)
/// — on a full memory of synthetic pairs, best of 15, and reports the bandwidth each reaches
/// counting every byte it moves: update reads x, x′, g, g′ and 2(m − 1) stored vectors and
/// writes s (past the cache) and y (with its read for ownership); searchDirection reads g and
/// 2m stored vectors and writes d (with its read for ownership).
enum PassProbe {
    static func run(n: Int, m: Int, threads: Int) -> String {
        let memory = LBFGSMemory(dimension: n, capacity: m, threads: threads)
        var x = Vector((0..<n).map { Double($0 % 7) }), g = Vector((0..<n).map { Double($0 % 5) })
        var x2 = Vector(count: n), g2 = Vector(count: n)
        let d = Vector(count: n)
        for k in 0..<(m + 2) {
            for i in 0..<n {
                x2[i] = x[i] + 0.01 * Double((i + k) % 11)
                g2[i] = g[i] + 0.02 * Double((i * 3 + k) % 13) + 0.001 * Double(k) * x2[i]
            }
            memory.update(x: x, newX: x2, gradient: g, newGradient: g2)
            swap(&x, &x2)
            swap(&g, &g2)
        }
        var bestUpdate = Double.infinity, bestDirection = Double.infinity, slope = 0.0
        for _ in 0..<15 {
            var t = DispatchTime.now().uptimeNanoseconds
            memory.update(x: x, newX: x2, gradient: g, newGradient: g2)
            bestUpdate = min(bestUpdate, Double(DispatchTime.now().uptimeNanoseconds - t) * 1e-9)
            t = DispatchTime.now().uptimeNanoseconds
            slope = memory.searchDirection(gradient: g2, into: d)
            bestDirection = min(bestDirection, Double(DispatchTime.now().uptimeNanoseconds - t) * 1e-9)
        }
        precondition(slope.isFinite)
        let updateBytes = Double((2 * (m - 1) + 7) * n * 8), directionBytes = Double((2 * m + 3) * n * 8)
        return """
            {"n":\(n),"memory":\(m),"threads":\(threads),"update_ms":\(bestUpdate * 1e3),"update_gb_per_s":\(updateBytes / bestUpdate / 1e9),\
            "direction_ms":\(bestDirection * 1e3),"direction_gb_per_s":\(directionBytes / bestDirection / 1e9),"slope_bits":\(slope.bitPattern)}
            """
    }
}
