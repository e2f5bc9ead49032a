import Foundation
import Optim
import Problems
import Testing
@testable import Bench

@Suite struct ContourTests {
    /// Grid coordinates → the function's variables.
    static func point(_ p: (x: Double, y: Double), _ grid: ContourGrid) -> (x: Double, y: Double) {
        let sx = (grid.xRange.upperBound - grid.xRange.lowerBound) / Double(grid.columns - 1)
        let sy = (grid.yRange.upperBound - grid.yRange.lowerBound) / Double(grid.rows - 1)
        return (grid.xRange.lowerBound + p.x * sx, grid.yRange.lowerBound + p.y * sy)
    }

    @Test func aCircleIsOneClosedLineOnTheLevel() {
        let grid = ContourGrid(xRange: -1...1, yRange: -1...1, columns: 41, rows: 41) { $0[0] * $0[0] + $0[1] * $0[1] }
        let lines = grid.lines(at: 0.5)
        #expect(lines.count == 1)
        let line = lines[0].map { Self.point($0, grid) }
        #expect(line.count > 40 && line.first! == line.last!)
        // Linear interpolation of x² between grid points h = 0.05 apart is off by at most h²/4.
        #expect(line.allSatisfy { abs($0.x * $0.x + $0.y * $0.y - 0.5) <= 0.05 * 0.05 / 4 })
    }

    @Test func hyperbolaBranchesAreExactWhereFIsLinearAlongEdges() {
        // f = xy is linear along every grid edge: the crossings are exact, two open branches.
        let grid = ContourGrid(xRange: -1...1, yRange: -1...1, columns: 41, rows: 41) { $0[0] * $0[1] }
        let lines = grid.lines(at: 0.1)
        #expect(lines.count == 2)
        for line in lines {
            #expect(line.map { Self.point($0, grid) }.allSatisfy { abs($0.x * $0.y - 0.1) <= 1e-14 })
        }
    }

    @Test func aSaddleCellIsResolvedByItsMean() {
        // Corners (0,0) = 1, (1,0) = −1, (1,1) = 1, (0,1) = −1: mean 0 < 0.5, so the two corners
        // above 0.5 are cut off separately, each by a segment between its two edges.
        let grid = ContourGrid(xRange: 0...1, yRange: 0...1, columns: 2, rows: 2) { $0[0] == $0[1] ? 1 : -1 }
        let lines = grid.lines(at: 0.5).map { $0.map { [$0.x, $0.y] } }
        #expect(lines.count == 2)
        #expect(lines.contains { Set($0) == [[0.25, 0], [0, 0.25]] })
        #expect(lines.contains { Set($0) == [[1, 0.75], [0.75, 1]] })
    }

    /// Rosenbrock's valley between the grid points: on a 121 × 121 grid of a window whose
    /// points miss x* = (1, 1), every grid value lies above some level the refined grid finds
    /// and draws: a closed curve around x*, on the level to within a factor 2 (at 1/16 of a
    /// cell, linear interpolation along an edge is off by less than h²·max|f''|/8 ≈ 2e-4 · 1/4
    /// of the lowest levels' spacing). The grid alone (`depth: 0`) has no such level.
    @Test func aLevelBetweenTheGridPointsIsFoundAndDrawn() throws {
        func rosenbrock(_ p: [Double]) -> Double {
            100 * (p[1] - p[0] * p[0]) * (p[1] - p[0] * p[0]) + (1 - p[0]) * (1 - p[0])
        }
        let (x, y) = (-1.4...1.2, -0.8...1.8)
        let coarse = ContourGrid(xRange: x, yRange: y, depth: 0, f: rosenbrock)
        let fine = ContourGrid(xRange: x, yRange: y, f: rosenbrock)
        #expect(coarse.refinement.evaluations == 0 && coarse.values == fine.values)
        // Extra evaluations within the budget of two more grids.
        #expect(fine.refinement.evaluations > 0 && fine.refinement.evaluations <= 2 * 121 * 121)
        let floor = try #require(coarse.values.min())
        #expect(floor > 0 && coarse.levels.levels.allSatisfy { $0 > floor })
        let hidden = fine.levels.levels.filter { $0 < floor }
        let level = try #require(hidden.last, "levels \(fine.levels.levels), floor \(floor)")
        #expect(coarse.lines(at: level).isEmpty)
        let lines = fine.lines(at: level).map { $0.map { Self.point($0, fine) } }
        #expect(!lines.isEmpty)
        // A closed line around x*: its winding number about (1, 1) is ±1.
        let around = lines.filter { line in
            guard line.count > 3, line.first! == line.last! else { return false }
            var angle = 0.0
            for (a, b) in zip(line, line.dropFirst()) {
                var d = atan2(b.y - 1, b.x - 1) - atan2(a.y - 1, a.x - 1)
                if d > .pi { d -= 2 * .pi }
                if d < -.pi { d += 2 * .pi }
                angle += d
            }
            return abs(abs(angle) - 2 * .pi) < 1e-6
        }
        let pieces = lines.map { "\($0.count) \($0.first!) \($0.last!)" }
        #expect(around.count == 1, "\(fine.refinement.evaluations) points, \(lines.count) lines at \(level): \(pieces)")
        for line in lines {
            #expect(line.allSatisfy { abs(rosenbrock([$0.x, $0.y]) - level) <= level }, "level \(level)")
        }
    }

    @Test func levelsAreRoundAndLogSpaced() {
        let positive = ContourLevels(values: [1, 1000, .nan])
        #expect(positive.shift == 0 && positive.levels == [2, 5, 10, 20, 50, 100, 200, 500])
        #expect(positive.color(2) == "#440154" && positive.color(500) == "#aad228")
        // With f ≤ 0 on the grid, levels of f − min f: from (max − min)·1e-8 = 1e-5, 1 and 3 per decade.
        let shifted = ContourLevels(values: [-3, 997])
        #expect(shifted.shift == -3 && shifted.levels.count == 15)
        // Up to 10 decades: still 1 and 3 per decade (Rosenbrock's refined valley floor spans 9).
        #expect(ContourLevels(values: [1e-7, 500]).levels.first == 3e-7)
        #expect(ContourLevels(values: [1e-8, 500]).levels.first == 1e-7)
        #expect(shifted.levels.first! == 3e-5 && shifted.levels.last! == 300)
        // Each level is the double nearest its decimal (3 · 10⁻¹ computed would be 0.30000000000000004).
        let tenths = ContourLevels(values: [0.05, 40000])
        #expect(tenths.levels.contains(0.3) && tenths.levels.map(NumberStyle.format).contains("0.3"))
        #expect(ContourLevels(values: [2, 2]).levels.isEmpty)
    }

    @Test func iteratePathsRecordEveryIterateWithoutTouchingTheCounts() throws {
        let entry = try Comparison.solvers("bfgs")[0]
        let problem = try ProblemRegistry.resolve("rosenbrock")
        let run = try IteratePath(problem: problem, solver: entry, options: Options(traceEvery: 1))
        #expect(run.iterates.count == run.row.iterations + 1 && run.iterates.first! == problem.start)
        #expect(run.row.trace.count == run.row.iterations + 1)
        // The last iterate is the returned point: f there is the row's f.
        #expect(problem.objective.value(at: run.iterates.last!) == run.row.value)
        let plain = try Comparison.run(problems: ["rosenbrock"], solvers: [entry], options: Options(), jobs: 1).rows[0]
        #expect(
            plain.valueEvaluations == run.row.valueEvaluations
                && plain.gradientEvaluations == run.row.gradientEvaluations)
        #expect(
            try IteratePath(problem: ProblemRegistry.resolve("rosenbrock:n=3"), solver: entry, options: Options())
                .iterates.isEmpty)

        let window = ContourChart.window(iterates: run.iterates, minimizer: problem.minimizer)
        let grid = ContourGrid(xRange: window.x, yRange: window.y) {
            100 * ($0[1] - $0[0] * $0[0]) * ($0[1] - $0[0] * $0[0]) + (1 - $0[0]) * (1 - $0[0])
        }
        let svg = ContourChart(
            title: "rosenbrock", grid: grid,
            paths: [
                ContourChart.Path(label: "bfgs", iterates: run.iterates, failed: false),
                ContourChart.Path(label: "stuck", iterates: [[-1.2, 1], [-1, 1]], failed: true),
            ],
            minimizer: problem.minimizer
        ).svg
        #expect(svg.components(separatedBy: "class=\"contour\"").count - 1 >= 8)
        #expect(svg.components(separatedBy: "class=\"iterates\"").count - 1 == 2)
        #expect(svg.contains("class=\"start\"") && svg.contains("class=\"end\"") && svg.contains("class=\"failure\""))
        #expect(!svg.lowercased().contains("nan") && !svg.lowercased().contains("inf"))
        // The window holds every iterate (−1.2 ≤ x₁ ≤ 1 and the valley's dip) with a margin.
        #expect(window.x.lowerBound < -1.2 && window.x.upperBound > 1 && window.y.upperBound > 1)
        // Equal aspect: both sides as wide as the wider spread of the points plus 8 % each side.
        let points = run.iterates + [problem.minimizer!]
        let spread = (0..<2).map { k in points.map { $0[k] }.max()! - points.map { $0[k] }.min()! }.max()!
        let width = window.x.upperBound - window.x.lowerBound
        #expect(abs(width - spread * 1.16) < 1e-12 && abs(window.y.upperBound - window.y.lowerBound - width) < 1e-12)
    }

    @Test func pathsKeepDistinctStylesBeyondTheSixColours() {
        let styles = (0..<36).map { ContourChart.pathStyle($0) }
        #expect(Set(styles.map { "\($0.color) \($0.dash)" }).count == 36)
        #expect(styles[6].color == styles[0].color && styles[6].dash != styles[0].dash)
    }
}
