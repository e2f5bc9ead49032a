import Foundation
import Optim

/// Contours of a function of two variables with solvers' iterate paths drawn on top, as a
/// standalone SVG document: the picture optimization courses draw by hand. Each path is a
/// polyline through x₀, x₁, … with a dot per iterate, its start ringed and its end marked (×
/// for a run that failed); the legend lists each run's status and counts, and the levels
/// with their values and colours.
public struct ContourChart {
    public struct Path {
        /// Legend text: the solver and how its run ended.
        public let label: String
        public let iterates: [[Double]]
        public let failed: Bool
        public init(label: String, iterates: [[Double]], failed: Bool) {
            self.label = label
            self.iterates = iterates
            self.failed = failed
        }
    }

    public var title: String
    public var grid: ContourGrid
    public var paths: [Path]
    /// The known minimizer, starred when inside the window.
    public var minimizer: [Double]?
    /// The problem's box, drawn as its edges with the outside shaded (infinite sides at the
    /// window's edge).
    public var bounds: Bounds?

    public init(
        title: String, grid: ContourGrid, paths: [Path], minimizer: [Double]? = nil, bounds: Bounds? = nil
    ) {
        self.title = title
        self.grid = grid
        self.paths = paths
        self.minimizer = minimizer
        self.bounds = bounds
    }

    /// The window that holds every finite iterate and the minimizer, with a margin of 8 %
    /// on each side (at least ±1 around a single point), the narrower side widened about its
    /// centre to the wider one's width: equal aspect on the square canvas, so that a step's
    /// angle to the contours (zig-zag, the steepest-descent picture) is drawn as it is.
    public static func window(
        iterates: [[Double]], minimizer: [Double]?
    ) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let points = (iterates + [minimizer].compactMap { $0 }).filter { $0.count == 2 && $0.allSatisfy(\.isFinite) }
        func range(_ k: Int) -> ClosedRange<Double> {
            let values = points.map { $0[k] }
            guard let low = values.min(), let high = values.max() else { return -1...1 }
            let margin = high > low ? 0.08 * (high - low) : max(1, abs(low) * 0.1)
            return (low - margin)...(high + margin)
        }
        let (x, y) = (range(0), range(1))
        let width = max(x.upperBound - x.lowerBound, y.upperBound - y.lowerBound)
        func widened(_ r: ClosedRange<Double>) -> ClosedRange<Double> {
            let centre = (r.lowerBound + r.upperBound) / 2
            return (centre - width / 2)...(centre + width / 2)
        }
        return (widened(x), widened(y))
    }

    /// Path colours: strong ones that stand out against the contours' violet-to-green.
    static let pathColors = ["#d62728", "#111111", "#ff7f0e", "#e377c2", "#8c564b", "#7f7f7f"]

    /// Path k's colour and dash: the colour cycles every 6 paths and the dash moves on by one
    /// each cycle, so that no two of the first 36 paths look alike (the 7th used to be the 1st).
    static func pathStyle(_ k: Int) -> (color: String, dash: Int) {
        (pathColors[k % pathColors.count], (k + k / pathColors.count) % ChartMarks.dashes.count)
    }

    static let side = 480.0, left = 70.0, top = 50.0

    /// ", +N points to 1/16 cell in valleys" when the grid was refined (`ContourRefinement`).
    var refinementNote: String {
        let r = grid.refinement
        guard r.evaluations > 0 else { return "" }
        let finest = r.leaves.map(\.size).min() ?? r.subdivisions
        return ", +\(r.evaluations) points to 1/\(r.subdivisions / max(1, finest)) cell in valleys"
    }

    /// The SVG text.
    public var svg: String {
        let (side, left, top) = (Self.side, Self.left, Self.top)
        let f = SVGText.number
        let (xr, yr) = (grid.xRange, grid.yRange)
        func px(_ x: Double) -> Double { left + (x - xr.lowerBound) / (xr.upperBound - xr.lowerBound) * side }
        func py(_ y: Double) -> Double { top + side - (y - yr.lowerBound) / (yr.upperBound - yr.lowerBound) * side }
        func gx(_ i: Double) -> Double { left + i / Double(grid.columns - 1) * side }
        func gy(_ j: Double) -> Double { top + side - j / Double(grid.rows - 1) * side }
        let levels = grid.levels

        var legend = ChartLegend(
            entries: paths.enumerated().map { k, p in
                ChartLegend.Entry(
                    text: p.label, color: Self.pathStyle(k).color, dash: ChartMarks.dash(Self.pathStyle(k).dash),
                    sample: .line(shape: nil, failed: p.failed))
            })
        if let minimizer, minimizer.count == 2 {
            legend.entries.append(.init(text: "x* (known minimizer)", color: "#000", dash: "", sample: .marker(.star)))
        }
        if bounds != nil {
            legend.entries.append(.init(text: "the box (outside shaded)", color: "#444", dash: "5 3", sample: .line(
                shape: nil, failed: false)))
        }
        let levelTitle =
            levels.shift == 0
            ? "levels of f" : "levels of f − (\(String(format: "%.4g", levels.shift))), the grid's least f"
        let levelLegend = ChartLegend(
            entries: levels.levels.reversed().map {
                .init(
                    text: NumberStyle.format($0), color: levels.color($0), dash: "",
                    sample: .line(shape: nil, failed: false))
            })
        let right = max(legend.width, levelLegend.width, SVGText.width(levelTitle)) + 30
        let levelTop = top + legend.height + 34
        let width = left + side + right, height = max(top + side + 50, levelTop + levelLegend.height + 10)

        var out = SVGText.header(width: width, height: height)
        out +=
            "<text x=\"\(f(left + side / 2))\" y=\"22\" text-anchor=\"middle\" "
                + "font-size=\"15\">\(SVGText.rich(title))</text>\n"
        out +=
            "<text x=\"\(f(left + side / 2))\" y=\"39\" text-anchor=\"middle\" fill=\"#555\">f on a \(grid.columns) × "
                + "\(grid.rows) grid\(refinementNote); x₀ ringed</text>\n"
        out +=
            "<clipPath id=\"plot-area\"><rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(side))\" "
                + "height=\"\(f(side))\"/></clipPath>\n"
        for x in Ticks.nice(from: xr.lowerBound, to: xr.upperBound, count: 6) {
            out +=
                "<line x1=\"\(f(px(x)))\" y1=\"\(f(top + side))\" x2=\"\(f(px(x)))\" y2=\"\(f(top + side + 5))\" "
                    + "stroke=\"#333\"/>\n"
            out +=
                "<text x=\"\(f(px(x)))\" y=\"\(f(top + side + 18))\" "
                    + "text-anchor=\"middle\">\(SVGText.label(x))</text>\n"
        }
        for y in Ticks.nice(from: yr.lowerBound, to: yr.upperBound, count: 6) {
            out +=
                "<line x1=\"\(f(left - 5))\" y1=\"\(f(py(y)))\" x2=\"\(f(left))\" y2=\"\(f(py(y)))\" "
                    + "stroke=\"#333\"/>\n"
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(py(y) + 4))\" text-anchor=\"end\">\(SVGText.label(y))</text>\n"
        }
        out += "<text x=\"\(f(left + side / 2))\" y=\"\(f(top + side + 40))\" text-anchor=\"middle\">x₁</text>\n"
        out += "<text x=\"22\" y=\"\(f(top + side / 2))\" text-anchor=\"middle\">x₂</text>\n"

        if levels.levels.isEmpty {
            out +=
                "<text class=\"empty\" x=\"\(f(left + side / 2))\" y=\"\(f(top + 24))\" text-anchor=\"middle\" "
                    + "fill=\"#666\">"
                + "no contours to draw: f is constant or not finite on the grid</text>\n"
        }
        out += "<g clip-path=\"url(#plot-area)\" fill=\"none\">\n"
        for level in levels.levels {
            let lines = grid.lines(at: level + levels.shift).filter { $0.count > 1 }
            guard !lines.isEmpty else { continue }
            let d = lines.map { line in "M" + line.map { "\(f(gx($0.x))) \(f(gy($0.y)))" }.joined(separator: "L") }
                .joined()
            out += "<path class=\"contour\" d=\"\(d)\" stroke=\"\(levels.color(level))\" stroke-width=\"1.1\"/>\n"
        }
        if let bounds, bounds.lower.count == 2 {
            // The box clamped to the window; the outside shaded by an even-odd path (window minus box).
            let x0 = px(max(bounds.lower[0], xr.lowerBound)), x1 = px(min(bounds.upper[0], xr.upperBound))
            let y0 = py(min(bounds.upper[1], yr.upperBound)), y1 = py(max(bounds.lower[1], yr.lowerBound))
            let outer = "M\(f(left)) \(f(top))H\(f(left + side))V\(f(top + side))H\(f(left))Z"
            let inner = x1 > x0 && y1 > y0 ? "M\(f(x0)) \(f(y0))H\(f(x1))V\(f(y1))H\(f(x0))Z" : ""
            out +=
                "<path class=\"outside-box\" d=\"\(outer)\(inner)\" fill=\"#000\" fill-opacity=\"0.08\" "
                    + "fill-rule=\"evenodd\" stroke=\"none\"/>\n"
            if !inner.isEmpty {
                out +=
                    "<path class=\"box\" d=\"\(inner)\" fill=\"none\" stroke=\"#444\" stroke-width=\"1.2\" "
                        + "stroke-dasharray=\"5 3\"/>\n"
            }
        }
        for (k, path) in paths.enumerated() {
            let (color, dash) = Self.pathStyle(k)
            let points = path.iterates.filter { $0.count == 2 && $0.allSatisfy(\.isFinite) }.map {
                (x: px($0[0]), y: py($0[1]))
            }
            guard let first = points.first, let last = points.last else { continue }
            if points.count > 1 {
                out +=
                    "<polyline class=\"iterates\" "
                        + "points=\"\(points.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " "))\" "
                    + "stroke=\"\(color)\" stroke-width=\"1.8\"\(ChartMarks.dashAttribute(dash))/>\n"
            }
            for i in ChartMarks.spread(count: points.count, limit: 200, phase: 0) {
                out += "<circle cx=\"\(f(points[i].x))\" cy=\"\(f(points[i].y))\" r=\"2.2\" fill=\"\(color)\"/>\n"
            }
            out +=
                "<circle class=\"start\" cx=\"\(f(first.x))\" cy=\"\(f(first.y))\" r=\"7\" stroke=\"\(color)\" "
                    + "stroke-width=\"1.5\"/>\n"
            out +=
                path.failed
                ? ChartMarks.cross(x: last.x, y: last.y, color: color, size: 6.5)
                : "<circle class=\"end\" cx=\"\(f(last.x))\" cy=\"\(f(last.y))\" r=\"4.5\" fill=\"\(color)\"/>\n"
        }
        if let minimizer, minimizer.count == 2 {
            out += ChartMarks.marker(.star, x: px(minimizer[0]), y: py(minimizer[1]), color: "#000", size: 5)
        }
        out += "</g>\n"
        out +=
            "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(side))\" height=\"\(f(side))\" fill=\"none\" "
                + "stroke=\"#333\"/>\n"
        out += legend.svg(x: left + side + 16, y: top)
        out += "<text x=\"\(f(left + side + 16))\" y=\"\(f(levelTop - 8))\">\(SVGText.escape(levelTitle))</text>\n"
        out += levelLegend.svg(x: left + side + 16, y: levelTop)
        return out + "</svg>\n"
    }
}
