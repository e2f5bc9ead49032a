import Foundation

/// The levels drawn by a contour chart and their colours: round values spaced evenly on a log
/// scale, since the functions optimizers meet (Rosenbrock's valley, ill-conditioned
/// quadratics) vary over decades. For f > 0 on the whole grid they are levels of f itself;
/// otherwise of f − m, m the grid's least value, and the chart says so.
public struct ContourLevels: Sendable {
    /// Subtracted from f before the levels apply (0 when f > 0 on the grid).
    public let shift: Double
    /// Levels of f − shift, increasing.
    public let levels: [Double]

    /// Levels for the finite `values` of a grid: from 1, 2, 5 per decade (a span of up to
    /// 4 decades), 1 and 3 (up to 10), or one per decade (every k-th, at most 16) beyond.
    public init(values: [Double]) {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), high > low else {
            shift = 0
            levels = []
            return
        }
        shift = low > 0 ? 0 : low
        // Above a shifted minimum of exactly 0, start 8 decades below the top.
        let bottom = low > 0 ? low : (high - low) * 1e-8, top = high - shift
        let decades = log10(top / bottom)
        let multiples: [Double] = decades <= 4 ? [1, 2, 5] : decades <= 10 ? [1, 3] : [1]
        let step = decades <= 16 ? 1 : Int((decades / 16).rounded(.up))
        var levels: [Double] = []
        for k in stride(from: Int(floor(log10(bottom))), through: Int(ceil(log10(top))), by: step) {
            for m in multiples {
                // "3e-1" read as a decimal is the double nearest 0.3; 3 · 10⁻¹ is 0.30000000000000004,
                // which the legend would print.
                let level = Double("\(Int(m))e\(k)") ?? m * pow(10, Double(k))
                if level > bottom && level < top { levels.append(level) }
            }
        }
        self.levels = levels
    }

    /// Where `level` lies between the lowest and highest level on a log scale, in [0, 1].
    func position(_ level: Double) -> Double {
        guard let first = levels.first, let last = levels.last, last > first else { return 0 }
        return log(level / first) / log(last / first)
    }

    /// Viridis-like colours (dark violet for low levels to yellow-green for high), stopping
    /// short of viridis' pale yellow, which would vanish on white.
    static let anchors: [(Double, Double, Double)] = [
        (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (170, 210, 40),
    ]

    /// The colour of `level`.
    public func color(_ level: Double) -> String {
        let t = min(max(position(level), 0), 1) * Double(Self.anchors.count - 1)
        let k = min(Int(t), Self.anchors.count - 2), u = t - Double(k)
        let (a, b) = (Self.anchors[k], Self.anchors[k + 1])
        func mix(_ p: Double, _ q: Double) -> Int { Int((p + (q - p) * u).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }
}
