import Foundation
import Testing

/// `--record-values`: the result's `history`, every f a run evaluated with the count at its return
/// (what Moré & Wild's test needs, scripts/compare/derivative_free.py). Checked against the points the
/// objective was asked for (a program that logs them, each re-evaluated by `optbench eval`), against the
/// trace, on one thread and two, and in `compare`'s JSON Lines rows.
@Suite struct RecordValuesCommandTests {
    static let formula = "expr:100*(y - x^2)^2 + (1 - x)^2"

    /// A run of `solver` on Rosenbrock behind a program that logs every point it is asked for: its JSON
    /// and the logged points.
    static func loggedRun(_ solver: String, _ extra: [String]) throws -> ([String: Any], [String]) {
        let log = CLI.temporaryFile("\(solver)-points.jsonl", "")
        let problem = CLI.temporaryFile(
            "\(solver)-logged.json",
            #"{"kind":"program","command":["/bin/sh","-c","tee -a \#(log) | \#(CLI.binary.path) eval --problem "#
                + #"'\#(formula)' --stdin"],"x0":[-1.2,1]}"#)
        let r = try CLI.run(["run", "--solver", solver, "--problem", problem, "--format", "json", "--trace-every", "1",
                             "--record-values"] + extra)
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        return (json, lines)
    }

    @Test(arguments: ["powell", "cmaes", "nelder-mead"])
    func historyIsEveryEvaluationInOrder(_ solver: String) throws {
        let (json, points) = try Self.loggedRun(solver, ["--max-evals", "150"])
        let history = try #require(json["history"] as? [String: Any])
        let counts = try #require(history["f_evaluations"] as? [Int])
        let values = try #require(history["f"] as? [Double])
        let evaluations = try #require(json["f_evaluations"] as? Int)
        #expect(counts == Array(1...evaluations), "one entry per evaluation, counted 1, 2, 3, …")
        #expect(values.count == evaluations && points.count == evaluations)
        // each recorded f is the function at the point asked for, evaluated again by optbench eval
        let again = try CLI.run(["eval", "--problem", Self.formula, "--stdin"], input: points.joined(separator: "\n"))
        let fresh = again.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["f"] as? Double
        }
        #expect(fresh == values, "\(solver): history differs from optbench eval at the logged points")
        // the trace's f at each iteration is one of the values evaluated by then; for cmaes and nelder-mead the
        // best of them (the best point so far, the best vertex); Powell may keep x over a lower extrapolated point
        let trace = try #require(json["trace"] as? [[String: Any]])
        for entry in trace {
            let f = try #require(entry["f"] as? Double), k = try #require(entry["f_evaluations"] as? Int)
            #expect(values[..<k].contains(f), "\(solver): trace f \(f) at \(k) evaluations")
            if solver != "powell" { #expect(values[..<k].min() == f, "\(solver): trace f \(f) at \(k)") }
        }
    }

    @Test func sameHistoryOnOneOrTwoThreads() throws {
        func history(_ threads: String) throws -> [Double] {
            let r = try CLI.run(["run", "--solver", "cmaes", "--problem", "rosenbrock:n=6", "--format", "json",
                                 "--max-evals", "400", "--record-values", "--threads", threads])
            #expect(r.status == 1, "\(r.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let history = try #require(json["history"] as? [String: Any])
            let values = try #require(history["f"] as? [Double])
            #expect(values.count == json["f_evaluations"] as? Int)
            return values
        }
        #expect(try history("1") == history("2"))
    }

    @Test func analyticGradientRunsRecordOnePairPerEvaluation() throws {
        let r = try CLI.run(["run", "--solver", "lbfgs", "--problem", "rosenbrock", "--format", "json",
                             "--record-values"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let history = try #require(json["history"] as? [String: Any])
        let counts = try #require(history["f_evaluations"] as? [Int]), values = try #require(history["f"] as? [Double])
        let evaluations = try #require(json["f_evaluations"] as? Int)
        #expect(counts == Array(1...evaluations))
        // f(x₀) = 24.2 up to rounding, as the trace has it; the last f is the returned point's
        let trace = try #require(json["trace"] as? [[String: Any]])
        #expect(values.first == trace.first?["f"] as? Double && abs(values[0] - 24.2) < 1e-13)
        #expect(values.last == json["f"] as? Double)
    }

    @Test func compareRowsCarryTheHistoryOnlyWhenAsked() throws {
        let arguments = ["compare", "--solvers", "powell,cmaes", "--problems", "more-wild/1,more-wild/3", "--format",
                         "jsonl", "--max-evals", "120", "--jobs", "1"]
        let with = try CLI.run(arguments + ["--record-values"]), without = try CLI.run(arguments)
        #expect(with.status == 0 && without.status == 0, "\(with.stderr) \(without.stderr)")
        let rows = with.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
        #expect(rows.count == 4)
        for row in rows {
            let history = try #require(row["history"] as? [String: Any], "\(row["label"] ?? "?")")
            #expect((history["f"] as? [Double])?.count == row["f_evaluations"] as? Int)
        }
        #expect(!without.stdout.contains("\"history\""))
        // merge reads the rows back, history and all
        let file = CLI.temporaryFile("recorded.jsonl", with.stdout)
        let merged = try CLI.run(["merge", file, "--format", "json"])
        #expect(merged.status == 0, "\(merged.stderr)")
    }
}
