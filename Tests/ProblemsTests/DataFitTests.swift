import Foundation
import Optim
import Testing

@testable import Problems

/// Data fits (`"data"` + one `"residual"` template per row): the residuals, Jacobian, f, ∇f and
/// ∇²f·v against the same model written out with Foundation's exp, weights, CSV and inline data,
/// the parameters' order, the formula aliases, and every refusal with its exact message.
@Suite struct DataFitTests {
    /// Writes `files` (name → text) to a fresh temporary folder and loads `problem.json` there.
    static func load(_ problem: String, files: [String: String] = [:]) throws -> TestProblem {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files.merging(["problem.json": problem], uniquingKeysWith: { $1 }) {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        return try ProblemFile.load(path: folder.appendingPathComponent("problem.json").path)
    }

    /// The message `load` throws, with the temporary folder cut to "DIR".
    static func refusal(_ problem: String, files: [String: String] = [:]) -> String {
        do {
            _ = try load(problem, files: files)
            return "accepted"
        } catch {
            return "\(error)".replacingOccurrences(
                of: #"/[^ ']*/fit-[0-9A-F-]+"#, with: "DIR", options: .regularExpression)
        }
    }

    static let x = [1.0, 2, 4], y = [3.0, 5, 9.5]

    /// rᵢ = yᵢ − a·exp(b·xᵢ) with weights wᵢ, by hand: r, J (∂r/∂a = −e, ∂r/∂b = −a·x·e), and
    /// ∇²f·v = 2 Σ wᵢ (∇rᵢ ∇rᵢᵀ v + rᵢ ∇²rᵢ v) with ∇²rᵢ = [[0, −xe], [−xe, −a x² e]].
    static func byHand(
        _ p: [Double], _ v: [Double], weights w: [Double]
    ) -> (r: [Double], j: [[Double]], hv: [Double]) {
        var r: [Double] = [], j: [[Double]] = [], hv = [0.0, 0.0]
        for i in 0..<3 {
            let e = exp(p[1] * x[i]), ri = y[i] - p[0] * e
            let g = [-e, -p[0] * x[i] * e]
            let h = [[0, -x[i] * e], [-x[i] * e, -p[0] * x[i] * x[i] * e]]
            r.append(w[i].squareRoot() * ri)
            j.append(g.map { w[i].squareRoot() * $0 })
            let gv = g[0] * v[0] + g[1] * v[1]
            for k in 0..<2 { hv[k] += 2 * w[i] * (gv * g[k] + ri * (h[k][0] * v[0] + h[k][1] * v[1])) }
        }
        return (r, j, hv)
    }

    static func check(_ problem: TestProblem, weights: [Double]) throws {
        let f = try MGHLeastSquaresTests.leastSquares(problem)
        #expect(problem.variables == ["a", "b"] && f.residualCount == 3 && problem.start == [2, 0.5])
        for (p, v) in [([2.0, 0.5], [1.0, -2.0]), ([1.5, 0.6], [0.3, 0.7])] {
            let expected = byHand(p, v, weights: weights)
            let r = MGHLeastSquaresTests.residuals(f, p), jacobian = MGHLeastSquaresTests.jacobian(f, p)
            for i in 0..<3 {
                #expect(abs(r[i] - expected.r[i]) <= 1e-14 * 10, "r\(i): \(r[i]) vs \(expected.r[i])")
                for k in 0..<2 {
                    #expect(abs(jacobian[i + 3 * k] - expected.j[i][k]) <= 1e-14 * abs(expected.j[i][k]))
                }
            }
            let (value, g) = problem.objective.evaluate(at: p)
            let sum = expected.r.reduce(0) { $0 + $1 * $1 }
            #expect(abs(value - sum) <= 1e-14 * sum)
            for k in 0..<2 {
                let jtr = 2 * (0..<3).reduce(0) { $0 + expected.j[$1][k] * expected.r[$1] }
                #expect(abs(g[k] - jtr) <= 1e-13 * abs(jtr), "g\(k): \(g[k]) vs \(jtr)")
            }
            let hv = try #require(problem.objective as? any HessianVectorObjective)
            var out = [0.0, 0.0]
            p.withUnsafeBufferPointer { pb in
                v.withUnsafeBufferPointer { vb in
                    out.withUnsafeMutableBufferPointer { hv.hessianVectorProduct(at: pb, direction: vb, into: $0) }
                }
            }
            for k in 0..<2 { #expect(abs(out[k] - expected.hv[k]) <= 1e-13 * abs(expected.hv[k]), "Hv\(k)") }
            let directional = try #require(problem.objective as? any DirectionalDerivativeObjective)
            let d = p.withUnsafeBufferPointer { pb in
                v.withUnsafeBufferPointer { directional.directionalDerivative(at: pb, direction: $0) }
            }
            let gv = g[0] * v[0] + g[1] * v[1]
            #expect(abs(d.value - value) <= 1e-15 * value && abs(d.derivative - gv) <= 1e-13 * abs(gv))
        }
    }

    @Test func inlineColumnsGiveTheHandComputedResidualsJacobianAndHessianProducts() throws {
        let problem = try Self.load("""
            {"kind": "expression", "data": {"x": [1, 2, 4], "y": [3, 5, 9.5]},
             "residual": "y - a*exp(b*x)", "x0": [2, 0.5]}
            """)
        try Self.check(problem, weights: [1, 1, 1])
    }

    /// A CSV relative to the problem file, with a weights column (rᵢ scaled by √wᵢ) and a column
    /// the template does not use; the same weights as an array give the same problem.
    @Test func csvDataWithWeightsScaleEachResidualBySqrtW() throws {
        let csv = "x,y,w,note\n1,3,4,7\n2,5,0.25,7\r\n4,9.5,2,7\n"
        let column = try Self.load(
            #"{"kind": "expression", "data": "obs.csv", "residual": "y - a*exp(b*x)", "weights": "w", "x0": [2, 0.5]}"#,
            files: ["obs.csv": csv])
        try Self.check(column, weights: [4, 0.25, 2])
        #expect(column.inputFiles.count == 2 && column.inputFiles[1].hasSuffix("/obs.csv"))
        let array = try Self.load(
            #"{"kind": "expression", "data": "obs.csv", "residual": "y - a*exp(b*x)", "weights": [4, 0.25, 2], "#
                + #""x0": [2, 0.5]}"#,
            files: ["obs.csv": csv])
        try Self.check(array, weights: [4, 0.25, 2])
    }

    /// Natural order (b2 before b10) unless "variables" says otherwise; "parameters" are constants.
    @Test func parametersAreInNaturalOrderOrAsListed() throws {
        let natural = try Self.load("""
            {"kind": "expression", "data": {"t": [0, 1, 2]}, "residual": "b10*t + b2 - k*t^2", "parameters": {"k": 3}}
            """)
        #expect(natural.variables == ["b2", "b10"])
        // r = b10·t + b2 − 3t² at (b2, b10) = (1, 2): (1, 0, −7), f = 50.
        #expect(natural.objective.evaluate(at: [1, 2]).f == 50)
        let listed = try Self.load("""
            {"kind": "expression", "data": {"t": [0, 1, 2]}, "residual": "b10*t + b2 - k*t^2", "parameters": {"k": 3},
             "variables": ["b10", "b2"]}
            """)
        #expect(listed.variables == ["b10", "b2"] && listed.objective.evaluate(at: [2, 1]).f == 50)
    }

    /// `**` is `^`; arctan, arcsin and arccos are atan, asin and acos (f, ∇f bit for bit).
    @Test func aliasesAreTheFunctionsTheyName() throws {
        let pairs = [
            ("x**2*y**-1 + 2**3**0.5", "x^2*y^-1 + 2^3^0.5"), ("arctan(x/y)", "atan(x/y)"),
            ("arcsin(x/4) + arccos(y/4)", "asin(x/4) + acos(y/4)"),
        ]
        for (alias, canonical) in pairs {
            let a = try FormulaProblem.expression(alias), c = try FormulaProblem.expression(canonical)
            let (fa, ga) = a.objective.evaluate(at: [0.7, 1.3]), (fc, gc) = c.objective.evaluate(at: [0.7, 1.3])
            #expect(fa == fc && ga == gc, "\(alias)")
        }
        #expect(try FormulaProblem.expression("x**2").objective.evaluate(at: [3]).f == 9)
        #expect(abs(try FormulaProblem.expression("arctan(x)").objective.evaluate(at: [1]).f - Double.pi / 4) <= 1e-16)
        // NIST's Roszman1 template as shipped, arctan and all.
        let roszman = try ProblemFile.load(path: repositoryPath("problems/nist/roszman1-1.json"))
        #expect(roszman.variables == ["b1", "b2", "b3", "b4"])
    }

    /// `e` in a template is refused (Euler's number or an error term?); in `f` and `residuals` it
    /// stays Euler's number.
    @Test func eIsRefusedInATemplateAndEulersNumberElsewhere() throws {
        #expect(
            Self.refusal(#"{"kind": "expression", "data": {"x": [1, 2]}, "residual": "x - b + e"}"#)
                == "DIR/problem.json: field 'residual': 'e' is ambiguous in a residual template (Euler's number or "
                + "an error term?): write exp(1) for Euler's number, or give the term another name")
        let f = try Self.load(#"{"kind": "expression", "residuals": ["x - e"]}"#)
        #expect(f.objective.evaluate(at: [M_E]).f == 0)
        let exp1 = try Self.load(#"{"kind": "expression", "data": {"x": [1, 2]}, "residual": "x - b*exp(1)"}"#)
        // r = (1 − e, 2 − e) at b = 1.
        let expected = (1 - M_E) * (1 - M_E) + (2 - M_E) * (2 - M_E)
        #expect(abs(exp1.objective.evaluate(at: [1]).f - expected) <= 1e-15 * expected)
    }

    @Test(arguments: [
        (#""data": {"x": [1, 2]}, "residual": "x - b", "residuals": ["x - b"]"#,
         "field 'residual': give \"residual\" (one template applied to every row of \"data\") or \"residuals\" "
            + "(one formula per residual), not both"),
        (#""data": {"x": [1, 2]}, "residual": "x - b", "f": "b^2""#,
         "field 'residual': give \"residual\" (with \"data\", f = Σ wᵢ rᵢ²) or \"f\", not both"),
        (#""residual": "x - b""#,
         "field 'data': is missing: \"residual\" is applied to every row of \"data\" (a CSV file or {\"x\": […], …})"),
        (#""data": {"x": [1, 2]}"#,
         "field 'residual': is missing: \"data\" needs a template applied to every row, as \"y - b1*exp(-b2*x)\""),
        (#""data": {"x": [1, 2]}, "residual": "x - b", "dimension": 2"#,
         "field 'dimension': does not apply to a data fit: its parameters are the residual's names that are not "
            + "columns"),
        (#""data": {"x": [1, 2], "y": [1]}, "residual": "y - b*x""#,
         "field 'data': column 'y' has 1 values, column 'x' 2; every column needs one value per row"),
        (#""data": {"x": [1, "2"]}, "residual": "x - b""#,
         "field 'data': column 'x', element 1 is a string, expected a number"),
        (#""data": {"x": []}, "residual": "x - b""#, "field 'data': has no rows (the columns are empty arrays)"),
        (#""data": {}, "residual": "x - b""#,
         "field 'data': has no columns; expected {\"x\": [numbers], \"y\": [numbers], …}"),
        (#""data": {"x": 3}, "residual": "x - b""#, "field 'data': column 'x' is a number, expected an array of numbers"),
        (#""data": 3, "residual": "x - b""#,
         "field 'data': must be a CSV file's path (a string) or an object of columns ({\"x\": [numbers], …}), not a "
            + "number"),
        (#""data": {"x": [1, 2]}, "residual": "x - b", "parameters": {"x": 1}"#,
         "field 'parameters': 'x' cannot name a parameter (a name of letters, digits and _, not x, n, e, pi or a "
            + "function)"),
        (#""data": {"t": [1, 2]}, "residual": "t - k*b", "parameters": {"t": 1, "k": 2}"#,
         "field 'data': column 't' is also a named constant of \"parameters\"; rename one of them"),
        (#""data": {"pi": [1, 2]}, "residual": "b - 1""#,
         "field 'data': column 'pi' has the name of a constant or function of formulas; rename it"),
        (#""data": {"x": [1, 2]}, "residual": "x - 2""#,
         "field 'residual': has no parameters to fit: every name is a column (x), a constant or a named parameter"),
        (#""data": {"x": [1, 2]}, "residual": "x - b", "variables": ["x"]"#,
         "field 'variables': 'x' is a column of the data, not a parameter to fit"),
        (#""data": {"x": [1, 2]}, "residual": "x - b*c", "variables": ["b"]"#,
         "field 'variables': lacks 'c', which the residual uses and is not a column of the data"),
        (#""data": {"x": [1, 2]}, "residual": "x - b", "variables": ["b", "c"]"#,
         "field 'variables': lists 'c', which the residual does not use"),
        (#""data": {"x": [1, 2]}, "residual": "x - b", "weights": "w""#,
         "field 'weights': names no column of the data ('w'); columns: x"),
        (#""data": {"x": [1, 2]}, "residual": "x - b", "weights": [1]"#,
         "field 'weights': has 1 numbers, expected 2 (one per row of data)"),
        (#""data": {"x": [1, 2]}, "residual": "x - b", "weights": [1, -1]"#,
         "field 'weights': data row 2 has weight -1; weights must be ≥ 0 (rᵢ is multiplied by √wᵢ)"),
        (#""data": {"x": [1, 2]}, "residual": "x - b", "weights": 1"#,
         "field 'weights': must be a column's name or an array of 2 numbers, not a number"),
        (#""data": {"x": [1, 2]}, "residual": "x - (b", "x0": [1]"#,
         "field 'residual': column 7: expected ')' to close the '(' at column 5, found the end of the formula"),
        (#""data": {"x": [1, 2]}, "residual": "x - b", "x0": [1, 2]"#,
         "field 'x0': has 2 numbers, expected 1 (the dimension)"),
        (#""data": {"x": [1, 2]}, "residual": "x - b", "constraints": ["b >= 0"]"#,
         "field 'constraints': unknown field; expected: kind, name, description, data, residual, weights, variables, "
            + "parameters, x0, minimum, minimizer, lower, upper"),
    ])
    func everyBadInlineFileIsRefusedWithItsField(_ fields: String, _ message: String) {
        #expect(Self.refusal(#"{"kind": "expression", "# + fields + "}") == "DIR/problem.json: " + message)
    }

    @Test(arguments: [
        ("x,y\n1,2\n2,abc\n", "DIR/obs.csv: row 3, column 'y': 'abc' is not a number"),
        ("x,y\n1,2\n2\n", "DIR/obs.csv: row 3 has 1 cells, the header 2"),
        ("x,y\n", "DIR/obs.csv: no data rows"),
        ("", "DIR/obs.csv: the file is empty (a header row is expected)"),
        ("x,x\n1,2\n",
         "DIR/obs.csv: the header names column 'x' twice (columns 1 and 2); each column needs its own name"),
    ])
    func everyBadCSVIsRefusedWithTheFileAndCell(_ csv: String, _ message: String) {
        let text = Self.refusal(
            #"{"kind": "expression", "data": "obs.csv", "residual": "y - b*x"}"#, files: ["obs.csv": csv])
        #expect(text == "DIR/problem.json: field 'data': " + message)
    }

    @Test func aMissingCSVIsRefusedWithItsPath() {
        #expect(
            Self.refusal(#"{"kind": "expression", "data": "none.csv", "residual": "y - b*x"}"#)
                == "DIR/problem.json: field 'data': DIR/none.csv: no such file")
    }

    /// m rows × k columns, n parameters: m·k + m·n + 2m doubles of 8 bytes.
    @Test func theMemoryEstimateCountsRowsTimesColumns() {
        let estimate = DataFitTable.memoryEstimate(rows: 1000, columns: 3, parameters: 7)
        #expect(estimate.totalBytes == 8 * (3000 + 7000 + 2000))
        #expect(estimate.parts.map(\.name) == ["data", "Jacobian", "residuals and weights"])
        #expect(!DataFitTable.memoryEstimate(rows: 1 << 40, columns: 100, parameters: 1).fits)
    }
}
