import Optim
import Problems
import Testing
@testable import Bench

/// `plot --x-axis cost`: the convergence chart's x is compare's cost column along the run.
@Suite struct ConvergenceCostTests {
    /// Newton evaluates one dense Hessian per iteration, priced at `hessianCost` (2n gradients
    /// of central differences, n = 4 on Wood: 8): iterate k is at f + ∇f evaluations so far +
    /// 8k, the last at the row's cost. L-BFGS has no other cost: x is f + ∇f evaluations.
    @Test func costAxisIsTheCostColumnAlongTheRun() throws {
        let solvers = try Comparison.solvers("newton,lbfgs")
        let rows = try Comparison.run(
            problems: ["mgh/wood"], solvers: solvers, options: Options(traceEvery: 1), jobs: 1
        ).rows
        let report = ComparisonReport(rows: rows, solvers: ["newton", "lbfgs"], skipped: [], interrupted: false)
        let chart = report.convergence(problem: "mgh/wood", against: .cost).value
        let newton = try #require(rows.first { $0.solver == "newton" })
        let lbfgs = try #require(rows.first { $0.solver == "lbfgs" })
        #expect(newton.hessianEvaluations == newton.iterations && newton.hessianCost == 8)
        let newtonX = try #require(chart.series.first { $0.label == "newton" }).points.map { $0.x }
        #expect(newtonX == newton.trace.map { Double($0.valueEvaluations + $0.gradientEvaluations + 8 * $0.iteration) })
        #expect(newtonX.last == Double(newton.cost))
        let lbfgsX = try #require(chart.series.first { $0.label == "lbfgs" }).points.map { $0.x }
        #expect(lbfgsX == lbfgs.trace.map { Double($0.valueEvaluations + $0.gradientEvaluations) })
        #expect(lbfgsX.last == Double(lbfgs.cost))
        #expect(chart.xLabel == "evaluation cost (as compare's cost column)")
    }
}
