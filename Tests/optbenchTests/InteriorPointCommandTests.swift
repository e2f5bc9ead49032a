import Foundation
import Testing

/// `optbench run --solver ipm` end to end: HS 71 in JSON (status, λ against IPOPT's, the extras),
/// an infeasible pair of constraints (exit 1), and one-line refusals of bad parameters.
@Suite struct InteriorPointCommandTests {
    @Test func hs71InJSON() throws {
        let r = try CLI.run(["run", "--solver", "ipm", "--problem", "hs/hs71", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "converged-kkt")
        let constraints = try #require(json["constraints"] as? [String: Any])
        let lambda = try #require(constraints["multipliers"] as? [Double])
        // IPOPT 3.11's multipliers (Tests/Data/ipopt-hs.json).
        #expect(abs(lambda[0] + 0.5522936602229519) < 1e-5 && abs(lambda[1] - 0.16146856680533403) < 1e-5)
        let extras = try #require(json["extras"] as? [String: Any])
        #expect(extras["hessian"] as? String == "exact")
    }

    @Test func infeasibleExitsOne() throws {
        let r = try CLI.run([
            "run", "--solver", "ipm", "--problem", "expr:x^2+y^2", "--constraint", "x^2+y^2 <= 1", "--constraint",
            "x + y >= 3",
        ])
        #expect(r.status == 1)
        #expect(r.stdout.contains("infeasible"))
    }

    @Test(arguments: [
        (["--mu-decrease", "1"], "invalid value '1' for --mu-decrease: expected a number in (0, 1)"),
        (["--mu-power", "2"], "invalid value '2' for --mu-power: expected a number in (1, 2)"),
        (["--tau-min", "0"], "invalid value '0' for --tau-min: expected a number in (0, 1)"),
        (["--bound-push", "0.5"], "invalid value '0.5' for --bound-push: expected a number in (0, 0.5)"),
        (["--soc", "-1"], "invalid value '-1' for --soc: expected an integer in [0, 100]"),
        (["--hessian", "newton"], "invalid value 'newton' for --hessian: expected one of: auto, exact, bfgs, lbfgs"),
        (["--mu-init", "0"], "invalid value '0' for --mu-init: expected a number > 0"),
        (["--restoration-iterations", "0"], "invalid value '0' for --restoration-iterations: expected an integer ≥ 1"),
    ])
    func refusesBadParameters(_ flag: [String], _ message: String) throws {
        try CLI.expectRefusal(["run", "--solver", "ipm", "--problem", "hs/hs71"] + flag, message)
    }
}
