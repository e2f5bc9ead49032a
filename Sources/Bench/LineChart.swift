import Foundation

/// A line chart as a standalone SVG document: one or more series on a linear x axis and a
/// logarithmic y axis (powers of ten as ticks), with axis labels, a title, an optional note
/// and a legend. A non-positive or non-finite y is a gap: the line breaks there.
public struct LineChart {
    public struct Series {
        public let label: String
        public let points: [(x: Double, y: Double)]
        public init(label: String, points: [(x: Double, y: Double)]) {
            self.label = label
            self.points = points
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// A line under the title (e.g. what the gaps mean).
    public var note: String?
    /// Axis scales: log₁₀ y with a linear x (convergence plots), or log₂ x with a linear y on
    /// [0, 1] (performance profiles).
    public enum Scales: Sendable { case logY, profile }
    public var scales: Scales

    public init(title: String, xLabel: String, yLabel: String, series: [Series], note: String? = nil, scales: Scales = .logY) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.note = note
        self.scales = scales
    }

    func plottable(_ p: (x: Double, y: Double)) -> Bool {
        switch scales {
        case .logY: p.x.isFinite && p.y.isFinite && p.y > 0
        case .profile: p.x.isFinite && p.x >= 1 && p.y.isFinite
        }
    }

    /// The maximal runs of plottable points of a series.
    func runs(_ points: [(x: Double, y: Double)]) -> [[(x: Double, y: Double)]] {
        var runs: [[(x: Double, y: Double)]] = [[]]
        for p in points {
            if plottable(p) { runs[runs.count - 1].append(p) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        return runs.filter { !$0.isEmpty }
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    /// The SVG text.
    public var svg: String {
        let width = 760.0, height = 460.0
        let left = 80.0, right = 190.0, top = 44.0, bottom = 56.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let all = series.flatMap { $0.points.filter(plottable) }
        let profile = scales == .profile
        let xs = all.map { profile ? log2($0.x) : $0.x }
        let xMin = profile ? 0 : (xs.min() ?? 0), xMax = max(xs.max() ?? 1, xMin + 1)
        let yLow = profile ? 0 : floor(log10(all.map(\.y).min() ?? 1e-1))
        let yHigh = profile ? 1 : max(ceil(log10(all.map(\.y).max() ?? 1)), yLow + 1)
        func px(_ x: Double) -> Double { left + ((profile ? log2(x) : x) - xMin) / (xMax - xMin) * plotWidth }
        func py(_ y: Double) -> Double { top + (yHigh - (profile ? y : log10(y))) / (yHigh - yLow) * plotHeight }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(left + plotWidth / 2))" y="22" text-anchor="middle" font-size="15">\(Self.escape(title))</text>

            """
        if let note { out += "<text x=\"\(f(left + plotWidth / 2))\" y=\"38\" text-anchor=\"middle\" fill=\"#555\">\(Self.escape(note))</text>\n" }
        // Grid and ticks: y at powers of ten (thinned to at most ~10 labels), x at nice steps.
        let yTicks: [(value: Double, label: String)]
        if profile {
            yTicks = stride(from: 0.0, through: 1.0, by: 0.2).map { ($0, String(format: "%.1f", $0)) }
        } else {
            let decades = Int(yHigh - yLow)
            let yStride = max(1, decades / 10 + (decades % 10 == 0 ? 0 : 1))
            yTicks = stride(from: Int(yLow), through: Int(yHigh), by: yStride).map { (pow(10, Double($0)), "1e\($0)") }
        }
        for (value, text) in yTicks {
            let y = py(value)
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y))\" stroke=\"#e5e5e5\"/>\n"
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(text)</text>\n"
        }
        let xTicks = profile ? Self.niceTicks(from: xMin, to: xMax).filter { $0 == $0.rounded() }.map { pow(2, $0) } : Self.niceTicks(from: xMin, to: xMax)
        for x in xTicks {
            let X = px(x)
            out += "<line x1=\"\(f(X))\" y1=\"\(f(top))\" x2=\"\(f(X))\" y2=\"\(f(top + plotHeight))\" stroke=\"#f0f0f0\"/>\n"
            out += "<text x=\"\(f(X))\" y=\"\(f(top + plotHeight + 18))\" text-anchor=\"middle\">\(Self.label(x))</text>\n"
        }
        out += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#333\"/>\n"
        out += "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(height - 14))\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n"
        out += "<text transform=\"translate(20 \(f(top + plotHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(Self.escape(yLabel))</text>\n"

        for (index, s) in series.enumerated() {
            let color = Self.palette[index % Self.palette.count]
            let runs = runs(s.points)
            for run in runs where run.count > 1 {
                let path = run.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
                out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\" points=\"\(path)\"/>\n"
            }
            let points = runs.flatMap { $0 }
            for p in points where points.count <= 80 {
                out += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"2.5\" fill=\"\(color)\"/>\n"
            }
            let ly = top + 14 + Double(index) * 20
            out += "<line x1=\"\(f(left + plotWidth + 14))\" y1=\"\(f(ly))\" x2=\"\(f(left + plotWidth + 38))\" y2=\"\(f(ly))\" stroke=\"\(color)\" stroke-width=\"2.5\"/>\n"
            out += "<text x=\"\(f(left + plotWidth + 44))\" y=\"\(f(ly + 4))\">\(Self.escape(s.label))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// About five round tick values covering [a, b].
    static func niceTicks(from a: Double, to b: Double) -> [Double] {
        let raw = (b - a) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var ticks: [Double] = []
        var t = ceil(a / step) * step
        while t <= b + 1e-9 * step {
            ticks.append(t)
            t += step
        }
        return ticks
    }

    static func label(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(format: "%g", v)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
