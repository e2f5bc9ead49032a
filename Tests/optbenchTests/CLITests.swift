import Foundation
import Optim
import Problems
import Testing

/// Runs the built `optbench` binary.
struct CLI {
    static let binary: URL = {
        // The test bundle sits in the build folder beside the executable.
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("optbench")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return repositoryRoot.appendingPathComponent(".build/debug/optbench")
    }()

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Bad input: exit status 2, exactly one line `optbench: error: <message>` on stderr, and
    /// nothing on stdout.
    static func expectRefusal(_ arguments: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try run(arguments)
        #expect(r.status == 2, sourceLocation: sourceLocation)
        #expect(r.stderr == "optbench: error: \(message)\n", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    static func run(_ arguments: [String], input: String? = nil) throws -> Output {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
        try inp.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

extension JSONValue {
    subscript(_ key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }
    var number: Double? { if case .number(let d) = self { return d } else { return nil } }
    var numbers: [Double]? {
        guard case .array(let items) = self else { return nil }
        return items.compactMap(\.number)
    }
}

@Suite struct RunCommandTests {
    @Test(arguments: ["rosenbrock", "rosenbrock:n=50", "quadratic:n=30,cond=100", "problems/quadratic-3.json"])
    func runsEachProblemInTextAndJSON(_ problem: String) throws {
        let text = try CLI.run(["run", "--solver", "lbfgs", "--problem", problem])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("status        converged-gradient"))
        #expect(text.stdout.contains("  iter                f        ‖∇f‖∞"))
        #expect(text.stderr.isEmpty)

        let json = try CLI.run(["run", "--solver", "lbfgs", "--problem", problem, "--format", "json", "--trace-every", "1"])
        #expect(json.status == 0)
        let v = try JSON.parse(json.stdout)
        #expect(v["status"] == .string("converged-gradient"))
        #expect(v["converged"] == .bool(true))
        let iterations = try #require(v["iterations"]?.number)
        guard case .array(let trace) = v["trace"] else { Issue.record("no trace"); return }
        #expect(trace.count == Int(iterations) + 1)
        #expect(trace.last?["f_evaluations"]?.number == v["f_evaluations"]?.number)
        #expect(try #require(v["gradient_norm"]?.number) <= 1e-6)
        // The reported f is f at the reported x, recomputed here through the library.
        let x = try #require(v["x"]?.numbers)
        let reference = try ProblemRegistry.resolve(problem, seed: nil)
        #expect(reference.objective.value(at: x) == v["f"]?.number)
        #expect(try #require(v["distance_to_minimizer"]?.number) <= 1e-5)
    }

    @Test func csvHasOneRowPerRecordedIteration() throws {
        let r = try CLI.run(["run", "--problem", "rosenbrock", "--format", "csv", "--trace-every", "1"])
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "iteration,f,gradient_norm,step,f_evaluations,gradient_evaluations,seconds")
        #expect(lines.count == 1 + 38)   // iterations 0…37 (as scipy's L-BFGS-B: 37 iterations)
        #expect(lines[1].hasPrefix("0,\(Rosenbrock(dimension: 2).value(at: [-1.2, 1])),215.6,"))
    }

    @Test func exitStatusOneWhenNotConverged() throws {
        let r = try CLI.run(["run", "--problem", "rosenbrock", "--max-iter", "3"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("iteration-limit"))
    }

    @Test func outputIsWrittenToTheFileAndNothingElse() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("result.json").path
        let r = try CLI.run(["run", "--problem", "rosenbrock", "--format", "json", "--output", path])
        #expect(r.status == 0 && r.stdout.isEmpty)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try JSON.parse(written)["status"] == .string("converged-gradient"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["result.json"])
    }

    @Test func everySolverAndLineSearchRuns() throws {
        for solver in ["lbfgs", "bfgs", "cg", "newton", "gd"] {
            for search in ["more-thuente", "strong-wolfe", "hager-zhang", "backtracking", "exact"] {
                let r = try CLI.run(["run", "--solver", solver, "--line-search", search, "--problem", "quadratic:n=10,cond=10", "--format", "json"])
                #expect(r.status == 0, "\(solver) + \(search): \(r.stderr)")
            }
        }
    }

    @Test(arguments: [
        (["run", "--solver", "newton2", "--problem", "rosenbrock"], "invalid value 'newton2' for --solver: expected one of: lbfgs, bfgs, cg, linear-cg, newton, gd, momentum, nag"),
        (["run", "--line-search", "golden", "--problem", "rosenbrock"], "invalid value 'golden' for --line-search: expected one of: more-thuente, strong-wolfe, hager-zhang, backtracking, exact, none"),
        (["run", "--line-search", "exact", "--problem", "rosenbrock"], "the exact line search needs a quadratic objective (quadratic:… or a quadratic problem file); use more-thuente, strong-wolfe, hager-zhang or backtracking"),
        (["run", "--solver", "linear-cg", "--problem", "rosenbrock"], "linear-cg solves quadratics only (quadratic:… or a quadratic problem file); for other objectives use cg, lbfgs or bfgs"),
        (["run", "--solver", "bfgs", "--problem", "rosenbrock:n=6000"], "bfgs stores an n × n matrix; n = 6000 is above its limit 5000; use lbfgs"),
        (["run", "--solver", "momentum", "--problem", "rosenbrock"], "invalid value 'none' for --lr: expected a learning rate: momentum needs --lr"),
        (["run", "--solver", "nag", "--lr", "0.001", "--line-search", "more-thuente", "--problem", "rosenbrock"], "invalid value 'more-thuente' for --line-search: expected no line search: nag takes fixed steps of size --lr"),
        (["run", "--solver", "linear-cg", "--line-search", "exact", "--problem", "quadratic"], "invalid value 'exact' for --line-search: expected no line search: linear-cg computes its exact step itself"),
        (["run", "--solver", "gd", "--lr", "0.01", "--line-search", "more-thuente", "--problem", "rosenbrock"], "invalid value '0.01' for --lr: expected no value with --line-search more-thuente (--lr is a fixed step)"),
        (["run", "--solver", "gd", "--line-search", "none", "--problem", "rosenbrock"], "invalid value 'none' for --line-search: expected a fixed step needs --lr"),
        (["run", "--solver", "lbfgs", "--line-search", "none", "--problem", "rosenbrock"], "invalid value 'none' for --line-search: expected a line search for lbfgs: more-thuente, strong-wolfe, hager-zhang, backtracking, exact"),
        (["run", "--solver", "cg", "--beta", "xx", "--problem", "rosenbrock"], "invalid value 'xx' for --beta: expected one of: fr, pr, pr+, hs, dy, hz"),
        (["run", "--solver", "lbfgs", "--beta", "fr", "--problem", "rosenbrock"], "invalid value 'fr' for --beta: expected no value for lbfgs: it applies to cg"),
        (["run", "--solver", "momentum", "--lr", "0.01", "--momentum", "1", "--problem", "rosenbrock"], "invalid value '1.0' for --momentum: expected 0 ≤ γ < 1"),
        (["run", "--solver", "bfgs", "--h0", "latest", "--problem", "rosenbrock"], "invalid value 'latest' for --h0: expected first or identity (BFGS keeps its H₀)"),
        (["run", "--solver", "linear-cg", "--preconditioner", "ilu", "--problem", "quadratic"], "invalid value 'ilu' for --preconditioner: expected none or jacobi"),
        (["run", "--problem", "nosuch"], "--problem: unknown problem 'nosuch'; expected one of: mlp, quadratic, rosenbrock, mgh/NAME (35 problems: optbench list), or a path to a .json problem file"),
        (["run", "--problem", "rosenbrock:n=1"], "--problem: problem 'rosenbrock': n=1 is invalid; expected an integer in [2, 10000000]"),
        (["run", "--problem", "quadratic:cond=0.5"], "--problem: problem 'quadratic': cond=0.5 is invalid; expected a number in [1, 1e+16]"),
        (["run", "--problem", "rosenbrock", "--memory", "0"], "invalid value '0' for --memory: expected an integer in [1, 2000]"),
        (["run", "--solver", "gd", "--problem", "rosenbrock", "--memory", "5"], "invalid value '5' for --memory: expected no value for gd: it applies to lbfgs"),
        (["run", "--problem", "rosenbrock", "--gtol", "0"], "invalid value '0.0' for --gtol: expected a number > 0"),
        (["run", "--problem", "rosenbrock", "--gtol=-1"], "invalid value '-1.0' for --gtol: expected a finite number ≥ 0"),
        (["run", "--problem", "rosenbrock", "--max-iter=-2"], "invalid value '-2' for --max-iter: expected an integer ≥ 0"),
        (["run", "--problem", "rosenbrock", "--time-limit", "0"], "invalid value '0.0' for --time-limit: expected a number of seconds > 0"),
        (["run", "--problem", "rosenbrock", "--c1", "0.95"], "invalid value '0.95' for --c1: expected 0 < c1 < 0.5"),
        (["run", "--problem", "rosenbrock", "--c2", "1.5"], "invalid value '1.5' for --c2: expected c1 < c2 < 1"),
        (["run", "--line-search", "backtracking", "--problem", "rosenbrock", "--c2", "0.5"], "invalid value '0.5' for --c2: expected no value: the backtracking line search has no curvature condition"),
        (["run", "--problem", "/nonexistent/p.json"], "--problem: /nonexistent/p.json: no such file"),
        (["run", "--problem", "rosenbrock", "--output", "/nonexistent/dir/out.json"], "--output /nonexistent/dir/out.json: directory /nonexistent/dir does not exist"),
        (["eval", "--problem", "rosenbrock", "--at", "/nonexistent/x.json"], "--at /nonexistent/x.json: no such file or not readable"),
    ])
    func badInputGivesOneLineAndExitTwo(_ arguments: [String], _ message: String) throws {
        try CLI.expectRefusal(arguments, message)
    }

    @Test(arguments: [["run", "--problem", "rosenbrock", "--format", "xml"], ["run"], ["run", "--problem", "rosenbrock", "--max-iter", "many"], ["frobnicate"]])
    func argumentParserErrorsAlsoExitTwoOnOneLine(_ arguments: [String]) throws {
        let r = try CLI.run(arguments)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("optbench: error: "))
        #expect(r.stderr.filter { $0 == "\n" }.count == 1, "\(r.stderr)")
    }

    @Test func badProblemFilesNameTheFileAndField() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases = [
            ("notjson.json", "{kind: quadratic}", "is not valid JSON (expected a string key in object at byte 1)"),
            ("type.json", "{\"kind\":\"quadratic\",\"Q\":[[2]],\"b\":\"one\"}", "field 'b': must be an array of numbers, not a string"),
            ("dims.json", "{\"kind\":\"quadratic\",\"Q\":[[2,0],[0,2]],\"b\":[1]}", "field 'b': must have 2 elements (the size of Q), got 1"),
            ("spd.json", "{\"kind\":\"quadratic\",\"Q\":[[-1]],\"b\":[1]}", "field 'Q': Q must be positive definite (LAPACKE dpotrf: leading minor of order 1 is not)"),
        ]
        for (name, content, message) in cases {
            let path = dir.appendingPathComponent(name).path
            FileManager.default.createFile(atPath: path, contents: Data(content.utf8))
            let r = try CLI.run(["run", "--problem", path])
            #expect(r.status == 2)
            #expect(r.stderr == "optbench: error: --problem: \(path): \(message)\n")
        }
    }

    @Test func listShowsSolversLineSearchesAndProblems() throws {
        let r = try CLI.run(["list"])
        #expect(r.status == 0)
        for word in ["lbfgs", "gd", "more-thuente", "hager-zhang", "backtracking", "rosenbrock", "quadratic", "--memory 10", "cond=1000", "n=2"] {
            #expect(r.stdout.contains(word), "missing \(word)")
        }
    }
}

@Suite struct EvalCommandTests {
    @Test func stdinRoundTripsThroughTheLibrary() throws {
        let points: [[Double]] = [[-1.2, 1], [0, 0], [1, 1], [0.5, -3e-7]]
        let input = points.map { "[" + $0.map { "\($0)" }.joined(separator: ",") + "]" }.joined(separator: "\n") + "\n"
        let r = try CLI.run(["eval", "--problem", "rosenbrock", "--stdin"], input: input)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == points.count)
        let f = Rosenbrock(dimension: 2)
        for (line, x) in zip(lines, points) {
            let v = try JSON.parse(String(line))
            let (value, gradient) = f.evaluate(at: x)
            #expect(v["f"]?.number == value)        // shortest round-trip digits: bit-exact
            #expect(v["g"]?.numbers == gradient)
        }
    }

    @Test func stdinAnswersEachLineBeforeTheNextArrives() throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["eval", "--problem", "quadratic:n=3,cond=10", "--stdin"]
        let out = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardInput = inp
        try process.run()
        for k in 0..<3 {
            inp.fileHandleForWriting.write(Data("[\(k), 1, 2]\n".utf8))
            var received = Data()
            while !received.contains(UInt8(ascii: "\n")) { received.append(out.fileHandleForReading.availableData) }
            #expect(String(decoding: received, as: UTF8.self).hasPrefix("{\"f\":"))
        }
        try inp.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func atFileAndDefaultStart() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("x-\(UUID().uuidString).json").path
        FileManager.default.createFile(atPath: path, contents: Data("[1, 1, 1]".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CLI.run(["eval", "--problem", "rosenbrock:n=3", "--at", path])
        #expect(r.stdout == "{\"f\":0,\"g\":[0,0,0]}\n")
        let start = try CLI.run(["eval", "--problem", "rosenbrock"])
        #expect(try JSON.parse(start.stdout)["f"]?.number == Rosenbrock(dimension: 2).value(at: [-1.2, 1]))
    }

    @Test func badLinesStopTheFilterWithTheLineNumber() throws {
        let r = try CLI.run(["eval", "--problem", "rosenbrock", "--stdin"], input: "[0,0]\n\n[1,\"a\"]\n[1,1]\n")
        #expect(r.status == 2)
        #expect(r.stdout.split(separator: "\n").count == 1)
        #expect(r.stderr == "optbench: error: stdin line 3: element 1 is a string, expected a number, expected a JSON array of 2 numbers\n")
        let wrong = try CLI.run(["eval", "--problem", "rosenbrock", "--stdin"], input: "[1,2,3]\n")
        #expect(wrong.stderr == "optbench: error: stdin line 1: 3 numbers, expected 2 (the problem's dimension)\n")
    }
}

@Suite struct HessianCommandTests {
    @Test func jsonRowsAndPlot() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plot = dir.appendingPathComponent("h.svg").path
        let r = try CLI.run(["hessian", "--solver", "bfgs", "--problem", "rosenbrock", "--every", "5", "--format", "json", "--plot", plot])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        guard case .array(let rows) = v["rows"] else { Issue.record("no rows"); return }
        let iterations = rows.compactMap { $0["iteration"]?.number }
        #expect(iterations.first == 0 && iterations.dropLast().allSatisfy { Int($0) % 5 == 0 })
        #expect(iterations.last == v["iterations"]?.number)
        #expect(rows.last?["relative_error"]?.number.map { $0 < 0.1 } == true)
        #expect(try String(contentsOfFile: plot, encoding: .utf8).hasPrefix("<svg"))
    }

    @Test(arguments: [
        (["hessian", "--solver", "cg", "--problem", "rosenbrock"], "hessian diagnostics need a quasi-Newton solver: bfgs or lbfgs, not 'cg'"),
        (["hessian", "--problem", "rosenbrock:n=3000"], "hessian diagnostics work densely: n = 3000 is above the limit 2000"),
        (["hessian", "--problem", "rosenbrock", "--every", "0"], "invalid value '0' for --every: expected an integer ≥ 1"),
        (["hessian", "--problem", "rosenbrock", "--plot", "/tmp/h.png"], "--plot /tmp/h.png: expected a file name ending in .svg"),
    ])
    func refusals(_ arguments: [String], _ message: String) throws {
        try CLI.expectRefusal(arguments, message)
    }
}

@Suite struct StochasticCommandTests {
    @Test func trainsByEpochsAndExitsZero() throws {
        let r = try CLI.run(["run", "--solver", "momentum", "--lr", "0.05", "--problem", "mlp", "--epochs", "3", "--batch-size", "64", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        #expect(v["status"] == .string("epochs-completed") && v["iterations"]?.number == 3)
        #expect(try #require(v["metrics"]?["test_accuracy"]?.number) > 0.9)
        #expect(v["metrics"]?["parameters"]?.number == 2410)
    }

    @Test(arguments: [
        (["run", "--solver", "lbfgs", "--problem", "mlp", "--epochs", "2"], "--epochs/--batch-size train by mini-batches with gd, momentum or nag, not 'lbfgs'"),
        (["run", "--solver", "gd", "--problem", "mlp", "--epochs", "2"], "mini-batch training needs a learning rate: add --lr"),
        (["run", "--solver", "gd", "--lr", "0.1", "--problem", "rosenbrock", "--epochs", "2"], "--problem rosenbrock:n=2 is not a mean over samples; mini-batch training needs an mlp problem"),
        (["run", "--solver", "lbfgs", "--problem", "mlp", "--dropout-keep", "0.5"], "--dropout-keep applies to mini-batch training: add --epochs"),
        (["run", "--solver", "gd", "--lr", "0.1", "--problem", "mlp", "--epochs", "2", "--dropout-keep", "1.5"], "invalid value '1.5' for --dropout-keep: expected 0 < p ≤ 1"),
        (["run", "--solver", "gd", "--lr", "0.1", "--problem", "mlp", "--epochs", "0"], "invalid value '0' for --epochs: expected an integer ≥ 1"),
    ])
    func refusals(_ arguments: [String], _ message: String) throws {
        try CLI.expectRefusal(arguments, message)
    }
}

@Suite struct CompareCommandTests {
    @Test func everyFormat() throws {
        let base = ["compare", "--solvers", "lbfgs,cg:beta=hz", "--problems", "mgh/rosenbrock,mgh/beale", "--jobs", "2"]
        let text = try CLI.run(base)
        #expect(text.status == 0 && text.stdout.contains("lbfgs") && text.stdout.contains("solved: converged and f − f* ≤ 1e-5"))
        let json = try JSON.parse(try CLI.run(base + ["--format", "json"]).stdout)
        guard case .array(let rows) = json["rows"] else { Issue.record("no rows"); return }
        #expect(rows.count == 4 && json["commonly_solved"]?.number == 2)
        let csv = try CLI.run(base + ["--format", "csv"]).stdout.split(separator: "\n")
        #expect(csv.count == 5 && csv[0].hasPrefix("problem,n,solver,status,solved"))
        let markdown = try CLI.run(base + ["--format", "markdown"]).stdout
        #expect(markdown.hasPrefix("| problem | n | solver |"))
    }

    @Test func ctrlCStopsAfterTheRunsInProgressAndKeepsTheRows() throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["compare", "--solvers", "gd", "--problems", "mgh", "--max-iter", "100000", "--jobs", "1", "--format", "csv"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        Thread.sleep(forTimeInterval: 1.0)
        process.interrupt()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(lines.first?.hasPrefix("problem,") == true)
        #expect(lines.count > 1 && lines.count < 36, "\(lines.count) lines")
    }

    @Test(arguments: [
        (["compare", "--solvers", "lbfgs", "--problems", "mgh", "--jobs", "0"], "invalid value '0' for --jobs: expected an integer ≥ 1"),
        (["compare", "--solvers", "lbfgs,newton2", "--problems", "mgh"], "invalid value 'newton2' for --solver: expected one of: lbfgs, bfgs, cg, linear-cg, newton, gd, momentum, nag"),
        (["compare", "--solvers", "lbfgs", "--problems", "mgh/zz*"], "--problems: unknown problem 'mgh/zz*'; expected one of: mlp, quadratic, rosenbrock, mgh/NAME (35 problems: optbench list), or a path to a .json problem file"),
        (["compare", "--solvers", "lbfgs", "--problems", "mgh", "--profile", "/tmp/p.png"], "--profile /tmp/p.png: expected a file name ending in .svg"),
    ])
    func refusals(_ arguments: [String], _ message: String) throws {
        try CLI.expectRefusal(arguments, message)
    }
}
