import Bench
import Foundation
import Problems
import Testing

@Suite struct ListCommandTests {
    @Test func textShowsSolversLineSearchesParametersAndProblems() throws {
        let r = try CLI.run(["list"])
        #expect(r.status == 0 && r.stderr.isEmpty)
        for word in [
            "lbfgs", "gd", "bb", "more-thuente", "hager-zhang", "backtracking", "rosenbrock", "quadratic",
            "--memory 10",
            "--gtol 1e-6", "--epochs 20", "cond=1000", "n=2", "Raydan",
        ] {
            #expect(r.stdout.contains(word), "missing \(word)")
        }
    }

    @Test func jsonHoldsEveryDescriptor() throws {
        let r = try CLI.run(["list", "--format", "json"])
        #expect(r.status == 0)
        let v = try JSON.parse(r.stdout)
        guard case .array(let solvers) = v["solvers"], case .array(let searches) = v["line_searches"],
              case .array(let problems) = v["problems"] else { Issue.record("missing arrays"); return }
        #expect(solvers.compactMap { $0["name"]?.string } == SolverDescriptor.all.map(\.name))
        #expect(searches.compactMap { $0["name"]?.string } == LineSearchDescriptor.all.map(\.name))
        #expect(problems.count == ProblemRegistry.all.count)
        let lbfgs = solvers[0]
        guard case .array(let parameters) = lbfgs["parameters"] else { Issue.record("no parameters"); return }
        #expect(parameters[0]["name"]?.string == "memory" && parameters[0]["default"]?.number == 10)
        #expect(lbfgs["line_search"]?["default"]?.string == "more-thuente")
        #expect(solvers.first { $0["name"]?.string == "linear-cg" }?["requires"] == .array([.string("quadratic")]))
        // Capabilities, which scripts/compare/constrained picks its solvers by: the catalog's own flags.
        for solver in solvers {
            let descriptor = SolverDescriptor.all.first { $0.name == solver["name"]?.string }
            #expect(solver["constraints"] == .bool(descriptor?.acceptsConstraints ?? false))
            #expect(solver["bounds"] == .bool(descriptor?.acceptsBounds ?? false))
        }
        let named = { (name: String) in solvers.first { $0["name"]?.string == name } }
        #expect(named("auglag")?["constraints"] == .bool(true) && named("lbfgs")?["constraints"] == .bool(false))
        #expect(named("lbfgsb")?["bounds"] == .bool(true) && named("lbfgsb")?["constraints"] == .bool(false))
    }

    /// The solver, line-search and parameter tables of docs/solvers.md are `optbench list
    /// --format markdown`, verbatim, between the two marker comments.
    @Test func solverGuideTablesAreTheListing() throws {
        let r = try CLI.run(["list", "--format", "markdown"])
        #expect(r.status == 0)
        let readme = try String(
            contentsOf: CLI.repositoryRoot.appendingPathComponent("docs/solvers.md"), encoding: .utf8)
        let begin = "<!-- begin: optbench list --format markdown -->\n",
            end = "<!-- end: optbench list --format markdown -->"
        let start = try #require(readme.range(of: begin), "docs/solvers.md has no begin marker")
        let stop = try #require(
            readme.range(of: end, range: start.upperBound..<readme.endIndex), "docs/solvers.md has no end marker")
        #expect(
            String(readme[start.upperBound..<stop.lowerBound]) == r.stdout,
            "docs/solvers.md differs from `optbench list --format markdown`: run scripts/ci/solver-tables")
    }
}
