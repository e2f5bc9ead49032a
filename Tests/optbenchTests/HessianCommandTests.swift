import Foundation
import Optim
import Problems
import Testing

@Suite struct HessianCommandTests {
    @Test func jsonRowsAndPlot() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plot = dir.appendingPathComponent("h.svg").path
        let r = try CLI.run([
            "hessian", "--solver", "bfgs", "--problem", "rosenbrock", "--every", "5", "--format", "json", "--plot",
            plot,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        guard case .array(let rows) = v["rows"] else { Issue.record("no rows"); return }
        let iterations = rows.compactMap { $0["iteration"]?.number }
        #expect(iterations.first == 0 && iterations.dropLast().allSatisfy { Int($0) % 5 == 0 })
        #expect(iterations.last == v["iterations"]?.number)
        #expect(rows.last?["relative_error"]?.number.map { $0 < 0.1 } == true)
        #expect(try String(contentsOfFile: plot, encoding: .utf8).hasPrefix("<svg"))
    }

    /// On a formula the reference ∇²f is exact (forward over reverse), so BFGS's inverse-Hessian
    /// error matches the built-in Rosenbrock's (analytic ∇²f) row for row, up to the rounding
    /// differences of the two f and ∇f carried through 40 updates (1.4e-6 relative at the last row).
    @Test func formulaMatchesTheBuiltIn() throws {
        try expectHessianErrorsOfBuiltInRosenbrock("expr:(1-x)^2 + 100*(y-x^2)^2", relative: 1e-5, absolute: 0)
    }

    @Test(arguments: [
        (
            ["hessian", "--solver", "cg", "--problem", "rosenbrock"],
            "hessian diagnostics need a quasi-Newton solver: lbfgs, lbfgsb, bfgs or sr1, not 'cg'"
        ),
        (
            ["hessian", "--problem", "rosenbrock:n=3000"],
            "hessian diagnostics work densely: n = 3000 is above the limit 2000"
        ),
        (
            ["hessian", "--problem", "rosenbrock", "--every", "0"],
            "invalid value '0' for --every: expected an integer ≥ 1"
        ),
        (
            ["hessian", "--problem", "rosenbrock", "--epochs", "3"],
            "--epochs applies to mini-batch training, which hessian does not do"
        ),
        (
            ["hessian", "--solver", "lbfgs", "--problem", "rosenbrock", "--beta", "fr"],
            "--beta does not apply to lbfgs; it applies to cg"
        ),
        (
            ["hessian", "--problem", "rosenbrock", "--plot", "/tmp/h.eps"],
            "--plot /tmp/h.eps: expected a file name ending in .svg, .png or .pdf"
        ),
    ])
    func refusals(_ arguments: [String], _ message: String) throws {
        try CLI.expectRefusal(arguments, message)
    }
}

/// `hessian --solver bfgs` on `problem` (Rosenbrock in some form, from (−1.2, 1)) reports the
/// built-in Rosenbrock's inverse-Hessian errors row for row, to |a − b| ≤ absolute + relative·a.
func expectHessianErrorsOfBuiltInRosenbrock(_ problem: String, relative: Double, absolute: Double,
                                            sourceLocation: SourceLocation = #_sourceLocation) throws {
    func rows(_ problem: String) throws -> [JSONValue] {
        let r = try CLI.run([
            "hessian", "--solver", "bfgs", "--problem", problem, "--x0=-1.2,1", "--every", "10", "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
        guard case .array(let rows) = try JSON.parse(r.stdout)["rows"] else { return [] }
        return rows
    }
    let builtIn = try rows("rosenbrock"), other = try rows(problem)
    #expect(builtIn.count == 5 && other.count == 5, sourceLocation: sourceLocation)
    for (a, b) in zip(builtIn, other) {
        let ea = a["relative_error"]?.number ?? .nan, eb = b["relative_error"]?.number ?? .nan
        #expect(abs(ea - eb) <= absolute + relative * ea, "\(ea) vs \(eb)", sourceLocation: sourceLocation)
    }
}
