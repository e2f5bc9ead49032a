import Foundation
import Optim
import Problems
import Testing

/// Small children written for the tests: well-behaved, slow, dying, lying.
enum Children {
    static let folder: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-children-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let scripts: [String: String] = [
            // Rosenbrock with its gradient; with "fonly" as argument it answers f alone.
            "rosenbrock.py": """
                import json, sys
                fonly = sys.argv[1:] == ["fonly"]
                for line in sys.stdin:
                    a, b = json.loads(line)
                    f = (1 - a)**2 + 100*(b - a*a)**2
                    g = [-2*(1 - a) - 400*a*(b - a*a), 200*(b - a*a)]
                    print(json.dumps({"f": f} if fonly else {"f": f, "g": g}), flush=True)
                """,
            // A gradient with a deliberate error in its third coordinate (3 where 4 belongs).
            "wrong-gradient.py": """
                import json, sys
                for line in sys.stdin:
                    x = json.loads(line)
                    f = x[0]**2 + 3*x[1]**2 + x[0]*x[2] + x[2]**4
                    print(json.dumps({"f": f, "g": [2*x[0] + x[2], 6*x[1], x[0] + 3*x[2]**3]}), flush=True)
                """,
            "sleeps.sh": "#!/bin/sh\nwhile :; do sleep 1; done\n",
            "sleeps-until-interrupted.sh": "#!/bin/sh\nwhile :; do sleep 1; done\n",
            "exits-after-3.py": """
            import json, sys
            for k, line in enumerate(sys.stdin):
                if k == 3: sys.exit(3)
                a, b = json.loads(line)
                print(json.dumps({"f": (1 - a)**2 + 100*(b - a*a)**2, "g": [-2*(1 - a) - 400*a*(b - a*a), 200*(b - a*a)]}), flush=True)
            """,
            "garbage.sh": "#!/bin/sh\nread line\necho 'hello there'\nread line\n",
            "short-gradient.sh": "#!/bin/sh\nwhile read line; do echo '{\"f\": 1, \"g\": [1, 2, 3]}'; done\n",
            "reports-error.sh":
                "#!/bin/sh\nwhile read line; do echo '{\"error\": \"the simulation diverged\"}'; done\n",
            "not-executable.sh": "#!/bin/sh\n",
            "closes-stdout.sh": "#!/bin/sh\nexec 1>&-\nsleep 30\n",
            // Leaves a process holding its stdout, and exits.
            "leaves-a-grandchild.sh": "#!/bin/sh\nsleep 300 &\nexit 3\n",
            // One line nobody asked for, then right answers: everything after would be off by one.
            "talks-first.py": """
            import json, sys
            print('{"f": 0, "g": [0, 0]}', flush=True)
            for line in sys.stdin:
                a, b = json.loads(line)
                print(json.dumps({"f": (1 - a)**2 + 100*(b - a*a)**2, "g": [-2*(1 - a) - 400*a*(b - a*a), 200*(b - a*a)]}), flush=True)
            """,
            "sleeps-until-terminated.sh": "#!/bin/sh\nwhile :; do sleep 1; done\n",
            "sleeps-until-interrupted-twice.sh": "#!/bin/sh\nwhile :; do sleep 1; done\n",
        ]
        for (name, text) in scripts {
            let url = folder.appendingPathComponent(name)
            try? text.write(to: url, atomically: true, encoding: .utf8)
            if name != "not-executable.sh" { chmod(url.path, 0o755) }
        }
        return folder
    }()

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
}

@Suite struct ProgramCommandTests {
    func json(_ arguments: [String]) throws -> (status: Int32, report: JSONValue, stderr: String) {
        let r = try CLI.run(arguments + ["--format", "json"])
        return (r.status, try JSON.parse(r.stdout), r.stderr)
    }

    /// `exec:optbench eval --stdin` is the in-process run, iterate for iterate.
    @Test(arguments: ["lbfgs", "bfgs", "cg"])
    func optbenchEvalAsAProgramReproducesTheRun(_ solver: String) throws {
        let inProcess = try json(["run", "--solver", solver, "--problem", "mgh/wood"]).report
        let program = try json([
            "run", "--solver", solver, "--problem", "exec:\(CLI.binary.path) eval --problem mgh/wood --stdin",
            "--x0=-3,-1,-3,-1",
        ]).report
        for key in ["iterations", "f_evaluations", "gradient_evaluations", "f", "gradient_norm"] {
            #expect(program[key]?.number == inProcess[key]?.number && inProcess[key]?.number != nil, "\(key)")
        }
        #expect(program["x"]?.numbers == inProcess["x"]?.numbers)
        #expect(program["status"]?.string == "converged-gradient")
    }

    @Test func pythonProgramWithAndWithoutGradient() throws {
        let exact = try json([
            "run", "--solver", "bfgs", "--problem", "exec:python3 \(Children.path("rosenbrock.py"))", "--x0=-1.2,1",
        ])
        // The program is Rosenbrock with its gradient: the built-in problem's run, iterate for iterate
        // (34 iterations, 44 evaluations with BFGS's κ = 100: results/solvers.md).
        let builtIn = try json(["run", "--solver", "bfgs", "--problem", "rosenbrock", "--x0=-1.2,1"]).report
        #expect(exact.status == 0)
        for key in ["iterations", "f_evaluations", "f"] {
            #expect(exact.report[key]?.number == builtIn[key]?.number && builtIn[key]?.number != nil, "\(key)")
        }
        let fd = try json([
            "run", "--solver", "bfgs", "--problem", "exec:python3 \(Children.path("rosenbrock.py")) fonly",
            "--x0=-1.2,1",
            "--gradient", "fd",
        ])
        #expect(fd.status == 0, "\(fd.stderr)")
        let gradients = fd.report["gradient_evaluations"]?.number ?? 0
        // Each central-difference gradient costs 2n = 4 f evaluations besides f(x); a trial point
        // the line search rejects on f alone costs 1 (issue 27): f evaluations = points + 4·gradients.
        let differences = fd.report["difference_evaluations"]?.number ?? 0
        #expect(differences == 4 * gradients && gradients > 0)
        let points = (fd.report["f_evaluations"]?.number ?? 0) - differences
        #expect(points > gradients, "some trial was rejected on f alone")
        // The f-only program gives the in-process run with the same differences, count for count.
        let inProcess = try json([
            "run", "--solver", "bfgs", "--problem", "rosenbrock", "--x0=-1.2,1", "--gradient", "fd",
        ]).report
        for key in ["iterations", "f_evaluations", "gradient_evaluations", "difference_evaluations"] {
            #expect(fd.report[key]?.number == inProcess[key]?.number && inProcess[key]?.number != nil, "\(key)")
        }
        #expect(fd.report["gradient_source"]?.string == "central differences of f")
        #expect(abs((fd.report["x"]?.numbers?[0] ?? 0) - 1) < 1e-5)
    }

    /// Failures end the run with evaluation-failed, name the cause, keep the last accepted
    /// iterate and exit 1 — promptly, and without leaving the child behind.
    @Test(arguments: [
        ("exits-after-3.py", [String](), "the program exited with status 3 before answering evaluation 4"),
        ("garbage.sh", [], "the program's answer to evaluation 1 is not JSON"),
        ("short-gradient.sh", [], "the program's answer to evaluation 1: \"g\" has 3 numbers, expected 2"),
        ("reports-error.sh", [], "the program reported an error at evaluation 1: the simulation diverged"),
        ("sleeps.sh", ["--eval-timeout", "0.5"], "the program did not answer evaluation 1 within 0.5 s"),
        ("closes-stdout.sh", [], "the program closed its output before answering evaluation 1"),
        ("leaves-a-grandchild.sh", [], "the program exited with status 3 before"),
        ("talks-first.py", [], "the program "),
        ("rosenbrock.py", ["--max-iter", "3"], ""),
    ])
    func failingPrograms(_ child: String, _ extra: [String], _ message: String) throws {
        let command = child.hasSuffix(".py") ? "exec:python3 \(Children.path(child))" : "exec:\(Children.path(child))"
        let started = Date()
        let r = try json(["run", "--solver", "bfgs", "--problem", command, "--x0=-1.2,1"] + extra)
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(r.status == 1)
        if message.isEmpty {
            #expect(r.report["status"]?.string == "iteration-limit")
            return
        }
        #expect(r.report["status"]?.string == "evaluation-failed")
        #expect(r.report["detail"]?.string?.hasPrefix(message) == true, "\(r.report["detail"]?.string ?? "nil")")
        // The last accepted iterate, with its own f.
        let x = r.report["x"]?.numbers ?? []
        if child == "exits-after-3.py" {
            #expect(r.report["iterations"]?.number ?? 0 >= 1)
            let f = (1 - x[0]) * (1 - x[0]) + 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0])
            #expect(r.report["f"]?.number == f)
        } else {
            #expect(x == [-1.2, 1])
        }
    }

    /// Ctrl-C while a program computes: the run ends at once with status interrupted, exit
    /// 130, the report still written, and the child terminated and reaped.
    @Test func ctrlCEndsTheRunAndTheChild() throws {
        let child = Children.path("sleeps-until-interrupted.sh")
        let (process, stdout) = try CLI.start(["run", "--problem", "exec:\(child)", "--x0=1,2", "--format", "json"])
        let watchdog = CLI.watchdog(process)
        // The program runs and the Ctrl-C handler is registered: conditions, not a clock.
        #expect(
            CLI.wait(seconds: 240) {
                ((try? running(child)) == 1 && CLI.catchesInterrupt(process.processIdentifier)) || !process.isRunning
            })
        process.interrupt()
        let data = stdout.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        #expect(process.terminationReason == .exit, "killed by signal \(process.terminationStatus)")
        #expect(process.terminationStatus == 130)
        let report = try JSON.parse(String(decoding: data, as: UTF8.self))
        #expect(report["status"]?.string == "interrupted")
        #expect(report["detail"]?.string == "interrupted while the program computed evaluation 1")
        #expect(try running(child) == 0)
    }

    /// SIGTERM, or a second Ctrl-C, ends OptBench at once — and the program with it.
    @Test(arguments: [
        ("sleeps-until-terminated.sh", [SIGTERM], Int32(143)),
        ("sleeps-until-interrupted-twice.sh", [SIGINT, SIGINT], 130),
    ])
    func signalsEndTheProgramToo(_ script: String, _ signals: [Int32], _ status: Int32) throws {
        let process = Process()
        process.executableURL = CLI.binary
        let child = Children.path(script)
        process.arguments = ["run", "--problem", "exec:\(child)", "--x0=1,2", "--format", "json"]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        let watchdog = CLI.watchdog(process)
        // The program runs and OptBench's handlers for these signals are registered.
        let pid = process.processIdentifier
        #expect(
            CLI.wait(seconds: 240) {
                ((try? running(child)) == 1 && signals.allSatisfy { CLI.catches(pid, $0) }) || !process.isRunning
            })
        for signal in signals {
            kill(process.processIdentifier, signal)
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.waitUntilExit()
        watchdog.cancel()
        #expect(process.terminationReason == .exit, "killed by signal \(process.terminationStatus)")
        #expect(process.terminationStatus == status)
        #expect(CLI.wait(seconds: 30) { (try? running(child)) == 0 })
    }

    @Test func evalReportsAFailedProgram() throws {
        let r = try CLI.run(["eval", "--problem", "exec:false", "--x0=1,2"])
        #expect(r.status == 1 && r.stdout.isEmpty)
        #expect(
            r.stderr.hasPrefix("optbench: eval: the program exited with status 1 before")
                && r.stderr.hasSuffix("evaluation 1\n"), "\(r.stderr)")
    }

    /// Shells running the script at `path` (pgrep; OptBench's own command line names it too).
    func running(_ path: String) throws -> Int { try CLI.processCount(matching: "^/bin/sh \(path)") }

    /// hessian diagnostics on a program: ∇²f by central differences of its gradient, the same
    /// errors as on the built-in Rosenbrock to rounding.
    @Test func hessianOnAProgram() throws {
        try expectHessianErrorsOfBuiltInRosenbrock(
            "exec:python3 \(Children.path("rosenbrock.py"))", relative: 1e-4, absolute: 1e-7)
    }

    @Test func checkGradFindsTheWrongCoordinate() throws {
        let bad = try CLI.run([
            "check-grad", "--problem", "exec:python3 \(Children.path("wrong-gradient.py"))", "--x0=1,2,3", "--format",
            "json",
        ])
        #expect(bad.status == 1)
        let report = try JSON.parse(bad.stdout)
        #expect(report["worst_index"]?.number == 3 && report["passed"] == .bool(false))
        // ∂f/∂x₃ = x₁ + 4x₃³ = 109 at (1, 2, 3); the program says 82.
        #expect(abs((report["worst_relative_error"]?.number ?? 0) - 27.0 / 109) < 1e-8)
        let good = try CLI.run([
            "check-grad", "--problem", "exec:python3 \(Children.path("rosenbrock.py"))", "--x0=-1.2,1",
        ])
        #expect(good.status == 0 && good.stdout.contains("verdict       ok: every relative error ≤ 1e-4\n"))
        let large = try CLI.run(["check-grad", "--problem", "rosenbrock:n=1000", "--points", "4", "--format", "json"])
        #expect(large.status == 0)
        // Rounding in a sum of 10⁵ terms is not mistaken for a wrong gradient.
        let larger = try CLI.run(["check-grad", "--problem", "rosenbrock:n=100000", "--points", "10"])
        #expect(larger.status == 0, "\(larger.stdout)")
        guard case .array(let rows) = try JSON.parse(large.stdout)["comparisons"] else { Issue.record("rows"); return }
        #expect(rows.count == 4)
    }

    @Test func lineSearchFailureOnAProgramPointsToCheckGrad() throws {
        // A wrong gradient misleads the line search: the message says what to run. (L-BFGS: BFGS
        // with κ = 100 happens to reach a zero of the wrong gradient, a stationary point of nothing.)
        let r = try json([
            "run", "--solver", "lbfgs", "--problem", "exec:python3 \(Children.path("wrong-gradient.py"))", "--x0=1,2,3",
            "--gtol", "1e-12",
        ])
        let detail = r.report["detail"]?.string ?? ""
        #expect(r.report["status"]?.string == "line-search-failed", "\(r.report["status"] ?? .null)")
        #expect(detail.contains("optbench check-grad --problem 'exec:python3"), "\(detail)")
    }

    @Test(arguments: [
        (
            ["run", "--problem", "exec:nosuch-program-xyz", "--x0=1"],
            "--problem: exec:nosuch-program-xyz: nosuch-program-xyz: command not found in PATH"
        ),
        (
            ["run", "--problem", "exec:\(Children.path("not-executable.sh"))", "--x0=1"],
            "--problem: exec:\(Children.path("not-executable.sh")): \(Children.path("not-executable.sh")): not "
                + "executable"
        ),
        (
            ["run", "--problem", "exec:python3 f.py"],
            "--problem: exec:python3 f.py: give the start with --x0 (it also gives the dimension)"
        ),
        (
            ["run", "--problem", "exec:python3 'f.py", "--x0=1"],
            "--problem: exec:python3 'f.py: unterminated ' quote opened at column 9"
        ),
        (["run", "--problem", "exec:", "--x0=1"], "--problem: exec:: no command after exec:"),
        (["run", "--problem", "pipe"], "--problem: pipe: give the start with --x0 (it also gives the dimension)"),
        (
            ["run", "--problem", "rosenbrock", "--eval-timeout", "0"],
            "invalid value '0' for --eval-timeout: expected a number of seconds in (0, 1e6]"
        ),
        (
            ["run", "--problem", "rosenbrock", "--gradient", "numeric"],
            "The value 'numeric' is invalid for '--gradient <source>'. Please provide one of 'exact', 'fd' or "
                + "'fd-forward'. (see 'optbench --help')"
        ),
        (
            ["compare", "--solvers", "lbfgs", "--problems", "pipe", "--x0=1"],
            "--problems: pipe: the caller answers one run only: use optbench run --problem pipe"
        ),
        (
            ["check-grad", "--problem", "rosenbrock", "--points", "0"],
            "invalid value '0' for --points: expected an integer in [1, 100000]"
        ),
        (
            ["check-grad", "--problem", "pipe", "--x0=1"],
            "--problem pipe works with 'optbench run' only (check-grad writes its report to stdout)"
        ),
        (
            ["hessian", "--problem", "pipe", "--x0=1"],
            "--problem pipe works with 'optbench run' only (hessian writes its report to stdout)"
        ),
        (
            ["eval", "--problem", "pipe", "--x0=1"],
            "--problem pipe works with 'optbench run' only (eval writes its report to stdout)"
        ),
    ])
    func refusals(_ arguments: [String], _ message: String) throws {
        try CLI.expectRefusal(arguments, message)
    }

    /// A program problem file: the command runs in the file's folder, "gradient": false
    /// differences f, "timeout" bounds each answer.
    @Test func programProblemFile() throws {
        let file = Children.folder.appendingPathComponent("rosenbrock-program.json")
        try
            #"{"kind": "program", "command": ["python3", "rosenbrock.py", "fonly"], "x0": [-1.2, 1], "gradient": false, "timeout": 30, "minimum": 0}"#
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try json(["run", "--solver", "lbfgs", "--problem", file.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.report["f_minimum"]?.number == 0 && r.report["gradient_source"]?.string == "central differences of f")
        let bad = Children.folder.appendingPathComponent("bad-program.json")
        try #"{"kind": "program", "command": ["./missing.py"], "x0": [1]}"#.write(
            to: bad, atomically: true, encoding: .utf8)
        try CLI.expectRefusal(
            ["run", "--problem", bad.path], "--problem: \(bad.path): field 'command': ./missing.py: no such file")
    }

    /// The same program in compare: one child per run.
    @Test func compareRunsOneChildPerRun() throws {
        let r = try CLI.run([
            "compare", "--solvers", "lbfgs,bfgs", "--problems", "exec:python3 \(Children.path("rosenbrock.py"))",
            "--x0=-1.2,1",
            "--format", "json", "--jobs", "2",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let rows) = try JSON.parse(r.stdout)["rows"] else { Issue.record("rows"); return }
        #expect(rows.count == 2 && rows.allSatisfy { $0["status"]?.string == "converged-gradient" })
        // Each row is the built-in Rosenbrock's run with that solver (results/solvers.md: 37 and 33).
        let builtIn = try ["lbfgs", "bfgs"].map {
            try json(["run", "--solver", $0, "--problem", "rosenbrock", "--x0=-1.2,1"]).report["iterations"]?.number
        }
        #expect(rows.compactMap { $0["iterations"]?.number } == builtIn.compactMap { $0 } && builtIn == [37, 33])
    }
}
