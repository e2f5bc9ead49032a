import Bench
import Foundation
import Optim
import Problems
import Testing

@Suite struct RunCommandTests {
    /// The live trace reaches a pipe as it is printed, not when the run ends.
    @Test func liveTraceIsFlushedToAPipe() throws {
        let (process, stdout) = try CLI.start([
            "run", "--solver", "gd", "--lr", "1e-6", "--problem", "rosenbrock", "--max-iter", "3000000",
            "--trace-every", "1000000",
        ])
        defer { process.terminate(); process.waitUntilExit() }
        let first = stdout.availableData
        #expect(String(decoding: first, as: UTF8.self).hasPrefix("problem  rosenbrock:n=2"))
        #expect(process.isRunning)
    }

    @Test(arguments: ["rosenbrock", "rosenbrock:n=50", "quadratic:n=30,cond=100", "problems/quadratic-3.json"])
    func runsEachProblemInTextAndJSON(_ problem: String) throws {
        let text = try CLI.run(["run", "--solver", "lbfgs", "--problem", problem])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("status        converged-gradient"))
        #expect(text.stdout.contains("  iter                f        ‖∇f‖∞"))
        #expect(text.stderr.isEmpty)

        let json = try CLI.run([
            "run", "--solver", "lbfgs", "--problem", problem, "--format", "json", "--trace-every", "1",
        ])
        #expect(json.status == 0)
        let v = try JSON.parse(json.stdout)
        #expect(v["status"] == .string("converged-gradient"))
        #expect(v["converged"] == .bool(true))
        let iterations = try #require(v["iterations"]?.number)
        guard case .array(let trace) = v["trace"] else { Issue.record("no trace"); return }
        #expect(trace.count == Int(iterations) + 1)
        #expect(trace.last?["f_evaluations"]?.number == v["f_evaluations"]?.number)
        #expect(try #require(v["gradient_norm"]?.number) <= 1e-6)
        // The reported f is f at the reported x, recomputed here through the library — with
        // OpenBLAS pinned to the run's one thread, so that dsymv sums in the same order.
        let x = try #require(v["x"]?.numbers)
        let reference = try ProblemRegistry.resolve(problem, seed: nil)
        BLASThreads.set(BLASThreads.defaultCount)  // as the CLI does: one BLAS thread, the same rounding
        #expect(reference.objective.value(at: x) == v["f"]?.number)
        #expect(try #require(v["distance_to_minimizer"]?.number) <= 1e-5)
    }

    @Test func csvHasOneRowPerRecordedIteration() throws {
        let r = try CLI.run(["run", "--problem", "rosenbrock", "--format", "csv", "--trace-every", "1"])
        let lines = r.stdout.split(separator: "\n")
        #expect(
            lines.first
                == "iteration,f,gradient_norm,step,f_evaluations,gradient_evaluations,seconds,blas_threads,status")
        #expect(lines.count == 1 + 38)  // iterations 0…37 (as scipy's L-BFGS-B: 37 iterations)
        // No step at iteration 0 (empty, not 0); the status on the last row only. f(x₀) = 24.2 as
        // the MGH transcription computes it (Tests/Data/mgh-start-values.csv), ‖∇f(x₀)‖∞ = 215.6.
        #expect(
            lines[1].hasPrefix("0,24.199999999999996,215.6,,1,1,")
                && lines[1].hasSuffix(","))
        #expect(
            lines.last?.hasSuffix(",converged-gradient") == true
                && lines.dropFirst().dropLast().allSatisfy { $0.hasSuffix(",") })
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

    /// Every solver that takes a line search, with every line search but the fixed step (on a
    /// problem with residuals for the least-squares solvers).
    @Test func everySolverAndLineSearchRuns() throws {
        for solver in SolverDescriptor.all where solver.takesLineSearch {
            let problem = solver.requires.contains(.residuals) ? "mgh/linear-full-rank" : "quadratic:n=10,cond=10"
            for search in LineSearchDescriptor.all
            where !search.isFixedStep
                && Set(search.requires).isSubset(of: solver.requires.contains(.residuals) ? [] : [.quadratic])
            {
                let r = try CLI.run([
                    "run", "--solver", solver.name, "--line-search", search.name, "--problem", problem,
                    "--format", "json",
                ])
                #expect(r.status == 0, "\(solver.name) + \(search.name): \(r.stderr)")
            }
        }
    }

    @Test(arguments: [
        (
            ["run", "--solver", "newton2", "--problem", "rosenbrock"],
            "invalid value 'newton2' for --solver: expected one of: \(SolverCatalog.solverNames)"
        ),
        (
            ["run", "--line-search", "golden", "--problem", "rosenbrock"],
            "invalid value 'golden' for --line-search: expected one of: \(SolverCatalog.lineSearchNames)"
        ),
        (
            ["run", "--line-search", "exact", "--problem", "rosenbrock"],
            "the exact line search needs a quadratic objective (quadratic:… or a quadratic problem file); use "
                + "more-thuente, strong-wolfe, hager-zhang or backtracking"
        ),
        (
            ["run", "--solver", "linear-cg", "--problem", "rosenbrock"],
            "linear-cg needs a quadratic objective (quadratic:… or a quadratic problem file); for other objectives use "
                + "lbfgs, bfgs or cg"
        ),
        (
            ["run", "--solver", "bfgs", "--problem", "rosenbrock:n=6000"],
            "bfgs works with dense n × n matrices; n = 6000 is above its limit 5000; use lbfgs"
        ),
        (
            ["run", "--solver", "lm", "--problem", "rosenbrock"],
            "lm needs an objective with residuals: their Jacobian or Gauss–Newton products (an mgh problem, a problem "
                + "file with \"residuals\", an mlp with the identity head); for other objectives use lbfgs, bfgs or cg"
        ),
        (
            ["run", "--solver", "gauss-newton", "--problem", "quadratic:n=3"],
            "gauss-newton needs an objective with residuals: their Jacobian or Gauss–Newton products (an mgh problem, "
                + "a problem file with \"residuals\", an mlp with the identity head); for other objectives use lbfgs, "
                    + "bfgs or cg"
        ),
        (
            ["run", "--solver", "lm", "--problem", "mgh/extended-rosenbrock:n=6000"],
            "lm works with dense n × n matrices; n = 6000 is above its limit 5000; use lbfgs"
        ),
        (
            ["run", "--solver", "lm", "--problem", "mgh/rosenbrock", "--factor", "0"],
            "invalid value '0' for --factor: expected a number > 0"
        ),
        (
            ["run", "--solver", "sr1", "--problem", "rosenbrock:n=6000"],
            "sr1 works with dense n × n matrices; n = 6000 is above its limit 5000; use lbfgs"
        ),
        (
            ["run", "--solver", "sr1", "--problem", "rosenbrock", "--b0", "0"],
            "invalid value '0' for --b0: expected a number > 0"
        ),
        (
            ["run", "--solver", "sr1", "--problem", "rosenbrock", "--subproblem", "dogleg"],
            "invalid value 'dogleg' for --subproblem: expected one of: exact, steihaug"
        ),
        (
            ["run", "--solver", "lbfgs", "--problem", "rosenbrock:n=10000000", "--memory", "200"],
            "lbfgs would store 30.1 GiB, above its limit of 16 GiB; lower --memory"
        ),
        (["run", "--solver", "momentum", "--problem", "rosenbrock"], "momentum needs --lr (learning rate η)"),
        (
            ["run", "--solver", "nag", "--lr", "0.001", "--line-search", "more-thuente", "--problem", "rosenbrock"],
            "invalid value 'more-thuente' for --line-search: nag takes no line search: it takes fixed steps of size "
                + "--lr"
        ),
        (
            ["run", "--solver", "linear-cg", "--line-search", "exact", "--problem", "quadratic"],
            "invalid value 'exact' for --line-search: linear-cg takes no line search: it computes its exact step itself"
        ),
        (
            ["run", "--solver", "bb", "--line-search", "strong-wolfe", "--problem", "rosenbrock"],
            "invalid value 'strong-wolfe' for --line-search: bb takes no line search: it runs Raydan's nonmonotone "
                + "search itself"
        ),
        (
            ["run", "--solver", "gd", "--lr", "0.01", "--line-search", "more-thuente", "--problem", "rosenbrock"],
            "--lr does not apply to gd with the line search more-thuente; it applies to momentum, nag, adam, adamw, "
                + "rmsprop, adagrad, adadelta, nadam, mini-batch training with gd and the line search none"
        ),
        // The adaptive family's parameters, each refused with its range.
        (
            ["run", "--solver", "adam", "--beta1", "1", "--problem", "rosenbrock"],
            "invalid value '1' for --beta1: expected a number in [0, 1)"
        ),
        (
            ["run", "--solver", "nadam", "--beta2", "-0.1", "--problem", "rosenbrock"],
            "invalid value '-0.1' for --beta2: expected a number in [0, 1)"
        ),
        (
            ["run", "--solver", "adam", "--eps", "0", "--problem", "rosenbrock"],
            "invalid value '0' for --eps: expected a number > 0"
        ),
        (
            ["run", "--solver", "adamw", "--weight-decay", "-1", "--problem", "rosenbrock"],
            "invalid value '-1' for --weight-decay: expected a number ≥ 0"
        ),
        (
            ["run", "--solver", "rmsprop", "--alpha", "1", "--problem", "rosenbrock"],
            "invalid value '1' for --alpha: expected a number in [0, 1)"
        ),
        (
            ["run", "--solver", "rmsprop", "--momentum", "1", "--problem", "rosenbrock"],
            "invalid value '1' for --momentum: expected a number in [0, 1)"
        ),
        (
            ["run", "--solver", "adadelta", "--rho", "1.5", "--problem", "rosenbrock"],
            "invalid value '1.5' for --rho: expected a number in [0, 1)"
        ),
        (
            ["run", "--solver", "adagrad", "--lr", "0", "--problem", "rosenbrock"],
            "invalid value '0' for --lr: expected a number > 0"
        ),
        (
            ["run", "--solver", "rmsprop", "--amsgrad", "--problem", "rosenbrock"],
            "--amsgrad does not apply to rmsprop; it applies to adam and adamw"
        ),
        (
            ["run", "--solver", "adam", "--centered", "--problem", "rosenbrock"],
            "--centered does not apply to adam; it applies to rmsprop"
        ),
        (
            ["run", "--solver", "adam", "--amsgrad=1", "--problem", "rosenbrock"],
            "invalid value '1' for --amsgrad: expected no value (a switch)"
        ),
        (
            ["run", "--solver", "adam", "--line-search", "none", "--problem", "rosenbrock"],
            "invalid value 'none' for --line-search: adam takes no line search: it scales its steps by --lr itself"
        ),
        // Schedules and clipping, shared by every fixed-step method.
        (
            ["run", "--solver", "momentum", "--lr", "0.1", "--decay", "0", "--problem", "rosenbrock"],
            "invalid value '0' for --decay: expected a number in (0, 1]"
        ),
        (
            ["run", "--solver", "adam", "--schedule", "linear", "--problem", "rosenbrock"],
            "invalid value 'linear' for --schedule: expected one of: constant, step, exponential, inverse-time, cosine"
        ),
        (
            ["run", "--solver", "adam", "--decay-every", "0", "--problem", "rosenbrock"],
            "invalid value '0' for --decay-every: expected an integer ≥ 1"
        ),
        (
            ["run", "--solver", "adam", "--warmup", "-1", "--problem", "rosenbrock"],
            "invalid value '-1' for --warmup: expected an integer ≥ 0"
        ),
        (
            ["run", "--solver", "adam", "--clip", "0", "--problem", "rosenbrock"],
            "invalid value '0' for --clip: expected a number > 0"
        ),
        (
            ["run", "--solver", "gd", "--lr", "0.1", "--clip", "nan", "--problem", "rosenbrock"],
            "invalid value 'nan' for --clip: expected a number > 0"
        ),
        (
            ["run", "--solver", "gd", "--line-search", "none", "--problem", "rosenbrock"],
            "the line search none needs --lr (learning rate η)"
        ),
        (
            ["run", "--solver", "lbfgs", "--line-search", "none", "--problem", "rosenbrock"],
            "invalid value 'none' for --line-search: lbfgs needs a line search: more-thuente, strong-wolfe, "
                + "hager-zhang, backtracking or exact"
        ),
        (
            ["run", "--solver", "cg", "--beta", "xx", "--problem", "rosenbrock"],
            "invalid value 'xx' for --beta: expected one of: fr, pr, pr+, hs, dy, hz"
        ),
        (
            ["run", "--solver", "lbfgs", "--beta", "fr", "--problem", "rosenbrock"],
            "--beta does not apply to lbfgs; it applies to cg"
        ),
        (
            ["run", "--solver", "momentum", "--lr", "0.01", "--momentum", "1", "--problem", "rosenbrock"],
            "invalid value '1' for --momentum: expected a number in [0, 1)"
        ),
        (
            ["run", "--solver", "bfgs", "--h0", "latest", "--problem", "rosenbrock"],
            "invalid value 'latest' for --h0: expected one of: first-bb, first, identity"
        ),
        (
            ["run", "--solver", "linear-cg", "--preconditioner", "ilu", "--problem", "quadratic"],
            "invalid value 'ilu' for --preconditioner: expected one of: none, jacobi"
        ),
        (
            ["run", "--solver", "bb", "--step", "bb3", "--problem", "rosenbrock"],
            "invalid value 'bb3' for --step: expected one of: bb1, bb2"
        ),
        (
            ["run", "--solver", "bb", "--nonmonotone", "-1", "--problem", "rosenbrock"],
            "invalid value '-1' for --nonmonotone: expected an integer in [0, 1000]"
        ),
        (
            ["run", "--problem", "nosuch"],
            "--problem: unknown problem 'nosuch'; expected one of: mlp, quadratic, rosenbrock, mgh/NAME (35 problems: "
                + "optbench list), cutest/NAME (47 problems: optbench list), or a path to a .json problem file"
        ),
        (
            ["run", "--problem", "rosenbrock:n=1"],
            "--problem: problem 'rosenbrock': n=1 is invalid; expected an integer in [2, 10000000]"
        ),
        (
            ["run", "--problem", "quadratic:cond=0.5"],
            "--problem: problem 'quadratic': cond=0.5 is invalid; expected a number in [1, 1e+16]"
        ),
        (
            ["run", "--problem", "rosenbrock", "--memory", "0"],
            "invalid value '0' for --memory: expected an integer in [1, 2000]"
        ),
        (
            ["run", "--problem", "rosenbrock", "--memory", "-1"],
            "invalid value '-1' for --memory: expected an integer in [1, 2000]"
        ),
        (
            ["run", "--problem", "rosenbrock", "--memory", "2.5"],
            "invalid value '2.5' for --memory: expected an integer in [1, 2000]"
        ),
        (["run", "--problem", "rosenbrock", "--memory"], "--memory needs a value: an integer in [1, 2000]"),
        (["run", "--problem", "rosenbrock", "--memory", "3", "--memory=4"], "--memory is given more than once"),
        (
            ["run", "--solver", "gd", "--problem", "rosenbrock", "--memory", "5"],
            "--memory does not apply to gd; it applies to lbfgs, lbfgsb and owlqn"
        ),
        (["run", "--problem", "rosenbrock", "--gtoll", "1e-3"], "unknown parameter --gtoll (see 'optbench list')"),
        (["run", "--problem", "rosenbrock", "stray"], "unexpected argument 'stray'"),
        (["run", "--problem", "rosenbrock", "--gtol", "--max-iter", "5"], "--gtol needs a value: a number ≥ 0"),
        (
            ["run", "--solver", "cg", "--problem", "rosenbrock", "--c1", "0.1"],
            "invalid value '0.1' for --c1: expected c1 < c2 < 1, with c2 at its default 0.1"
        ),
        (
            ["run", "--solver", "gd", "--lr", "0.001", "--initial-step", "hager-zhang", "--problem", "rosenbrock"],
            "--initial-step does not apply with the line search none: it chooses the step itself"
        ),
        (["run", "--problem", "rosenbrock", "--=3"], "a parameter without a name"),
        (["run", "--problem", "rosenbrock", "--gtol", "inf"], "invalid value 'inf' for --gtol: expected a number ≥ 0"),
        (["run", "--problem", "rosenbrock", "--gtol=-1"], "invalid value '-1' for --gtol: expected a number ≥ 0"),
        (["run", "--problem", "rosenbrock", "--gtol", "-1"], "invalid value '-1' for --gtol: expected a number ≥ 0"),
        (["run", "--problem", "rosenbrock", "--gtol", "nan"], "invalid value 'nan' for --gtol: expected a number ≥ 0"),
        (
            ["run", "--problem", "rosenbrock", "--max-iter=-2"],
            "invalid value '-2' for --max-iter: expected an integer ≥ 0"
        ),
        (
            ["run", "--problem", "rosenbrock", "--time-limit", "0"],
            "invalid value '0' for --time-limit: expected a number > 0"
        ),
        (
            ["run", "--problem", "rosenbrock", "--trace-every", "-1"],
            "invalid value '-1' for --trace-every: expected an integer ≥ 0"
        ),
        (
            ["run", "--problem", "rosenbrock", "--c1", "0.95"],
            "invalid value '0.95' for --c1: expected a number in (0, 0.5)"
        ),
        (
            ["run", "--problem", "rosenbrock", "--c2", "1.5"],
            "invalid value '1.5' for --c2: expected a number in (0, 1)"
        ),
        (
            ["run", "--problem", "rosenbrock", "--c1", "0.4", "--c2", "0.3"],
            "invalid value '0.3' for --c2: expected c1 < c2 < 1"
        ),
        (
            ["run", "--problem", "rosenbrock", "--line-search", "hager-zhang", "--c1", "0.3", "--c2", "0.2"],
            "invalid value '0.2' for --c2: expected c1 ≤ c2 < 1 (δ ≤ σ)"
        ),
        (
            ["run", "--line-search", "backtracking", "--problem", "rosenbrock", "--c2", "0.5"],
            "--c2 does not apply to lbfgs with the line search backtracking; it applies to the line searches "
                + "more-thuente, strong-wolfe and hager-zhang"
        ),
        (["run", "--problem", "/nonexistent/p.json"], "--problem: /nonexistent/p.json: no such file"),
        (
            ["run", "--problem", "rosenbrock", "--output", "/nonexistent/dir/out.json"],
            "--output /nonexistent/dir/out.json: folder /nonexistent/dir does not exist"
        ),
        (["eval", "--problem", "rosenbrock", "--at", "/nonexistent/x.json"], "--at /nonexistent/x.json: no such file"),
        // Sizes estimated before anything is allocated: 2·10⁵ × (4096 + 1) data, copies and
        // A, H, G over 4096 + 10000 units, 4 × 4097 × 14096 parameters (8 bytes each).
        (
            ["run", "--problem", "mlp:samples=200000,features=4096,hidden=4096,classes=10000"],
            "--problem: mlp:samples=200000,features=4096,hidden=4096,classes=10000,seed=1 needs about 121.2 GB (data "
                + "6.6 GB + standardized copies 45.1 GB + activations 67.7 GB + parameters 1.8 GB); "
                + MemoryEstimate.machineDescription
        ),
        (
            ["run", "--problem", "rosenbrock", "--threads", "0"],
            "invalid value '0' for --threads: expected an integer in [1, \(BLASThreads.maximum)] (the number of "
                + "processors)"
        ),
        (
            ["compare", "--solvers", "bfgs", "--problems", "rosenbrock", "--threads", "100000"],
            "invalid value '100000' for --threads: expected an integer in [1, \(BLASThreads.maximum)] (the number of "
                + "processors)"
        ),
        (
            ["eval", "--problem", "rosenbrock", "--threads", "-1"],
            "invalid value '-1' for --threads: expected an integer in [1, \(BLASThreads.maximum)] (the number of "
                + "processors)"
        ),
    ])
    func badInputGivesOneLineAndExitTwo(_ arguments: [String], _ message: String) throws {
        try CLI.expectRefusal(arguments, message)
    }

    @Test(arguments: [
        ["run", "--problem", "rosenbrock", "--format", "xml"], ["run"],
        ["run", "--problem", "rosenbrock", "--max-iter", "many"], ["frobnicate"],
    ])
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
            (
                "type.json", "{\"kind\":\"quadratic\",\"Q\":[[2]],\"b\":\"one\"}",
                "field 'b': must be an array of numbers, not a string"
            ),
            (
                "dims.json", "{\"kind\":\"quadratic\",\"Q\":[[2,0],[0,2]],\"b\":[1]}",
                "field 'b': must have 2 elements (the size of Q), got 1"
            ),
            (
                "spd.json", "{\"kind\":\"quadratic\",\"Q\":[[-1]],\"b\":[1]}",
                "field 'Q': Q must be positive definite (LAPACKE dpotrf: leading minor of order 1 is not)"
            ),
        ]
        // 100 samples of 2 features and a class in 0…2, under networks that cannot fit:
        // A, H, G of 3·100·(10⁸ + 3) and 4·2.4·10⁹ parameters; 4·2 500 350 003 parameters.
        let rows = (0..<100).map { "\($0),\(2 * $0),\($0 % 3)" }
        FileManager.default.createFile(
            atPath: dir.appendingPathComponent("tiny.csv").path,
            contents: Data((["a,b,label"] + rows).joined(separator: "\n").utf8))
        func network(_ layers: String) -> String {
            "{\"kind\":\"mlp\",\"dataset\":\"tiny.csv\",\"target\":\"label\",\"layers\":\(layers),"
                + "\"activation\":\"tanh\",\"head\":\"softmax\"}"
        }
        let memory = [
            (
                "wide.json", network("[2, 100000000, 3]"),
                "field 'layers': the network on 100 samples needs about 259.2 GB (data 2.4 kB + standardized copies "
                    + "8.0 kB + activations 240.0 GB + parameters 19.2 GB); "
            ),
            (
                "deep.json", network("[2, 50000, 50000, 3]"),
                "field 'layers': the network on 100 samples needs about 80.3 GB (data 2.4 kB + standardized copies 8.0 "
                    + "kB + activations 240.0 MB + parameters 80.0 GB); "
            ),
        ].map { ($0.0, $0.1, $0.2 + MemoryEstimate.machineDescription) }
        for (name, content, message) in cases + memory {
            let path = dir.appendingPathComponent(name).path
            FileManager.default.createFile(atPath: path, contents: Data(content.utf8))
            let r = try CLI.run(["run", "--problem", path])
            #expect(r.status == 2)
            #expect(r.stderr == "optbench: error: --problem: \(path): \(message)\n")
        }
    }
}

@Suite struct TrainingCommandTests {
    @Test func trainsByEpochsAndExitsZero() throws {
        let r = try CLI.run([
            "run", "--solver", "momentum", "--lr", "0.05", "--problem", "mlp", "--epochs", "3", "--batch-size", "64",
            "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        #expect(v["status"] == .string("epochs-completed") && v["iterations"]?.number == 3)
        #expect(try #require(v["metrics"]?["test_accuracy"]?.number) > 0.9)
        #expect(v["metrics"]?["parameters"]?.number == 2410)
    }

    /// A mini-batch run's JSON names every setting it ran with, defaults included, as a
    /// minimization's names its solver's parameters: η and γ, then the schedule.
    @Test func jsonOptionsHoldTheRateAndTheSchedule() throws {
        let r = try CLI.run([
            "run", "--solver", "nag", "--lr", "0.05", "--problem", "mlp", "--epochs", "1", "--batch-size", "64",
            "--dropout-keep", "0.8", "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        #expect(
            v["options"]
                == .object([
                    "lr": .number(0.05), "momentum": .number(0.9), "epochs": .number(1), "batch-size": .number(64),
                    "decay": .number(1), "decay-every": .number(1), "warmup": .number(0), "dropout-keep": .number(0.8),
                ]))
        #expect(v["line_search"] == .null && v["line_search_options"] == .null)
        let sgd = try JSON.parse(
            try CLI.run([
                "run", "--solver", "gd", "--lr", "0.1", "--problem", "mlp", "--epochs", "1", "--format", "json",
            ]).stdout)
        #expect(
            sgd["options"]
                == .object([
                    "lr": .number(0.1), "epochs": .number(1), "batch-size": .number(32), "decay": .number(1),
                    "decay-every": .number(1), "warmup": .number(0),
                ]))
    }

    /// `--repeat 3 --seed 4`: the runs with seeds 4, 5, 6, each the run `--seed k` gives alone,
    /// and their mean, sample standard deviation and range, per epoch too.
    @Test func repeatRunsTheSeedsInTurnAndSummarizesThem() throws {
        let base = [
            "run", "--solver", "adam", "--lr", "0.01", "--problem", "problems/mlp-cancer.json", "--epochs", "2",
            "--format", "json",
        ]
        let r = try CLI.run(base + ["--repeat", "3", "--seed", "4"])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        #expect(v["seeds"]?.numbers == [4, 5, 6])
        var losses: [Double] = [], accuracies: [Double] = [], finalEpoch: [Double] = []
        for seed in 4...6 {
            let single = try JSON.parse(try CLI.run(base + ["--seed", String(seed)]).stdout)
            losses.append(try #require(single["f"]?.number))
            accuracies.append(try #require(single["metrics"]?["test_accuracy"]?.number))
            guard case .array(let trace) = try #require(single["trace"]) else { Issue.record("no trace"); return }
            finalEpoch.append(try #require(trace[2]["f"]?.number))
        }
        guard case .array(let runs) = try #require(v["runs"]) else { Issue.record("no runs"); return }
        #expect(runs.map { $0["f"]?.number } == losses.map { $0 })
        let mean = losses.reduce(0, +) / 3
        let sd = (losses.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
        #expect(abs(try #require(v["summary"]?["f"]?["mean"]?.number) - mean) <= 1e-15)
        #expect(abs(try #require(v["summary"]?["f"]?["sd"]?.number) - sd) <= 1e-15)
        #expect(
            v["summary"]?["test_accuracy"]?["min"]?.number == accuracies.min()
                && v["summary"]?["test_accuracy"]?["max"]?.number == accuracies.max())
        guard case .array(let trace) = try #require(v["trace"]) else { Issue.record("no trace"); return }
        #expect(trace.count == 3 && trace[2]["f"]?["max"]?.number == finalEpoch.max())
        let text = try CLI.run(Array(base.dropLast(2)) + ["--repeat", "2"])
        #expect(text.status == 0 && text.stdout.contains("over 2 runs (seeds 1–2): mean ± sd [min, max]"))
    }

    /// f = −x is unbounded below (issue 30): the line search follows it to its largest step
    /// α_max = 1e20·α₀ (α₀ = 1/|f'| = 1), the run ends `unbounded` there with its own f, exit 1.
    /// The same for x³ from −1 with every solver that follows a Wolfe search, and for the methods
    /// that follow an accepted step's ray (`UnboundedRay`: bb, lbfgsb, the trust-region methods).
    @Test(arguments: [
        ("expr:-x", "0", "lbfgs"), ("expr:-x", "0", "bfgs"), ("expr:x^3", "-1", "cg"),
        ("expr:x^3", "-1", "bfgs"), ("expr:-x", "0", "bb"), ("expr:-x", "0", "lbfgsb"),
        ("expr:-x", "0", "newton-cg-tr"), ("expr:x^3", "-1", "sr1"), ("expr:x^3", "-1", "trust-exact"),
    ])
    func anUnboundedFunctionEndsUnbounded(_ problem: String, _ x0: String, _ solver: String) throws {
        let r = try CLI.run(["run", "--problem", problem, "--x0", x0, "--solver", solver, "--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        #expect(v["status"]?.string == "unbounded")
        let x = try #require(v["x"]?.numbers?.first)
        let f = try #require(v["f"]?.number)
        #expect(f == (problem == "expr:-x" ? -x : x * x * x))
        #expect(f <= -1e20)
        #expect(v["detail"]?.string?.contains("unbounded below") == true)
        let text = try CLI.run(["run", "--problem", problem, "--x0", x0, "--solver", solver])
        #expect(text.status == 1 && text.stdout.contains("unbounded — failed: f appears unbounded below"))
    }

    /// η = 10³ ends epoch 1 far above 4·f(θ₀); η = 10¹⁰ overflows within it. Either way θ₀ is
    /// returned, with its own f (the trace's first row) and the accuracies measured there.
    @Test(arguments: [("1e3", "diverged"), ("1e10", "non-finite")])
    func aDivergingRunReturnsTheLastAcceptedIterate(_ rate: String, _ status: String) throws {
        let r = try CLI.run([
            "run", "--solver", "gd", "--lr", rate, "--problem", "mlp", "--epochs", "3", "--batch-size", "64",
            "--format", "json",
        ])
        #expect(r.status == 1, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        let start = try JSON.parse(try CLI.run(["eval", "--problem", "mlp", "--start"]).stdout)
        #expect(v["status"]?.string == status && v["iterations"]?.number == 0)
        #expect(v["x"]?.numbers == start["x0"]?.numbers)
        guard case .array(let trace) = try #require(v["trace"]) else { Issue.record("no trace"); return }
        #expect(v["f"]?.number == trace[0]["f"]?.number)
        let atStart = try JSON.parse(
            try CLI.run([
                "run", "--solver", "gd", "--lr", "0.1", "--problem", "mlp", "--max-iter", "0", "--format", "json",
            ]).stdout)
        #expect(v["metrics"]?["test_accuracy"]?.number == atStart["metrics"]?["test_accuracy"]?.number)
    }

    @Test(arguments: [
        (
            ["run", "--solver", "lbfgs", "--problem", "mlp", "--epochs", "2"],
            "--epochs/--batch-size train by mini-batches with gd, momentum, nag, adam, adamw, rmsprop, adagrad, "
                + "adadelta or nadam, not 'lbfgs'"
        ),
        (
            ["run", "--solver", "gd", "--problem", "mlp", "--epochs", "2"],
            "mini-batch training with gd needs --lr (learning rate η)"
        ),
        (
            ["run", "--solver", "gd", "--lr", "0.1", "--problem", "rosenbrock", "--epochs", "2"],
            "--problem rosenbrock:n=2 is not a mean over samples; mini-batch training needs an mlp problem"
        ),
        (
            [
                "run", "--solver", "gd", "--lr", "0.1", "--problem", "quadratic", "--epochs", "2", "--dropout-keep",
                "0.5",
            ],
            "--problem quadratic:n=50,cond=1000,seed=1 is not a mean over samples; mini-batch training needs an mlp "
                + "problem"
        ),
        (
            ["run", "--solver", "lbfgs", "--problem", "mlp", "--dropout-keep", "0.5"],
            "--dropout-keep applies to mini-batch training: add --epochs"
        ),
        (
            ["run", "--solver", "gd", "--problem", "mlp", "--decay", "0.5"],
            "the line search none needs --lr (learning rate η)"
        ),
        (
            ["run", "--solver", "adam", "--problem", "mlp", "--epochs", "2", "--repeat", "0"],
            "invalid value '0' for --repeat: expected an integer in [1, 1000] (see 'optbench --help')"
        ),
        (
            ["run", "--solver", "adam", "--problem", "mlp", "--epochs", "2", "--repeat", "2", "--format", "csv"],
            "--repeat reports text or json; --format csv is the trace of a single run (see 'optbench --help')"
        ),
        (
            ["run", "--problem", "pipe", "--repeat", "2"],
            "--repeat cannot rerun --problem pipe (the caller answers one run) (see 'optbench --help')"
        ),
        (
            ["run", "--solver", "adam", "--problem", "mlp", "--epochs", "2", "--beta2", "1"],
            "invalid value '1' for --beta2: expected a number in [0, 1)"
        ),
        (
            ["run", "--solver", "rmsprop", "--problem", "mlp", "--epochs", "2", "--rho", "0.5"],
            "--rho does not apply to mini-batch training with rmsprop; it applies to adadelta"
        ),
        (
            ["run", "--solver", "gd", "--lr", "0.1", "--problem", "mlp", "--epochs", "2", "--dropout-keep", "1.5"],
            "invalid value '1.5' for --dropout-keep: expected a number in (0, 1]"
        ),
        (
            ["run", "--solver", "gd", "--lr", "0.1", "--problem", "mlp", "--epochs", "0"],
            "invalid value '0' for --epochs: expected an integer ≥ 1"
        ),
        (
            ["run", "--solver", "gd", "--lr", "0.1", "--problem", "mlp", "--batch-size", "0"],
            "invalid value '0' for --batch-size: expected an integer ≥ 1"
        ),
        (
            [
                "run", "--solver", "gd", "--lr", "0.1", "--problem", "mlp", "--epochs", "2", "--line-search",
                "backtracking",
            ],
            "invalid value 'backtracking' for --line-search: mini-batch training takes no line search: it takes fixed "
                + "steps of size --lr"
        ),
        // Flags that mini-batch training does not use are refused, not silently ignored.
        (
            ["run", "--solver", "gd", "--lr", "0.1", "--problem", "mlp", "--epochs", "2", "--gtol", "1e-3"],
            "--gtol does not apply to mini-batch training: it runs for --epochs epochs (of the stopping rules only "
                + "--time-limit applies)"
        ),
        (
            ["run", "--solver", "gd", "--lr", "0.1", "--problem", "mlp", "--epochs", "2", "--max-iter", "5"],
            "--max-iter does not apply to mini-batch training: it runs for --epochs epochs (of the stopping rules only "
                + "--time-limit applies)"
        ),
        (
            ["run", "--solver", "gd", "--lr", "0.1", "--problem", "mlp", "--epochs", "2", "--memory", "3"],
            "--memory does not apply to mini-batch training with gd; it applies to lbfgs, lbfgsb and owlqn"
        ),
        (
            ["run", "--solver", "nag", "--lr", "0.1", "--problem", "mlp", "--epochs", "2", "--beta", "fr"],
            "--beta does not apply to mini-batch training with nag; it applies to cg"
        ),
        (
            [
                "run", "--solver", "momentum", "--lr", "0.1", "--problem", "mlp", "--epochs", "2", "--preconditioner",
                "jacobi",
            ], "--preconditioner does not apply to mini-batch training with momentum; it applies to linear-cg"
        ),
        (
            [
                "run", "--solver", "gd", "--lr", "0.1", "--problem", "mlp", "--epochs", "2", "--initial-step",
                "hager-zhang",
            ], "--initial-step does not apply to mini-batch training with gd; it applies to cg and gd"
        ),
    ])
    func refusals(_ arguments: [String], _ message: String) throws {
        try CLI.expectRefusal(arguments, message)
    }
}

@Suite struct FormulaCommandTests {
    @Test func exprFormulaRunsFromX0AndNamesItsVariables() throws {
        let r = try CLI.run([
            "run", "--solver", "bfgs", "--problem", "expr:(1-x)^2 + 100*(y-x^2)^2", "--x0=-1.2,1", "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        // The same iterations and evaluations as the built-in Rosenbrock (results/solvers.md: 34, 44).
        let builtIn = try JSON.parse(
            try CLI.run(["run", "--solver", "bfgs", "--problem", "rosenbrock", "--x0=-1.2,1", "--format", "json"])
                .stdout)
        for key in ["iterations", "f_evaluations"] {
            #expect(v[key]?.number == builtIn[key]?.number && builtIn[key]?.number != nil, "\(key)")
        }
        #expect(v["variables"] == .array([.string("x"), .string("y")]))
        let text = try CLI.run(["run", "--problem", "expr:(a-1)^2 + (b+2)^2"])
        #expect(
            text.status == 0 && text.stdout.contains("variables     a, b")
                && text.stdout.contains("x             [1, -2]"))
        // Newton on the automatic-differentiation Hessian: the built-in's 22 iterations.
        let newton = try JSON.parse(
            try CLI.run([
                "run", "--solver", "newton", "--problem", "expr:(1-x)^2 + 100*(y-x^2)^2", "--x0", "-1.2,1",
                "--format", "json",
            ]).stdout)
        #expect(newton["iterations"]?.number == 22 && newton["hessian_evaluations"]?.number == 22)
    }

    @Test func expressionProblemFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("rosenbrock.json").path
        let file = """
            {"kind": "expression", "name": "chained Rosenbrock", "f": "sum(i=1..n-1, a*(x[i+1]-x[i]^2)^2 + (1-x[i])^2)",
             "dimension": 100, "parameters": {"a": 100}, "x0": {"repeat": [-1.2, 1]}, "minimum": 0, "minimizer": 1}
            """
        FileManager.default.createFile(atPath: path, contents: Data(file.utf8))
        let formula = try JSON.parse(
            try CLI.run(["run", "--problem", path, "--format", "json", "--max-iter", "5000"]).stdout)
        let builtIn = try JSON.parse(
            try CLI.run(["run", "--problem", "rosenbrock:n=100", "--format", "json", "--max-iter", "5000"]).stdout)
        #expect(formula["status"] == .string("converged-gradient") && formula["f_minimum"]?.number == 0)
        #expect(try #require(formula["distance_to_minimizer"]?.number) <= 1e-6)
        #expect(abs(try #require(formula["f"]?.number)) <= 1e-10 && builtIn["status"] == formula["status"])
    }

    @Test(arguments: [
        (
            ["run", "--problem", "expr:(1-x)^2 + 100*pow(y-x^2, 2"],
            "--problem: expr: column 27: expected ')' after the arguments of pow, found the end of the formula"
        ),
        (["run", "--problem", "expr:exp(x, y)"], "--problem: expr: column 1: exp takes 1 argument, not 2"),
        (
            ["run", "--problem", "expr:foo(x)"],
            "--problem: expr: column 1: unknown function 'foo'; functions: abs, acos, asin, atan, cos, cosh, exp, "
                + "expm1, log, log1p, max, min, pow, prod, sigmoid, sin, sinh, sqrt, sum, tan, tanh"
        ),
        (["run", "--problem", "expr:2 + 3"], "--problem: expr: the formula has no variables"),
        (
            ["run", "--problem", "expr:x^2 + y^2", "--x0", "1,2,3"],
            "--x0: 3 numbers, expected 2 (the dimension of expr:x^2 + y^2)"
        ),
        (
            ["run", "--problem", "expr:x^2 + y^2", "--x0", "1,two"],
            "--x0: element 2, 'two', is not a finite number (expected numbers separated by commas, or a JSON file)"
        ),
        (
            ["run", "--problem", "rosenbrock", "--x0", "1"],
            "--x0: 1 numbers, expected 2 (the dimension of rosenbrock:n=2)"
        ),
        (
            ["eval", "--problem", "quadratic:n=2", "--jvp", "1,1"],
            "--jvp: quadratic:n=2,cond=1000,seed=1 has no forward-mode derivatives (formulas and mgh problems have "
                + "them)"
        ),
        (["eval", "--problem", "expr:x*y", "--hvp", "1"], "--hvp has 1 numbers, expected 2 (the problem's dimension)"),
        (
            ["eval", "--problem", "expr:x*y", "--stdin", "--jvp", "1,1"],
            "--jvp works with --at or the start, not with --stdin or --start"
        ),
    ])
    func refusals(_ arguments: [String], _ message: String) throws {
        try CLI.expectRefusal(arguments, message)
    }

    @Test func badExpressionFilesNameTheFieldAndColumn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases = [
            (
                #"{"kind":"expression","f":"sum(i=1..n, x[i-1]^2)","dimension":5}"#,
                "field 'f': column 13: index 0 is outside 1…5 in x[i - 1] for i = 1"
            ),
            (
                #"{"kind":"expression","f":"sum(i=1..n/2, x[2*i]^2)","dimension":5}"#,
                "field 'f': column 11: 5/2 is not an integer (bounds and indices must be integers)"
            ),
            (
                #"{"kind":"expression","f":"x[1] + z","dimension":2}"#,
                "field 'f': column 8: unknown name 'z'; variables: x[1…n], n; constants: e, pi; functions: abs, acos, "
                    + "asin, atan, cos, cosh, exp, expm1, log, log1p, max, min, pow, prod, sigmoid, sin, sinh, sqrt, "
                    + "sum, tan, tanh"
            ),
            (
                #"{"kind":"expression","f":"x[1]^2","dimension":2.5}"#,
                "field 'dimension': must be an integer in [1, 10000000], got 2.5"
            ),
            (
                #"{"kind":"expression","f":"x[1]^2","dimension":2,"x0":[1,2,3]}"#,
                "field 'x0': has 3 numbers, expected 2 (the dimension)"
            ),
            (
                #"{"kind":"expression","f":"x[1]^2","dimension":2,"x0":{"cycle":[1]}}"#,
                "field 'x0': must be an array of 2 numbers, one number for all, or {\"repeat\": [numbers]}"
            ),
            (
                #"{"kind":"expression","f":"a*x^2","parameters":{"a":"big"}}"#,
                "field 'parameters': a is a string, expected a number"
            ),
            (
                #"{"kind":"expression","f":"x^2","parameters":{"exp":1}}"#,
                "field 'parameters': 'exp' cannot name a parameter (a name of letters, digits and _, not x, n, e, pi "
                    + "or a function)"
            ),
            (
                #"{"kind":"expression","f":"x^2","dims":2}"#,
                "field 'dims': unknown field; expected: kind, name, description, f, residuals, dimension, parameters, "
                    + "x0, minimum, minimizer, constraints, lower, upper"
            ),
        ]
        for (i, (content, message)) in cases.enumerated() {
            let path = dir.appendingPathComponent("p\(i).json").path
            FileManager.default.createFile(atPath: path, contents: Data(content.utf8))
            try CLI.expectRefusal(["run", "--problem", path], "--problem: \(path): \(message)")
        }
    }

    @Test func aFormulaNotFiniteAtTheStartStopsWithThatStatus() throws {
        let r = try CLI.run(["run", "--problem", "expr:log(x) + y^2", "--format", "json"])
        #expect(r.status == 1)
        #expect(try JSON.parse(r.stdout)["status"] == .string("non-finite"))
    }
}
