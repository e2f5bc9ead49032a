import Foundation
import Testing
@testable import Optim

@Suite struct ResultDescriptionTests {
    @Test func theSummaryShowsStatusNumbersAndSolver() throws {
        let result = try minimize(Rosenbrock2(), from: [-1.2, 1])
        let lines = result.description.split(separator: "\n").map(String.init)
        #expect(lines.first == "status        converged-gradient — converged: gradient norm below tolerance")
        #expect(lines.contains(String(format: "f             %.12e", result.value)))
        #expect(lines.contains(String(format: "‖∇f‖∞         %.3e", result.gradientNorm)))
        #expect(lines.contains("x             [1, 1]"))
        #expect(lines.contains("iterations    \(result.iterations)"))
        #expect(lines.contains("evaluations   f \(result.valueEvaluations), ∇f \(result.gradientEvaluations), ∇²f 0"))
        #expect(lines.last == "solver        " + result.solver)
        #expect(!lines.contains { $0.hasPrefix("detail") })
        #expect(lines.count == 8)
        #expect("\(result)" == result.description)
    }

    @Test func failuresShowTheirDetailAndLongPointsAreAbbreviated() throws {
        let result = try minimize(
            DiagonalQuadratic(
                curvatures: Array(stride(from: 1.0, through: 10, by: 1)), center: Array(repeating: 0, count: 10)),
            from: Array(repeating: 1, count: 10), options: Options(maxIterations: 1))
        #expect(result.status == .iterationLimit)
        #expect(result.description.hasPrefix("status        iteration-limit — stopped: iteration limit reached\nf "))
        let x = result.description.split(separator: "\n").first { $0.hasPrefix("x ") }
        #expect(x?.hasSuffix(", … (10 elements)]") == true)
        #expect(x?.components(separatedBy: ", ").count == 7)   // six numbers, then the count

        let failed = FunctionObjective(dimension: 1, value: { $0[0] * $0[0] }, gradient: { _ in [] })
        let lines = try minimize(failed, from: [3]).description.split(separator: "\n")
        #expect(lines[0] == "status        evaluation-failed — failed: the objective could not be evaluated")
        #expect(lines[1] == "detail        the gradient has 0 elements, expected 1")
        #expect(lines.contains("x             [3]"))
        #expect(lines.contains("iterations    0"))
    }
}
