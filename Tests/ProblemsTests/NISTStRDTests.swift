import Foundation
import Optim
import Testing

@testable import Problems

/// The 27 NIST StRD nonlinear regression problems (problems/nist/NAME-1.json and -2.json, made by
/// scripts/reference/make-nist-strd.py from NIST's data files) against the independent NumPy
/// transcription of their models (Tests/Data/nist-reference.json, written by
/// scripts/reference/nist_reference.py, which parses NIST's files itself): the starts, f at both
/// starts and at the certified parameters, NIST's certified residual sum of squares against
/// f at the certified parameters, and the residual vector and its Jacobian (NumPy's by the
/// complex step) at start 1. The files are data fits: problems/nist/data/NAME.csv and one
/// residual template, compiled once and run per row.
@Suite struct NISTStRDTests {
    struct Reference: Decodable {
        let observations: Int
        let start1: [Double]
        let start2: [Double]
        let certified: [Double]
        let certified_rss: Double
        let f_start1: Double
        let f_start2: Double
        let f_certified: Double
        let r_start1: [Double]
        let jacobian_start1: [[Double]]
    }

    static let references: [String: Reference] = {
        guard let data = FileManager.default.contents(atPath: repositoryPath("Tests/Data/nist-reference.json")) else {
            return [:]
        }
        return (try? JSONDecoder().decode([String: Reference].self, from: data)) ?? [:]
    }()

    /// NIST's 27 names (nls_main.shtml: 8 of lower, 11 of average, 8 of higher difficulty).
    static let names = [
        "Misra1a", "Chwirut2", "Chwirut1", "Lanczos3", "Gauss1", "Gauss2", "DanWood", "Misra1b", "Kirby2", "Hahn1",
        "Nelson", "MGH17", "Lanczos1", "Lanczos2", "Gauss3", "Misra1c", "Misra1d", "Roszman1", "ENSO", "MGH09",
        "Thurber", "BoxBOD", "Rat42", "MGH10", "Eckerle4", "Rat43", "Bennett5",
    ]

    @Test func everyProblemHasItsReference() {
        #expect(Self.names.count == 27)
        #expect(Set(Self.references.keys) == Set(Self.names))
    }

    /// NIST certifies the residual sum of squares to 11 digits; f at the certified parameters
    /// (themselves rounded to 11 digits) reproduces it to 1e-9 relative — except Lanczos1, whose
    /// data are generated without error: its RSS 1.4e-25 is below what 11-digit parameters can
    /// resolve, and f there is ~4e-21.
    @Test(arguments: names)
    func certifiedSumOfSquaresIsNumPysAtTheCertifiedParameters(_ name: String) throws {
        let reference = try #require(Self.references[name], "Tests/Data/nist-reference.json lacks \(name)")
        if name == "Lanczos1" {
            #expect(reference.certified_rss < 1e-24 && reference.f_certified < 1e-20)
        } else {
            #expect(
                abs(reference.f_certified - reference.certified_rss) <= 1e-9 * reference.certified_rss,
                "\(reference.f_certified) vs \(reference.certified_rss)")
        }
    }

    /// Each file: NIST's start, its certified values as minimum and minimizer, and f at both
    /// starts equal to NumPy's to 1e-12 relative, and at the certified parameters to 1e-8 (there
    /// each residual is a difference of rounded terms: Lanczos2's are ~1e-6 of y ~ 1, so each
    /// ordering of the sum moves it by ~1e-10 relative) — Lanczos1's by 1e-3 (its residuals are
    /// ~1e-11 of y ~ 1: ~1e-5 of each is rounding).
    @Test(arguments: names)
    func filesMatchTheNumPyTranscription(_ name: String) throws {
        let reference = try #require(Self.references[name], "Tests/Data/nist-reference.json lacks \(name)")
        let starts = [(1, reference.start1, reference.f_start1), (2, reference.start2, reference.f_start2)]
        for (index, start, fStart) in starts {
            let path = repositoryPath("problems/nist/\(name.lowercased())-\(index).json")
            let problem = try ProblemRegistry.resolve(path)
            #expect(problem.start == start)
            #expect(problem.minimum == reference.certified_rss)
            #expect(problem.minimizer == reference.certified)
            let least = try #require(problem.objective as? any LeastSquaresObjective)
            #expect(least.residualCount == reference.observations)
            let f0 = problem.objective.value(at: start)
            #expect(abs(f0 - fStart) <= 1e-12 * fStart, "\(name) start \(index): \(f0) vs \(fStart)")
            let fStar = problem.objective.value(at: reference.certified)
            let tolerance = (name == "Lanczos1" ? 1e-3 : 1e-8) * reference.f_certified
            #expect(abs(fStar - reference.f_certified) <= tolerance, "\(name): \(fStar) vs \(reference.f_certified)")
        }
    }

    /// The template run per row gives NumPy's residuals at start 1 to 1e-12 relative to the largest
    /// |rᵢ| (Thurber's and Hahn1's cubics over cubics cancel to ~1e-14), and the Jacobian by reverse
    /// mode gives NumPy's complex-step J column by column to 1e-12 relative to the column's largest.
    @Test(arguments: names)
    func templateResidualsAndJacobianAreNumPys(_ name: String) throws {
        let reference = try #require(Self.references[name], "Tests/Data/nist-reference.json lacks \(name)")
        let path = repositoryPath("problems/nist/\(name.lowercased())-1.json")
        let problem = try ProblemFile.load(path: path)
        #expect(problem.inputFiles == [path, repositoryPath("problems/nist/data/\(name.lowercased()).csv")])
        let least = try MGHLeastSquaresTests.leastSquares(problem)
        let m = reference.observations, n = reference.start1.count
        let r = MGHLeastSquaresTests.residuals(least, reference.start1)
        let scale = reference.r_start1.map(abs).max() ?? 0
        let rError = zip(r, reference.r_start1).map { abs($0 - $1) }.max() ?? .nan
        #expect(rError <= 1e-12 * scale, "\(name): residuals off by \(rError) of \(scale)")
        let j = MGHLeastSquaresTests.jacobian(least, reference.start1)
        for c in 0..<n {
            let column = reference.jacobian_start1.map { $0[c] }
            let columnScale = column.map(abs).max() ?? 0
            let error = (0..<m).map { abs(j[$0 + c * m] - column[$0]) }.max() ?? .nan
            #expect(error <= 1e-12 * columnScale, "\(name) column \(c): off by \(error) of \(columnScale)")
        }
    }
}
