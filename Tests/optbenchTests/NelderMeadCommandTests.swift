import Foundation
import Testing

/// `optbench run --solver nelder-mead`: f only, `--initial-simplex` files and their refusals.
@Suite struct NelderMeadCommandTests {
    private static func file(_ name: String, _ content: String) -> String { CLI.temporaryFile(name, content) }

    static let formula = "expr:(1-x)^2+100*(y-x^2)^2"

    @Test func countsFEvaluationsOnlyAndReportsNoGradientNorm() throws {
        let r = try CLI.run(["run", "--solver", "nelder-mead", "--problem", Self.formula, "--x0=-1.2,1", "--format",
                             "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        // scipy 1.17.1's run: nit 85 (84 iterations counted from 0), nfev 159.
        #expect(json["status"] as? String == "converged-step")
        #expect(json["iterations"] as? Int == 84 && json["f_evaluations"] as? Int == 159)
        #expect(json["gradient_evaluations"] as? Int == 0 && json["gradient_norm"] is NSNull)
    }

    @Test func initialSimplexFromJSONOrCSV() throws {
        let json = Self.file("s.json", "[[-1.2, 1], [-1, 1], [-1.2, 1.2]]")
        let csv = Self.file("s.csv", "# x, y\n-1.2,1\n-1,1\n\n-1.2,1.2\n")
        var outputs: [String] = []
        for path in [json, csv] {
            let r = try CLI.run(["run", "--solver", "nelder-mead", "--problem", Self.formula, "--x0=-1.2,1",
                                 "--initial-simplex", path, "--format", "csv"])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").prefix(2) }
                .description)
        }
        #expect(outputs[0] == outputs[1])
    }

    @Test func refusals() throws {
        let bad = Self.file("bad.csv", "-1.2,1\n-1,x\n")
        try CLI.expectRefusal(
            ["run", "--solver", "nelder-mead", "--problem", Self.formula, "--initial-simplex", bad],
            "--initial-simplex: \(bad): line 2, '-1,x', is not a list of finite numbers (expected CSV: one point per "
                + "line, or a JSON array of points)")
        let two = Self.file("two.json", "[[1, 2], [3, 4]]")
        try CLI.expectRefusal(
            ["run", "--solver", "nelder-mead", "--problem", Self.formula, "--initial-simplex", two],
            "nelder-mead's initial simplex has 2 points of 2 numbers, but the problem needs n + 1 = 3 points of n = 2 "
                + "numbers")
        try CLI.expectRefusal(
            ["run", "--solver", "lbfgs", "--problem", Self.formula, "--initial-simplex", two],
            "--initial-simplex does not apply to lbfgs; it applies to nelder-mead")
        try CLI.expectRefusal(
            ["run", "--solver", "nelder-mead", "--problem", Self.formula, "--initial-simplex", "/nonexistent.json"],
            "--initial-simplex: /nonexistent.json: no such file")
    }
}
