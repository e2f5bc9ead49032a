import Foundation
import Problems
import Testing

/// `compare --shard k/N --format jsonl` and `merge` through the command line.
@Suite struct ShardCommandTests {
    static let grid = [
        "compare", "--solvers", "lbfgs,cg", "--problems", "mgh/beale,mgh/wood,mgh/bard", "--starts", "2", "--gtol",
        "1e-7",
    ]

    /// The CSV columns that do not hold times (all but `seconds` and `objective_seconds`).
    static func untimed(_ csv: String) -> [String] {
        csv.split(separator: "\n").map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return (fields[..<16] + fields[18...]).joined(separator: ",")
        }
    }

    @Test func threeShardsMergeIntoTheUnshardedReport() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [String] = []
        for k in 1...3 {
            let file = folder.appendingPathComponent("part-\(k).jsonl").path
            let r = try CLI.run(Self.grid + ["--shard", "\(k)/3", "--output", file])
            #expect(r.status == 0, "\(r.stderr)")
            files.append(file)
        }
        let lines = try files.flatMap { try String(contentsOfFile: $0, encoding: .utf8).split(separator: "\n") }
        #expect(lines.count == 12)
        let row = try JSON.parse(String(lines[0]))
        #expect(
            row["shard"]?.string == "1/3" && row["cells"]?.number == 12
                && row["provenance"]?["commit"]?.string?.count == 40)
        let merged = try CLI.run(
            ["merge"] + files.reversed() + [
                "--format", "csv", "--data-profile", folder.appendingPathComponent("data.svg").path,
            ])
        #expect(merged.status == 0, "\(merged.stderr)")
        let whole = try CLI.run(Self.grid + ["--format", "csv"])
        #expect(Self.untimed(merged.stdout) == Self.untimed(whole.stdout))
        #expect(whole.stdout.contains("mgh/wood#start1,4,lbfgs"))
        let svg = try String(contentsOfFile: folder.appendingPathComponent("data.svg").path, encoding: .utf8)
        #expect(svg.contains("Data profile, τ = 1e-5 (6 problems)"))

        let missing = try CLI.run(["merge", files[0], files[2]])
        #expect(
            missing.status == 2 && missing.stderr.hasPrefix("optbench: error: merge: ")
                && missing.stderr.contains("cells missing"))
        let twice = try CLI.run(["merge", files[0], files[0]])
        #expect(twice.status == 2 && twice.stderr.contains("is given twice"))

        // Rows from two CPU models pool in evaluation profiles, not in wall-time ones.
        let other = folder.appendingPathComponent("other-cpu.jsonl").path
        let text = try String(contentsOfFile: files[1], encoding: .utf8)
        let renamed = text.replacingOccurrences(of: "\"cpu_model\":\"", with: "\"cpu_model\":\"Other CPU ")
        try renamed.write(toFile: other, atomically: true, encoding: .utf8)
        let pooled = try CLI.run([
            "merge", files[0], other, files[2], "--profile", folder.appendingPathComponent("p.svg").path,
        ])
        #expect(pooled.status == 2 && pooled.stderr.contains("--profile: the rows ran on 2 CPU models"))
        #expect(
            try CLI.run([
                "merge", files[0], other, files[2], "--data-profile", folder.appendingPathComponent("d.svg").path,
            ]).status == 0)
    }

    /// `--l1 λ` is part of the grid: merged rows are OWL-QN's with that λ, as unsharded.
    @Test func anL1GridMergesWithItsWeight() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("l1-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let grid = ["compare", "--solvers", "lbfgs,owlqn:l1=2", "--problems", "rosenbrock,mgh/wood", "--l1", "0.5"]
        let files = (1...2).map { folder.appendingPathComponent("part-\($0).jsonl").path }
        for (k, file) in files.enumerated() {
            #expect(try CLI.run(grid + ["--shard", "\(k + 1)/2", "--output", file]).status == 0)
        }
        let merged = try CLI.run(["merge"] + files + ["--format", "csv"])
        let whole = try CLI.run(grid + ["--format", "csv"])
        #expect(
            merged.status == 0 && Self.untimed(merged.stdout) == Self.untimed(whole.stdout)
                && whole.stdout.contains(",lbfgs,owlqn,"))
        let json = try JSON.parse(try CLI.run(["merge"] + files + ["--format", "json"]).stdout)
        guard case .array(let rows) = json["rows"] else { Issue.record("no rows"); return }
        #expect(
            rows.compactMap { $0["method"]?.string?.prefix(13) } == [
                "OWL-QN (λ = 0", "OWL-QN (λ = 2", "OWL-QN (λ = 0", "OWL-QN (λ = 2",
            ])
    }

    @Test func badShardFlags() throws {
        for (flags, message) in [
            (["--shard", "4/3"], "invalid value '4/3' for --shard: expected k/N with 1 ≤ k ≤ N"),
            (["--shard", "x"], "invalid value 'x' for --shard"),
            (["--starts", "0"], "invalid value '0' for --starts: expected an integer in [1, 10000]"),
            (["--seeds", "1,x"], "invalid value '1,x' for --seeds"),
            (["--seeds", "3,3"], "for --seeds: a seed is given twice"),
            (["--data-profile", "d.jpg"], "--data-profile d.jpg: expected a file name ending in .svg, .png or .pdf"),
        ] {
            let r = try CLI.run(["compare", "--solvers", "lbfgs", "--problems", "mgh/beale"] + flags)
            #expect(r.status == 2 && r.stderr.contains(message) && r.stdout.isEmpty, "\(flags): \(r.stderr)")
        }
        let notJSON = try CLI.run(["merge", "Package.swift"])
        #expect(
            notJSON.status == 2
                && notJSON.stderr.hasPrefix(
                    "optbench: error: merge: Package.swift:1: not a row of compare --format jsonl")
        )
        let absent = try CLI.run(["merge", "no-such.jsonl"])
        #expect(absent.status == 2 && absent.stderr.contains("merge: no-such.jsonl: no such file"))
    }

    /// Seeds are a grid axis: each seed is an instance of the generated problem.
    @Test func seedsMakeInstances() throws {
        let r = try CLI.run([
            "compare", "--solvers", "lbfgs", "--problems", "quadratic:n=20", "--seeds", "1..3", "--format", "csv",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: "\"")[0] }
                == [
                    "quadratic:n=20,cond=1000,seed=1", "quadratic:n=20,cond=1000,seed=2",
                    "quadratic:n=20,cond=1000,seed=3",
                ])
        // A problem without a seed parameter is the same at every seed: its rows still say which.
        let mgh = try CLI.run([
            "compare", "--solvers", "lbfgs", "--problems", "mgh/beale", "--seeds", "1,2", "--format", "csv",
        ])
        #expect(
            mgh.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] } == [
                "mgh/beale#seed1", "mgh/beale#seed2",
            ])
    }
}
