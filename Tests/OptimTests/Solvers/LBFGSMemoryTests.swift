import Testing
@testable import Optim

/// The textbook two-loop recursion (N&W Algorithm 7.4), written with plain arrays: the
/// independent reference for `LBFGSMemory`'s coefficient form.
func textbookTwoLoop(pairs: [(s: [Double], y: [Double])], v: [Double]) -> [Double] {
    func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
    var q = v
    var alphas = [Double](repeating: 0, count: pairs.count)
    for i in stride(from: pairs.count - 1, through: 0, by: -1) {
        let rho = 1 / dot(pairs[i].y, pairs[i].s)
        alphas[i] = rho * dot(pairs[i].s, q)
        for j in 0..<q.count { q[j] -= alphas[i] * pairs[i].y[j] }
    }
    let last = pairs[pairs.count - 1]
    let gamma = dot(last.s, last.y) / dot(last.y, last.y)
    var r = q.map { gamma * $0 }
    for i in 0..<pairs.count {
        let rho = 1 / dot(pairs[i].y, pairs[i].s)
        let beta = rho * dot(pairs[i].y, r)
        for j in 0..<r.count { r[j] += pairs[i].s[j] * (alphas[i] - beta) }
    }
    return r
}

@Suite struct LBFGSMemoryTests {
    /// Two threads give the same bits as one: the passes sum per-block partials in block
    /// order whatever the thread count (`ParallelBlocks`). n spans enough blocks for both
    /// threads to work; ten updates wrap the memory (m = 4) around, one pair is rejected.
    @Test func twoThreadsGiveTheSameBitsAsOne() {
        let n = 3 * LBFGSMemory.blockLength * ParallelBlocks.minimumBlocksPerThread + 17
        let one = LBFGSMemory(dimension: n, capacity: 4), two = LBFGSMemory(dimension: n, capacity: 4, threads: 2)
        #expect(ParallelBlocks(count: n, blockLength: LBFGSMemory.blockLength, threads: 2).threadsUsed == 2)
        func gradient(_ x: [Double]) -> [Double] {
            x.enumerated().map { Double($0.offset % 100 + 1) * $0.element + $0.element * $0.element * $0.element }
        }
        var x = (0..<n).map { sin(Double($0)) }
        let d1 = Vector(count: n), d2 = Vector(count: n)
        for k in 0..<10 {
            // Step 6 is a null step: s = y = 0 fails the curvature test, so the pair is skipped.
            let xn = k == 6 ? x : x.enumerated().map { $0.element + 0.3 * cos(Double($0.offset + k)) / Double(k + 1) }
            let (xv, xnv, gv, gnv) = (Vector(x), Vector(xn), Vector(gradient(x)), Vector(gradient(xn)))
            #expect(
                one.update(x: xv, newX: xnv, gradient: gv, newGradient: gnv)
                    == two.update(x: xv, newX: xnv, gradient: gv, newGradient: gnv))
            let s1 = one.searchDirection(gradient: gnv, into: d1), s2 = two.searchDirection(gradient: gnv, into: d2)
            #expect(s1.bitPattern == s2.bitPattern && one.gamma.bitPattern == two.gamma.bitPattern, "k = \(k)")
            #expect(d1.array == d2.array, "k = \(k)")
            x = xn
        }
        #expect(one.count == 4 && one.skippedPairs == 1 && two.skippedPairs == 1)
    }

    /// Feeds the memory a sequence of iterates of a convex function and compares with the
    /// textbook recursion over the same pairs, before and after the memory wraps around.
    @Test(arguments: [1, 3, 5])
    func coefficientFormEqualsTextbookTwoLoop(_ m: Int) {
        let n = 37
        // Iterates and gradients of f(x) = Σ (i+1)/2 xᵢ² + ¼ Σ xᵢ⁴ along a fixed path.
        func gradient(_ x: [Double]) -> [Double] {
            x.enumerated().map { Double($0.offset + 1) * $0.element + $0.element * $0.element * $0.element }
        }
        var points: [[Double]] = []
        for k in 0..<9 {
            points.append((0..<n).map { i in sin(Double(i * (k + 2))) / Double(k + 1) + 0.1 * Double(k) })
        }
        let memory = LBFGSMemory(dimension: n, capacity: m)
        var kept: [(s: [Double], y: [Double])] = []
        for k in 1..<points.count {
            let x = Vector(points[k - 1]), xn = Vector(points[k])
            let g = Vector(gradient(points[k - 1])), gn = Vector(gradient(points[k]))
            #expect(memory.update(x: x, newX: xn, gradient: g, newGradient: gn))
            kept.append((zip(points[k], points[k - 1]).map { $0 - $1 }, zip(gn.array, g.array).map { $0 - $1 }))
            if kept.count > m { kept.removeFirst() }
            #expect(memory.count == kept.count)

            let reference = textbookTwoLoop(pairs: kept, v: gn.array)
            let d = Vector(count: n)
            let slope = memory.searchDirection(gradient: gn, into: d)
            let scale = reference.map(abs).max()!
            for i in 0..<n { #expect(abs(d[i] + reference[i]) <= 1e-12 * scale, "k = \(k), i = \(i)") }
            let expectedSlope = -zip(gn.array, reference).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(slope - expectedSlope) <= 1e-12 * abs(expectedSlope))

            // Any vector, through the general entry point.
            let v = Vector((0..<n).map { cos(Double($0)) })
            let hv = Vector(count: n)
            memory.applyInverseHessian(to: v.readOnly, into: hv.storage)
            let hvReference = textbookTwoLoop(pairs: kept, v: v.array)
            let hvScale = hvReference.map(abs).max()!
            for i in 0..<n { #expect(abs(hv[i] - hvReference[i]) <= 1e-12 * hvScale) }
        }
    }

    @Test func skipsPairsWithoutPositiveCurvatureAndKeepsTheOldest() {
        let n = 4
        let memory = LBFGSMemory(dimension: n, capacity: 2)
        let zero = Vector(count: n)
        // Two good pairs fill the memory.
        #expect(memory.update(x: zero, newX: Vector([1, 0, 0, 0]), gradient: zero, newGradient: Vector([2, 0, 0, 0])))
        #expect(memory.update(x: zero, newX: Vector([0, 1, 0, 0]), gradient: zero, newGradient: Vector([0, 3, 0, 0])))
        // sᵀy < 0: rejected, and the full memory must still hold both earlier pairs.
        #expect(!memory.update(x: zero, newX: Vector([0, 0, 1, 0]), gradient: zero, newGradient: Vector([0, 0, -1, 0])))
        #expect(memory.skippedPairs == 1)
        #expect(memory.count == 2)
        #expect(memory.pairs[0].s == [1, 0, 0, 0] && memory.pairs[1].s == [0, 1, 0, 0])
        // γ is still that of the newest accepted pair: sᵀy / yᵀy = 3/9.
        #expect(abs(memory.gamma - 1.0 / 3) <= 1e-15)
        // And the direction for the current gradient (the rejected update's newGradient)
        // uses those pairs: H = diag(1/2, 1/3, γ, γ) on this separable data.
        let d = Vector(count: n)
        _ = memory.searchDirection(gradient: Vector([0, 0, -1, 0]), into: d)
        #expect(abs(d[2] - 1.0 / 3) <= 1e-15)
        memory.reset()
        #expect(memory.count == 0 && memory.gamma == 1)
    }

    @Test func inverseHessianOfADiagonalQuadraticFromNPairs() {
        // With n exact secant pairs along the axes of a diagonal quadratic, the two-loop H
        // equals Q⁻¹ exactly (each pair fixes one eigen-direction).
        let lambdas = [1.0, 4, 9, 16, 25]
        let n = lambdas.count
        let memory = LBFGSMemory(dimension: n, capacity: n)
        for i in 0..<n {
            var s = [Double](repeating: 0, count: n)
            s[i] = 1
            memory.update(
                x: Vector(count: n), newX: Vector(s), gradient: Vector(count: n),
                newGradient: Vector(s.map { $0 * lambdas[i] }))
        }
        for i in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[i] = 1
            let unit = Vector(e), out = Vector(count: n)
            memory.applyInverseHessian(to: unit.readOnly, into: out.storage)
            for j in 0..<n { #expect(abs(out[j] - (i == j ? 1 / lambdas[i] : 0)) <= 1e-15) }
        }
    }
}

import Foundation
