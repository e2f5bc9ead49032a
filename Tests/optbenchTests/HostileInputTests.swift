import Foundation
import Problems
import Testing

/// What a hostile user tries (issue 12): each case must end in one clear line and exit 2 —
/// never a trap, a hang, a lost file or a misleading message.
@Suite struct HostileInputTests {
    /// A scratch folder with a problem file, a CRLF dataset and the odd files people give.
    final class Scratch {
        let path: String
        init() throws {
            path = NSTemporaryDirectory() + "optbench-hostile-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try "{\"kind\": \"quadratic\", \"Q\": [[2, 0], [0, 4]], \"b\": [1, 1]}".write(
                toFile: "\(path)/q.json", atomically: true, encoding: .utf8)
            // Windows line ends: read like any other CSV.
            var csv = "a,b,y\r\n"
            for i in 0..<20 { csv += "\(Double(i) / 10),\(Double(i % 3)),\(i % 2)\r\n" }
            try csv.write(toFile: "\(path)/crlf.csv", atomically: true, encoding: .utf8)
            mkfifo("\(path)/fifo", 0o600)
            symlink("loop-b", "\(path)/loop-a")
            symlink("loop-a", "\(path)/loop-b")
            try FileManager.default.createDirectory(atPath: "\(path)/folder", withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        /// A network problem file over `dataset`.
        func network(_ dataset: String, name: String = "net.json") throws -> String {
            let file = "\(path)/\(name)"
            try
                ("{\"kind\": \"mlp\", \"dataset\": \"\(dataset)\", \"target\": \"y\", \"layers\": [2, 3, 1], "
                    + "\"activation\": \"tanh\", \"head\": \"identity\"}")
                .write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }

        func contents(_ name: String) -> String? { try? String(contentsOfFile: "\(path)/\(name)", encoding: .utf8) }
    }

    @Test(arguments: [
        // Negative numbers are values (the range error), not missing values.
        (
            ["run", "--problem", "rosenbrock", "--memory", "-1"],
            "invalid value '-1' for --memory: expected an integer in [1, 2000]"
        ),
        (["run", "--problem", "rosenbrock", "--gtol", "-1"], "invalid value '-1' for --gtol: expected a number ≥ 0"),
        (
            ["run", "--problem", "rosenbrock", "--seed", "-1"],
            "invalid value '-1' for --seed: expected an integer in [0, 18446744073709551615] (see 'optbench --help')"
        ),
        (
            ["compare", "--solvers", "lbfgs", "--problems", "mgh", "--jobs", "-1"],
            "invalid value '-1' for --jobs: expected an integer ≥ 1"
        ),
        // Integers that a Double cannot hold exactly are refused, not rounded.
        (
            ["run", "--problem", "quadratic:seed=9007199254740993"],
            "--problem: problem 'quadratic': seed=9007199254740993 is invalid; expected an integer in [0, "
                + "9007199254740992]"
        ),
        (
            ["run", "--problem", "quadratic:seed=9007199254740992", "--output", "/tmp/x/"],
            "--output /tmp/x/: ends in '/', so it names a folder; expected a file name"
        ),
        (
            ["run", "--solver", "adam", "--problem", "rosenbrock", "--schedule", "constant", "--decay", "0.5"],
            "invalid value '0.5' for --decay: expected no decay with schedule constant (step, exponential, "
                + "inverse-time and cosine decay)"
        ),
        (
            ["help", "frobnicate"],
            "unknown subcommand 'frobnicate' for help; expected one of: run, compare, merge, report, plot, "
                + "hessian, check-grad, list, eval"
        ),
        (["run", "--problem", "rosenbrock", "--output", "/tmp"], "--output /tmp: is a folder; expected a file name"),
        (["run", "--problem", "rosenbrock", "--x0", "/dev/zero"], "--x0: /dev/zero: is a device, not a regular file"),
        (["eval", "--problem", "rosenbrock", "--at", "/tmp"], "--at /tmp: is a folder, not a file"),
        (["eval", "--problem", "rosenbrock", "--at", "/dev/zero"], "--at /dev/zero: is a device, not a regular file"),
        // A control character in an echoed name is escaped: the message stays one line.
        (
            ["run", "--problem", "bad\nname\u{1B}[31m"],
            "--problem: unknown problem 'bad\\nname\\u{1B}[31m'; expected one of: mlp, quadratic, rosenbrock, mgh/NAME "
                + "(35 problems: optbench list), cutest/NAME (47 problems: optbench list), or a path to a .json "
                    + "problem file"
        ),
        // … also in ArgumentParser's own messages, whose rest is kept (not cut at the newline).
        (
            ["run", "--problem", "rosenbrock", "--gradient", "a\nb"],
            "The value 'a\\nb' is invalid for '--gradient <source>'. Please provide one of 'exact', 'fd' or "
                + "'fd-forward'. (see 'optbench --help')"
        ),
        (
            ["eval", "--problem", "rosenbrock", "--seed", "1\n2"],
            "invalid value '1\\n2' for --seed: expected an integer in [0, 18446744073709551615] (see 'optbench --help')"
        ),
        // A value starting with '-' that ArgumentParser reads as an option: how to give it.
        (
            ["run", "--problem", "rosenbrock", "--output", "-1"],
            "Missing value for '--output <file>' ('-1' reads as an option: write --output=-1) (see 'optbench --help')"
        ),
        (
            ["plot", "--problem", "rosenbrock", "--solvers", "lbfgs", "--output", "/tmp/p.svg", "--chart", "-inf"],
            "Missing value for '--chart <kind>' ('-inf' reads as an option: write --chart=-inf) (see 'optbench --help')"
        ),
        // check-grad's --at takes numbers, negative ones included.
        (
            ["check-grad", "--problem", "rosenbrock", "--at", "-1.2"],
            "--at -1.2: 1 numbers, expected 2 (the dimension of rosenbrock:n=2)"
        ),
        // compare's start and timeout are their flags' errors, not --problems'.
        (
            ["compare", "--solvers", "lbfgs", "--problems", "mgh/beale", "--x0", "abc"],
            "--x0: element 1, 'abc', is not a finite number (expected numbers separated by commas, or a JSON file)"
        ),
        (
            ["compare", "--solvers", "lbfgs", "--problems", "mgh/beale", "--x0=-1"],
            "--x0: 1 numbers, expected 2 (the dimension of mgh/beale)"
        ),
        (
            ["compare", "--solvers", "lbfgs", "--problems", "mgh/beale", "--eval-timeout", "0"],
            "invalid value '0' for --eval-timeout: expected a number of seconds in (0, 1e6]"
        ),
        // Empty lists are refused, not run as nothing.
        (
            ["plot", "--problem", "rosenbrock", "--solvers", "", "--output", "/tmp/p.svg"],
            "invalid value '' for --solvers: expected at least one solver, e.g. lbfgs,bfgs"
        ),
        (
            ["plot", "--problem", "rosenbrock", "--solvers", ",", "--output", "/tmp/p.svg"],
            "invalid value ',' for --solvers: expected at least one solver, e.g. lbfgs,bfgs"
        ),
        (
            ["compare", "--solvers", ",", "--problems", "mgh"],
            "invalid value ',' for --solvers: expected at least one solver, e.g. lbfgs,bfgs"
        ),
        (
            ["compare", "--solvers", "lbfgs", "--problems", ","],
            "invalid value ',' for --problems: expected at least one problem, e.g. mgh"
        ),
        (
            ["compare", "--solvers", "lbfgs"],
            "Missing expected argument '--problems <list> ...' (see 'optbench --help')"
        ),
        // A path that does not exist is a missing file, not a malformed number.
        (["run", "--problem", "rosenbrock", "--x0", "/nonexistent/x0"], "--x0: /nonexistent/x0: no such file"),
        (["check-grad", "--problem", "rosenbrock", "--at", "no/such/point"], "--at: no/such/point: no such file"),
        // Our own stdout (a pipe here) would be read forever.
        (
            ["eval", "--problem", "rosenbrock", "--at", "/dev/stdout"],
            "--at /dev/stdout: is this command's standard output (a pipe), not an input"
        ),
        (
            ["run", "--problem", "rosenbrock", "--x0", "/dev/stderr"],
            "--x0: /dev/stderr: is this command's standard error (a pipe), not an input"
        ),
    ])
    func messagesNameTheFlagAndWhatWasExpected(_ arguments: [String], _ message: String) throws {
        try CLI.expectRefusal(arguments, message)
    }

    /// A value of 100 kB echoed in a message is elided in its middle: the flag and what was
    /// expected stay, on one line of about 1000 characters.
    @Test func longValuesAreElided() throws {
        let value = String(repeating: "x", count: 100_000)
        let full = "invalid value '\(value)' for --memory: expected an integer in [1, 2000]"
        try CLI.expectRefusal(["run", "--problem", "rosenbrock", "--memory", value],
                              "\(full.prefix(500))… (\(full.count - 1000) characters elided) …\(full.suffix(500))")
        #expect(full.count - 1000 == 99_063)
    }

    /// A contour window one ulp wide draws a picture (it used to loop forever on its ticks).
    @Test func aWindowOneUlpWideIsDrawn() throws {
        let scratch = try Scratch()
        let r = try CLI.run([
            "plot", "--problem", "rosenbrock", "--solvers", "lbfgs", "--range=1:1.0000000000000002,0:1",
            "--output", scratch.path + "/narrow.svg",
        ])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        #expect(scratch.contents("narrow.svg")?.hasPrefix("<svg") == true)
    }

    /// Plots of problems with long names (formulas) get file names that fit (≤ 255 bytes) and
    /// stay distinct; they used to fail the whole comparison after every run.
    @Test func longProblemNamesGetPlotFilesThatFit() throws {
        let scratch = try Scratch()
        let terms = (0..<40).map { "(x\($0)-1)^2" }.joined(separator: "+")
        let r = try CLI.run([
            "compare", "--solvers", "lbfgs", "--problems", "expr:" + terms + "+x40^2", "--problems",
            "expr:" + terms + "+x40^4",
            "--plots", scratch.path + "/plots", "--output", scratch.path + "/report.txt",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/plots")
        #expect(files.count == 4 && files.allSatisfy { $0.utf8.count <= 255 }, "\(files)")
    }

    /// A UTF-8 byte-order mark (Windows editors, Excel's "CSV UTF-8") is not content.
    @Test func byteOrderMarksAreSkipped() throws {
        let scratch = try Scratch()
        let bom = "\u{FEFF}"
        try (bom + "{\"kind\": \"quadratic\", \"Q\": [[2, 0], [0, 4]], \"b\": [2, 4]}").write(
            toFile: scratch.path + "/bom.json", atomically: true, encoding: .utf8)
        let q = try CLI.run(["run", "--problem", scratch.path + "/bom.json", "--format", "json"])
        #expect(q.status == 0, "\(q.stderr)")
        // Q x = b: x* = (1, 1).
        #expect(try JSON.parse(q.stdout)["x"]?.numbers?.map { ($0 * 1e6).rounded() / 1e6 } == [1, 1])
        // The target is the first column: with the mark it would be named "\u{FEFF}y".
        var csv = bom + "y,a,b\n"
        for i in 0..<20 { csv += "\(i % 2),\(Double(i) / 10),\(Double(i % 3))\n" }
        try csv.write(toFile: scratch.path + "/bom.csv", atomically: true, encoding: .utf8)
        let net = try CLI.run([
            "run", "--problem", try scratch.network("bom.csv"), "--max-iter", "3", "--format", "json",
        ])
        #expect(net.status == 1 && net.stderr.isEmpty, "\(net.stderr)")
    }

    /// Datasets and problem files that are not regular files say what they are.
    @Test func inputsThatAreNotFilesSayWhatTheyAre() throws {
        let scratch = try Scratch()
        for (dataset, reason) in [
            (scratch.path + "/folder", "is a folder, not a file"), ("/dev/zero", "is a device, not a regular file"),
            (scratch.path + "/fifo", "is a FIFO (named pipe), not a regular file"),
            (scratch.path + "/loop-a", "is a loop of symbolic links"), (scratch.path + "/none.csv", "no such file"),
        ] {
            let file = try scratch.network(dataset)
            try CLI.expectRefusal(
                ["run", "--problem", file], "--problem: \(file): field 'dataset': \(dataset) \(reason)")
        }
        try "{\"kind\": \"quadratic\", \"name\": 3, \"Q\": [[1]], \"b\": [1]}".write(
            toFile: scratch.path + "/named.json", atomically: true, encoding: .utf8)
        try CLI.expectRefusal(
            ["run", "--problem", scratch.path + "/named.json"],
            "--problem: \(scratch.path)/named.json: field 'name': must be a string, not a number")
        // CRLF line ends are read: the network trains.
        let crlf = try CLI.run([
            "run", "--problem", try scratch.network("crlf.csv"), "--max-iter", "3", "--format", "json",
        ])
        #expect(crlf.status == 1 && crlf.stderr.isEmpty, "\(crlf.stderr)")
    }

    /// Outputs never overwrite inputs or each other; the refusal comes before any work and
    /// leaves every file as it was.
    @Test func outputsThatWouldDestroyAFileAreRefused() throws {
        let scratch = try Scratch()
        let problem = scratch.path + "/q.json", original = scratch.contents("q.json")
        try CLI.expectRefusal(
            ["run", "--problem", problem, "--output", problem],
            "--output \(problem) is an input of this command (\(problem)); writing it would destroy it")
        let net = try scratch.network("crlf.csv")
        try CLI.expectRefusal(
            ["run", "--problem", net, "--output", scratch.path + "/crlf.csv"],
            "--output \(scratch.path)/crlf.csv is an input of this command (\(scratch.path)/crlf.csv); writing it "
                + "would destroy it"
        )
        try "[1, 2]".write(toFile: scratch.path + "/x0.json", atomically: true, encoding: .utf8)
        try CLI.expectRefusal(
            [
                "hessian", "--problem", "rosenbrock", "--solver", "bfgs", "--x0", scratch.path + "/x0.json", "--output",
                scratch.path + "/x0.json",
            ],
            "--output \(scratch.path)/x0.json is an input of this command (\(scratch.path)/x0.json); writing it would "
                + "destroy it"
        )
        try CLI.expectRefusal(
            [
                "hessian", "--problem", "rosenbrock", "--solver", "bfgs", "--output", scratch.path + "/h.svg", "--plot",
                scratch.path + "/h.svg",
            ],
            "--plot \(scratch.path)/h.svg is the same file as --output \(scratch.path)/h.svg; give each output its own "
                + "file"
        )
        try CLI.expectRefusal(
            [
                "compare", "--solvers", "lbfgs", "--problems", "mgh/beale", "--output", scratch.path + "/p-time.svg",
                "--profile", scratch.path + "/p.svg",
            ],
            "--profile \(scratch.path)/p-time.svg is the same file as --output \(scratch.path)/p-time.svg; give each "
                + "output its own file"
        )
        // --plots naming another output's file: refused before any folder is made.
        try CLI.expectRefusal(
            [
                "compare", "--solvers", "lbfgs", "--problems", "mgh/beale", "--profile", scratch.path + "/pp.svg",
                "--plots", scratch.path + "/pp.svg",
            ],
            "--plots \(scratch.path)/pp.svg is the same path as --profile \(scratch.path)/pp.svg; give each output its "
                + "own name"
        )
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/pp.svg"))
        #expect(scratch.contents("q.json") == original && scratch.contents("x0.json") == "[1, 2]")
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/h.svg"))
    }

    /// A link is written through (the link stays, the file keeps its mode); a device is
    /// written directly; a failed write of any output leaves the report's old file in place.
    @Test func linksDevicesAndAllOrNothing() throws {
        let scratch = try Scratch()
        let target = scratch.path + "/target.json", link = scratch.path + "/link.json"
        try "old".write(toFile: target, atomically: true, encoding: .utf8)
        chmod(target, 0o640)
        symlink("target.json", link)
        let r = try CLI.run(["run", "--problem", "rosenbrock", "--format", "json", "--output", link])
        #expect(r.status == 0, "\(r.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: target)
        #expect((attributes[.posixPermissions] as? Int) == 0o640)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == "target.json")
        #expect(scratch.contents("target.json")?.hasPrefix("{\"problem\":\"rosenbrock:n=2\"") == true)
        #expect(try CLI.run(["run", "--problem", "rosenbrock", "--output", "/dev/null"]).status == 0)

        // The plots cannot be written (a folder holds one plot's name): nothing is replaced.
        try "old report".write(toFile: scratch.path + "/report.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(
            atPath: scratch.path + "/plots/mgh_beale-f.svg", withIntermediateDirectories: true)
        let failed = try CLI.run([
            "compare", "--solvers", "lbfgs", "--problems", "mgh/beale", "--output", scratch.path + "/report.txt",
            "--profile", scratch.path + "/profile.svg", "--plots", scratch.path + "/plots",
        ])
        #expect(
            failed.status == 2
                && failed.stderr
                    == "optbench: error: --plots \(scratch.path)/plots/mgh_beale-f.svg: is a folder; expected a file "
                        + "name\n"
        )
        #expect(
            scratch.contents("report.txt") == "old report"
                && !FileManager.default.fileExists(atPath: scratch.path + "/profile.svg"))
    }

    /// Runs `script` with `sh -c`, $OPTBENCH naming the binary; stderr of the script.
    static func shell(_ script: String) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.environment = ProcessInfo.processInfo.environment.merging(["OPTBENCH": CLI.binary.path]) { $1 }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }

    /// Lost output is never exit 0; a reader that went away ends the run quietly.
    @Test func failedWritesToStandardOutput() throws {
        let full = try Self.shell("\"$OPTBENCH\" list > /dev/full")
        #expect(full.status == 2 && full.stderr == "optbench: error: cannot write to stdout: No space left on device\n")
        let closed = try Self.shell("\"$OPTBENCH\" run --problem rosenbrock >&-")
        #expect(closed.status == 2 && closed.stderr == "optbench: error: cannot write to stdout: Bad file descriptor\n")
        // SIGPIPE ignored by the caller: the write fails with EPIPE, and OptBench ends as SIGPIPE would.
        let points = NSTemporaryDirectory() + "optbench-points-\(UUID().uuidString)"
        defer { unlink(points) }
        try String(repeating: "[1, 2]\n", count: 100_000).write(toFile: points, atomically: true, encoding: .utf8)
        let pipe = try Self.shell(
            "trap '' PIPE; \"$OPTBENCH\" eval --problem rosenbrock --stdin < \(points) | head -c 10 >/dev/null")
        #expect(pipe.status == 0 && pipe.stderr.isEmpty, "\(pipe.stderr)")
    }

    /// A reader that goes away while a program computes: OptBench ends the program before it
    /// goes, even one that lingers after its stdin closes (SIGPIPE used to kill OptBench first).
    @Test func aClosedPipeEndsTheProgramToo() throws {
        let scratch = try Scratch()
        let child = scratch.path + "/lingers.py"
        try """
        import json, sys, time
        for line in sys.stdin:
            a, b = json.loads(line)
            print(json.dumps({"f": (1 - a)**2 + 100*(b - a*a)**2, "g": [-2*(1 - a) - 400*a*(b - a*a), 200*(b - a*a)]}), flush=True)
        while True: time.sleep(1)
        """.write(toFile: child, atomically: true, encoding: .utf8)
        _ = try Self.shell(
            "\"$OPTBENCH\" run --problem 'exec:python3 \(child)' --x0=-1.2,1 --trace-every 1 | head -c 1 >/dev/null; "
                + "sleep 4"
        )
        // python3 may run under another name (a pyenv shim); "[l]" keeps pgrep off its own line.
        #expect(try CLI.processCount(matching: "\(scratch.path)/[l]ingers.py") == 0)
    }

    /// Ctrl-C before any run finished leaves an existing --output as it was (exit 130).
    @Test func interruptBeforeAnyRowKeepsTheOldReport() throws {
        let scratch = try Scratch()
        try "old".write(toFile: scratch.path + "/report.csv", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = [
            "compare", "--solvers", "gd", "--problems", "rosenbrock:n=200000", "--max-iter", "100000000",
            "--format", "csv", "--output", scratch.path + "/report.csv",
        ]
        let err = Pipe()
        process.standardError = err
        try process.run()
        // Ctrl-C once the handler is installed (a condition, not a clock); killed, and the test
        // failed, if it has not ended within a generous bound.
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 240, execute: watchdog)
        #expect(CLI.wait(seconds: 240) { CLI.catchesInterrupt(process.processIdentifier) || !process.isRunning })
        process.interrupt()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        watchdog.cancel()
        #expect(process.terminationReason == .exit, "killed by signal \(process.terminationStatus)")
        #expect(process.terminationStatus == 130)
        #expect(
            stderr.hasSuffix("optbench: compare: interrupted before any run finished; nothing written\n"), "\(stderr)")
        #expect(scratch.contents("report.csv") == "old")
    }
}
