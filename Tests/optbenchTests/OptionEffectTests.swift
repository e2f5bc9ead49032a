import Foundation
import Optim
import Problems
import Testing

/// Options that change what a run does, each against the library call it stands for (and
/// against the run without it, so that a flag that is ignored fails the test).
@Suite struct OptionEffectTests {
    static func library<S: Solver>(_ reference: String, _ solver: S) throws -> OptimizationResult {
        let problem = try ProblemRegistry.resolve(reference)
        return try minimize(problem.objective, from: problem.start, using: solver)
    }

    static func json(_ arguments: [String]) throws -> JSONValue {
        let r = try CLI.run(arguments + ["--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try JSON.parse(r.stdout)
    }

    static func expectSame(
        _ v: JSONValue, _ result: OptimizationResult, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            v["iterations"]?.number == Double(result.iterations)
                && v["f_evaluations"]?.number == Double(result.valueEvaluations)
                && v["f"]?.number == result.value && v["x"]?.numbers == result.x, sourceLocation: sourceLocation)
    }

    @Test func initialStepHagerZhangIsUsed() throws {
        let reference = "quadratic:n=5,cond=10"
        let v = try Self.json(["run", "--solver", "gd", "--initial-step", "hager-zhang", "--problem", reference])
        let hz = try Self.library(reference, GradientDescent(lineSearch: MoreThuente(), initialStep: .hagerZhang))
        let other = try Self.library(
            reference, GradientDescent(lineSearch: MoreThuente(), initialStep: .previousDecrease))
        Self.expectSame(v, hz)
        #expect(hz.valueEvaluations != other.valueEvaluations || hz.x != other.x)
    }

    @Test(arguments: ["bfgs", "lbfgs"])
    func h0IdentityIsUsed(_ solver: String) throws {
        let reference = "quadratic:n=5,cond=100"
        let v = try Self.json(["run", "--solver", solver, "--h0", "identity", "--problem", reference])
        let identity =
            solver == "bfgs"
            ? try Self.library(reference, BFGS(lineSearch: MoreThuente(), scaling: .identity))
            : try Self.library(reference, LBFGS(lineSearch: MoreThuente(), scaling: .identity))
        let scaled =
            solver == "bfgs"
            ? try Self.library(reference, BFGS(lineSearch: MoreThuente(), scaling: .firstPair))
            : try Self.library(reference, LBFGS(lineSearch: MoreThuente(), scaling: .latestPair))
        Self.expectSame(v, identity)
        #expect(identity.x != scaled.x)
    }

    /// --h0-factor κ sets BFGS's H₀ = κγI (default 100): κ = 1 runs the library's BFGS with κ = 1.
    @Test func h0FactorIsUsed() throws {
        let reference = "quadratic:n=5,cond=100"
        let v = try Self.json(["run", "--solver", "bfgs", "--h0-factor", "1", "--problem", reference])
        let plain = try Self.library(reference, BFGS(lineSearch: MoreThuente(), scalingFactor: 1))
        let byDefault = try Self.library(reference, BFGS(lineSearch: MoreThuente()))
        Self.expectSame(v, plain)
        #expect(plain.x != byDefault.x)
    }

    /// gd with --lr and --epochs trains by plain SGD (γ = 0), batch 64, seed 1.
    @Test func gdTrainsWithTheSGDRule() throws {
        let path = CLI.repositoryRoot.appendingPathComponent("problems/mlp-digits.json").path
        let v = try Self.json([
            "run", "--solver", "gd", "--lr", "0.05", "--problem", path, "--epochs", "1", "--batch-size", "64",
        ])
        let problem = try ProblemRegistry.resolve(path)
        let objective = try #require(problem.objective as? MLPObjective)
        let sgd = try trainMiniBatches(
            objective, from: problem.start,
            options: MiniBatchOptions(rule: .sgd, learningRate: 0.05, batchSize: 64, epochs: 1, seed: 1))
        #expect(v["method"]?.string == "SGD (η = 0.05, batch 64, 1 epochs)")
        #expect(
            v["f"]?.number == sgd.value && v["x"]?.numbers == sgd.x
                && v["gradient_evaluations"]?.number == Double(sgd.gradientEvaluations))
    }
}

/// `compare --profile` and `--plots`: the files exist, are SVG, and draw what they say.
@Suite struct CompareFilesTests {
    @Test func profilesByCostAndByTimeAndPlotsPerProblem() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let profile = dir.appendingPathComponent("profile.svg").path, plots = dir.appendingPathComponent("plots").path
        try FileManager.default.createDirectory(atPath: plots, withIntermediateDirectories: false)
        let r = try CLI.run([
            "compare", "--solvers", "lbfgs,gd", "--problems", "mgh/rosenbrock,mgh/beale", "--profile", profile,
            "--plots", plots, "--format", "csv",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let cost = try String(contentsOfFile: profile, encoding: .utf8)
        let time = try String(contentsOfFile: dir.appendingPathComponent("profile-time.svg").path, encoding: .utf8)
        for svg in [cost, time] {
            #expect(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"))
            #expect(svg.contains("lbfgs") && svg.contains("gd") && svg.hasSuffix("</svg>\n"))
        }
        #expect(cost.contains("Performance profile by evaluation cost (2 problems)"))
        #expect(time.contains("Performance profile by time (2 problems)"))
        // Per problem: f − f* and ‖∇f‖∞ against evaluations.
        let files = try FileManager.default.contentsOfDirectory(atPath: plots).sorted()
        #expect(
            files == [
                "mgh_beale-f.svg", "mgh_beale-gradient.svg", "mgh_rosenbrock-f.svg", "mgh_rosenbrock-gradient.svg",
            ])
        for file in files {
            let svg = try String(contentsOfFile: plots + "/" + file, encoding: .utf8)
            #expect(svg.contains("lbfgs") && svg.contains("gd"), "\(file)")
        }
    }

    /// Plot names a Markdown link takes as they are: `#start1`, spaces and quotes become `_`;
    /// two problems that would share a name get the hash of their own.
    @Test func plotNamesAreSafeAndDistinct() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plots = dir.appendingPathComponent("plots").path
        let r = try CLI.run([
            "compare", "--solvers", "lbfgs", "--problems", "mgh/beale", "--problems", "expr:x*y + x^2 + y^2",
            "--problems", "expr:x/y + x^2 + y^2",
            "--starts", "2", "--x0", "1,1", "--plots", plots, "--format", "csv",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: plots).sorted().filter {
            $0.hasSuffix("-f.svg")
        }
        #expect(files.contains("mgh_beale-f.svg") && files.contains("mgh_beale_start1-f.svg"), "\(files)")
        let safe = { (c: Character) in c.isASCII && (c.isLetter || c.isNumber || "._-+".contains(c)) }
        #expect(files.allSatisfy { $0.allSatisfy(safe) })
        // `x*y` and `x/y` would both be `expr_x_y_+_x_2_+_y_2`: each gets its hash (3 problems × 2 starts).
        #expect(files.count == 6, "\(files)")
        #expect(files.filter { $0.hasPrefix("expr_x_y_+_x_2_+_y_2-") }.count == 2, "\(files)")
    }
}

/// `hessian --format csv|text` carry the JSON's rows. At x₀, BFGS's H₀ = I, so the
/// eigenvalues of H₀∇²f are those of Q: 1 and cond = 10 for quadratic:n=4,cond=10.
@Suite struct HessianFormatTests {
    static let arguments = ["hessian", "--solver", "bfgs", "--problem", "quadratic:n=4,cond=10"]

    @Test func csvAndTextRowsAreTheJSONRows() throws {
        let json = try JSON.parse(try CLI.run(Self.arguments + ["--format", "json"]).stdout)
        guard case .array(let rows) = try #require(json["rows"]) else { Issue.record("no rows"); return }
        let csv = try CLI.run(Self.arguments + ["--format", "csv"])
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = lines[0]
        #expect(
            header.starts(with: [
                "iteration", "f", "gradient_norm", "relative_error", "product_eigenvalue_min", "product_eigenvalue_max",
                "hessian_condition", "approximation_condition",
            ]))
        #expect(lines.count - 1 == rows.count && rows.count == Int(json["iterations"]!.number!) + 1)
        for (line, row) in zip(lines.dropFirst(), rows) {
            for (name, field) in zip(header, line) where !name.contains("inertia") {
                #expect(Double(field) == row[name]?.number, "\(name)")
            }
        }
        let first = lines[1]
        #expect(
            Double(first[4])! == 1 && abs(Double(first[5])! - 10) <= 1e-12 && abs(Double(first[6])! - 10) <= 1e-12
                && Double(first[7])! == 1)
        #expect(
            Array(first.suffix(6)) == ["4", "0", "0", "4", "0", "0"], "∇²f = Q and H₀ = I are both positive definite")
        let text = try CLI.run(Self.arguments + ["--format", "text"])
        #expect(text.status == 0)
        let table = text.stdout.split(separator: "\n").filter { $0.hasPrefix(" ") && $0.contains("(4, 0, 0)") }
        #expect(table.count == rows.count)
        #expect(
            table.first?.split(separator: " ").first == "0"
                && table.last?.split(separator: " ").first == Substring(String(rows.count - 1)))
    }
}
