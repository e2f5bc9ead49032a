import Foundation
import Testing

/// `optbench run --solver cmaes`: f only, `--seed` picks the stream (the same bits for a seed, on
/// one thread or two), every evaluated point in the box, and the refusals in the command line's words.
@Suite struct CMAESCommandTests {
    /// What the run found: x, f, counts, status, detail, extras and the trace without its times.
    static func run(_ extra: [String]) throws -> [String: Any] {
        let r = try CLI.run(["run", "--solver", "cmaes", "--problem", "rosenbrock:n=6", "--format", "json",
                             "--trace-every", "1"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let kept = [
            "x", "f", "f_evaluations", "gradient_evaluations", "gradient_norm", "iterations", "status", "detail",
            "extras", "trace",
        ]
        json = json.filter { kept.contains($0.key) }
        if var trace = json["trace"] as? [[String: Any]] {
            for k in trace.indices { trace[k]["seconds"] = nil }
            json["trace"] = trace
        }
        return json
    }

    @Test func seedGivesTheSameBitsOnOneOrTwoThreads() throws {
        let one = try Self.run(["--seed", "4"])
        let two = try Self.run(["--seed", "4", "--threads", "2"])
        let other = try Self.run(["--seed", "5"])
        let unseeded = try Self.run([]), first = try Self.run(["--seed", "1"])
        #expect(one["status"] as? String == "converged-f-change")
        #expect(one["gradient_evaluations"] as? Int == 0 && one["gradient_norm"] is NSNull)
        #expect(NSDictionary(dictionary: one).isEqual(to: two), "--threads 2 changed the run")
        #expect(NSDictionary(dictionary: unseeded).isEqual(to: first), "the default seed is 1")
        #expect(one["x"] as? [Double] != other["x"] as? [Double], "--seed 5 gave seed 4's run")
        let f = try #require(one["f"] as? Double)
        #expect(f < 1e-10)
    }

    @Test func evaluatedPointsStayInTheBox() throws {
        // A program (optbench eval behind tee) that logs every point it is asked for; 40 generations of λ = 6.
        let log = CLI.temporaryFile("points.jsonl", "")
        let problem = CLI.temporaryFile(
            "boxed.json",
            #"{"kind":"program","command":["/bin/sh","-c","tee -a \#(log) | \#(CLI.binary.path) eval --problem "#
                + #"'expr:(x-3)^2 + (y+3)^2' --stdin"],"x0":[0,0],"lower":[-1,-1],"upper":[2,2]}"#)
        let r = try CLI.run(["run", "--solver", "cmaes", "--problem", problem, "--max-iter", "40", "--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        // each request is the point, a JSON array
        let points = lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [Double]
        }
        #expect(points.count == lines.count && points.count == 1 + 6 * 40)
        #expect(points.filter { p in p.count != 2 || !(-1...2).contains(p[0]) || !(-1...2).contains(p[1]) }.isEmpty)
    }

    @Test func refusals() throws {
        try CLI.expectRefusal(["run", "--solver", "cmaes", "--problem", "rosenbrock", "--popsize", "1"],
                              "invalid value '1' for --popsize: expected an integer ≥ 2")
        try CLI.expectRefusal(["run", "--solver", "cmaes", "--problem", "rosenbrock", "--sigma", "0"],
                              "invalid value '0' for --sigma: expected a number > 0")
        try CLI.expectRefusal(["run", "--solver", "cmaes", "--problem", "rosenbrock", "--tolconditioncov", "0.5"],
                              "invalid value '0.5' for --tolconditioncov: expected a number ≥ 1")
        try CLI.expectRefusal(["run", "--solver", "cmaes", "--problem", "rosenbrock", "--maxfev", "0"],
                              "invalid value '0' for --maxfev: expected an integer ≥ 1")
        try CLI.expectRefusal(["run", "--solver", "lbfgs", "--problem", "rosenbrock", "--popsize", "8"],
                              "--popsize does not apply to lbfgs; it applies to cmaes")
    }
}
