import Foundation
import Testing
import Optim
@testable import Problems

/// Least-squares formula files (`"residuals": [...]`): the residuals and their Jacobian against
/// hand-written ones, f = Σ rᵢ² against the built-in MGH problem written the same way, and the
/// NIST StRD Misra1a fit against its certified values.
@Suite struct LeastSquaresFormulaTests {
    /// Writes `text` to a temporary problem file and loads it.
    static func load(_ text: String) throws -> TestProblem {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-\(UUID().uuidString).json")
            .path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try ProblemRegistry.resolve(path)
    }

    /// Misra1a's data (NIST StRD, https://www.itl.nist.gov/div898/strd/nls/data/misra1a.shtml).
    static let misraX = [
        77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1, 760.0,
    ]
    static let misraY = [
        10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47, 81.78,
    ]

    /// The residuals yᵢ − b₁(1 − exp(−b₂xᵢ)) and the Jacobian −(1 − e), −b₁xᵢe (e = exp(−b₂xᵢ)),
    /// written by hand, at x₀ and at a second point.
    @Test func misraResidualsAndJacobianAreTheHandWrittenOnes() throws {
        let problem = try ProblemRegistry.resolve(repositoryPath("problems/misra1a.json"))
        let f = try MGHLeastSquaresTests.leastSquares(problem)
        #expect(problem.variables == ["b1", "b2"] && problem.start == [500, 1e-4] && f.residualCount == 14)
        for b in [problem.start, [250, 5e-4]] {
            let r = MGHLeastSquaresTests.residuals(f, b), j = MGHLeastSquaresTests.jacobian(f, b)
            for i in 0..<14 {
                let e = exp(-b[1] * Self.misraX[i])
                #expect(abs(r[i] - (Self.misraY[i] - b[0] * (1 - e))) <= 1e-13 * 100)
                #expect(abs(j[i] + (1 - e)) <= 1e-15)
                #expect(abs(j[i + 14] + b[0] * Self.misraX[i] * e) <= 1e-12 * abs(b[0] * Self.misraX[i] * e))
            }
            // f and ∇f = 2Jᵀr from the compiled Σ rᵢ².
            let (value, g) = problem.objective.evaluate(at: b)
            #expect(abs(value - r.reduce(0) { $0 + $1 * $1 }) <= 1e-13 * value)
            for c in 0..<2 {
                let jtr = 2 * (0..<14).reduce(0) { $0 + j[$1 + c * 14] * r[$1] }
                #expect(abs(g[c] - jtr) <= 1e-12 * abs(jtr))
            }
        }
    }

    /// Gauss–Newton reaches NIST's certified b₁ = 2.3894212918E+02, b₂ = 5.5015643181E-04 to all
    /// 11 published digits (within half a unit in the last) and the residual sum of squares
    /// 1.2455138894E-01 likewise; lm at its defaults, stopped by MINPACK's gtol test (scipy's
    /// least_squares(method='lm') stops there by gtol too), gets f to 11 digits and b to 9 (f is
    /// flat along the valley: a relative change of 10⁻¹⁰ in b moves f by ~10⁻¹⁷).
    @Test func misraMatchesTheCertifiedValues() throws {
        let problem = try ProblemRegistry.resolve(repositoryPath("problems/misra1a.json"))
        let b1 = 2.3894212918E+02, b2 = 5.5015643181E-04, rss = 1.2455138894E-01
        let gn = try minimize(problem.objective, from: problem.start, using: GaussNewton(lineSearch: MoreThuente()))
        #expect(gn.status == .convergedGradient)
        #expect(abs(gn.x[0] - b1) <= 0.5e-8 && abs(gn.x[1] - b2) <= 0.5e-14, "\(gn.x)")
        #expect(abs(gn.value - rss) <= 0.5e-11, "\(gn.value)")
        let lm = try minimize(problem.objective, from: problem.start, using: LevenbergMarquardt())
        #expect(lm.status == .convergedGradient && lm.detail?.hasPrefix("MINPACK gtol test") == true)
        #expect(abs(lm.x[0] - b1) <= 1e-9 * b1 && abs(lm.x[1] - b2) <= 1e-9 * b2, "\(lm.x)")
        #expect(abs(lm.value - rss) <= 0.5e-11, "\(lm.value)")
        // gtol is tested on the Jacobian at the last point, as in lmder: J at x₀ and at every accepted
        // point (MINPACK through scipy: njev 16 for 15 steps, nfev 19).
        #expect(lm.jacobianEvaluations == lm.iterations + 1 && lm.iterations == 15)
    }

    /// MGH's penalty function I at n = 4 as a file — vector x[1…n], a parameter, a `sum` in the
    /// last residual — gives the built-in's residuals, Jacobian, f and ∇f.
    @Test func aVectorFileIsTheBuiltInProblem() throws {
        let file = try Self.load("""
            {"kind": "expression", "dimension": 4, "parameters": {"a": \(1e-5.squareRoot())},
             "residuals": ["a*(x[1] - 1)", "a*(x[2] - 1)", "a*(x[3] - 1)", "a*(x[4] - 1)", "sum(i=1..n, x[i]^2) - 0.25"],
             "x0": [1, 2, 3, 4]}
            """)
        let builtIn = try ProblemRegistry.resolve("mgh/penalty-1:n=4")
        let f = try MGHLeastSquaresTests.leastSquares(file), g = try MGHLeastSquaresTests.leastSquares(builtIn)
        #expect(f.residualCount == 5 && file.start == builtIn.start)
        for x in MGHLeastSquaresTests.points(builtIn, seed: 3) {
            let close = { (a: [Double], b: [Double]) in zip(a, b).allSatisfy { abs($0 - $1) <= 1e-13 * max(1, abs($1)) }
            }
            #expect(close(MGHLeastSquaresTests.residuals(f, x), MGHLeastSquaresTests.residuals(g, x)))
            #expect(close(MGHLeastSquaresTests.jacobian(f, x), MGHLeastSquaresTests.jacobian(g, x)))
            let mine = file.objective.evaluate(at: x), theirs = builtIn.objective.evaluate(at: x)
            #expect(close([mine.f] + mine.gradient, [theirs.f] + theirs.gradient))
        }
    }

    @Test(arguments: [
        (
            #"{"kind":"expression","f":"x^2","residuals":["x"]}"#,
            #"field 'residuals': give "f" or "residuals" (f = Σ rᵢ²), not both"#
        ),
        (
            #"{"kind":"expression"}"#,
            #"field 'f': is missing (give "f", or "residuals": an array of formulas rᵢ with f = Σ rᵢ²)"#
        ),
        (#"{"kind":"expression","residuals":[]}"#, "field 'residuals': must hold at least one formula"),
        (
            #"{"kind":"expression","residuals":"x - 1"}"#,
            "field 'residuals': must be an array of formulas (strings), not a string"
        ),
        (
            #"{"kind":"expression","residuals":["x - 1", 3]}"#,
            "field 'residuals': element 1 is a number, expected a formula (a string)"
        ),
        (
            #"{"kind":"expression","residuals":["x - 1", "y +"]}"#,
            "field 'residuals': element 1: column 4: expected a number, a name or '(', found the end of the formula"
        ),
        (#"{"kind":"expression","residuals":["1", "2"]}"#, "field 'residuals': the residuals have no variables"),
        (
            #"{"kind":"expression","dimension":2,"residuals":["x[1]", "x[3]"]}"#,
            "field 'residuals': element 1: column 1: index 3 is outside 1…2 in x[3]"
        ),
    ])
    func badResidualsAreOneLineErrorsNamingTheField(_ text: String, _ message: String) throws {
        do {
            _ = try Self.load(text)
            Issue.record("accepted: \(text)")
        } catch let error as ProblemError {
            guard case .file(let path, _, _) = error else { Issue.record("\(error)"); return }
            #expect(error.description == "\(path): \(message)")
        }
    }
}
