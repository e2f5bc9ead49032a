import Foundation
import Optim
import Problems
import Testing

/// Least-squares problem files through the CLI: `eval --residuals`, the least-squares solvers,
/// and lm refused with the file and field named when there are fewer residuals than variables.
@Suite struct LeastSquaresFileTests {
    /// r = (x − 1, 2(y + x), xy) at (3, −1), by hand: r = (2, 4, −3), J = [[1, 0], [2, 2], [−1, 3]].
    @Test func evalAnswersTheResidualsAndJacobian() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lsq-\(UUID().uuidString).json").path
        #expect(
            FileManager.default.createFile(
                atPath: path,
                contents: Data(#"{"kind": "expression", "residuals": ["x - 1", "2*(y + x)", "x*y"]}"#.utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CLI.run(["eval", "--problem", path, "--residuals", "--x0", "3,-1"])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        #expect(
            v["r"]?.numbers == [2, 4, -3] && v["f"]?.number == 29 && v["g"]?.numbers == [2 * (2 + 8 + 3), 2 * (8 - 9)])
        guard case .array(let rows)? = v["J"] else { Issue.record("no J in \(r.stdout)"); return }
        #expect(rows.map(\.numbers) == [[1, 0], [2, 2], [-1, 3]])
    }

    @Test func lmIsRefusedWithTheFileAndFieldWhenThereAreFewerResidualsThanVariables() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lsq-\(UUID().uuidString).json").path
        #expect(
            FileManager.default.createFile(
                atPath: path, contents: Data(#"{"kind": "expression", "residuals": ["x*y - 1"]}"#.utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for solver in ["lm", "gauss-newton"] {
            let r = try CLI.run(["run", "--solver", solver, "--problem", path])
            #expect(
                r.status == 2
                    && r.stderr
                        == "optbench: error: \(path): field 'residuals': \(solver) needs at least as many residuals as "
                            + "variables "
                        + "(it factors the m × n Jacobian), but there are m = 1 for n = 2; use lbfgs, bfgs or cg\n",
                "\(r.stderr)")
        }
        let lbfgs = try CLI.run(["run", "--solver", "lbfgs", "--problem", path, "--format", "json"])
        #expect(try JSON.parse(lbfgs.stdout)["status"]?.string == "converged-gradient")
    }

    /// The example file: lm solves it, reporting its Jacobian evaluations.
    /// LM's MINPACK settings other than ftol act on J: given for an mlp (Gauss–Newton
    /// products, no J) they are refused, not ignored; ftol still applies, and J-problems take them.
    @Test func lmSettingsThatNeedTheJacobianAreRefusedOnAnMLP() throws {
        for flag in [["--radius-tol", "1e-6"], ["--cosine-tol", "1e-6"], ["--factor", "10"], ["--scale", "none"]] {
            let r = try CLI.run(
                ["run", "--solver", "lm", "--problem", "problems/mlp-diabetes.json", "--max-iter", "3"] + flag)
            #expect(
                r.status == 2
                    && r.stderr
                        == "optbench: error: \(flag[0]) acts on the residuals' dense Jacobian (an mgh problem or a "
                            + "problem file "
                        + "with \"residuals\"; an mlp has Gauss–Newton products only), which this problem does not "
                            + "have: lm would ignore it here; leave it out\n",
                "\(flag): \(r.stderr)")
        }
        #expect(
            try CLI.run([
                "run", "--solver", "lm", "--problem", "problems/mlp-diabetes.json", "--max-iter", "3",
                "--reduction-tol", "1e-6",
            ]).status != 2)
        #expect(
            try CLI.run([
                "run", "--solver", "lm", "--problem", "mgh/rosenbrock", "--radius-tol", "1e-6", "--scale", "none",
            ]).status == 0)
    }

    @Test func lmRunsOnTheExampleFile() throws {
        let r = try CLI.run(["run", "--solver", "lm", "--problem", "problems/misra1a.json", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        #expect(v["status"]?.string == "converged-gradient")
        #expect(abs((v["f"]?.number ?? 0) - 1.2455138894E-01) <= 0.5e-11)
        #expect((v["jacobian_evaluations"]?.number ?? 0) == (v["iterations"]?.number ?? 0) + 1)
    }

    /// NIST's MGH17 from start 1 with lmder1's tolerances (√ε, gtol 0): every trial is rejected
    /// until the radius is within xtol, so the run ends at x₀ after 0 iterations with
    /// converged-step and exit 0 — as MINPACK does (scipy 1.17.1's least_squares(method='lm') with
    /// the same settings: status 3, xtol, x = x₀, njev 1) — and the detail says no step was taken.
    @Test func lmSaysWhenNoStepWasAccepted() throws {
        let r = try CLI.run([
            "run", "--solver", "lm", "--problem", "problems/nist/mgh17-1.json", "--radius-tol", "1.49012e-8",
            "--reduction-tol", "1.49012e-8", "--cosine-tol", "0", "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        #expect(v["status"]?.string == "converged-step" && v["iterations"]?.number == 0)
        #expect(v["x"]?.numbers == [50, 150, -100, 1, 2])
        #expect(
            v["detail"]?.string?.hasPrefix(
                "no step was accepted, x is x₀ (MINPACK stops here too): every trial was rejected until MINPACK xtol "
                    + "test") == true, "\(v["detail"]?.string ?? "")")
    }

    /// The other commands take the file through f and ∇f: check-grad's verdict, and hessian's
    /// quasi-Newton diagnostics (lbfgs converges from the NIST start).
    @Test func checkGradAndHessianTakeTheFile() throws {
        let check = try CLI.run(["check-grad", "--problem", "problems/misra1a.json"])
        #expect(check.status == 0 && check.stdout.contains("verdict       ok"), "\(check.stdout)")
        let hessian = try CLI.run(["hessian", "--problem", "problems/misra1a.json", "--solver", "lbfgs"])
        #expect(hessian.status == 0 && hessian.stdout.contains("converged-gradient"), "\(hessian.stderr)")
    }
}
