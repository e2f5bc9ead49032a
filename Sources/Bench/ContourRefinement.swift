/// Where a contour grid is sampled more finely than its cells: a quadtree over each cell,
/// split where a level's curve may be narrower than the cell, so that a narrow valley
/// (Rosenbrock's, an ill-conditioned quadratic's) has its low levels found and drawn instead
/// of slipping between the grid points. A grid cell is split when some level lies between its
/// lowest corner and the least value over the cell of a quadratic model of f at one of its
/// corners (central differences of the grid: gradient and Hessian in grid steps): the level
/// may be a sliver inside the cell that touches no corner. Its quarters, and theirs, are split
/// again while some level ℓ lies in (lo − (hi − lo), lo) for their corners' values [lo, hi].
/// Splits go breadth first, the whole grid a size at a time, down to 2^-`depth` of a cell or
/// until the new evaluations reach the budget, so that a slow objective costs a bounded
/// multiple of the grid. The idea is the adaptive sampling of contouring programs
/// (Bloomenthal, "Polygonization of implicit surfaces", CAGD 5, 1988, in two dimensions); the
/// criteria are this program's own.
public struct ContourRefinement: Sendable {
    /// A leaf: its lower-left corner and side on the lattice (`subdivisions` lattice steps per cell).
    public struct Leaf: Sendable {
        public let corner: SIMD2<Int>
        public let size: Int
    }

    public static let defaultDepth = 4
    /// Lattice steps per grid cell: 2^depth.
    public let subdivisions: Int
    public private(set) var leaves: [Leaf]
    /// f at the lattice points that are not grid points.
    private(set) var extra: [SIMD2<Int>: Double] = [:]
    let coarse: [Double]
    let columns: Int
    /// The evaluations of f the refinement made (beyond the grid's).
    public var evaluations: Int { extra.count }

    /// The cells of the `columns` × `rows` grid of `values`, not split yet.
    init(values: [Double], columns: Int, rows: Int, depth: Int) {
        subdivisions = 1 << max(0, min(depth, 20))
        coarse = values
        self.columns = columns
        var leaves: [Leaf] = []
        for j in 0..<max(0, rows - 1) {
            for i in 0..<max(0, columns - 1) {
                leaves.append(Leaf(corner: SIMD2(i * subdivisions, j * subdivisions), size: subdivisions))
            }
        }
        self.leaves = leaves
    }

    /// f at lattice point `p` (a grid point when both coordinates are multiples of `subdivisions`).
    func value(_ p: SIMD2<Int>) -> Double {
        if p.x % subdivisions == 0 && p.y % subdivisions == 0 {
            return coarse[(p.y / subdivisions) * columns + p.x / subdivisions]
        }
        return extra[p] ?? .nan
    }

    /// The least value over the grid cell from grid point `p` towards (`sx`, `sy`) (±1 each) of
    /// the quadratic model of f at `p` from central differences of the grid (gradient and
    /// Hessian in grid steps): over the unit square, the interior minimizer when the Hessian is
    /// positive definite and it lies inside, else the least of the sides' 1-D minima. nil at
    /// the window's edge or with a non-finite neighbour.
    func modelMinimum(at p: SIMD2<Int>, towards sx: Double, _ sy: Double) -> Double? {
        let rows = coarse.count / columns
        guard p.x > 0, p.y > 0, p.x < columns - 1, p.y < rows - 1 else { return nil }
        func f(_ i: Int, _ j: Int) -> Double { coarse[(p.y + j) * columns + p.x + i] }
        let f0 = f(0, 0)
        // In the cell's own coordinates u, v ∈ [0, 1]: d = (sx·u, sy·v).
        let gu = sx * (f(1, 0) - f(-1, 0)) / 2, gv = sy * (f(0, 1) - f(0, -1)) / 2
        let huu = f(1, 0) - 2 * f0 + f(-1, 0), hvv = f(0, 1) - 2 * f0 + f(0, -1)
        let huv = sx * sy * (f(1, 1) - f(1, -1) - f(-1, 1) + f(-1, -1)) / 4
        guard [f0, gu, gv, huu, hvv, huv].allSatisfy(\.isFinite) else { return nil }
        func model(_ u: Double, _ v: Double) -> Double {
            f0 + gu * u + gv * v + 0.5 * (huu * u * u + 2 * huv * u * v + hvv * v * v)
        }
        /// The least of a + b·t + c·t²/2 over t ∈ [0, 1], as t.
        func least(_ a: Double, _ b: Double, _ c: Double) -> Double {
            let ends = a + b + c / 2 < a ? 1.0 : 0.0
            guard c > 0 else { return ends }
            let t = -b / c
            return t > 0 && t < 1 ? t : ends
        }
        var best = Double.infinity
        let det = huu * hvv - huv * huv
        if huu > 0 && det > 0 {
            let u = -(hvv * gu - huv * gv) / det, v = -(huu * gv - huv * gu) / det
            if u >= 0 && u <= 1 && v >= 0 && v <= 1 { best = model(u, v) }
        }
        for side in [0.0, 1.0] {
            // v = side: a function of u; u = side: a function of v.
            best = min(best, model(least(0, gu + huv * side, huu), side))
            best = min(best, model(side, least(0, gv + huv * side, hvv)))
        }
        return best
    }

    /// Whether f was evaluated at lattice point `p` (a grid point, or a point of a split).
    func sampled(_ p: SIMD2<Int>) -> Bool {
        (p.x % subdivisions == 0 && p.y % subdivisions == 0) || extra[p] != nil
    }

    /// Splits the leaves where one of `levels` (values of f) may hide, while the new
    /// evaluations stay within `budget`; `point` turns a lattice point into coordinates.
    mutating func refine(
        levels: [Double], budget: Int, point: (SIMD2<Int>) -> [Double], f: ([Double]) -> Double
    ) {
        let sorted = levels.sorted()
        /// Whether some level lies in (low, high).
        func between(_ low: Double, _ high: Double) -> Bool {
            var a = 0, b = sorted.count
            while a < b {
                let m = (a + b) / 2
                if sorted[m] <= low { a = m + 1 } else { b = m }
            }
            return a < sorted.count && sorted[a] < high
        }
        func narrow(_ leaf: Leaf) -> Bool {
            let s = leaf.size
            let offsets = [SIMD2(0, 0), SIMD2(s, 0), SIMD2(s, s), SIMD2(0, s)]
            let corners = offsets.map { value(leaf.corner &+ $0) }
            guard corners.allSatisfy(\.isFinite), let lo = corners.min(), let hi = corners.max() else { return false }
            guard s == subdivisions else { return hi > lo && between(lo - (hi - lo), lo) }
            let models = offsets.compactMap { offset -> Double? in
                let toward = SIMD2(s, s) &- offset &* 2  // from this corner into the cell: ±s each
                return modelMinimum(
                    at: (leaf.corner &+ offset) / subdivisions, towards: Double(toward.x.signum()),
                    Double(toward.y.signum()))
            }
            guard let low = models.min(), low < lo else { return false }
            return between(low, lo)
        }
        var done: [Leaf] = []
        // Largest leaves first, so that the budget is spread over the whole grid.
        var current = leaves.sorted { $0.size > $1.size }
        while !current.isEmpty {
            let size = current[0].size
            let batch = current.prefix { $0.size == size }
            var next = Array(current.dropFirst(batch.count))
            for leaf in batch {
                // A split needs at most 5 new points (the centre and 4 midpoints).
                guard leaf.size > 1, extra.count + 5 <= budget, narrow(leaf) else {
                    done.append(leaf)
                    continue
                }
                let h = leaf.size / 2
                for offset in [SIMD2(0, 0), SIMD2(h, 0), SIMD2(0, h), SIMD2(h, h)] {
                    let child = Leaf(corner: leaf.corner &+ offset, size: h)
                    for c in [SIMD2(0, 0), SIMD2(h, 0), SIMD2(h, h), SIMD2(0, h)] {
                        let p = child.corner &+ c
                        if value(p).isNaN && !(p.x % subdivisions == 0 && p.y % subdivisions == 0) && extra[p] == nil {
                            extra[p] = f(point(p))
                        }
                    }
                    next.append(child)
                }
            }
            current = next
        }
        leaves = done
    }
}
