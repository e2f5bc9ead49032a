import Foundation
import Problems
import Testing

/// Data fits from the command line: the bundled NIST set by name (`nist/NAME-S`, `--problems
/// nist`), the worked example of docs/problems.md, and a bad CSV refused in one line.
@Suite struct DataFitCommandTests {
    /// lm on Misra1a from start 1: NIST's certified RSS 1.2455138894E-01 to 11 digits and the
    /// certified b₁ = 2.3894212918E+02, b₂ = 5.5015643181E-04 to 9 (as from the per-row file).
    @Test func nistProblemsRunByName() throws {
        let r = try CLI.run(["run", "--solver", "lm", "--problem", "nist/misra1a-1", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        let f = try #require(v["f"]?.number), x = try #require(v["x"]?.numbers)
        #expect(abs(f - 1.2455138894e-1) <= 0.5e-11, "\(f)")
        #expect(abs(x[0] - 2.3894212918e2) <= 1e-9 * 2.3894212918e2)
        #expect(abs(x[1] - 5.5015643181e-4) <= 1e-9 * 5.5015643181e-4)
        let unknown = try CLI.run(["run", "--solver", "lm", "--problem", "nist/misra9-1"])
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown problem 'nist/misra9-1'; expected one of: "))
        #expect(unknown.stderr.contains("nist/bennett5-1, nist/bennett5-2, nist/boxbod-1"))
    }

    /// `--problems nist` is the 54 files (27 problems × NIST's two starts), each run once.
    @Test func compareTakesTheNistSet() throws {
        let r = try CLI.run([
            "compare", "--solvers", "lm", "--problems", "nist", "--format", "json", "--max-iter", "2",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        guard case .array(let rows) = try JSON.parse(r.stdout)["rows"] else { Issue.record("no rows"); return }
        #expect(rows.count == 54)
        #expect(Set(rows.compactMap { $0["problem"]?.string }).count == 54)
    }

    /// docs/problems.md's example: lm reaches scipy's least_squares(method='lm') fit at tolerances
    /// 1e-15 on the same weighted residuals, (5.07407505, 0.40845264, 0.97887094), f 0.04365823524402081,
    /// to lm's default ftol.
    @Test func theWorkedExampleFitsAsDocumented() throws {
        let r = try CLI.run(["run", "--solver", "lm", "--problem", "problems/decay-fit.json", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        let f = try #require(v["f"]?.number), x = try #require(v["x"]?.numbers)
        #expect(abs(f - 0.04365823524402081) <= 1e-12, "\(f)")
        for (got, scipy) in zip(x, [5.07407505, 0.40845264, 0.97887094]) {
            #expect(abs(got - scipy) <= 1e-7 * abs(scipy), "\(x)")
        }
        #expect(v["iterations"]?.number == 8)
    }

    @Test func aBadCellIsRefusedInOneLineWithTheFileFieldRowAndColumn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fitcli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("x,y\n1,2\n2,n/a\n".utf8).write(to: folder.appendingPathComponent("obs.csv"))
        let problem = folder.appendingPathComponent("fit.json").path
        try Data(#"{"kind": "expression", "data": "obs.csv", "residual": "y - b*x"}"#.utf8)
            .write(to: URL(fileURLWithPath: problem))
        let r = try CLI.run(["run", "--solver", "lm", "--problem", problem])
        #expect(r.status == 2)
        #expect(
            r.stderr == "optbench: error: --problem: \(problem): field 'data': \(folder.path)/obs.csv: "
                + "row 3, column 'y': 'n/a' is not a number\n", "\(r.stderr)")
    }
}
