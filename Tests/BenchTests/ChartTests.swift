import Foundation
import Optim
import Problems
import Testing
@testable import Bench

/// The SVG pictures, checked on their content.
@Suite struct ChartTests {
    /// The numbers of attribute `name` in every element whose text contains `marker`.
    static func attribute(_ name: String, in svg: String, where marker: String) -> [Double] {
        svg.split(separator: "\n").filter { $0.contains(marker) }.compactMap { line in
            guard let start = line.range(of: " \(name)=\"") else { return nil }
            return Double(line[start.upperBound...].prefix { $0 != "\"" })
        }
    }

    /// The (x, y) points of every polyline.
    static func polylines(_ svg: String) -> [[(x: Double, y: Double)]] {
        svg.split(separator: "\n").filter { $0.hasPrefix("<polyline") }.map { line in
            let points = line[line.range(of: "points=\"")!.upperBound...].prefix { $0 != "\"" }
            return points.split(separator: " ").map { pair in
                let xy = pair.split(separator: ",").map { Double($0)! }
                return (xy[0], xy[1])
            }
        }
    }

    static let plotBottom = LineChart.top + LineChart.plotHeight

    @Test func pointsAtOrBelowZeroAreDrawnAtAMarkedFloorNotDropped() {
        // f − f* reaches exactly 0, then −1e-17 (rounding below f*): both at the floor.
        let chart = LineChart(title: "t", xLabel: "f evaluations", yLabel: "f − f*",
                              series: [LineChart.Series(label: "a", points: [(1, 10), (2, 1e-3), (3, 0), (4, -1e-17)])],
                              integerX: true, floorLabel: "f − f* ≤ 0 (drawn at the floor)")
        let svg = chart.svg
        let line = Self.polylines(svg)
        #expect(line.count == 1 && line[0].count == 4)
        // Decades 1e-3 … 1e1 and the floor one decade below: the last two points sit on the plot's bottom edge.
        #expect(line[0][2].y == Self.plotBottom && line[0][3].y == Self.plotBottom)
        #expect(abs(line[0][1].y - (LineChart.top + 4.0 / 5 * LineChart.plotHeight)) <= 0.05)
        // The run's first floor point, and the legend's.
        #expect(svg.components(separatedBy: "class=\"floor\"").count - 1 == 2)
        #expect(svg.contains("f − f* ≤ 0 (drawn at the floor)") && svg.contains(">≤ 0</text>"))
        // Integer ticks only for counts: 1, 2, 3, 4.
        #expect(svg.contains(">1</text>") && svg.contains(">4</text>") && !svg.contains(">1.5</text>"))
    }

    @Test func aTitleWiderThanThePlotStaysOnTheCanvas() throws {
        let title = String(repeating: "trust region (SR1, Moré–Sorensen subproblem) ", count: 3)
        let chart = LineChart(title: title, xLabel: "iteration", yLabel: "error",
                              series: [LineChart.Series(label: "a", points: [(0, 1), (1, 0.1)])])
        let (width, _, body) = chart.render()
        let estimate = SVGText.width(title, fontSize: 15)
        // The title's text element is centred at x: its estimated extent lies within [0, width].
        let line = try #require(body.split(separator: "\n").first { $0.contains("font-size=\"15\"") })
        let x = try #require(Double(line.split(separator: "\"")[1]))
        #expect(x - estimate / 2 >= 0 && x + estimate / 2 <= width, "x \(x), width \(width), title \(estimate)")
        // A short title stays centred over the plot.
        let short = LineChart(title: "t", xLabel: "i", yLabel: "e", series: chart.series).render().body
        #expect(short.contains("<text x=\"\(SVGText.number(LineChart.left + LineChart.plotWidth / 2))\" y=\"22\""))
    }

    @Test func everyCurveOfLinearFullRankReachesTheFloor() throws {
        // mgh/linear-full-rank: f* = m − n = 5 is reached to the last bit by these solvers.
        let solvers = try Comparison.solvers("lbfgs,bfgs,cg")
        let rows = try Comparison.run(
            problems: ["mgh/linear-full-rank"], solvers: solvers, options: Options(traceEvery: 1), jobs: 1
        ).rows
        #expect(rows.allSatisfy { $0.value - 5 <= 0 })
        let report = ComparisonReport(rows: rows, solvers: solvers.map(\.label), skipped: [], interrupted: false)
        let svg = report.convergence(problem: rows[0].problem).value.svg
        let lines = Self.polylines(svg)
        #expect(lines.count == 3)
        for (line, row) in zip(lines, rows) {
            #expect(line.count == row.trace.count)
            #expect(line.last!.y == Self.plotBottom)
        }
        #expect(!svg.contains("class=\"failure\""))
    }

    @Test func aFailedRunIsCrossedAtItsEndWithItsStatusInTheLegend() {
        func trace(_ values: [Double]) -> [TraceEntry] {
            values.enumerated().map {
                TraceEntry(
                    iteration: $0, value: $1, gradientNorm: $1, stepLength: 1, valueEvaluations: $0 + 1,
                    gradientEvaluations: $0 + 1, seconds: 0)
            }
        }
        let rows = [
            Comparison.Row(
                problem: "p", dimension: 2, solver: "good", identity: ComparisonTests.identity,
                status: .convergedGradient, detail: nil,
                iterations: 2, valueEvaluations: 3, gradientEvaluations: 3, hessianEvaluations: 0,
                hessianVectorProducts: 0, hessianCost: 2, value: 1e-9, minimum: 0, gradientNorm: 1e-9, seconds: 0,
                trace: trace([1, 1e-3, 1e-9])),
            Comparison.Row(
                problem: "p", dimension: 2, solver: "bad", identity: ComparisonTests.identity, status: .iterationLimit,
                detail: nil,
                iterations: 2, valueEvaluations: 3, gradientEvaluations: 3, hessianEvaluations: 0,
                hessianVectorProducts: 0, hessianCost: 2, value: 0.5, minimum: 0, gradientNorm: 0.5, seconds: 0,
                trace: trace([1, 0.7, 0.5])),
        ]
        let report = ComparisonReport(rows: rows, solvers: ["good", "bad"], skipped: [], interrupted: false)
        let charts = report.convergence(problem: "p", against: .iterations)
        for svg in [charts.value.svg, charts.gradient.svg] {
            // At the run's end, and in its legend sample.
            #expect(svg.components(separatedBy: "class=\"failure\"").count - 1 == 2)
            #expect(svg.contains(">bad — iteration-limit</text>") && svg.contains(">good</text>"))
            // The × is centred on the last point of "bad": iteration 2 (the right edge), f = 0.5.
            let end = Self.polylines(svg)[1].last!
            let cross = svg[svg.range(of: "class=\"failure\" d=\"M")!.upperBound...].prefix { $0 != "L" }.split(
                separator: " "
            ).map { Double($0)! }
            #expect(
                abs(cross[0] + 5.5 - end.x) <= 0.1 && abs(cross[1] + 5.5 - end.y) <= 0.1
                    && end.x == LineChart.left + LineChart.plotWidth)
        }
    }

    @Test func legendsHoldTheirLongestEntry() {
        // DejaVu Sans (a wide common sans-serif) advance widths at 12 px, summed from its hmtx
        // table with fontTools: 224.96 px and 373.04 px.
        let long = "cg:beta=hz,line-search=hager-zhang",
            longer = "gd:line-search=backtracking — iteration-limit, 1000 iterations"
        #expect(SVGText.width(long) >= 224.96 && SVGText.width(longer) >= 373.04)
        for label in [long, longer] {
            let chart = LineChart(
                title: "profile", xLabel: "τ", yLabel: "ρ",
                series: [
                    LineChart.Series(label: "lbfgs", points: [(1, 0.5), (3, 1)]),
                    LineChart.Series(label: label, points: [(1, 0.5), (2, 0.5), (2, 1), (3, 1)]),
                ], scales: .profile)
            let svg = chart.svg
            let x = Self.attribute("x", in: svg, where: "class=\"legend\"")[0],
                width = Self.attribute("width", in: svg, where: "class=\"legend\"")[0]
            #expect(width >= ChartLegend.padding + ChartLegend.sampleWidth + ChartLegend.gap + SVGText.width(label))
            #expect(x + width <= Self.attribute("width", in: svg, where: "<svg")[0])
            // No markers on a profile's steps; the two series differ in dash pattern.
            #expect(!svg.contains("<circle") && svg.contains("stroke-dasharray=\"7 3\" points="))
        }
    }

    @Test func nonFiniteValuesAreGapsNeverCoordinates() {
        let chart = LineChart(
            title: "t", xLabel: "x", yLabel: "y",
            series: [
                LineChart.Series(
                    label: "a", points: [(.nan, 1), (0, 1), (1, .nan), (2, .infinity), (3, 0.1), (5, 0.01)]),
                LineChart.Series(label: "b", points: [(0, -.infinity), (1, .nan)], failure: "non-finite-value"),
            ])
        let svg = chart.svg
        #expect(!svg.lowercased().contains("nan") && !svg.lowercased().contains("inf"))
        #expect(Self.polylines(svg).map(\.count) == [2])  // (3, 0.1)–(5, 0.01); the others stand alone or are gaps
        // A point alone between gaps has no line to show it: it always gets a marker (circles
        // for the first series), beside the 14 spread over the 41 drawable points, and the legend's.
        let lone =
            (0..<20).map { (Double($0), 1.0) } + [(20, .nan), (21, 0.5), (22, .nan)]
            + (23..<43).map { (Double($0), 0.1) }
        let sparse = LineChart(
            title: "t", xLabel: "x", yLabel: "y", series: [LineChart.Series(label: "a", points: lone)]
        ).svg
        #expect(sparse.components(separatedBy: "<circle").count - 1 == 14 + 1 + 1)
        // A chart with nothing drawable says so in the plot area.
        let empty = LineChart(
            title: "t", xLabel: "x", yLabel: "y", series: [LineChart.Series(label: "a", points: [(0, .nan)])],
            emptyMessage: "no data to draw: nothing recorded"
        ).svg
        #expect(empty.contains("class=\"empty\"") && empty.contains("no data to draw: nothing recorded"))
        #expect(!empty.lowercased().contains("nan") && !empty.lowercased().contains("inf"))
    }

    @Test func logLogAxesPlaceAPowerLawOnAStraightLineAndDropXAtOrBelowZero() {
        // y = x² at x = 10, 100, 1000: decades 1…3 across, 2…6 up, so the points sit at the plot's
        // left edge, centre and right edge, and at its bottom, middle and top; x = 0 has no place.
        let chart = LineChart(
            title: "t", xLabel: "n", yLabel: "µs",
            series: [LineChart.Series(label: "a", points: [(0, 1), (10, 100), (100, 1e4), (1000, 1e6)])],
            scales: .logLog)
        let svg = chart.svg
        let line = Self.polylines(svg)
        #expect(line.count == 1 && line[0].count == 3)
        let left = LineChart.left, right = LineChart.left + LineChart.plotWidth
        #expect(line[0].map(\.x) == [left, (left + right) / 2, right])
        #expect(line[0].map(\.y) == [Self.plotBottom, LineChart.top + LineChart.plotHeight / 2, LineChart.top])
        // Ticks at the decades of both axes.
        for label in ["1e1", "1e2", "1e3", "1e4", "1e6"] { #expect(svg.contains(">\(label)</text>")) }
        #expect(!svg.contains(">1e0</text>") && !svg.contains(">1e7</text>"))
    }

    @Test func ticks() {
        #expect(Ticks.nice(from: 0, to: 38) == [0, 10, 20, 30])
        #expect(Ticks.nice(from: 1, to: 6, count: 8, integer: true) == [1, 2, 3, 4, 5, 6])
        #expect(Ticks.nice(from: 0, to: 2, count: 8, integer: true) == [0, 1, 2])
        #expect(Ticks.tau(upTo: 100) == [1, 2, 4, 8, 16, 32, 64])
        #expect(Ticks.tau(upTo: 2.4).count == 8 && Ticks.tau(upTo: 2.4).last! == 2.4)
        #expect(Ticks.tau(upTo: 1e6) == [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144])
        // A window one ulp wide (plot --range=1:1.0000000000000002,…): the step, 5e-17, is below
        // the resolution at 1, so 1 + step == 1 — one tick at the start, not a loop that never ends.
        #expect(Ticks.nice(from: 1, to: 1.0000000000000002, count: 6) == [1])
        // Near 1e20 (ulp 16384) a step of 2e4 advances by whole ulps; the ticks still end.
        let base: Double = 1e20
        let offsets: [Double] = [0, 16384, 32768, 49152, 65536]
        #expect(Ticks.nice(from: base, to: base + 65536, count: 6) == offsets.map { base + $0 })
    }

    @Test func subscriptsAreTspansNotLiteralUnderscores() {
        #expect(
            SVGText.rich("‖A‖_{F} / ‖B‖_{F}")
                == "‖A‖<tspan dy=\"4\" font-size=\"9\">F</tspan><tspan dy=\"-4\"> / ‖B‖</tspan>"
                + "<tspan dy=\"4\" font-size=\"9\">F</tspan><tspan dy=\"-4\"></tspan>")
        #expect(
            SVGText.rich("a_{<}b & c")
                == "a<tspan dy=\"4\" font-size=\"9\">&lt;</tspan><tspan dy=\"-4\">b &amp; c</tspan>")
        #expect(SVGText.rich("x_1 and_{") == "x_1 and_{")
    }
}
