/// Level curves of a function sampled on a grid, by marching squares (Lorensen & Cline,
/// "Marching cubes", SIGGRAPH 1987, in two dimensions): in each cell the level crosses the
/// edges whose ends lie on either side of it, at the linearly interpolated point; a saddle
/// cell (four crossings) is resolved by the mean of its corners. The cells' segments are then
/// joined into polylines through the edges they share.
public struct ContourGrid: Sendable {
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>
    /// Points per side (columns along x, rows along y).
    public let columns: Int
    public let rows: Int
    /// f at (xᵢ, yⱼ), row by row (j outer): `values[j * columns + i]`.
    public let values: [Double]

    /// The levels a chart draws on this grid (from the grid's values).
    public let levels: ContourLevels
    /// Where f was sampled more finely, for those levels.
    public let refinement: ContourRefinement

    /// Samples `f` on `columns` × `rows` evenly spaced points covering the window, then finer
    /// where a level's curve is narrower than a cell (`ContourRefinement`, to 2^-`depth` of a
    /// cell and at most `budget` more evaluations; depth 0: the grid alone).
    public init(
        xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, columns: Int = 121, rows: Int = 121,
        depth: Int = ContourRefinement.defaultDepth, budget: Int? = nil, f: ([Double]) -> Double
    ) {
        self.xRange = xRange
        self.yRange = yRange
        self.columns = columns
        self.rows = rows
        var values: [Double] = []
        values.reserveCapacity(columns * rows)
        for j in 0..<rows {
            for i in 0..<columns {
                values.append(f([Self.coordinate(i, columns, xRange), Self.coordinate(j, rows, yRange)]))
            }
        }
        self.values = values
        // Refined for the levels of every value found so far and for those two decades below
        // its least (positive) one, three times: each pass finds more of a valley's floor,
        // lower than any grid point, and its levels. The chart draws the levels of every value.
        let scale = Double(1 << max(0, min(depth, 20)))
        func point(_ p: SIMD2<Int>) -> [Double] {
            [Self.coordinate(Double(p.x) / scale, columns, xRange), Self.coordinate(Double(p.y) / scale, rows, yRange)]
        }
        var refinement = ContourRefinement(values: values, columns: columns, rows: rows, depth: depth)
        let total = budget ?? 2 * columns * rows
        for _ in 0..<(depth > 0 ? 3 : 0) {
            let found = values + refinement.extra.values
            let least = found.filter(\.isFinite).min() ?? 0
            let target = ContourLevels(values: found + (least > 0 ? [least / 100] : []))
            refinement.refine(levels: target.levels.map { $0 + target.shift }, budget: total, point: point, f: f)
        }
        let levels = ContourLevels(values: values + refinement.extra.values)
        self.levels = levels
        self.refinement = refinement
    }

    static func coordinate(_ k: Int, _ count: Int, _ range: ClosedRange<Double>) -> Double {
        coordinate(Double(k), count, range)
    }

    /// The coordinate at fractional grid index `k`.
    static func coordinate(_ k: Double, _ count: Int, _ range: ClosedRange<Double>) -> Double {
        range.lowerBound + k / Double(count - 1) * (range.upperBound - range.lowerBound)
    }

    func value(_ i: Int, _ j: Int) -> Double { values[j * columns + i] }

    /// The curves where f = `level`, as polylines in grid coordinates (i, j ∈ [0, n − 1],
    /// fractional), marched over the leaves of the refinement (`ContourRefinement`): the cells
    /// of the grid, and the quarters of those that were split. A leaf is the polygon of its
    /// corners and of the points its finer neighbours added on its sides, so that two leaves
    /// cross the level at the same points of the side they share and their segments join.
    /// Around the polygon the crossings alternate between going below and going above the
    /// level; they are paired in that order, starting so that the side of the level the
    /// polygon's mean lies on stays connected (the saddle rule of a square cell). Leaves with
    /// a non-finite point are left out.
    public func lines(at level: Double) -> [[(x: Double, y: Double)]] {
        let scale = Double(refinement.subdivisions)
        var crossing: [SIMD4<Int>: (x: Double, y: Double)] = [:]
        var segments: [(SIMD4<Int>, SIMD4<Int>)] = []
        var polygon: [SIMD2<Int>] = []
        for leaf in refinement.leaves {
            let s = leaf.size
            let corners = [SIMD2(0, 0), SIMD2(s, 0), SIMD2(s, s), SIMD2(0, s)].map { leaf.corner &+ $0 }
            polygon.removeAll(keepingCapacity: true)
            for k in 0..<4 {
                let (a, b) = (corners[k], corners[(k + 1) % 4])
                let step = SIMD2((b.x - a.x).signum(), (b.y - a.y).signum())
                polygon.append(a)
                for t in stride(from: 1, to: s, by: 1) where refinement.sampled(a &+ step &* t) {
                    polygon.append(a &+ step &* t)
                }
            }
            let values = polygon.map(refinement.value)
            guard values.allSatisfy(\.isFinite) else { continue }
            // (edge, goes from above to below) in order around the polygon.
            var found: [(SIMD4<Int>, Bool)] = []
            for k in polygon.indices {
                let m = (k + 1) % polygon.count
                guard (values[k] >= level) != (values[m] >= level) else { continue }
                // Each edge from its lower to its upper end, so that neighbours compute the same point.
                let (p, q, a, b) =
                    polygon[k].y < polygon[m].y || (polygon[k].y == polygon[m].y && polygon[k].x < polygon[m].x)
                    ? (polygon[k], polygon[m], values[k], values[m]) : (polygon[m], polygon[k], values[m], values[k])
                let id = SIMD4(p.x, p.y, q.x, q.y)
                let t = (level - a) / (b - a)
                crossing[id] = (
                    (Double(p.x) + t * Double(q.x - p.x)) / scale, (Double(p.y) + t * Double(q.y - p.y)) / scale
                )
                found.append((id, values[k] >= level))
            }
            guard found.count >= 2 else { continue }
            let meanAbove = values.reduce(0, +) / Double(values.count) >= level
            // Mean above: start at a crossing that goes below, so that the pairs cut off the parts below.
            let first = found.firstIndex { $0.1 == meanAbove } ?? 0
            for k in stride(from: 0, to: found.count - 1, by: 2) {
                segments.append((found[(first + k) % found.count].0, found[(first + k + 1) % found.count].0))
            }
        }
        return Self.join(segments).map { $0.compactMap { crossing[$0] } }
    }

    /// Chains of edge ids, each segment used once: an edge is shared by at most two segments.
    static func join<Edge: Hashable>(_ segments: [(Edge, Edge)]) -> [[Edge]] {
        var byEdge: [Edge: [Int]] = [:]
        for (k, s) in segments.enumerated() {
            byEdge[s.0, default: []].append(k)
            byEdge[s.1, default: []].append(k)
        }
        var used = [Bool](repeating: false, count: segments.count)
        func extend(_ chain: inout [Edge]) {
            while let next = byEdge[chain[chain.count - 1]]?.first(where: { !used[$0] }) {
                used[next] = true
                chain.append(segments[next].0 == chain[chain.count - 1] ? segments[next].1 : segments[next].0)
            }
        }
        var chains: [[Edge]] = []
        for k in segments.indices where !used[k] {
            used[k] = true
            var chain = [segments[k].0, segments[k].1]
            extend(&chain)
            chain.reverse()
            extend(&chain)
            chains.append(chain)
        }
        return chains
    }
}
