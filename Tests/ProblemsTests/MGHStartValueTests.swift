import Foundation
import Optim
import Problems
import Testing

/// f(x₀) of all 35 Moré–Garbow–Hillstrom problems at start=1, 10 and 100 against
/// Tests/Data/mgh-start-values.csv, computed by scripts/reference/mgh-start-values.py from its own
/// transcription of the paper's residuals and starting points. This checks every residual
/// formula, data table and starting point, including the 20 problems without a published
/// minimizer.
@Suite struct MGHStartValueTests {
    static let table: [(problem: String, scale: Int, value: Double)] = {
        let text =
            (try? String(contentsOfFile: repositoryPath("Tests/Data/mgh-start-values.csv"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: ",")
            return (String(fields[0]), Int(fields[1])!, Double(fields[2])!)
        }
    }()

    @Test func theTableCoversEveryProblemAtEveryScale() {
        #expect(Self.table.count == 105)
        #expect(Set(Self.table.map(\.problem)) == Set(ProblemRegistry.mghSuite))
        #expect(Self.table.filter { $0.scale == 1 }.map(\.problem) == ProblemRegistry.mghSuite)
    }

    @Test(arguments: 0..<105)
    func valueAtTheScaledStartMatchesTheIndependentTranscription(_ index: Int) throws {
        try #require(index < Self.table.count, "Tests/Data/mgh-start-values.csv is missing or short")
        let (name, scale, _) = Self.table[index]
        let problem = try ProblemRegistry.resolve(scale == 1 ? name : "\(name):start=\(scale)")
        Self.expect(problem.objective.value(at: problem.start), matches: index, "f")
    }

    /// `value` (named `what` in the message) against row `index` of the table: equal where the
    /// table has ±∞; otherwise to 10⁻¹¹ relative — sums in another order and other exp/pow agree
    /// to rounding, well below any change of a formula, a data value or the start.
    static func expect(
        _ value: Double, matches index: Int, _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let (name, scale, expected) = table[index]
        let tolerance = expected.isInfinite ? 0 : 1e-11 * max(abs(expected), 1e-300)
        #expect(
            value == expected || abs(value - expected) <= tolerance,
            "\(name) at \(scale)x₀: \(what) = \(value), table \(expected)", sourceLocation: sourceLocation)
    }
}
