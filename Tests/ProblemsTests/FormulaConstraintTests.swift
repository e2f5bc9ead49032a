import Foundation
import Optim
import Testing

@testable import Problems

/// Constraint strings read into lo ≤ c(x) ≤ hi, with the linear flag and the Jacobian by reverse
/// mode against the closed form; every malformed string refused with its column.
@Suite struct FormulaConstraintTests {
    @Test func formsAndBounds() throws {
        let problem = try FormulaProblem.expression(
            "x + y",
            constraints: [
                "x^2 + y^2 <= 1", "2 >= x*y", "x - y == 0.5", "0 <= x - y <= 3", "x <= y", "3 >= x + y >= -1",
            ])
        let c = try #require(problem.constraints)
        let lower: [Double] = [-.infinity, -.infinity, 0.5, 0, -.infinity, -1], upper: [Double] = [1, 2, 0.5, 3, 0, 3]
        #expect(c.lower == lower)
        #expect(c.upper == upper)
        #expect(c.isLinear == [false, false, true, true, true, true])
        let x = [0.3, -1.7]
        var values = [Double](repeating: 0, count: 6), jacobian = [Double](repeating: 0, count: 12)
        x.withUnsafeBufferPointer { p in
            values.withUnsafeMutableBufferPointer { c.values(at: p, into: $0) }
            jacobian.withUnsafeMutableBufferPointer { c.jacobian(at: p, into: $0) }
        }
        #expect(zip(values, [0.09 + 2.89, 0.3 * -1.7, 2.0, 2.0, 2.0, 0.3 - 1.7]).allSatisfy { abs($0 - $1) <= 1e-15 })
        #expect(jacobian == [0.6, -3.4, -1.7, 0.3, 1, -1, 1, -1, 1, -1, 1, 1])
        // Jᵀw with w = (1, 2, 0, 0, 0, −1) and Jv with v = (1, 1) against the dense J.
        var out = [0.0, 0.0], jv = [Double](repeating: 0, count: 6)
        let w = [1.0, 2, 0, 0, 0, -1]
        x.withUnsafeBufferPointer { p in
            values.withUnsafeMutableBufferPointer { v in
                out.withUnsafeMutableBufferPointer {
                    c.valuesAndTransposeProduct(at: p, values: v, into: $0) { i, _ in w[i] }
                }
            }
            [1.0, 1.0].withUnsafeBufferPointer { v in
                jv.withUnsafeMutableBufferPointer { c.product(at: p, direction: v, into: $0) }
            }
        }
        #expect(abs(out[0] - (0.6 - 3.4 - 1)) < 1e-15 && abs(out[1] - (-3.4 + 0.6 - 1)) < 1e-15)
        #expect(jv == [0.6 - 3.4, -1.7 + 0.3, 0, 0, 0, 2])
    }

    /// Rows read at fixed indices (x[2]² + x[3]², x[1]·x[4]) take the sparse path (their support from
    /// the program), a `sum` row the dense one; Jᵀw from both against the dense J's transpose, with the
    /// product's buffer holding stale values from the row before (the sparse path leaves them).
    @Test func sparseRowsAgreeWithTheDenseJacobian() throws {
        let text = """
            {"kind": "expression", "f": "sum(i=1..n, x[i]^2)", "dimension": 4, "x0": 0,
             "constraints": ["sum(i=1..n, i*x[i]^3) <= 1", "x[2]^2 + x[3]^2 <= 2", "x[1]*x[4] == 1"]}
            """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sparse-rows-\(getpid()).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = try #require(try ProblemFile.load(path: path).constraints)
        let x = [0.5, -1.25, 2, 3], w = [0.7, -1.5, 2.5]
        var values = [Double](repeating: 0, count: 3), jacobian = [Double](repeating: 0, count: 12)
        var out = [Double](repeating: 0, count: 4)
        x.withUnsafeBufferPointer { p in
            values.withUnsafeMutableBufferPointer { c.values(at: p, into: $0) }
            jacobian.withUnsafeMutableBufferPointer { c.jacobian(at: p, into: $0) }
            values.withUnsafeMutableBufferPointer { v in
                out.withUnsafeMutableBufferPointer {
                    c.valuesAndTransposeProduct(at: p, values: v, into: $0) { i, _ in w[i] }
                }
            }
        }
        // Closed forms: rows (3x₁², 6x₂², 9x₃², 12x₄²), (0, 2x₂, 2x₃, 0), (x₄, 0, 0, x₁).
        let expected: [Double] = [0.75, 9.375, 36, 108, 0, -2.5, 4, 0, 3, 0, 0, 0.5]
        #expect(zip(jacobian, expected).allSatisfy { abs($0 - $1) <= 1e-12 }, "\(jacobian)")
        for j in 0..<4 {
            let dense = (0..<3).reduce(0.0) { $0 + w[$1] * expected[$1 * 4 + j] }
            #expect(abs(out[j] - dense) <= 1e-12, "(Jᵀw)\(j + 1) = \(out[j]), dense \(dense)")
        }
        #expect(abs(values[0] - (0.125 + 2 * -1.953125 + 24 + 108)) <= 1e-12 && values[2] == 1.5)
    }

    @Test func variablesOfConstraintsJoinTheFormulas() throws {
        let problem = try FormulaProblem.expression("x^2", constraints: ["x + z >= 1"])
        #expect(problem.variables == ["x", "z"])
    }

    @Test(arguments: [
        ("x + y", "column 6: a constraint needs a comparison"),
        ("x < 1", "column 3: '<' is not a comparison here"),
        ("x = 1", "column 3: '=' is not a comparison: write '=='"),
        ("0 <= x <= y", "column 11: the ends of a range must be numbers"),
        ("0 <= x == 1", "column 8: '==' cannot be part of a range"),
        ("1 <= x >= 0", "column 8: a range needs both comparisons the same way"),
        ("x <= inf", "column 6: 'inf' is not a finite bound"),
        ("x <= 1e999", "column 6: '1e999' is not a finite number"),
        ("3 <= x + y <= 1", "column 1: the range is empty: 3 > 1"),
        ("1 <= 2", "column 3: compares two numbers"),
        ("x <= 1 <= 2 <= 3", "column 13: more than two comparisons"),
        ("x + <= 1", "column 5: expected a number, a name or '(', found '<='"),
        ("<= 1", "column 1: expected a formula before '<='"),
        ("x >=", "column 5: expected a formula after '>='"),
    ])
    func refusals(text: String, message: String) {
        do {
            _ = try FormulaProblem.expression("x^2 + y^2", constraints: [text])
            Issue.record("'\(text)' was accepted")
        } catch {
            #expect(error.description.hasPrefix("--constraint '\(text)': \(message)"), "\(error)")
        }
    }
}
