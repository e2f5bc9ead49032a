import Foundation

/// A line chart as a standalone SVG document: one or more series on a linear x axis and a
/// logarithmic y axis (powers of ten as ticks), on logarithmic x and y axes (how a cost grows
/// with a size: a power law is a straight line), or a performance profile (log₂ x, linear y
/// on [0, 1]), with axis labels, a title, an optional note and a legend sized to its entries.
///
/// On the log axis a finite y ≤ 0 (f − f* at or below f*, a zero gradient) cannot be placed:
/// it is drawn at a floor one decade below the lowest positive y, marked ▼ and explained in
/// the legend, so a curve that reaches its target is not cut short. A non-finite y, or an x ≤ 0
/// on a log x axis, is a gap.
/// A series with a `failure` is marked × at its last point and its legend names the reason.
public struct LineChart {
    public struct Series {
        public let label: String
        public let points: [(x: Double, y: Double)]
        /// Why the run failed (its status), or nil when it did not.
        public var failure: String?
        public init(label: String, points: [(x: Double, y: Double)], failure: String? = nil) {
            self.label = label
            self.points = points
            self.failure = failure
        }
    }

    public var title: String
    /// Axis labels; `_{…}` is a subscript.
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// A line under the title (e.g. what the gaps mean).
    public var note: String?
    /// Axis scales: log₁₀ y with a linear x (convergence plots), log₁₀ of both (growth with
    /// a size), log₂ x with a linear y on [0, 1] (performance profiles), or linear x from 0
    /// with a linear y on [0, 1] (data profiles, x in simplex gradients).
    public enum Scales: Sendable { case logY, logLog, profile, data }

    /// y is a fraction on [0, 1], drawn as a staircase without markers (the profiles).
    var fractionY: Bool { scales == .profile || scales == .data }
    public var scales: Scales
    /// x counts something (evaluations, iterations): integer ticks only.
    public var integerX: Bool
    /// What a point at the floor means, in the legend (log y only).
    public var floorLabel: String
    /// Written in the plot area when no point can be drawn: why there is nothing.
    public var emptyMessage: String

    public init(
        title: String, xLabel: String, yLabel: String, series: [Series], note: String? = nil, scales: Scales = .logY,
        integerX: Bool = false, floorLabel: String = "value ≤ 0 (drawn at the floor)",
        emptyMessage: String = "no data to draw"
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.note = note
        self.scales = scales
        self.integerX = integerX
        self.floorLabel = floorLabel
        self.emptyMessage = emptyMessage
    }

    static let plotWidth = 500.0, plotHeight = 340.0, left = 80.0, top = 48.0, bottom = 56.0

    /// A point's place in axis units (log₂ x for profiles; log₁₀ y, or `floor`, on a log y
    /// axis), or nil when it cannot be drawn (a gap).
    func place(_ p: (x: Double, y: Double), floor: Double) -> (x: Double, y: Double, atFloor: Bool)? {
        guard p.x.isFinite, p.y.isFinite else { return nil }
        switch scales {
        case .logY: return p.y > 0 ? (p.x, log10(p.y), false) : (p.x, floor, true)
        case .logLog: return p.x <= 0 ? nil : p.y > 0 ? (log10(p.x), log10(p.y), false) : (log10(p.x), floor, true)
        case .profile: return p.x >= 1 ? (log2(p.x), p.y, false) : nil
        case .data: return p.x >= 0 ? (p.x, p.y, false) : nil
        }
    }

    /// The maximal runs of drawable points of a series, in axis units.
    func runs(_ points: [(x: Double, y: Double)], floor: Double) -> [[(x: Double, y: Double, atFloor: Bool)]] {
        var runs: [[(x: Double, y: Double, atFloor: Bool)]] = [[]]
        for p in points {
            if let q = place(p, floor: floor) {
                runs[runs.count - 1].append(q)
            } else if !runs[runs.count - 1].isEmpty {
                runs.append([])
            }
        }
        return runs.filter { !$0.isEmpty }
    }

    /// The y range in axis units and, on a log axis with points ≤ 0, the floor's level.
    func yRange() -> (low: Double, high: Double, floor: Double?) {
        guard !fractionY else { return (0, 1, nil) }
        // Only points with a place on the x axis count (x > 0 on a log x axis).
        let finite = series.flatMap(\.points).filter {
            $0.x.isFinite && $0.y.isFinite && (scales != .logLog || $0.x > 0)
        }
        let positive = finite.map(\.y).filter { $0 > 0 }
        let low = floor(log10(positive.min() ?? 0.1)), high = max(ceil(log10(positive.max() ?? 1)), low + 1)
        return finite.contains { $0.y <= 0 } ? (low - 1, high, low - 1) : (low, high, nil)
    }

    func legend() -> ChartLegend {
        let profile = fractionY
        var entries = series.enumerated().map { i, s in
            ChartLegend.Entry(
                text: s.failure.map { "\(s.label) — \($0)" } ?? s.label, color: ChartMarks.color(i),
                dash: ChartMarks.dash(i),
                sample: .line(shape: profile ? nil : ChartMarks.shape(i), failed: s.failure != nil))
        }
        if yRange().floor != nil {
            entries.append(ChartLegend.Entry(text: floorLabel, color: "#444", dash: "", sample: .floor))
        }
        return ChartLegend(entries: entries)
    }

    /// The picture's size and its elements (without the enclosing `<svg>`).
    func render() -> (width: Double, height: Double, body: String) {
        let (left, top, plotWidth, plotHeight) = (Self.left, Self.top, Self.plotWidth, Self.plotHeight)
        let legend = legend()
        // A title or note wider than the plot is centred on the whole picture, which grows to
        // hold it (the SR1 Hessian chart's title used to run off the left edge).
        let textWidth = max(SVGText.width(title, fontSize: 15), note.map { SVGText.width($0) } ?? 0) + 24
        let width = max(left + plotWidth + 16 + legend.width + 12, textWidth)
        let titleCentre = textWidth / 2 > left + plotWidth / 2 ? width / 2 : left + plotWidth / 2
        let height = max(top + plotHeight + Self.bottom, top + legend.height + 12)
        let profile = scales == .profile, logX = scales == .logLog
        let (yLow, yHigh, floorLevel) = yRange()
        let placed = series.map { runs($0.points, floor: floorLevel ?? yLow) }
        let xs = placed.flatMap { $0.flatMap { $0.map(\.x) } }
        // A log x axis spans whole decades, like the log y axis.
        let xMin = profile || scales == .data ? 0 : logX ? floor(xs.min() ?? 0) : (xs.min() ?? 0)
        let xMax = max(logX ? ceil(xs.max() ?? 1) : (xs.max() ?? 1), xMin + 1)
        func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * plotWidth }
        func py(_ y: Double) -> Double { top + (yHigh - y) / (yHigh - yLow) * plotHeight }
        let f = SVGText.number

        var out =
            "<text x=\"\(f(titleCentre))\" y=\"22\" text-anchor=\"middle\" "
                + "font-size=\"15\">\(SVGText.rich(title))</text>\n"
        if let note {
            out +=
                "<text x=\"\(f(titleCentre))\" y=\"39\" text-anchor=\"middle\" "
                    + "fill=\"#555\">\(SVGText.rich(note))</text>\n"
        }
        // Grid and ticks: y at powers of ten (at most ~10 labels) or tenths; x at round steps.
        var yTicks: [(value: Double, label: String)]
        if fractionY {
            yTicks = stride(from: 0.0, through: 1.0, by: 0.2).map { ($0, String(format: "%.1f", $0)) }
        } else {
            let first = Int(floorLevel.map { $0 + 1 } ?? yLow), decades = Int(yHigh) - first
            let step = max(1, (decades + 9) / 10)
            yTicks = stride(from: first, through: Int(yHigh), by: step).map { (Double($0), "1e\($0)") }
            if let floorLevel { yTicks.append((floorLevel, "≤ 0")) }
        }
        for (value, text) in yTicks {
            let y = py(value)
            let dash = value == floorLevel ? " stroke-dasharray=\"4 3\" class=\"floor-line\"" : ""
            out +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y))\" "
                    + "stroke=\"\(dash.isEmpty ? "#e5e5e5" : "#999")\"\(dash)/>\n"
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(text)</text>\n"
        }
        var xTicks = profile ? Ticks.tau(upTo: pow(2, xMax)).map(log2)
            : logX ? Array(stride(from: xMin, through: xMax, by: max(1, ((xMax - xMin + 9) / 10).rounded(.down))))
            : Ticks.nice(from: xMin, to: xMax, count: 8, integer: integerX)
        // Labels at least 24 px apart (τ ticks crowd towards the right of the log axis).
        xTicks = xTicks.reduce(into: []) { kept, x in
            if kept.last.map({ px(x) - px($0) >= 24 }) ?? true { kept.append(x) }
        }
        for x in xTicks {
            let X = px(x)
            out +=
                "<line x1=\"\(f(X))\" y1=\"\(f(top))\" x2=\"\(f(X))\" y2=\"\(f(top + plotHeight))\" "
                    + "stroke=\"#f0f0f0\"/>\n"
            out +=
                "<text x=\"\(f(X))\" y=\"\(f(top + plotHeight + 18))\" "
                    + "text-anchor=\"middle\">\(logX ? "1e\(Int(x))" : SVGText.label(profile ? pow(2, x) : x))</text>\n"
        }
        out +=
            "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" "
                + "fill=\"none\" stroke=\"#333\"/>\n"
        out +=
            "<text x=\"\(f(left + plotWidth / 2))\" y=\"\(f(top + plotHeight + 42))\" "
                + "text-anchor=\"middle\">\(SVGText.rich(xLabel))</text>\n"
        out +=
            "<text transform=\"translate(22 \(f(top + plotHeight / 2))) rotate(-90)\" "
                + "text-anchor=\"middle\">\(SVGText.rich(yLabel))</text>\n"
        if xs.isEmpty {
            out +=
                "<text class=\"empty\" x=\"\(f(left + plotWidth / 2))\" y=\"\(f(top + plotHeight / 2))\" "
                    + "text-anchor=\"middle\" "
                + "font-size=\"14\" fill=\"#666\">\(SVGText.rich(emptyMessage))</text>\n"
        }

        for (index, runs) in placed.enumerated() {
            let color = ChartMarks.color(index)
            for run in runs where run.count > 1 {
                let path = run.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
                out +=
                    "<polyline fill=\"none\" stroke=\"\(color)\" "
                        + "stroke-width=\"1.8\"\(ChartMarks.dashAttribute(index)) points=\"\(path)\"/>\n"
            }
            let points = runs.flatMap { $0 }
            if !fractionY {
                // Markers on a spread of the points (shifted per series) and on every point that stands
                // alone between gaps (no line shows it); ▼ where a stretch at the floor begins.
                let phase = Double(index) / Double(max(series.count, 1))
                var alone: [Int] = [], start = 0
                for run in runs {
                    if run.count == 1 { alone.append(start) }
                    start += run.count
                }
                for i in Set(ChartMarks.spread(count: points.count, limit: 14, phase: phase) + alone).sorted()
                where !points[i].atFloor {
                    out += ChartMarks.marker(
                        ChartMarks.shape(index), x: px(points[i].x), y: py(points[i].y), color: color)
                }
                for (i, p) in points.enumerated() where p.atFloor && (i == 0 || !points[i - 1].atFloor) {
                    out += ChartMarks.floor(
                        x: px(p.x), y: py(p.y), color: color, size: 4 + 1.5 * Double(series.count - 1 - index))
                }
            }
            if series[index].failure != nil, let last = points.last {
                out += ChartMarks.cross(x: px(last.x), y: py(last.y), color: color)
            }
        }
        out += legend.svg(x: left + plotWidth + 16, y: top)
        return (width, height, out)
    }

    /// The SVG text.
    public var svg: String {
        let (width, height, body) = render()
        return SVGText.header(width: width, height: height) + body + "</svg>\n"
    }

    /// Several charts one above the other in one SVG document.
    public static func stacked(_ charts: [LineChart]) -> String {
        let parts = charts.map { $0.render() }
        var out = "", y = 0.0
        for part in parts {
            out += "<g transform=\"translate(0 \(SVGText.number(y)))\">\n\(part.body)</g>\n"
            y += part.height
        }
        return SVGText.header(width: parts.map(\.width).max() ?? 0, height: y) + out + "</svg>\n"
    }
}
