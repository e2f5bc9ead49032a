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
    /// of the grid, and the quarters of those that were split. Cells with a non-finite corner
    /// are left out. An edge is named by its two lattice ends, so two leaves that share a whole
    /// edge share its crossing and their segments join.
    public func lines(at level: Double) -> [[(x: Double, y: Double)]] {
        let scale = Double(refinement.subdivisions)
        var crossing: [SIMD4<Int>: (x: Double, y: Double)] = [:]
        var segments: [(SIMD4<Int>, SIMD4<Int>)] = []
        func edge(_ p: SIMD2<Int>, _ q: SIMD2<Int>) -> SIMD4<Int>? {
            let a = refinement.value(p), b = refinement.value(q)
            guard (a >= level) != (b >= level) else { return nil }
            let id = SIMD4(p.x, p.y, q.x, q.y)
            let t = (level - a) / (b - a)
            crossing[id] = (
                (Double(p.x) + t * Double(q.x - p.x)) / scale, (Double(p.y) + t * Double(q.y - p.y)) / scale
            )
            return id
        }
        for leaf in refinement.leaves {
            let s = leaf.size
            let p0 = leaf.corner, p1 = leaf.corner &+ SIMD2(s, 0)
            let p2 = leaf.corner &+ SIMD2(s, s), p3 = leaf.corner &+ SIMD2(0, s)
            let corners = [p0, p1, p2, p3].map(refinement.value)
            guard corners.allSatisfy(\.isFinite) else { continue }
            // Each edge from its lower to its upper end, so neighbours compute the same crossing.
            let bottom = edge(p0, p1), right = edge(p1, p2), top = edge(p3, p2), left = edge(p0, p3)
            let found = [bottom, right, top, left].compactMap { $0 }
            if found.count == 2 {
                segments.append((found[0], found[1]))
            } else if found.count == 4, let bottom, let right, let top, let left {
                let centreAbove = corners.reduce(0, +) / 4 >= level
                if (corners[0] >= level) == centreAbove {
                    segments += [(bottom, right), (top, left)]
                } else {
                    segments += [(left, bottom), (right, top)]
                }
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
