import Foundation
import Optim
import Problems
import Testing

@Suite struct EvalCommandTests {
    @Test func stdinGivesRosenbrocksValueAndGradientByHand() throws {
        let points: [[Double]] = [[-1.2, 1], [0, 0], [1, 1], [0.5, -3e-7]]
        let input = points.map { "[" + $0.map { "\($0)" }.joined(separator: ",") + "]" }.joined(separator: "\n") + "\n"
        let r = try CLI.run(["eval", "--problem", "rosenbrock", "--stdin"], input: input)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == points.count)
        for (line, x) in zip(lines, points) {
            let v = try JSON.parse(String(line))
            // f = (1 − x)² + 100(y − x²)², ∇f = (−2(1 − x) − 400x(y − x²), 200(y − x²)), by hand;
            // the printed digits round-trip, so agreement is to the last bit or two of the sums.
            let (a, b) = (x[1] - x[0] * x[0], 1 - x[0])
            let value = b * b + 100 * a * a, gradient = [-2 * b - 400 * x[0] * a, 200 * a]
            let f = try #require(v["f"]?.number), g = try #require(v["g"]?.numbers)
            #expect(abs(f - value) <= 4e-16 * value && g.count == 2, "f = \(f) at \(x)")
            for i in 0..<2 { #expect(abs(g[i] - gradient[i]) <= 4e-16 * abs(gradient[i]), "g = \(g) at \(x)") }
        }
        // At x₀ the bits of the independent MGH transcription (Tests/Data/mgh-start-values.csv).
        #expect(try JSON.parse(String(lines[0]))["f"]?.number == 24.199999999999996)
    }

    /// --residuals: r and J (rows) of the Brown badly scaled function, r = (x₁ − 10⁶, x₂ − 2·10⁻⁶, x₁x₂ − 2),
    /// J = [[1, 0], [0, 1], [x₂, x₁]], by hand; Σrᵢ² is f.
    @Test func residualsAndJacobian() throws {
        let r = try CLI.run(
            ["eval", "--problem", "mgh/brown-badly-scaled", "--stdin", "--residuals"], input: "[3, 0.5]\n")
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        #expect(v["r"]?.numbers == [3 - 1e6, 0.5 - 2e-6, -0.5])
        guard case .array(let rows)? = v["J"] else { Issue.record("no J in \(r.stdout)"); return }
        #expect(rows.map(\.numbers) == [[1, 0], [0, 1], [0.5, 3]])
        #expect(v["f"]?.number == (3 - 1e6) * (3 - 1e6) + (0.5 - 2e-6) * (0.5 - 2e-6) + 0.25)
        let refused = try CLI.run(["eval", "--problem", "rosenbrock", "--residuals"])
        #expect(
            refused.status == 2
                && refused.stderr
                    == "optbench: error: --residuals: rosenbrock:n=2 has no residuals (mgh problems and problem files "
                        + "with \"residuals\" have them)\n"
        )
    }

    /// --constraints on HS 71 (problems/hs/hs71.json: x₁x₂x₃x₄ − 25 ≥ 0, x₁² + x₂² + x₃² + x₄² − 40 = 0) at
    /// x = (1, 2, 3, 4), by hand: c = (24 − 25, 30 − 40), J = [[x₂x₃x₄, x₁x₃x₄, x₁x₂x₄, x₁x₂x₃], 2x]; --start
    /// gives the sides (0 ≤ c₁, c₂ = 0: null for the absent upper side) and the formulas. HS 1 is
    /// Rosenbrock's function with a bound: f(1, 2) = 100(2 − 1)² = 100, ∇f = (−400, 200).
    @Test func constraintsAndTheirJacobian() throws {
        let r = try CLI.run(["eval", "--problem", "hs/hs71", "--stdin", "--constraints"], input: "[1, 2, 3, 4]\n")
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        #expect(v["f"]?.number == 27)  // x₁x₄(x₁ + x₂ + x₃) + x₃ = 4·6 + 3
        #expect(v["c"]?.numbers == [-1, -10])
        guard case .array(let rows)? = v["Jc"] else { Issue.record("no Jc in \(r.stdout)"); return }
        #expect(rows.map(\.numbers) == [[24, 12, 8, 6], [2, 4, 6, 8]])
        let start = try CLI.run(["eval", "--problem", "hs/hs71", "--start", "--constraints"])
        let s = try JSON.parse(start.stdout)
        #expect(s["constraint_lower"]?.numbers == [0, 0] && s["x0"]?.numbers == [1, 5, 5, 1])
        guard case .array(let upper)? = s["constraint_upper"], case .array(let texts)? = s["constraints"] else {
            Issue.record("no constraint_upper or constraints in \(start.stdout)"); return
        }
        #expect(upper.count == 2 && upper[0] == .null && upper[1].number == 0 && texts.count == 2)
        // Without general constraints (HS 1 has bounds only): m = 0, empty arrays.
        let none = try CLI.run(["eval", "--problem", "hs/hs1", "--stdin", "--constraints"], input: "[1, 2]\n")
        #expect(none.status == 0 && none.stdout == "{\"f\":100,\"g\":[-400,200],\"c\":[],\"Jc\":[]}\n", "\(none)")
    }

    @Test func stdinAnswersEachLineBeforeTheNextArrives() throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["eval", "--problem", "quadratic:n=3,cond=10", "--stdin"]
        let out = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardInput = inp
        try process.run()
        for k in 0..<3 {
            inp.fileHandleForWriting.write(Data("[\(k), 1, 2]\n".utf8))
            var received = Data()
            while !received.contains(UInt8(ascii: "\n")) { received.append(out.fileHandleForReading.availableData) }
            #expect(String(decoding: received, as: UTF8.self).hasPrefix("{\"f\":"))
        }
        try inp.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func atFileAndDefaultStart() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("x-\(UUID().uuidString).json").path
        FileManager.default.createFile(atPath: path, contents: Data("[1, 1, 1]".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CLI.run(["eval", "--problem", "rosenbrock:n=3", "--at", path])
        #expect(r.stdout == "{\"f\":0,\"g\":[0,0,0]}\n")
        let start = try CLI.run(["eval", "--problem", "rosenbrock"])
        #expect(try JSON.parse(start.stdout)["f"]?.number == 24.199999999999996)   // mgh-start-values.csv
    }

    @Test func badLinesStopTheFilterWithTheLineNumber() throws {
        let r = try CLI.run(["eval", "--problem", "rosenbrock", "--stdin"], input: "[0,0]\n\n[1,\"a\"]\n[1,1]\n")
        #expect(r.status == 2)
        #expect(r.stdout.split(separator: "\n").count == 1)
        #expect(
            r.stderr
                == "optbench: error: stdin line 3: element 1 is a string, expected a number, expected a JSON array of "
                    + "2 numbers\n"
        )
        let wrong = try CLI.run(["eval", "--problem", "rosenbrock", "--stdin"], input: "[1,2,3]\n")
        #expect(
            wrong.stderr
                == "optbench: error: stdin line 1: 3 numbers, expected 2 (the problem's dimension), or 4 (x then v for "
                    + "∇²f(x)·v)\n"
        )
    }
}

@Suite struct EvalDerivativeTests {
    /// A stdin line of 2n numbers is x then v: ∇²f(x)·v beside f and ∇f (Rosenbrock at
    /// (−1.2, 1): ∇²f = [[1330, 480], [480, 200]], so ∇²f·(0, 1) = (480, 200)).
    @Test func hvpLinesOnStdin() throws {
        let r = try CLI.run(["eval", "--problem", "rosenbrock", "--stdin"], input: "[-1.2,1,0,1]\n[-1.2,1]\n")
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let first = try JSON.parse(lines[0]), second = try JSON.parse(lines[1])
        #expect(first["hvp"]?.numbers == [480, 200])
        #expect(first["f"]?.number == second["f"]?.number && second["hvp"] == nil)
    }

    /// Forward mode beside the reverse-mode gradient's dot product, and ∇²f·v, on a formula.
    @Test func jvpAndHvpOnAFormula() throws {
        let r = try CLI.run([
            "eval", "--problem", "expr:(1-x)^2 + 100*(y-x^2)^2", "--x0=-1.2,1", "--jvp", "1,0.5", "--hvp", "1,0",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSON.parse(r.stdout)
        // ∇f(−1.2, 1) = (−215.6, −88); ∇²f = [[1330, 480], [480, 200]].
        let forward = try #require(v["jvp"]?["forward"]?.number), reverse = try #require(v["jvp"]?["reverse"]?.number)
        #expect(abs(forward - (-215.6 - 44)) <= 1e-10 && abs(reverse - forward) <= 1e-10)
        #expect(v["hvp"]?.numbers == [1330, 480])
        #expect(v["hessian"] == .string("forward-over-reverse automatic differentiation (exact)"))
    }
}
