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

    /// Samples `f` on `columns` × `rows` evenly spaced points covering the window.
    public init(
        xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, columns: Int = 121, rows: Int = 121,
        f: ([Double]) -> Double
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
    }

    static func coordinate(_ k: Int, _ count: Int, _ range: ClosedRange<Double>) -> Double {
        range.lowerBound + Double(k) / Double(count - 1) * (range.upperBound - range.lowerBound)
    }

    func value(_ i: Int, _ j: Int) -> Double { values[j * columns + i] }

    /// The curves where f = `level`, as polylines in grid coordinates (i, j ∈ [0, n − 1],
    /// fractional). Cells with a non-finite corner are left out.
    public func lines(at level: Double) -> [[(x: Double, y: Double)]] {
        // Edge ids: the horizontal edge from (i, j) to (i + 1, j) is 2(j·columns + i), the
        // vertical one from (i, j) to (i, j + 1) is that + 1.
        var crossing: [Int: (x: Double, y: Double)] = [:]
        var segments: [(Int, Int)] = []
        func edge(_ i: Int, _ j: Int, vertical: Bool) -> Int? {
            let a = value(i, j), b = vertical ? value(i, j + 1) : value(i + 1, j)
            guard (a >= level) != (b >= level) else { return nil }
            let id = 2 * (j * columns + i) + (vertical ? 1 : 0)
            let t = (level - a) / (b - a)
            crossing[id] = vertical ? (Double(i), Double(j) + t) : (Double(i) + t, Double(j))
            return id
        }
        for j in 0..<(rows - 1) {
            for i in 0..<(columns - 1) {
                let corners = [value(i, j), value(i + 1, j), value(i + 1, j + 1), value(i, j + 1)]
                guard corners.allSatisfy(\.isFinite) else { continue }
                let bottom = edge(i, j, vertical: false), right = edge(i + 1, j, vertical: true)
                let top = edge(i, j + 1, vertical: false), left = edge(i, j, vertical: true)
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
        }
        return Self.join(segments).map { $0.map { crossing[$0]! } }
    }

    /// Chains of edge ids, each segment used once: an edge is shared by at most two segments.
    static func join(_ segments: [(Int, Int)]) -> [[Int]] {
        var byEdge: [Int: [Int]] = [:]
        for (k, s) in segments.enumerated() {
            byEdge[s.0, default: []].append(k)
            byEdge[s.1, default: []].append(k)
        }
        var used = [Bool](repeating: false, count: segments.count)
        func extend(_ chain: inout [Int]) {
            while let next = byEdge[chain[chain.count - 1]]?.first(where: { !used[$0] }) {
                used[next] = true
                chain.append(segments[next].0 == chain[chain.count - 1] ? segments[next].1 : segments[next].0)
            }
        }
        var chains: [[Int]] = []
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
