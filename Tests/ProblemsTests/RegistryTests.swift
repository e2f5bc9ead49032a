import Foundation
import Optim
import Problems
import Testing

@Suite struct RegistryTests {
    @Test func resolvesNamesWithDefaultsAndParameters() throws {
        let r = try ProblemRegistry.resolve("rosenbrock")
        #expect(r.name == "rosenbrock:n=2" && r.dimension == 2 && r.start == [-1.2, 1])
        let r5 = try ProblemRegistry.resolve("rosenbrock:n=5")
        #expect(r5.start == [-1.2, 1, -1.2, 1, -1.2] && r5.minimizer == [1, 1, 1, 1, 1] && r5.minimum == 0)
        let q = try ProblemRegistry.resolve("quadratic:n=20,cond=1e4")
        #expect(q.name == "quadratic:n=20,cond=10000,seed=1" && q.dimension == 20)
        #expect(q.start == Array(repeating: 0, count: 20))
        // --seed fills in a seed the reference does not set, and never overrides one it does.
        #expect(try ProblemRegistry.resolve("quadratic:n=3", seed: 9).name == "quadratic:n=3,cond=1000,seed=9")
        #expect(try ProblemRegistry.resolve("quadratic:n=3,seed=2", seed: 9).name == "quadratic:n=3,cond=1000,seed=2")
        #expect(
            throws: ProblemError.badParameter(
                problem: "quadratic", parameter: "seed", value: "18446744073709551615",
                expected: "an integer in [0, 9007199254740992]")
        ) {
            try ProblemRegistry.resolve("quadratic:n=3", seed: .max)
        }
    }

    @Test(arguments: [
        (
            "nosuch",
            "unknown problem 'nosuch'; expected one of: mlp, quadratic, rosenbrock, mgh/NAME (35 problems: optbench "
                + "list), cutest/NAME (47 problems: optbench list), or a path to a .json problem file"
        ),
        ("rosenbrock:n=1", "problem 'rosenbrock': n=1 is invalid; expected an integer in [2, 10000000]"),
        ("rosenbrock:n=2.5", "problem 'rosenbrock': n=2.5 is invalid; expected an integer in [2, 10000000]"),
        ("rosenbrock:m=3", "problem 'rosenbrock' has no parameter 'm'; its parameters are: n"),
        ("quadratic:cond=0.5", "problem 'quadratic': cond=0.5 is invalid; expected a number in [1, 1e+16]"),
        ("quadratic:n=x", "problem 'quadratic': n=x is invalid; expected an integer in [1, 4000]"),
        (
            "quadratic:n=3,n=4",
            "problem reference 'quadratic:n=3,n=4': parameter 'n' is given twice (expected NAME or "
                + "NAME:key=value,key=value)"
        ),
        (
            "quadratic:n",
            "problem reference 'quadratic:n': 'n' is not key=value (expected NAME or NAME:key=value,key=value)"
        ),
        (":n=3", "problem reference ':n=3': the problem name is empty (expected NAME or NAME:key=value,key=value)"),
    ])
    func rejectsBadReferencesWithOneLineMessages(_ reference: String, _ message: String) {
        do {
            _ = try ProblemRegistry.resolve(reference)
            Issue.record("'\(reference)' was accepted")
        } catch {
            #expect(error.description == message)
        }
    }

    /// Writes `text` to a temporary .json file and returns the resolve error's message.
    func fileError(_ text: String) -> String? {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("optbench-\(UUID().uuidString).json")
            .path
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try ProblemRegistry.resolve(path)
            return nil
        } catch {
            return error.description.replacingOccurrences(of: path, with: "FILE")
        }
    }

    @Test func problemFileErrorsNameTheFileAndField() {
        #expect(fileError("{\"kind\":\"quadratic\",\"Q\":[[2]],\"b\":[1]}") == nil)
        #expect(
            fileError("{\"kind\": \"quadratic\", \"Q\": [[2, 0], [0, 2]]")
                == "FILE: is not valid JSON (unterminated object at byte 43)")
        #expect(fileError("[1, 2]") == "FILE: must hold a JSON object, not an array")
        #expect(fileError("{\"Q\":[[2]],\"b\":[1]}") == "FILE: field 'kind': is missing")
        #expect(
            fileError("{\"kind\":\"cubic\"}")
                == "FILE: field 'kind': unknown kind 'cubic'; expected one of: quadratic, mlp, expression, program")
        #expect(
            fileError("{\"kind\":\"quadratic\",\"Q\":[[2]],\"b\":[1],\"x1\":[0]}")
                == "FILE: field 'x1': unknown field; expected: kind, name, description, Q, b, x0, lower, upper")
        #expect(
            fileError("{\"kind\":\"quadratic\",\"Q\":\"I\",\"b\":[1]}")
                == "FILE: field 'Q': must be an array of rows (arrays of numbers), not a string")
        #expect(
            fileError("{\"kind\":\"quadratic\",\"Q\":[[2, true]],\"b\":[1]}")
                == "FILE: field 'Q': element [0][1] is a boolean, expected a number")
        #expect(
            fileError("{\"kind\":\"quadratic\",\"Q\":[[2, 0], [0]],\"b\":[1, 1]}")
                == "FILE: field 'Q': must be square: row 1 has 1 elements, expected 2")
        #expect(
            fileError("{\"kind\":\"quadratic\",\"Q\":[[2]],\"b\":[1, 2]}")
                == "FILE: field 'b': must have 1 elements (the size of Q), got 2")
        #expect(
            fileError("{\"kind\":\"quadratic\",\"Q\":[[2]],\"b\":[1],\"x0\":[\"0\"]}")
                == "FILE: field 'x0': element 0 is a string, expected a number")
        #expect(
            fileError("{\"kind\":\"quadratic\",\"Q\":[[1, 2], [2, 1]],\"b\":[1, 1]}")
                == "FILE: field 'Q': Q must be positive definite (LAPACKE dpotrf: leading minor of order 2 is not)")
        #expect(
            fileError("{\"kind\":\"quadratic\",\"Q\":[[1, 2], [0, 1]],\"b\":[1, 1]}")
                == "FILE: field 'Q': Q must be symmetric (largest |Qij − Qji| = 2.0)")
        #expect(
            fileError("{\"kind\":\"quadratic\",\"Q\":[[1e400]],\"b\":[1]}")
                == "FILE: is not valid JSON (number 1e400 is outside the range of a double at byte 26)")
        let missing = "/nonexistent/problem.json"
        #expect(throws: ProblemError.file(path: missing, field: nil, message: "no such file")) {
            try ProblemRegistry.resolve(missing)
        }
    }
}

@Suite struct JSONTests {
    @Test func parsesValuesExactly() throws {
        // A high surrogate without its low half becomes U+FFFD; the escape after it stays itself.
        #expect(try JSON.parse(#"["\ud800\u0041", "\ud800\ud800x", "\ud83d\ude00"]"#)
                == .array([.string("\u{FFFD}A"), .string("\u{FFFD}\u{FFFD}x"), .string("😀")]))
        let v = try JSON.parse(#"{"a": [1, -2.5e-3, 0, true, false, null, "x\"\u00e9\n"], "b": {}}"#)
        #expect(
            v
                == .object([
                    "a": .array([
                        .number(1), .number(-0.0025), .number(0), .bool(true), .bool(false), .null, .string("x\"é\n"),
                    ]), "b": .object([:]),
                ]))
        // Correctly rounded: the shortest representations round-trip.
        for d in [0.1, 1e-300, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 123456.789] {
            #expect(try JSON.parseNumberArray("[\(d)]") == [d])
        }
    }

    @Test(arguments: [
        ("[1,]", "unexpected character ']' at byte 3"),
        ("[01]", "invalid number (leading zero) at byte 1"),
        ("[1.]", "invalid number (no digits after '.') at byte 3"),
        ("[NaN]", "unexpected character 'N' at byte 1"),
        ("[1] x", "unexpected content after the JSON value at byte 4"),
        ("{\"a\":1,\"a\":2}", "duplicate key \"a\" at byte 10"),
        ("[1, \"2\"]", "element 1 is a string, expected a number at byte 0"),
    ])
    func rejectsInvalidJSON(_ text: String, _ message: String) {
        do {
            _ = try JSON.parseNumberArray(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func seededGeneratorIsReproducibleAndStandardNormal() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        let xs = (0..<100_000).map { _ in a.normal() }
        #expect(xs == (0..<100_000).map { _ in b.normal() })
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)
        // Standard errors: 1/√N ≈ 0.0032 for the mean, √(2/N) ≈ 0.0045 for the variance.
        #expect(abs(mean) < 0.015 && abs(variance - 1) < 0.02)
    }
}

/// `--gradient fd` with `--bounds` (issue 30): the differences know the box, in either order of
/// building (a bounded problem differenced, a differenced problem bounded).
@Suite struct BoundedDifferencingTests {
    @Test func theBoxReachesTheDifferences() throws {
        // Every variable fixed at 1 (lower = upper = 1): no variable is differenced, so one
        // gradient costs no f evaluation beyond f(x), and ∇f is 0.
        let spec = BoundsSpec(lower: .all(1), upper: .all(1))
        let settings = ProblemSettings(gradient: .central, bounds: spec)
        let problem = try ProblemRegistry.resolve("rosenbrock:n=3", settings: settings)
        let differenced = try #require(problem.objective as? any DifferencedObjective)
        #expect(differenced.valueEvaluationsPerGradient == 0)
        let free = try ProblemRegistry.resolve("rosenbrock:n=3", settings: ProblemSettings(gradient: .central))
        #expect((free.objective as? any DifferencedObjective)?.valueEvaluationsPerGradient == 6)
        let x = [1.0, 1, 1]
        var g = [Double](repeating: .nan, count: 3)
        _ = x.withUnsafeBufferPointer { xp in
            g.withUnsafeMutableBufferPointer { problem.objective.valueAndGradient(at: xp, gradient: $0) }
        }
        #expect(g == [0, 0, 0])
        // Differenced first, bounded after: the same.
        let later = try free.bounded(by: spec)
        #expect((later.objective as? any DifferencedObjective)?.valueEvaluationsPerGradient == 0)
    }
}
