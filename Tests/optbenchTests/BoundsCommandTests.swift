import Foundation
import Testing
@testable import Problems

/// Bounds on the command line (--bounds) and in problem files ("lower"/"upper"), with lbfgsb.
@Suite struct BoundsCommandTests {
    private static func file(_ name: String, _ content: String) -> String { CLI.temporaryFile(name, content) }

    @Test func aBoxedRosenbrockEndsOnItsBoundWithTheActiveSet() throws {
        // min (1 − x)² + 100(y − x²)² on x ≤ 0.5: x = 0.5, y = x² = 0.25, f = 0.25; x₀ = (3, −4) is projected to (0.5,
        // −1).
        let r = try CLI.run([
            "run", "--problem", "rosenbrock", "--solver", "lbfgsb", "--bounds=-1:0.5", "--x0=3,-4", "--format", "json",
        ])
        #expect(r.status == 0)
        let json = try JSON.parse(r.stdout)
        #expect(json["status"]?.string == "converged-projected-gradient")
        #expect(json["x"]?.numbers == [0.5, 0.25])
        #expect(json["f"]?.number == 0.25)
        #expect(json["start_projected"] == .bool(true))
        // The active set is L-BFGS-B's extras (the only member there); no top-level active_set.
        #expect(json["active_set"] == nil)
        guard case .object(let extras)? = json["extras"], extras.count == 1,
            case .array(let active)? = extras["active_set"]
        else {
            Issue.record("no extras.active_set"); return
        }
        #expect(active.count == 1)
        #expect(
            active.first?["index"]?.number == 0 && active.first?["bound"]?.string == "upper"
                && active.first?["value"]?.number == 0.5)
        // An unbounded run of the same solver (and of lbfgs) has no extras: null.
        for solver in ["lbfgsb", "lbfgs"] {
            let free = try JSON.parse(
                try CLI.run(["run", "--problem", "rosenbrock", "--solver", solver, "--format", "json"]).stdout)
            #expect(free["extras"] == .null && free["active_set"] == nil && free["l1"] == nil, "\(solver)")
        }
        let text = try CLI.run(["run", "--problem", "rosenbrock", "--solver", "lbfgsb", "--bounds=-1:0.5", "--x0=3,-4"])
            .stdout
        #expect(text.contains("active set    1 of 2 variables on a bound: x[0] = 0.5 (upper)"))
        #expect(text.contains("start         x₀ was outside the box: the run started from its projection"))
    }

    @Test func everyProblemKindTakesLowerAndUpper() throws {
        let data = CLI.repositoryRoot.appendingPathComponent("problems/data/digits.csv").path
        let kinds = [
            #"{"kind":"quadratic","Q":[[2,0],[0,2]],"b":[2,2],"lower":[null,1.5],"upper":[0.5,null]}"#,
            #"{"kind":"expression","f":"(x-1)^2 + (y-1)^2","lower":[null,1.5],"upper":[0.5,null]}"#,
            #"{"kind":"program","command":["\#(CLI.binary.path)","eval","--problem","expr:(x-1)^2 + (y-1)^2","--stdin"],"x0":[0,0],"lower":[null,1.5],"upper":[0.5,null]}"#,
        ]
        for content in kinds {
            // min (x − 1)² + (y − 1)² (or its multiple) on x ≤ 0.5, y ≥ 1.5: the corner (0.5, 1.5).
            let path = Self.file("p.json", content)
            let r = try CLI.run(["run", "--problem", path, "--solver", "lbfgsb", "--format", "json"])
            #expect(r.status == 0, "\(content): \(r.stderr)")
            #expect(try JSON.parse(r.stdout)["x"]?.numbers == [0.5, 1.5], "\(content)")
        }
        let mlp = Self.file(
            "mlp.json",
            #"{"kind":"mlp","dataset":"\#(data)","target":"digit","layers":[64,3,10],"activation":"tanh","head":"softmax","lower":-0.01,"upper":0.01}"#
        )
        let r = try CLI.run(["run", "--problem", mlp, "--solver", "lbfgsb", "--max-iter", "5", "--format", "json"])
        let x = try #require(try JSON.parse(r.stdout)["x"]?.numbers)
        #expect(x.allSatisfy { abs($0) <= 0.01 } && x.contains { abs($0) == 0.01 })
    }

    @Test func aSolverThatTakesNoBoundsIsRefused() throws {
        try CLI.expectRefusal(
            ["run", "--problem", "rosenbrock", "--solver", "bfgs", "--bounds", "0:"],
            "bfgs does not take bounds; for a problem with bounds (--bounds, a problem file's lower/upper) "
                + "use lbfgsb, nelder-mead, powell, bobyqa, cmaes, auglag, sqp or ipm")
        let path = Self.file("q.json", #"{"kind":"quadratic","Q":[[2]],"b":[1],"lower":0}"#)
        try CLI.expectRefusal(
            ["run", "--problem", path],
            "lbfgs does not take bounds; for a problem with bounds (--bounds, a problem file's lower/upper) "
                + "use lbfgsb, nelder-mead, powell, bobyqa, cmaes, auglag, sqp or ipm")
    }

    @Test(arguments: [
        (["--bounds", "2:1"], "--bounds: lower bound 0 (2) is above upper bound 0 (1) (rosenbrock:n=2)"),
        (
            ["--bounds", "a:1"],
            "invalid value 'a:1' for --bounds: expected LO:HI with numbers, or an empty side or inf for none (e.g. "
                + "-1:1, 0:, :5), or a JSON file {\"lower\": …, \"upper\": …}"
        ),
        (
            ["--bounds", "1"],
            "invalid value '1' for --bounds: expected LO:HI with numbers, or an empty side or inf for none (e.g. -1:1, "
                + "0:, :5), or a JSON file {\"lower\": …, \"upper\": …}"
        ),
        (
            ["--bounds", "0:1:2"],
            "invalid value '0:1:2' for --bounds: expected LO:HI with numbers, or an empty side or inf for none (e.g. "
                + "-1:1, 0:, :5), or a JSON file {\"lower\": …, \"upper\": …}"
        ),
    ])
    func badBoundsFlags(_ flags: [String], _ message: String) throws {
        try CLI.expectRefusal(["run", "--problem", "rosenbrock", "--solver", "lbfgsb"] + flags, message)
    }

    @Test func badBoundsFilesNameTheField() throws {
        let cases = [
            (
                #"{"lower":[0,0,0]}"#,
                "--bounds: the bounds have 3 entries but the problem has 2 variables (rosenbrock:n=2)"
            ),
            (#"{"lower":[0,"a"]}"#, "--bounds: PATH: field 'lower': element 1 is a string, expected a number or null"),
            (#"{"low":0}"#, "--bounds: PATH: field 'low': unknown field; expected: lower, upper"),
            (#"{}"#, "--bounds: PATH: has neither \"lower\" nor \"upper\""),
        ]
        for (content, message) in cases {
            let path = Self.file("b.json", content)
            try CLI.expectRefusal(["run", "--problem", "rosenbrock", "--solver", "lbfgsb", "--bounds", path],
                                  message.replacingOccurrences(of: "PATH", with: path))
        }
        let problems = [
            (
                #"{"kind":"quadratic","Q":[[2,0],[0,2]],"b":[1,1],"lower":[0,0,0]}"#,
                "field 'lower': must have 2 elements (the problem's dimension), got 3"
            ),
            (
                #"{"kind":"quadratic","Q":[[2,0],[0,2]],"b":[1,1],"lower":[0,2],"upper":1}"#,
                "field 'lower': lower bound 1 (2) is above upper bound 1 (1)"
            ),
            (
                #"{"kind":"quadratic","Q":[[2,0],[0,2]],"b":[1,1],"upper":"x"}"#,
                "field 'upper': must be a number or an array of numbers and nulls, not a string"
            ),
            (
                #"{"kind":"expression","f":"x^2","upper":[true]}"#,
                "field 'upper': element 0 is a boolean, expected a number or null"
            ),
        ]
        for (content, message) in problems {
            let path = Self.file("p.json", content)
            try CLI.expectRefusal(["run", "--problem", path, "--solver", "lbfgsb"], "--problem: \(path): \(message)")
        }
    }

    @Test func evalStartPrintsTheBox() throws {
        let r = try CLI.run(["eval", "--problem", "rosenbrock", "--bounds=:0.5", "--start"])
        #expect(
            r.stdout
                == #"{"problem":"rosenbrock:n=2","x0":[-1.2,1],"f_minimum":null,"lower":[null,null],"upper":[0.5,0.5]}"#
                + "\n")
    }

    @Test func compareRunsBoundedProblemsAndSkipsSolversWithoutBounds() throws {
        let r = try CLI.run([
            "compare", "--problems", "rosenbrock", "--solvers", "lbfgsb,lbfgs", "--bounds=:0.5", "--format", "json",
        ])
        let json = try JSON.parse(r.stdout)
        guard case .array(let rows)? = json["rows"] else { Issue.record("no rows: \(r.stdout) \(r.stderr)"); return }
        #expect(rows.count == 1)
        #expect(rows.first?["f"]?.number == 0.25)
        // The unconstrained f* = 0 is cut off by the box, so the bounded problem has no known f*.
        #expect(rows.first?["f_minimum"] == .null)
        guard case .array(let skipped)? = json["skipped"] else { Issue.record("no skipped: \(r.stdout)"); return }
        #expect(skipped.first?.string?.contains("lbfgs does not take bounds") == true, "\(skipped)")
    }
}

/// `optbench hessian` on a bounded problem: lbfgsb's Hₖ measured, other solvers refused.
@Suite struct BoundedHessianTests {
    @Test func lbfgsbOnABoxIsMeasuredAndOthersAreRefused() throws {
        let r = try CLI.run([
            "hessian", "--solver", "lbfgsb", "--problem", "rosenbrock", "--bounds=-2:0.7", "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSON.parse(r.stdout)
        #expect(json["status"]?.string == "converged-projected-gradient")
        guard case .array(let rows) = json["rows"] else { Issue.record("no rows"); return }
        // Where ∇²f is indefinite the error is null (its inertia is shown instead); at x₀ and at the end it is a
        // number.
        #expect(
            rows.count >= 2
                && rows.allSatisfy { $0["relative_error"] == .null || ($0["relative_error"]?.number ?? -1) >= 0 })
        #expect((rows.first?["relative_error"]?.number ?? -1) > 0 && (rows.last?["relative_error"]?.number ?? -1) > 0)
        let refused = try CLI.run(["hessian", "--solver", "bfgs", "--problem", "rosenbrock", "--bounds=-2:0.7"])
        #expect(
            refused.status == 2
                && refused.stderr
                    == "optbench: error: bfgs does not take bounds; for a problem with bounds (--bounds, a problem "
                        + "file's lower/upper) use lbfgsb, nelder-mead, powell, bobyqa, cmaes, auglag, sqp or ipm\n"
        )
    }
}
