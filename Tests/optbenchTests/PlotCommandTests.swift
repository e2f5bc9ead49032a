import Bench
import Foundation
import Optim
import Problems
import Testing

@Suite struct PlotCommandTests {
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func count(_ text: String, in svg: String) -> Int { svg.components(separatedBy: text).count - 1 }

    /// A figure named .png or .pdf is the SVG converted (by rsvg-convert): the file starts with
    /// the format's signature and has the picture's size; compare's time profile follows the name.
    @Test func figuresAsPNGAndPDF() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("paths.png").path, pdf = dir.appendingPathComponent("paths.pdf").path
        for path in [png, pdf] {
            let r = try CLI.run(["plot", "--problem", "rosenbrock", "--solvers", "bfgs", "--output", path])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let pngBytes = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(Array(pngBytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // The IHDR chunk: width and height, big-endian, at bytes 16–23 — the SVG's own size.
        let svgPath = dir.appendingPathComponent("paths.svg").path
        #expect(try CLI.run(["plot", "--problem", "rosenbrock", "--solvers", "bfgs", "--output", svgPath]).status == 0)
        let header = try #require(try String(contentsOfFile: svgPath, encoding: .utf8).split(separator: "\n").first)
        func attribute(_ name: String) -> Int? {
            header.components(separatedBy: "\(name)=\"").dropFirst().first?.split(separator: "\"").first
                .flatMap { Double($0) }.map { Int($0.rounded(.up)) }
        }
        let width = pngBytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = pngBytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == attribute("width") && height == attribute("height"), "\(width)×\(height), \(header)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)).prefix(5) == Data("%PDF-".utf8))
        // compare --profile FILE.png: the time profile is FILE-time.png, both PNG.
        let profile = dir.appendingPathComponent("profile.png").path
        let c = try CLI.run(["compare", "--solvers", "lbfgs,bfgs", "--problems", "mgh/beale", "--profile", profile])
        #expect(c.status == 0, "\(c.stderr)")
        for path in [profile, dir.appendingPathComponent("profile-time.png").path] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        }
    }

    /// compare --plots DIR --plot-format png: each problem's two plots as PNG files (the
    /// signature), named without `#` (the second start is `_start1`), and no SVG left beside them.
    @Test func comparePlotsAsPNG() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plots = dir.appendingPathComponent("plots").path
        let r = try CLI.run([
            "compare", "--solvers", "lbfgs", "--problems", "mgh/beale", "--starts", "2", "--plots", plots,
            "--plot-format", "png",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: plots).sorted()
        #expect(
            names == [
                "mgh_beale-f.png", "mgh_beale-gradient.png", "mgh_beale_start1-f.png", "mgh_beale_start1-gradient.png",
            ], "\(names)")
        for name in names {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: plots + "/" + name))
            #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "\(name)")
        }
        let bad = try CLI.run(["compare", "--solvers", "lbfgs", "--problems", "mgh/beale", "--plot-format", "gif"])
        #expect(bad.status == 2 && bad.stderr.contains("--plot-format"), "\(bad.stderr)")
    }

    /// --bounds: the box's edges (dashed) at its place in the window, the outside shaded.
    @Test func theBoxIsDrawnWhereItIs() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("box.svg").path
        let r = try CLI.run([
            "plot", "--problem", "rosenbrock", "--solvers", "lbfgsb", "--bounds=-1:0.8", "--range=-2:2,-2:2",
            "--output", path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        // 480 px for 4 units from (70, 50): x = −1 → 190, 0.8 → 406; y = 0.8 → 194, −1 → 410.
        #expect(svg.contains("class=\"box\" d=\"M190.0 194.0H406.0V410.0H190.0Z\""), "\(svg)")
        #expect(svg.contains("class=\"outside-box\" d=\"M70.0 50.0H550.0V530.0H70.0ZM190.0 194.0H406.0V410.0H190.0Z\""))
        #expect(svg.contains("the box (outside shaded)"))
    }

    /// Convergence against evaluations or seconds, on a log x axis; refused for contours.
    @Test func convergenceAxesAndLogX() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("axes.svg").path
        let log = try CLI.run([
            "plot", "--problem", "mgh/wood", "--solvers", "lbfgs", "--x-axis", "evaluations", "--log-x",
            "--output", path,
        ])
        #expect(log.status == 0, "\(log.stderr)")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        // lbfgs on Wood: 111 f evaluations, so the log axis runs over whole decades 1e0 … 1e3.
        #expect(svg.contains(">f evaluations</text>") && svg.contains(">1e0</text>") && svg.contains(">1e3</text>"))
        let seconds = try CLI.run([
            "plot", "--problem", "mgh/wood", "--solvers", "lbfgs", "--x-axis", "seconds", "--output", path,
        ])
        let secondsSVG = try String(contentsOfFile: path, encoding: .utf8)
        #expect(seconds.status == 0 && secondsSVG.contains(">seconds</text>"))
        let refused = try CLI.run([
            "plot", "--problem", "rosenbrock", "--solvers", "lbfgs", "--log-x", "--output", path,
        ])
        #expect(refused.status == 2)
        #expect(refused.stderr == "optbench: error: --log-x: applies to convergence charts only, not to contours\n")
    }

    @Test func contoursWithEachSolversPath() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("paths.svg").path
        let r = try CLI.run([
            "plot", "--problem", "rosenbrock", "--solvers", "bfgs,gd:line-search=backtracking", "--output", path,
            "--range=-2:2,-1:3", "--max-iter", "60",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        // The same run through `optbench run`: the counts printed are the solver's alone.
        let single = try JSON.parse(
            try CLI.run(["run", "--solver", "bfgs", "--problem", "rosenbrock", "--max-iter", "60", "--format", "json"])
                .stdout)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines[0].hasPrefix(
                "bfgs: converged-gradient after \(Int(single["iterations"]!.number!)) iterations, "
                    + "f evaluations \(Int(single["f_evaluations"]!.number!)), ∇f evaluations "
                        + "\(Int(single["gradient_evaluations"]!.number!)),"
            ))
        #expect(lines[1].hasPrefix("gd:line-search=backtracking: iteration-limit after 60 iterations"))
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.hasSuffix("</svg>\n"))
        #expect(Self.count("class=\"contour\"", in: svg) >= 8 && Self.count("class=\"iterates\"", in: svg) == 2)
        // gd stopped at the iteration limit: crossed at its end and in its legend entry.
        #expect(
            Self.count("class=\"failure\"", in: svg) == 2
                && svg.contains("gd:line-search=backtracking — iteration-limit, 60 iterations"))
        // --range sets the window: ticks from −2 to 2 and −1 to 3.
        #expect(
            svg.contains(">-2</text>") && svg.contains(">2</text>") && svg.contains(">-1</text>")
                && svg.contains(">3</text>"))
        #expect(!svg.lowercased().contains("nan") && !svg.lowercased().contains("inf"))
    }

    @Test func convergenceAgainstIterations() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("lfr.svg").path
        let r = try CLI.run(["plot", "--problem", "mgh/linear-full-rank", "--solvers", "lbfgs,cg", "--output", path])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            svg.contains("mgh/linear-full-rank:n=5,m=10: f − f*")
                && svg.contains("mgh/linear-full-rank:n=5,m=10: ‖∇f‖∞"))
        #expect(svg.contains(">iteration</text>") && Self.count("<polyline", in: svg) == 4)
        // Both runs reach f* = 5 exactly: drawn at the floor, explained in the legend.
        #expect(
            svg.contains("class=\"floor\"") && svg.contains("f − f* ≤ 0 (drawn at the floor)")
                && !svg.contains("class=\"failure\""))
    }

    @Test(arguments: [
        (
            ["plot", "--problem", "rosenbrock", "--solvers", "nosuch", "--output", "/tmp/p.svg"],
            "--solvers 'nosuch': invalid value 'nosuch' for solver: expected one of: \(SolverCatalog.solverNames)"
        ),
        (
            ["plot", "--problem", "rosenbrock", "--solvers", "bfgs"],
            "Missing expected argument '--output <FILE.svg>' (see 'optbench --help')"
        ),
        (
            ["plot", "--problem", "rosenbrock", "--solvers", "bfgs", "--output", "/tmp/p.svgz"],
            "--output /tmp/p.svgz: expected a file name ending in .svg, .png or .pdf"
        ),
        (
            ["plot", "--problem", "rosenbrock", "--solvers", "bfgs", "--output", "/tmp/p.svg", "--range=1:0,0:1"],
            "invalid value '1:0,0:1' for --range: expected xmin:xmax,ymin:ymax (finite numbers, min < max, a finite "
                + "width)"
        ),
        (
            ["plot", "--problem", "rosenbrock", "--solvers", "bfgs", "--output", "/tmp/p.svg", "--range=0:1"],
            "invalid value '0:1' for --range: expected xmin:xmax,ymin:ymax (finite numbers, min < max, a finite width)"
        ),
        (
            ["plot", "--problem", "rosenbrock", "--solvers", "bfgs", "--output", "/tmp/p.svg", "--range=0:nan,0:1"],
            "invalid value '0:nan,0:1' for --range: expected xmin:xmax,ymin:ymax (finite numbers, min < max, a finite "
                + "width)"
        ),
        // Finite ends, but xmax − xmin overflows.
        (
            [
                "plot", "--problem", "rosenbrock", "--solvers", "bfgs", "--output", "/tmp/p.svg",
                "--range=-1e308:1e308,0:1",
            ],
            "invalid value '-1e308:1e308,0:1' for --range: expected xmin:xmax,ymin:ymax (finite numbers, min < max, a "
                + "finite width)"
        ),
        (
            [
                "plot", "--problem", "rosenbrock:n=3", "--solvers", "bfgs", "--output", "/tmp/p.svg", "--chart",
                "contours",
            ],
            "--chart contours: needs a problem of 2 variables (rosenbrock:n=3 has 3)"
        ),
        (
            ["plot", "--problem", "rosenbrock:n=3", "--solvers", "bfgs", "--output", "/tmp/p.svg", "--range=0:1,0:1"],
            "--range: applies to contour charts only, not to --chart convergence"
        ),
        (
            ["plot", "--problem", "rosenbrock", "--solvers", "linear-cg", "--output", "/tmp/p.svg"],
            "--solvers 'linear-cg': linear-cg needs a quadratic objective (quadratic:… or a quadratic problem file); "
                + "for other objectives use lbfgs, bfgs or cg"
        ),
        (
            ["plot", "--problem", "rosenbrock", "--solvers", "bfgs", "--output", "/nonexistent-dir/p.svg"],
            "--output /nonexistent-dir/p.svg: folder /nonexistent-dir does not exist"
        ),
        (
            ["plot", "--problem", "pipe", "--solvers", "bfgs", "--output", "/tmp/p.svg"],
            "--problem pipe works with 'optbench run' only (plot writes its report to stdout)"
        ),
    ])
    func refusals(_ arguments: [String], _ message: String) throws {
        try CLI.expectRefusal(arguments, message)
    }
}
