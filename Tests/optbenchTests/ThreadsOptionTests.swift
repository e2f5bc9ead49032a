import Foundation
import Optim
import Problems
import Testing

/// One BLAS thread unless --threads says otherwise, whatever the environment; the count is
/// recorded with every result.
@Suite struct ThreadsOptionTests {
    /// OPENBLAS_NUM_THREADS=2 and =1 give the same run, to the last bit of every number
    /// (JSON writes each double in its shortest round-trip form).
    @Test(arguments: [("mlp", "lbfgs"), ("mgh/penalty-2", "bfgs")])
    func theEnvironmentNoLongerMatters(_ problem: String, _ solver: String) throws {
        let arguments = ["run", "--solver", solver, "--problem", problem, "--max-iter", "50", "--format", "json"]
        let runs = try ["1", "2"].map {
            try JSON.parse(try CLI.run(arguments, environment: ["OPENBLAS_NUM_THREADS": $0]).stdout)
        }
        #expect(runs[0]["x"]?.numbers?.count == (problem == "mlp" ? 2410 : 10) && runs[0]["iterations"]?.number == 50)
        for key in ["x", "f", "iterations", "f_evaluations"] { #expect(runs[0][key] == runs[1][key], "\(key)") }
        #expect(runs.allSatisfy { $0["blas_threads"]?.number == 1 })
    }

    @Test(.enabled(if: BLASThreads.maximum >= 2))
    func threadsIsTheOptInAndIsRecorded() throws {
        let run = try JSON.parse(
            try CLI.run(["run", "--solver", "bfgs", "--problem", "mgh/penalty-2", "--threads", "2", "--format", "json"])
                .stdout)
        #expect(run["blas_threads"]?.number == 2)
        let text = try CLI.run(["run", "--problem", "rosenbrock", "--threads", "2"]).stdout
        #expect(text.contains("; BLAS threads: 2)\n") && text.contains("(objective "))
        let hessian = try JSON.parse(
            try CLI.run([
                "hessian", "--solver", "bfgs", "--problem", "rosenbrock", "--threads", "2", "--format", "json",
            ]).stdout)
        #expect(hessian["blas_threads"]?.number == 2)
    }

    /// compare: one thread per job by default (no oversubscription), N with --threads N.
    @Test(arguments: [([], 1.0), (["--threads", "2"], 2.0)])
    func compareRecordsTheCountOfEveryRow(_ extra: [String], _ expected: Double) throws {
        guard Int(expected) <= BLASThreads.maximum else { return }
        let r = try CLI.run(
            [
                "compare", "--solvers", "bfgs,lbfgs", "--problems", "mgh/penalty-2,rosenbrock", "--jobs", "2",
                "--format", "json",
            ] + extra)
        guard case .array(let rows) = try #require(try JSON.parse(r.stdout)["rows"]) else {
            Issue.record("no rows"); return
        }
        #expect(rows.count == 4 && rows.allSatisfy { $0["blas_threads"]?.number == expected })
        let csv = try CLI.run(["compare", "--solvers", "bfgs", "--problems", "rosenbrock", "--format", "csv"] + extra)
            .stdout.split(separator: "\n")
        #expect(
            csv[0].hasSuffix(",seconds,objective_seconds,blas_threads,detail") && csv[1].hasSuffix(",\(Int(expected)),")
        )
    }
}
