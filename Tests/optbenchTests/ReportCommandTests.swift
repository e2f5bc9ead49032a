import Bench
import Foundation
import Problems
import Testing

/// `optbench report`: the HTML page from compare's JSON (with and without traces) and from
/// shards, and its refusals. The page's script is tested in a browser by scripts/ci/test-report.
@Suite struct ReportCommandTests {
    /// A folder of its own, with a problem file whose path (the problem's name in a comparison)
    /// has every character HTML escapes but the apostrophe.
    static func folder() throws -> (path: String, problem: String) {
        let problem = CLI.temporaryFile(
            #"q<3>&"x".json"#, #"{"kind": "quadratic", "Q": [[4, 1], [1, 3]], "b": [1, 2], "x0": [1, -1]}"#)
        return (URL(fileURLWithPath: problem).deletingLastPathComponent().path, problem)
    }

    static func compare(_ arguments: [String], output: String) throws {
        let r = try CLI.run(
            ["compare", "--solvers", "lbfgs,cg", "--jobs", "1", "--output", output] + arguments)
        #expect(r.status == 0, "\(r.stderr)")
    }

    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// Every run has its row, with the numbers of the JSON; the hostile name is escaped
    /// everywhere; nothing is loaded from outside; one collapsed section of plots per problem.
    @Test func everyRunEscapedAndSelfContained() throws {
        let (dir, problem) = try Self.folder()
        let json = dir + "/mgh.json", html = dir + "/report.html"
        try Self.compare(
            ["--problems", "mgh/rosenbrock,mgh/beale", "--problems", problem, "--format", "json", "--trace"],
            output: json)
        let r = try CLI.run(["report", json, "--output", html])
        #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty, "\(r.stderr)")
        let page = try Self.read(html)
        guard case .array(let rows) = try JSON.parse(try Self.read(json))["rows"] else {
            Issue.record("rows"); return
        }
        #expect(rows.count == 6)
        #expect(page.components(separatedBy: "<tr data-solver=").count - 1 == rows.count)
        #expect(page.contains("data-runs=\"6\""))
        for row in rows {
            let name = HTMLReport.escape(row["problem"]?.string ?? "?")
            let f = JSONWriter.number(row["f"]?.number ?? .nan)
            let iterations = Int(row["iterations"]?.number ?? -1)
            // The row's problem, solver and exact f and iteration count, in this order.
            let pattern = "<td>\(name)</td><td>\(row["label"]?.string ?? "?")</td><td>\(row["status"]?.string ?? "?")"
                + "</td><td>\(row["solved"] == .bool(true) ? "yes" : "no")</td><td class=\"num\" data-v=\"\(f)\">"
            #expect(page.contains(pattern), "\(pattern)")
            #expect(page.contains(pattern) && page.contains("data-v=\"\(iterations)\">\(iterations)</td>"))
        }
        #expect(page.contains("<td>\(HTMLReport.escape(dir))/q&lt;3&gt;&amp;&quot;x&quot;.json</td>"))
        #expect(!page.contains("q<3>") && !page.contains("&\"x\""))
        // Self-contained: no attribute points at a URL, no external script, style or frame.
        let outside = try Regex(#"(?i)(src|href|action)\s*=\s*["']?\s*(https?:)?//"#)
        #expect(page.firstMatch(of: outside) == nil)
        #expect(!page.contains("<link") && !page.contains("<script src") && !page.contains("@import")
                    && !page.contains("http://") && !page.contains("https://"))
        #expect(page.components(separatedBy: "<details data-problem=").count - 1 == 3)
        // Profiles by cost and time, the data profile, and two charts per problem.
        #expect(page.components(separatedBy: "<svg ").count - 1 == 3 + 2 * 3)
        #expect(page.contains("Data profile") && page.contains("Performance profile by time"))
        // The summary as compare prints it: each solver's solved count of its runs.
        guard case .array(let summary) = try JSON.parse(try Self.read(json))["summary"] else {
            Issue.record("summary"); return
        }
        for s in summary {
            let cell = "<td>\(s["label"]?.string ?? "?")</td><td class=\"num\">"
                + "\(Int(s["solved"]?.number ?? -1))/\(Int(s["runs"]?.number ?? -1))</td>"
            #expect(page.contains(cell), "\(cell)")
        }
        // The command that runs the grid, from the JSON's grid.
        // (The hostile path needs quotes in a shell.)
        #expect(page.contains("<code>optbench compare --solvers lbfgs,cg --problems &#39;mgh/rosenbrock,mgh/beale,"))
    }

    /// Without traces: the solved column the JSON recorded, no plots, and --tau refused.
    @Test func withoutTraces() throws {
        let (dir, _) = try Self.folder()
        let json = dir + "/plain.json", html = dir + "/plain.html"
        try Self.compare(
            ["--problems", "mgh/beale,mgh/wood", "--format", "json", "--max-iter", "20"], output: json)
        #expect(try CLI.run(["report", json, "--output", html]).status == 0)
        let page = try Self.read(html)
        guard case .array(let rows) = try JSON.parse(try Self.read(json))["rows"] else { Issue.record("rows"); return }
        // Beale is solved within 20 iterations, Wood is not.
        #expect(rows.contains { $0["solved"] == .bool(false) } && rows.contains { $0["solved"] == .bool(true) })
        for row in rows {
            let cells = "<td>\(row["status"]?.string ?? "?")</td><td>\(row["solved"] == .bool(true) ? "yes" : "no")"
            #expect(page.contains("<td>\(row["problem"]?.string ?? "?")</td><td>\(row["label"]?.string ?? "?")</td>"
                                  + cells))
        }
        #expect(!page.contains("<details") && page.contains("have no traces"))
        try CLI.expectRefusal(
            ["report", json, "--output", html, "--tau", "1e-3"],
            "report: --tau: the rows of compare --format json without --trace keep the solved test they were written "
                + "with (f(x₀) is not in them); rerun compare with --trace, or leave --tau out")
    }

    /// The JSON Lines of two shards make the same rows as one file of the whole grid.
    @Test func fromShards() throws {
        let (dir, _) = try Self.folder()
        let arguments = ["--problems", "mgh/rosenbrock,mgh/beale,mgh/wood"]
        try Self.compare(arguments + ["--shard", "1/2"], output: dir + "/a.jsonl")
        try Self.compare(arguments + ["--shard", "2/2"], output: dir + "/b.jsonl")
        let r = try CLI.run(["report", dir + "/a.jsonl", dir + "/b.jsonl", "--output", dir + "/shards.html"])
        #expect(r.status == 0, "\(r.stderr)")
        let page = try Self.read(dir + "/shards.html")
        #expect(page.components(separatedBy: "<tr data-solver=").count - 1 == 6)
        #expect(page.components(separatedBy: "<details data-problem=").count - 1 == 3)
        #expect(page.contains("\(dir)/a.jsonl, \(dir)/b.jsonl"))
        try CLI.expectRefusal(
            ["report", dir + "/a.jsonl", "--output", dir + "/partial.html"],
            "report: 3 of 6 cells missing (a shard not given or not finished): "
                + "mgh/rosenbrock × cg; mgh/beale × cg; mgh/wood × cg; give every shard's file, or --allow-partial")
    }

    @Test func refusals() throws {
        let (dir, _) = try Self.folder()
        let empty = CLI.temporaryFile("empty.json", "\n")
        let text = CLI.temporaryFile("notes.json", "solver,f\nlbfgs,1\n")
        let other = CLI.temporaryFile("other.json", #"{"x": [1, 2]}"#)
        let array = CLI.temporaryFile("array.json", "[1, 2]")
        let none = CLI.temporaryFile("none.json", #"{"rows": [], "summary": []}"#)
        let out = dir + "/out.html"
        try CLI.expectRefusal(
            ["report", empty, "--output", out],
            "report: \(empty): empty; expected the output of compare --format json or jsonl")
        try CLI.expectRefusal(
            ["report", text, "--output", out], "report: \(text): not JSON (unexpected character 's' at byte 0)")
        try CLI.expectRefusal(
            ["report", other, "--output", out], "report: \(other): not compare output: missing field rows")
        try CLI.expectRefusal(
            ["report", array, "--output", out],
            "report: \(array): not compare output: expected a JSON object, found an array")
        try CLI.expectRefusal(["report", none, "--output", out], "report: \(none): no runs (its rows are empty)")
        try CLI.expectRefusal(["report", dir + "/missing.json", "--output", out],
                              "report: \(dir)/missing.json: no such file")
        #expect(!FileManager.default.fileExists(atPath: out))
        // Never an input as the output; never a run twice.
        let json = dir + "/one.json"
        try Self.compare(["--problems", "mgh/beale", "--format", "json"], output: json)
        let before = try Self.read(json)
        try CLI.expectRefusal(
            ["report", json, "--output", json],
            "--output \(json) is an input of this command (\(json)); writing it would destroy it")
        #expect(try Self.read(json) == before)
        let copy = dir + "/copy.json"
        try before.write(toFile: copy, atomically: true, encoding: .utf8)
        try CLI.expectRefusal(
            ["report", json, copy, "--output", out],
            "report: \(copy): the run mgh/beale × lbfgs is also in \(json); give each run once")
        try CLI.expectRefusal(
            ["compare", "--solvers", "lbfgs", "--problems", "mgh/beale", "--format", "csv", "--trace"],
            "--trace: applies to --format json only (--format jsonl always carries the traces), not --format csv")
    }
}
