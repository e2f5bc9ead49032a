@testable import Bench
import Foundation
import Optim
import Problems
import Testing

@Suite struct HessianDiagnosticsTests {
    @Test func bfgsWithExactStepsReachesTheInverseHessianByIterationN() throws {
        let n = 10
        let problem = try ProblemRegistry.resolve("quadratic:n=\(n),cond=100,seed=2")
        let report = try HessianDiagnostics.run(
            problem: problem,
            request: SolverRequest(
                solver: "bfgs", lineSearch: "exact",
                assignments: [Assignment("gtol", "1e-300"), Assignment("max-iter", "\(n)")]), every: 1)
        #expect(report.rows.map(\.iteration) == Array(0...n))
        let atN = try #require(report.rows.last?.comparison)
        #expect(try #require(atN.relativeError) <= 1e-8)
        let eigen = try #require(atN.productEigenvalues)
        #expect(abs(eigen.min - 1) <= 1e-8 && abs(eigen.max - 1) <= 1e-8)
        // At x₀, H = I: the eigenvalues of H∇²f are the spectrum of Q, [1, 100].
        let first = try #require(report.rows.first?.comparison.productEigenvalues)
        #expect(abs(first.min - 1) <= 1e-10 && abs(first.max - 100) <= 1e-8)
        // Before n the error has not collapsed yet.
        #expect(try #require(report.rows[n / 2].comparison.relativeError) > 1e-3)
    }

    @Test func lbfgsIsMaterializedThroughTheTwoLoopRecursionAndMatchesBFGSWhenMIsLarge() throws {
        let problem = try ProblemRegistry.resolve("quadratic:n=8,cond=50,seed=3")
        let stopping = [Assignment("gtol", "1e-300"), Assignment("max-iter", "8")]
        let bfgs = try HessianDiagnostics.run(
            // κ = 1: the same H₀ = (sᵀs/sᵀy)I as L-BFGS's first-bb (L-BFGS has no κ).
            problem: problem,
            request: SolverRequest(
                solver: "bfgs", lineSearch: "exact", assignments: stopping + [Assignment("h0-factor", "1")]),
            every: 1)
        let lbfgs = try HessianDiagnostics.run(
            problem: problem,
            request: SolverRequest(
                solver: "lbfgs", lineSearch: "exact",
                assignments: stopping + [Assignment("memory", "8"), Assignment("h0", "first-bb")]), every: 1)
        for (a, b) in zip(bfgs.rows, lbfgs.rows) where a.iteration > 0 {
            let ea = try #require(a.comparison.relativeError), eb = try #require(b.comparison.relativeError)
            #expect(abs(ea - eb) <= 1e-8 * max(1, ea), "iteration \(a.iteration)")
        }
    }

    /// SR1 on f = cos x from x₀ = ½ (n = 1): f'' = −cos x < 0 on [0, π/2], so the first pair has
    /// yᵀs < 0 and, in one dimension, the update makes B₁ = y/s exactly (whatever B₀): H₁ = s/y
    /// is negative, which the inertia of H reports, as it reports H₀ positive; at iterate 2,
    /// where ∇²f has turned positive, so has H.
    @Test func sr1ReportsAnIndefiniteApproximation() throws {
        let problem = try ProblemRegistry.resolve("expr:cos(x)").starting(at: [0.5])
        let report = try HessianDiagnostics.run(problem: problem, request: SolverRequest(solver: "sr1"), every: 1)
        let inertia = report.rows.map {
            [$0.comparison.approximationInertia.positive, $0.comparison.approximationInertia.negative]
        }
        #expect(Array(inertia.prefix(3)) == [[1, 0], [0, 1], [1, 0]])
        #expect(
            report.rows[2].comparison.hessianInertia.positive == 1
                && report.rows[1].comparison.hessianInertia.negative == 1)
        // κ(H) = 1 in one dimension; H₁ = s/y with s = 1 (the Newton step of B₀ = |f'(x₀)|I, the
        // unit step, on Δ₀ = 1).
        let s = 1.0, y = -sin(0.5 + s) + sin(0.5)
        #expect(
            report.rows[1].comparison.productEigenvalues == nil && abs(report.rows[1].value - cos(0.5 + s)) <= 1e-15)
        #expect(report.result.status == .convergedGradient && y < 0)
        #expect(
            report.text.contains("inertia ∇²f (+, −, 0)  inertia H")
                && report.json.contains("\"approximation_inertia\":[0,1,0]"))
    }

    @Test func refusesWhatItCannotDo() throws {
        let small = try ProblemRegistry.resolve("rosenbrock")
        do {
            _ = try HessianDiagnostics.run(problem: small, request: SolverRequest(solver: "gd"), every: 1)
            Issue.record("gd accepted")
        } catch {
            #expect(
                error.message(spelling: { $0 })
                    == "hessian diagnostics need a quasi-Newton solver: lbfgs, lbfgsb, bfgs or sr1, not 'gd'")
        }
        let big = try ProblemRegistry.resolve("rosenbrock:n=2001")
        do {
            _ = try HessianDiagnostics.run(problem: big, request: SolverRequest(solver: "bfgs"), every: 1)
            Issue.record("n = 2001 accepted")
        } catch {
            #expect(
                error.message(spelling: { $0 }) == "hessian diagnostics work densely: n = 2001 is above the limit 2000")
        }
    }

    @Test func chartBreaksAtIndefiniteIteratesAndIsWellFormed() throws {
        let report = try HessianDiagnostics.run(
            problem: try ProblemRegistry.resolve("rosenbrock"),
            request: SolverRequest(solver: "lbfgs", assignments: [Assignment("memory", "3")]), every: 1)
        #expect(report.rows.contains { $0.comparison.relativeError == nil })
        let svg = report.chart.svg
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("gaps: iterates where ∇²f is not positive definite"))
        // One polyline per run of consecutive plottable rows.
        var runs = 0, inRun = false, runLength = 0
        for row in report.rows {
            if row.comparison.relativeError != nil { if !inRun { runLength = 0 }; inRun = true; runLength += 1 } else {
                if inRun && runLength > 1 { runs += 1 }
                inRun = false
            }
        }
        if inRun && runLength > 1 { runs += 1 }
        #expect(svg.components(separatedBy: "<polyline").count - 1 == runs)
        #expect(Ticks.nice(from: 0, to: 38) == [0, 10, 20, 30])
    }
}

@Suite struct HessianChartTests {
    @Test func noDataIsSaidInThePictureAndSubscriptsAreTspans() throws {
        // f = −x₁² − x₂²: ∇²f = −2I is indefinite at the only recorded iterate.
        let problem = try ProblemRegistry.resolve("expr:-x1^2-x2^2", settings: ProblemSettings(start: [1, 1]))
        let report = try HessianDiagnostics.run(
            problem: problem, request: SolverRequest(solver: "bfgs", assignments: [Assignment("max-iter", "0")]),
            every: 1)
        #expect(report.rows.count == 1 && report.rows[0].comparison.relativeError == nil)
        let svg = report.chart.svg
        #expect(
            svg.contains("class=\"empty\"")
                && svg.contains("no data to draw: ∇²f is not positive definite at any recorded iterate (no inverse)"))
        #expect(!svg.contains("_F") && !svg.contains("_{") && svg.contains("<tspan dy=\"4\" font-size=\"9\">F</tspan>"))
    }
}
