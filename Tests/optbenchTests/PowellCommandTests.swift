import Foundation
import Testing

/// `optbench run --solver powell`: f only, scipy's numbers, its flags, `--direc` files, bounds, and
/// the refusals; `compare --solvers powell:key=value`.
@Suite struct PowellCommandTests {
    private static func file(_ name: String, _ content: String) -> String { CLI.temporaryFile(name, content) }

    static let formula = "expr:(1-x)^2+100*(y-x^2)^2"

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let r = try CLI.run(["run", "--solver", "powell", "--problem", Self.formula, "--x0=-1.2,1", "--format", "json"]
                                + arguments)
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    /// scipy 1.17.1's runs from (−1.2, 1) (scripts/reference/reference-powell.py): nit and nfev, and x
    /// bit for bit where the formula's arithmetic is the script's.
    @Test func countsFEvaluationsOnlyAsScipy() throws {
        let json = try Self.json([])
        #expect(json["status"] as? String == "converged-f-change")
        #expect(json["iterations"] as? Int == 23 && json["f_evaluations"] as? Int == 607)
        #expect(json["gradient_evaluations"] as? Int == 0 && json["gradient_norm"] is NSNull)
        #expect(json["x"] as? [Double] == [0x1.000000000019bp+0, 0x1.0000000000362p+0])
        #expect((json["detail"] as? String)?.contains("≤ ftol·(|f₀| + |f|) + 1e-20") == true)
    }

    @Test func flagsReachTheSolver() throws {
        // scipy's maxfev = 100: nit 3, nfev 100; maxiter = 5: nfev 122; xtol 1e-8, ftol 1e-12: nit 23, nfev 792.
        let maxfev = try Self.json(["--maxfev", "100"])
        #expect(maxfev["status"] as? String == "evaluation-limit")
        #expect(maxfev["iterations"] as? Int == 3 && maxfev["f_evaluations"] as? Int == 100)
        let maxiter = try Self.json(["--max-iter", "5"])
        #expect(maxiter["status"] as? String == "iteration-limit" && maxiter["f_evaluations"] as? Int == 122)
        let tight = try Self.json(["--line-xtol", "1e-8", "--sweep-ftol", "1e-12"])
        #expect(tight["iterations"] as? Int == 23 && tight["f_evaluations"] as? Int == 792)
        let options = try #require(tight["options"] as? [String: Any])
        #expect(options["line-xtol"] as? Double == 1e-8 && options["sweep-ftol"] as? Double == 1e-12, "\(options)")
    }

    @Test func directionSetFromJSONOrCSV() throws {
        let json = Self.file("d.json", "[[1, 1], [0, 0.5]]")
        let csv = Self.file("d.csv", "# u\n1,1\n\n0,0.5\n")
        let unit = Self.file("u.csv", "1,0\n0,1\n")
        let a = try Self.json(["--direc", json]), b = try Self.json(["--direc", csv])
        #expect(a["x"] as? [Double] == b["x"] as? [Double] && a["f_evaluations"] as? Int == b["f_evaluations"] as? Int)
        #expect(a["f_evaluations"] as? Int != 607, "the direction set is used")
        let identity = try Self.json(["--direc", unit])
        #expect(identity["f_evaluations"] as? Int == 607, "the unit vectors are the default")
    }

    @Test func staysInTheBox() throws {
        let json = try Self.json(["--bounds", "-1:0.5"])
        let x = try #require(json["x"] as? [Double])
        #expect(x.allSatisfy { $0 >= -1 && $0 <= 0.5 } && abs(x[0] - 0.5) < 1e-6, "\(x)")
        #expect(json["status"] as? String == "converged-f-change")
    }

    @Test func compareTakesItsParameters() throws {
        let r = try CLI.run(["compare", "--solvers", "powell,powell:sweep-ftol=1e-12", "--problems", "rosenbrock:n=2",
                             "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("sweep-ftol=1e-12"), "\(r.stdout)")
        try CLI.expectRefusal(
            ["compare", "--solvers", "powell:line-xtol=-1", "--problems", "rosenbrock:n=2"],
            "--solvers 'powell:line-xtol=-1': invalid value '-1' for line-xtol: expected a number ≥ 0")
    }

    @Test func refusals() throws {
        let run = ["run", "--solver", "powell", "--problem", Self.formula]
        try CLI.expectRefusal(
            run + ["--sweep-ftol", "-1"], "invalid value '-1' for --sweep-ftol: expected a number ≥ 0")
        try CLI.expectRefusal(run + ["--line-xtol", "x"], "invalid value 'x' for --line-xtol: expected a number ≥ 0")
        try CLI.expectRefusal(run + ["--maxfev", "0"], "invalid value '0' for --maxfev: expected an integer ≥ 1")
        try CLI.expectRefusal(
            ["run", "--solver", "lbfgs", "--problem", Self.formula, "--sweep-ftol", "1e-6"],
            "--sweep-ftol does not apply to lbfgs; it applies to powell")
        let three = Self.file("three.json", "[[1, 0], [0, 1], [1, 1]]")
        try CLI.expectRefusal(
            run + ["--direc", three],
            "powell's direction set has 3 directions of 2 numbers, but the problem needs n = 2 directions of n = 2 "
                + "numbers")
        try CLI.expectRefusal(
            ["run", "--solver", "nelder-mead", "--problem", Self.formula, "--direc", three],
            "--direc does not apply to nelder-mead; it applies to powell")
        let bad = Self.file("bad.csv", "1,0\n0,y\n")
        try CLI.expectRefusal(
            run + ["--direc", bad],
            "--direc: \(bad): line 2, '0,y', is not a list of finite numbers (expected CSV: one direction per line, "
                + "or a JSON array of directions)")
    }
}
