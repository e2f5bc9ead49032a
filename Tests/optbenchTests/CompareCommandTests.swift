import Bench
import Foundation
import Optim
import Problems
import Testing

@Suite struct CompareCommandTests {
    @Test func everyFormat() throws {
        let base = ["compare", "--solvers", "lbfgs,cg:beta=hz", "--problems", "mgh/rosenbrock,mgh/beale", "--jobs", "2"]
        let text = try CLI.run(base)
        #expect(
            text.status == 0 && text.stdout.contains("lbfgs")
                && text.stdout.contains(
                    "solved: converged and, where f* is known, f(x₀) − f ≥ (1 − τ)(f(x₀) − f*) (Moré & Wild 2009)"
                        + " and, where f* ≠ 0, f − f* ≤ τ|f*|, with τ = 1e-5"))
        let json = try JSON.parse(try CLI.run(base + ["--format", "json"]).stdout)
        guard case .array(let rows) = json["rows"] else { Issue.record("no rows"); return }
        #expect(rows.count == 4 && json["commonly_solved"]?.number == 2)
        let csv = try CLI.run(base + ["--format", "csv"]).stdout.split(separator: "\n")
        #expect(csv.count == 5 && csv[0] == Substring(ComparisonReport.csvHeader))
        let markdown = try CLI.run(base + ["--format", "markdown"]).stdout
        #expect(markdown.hasPrefix("| problem | n | solver |"))
    }

    /// A formula given whole (commas and all) runs beside its built-in twin, evaluation for evaluation.
    @Test func formulaBesideItsBuiltInTwin() throws {
        let formula = "expr:(1-x)^2 + 100*(y-x^2)^2 + 0*max(x, y)"
        let r = try CLI.run(["compare", "--solvers", "bfgs", "--problems", "rosenbrock", "--problems", formula,
                             "--x0=-1.2,1", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let rows) = try JSON.parse(r.stdout)["rows"], rows.count == 2 else {
            Issue.record("rows"); return
        }
        #expect(rows[1]["problem"]?.string == formula)
        for key in ["iterations", "f_evaluations", "gradient_evaluations"] {
            #expect(rows[0][key]?.number == rows[1][key]?.number && rows[0][key]?.number != nil, "\(key)")
        }
    }

    /// RFC 4180: a problem or solver with commas (or quotes) is quoted, quotes doubled.
    @Test func csvQuotesFieldsWithCommas() throws {
        let r = try CLI.run([
            "compare", "--solvers", "lbfgs,cg:beta=hz,line-search=hager-zhang", "--problems",
            "mgh/linear-full-rank:n=5,m=10",
            "--format", "csv",
        ])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("\"mgh/linear-full-rank:n=5,m=10\",5,lbfgs,"))
        #expect(lines[2].hasPrefix("\"mgh/linear-full-rank:n=5,m=10\",5,\"cg:beta=hz,line-search=hager-zhang\","))
        #expect(ComparisonReport.csvField("a\"b,c") == "\"a\"\"b,c\"")
    }

    /// The first Ctrl-C stops the run in flight at its next iteration (its row says so, in the
    /// CSV too), no further run starts, the finished rows are written; exit 130.
    @Test func ctrlCStopsTheRunsInProgressAndKeepsTheRows() throws {
        let (process, stdout) = try CLI.start([
            "compare", "--solvers", "gd", "--problems", "mgh/beale,rosenbrock:n=200000,mgh/wood",
            "--max-iter", "100000000", "--jobs", "1", "--format", "csv",
        ])
        // Conditions, not a clock: the Ctrl-C handler is registered, and the command has done
        // a second of work (Beale's run takes 0.05 s of it), so the large Rosenbrock is running.
        let watchdog = CLI.watchdog(process)
        let pid = process.processIdentifier
        #expect(
            CLI.wait(seconds: 240) { (CLI.catchesInterrupt(pid) && CLI.cpuSeconds(pid) >= 1) || !process.isRunning })
        process.interrupt()
        let data = stdout.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        #expect(process.terminationReason == .exit, "killed by signal \(process.terminationStatus)")
        #expect(process.terminationStatus == 130)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(lines.first == Substring(ComparisonReport.csvHeader))
        // gd stops by itself on Beale (in 0.05 s) and runs on the large Rosenbrock until the
        // Ctrl-C; nothing starts after it.
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.last?.contains(",gd,interrupted,false,") == true, "\(lines.last ?? "")")
        #expect(lines.dropFirst().dropLast().allSatisfy { !$0.contains("interrupted") })
    }

    @Test(arguments: [
        (
            ["compare", "--solvers", "lbfgs", "--problems", "mgh", "--jobs", "0"],
            "invalid value '0' for --jobs: expected an integer ≥ 1"
        ),
        (
            ["compare", "--solvers", "lbfgs", "--problems", "mgh", "--tau", "1"],
            "invalid value '1.0' for --tau: expected a number in (0, 1), e.g. 1e-5"
        ),
        (
            ["compare", "--solvers", "lbfgs,newton2", "--problems", "mgh"],
            "--solvers 'newton2': invalid value 'newton2' for solver: expected one of: \(SolverCatalog.solverNames)"
        ),
        (
            ["compare", "--solvers", ":", "--problems", "mgh"],
            "--solvers ':': invalid value '' for solver: expected one of: \(SolverCatalog.solverNames)"
        ),
        (
            ["compare", "--solvers", "lbfgs:beta=fr", "--problems", "mgh"],
            "--solvers 'lbfgs:beta=fr': beta does not apply to lbfgs; it applies to cg"
        ),
        (
            ["compare", "--solvers", "cg:beta=xx", "--problems", "mgh"],
            "--solvers 'cg:beta=xx': invalid value 'xx' for beta: expected one of: fr, pr, pr+, hs, dy, hz"
        ),
        (["compare", "--solvers", "nag", "--problems", "mgh"], "--solvers 'nag': nag needs lr (learning rate η)"),
        (
            ["compare", "--solvers", "lbfgs", "--problems", "mgh", "--memory", "5"],
            "--memory is a solver parameter: give it after a solver, e.g. --solvers lbfgs:memory=…"
        ),
        (
            ["compare", "--solvers", "lbfgs", "--problems", "mgh", "--lr", "5"],
            "--lr is a solver parameter: give it after a solver, e.g. --solvers gd:lr=…"
        ),
        (
            ["compare", "--solvers", "bb", "--problems", "mgh", "--line-search", "bogus"],
            "invalid value 'bogus' for --line-search: expected one of: \(SolverCatalog.lineSearchNames)"
        ),
        (
            ["compare", "--solvers", "lbfgs,lbfgs", "--problems", "mgh"],
            "--solvers 'lbfgs': lbfgs is given more than once"
        ),
        (
            ["compare", "--solvers", "lbfgs", "--problems", "mgh", "--epochs", "5"],
            "--epochs applies to mini-batch training, which compare does not do"
        ),
        (
            ["compare", "--solvers", "lbfgs", "--problems", "mgh", "--gtol", "-1"],
            "invalid value '-1' for --gtol: expected a number ≥ 0"
        ),
        (
            ["compare", "--solvers", "lbfgs", "--problems", "mgh", "--jobs", "-1"],
            "invalid value '-1' for --jobs: expected an integer ≥ 1"
        ),
        (
            ["compare", "--solvers", "lbfgs", "--problems", "mgh/zz*"],
            "--problems: unknown problem 'mgh/zz*'; expected one of: mlp, quadratic, rosenbrock, mgh/NAME (35 "
                + "problems: optbench list), cutest/NAME (47 problems: optbench list), or a path to a .json problem "
                    + "file"
        ),
        (
            ["compare", "--solvers", "lbfgs", "--problems", "mgh", "--profile", "/tmp/p.gif"],
            "--profile /tmp/p.gif: expected a file name ending in .svg, .png or .pdf"
        ),
    ])
    func refusals(_ arguments: [String], _ message: String) throws {
        try CLI.expectRefusal(arguments, message)
    }
}
