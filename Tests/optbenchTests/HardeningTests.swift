import Foundation
import Problems
import Testing

/// Issue 30: traps, lost files, hangs, signals and silent surprises — each case ends in one
/// clear line (exit 2), a clean stop, or the file left as it was.
@Suite struct HardeningTests {
    /// A scratch folder (HostileInputTests'), removed at the end.
    typealias Scratch = HostileInputTests.Scratch

    /// Runs `command` through /bin/sh (redirections, ulimit) with the binary as "$OPTBENCH",
    /// in `folder`, killed (and the test failed) after `timeout` seconds.
    static func shell(
        _ command: String, in folder: String? = nil, timeout: Double = 300,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> CLI.Output {
        try CLI.run(
            ["-c", command], environment: ["OPTBENCH": CLI.binary.path], timeout: timeout,
            executable: URL(fileURLWithPath: "/bin/sh"),
            directory: folder.map { URL(fileURLWithPath: $0) } ?? CLI.repositoryRoot, sourceLocation: sourceLocation)
    }

    static func expectRefusal(_ r: CLI.Output, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == 2, sourceLocation: sourceLocation)
        #expect(r.stderr == "optbench: error: \(message)\n", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    // MARK: Traps

    /// A warm-up of Int.max steps is a legal value: the run goes on, no overflow trap.
    @Test(arguments: [
        ["run", "--solver", "adam", "--warmup", "9223372036854775807", "--problem", "rosenbrock", "--max-iter", "20"],
        ["compare", "--solvers", "adam:warmup=9223372036854775807", "--problems", "rosenbrock", "--max-iter", "20"],
    ])
    func hugeWarmupRuns(_ arguments: [String]) throws {
        let r = try CLI.run(arguments)
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        #expect(!r.stderr.contains("Fatal") && !r.stdout.isEmpty, "\(r.stderr)")
    }

    /// More parts than cells: the parts beyond the cells are empty, found without a scan of
    /// every part (Int.max parts used to segfault, a million to take minutes).
    @Test func shardCountBeyondTheGrid() throws {
        for shard in ["1/9223372036854775807", "1/1000000", "9223372036854775807/9223372036854775807"] {
            let r = try CLI.run(
                ["compare", "--solvers", "lbfgs", "--problems", "mgh/beale,mgh/wood", "--shard", shard], timeout: 60)
            #expect(r.status == 0, "\(shard): \(r.stderr)")
            let rows = r.stdout.split(separator: "\n").count
            #expect(rows == (shard.hasPrefix("1/") ? 1 : 0), "\(shard): \(rows) rows")
        }
    }

    /// A grid whose plan cannot fit in memory is refused before anything of its size is made.
    @Test func gridTooLargeIsRefused() throws {
        let r = try CLI.run(
            [
                "compare", "--solvers", "lbfgs", "--problems", "mgh", "--seeds", "0..9999", "--starts", "10000",
                "--shard", "1/100000",
            ],
            timeout: 60)
        #expect(r.status == 2 && r.stdout.isEmpty)
        #expect(
            r.stderr.hasPrefix(
                "optbench: error: the grid (--problems × --seeds × --starts × --solvers) has 3500000000 runs, about "
                    + "35000 in --shard 1/100000; planning and recording them needs about 84.0 GB; "
            ),
            "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    /// merge's stdin: a folder and a device are refused by what they are.
    @Test func mergeStandardInputThatIsNotAStream() throws {
        Self.expectRefusal(
            try Self.shell("\"$OPTBENCH\" merge - < /tmp", timeout: 60), "merge: stdin: is a folder, not a file")
        Self.expectRefusal(
            try Self.shell("\"$OPTBENCH\" merge - < /dev/zero", timeout: 60),
            "merge: stdin: is a device, not a regular file or a pipe")
    }

    /// Sizes the process may not allocate under `ulimit -v` are refused before the run, with
    /// the size and the limit named.
    /// The network's 5 MB fit, but not OpenBLAS's work buffer (128 MiB), which it would retry
    /// to map for ever: kept free under a process limit, so the run is refused instead.
    @Test(arguments: [
        ("run --problem quadratic:n=3000", 600_000, "--problem: "),
        ("eval --problem rosenbrock:n=10000000", 600_000, "--problem: "),
        ("run --problem mlp", 300_000, "--problem: "),
    ])
    func addressSpaceLimit(_ command: String, _ kilobytes: Int, _ prefix: String) throws {
        let r = try Self.shell("ulimit -v \(kilobytes); exec \"$OPTBENCH\" \(command)", timeout: 120)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(
            r.stderr.hasPrefix("optbench: error: \(prefix)")
                && r.stderr.contains("under the limit on its address space (ulimit -v)"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1 && !r.stderr.contains("Fatal"), "\(r.stderr)")
    }

    /// With --threads N a result is reproducible for that N (the README's claim; across N
    /// OpenBLAS's dgemm may change the last bits).
    @Test func threadedEvaluationIsReproducible() throws {
        let first = try CLI.run(["eval", "--problem", "mlp", "--threads", "2"])
        let second = try CLI.run(["eval", "--problem", "mlp", "--threads", "2"])
        #expect(first.status == 0 && !first.stdout.isEmpty, "\(first.stderr)")
        #expect(first.stdout == second.stdout)
    }

    // MARK: Data loss

    /// `--bounds FILE` is an input of run, as of compare and hessian.
    @Test func runRefusesToOverwriteItsBoundsFile() throws {
        let scratch = try Scratch()
        try scratch.write("b.json", "{\"lower\": -1, \"upper\": 1}")
        try CLI.expectRefusal(
            [
                "run", "--problem", "rosenbrock", "--solver", "lbfgsb", "--bounds", scratch.path + "/b.json",
                "--output", scratch.path + "/b.json",
            ],
            "--output \(scratch.path)/b.json is an input of this command (\(scratch.path)/b.json); writing it would "
                + "destroy it"
        )
        #expect(scratch.contents("b.json") == "{\"lower\": -1, \"upper\": 1}")
    }

    /// merge reading its output from stdin, and an output that is stdin's file, are refused.
    @Test func mergeRefusesToOverwriteItsStandardInput() throws {
        let scratch = try Scratch()
        try scratch.write("all.jsonl", "rows\n")
        Self.expectRefusal(
            try Self.shell("\"$OPTBENCH\" merge - --output all.jsonl < all.jsonl", in: scratch.path),
            "--output all.jsonl is this command's standard input; writing it would destroy it")
        Self.expectRefusal(
            try Self.shell("\"$OPTBENCH\" run --problem rosenbrock --output /dev/stdin < all.jsonl", in: scratch.path),
            "--output /dev/stdin is this command's standard input; writing it would destroy it")
        #expect(scratch.contents("all.jsonl") == "rows\n")
    }

    /// A program's script (exec: or a program file's command) is an input.
    @Test func outputIsNotTheProgramsScript() throws {
        let scratch = try Scratch()
        let script =
            "import json, sys\nfor line in sys.stdin:\n    x = json.loads(line)\n    print(json.dumps({'f': sum(v*v "
                + "for v in x), 'g': [2*v for v in x]}), flush=True)\n"
        try scratch.write("f.py", script)
        try scratch.write("p.json", "{\"kind\": \"program\", \"command\": [\"python3\", \"f.py\"], \"x0\": [1, 2]}")
        Self.expectRefusal(
            try Self.shell("\"$OPTBENCH\" run --problem 'exec:python3 f.py' --x0 1,2 --output f.py", in: scratch.path),
            "--output f.py is an input of this command (f.py); writing it would destroy it")
        Self.expectRefusal(
            try Self.shell("\"$OPTBENCH\" run --problem p.json --output f.py", in: scratch.path),
            "--output f.py is an input of this command (\(scratch.path)/f.py); writing it would destroy it")
        #expect(scratch.contents("f.py") == script)
    }

    /// A file the plots would take, given as --output or --x0 inside the plots folder.
    @Test func plotsFolderDoesNotOverwriteInputsOrOutputs() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path + "/plots", withIntermediateDirectories: true)
        try scratch.write("plots/mgh_beale-f.svg", "[1, 1]")
        Self.expectRefusal(
            try Self.shell(
                "\"$OPTBENCH\" compare --solvers lbfgs --problems mgh/beale --plots plots --x0 plots/mgh_beale-f.svg",
                in: scratch.path),
            "--plots plots would write over plots/mgh_beale-f.svg, an input of this command; give the plots another "
                + "folder"
        )
        Self.expectRefusal(
            try Self.shell(
                "\"$OPTBENCH\" compare --solvers lbfgs --problems mgh/beale --plots plots --output "
                    + "plots/mgh_beale-gradient.svg",
                in: scratch.path),
            "--plots plots would write over --output plots/mgh_beale-gradient.svg; give the plots another folder")
        #expect(scratch.contents("plots/mgh_beale-f.svg") == "[1, 1]")
    }

    /// An output name of 250 bytes (its temporary name would not fit) is written.
    @Test func longOutputNameIsWritten() throws {
        let scratch = try Scratch()
        let name = String(repeating: "r", count: 250)
        let r = try CLI.run(["run", "--problem", "rosenbrock", "--output", scratch.path + "/" + name])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(scratch.contents(name)?.contains("converged") == true)
        try CLI.expectRefusal(
            ["run", "--problem", "rosenbrock", "--output", scratch.path + "/" + String(repeating: "r", count: 256)],
            "--output \(scratch.path)/\(String(repeating: "r", count: 256)): File name too long")
    }

    // MARK: Signals

    /// A started command, ended by SIGKILL and failed if still running after `bound` seconds.
    final class Started {
        let process = Process()
        let out = Pipe(), err = Pipe()
        init(_ arguments: [String], in folder: String? = nil, bound: Double = 240) throws {
            process.executableURL = CLI.binary
            process.arguments = arguments
            process.currentDirectoryURL = folder.map { URL(fileURLWithPath: $0) } ?? CLI.repositoryRoot
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            try process.run()
            _ = CLI.watchdog(process, bound: bound)
        }
        var pid: pid_t { process.processIdentifier }
        /// Waits for the end: (exit status, or −signal), stderr.
        func finish(sourceLocation: SourceLocation = #_sourceLocation) -> (status: Int32, stderr: String) {
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let signaled = process.terminationReason == .uncaughtSignal
            if signaled && process.terminationStatus == SIGKILL {
                Issue.record("the command did not end within its bound", sourceLocation: sourceLocation)
            }
            return (signaled ? -process.terminationStatus : process.terminationStatus, stderr)
        }
    }

    /// SIGQUIT (Ctrl-\) ends a run cleanly, like SIGTERM: no crash report, status 131.
    @Test func quitSignalEndsTheRun() throws {
        let run = try Started([
            "run", "--problem", "rosenbrock:n=200000", "--solver", "gd", "--max-iter", "100000000", "--format", "json",
        ])
        // SIGQUIT's own handler is registered with SIGINT's (the crash reporter's is replaced).
        #expect(CLI.wait { (CLI.catchesInterrupt(run.pid) && CLI.catches(run.pid, SIGQUIT)) || !run.process.isRunning })
        kill(run.pid, SIGQUIT)
        let r = run.finish()
        #expect(r.status == 131, "\(r.stderr)")
        #expect(!r.stderr.contains("Crash") && !r.stderr.contains("backtrace"), "\(r.stderr)")
    }

    /// After its runs, compare gives SIGTERM back its default action: a report blocked in a
    /// pipe nobody reads ends at SIGTERM instead of needing SIGKILL.
    @Test func compareWritingIntoAFullPipeEndsAtSigterm() throws {
        let compare = try Started([
            "compare", "--solvers", "lbfgs,bfgs,cg", "--problems", "mgh", "--format", "jsonl", "--jobs", "1",
        ])
        // The pipe holds 64 KiB: when that much waits in it, compare is blocked writing.
        let full = CLI.wait {
            var available: Int32 = 0
            return ioctl(compare.out.fileHandleForReading.fileDescriptor, UInt(FIONREAD), &available) == 0
                && available >= 65536
        }
        #expect(full)
        kill(compare.pid, SIGTERM)
        let r = compare.finish()
        #expect(r.status == -SIGTERM || r.status == 143, "\(r.status) \(r.stderr)")
    }

    /// A program that prints its pid to `pidFile`, starts a grandchild that ignores SIGTERM
    /// (its pid in `grandchild`), then answers f = Σx², ∇f = 2x, each answer after `delay`.
    static func program(in scratch: Scratch, delay: Double, grandchild: Bool) throws -> String {
        let spawn =
            grandchild
            ? "subprocess.Popen(['sh', '-c', 'trap \"\" TERM; echo $$ > \(scratch.path)/grandchild.pid; while :; do "
                + "sleep 1; done'])"
            : "None"
        try scratch.write(
            "f.py",
            """
            import json, os, subprocess, sys, time
            open('\(scratch.path)/child-' + str(os.getpid()) + '.pid', 'w').write(str(os.getpid()))
            \(spawn)
            for line in sys.stdin:
                x = json.loads(line)
                time.sleep(\(delay))
                print(json.dumps({'f': sum(v*v for v in x), 'g': [2*v for v in x]}), flush=True)
            """)
        return scratch.path + "/f.py"
    }

    static func childPids(_ scratch: Scratch) -> [pid_t] {
        ((try? FileManager.default.contentsOfDirectory(atPath: scratch.path)) ?? []).filter { $0.hasPrefix("child-") }
            .compactMap { scratch.contents($0).flatMap { pid_t($0) } }
    }

    /// SIGHUP (the terminal went away) ends compare and every program it started.
    @Test func hangupEndsComparesPrograms() throws {
        let scratch = try Scratch()
        let script = try Self.program(in: scratch, delay: 0.5, grandchild: false)
        let compare = try Started([
            "compare", "--solvers", "lbfgs,bfgs", "--problems", "exec:python3 \(script)", "--x0=1,2", "--jobs", "2",
        ])
        #expect(
            CLI.wait {
                (Self.childPids(scratch).count == 2 && CLI.catches(compare.pid, SIGHUP)) || !compare.process.isRunning
            })
        kill(compare.pid, SIGHUP)
        let r = compare.finish()
        #expect(r.status == 129, "\(r.stderr)")
        let children = Self.childPids(scratch)
        #expect(!children.isEmpty)
        #expect(CLI.wait(seconds: 30) { children.allSatisfy(CLI.isGone) }, "left running: \(children)")
    }

    /// A grandchild that ignores SIGTERM does not outlive a run that ended normally.
    @Test func grandchildIgnoringSigtermIsKilled() throws {
        let scratch = try Scratch()
        let script = try Self.program(in: scratch, delay: 0, grandchild: true)
        let r = try CLI.run(["run", "--problem", "exec:python3 \(script)", "--x0=1,2"])
        #expect(r.status == 0, "\(r.stderr)")
        let grandchild = scratch.contents("grandchild.pid").flatMap {
            pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(grandchild != nil)
        if let grandchild { #expect(CLI.wait(seconds: 30) { CLI.isGone(grandchild) }) }
    }

    // MARK: Security

    /// A `problems/mlp-digits.json` planted in the current folder (or its parents) is never
    /// read: the bundled problem comes from the installation, and it is never a program.
    @Test func plantedBundledProblemIsIgnored() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path + "/problems", withIntermediateDirectories: true)
        try scratch.write(
            "problems/mlp-digits.json",
            "{\"kind\": \"program\", \"command\": [\"touch\", \"\(scratch.path)/pwned\"], \"x0\": [1]}")
        let r = try Self.shell("exec \"$OPTBENCH\" eval --problem mlp --start", in: scratch.path, timeout: 120)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/pwned"))
        #expect(
            r.stdout.contains("\"problem\":\"\(CLI.repositoryRoot.path)/problems/mlp-digits.json\"")
                || r.stdout.contains("mlp-digits"), "\(r.stdout.prefix(300))")
    }

    /// The folders looked in are the installation's only.
    @Test func bundledProblemsLookupIsRelativeToTheExecutable() {
        #expect(
            ProblemRegistry.installedProblemsDirectories(executable: "/usr/local/bin/optbench") == [
                "/usr/local/share/optbench/problems"
            ])
        #expect(
            ProblemRegistry.installedProblemsDirectories(
                executable: "/src/ob/.build/x86_64-unknown-linux-gnu/release/optbench")
                == ["/src/ob/.build/x86_64-unknown-linux-gnu/share/optbench/problems", "/src/ob/problems"])
    }

    // MARK: Silent surprises

    /// Numbers are numbers, whatever files the current folder holds.
    @Test func numbersAreNeverFileNames() throws {
        let scratch = try Scratch()
        for name in ["1,1", "2", "0:1", "1,0"] { try scratch.write(name, "[5, 5]") }
        let run = try Self.shell("\"$OPTBENCH\" run --problem rosenbrock --x0 1,1 --format json", in: scratch.path)
        #expect(run.status == 0 && run.stdout.contains("\"iterations\":0"), "\(run.stderr)")
        Self.expectRefusal(
            try Self.shell("\"$OPTBENCH\" run --problem rosenbrock --x0 2", in: scratch.path),
            "--x0: 1 numbers, expected 2 (the dimension of rosenbrock:n=2)")
        let bounded = try Self.shell(
            "\"$OPTBENCH\" run --problem rosenbrock --solver lbfgsb --bounds 0:1 --format json", in: scratch.path)
        #expect(bounded.status == 0 && bounded.stdout.contains("\"x\":[1,1]"), "\(bounded.stderr)")
        let jvp = try Self.shell("\"$OPTBENCH\" eval --problem mgh/rosenbrock --jvp 1,0", in: scratch.path)
        #expect(jvp.status == 0 && jvp.stdout.contains("\"forward\":-215.6,"), "\(jvp.stdout) \(jvp.stderr)")
    }

    /// A dataset's header that names a column twice, and a cell with a NUL byte, are refused.
    @Test func datasetHeaderAndCells() throws {
        let scratch = try Scratch()
        try scratch.write("dup.csv", "a,y,y\n1,0,1\n2,1,0\n")
        try scratch.write("nul.csv", "a,b,y\n5\u{0}abc,1,0\n2,1,1\n")
        for name in ["dup", "nul"] {
            try scratch.write(
                "\(name).json",
                "{\"kind\": \"mlp\", \"dataset\": \"\(name).csv\", \"target\": \"y\", \"layers\": "
                    + "[\(name == "dup" ? 2 : 2), 2, 1], \"activation\": \"tanh\", \"head\": \"identity\"}"
            )
        }
        let dup = try CLI.run(["run", "--problem", scratch.path + "/dup.json"])
        Self.expectRefusal(
            dup,
            "--problem: \(scratch.path)/dup.json: field 'dataset': \(scratch.path)/dup.csv: the header names column "
                + "'y' twice (columns 2 and 3); each column needs its own name"
        )
        let nul = try CLI.run(["run", "--problem", scratch.path + "/nul.json"])
        Self.expectRefusal(
            nul,
            "--problem: \(scratch.path)/nul.json: field 'dataset': \(scratch.path)/nul.csv: row 2, column 'a': "
                + "'5\\u{0}abc' is not a number"
        )
    }

    /// A single-valued option given twice is refused, not last-wins.
    @Test(arguments: [
        (["run", "--problem", "rosenbrock", "--solver", "bfgs", "--solver", "lbfgs"], "--solver"),
        (["run", "--problem", "rosenbrock", "--problem", "mgh/beale"], "--problem"),
        (["run", "--problem", "rosenbrock", "--format", "json", "--format=csv"], "--format"),
        (["run", "--problem", "rosenbrock", "--x0=1,1", "--x0", "2,2"], "--x0"),
        (["compare", "--solvers", "lbfgs", "--solvers", "bfgs", "--problems", "mgh/beale"], "--solvers"),
        (["run", "--problem", "rosenbrock", "--memory", "3", "--memory", "4"], "--memory"),
    ])
    func repeatedOptionIsRefused(_ arguments: [String], _ flag: String) throws {
        try CLI.expectRefusal(arguments, "\(flag) is given more than once")
    }

    /// compare's --problems adds up when repeated.
    @Test func repeatedProblemsAddUp() throws {
        let r = try CLI.run([
            "compare", "--solvers", "lbfgs", "--problems", "mgh/beale", "--problems", "mgh/wood", "--format", "csv",
        ])
        #expect(r.status == 0 && r.stdout.split(separator: "\n").count == 3, "\(r.stderr)")
    }

    /// eval --stdin: a folder is an error; a line without end is cut off at its limit.
    @Test func evalStandardInput() throws {
        Self.expectRefusal(
            try Self.shell("\"$OPTBENCH\" eval --problem rosenbrock --stdin < /tmp", timeout: 60),
            "--stdin: standard input is a folder; expected lines of JSON arrays")
        Self.expectRefusal(
            try Self.shell("\"$OPTBENCH\" eval --problem rosenbrock --stdin < /dev/zero", timeout: 60),
            "stdin line 1: longer than 4352 bytes without a line end (at most 2n numbers of 64 characters)")
        let r = try CLI.run(["eval", "--problem", "rosenbrock", "--stdin"], input: "[1, 2]\r\n\n[1, 1]")
        #expect(
            r.status == 0 && r.stdout == "{\"f\":100,\"g\":[-400,200]}\n{\"f\":0,\"g\":[0,0]}\n",
            "\(r.stdout) \(r.stderr)")
    }
}

extension HostileInputTests.Scratch {
    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: "\(path)/\(name)", atomically: true, encoding: .utf8)
    }
}
