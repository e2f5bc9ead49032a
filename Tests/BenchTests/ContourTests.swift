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

    @Test func levelsAreRoundAndLogSpaced() {
        let positive = ContourLevels(values: [1, 1000, .nan])
        #expect(positive.shift == 0 && positive.levels == [2, 5, 10, 20, 50, 100, 200, 500])
        #expect(positive.color(2) == "#440154" && positive.color(500) == "#aad228")
        // With f ≤ 0 on the grid, levels of f − min f: from (max − min)·1e-8 = 1e-5, 1 and 3 per decade.
        let shifted = ContourLevels(values: [-3, 997])
        #expect(shifted.shift == -3 && shifted.levels.count == 15)
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
