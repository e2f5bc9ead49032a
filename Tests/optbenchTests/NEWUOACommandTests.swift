import Foundation
import Testing

/// `optbench run --solver newuoa` and `compare --solvers newuoa:…`: f only, its flags from its
/// parameter table, its refusals in the command line's words (bounds: the bounded methods, bobyqa
/// among them).
@Suite struct NEWUOACommandTests {
    @Test func runsOnFAloneAndSaysWhyItStopped() throws {
        let r = try CLI.run(["run", "--solver", "newuoa", "--problem", "mgh/rosenbrock", "--rhobeg", "0.5",
                             "--rhoend", "1e-8", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "converged-step")
        #expect((json["detail"] as? String)?.hasPrefix("ρ reached rhoend = 1e-8") == true)
        #expect(json["gradient_evaluations"] as? Int == 0 && json["gradient_norm"] is NSNull)
        let x = try #require(json["x"] as? [Double])
        #expect(x.allSatisfy { abs($0 - 1) <= 1e-6 })
    }

    @Test func maxfevIsNeverExceeded() throws {
        let r = try CLI.run(["run", "--solver", "newuoa", "--problem", "rosenbrock", "--maxfev", "25", "--format",
                             "json"])
        #expect(r.status == 1, "\(r.stderr)")  // ran, did not converge
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "evaluation-limit" && json["f_evaluations"] as? Int == 25)
    }

    @Test func refusals() throws {
        let run = ["run", "--solver", "newuoa", "--problem", "rosenbrock"]
        try CLI.expectRefusal(run + ["--rhoend", "nan"], "invalid value 'nan' for --rhoend: expected a number > 0")
        try CLI.expectRefusal(run + ["--maxfev", "0"], "invalid value '0' for --maxfev: expected an integer ≥ 1")
        try CLI.expectRefusal(
            run + ["--points", "3"],
            "newuoa's points = 3 is out of range for n = 2: expected n + 2 = 4 ≤ points ≤ (n+1)(n+2)/2 = 6")
        try CLI.expectRefusal(
            run + ["--bounds", "-2:0.5"],
            "newuoa does not take bounds; for a problem with bounds (--bounds, a problem file's lower/upper) use "
                + "lbfgsb, nelder-mead, powell, bobyqa, cmaes, auglag, sqp or ipm")
    }
}
