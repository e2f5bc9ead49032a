import Foundation
import Optim
import Problems
import Testing

/// Moré & Wild's 53 benchmark problems: f(x₀), smooth and noisy, against
/// Tests/Data/more-wild-start-values.csv, written by scripts/reference/more_wild.py from its own
/// NumPy transcription of their dfo.dat, dfovec.m, dfoxs.m and calfun.m. This checks the table
/// (function, n, m, start factor), every residual vector, every start and the noise.
@Suite struct MoreWildTests {
    static let table: [(number: Int, n: Int, m: Int, smooth: Double, noisy: Double)] = {
        let text =
            (try? String(contentsOfFile: repositoryPath("Tests/Data/more-wild-start-values.csv"), encoding: .utf8))
            ?? ""
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",").map(String.init)
            return (Int(f[0]) ?? 0, Int(f[2]) ?? 0, Int(f[3]) ?? 0, Double(f[5]) ?? .nan, Double(f[6]) ?? .nan)
        }
    }()

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * abs(b) }

    @Test func theSuitesHaveTheFiftyThreeProblemsInOrder() {
        #expect(Self.table.count == 53)
        #expect(ProblemRegistry.moreWildSuite(noisy: false) == (1...53).map { "more-wild/\($0)" })
        #expect(ProblemRegistry.moreWildSuite(noisy: true) == (1...53).map { "more-wild-noisy/\($0)" })
    }

    @Test(arguments: 0..<53)
    func valueAtTheStartMatchesTheIndependentTranscription(_ index: Int) throws {
        try #require(index < Self.table.count, "Tests/Data/more-wild-start-values.csv is missing or short")
        let row = Self.table[index]
        let smooth = try ProblemRegistry.resolve("more-wild/\(row.number)")
        let noisy = try ProblemRegistry.resolve("more-wild-noisy/\(row.number)")
        #expect(smooth.dimension == row.n && noisy.dimension == row.n)
        #expect(noisy.start == smooth.start)
        let f = smooth.objective.value(at: smooth.start), fNoisy = noisy.objective.value(at: noisy.start)
        #expect(Self.close(f, row.smooth), "more-wild/\(row.number): f(x₀) = \(f), reference \(row.smooth)")
        #expect(Self.close(fNoisy, row.noisy), "more-wild-noisy/\(row.number): \(fNoisy), reference \(row.noisy)")
        // The fused entry point gives the same f.
        #expect(Self.close(noisy.objective.evaluate(at: noisy.start).f, row.noisy))
    }

    /// f* from Moré, Garbow & Hillstrom where they publish it for the table's n and m: linear
    /// full rank m − n = 36, Bard 8.21487e-3, Watson n = 9 1.39976e-6, Chebyquad n = 8 3.51687e-3;
    /// none for Chebyquad n = 11 or the four CUTEr functions; the noisy twins keep f* = 0 only.
    @Test func knownOptimaComeFromTheMGHPaper() throws {
        let expected: [Int: Double?] = [1: 36, 15: 8.21487e-3, 21: 1.39976e-6, 31: 3.51687e-3, 34: nil, 39: nil,
                                        7: 0, 26: 124.362]
        for (number, fStar) in expected {
            #expect(try ProblemRegistry.resolve("more-wild/\(number)").minimum == fStar, "more-wild/\(number)")
        }
        #expect(try ProblemRegistry.resolve("more-wild-noisy/7").minimum == 0)
        #expect(try ProblemRegistry.resolve("more-wild-noisy/1").minimum == nil)
    }

    /// The gradients of the four CUTEr functions (reverse mode on their residual code) and of
    /// the noise factor (by hand) against central differences, at points off x₀ where no two
    /// |xᵢ| tie (‖x‖∞ has no derivative at a tie, and x₀ is often one: all ones, all 0.5). The
    /// noise oscillates on the scale 10⁻² whatever |xᵢ| is, so the steps are absolute there.
    @Test(arguments: [39, 43, 46, 52, 7, 19])
    func gradientsMatchCentralDifferences(_ number: Int) throws {
        for name in ["more-wild/\(number)", "more-wild-noisy/\(number)"] {
            let problem = try ProblemRegistry.resolve(name)
            for shift in [0.0013, -0.0021] {
                let x = problem.start.enumerated().map { $1 + shift * Double($0 + 1) }
                let analytic = problem.objective.evaluate(at: x).gradient
                let numeric = centralDifferenceGradient(
                    problem.objective, at: x, absoluteStep: name.hasPrefix("more-wild-noisy"))
                let scale = max(1, numeric.map(abs).max() ?? 0)
                let error = zip(analytic, numeric).map { abs($0 - $1) }.max() ?? .nan
                #expect(error / scale < 1e-5, "\(name): gradient error \(error / scale)")
            }
        }
    }
}
