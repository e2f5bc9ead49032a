/// Where a variable stands in L-BFGS-B's active-set bookkeeping (the Fortran's `iwhere`).
enum VariableState: Int8 {
    /// Between its bounds, or on one with ∇f pointing inside: it moves.
    case free
    /// No bound at all.
    case unbounded
    /// On its lower (upper) bound and held there: by ∇f, or by the Cauchy search reaching it.
    case atLower, atUpper
    /// lᵢ = uᵢ.
    case fixed

    var isFree: Bool { self == .free || self == .unbounded }
}

/// The generalized Cauchy point (Byrd, Lu, Nocedal & Zhu 1995, section 4, Algorithm CP; the
/// Fortran's `cauchy`): the first local minimizer of the quadratic model
///   m(x) = f + gᵀ(x − xₖ) + ½(x − xₖ)ᵀB(x − xₖ)
/// along the projected steepest-descent path x(t) = P(xₖ − t g), t ≥ 0.
///
/// The path is linear between the breakpoints tᵢ where variable i reaches its bound
/// (tᵢ = (xᵢ − lᵢ)/gᵢ for gᵢ > 0, (xᵢ − uᵢ)/gᵢ for gᵢ < 0). On each segment the model is the
/// parabola f₁Δt + ½f₂Δt², whose coefficients are updated in O(k²) per breakpoint through the
/// compact form (p = Wᵀd, c = Wᵀ(x(t) − xₖ)):
///   f₁ ← f₁ + Δt f₂ + g_b² + θ g_b z_b − g_b wᵦᵀMc,   f₂ ← f₂ − θ g_b² − 2g_b wᵦᵀMp − g_b² wᵦᵀMwᵦ
/// (paper eqs. 4.9–4.11 with d_b = −g_b). The search stops in the first segment whose
/// parabola has its minimizer −f₁/f₂ before the next breakpoint. f₂ is kept at least
/// ε·f₂(0) (as in L-BFGS-B 3.0). Breakpoints are visited in increasing order from a binary
/// heap. `c` is left for the subspace step's reduced gradient.
final class CauchyPoint {
    let dimension: Int
    /// x(t*), the generalized Cauchy point.
    let point: Vector
    /// Each variable's state at the Cauchy point.
    private(set) var state: [VariableState]
    /// c = Wᵀ(xᶜ − xₖ), 2k elements.
    private(set) var c: [Double]
    /// Segments of the path explored by the last search.
    private(set) var segments = 0
    private let direction: Vector
    private var p: [Double], wb: [Double], v: [Double]
    private var heap: BreakpointHeap

    init(dimension: Int, memory: Int) {
        self.dimension = dimension
        point = Vector(count: dimension)
        direction = Vector(count: dimension)
        state = Array(repeating: .free, count: dimension)
        c = Array(repeating: 0, count: 2 * memory)
        p = Array(repeating: 0, count: 2 * memory)
        wb = Array(repeating: 0, count: 2 * memory)
        v = Array(repeating: 0, count: 2 * memory)
        heap = BreakpointHeap(capacity: dimension)
    }

    /// Marks every variable free (or unbounded), xᶜ = x and c = 0: the unconstrained iteration,
    /// which skips the search.
    func skip(x: Vector, bounds: Bounds) {
        for i in 0..<dimension {
            state[i] = bounds.lower[i] == -.infinity && bounds.upper[i] == .infinity ? .unbounded : .free
        }
        Kernels.copy(x.readOnly, into: point.storage)
        for j in c.indices { c[j] = 0 }
    }

    /// Computes xᶜ from x (in the box) and g = ∇f(x) with B held by `memory`.
    /// - Parameter projectedGradientNorm: ‖P(x − g) − x‖∞; 0 gives xᶜ = x.
    func compute(x: Vector, gradient g: Vector, bounds: Bounds, memory: CompactLBFGS, projectedGradientNorm: Double) {
        let n = dimension, k = memory.count, k2 = 2 * k, theta = memory.theta
        for j in 0..<k2 { p[j] = 0; c[j] = 0 }
        Kernels.copy(x.readOnly, into: point.storage)
        segments = 0
        guard projectedGradientNorm > 0 else { return }
        heap.removeAll()
        var f1 = 0.0
        var anyWithoutBreakpoint = false   // a variable that moves (or could) with no bound ahead
        var boundedPath = true             // no variable moves forever with gᵢ ≠ 0 (`bnded`)
        let lower = bounds.lower, upper = bounds.upper
        for i in 0..<n {
            let l = lower[i], u = upper[i], xi = x[i], di = -g[i]
            if l == u {
                state[i] = .fixed
            } else if l == -.infinity && u == .infinity {
                state[i] = .unbounded
            } else if xi <= l {
                state[i] = di <= 0 ? .atLower : .free
            } else if xi >= u {
                state[i] = di >= 0 ? .atUpper : .free
            } else {
                state[i] = .free
            }
            guard state[i].isFree else { direction[i] = 0; continue }
            direction[i] = di
            f1 -= di * di
            for j in 0..<k {
                p[j] += memory.yColumn(j)[i] * di
                p[k + j] += memory.sColumn(j)[i] * di
            }
            if di < 0 && l > -.infinity {
                heap.insert((xi - l) / -di, index: i)
            } else if di > 0 && u < .infinity {
                heap.insert((u - xi) / di, index: i)
            } else {
                anyWithoutBreakpoint = true
                if di != 0 { boundedPath = false }
            }
        }
        for j in 0..<k { p[k + j] *= theta }
        if heap.isEmpty && !anyWithoutBreakpoint { return }

        var f2 = -theta * f1
        let f2Initial = f2
        if k > 0 {
            memory.multiplyMiddle(p, into: &v)
            f2 -= dot(v, p, k2)
        }
        var dtm = -f1 / f2
        var tsum = 0.0, tj = 0.0
        segments = 1
        while let (breakpoint, b) = heap.popMin() {
            let dt = breakpoint - tj
            tj = breakpoint
            if dtm < dt { break }
            tsum += dt
            let db = direction[b]
            direction[b] = 0
            let zb: Double
            if db > 0 {
                zb = upper[b] - x[b]
                point[b] = upper[b]
                state[b] = .atUpper
            } else {
                zb = lower[b] - x[b]
                point[b] = lower[b]
                state[b] = .atLower
            }
            segments += 1
            let db2 = db * db
            f1 += dt * f2 + db2 - theta * db * zb
            f2 -= theta * db2
            if k > 0 {
                for j in 0..<k2 { c[j] += dt * p[j] }
                wb.withUnsafeMutableBufferPointer { memory.wRow(b, into: $0.baseAddress!) }
                memory.multiplyMiddle(wb, into: &v)
                let wmc = dot(c, v, k2), wmp = dot(p, v, k2), wmw = dot(wb, v, k2)
                for j in 0..<k2 { p[j] -= db * wb[j] }
                f1 += db * wmc
                f2 += 2 * db * wmp - db2 * wmw
            }
            f2 = max(Double.ulpOfOne * f2Initial, f2)
            if !heap.isEmpty {
                dtm = -f1 / f2
            } else {
                dtm = boundedPath ? 0 : -f1 / f2
                break
            }
        }
        if dtm <= 0 { dtm = 0 }
        tsum += dtm
        Kernels.axpy(tsum, direction.readOnly, point.storage)
        for j in 0..<k2 { c[j] += dtm * p[j] }
    }

    private func dot(_ a: [Double], _ b: [Double], _ count: Int) -> Double {
        var t = 0.0
        for j in 0..<count { t += a[j] * b[j] }
        return t
    }
}

extension CompactLBFGS {
    /// out = M v for arrays (2k elements used).
    func multiplyMiddle(_ v: [Double], into out: inout [Double]) {
        v.withUnsafeBufferPointer { vb in
            out.withUnsafeMutableBufferPointer { multiplyMiddle(vb.baseAddress!, into: $0.baseAddress!) }
        }
    }
}

/// A binary min-heap of breakpoints (t, variable) in preallocated storage (the Fortran's
/// `hpsolb` plays this role).
struct BreakpointHeap {
    private var times: [Double]
    private var indices: [Int]
    private(set) var count = 0

    init(capacity: Int) {
        times = Array(repeating: 0, count: capacity)
        indices = Array(repeating: 0, count: capacity)
    }

    var isEmpty: Bool { count == 0 }

    mutating func removeAll() { count = 0 }

    mutating func insert(_ t: Double, index: Int) {
        var child = count
        count += 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard times[parent] > t else { break }
            times[child] = times[parent]
            indices[child] = indices[parent]
            child = parent
        }
        times[child] = t
        indices[child] = index
    }

    /// The smallest breakpoint and its variable, removed; nil when empty.
    mutating func popMin() -> (Double, Int)? {
        guard count > 0 else { return nil }
        let top = (times[0], indices[0])
        count -= 1
        let t = times[count], index = indices[count]
        var parent = 0
        while true {
            var child = 2 * parent + 1
            if child >= count { break }
            if child + 1 < count && times[child + 1] < times[child] { child += 1 }
            guard times[child] < t else { break }
            times[parent] = times[child]
            indices[parent] = indices[child]
            parent = child
        }
        if count > 0 {
            times[parent] = t
            indices[parent] = index
        }
        return top
    }
}
