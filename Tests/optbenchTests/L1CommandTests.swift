import Foundation
import Testing
import Bench

/// `--l1 λ`: OWL-QN from run and compare, its report, and its refusals.
@Suite struct L1CommandTests {
    /// ½(x₁ − 3)² + ½(x₂ − 0.2)² + ½(x₃ + 2)² + ‖x‖₁: soft-thresholding gives x = (2, 0, −1),
    /// f = 1.02, λ‖x‖₁ = 3.
    static let separable = [
        "--problem", "expr:0.5*(x1-3)^2 + 0.5*(x2-0.2)^2 + 0.5*(x3+2)^2", "--x0", "1,1,1", "--l1", "1",
    ]

    @Test func reportsTheTermsAndTheExactZeros() throws {
        let text = try CLI.run(["run", "--solver", "owlqn"] + Self.separable)
        #expect(text.status == 0, "\(text.stderr)")
        for line in [
            "status        converged-subgradient — converged: minimum-norm subgradient of f + λ‖x‖₁ below tolerance",
            "F             4.020000000000e+00  (f + λ‖x‖₁)", "f             1.020000000000e+00",
            "λ‖x‖₁         3.000000000000e+00  (λ = 1)", "zeros         1 of 3 coordinates are exactly 0",
            "x             [2, 0, -1]",
        ] {
            #expect(text.stdout.contains(line), "\(line)\n\(text.stdout)")
        }
        let json = try CLI.run(["run", "--solver", "owlqn", "--format", "json"] + Self.separable)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        // F's terms are OWL-QN's extras; no top-level l1 or active_set in any run's JSON.
        #expect(object["l1"] == nil && object["active_set"] == nil)
        let extras = try #require(object["extras"] as? [String: Any])
        #expect(Array(extras.keys) == ["l1"])
        let l1 = try #require(extras["l1"] as? [String: Any])
        #expect(l1["lambda"] as? Double == 1 && l1["zeros"] as? Int == 1)
        #expect(
            abs((l1["F"] as? Double ?? 0) - 4.02) <= 1e-12 && abs((l1["f"] as? Double ?? 0) - 1.02) <= 1e-12
                && l1["penalty"] as? Double == 3)
        #expect(object["status"] as? String == "converged-subgradient")
    }

    @Test func lbfgsWithL1IsOWLQN() throws {
        let owlqn = try CLI.run(["run", "--solver", "owlqn", "--format", "json"] + Self.separable)
        let lbfgs = try CLI.run(["run", "--solver", "lbfgs", "--format", "json"] + Self.separable)
        let strip = { (s: String) in
            s.replacingOccurrences(of: #""(objective_)?seconds":[0-9.e-]+"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #""date":"[^"]*""#, with: "", options: .regularExpression)
        }
        #expect(lbfgs.status == 0 && strip(lbfgs.stdout) == strip(owlqn.stdout))
    }

    @Test func compareAppliesL1ToEverySolver() throws {
        let r = try CLI.run([
            "compare", "--solvers", "lbfgs,owlqn:l1=2", "--problems", "rosenbrock", "--l1", "0.5", "--format", "csv",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 2 && rows.allSatisfy { $0.contains("converged-subgradient") })
        // --l1 0.5 on lbfgs (run as owlqn), owlqn keeps its own λ = 2: different objectives.
        let single = try CLI.run([
            "run", "--solver", "owlqn", "--l1", "0.5", "--problem", "rosenbrock", "--format", "json",
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(single.stdout.utf8)) as? [String: Any])
        let iterations = try #require(object["iterations"] as? Int)
        #expect(rows.first?.contains(",\(iterations),") == true, "\(rows.first ?? "")")
    }

    @Test(arguments: [
        (
            ["run", "--solver", "bfgs", "--l1", "1", "--problem", "rosenbrock"],
            "--l1 does not apply to bfgs; it applies to owlqn"
        ),
        (
            ["run", "--solver", "owlqn", "--l1", "-1", "--problem", "rosenbrock"],
            "invalid value '-1' for --l1: expected a number ≥ 0"
        ),
        (
            ["run", "--solver", "lbfgs", "--l1", "inf", "--problem", "rosenbrock"],
            "invalid value 'inf' for --l1: expected a number ≥ 0"
        ),
        (
            ["run", "--solver", "owlqn", "--l1", "nan", "--problem", "rosenbrock"],
            "invalid value 'nan' for --l1: expected a number ≥ 0"
        ),
        (["run", "--solver", "owlqn", "--problem", "rosenbrock"], "owlqn needs --l1 (λ, the weight of ‖x‖₁)"),
        (
            ["run", "--solver", "owlqn", "--l1", "1", "--line-search", "strong-wolfe", "--problem", "rosenbrock"],
            "invalid value 'strong-wolfe' for --line-search: owlqn takes no line search: it backtracks along the "
                + "orthant-projected path itself"
        ),
        (
            ["compare", "--solvers", "lbfgs,cg", "--problems", "rosenbrock", "--l1", "1"],
            "--solvers 'cg': l1 does not apply to cg; it applies to owlqn"
        ),
    ])
    func refusals(_ arguments: [String], _ message: String) throws {
        try CLI.expectRefusal(arguments, message)
    }
}
