import Foundation
import Testing

/// `optbench run --solver bobyqa` and `compare --solvers bobyqa:…`: f only, its flags from its
/// parameter table, its refusals in the command line's words.
@Suite struct BOBYQACommandTests {
    @Test func runsOnFAloneAndSaysWhyItStopped() throws {
        let r = try CLI.run(["run", "--solver", "bobyqa", "--problem", "rosenbrock", "--rhobeg", "0.5", "--rhoend",
                             "1e-8", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "converged-step")
        #expect((json["detail"] as? String)?.hasPrefix("ρ reached rhoend = 1e-8") == true)
        #expect(json["gradient_evaluations"] as? Int == 0 && json["gradient_norm"] is NSNull)
        let x = try #require(json["x"] as? [Double])
        #expect(x.allSatisfy { abs($0 - 1) <= 1e-6 })
    }

    @Test func staysInTheBox() throws {
        let r = try CLI.run(["run", "--solver", "bobyqa", "--problem", "rosenbrock", "--bounds", "-2:0.5", "--format",
                             "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let x = try #require(json["x"] as? [Double])
        #expect(x[0] == 0.5 && abs(x[1] - 0.25) <= 1e-6)
    }

    /// BOBYQA and NEWUOA take the same parameters, through compare's solver list too, and refuse
    /// the same bad ones in the same words.
    @Test(arguments: ["bobyqa", "newuoa"])
    func compareTakesItsParameters(_ solver: String) throws {
        let r = try CLI.run(["compare", "--solvers", "\(solver):rhobeg=0.3,\(solver):points=6", "--problems",
                             "rosenbrock", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 2 && rows.allSatisfy { $0.contains("converged-step") })
        #expect(rows.first?.contains("\(solver):rhobeg=0.3") == true)
    }

    @Test(arguments: ["bobyqa", "newuoa"])
    func sharedRefusals(_ solver: String) throws {
        let run = ["run", "--solver", solver, "--problem", "rosenbrock"]
        try CLI.expectRefusal(
            run + ["--rhobeg", "0.5", "--rhoend", "1"], "invalid value '1' for --rhoend: expected ≤ rhobeg")
        try CLI.expectRefusal(run + ["--rhoend", "2"], "invalid value '2' for --rhoend: expected ≤ rhobeg")
        try CLI.expectRefusal(run + ["--rhobeg", "0"], "invalid value '0' for --rhobeg: expected a number > 0")
        try CLI.expectRefusal(
            run + ["--points", "7"],
            "\(solver)'s points = 7 is out of range for n = 2: expected n + 2 = 4 ≤ points ≤ (n+1)(n+2)/2 = 6")
    }

    @Test func refusals() throws {
        let run = ["run", "--solver", "bobyqa", "--problem", "rosenbrock"]
        try CLI.expectRefusal(
            run + ["--bounds", "0:1", "--rhobeg", "0.6"],
            "bobyqa's rhobeg = 0.6 is more than half the box's width 1 on variable 1: expected rhobeg ≤ 0.5")
        try CLI.expectRefusal(
            ["run", "--solver", "lbfgs", "--problem", "rosenbrock", "--rhobeg", "0.5"],
            "--rhobeg does not apply to lbfgs; it applies to bobyqa and newuoa")
    }
}
