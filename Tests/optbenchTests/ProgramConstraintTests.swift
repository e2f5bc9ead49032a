import Foundation
import Problems
import Testing

/// Constraints answered by a program (`{"want": ["c", "J"], "x": …}` requests), and
/// `compare --constraint`.
@Suite struct ProgramConstraintTests {
    /// HS 71 (Hock & Schittkowski 1981): f, ∇f for a bare array; c, J for an object. With a file
    /// argument it appends each request's kind ("f", "c", "J", "cJ") to it; with a mode it lies.
    static let program: String = {
        let text = """
            import json, sys
            log = open(sys.argv[1], "a") if len(sys.argv) > 1 and sys.argv[1] != "-" else None
            mode = sys.argv[2] if len(sys.argv) > 2 else ""
            for line in sys.stdin:
                request = json.loads(line)
                if isinstance(request, list):
                    a, b, c, d = request
                    if log: log.write("f\\n"); log.flush()
                    print(json.dumps({"f": a*d*(a + b + c) + c,
                                      "g": [d*(2*a + b + c), a*d, a*d + 1, a*(a + b + c)]}), flush=True)
                    continue
                a, b, c, d = request["x"]
                want = request["want"]
                if log: log.write("".join(want) + "\\n"); log.flush()
                answer = {}
                if "c" in want:
                    answer["c"] = [a*b*c*d, a*a + b*b + c*c + d*d]
                    if mode == "short-c": answer["c"] = [a*b*c*d]
                if "J" in want:
                    answer["J"] = [[b*c*d, a*c*d, a*b*d, a*b*c], [2*a, 2*b, 2*c, 2*d]]
                    if mode == "flat-J": answer["J"] = answer["J"][0] + answer["J"][1]
                    if mode == "one-row": answer["J"] = answer["J"][:1]
                    if mode == "no-J": del answer["J"]
                    if mode == "string-J": answer["J"][1][2] = "x"
                print(json.dumps(answer), flush=True)
            """
        let path = CLI.temporaryFile("hs71.py", text)
        return path
    }()

    static let hs71 = ["--x0", "1,5,5,1", "--bounds", "1:5", "--constraint", "c >= 25", "--constraint", "c == 40"]

    func run(_ arguments: [String]) throws -> (status: Int32, report: JSONValue, stderr: String) {
        let r = try CLI.run(arguments + ["--format", "json"])
        return (r.status, try JSON.parse(r.stdout), r.stderr)
    }

    func number(_ value: JSONValue?) -> Double? { if case .number(let v)? = value { v } else { nil } }

    func member(_ report: JSONValue, _ path: String...) -> JSONValue? {
        var value: JSONValue? = report
        for key in path { if case .object(let o)? = value { value = o[key] } else { return nil } }
        return value
    }

    /// The program's run takes the formula run's iterates (the same f and c, rounded alike up to the
    /// last digits) and every request is counted: f, c (with Jᵀw), J.
    @Test func hs71ThroughAProgramMatchesTheFormulaAndCountsEveryRequest() throws {
        let log = CLI.temporaryFile("requests.log", "")
        let program = try run(
            ["run", "--solver", "auglag", "--problem", "exec:python3 \(Self.program) \(log)"] + Self.hs71)
        let formula = try run(["run", "--solver", "auglag", "--problem", "hs/hs71"])
        #expect(program.status == 0, "\(program.stderr)")
        #expect(member(program.report, "status") == .string("converged-kkt"))
        let f = try #require(number(member(program.report, "f")))
        #expect(abs(f - 17.0140173) <= 1e-6)
        #expect(abs(f - (number(member(formula.report, "f")) ?? .nan)) <= 1e-9)
        for key in ["iterations", "f_evaluations"] {
            #expect(member(program.report, key) == member(formula.report, key), "\(key)")
        }
        for key in ["evaluations", "jacobian_products", "jacobian_evaluations"] {
            #expect(member(program.report, "constraints", key) == member(formula.report, "constraints", key), "\(key)")
        }
        let requests = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        let count = { (kinds: Set<Substring>) in requests.filter { kinds.contains($0) }.count }
        let constraints = try #require(member(program.report, "constraints"))
        #expect(Double(count(["f"])) == number(member(program.report, "f_evaluations")))
        #expect(Double(count(["c", "cJ"])) == number(member(constraints, "evaluations")))
        let jacobians = (number(member(constraints, "jacobian_evaluations")) ?? 0)
            + (number(member(constraints, "jacobian_products")) ?? 0)
        #expect(Double(count(["J", "cJ"])) == jacobians)
        #expect(count(["cJ"]) > 0)
    }

    /// A problem file declares the sides in "constraints"; a flat row-major J is read as the rows.
    @Test func aProgramFileDeclaresItsConstraints() throws {
        let file = CLI.temporaryFile(
            "hs71-program.json",
            """
            {"kind": "program", "command": ["python3", "\(Self.program)", "-", "flat-J"], "x0": [1, 5, 5, 1],
             "lower": 1, "upper": 5, "constraints": {"lower": [25, 40], "upper": [null, 40]}, "minimum": 17.0140173}
            """)
        let r = try run(["run", "--solver", "auglag", "--problem", file])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(member(r.report, "status") == .string("converged-kkt"))
        #expect(abs((number(member(r.report, "f")) ?? .nan) - 17.0140173) <= 1e-6)
        #expect((number(member(r.report, "constraints", "violation")) ?? 1) <= 1e-6)
    }

    /// A malformed answer ends the run (evaluation-failed, exit 1) naming the member and what was expected.
    /// The requests go f at x₀ (1), c there (2), f (3), then c with J for Jᵀw (4).
    @Test(arguments: [
        ("short-c", "evaluation 2 (c): \"c\" has 1 numbers, expected 2"),
        ("no-J", "evaluation 4 (c, J) has no \"J\": '{\"c\": [25.0, 52.0]}'"),
        ("one-row", "evaluation 4 (c, J): \"J\" has 1 rows, expected 2 rows of 4 numbers"),
        ("string-J", "evaluation 4 (c, J): \"J[1]\"[2] is a string, expected a number or null"),
    ])
    func malformedAnswersAreRefused(_ mode: String, _ expected: String) throws {
        let r = try run(
            ["run", "--solver", "auglag", "--problem", "exec:python3 \(Self.program) - \(mode)"] + Self.hs71)
        #expect(r.status == 1)
        #expect(member(r.report, "status") == .string("evaluation-failed"))
        guard case .string(let detail)? = member(r.report, "detail") else {
            Issue.record("no detail")
            return
        }
        #expect(detail == "the program's answer to \(expected)", "\(detail)")
    }

    @Test func declarationsAreChecked() throws {
        let exec = "exec:python3 \(Self.program)"
        try CLI.expectRefusal(
            ["run", "--solver", "auglag", "--problem", exec, "--x0", "1,5,5,1", "--constraint", "x >= 25"],
            "--constraint 'x >= 25': column 1: a program's constraint compares c, its next value, with numbers "
                + "('c <= 1', 'c >= 0', 'c == 2', '0 <= c <= 1')")
        try CLI.expectRefusal(
            ["run", "--solver", "lbfgsb", "--problem", exec, "--x0", "1,5,5,1", "--constraint", "c >= 25"],
            "lbfgsb does not take constraints; for a problem with constraints use auglag, sqp or ipm")
        let command = "\"command\": [\"python3\", \"hs71.py\"], \"x0\": [1, 5, 5, 1]"
        for (constraints, message) in [
            ("{\"lower\": [25, 41], \"upper\": [null, 40]}",
             "constraint 2: the lower side 41 is above the upper side 40"),
            ("{\"lower\": [25], \"upper\": [null, 40]}", "\"upper\" has 2 entries, \"lower\" 1: expected as many"),
            ("{\"upper\": [null]}", "constraint 1 has no finite side"),
            ("[25, 40]", "must be an object {\"lower\": [numbers or null], \"upper\": [numbers or null], "
                + "\"linear\": [booleans]}, not an array"),
            ("{\"lower\": [25], \"linear\": [1]}", "\"linear\"[0] is a number, expected true or false"),
            ("{\"lower\": [25], \"linear\": [true, false]}", "\"linear\" must be an array of 1 booleans"),
        ] {
            let file = CLI.temporaryFile(
                "p.json", "{\"kind\": \"program\", \(command), \"constraints\": \(constraints)}")
            try CLI.expectRefusal(
                ["run", "--solver", "auglag", "--problem", file],
                "--problem: \(file): field 'constraints': \(message)")
        }
    }

    /// compare --constraint: the violation column in text and CSV, and "solved" needs violation ≤ 1e-6:
    /// auglag with ctol = 1e-2 converges (converged-kkt) at a violation of about 7e-6, not solved.
    @Test func compareTakesConstraintsAndJudgesFeasibility() throws {
        let arguments = [
            "compare", "--solvers", "auglag,auglag:ctol=1e-2", "--problems", "expr:(x-1)^2+(y-2)^2",
            "--constraint", "x^2+y^2 <= 1",
        ]
        let csv = try CLI.run(arguments + ["--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = lines[0]
        let violation = try #require(header.firstIndex(of: "violation"))
        let solved = try #require(header.firstIndex(of: "solved"))
        let status = try #require(header.firstIndex(of: "status"))
        #expect(lines.count == 3)
        #expect(lines[1][status] == "converged-kkt" && lines[2][status] == "converged-kkt")
        let tight = try #require(Double(lines[1][violation])), loose = try #require(Double(lines[2][violation]))
        #expect(tight <= 1e-6 && lines[1][solved] == "true")
        #expect(loose > 1e-6 && lines[2][solved] == "false")
        let text = try CLI.run(arguments)
        #expect(text.stdout.split(separator: "\n")[0].contains("‖∇f‖∞  violation"))
        #expect(text.stdout.contains("on a problem with constraints, solved also needs the violation"))
        let plain = try CLI.run(["compare", "--solvers", "lbfgs", "--problems", "rosenbrock", "--format", "csv"])
        #expect(!plain.stdout.contains("violation"))
        try CLI.expectRefusal(
            arguments + ["--shard", "1/2"],
            "--constraint: shards and --format jsonl do not carry the constraint violation yet; compare whole")
        try CLI.expectRefusal(
            ["compare", "--solvers", "auglag", "--problems", "mgh/wood", "--constraint", "x >= 1"],
            "--constraint takes an expr:, exec: or pipe problem, not 'mgh/wood' (a problem file of kind expression "
                + "or program takes \"constraints\")")
    }
}
