import Optim

/// General constraints l ≤ c(x) ≤ u computed by the program that computes f (`exec:`, problem files
/// of kind "program", `pipe`), over the same pipe. OptBench asks for f and ∇f with a bare JSON
/// array x, as without constraints, and for the constraints with a JSON object:
///
///     {"want": ["c"], "x": [x₁, …]}        →  {"c": [c₁, …, cₘ]}
///     {"want": ["J"], "x": […]}             →  {"J": [[∂c₁/∂x₁, …], …, [∂cₘ/∂x₁, …]]}
///     {"want": ["c", "J"], "x": […]}        →  both members
///
/// J is dense and row-major: m rows of n numbers (row i = ∇cᵢ(x)ᵀ), or one flat array of m·n
/// numbers in that order. A product Jv or Jᵀw is one request for J (with c for Jᵀw, whose weights
/// read c) formed here, and counted as a product, so every request the program sees is counted once:
/// c evaluations + Jacobians + products. An answer of the wrong shape fails the run as a malformed
/// f answer does (`ExternalObjective`), naming the member and what was expected.
final class ProgramConstraints: ConstraintFunctions {
    let external: ExternalObjective
    let lower: [Double]
    let upper: [Double]
    let isLinear: [Bool]
    let descriptions: [String]
    /// J for products, m × n row-major.
    private let dense: UnsafeMutableBufferPointer<Double>

    /// - Parameters: `lower`/`upper` the m sides (±∞ for none), `linear` which cᵢ are affine.
    init(external: ExternalObjective, lower: [Double], upper: [Double], linear: [Bool]) {
        self.external = external
        self.lower = lower
        self.upper = upper
        isLinear = linear
        descriptions = lower.indices.map { i in
            let c = "c[\(i + 1)]"
            if lower[i] == upper[i] { return "\(c) == \(NumberText.format(lower[i]))" }
            if lower[i].isFinite && upper[i].isFinite {
                return "\(NumberText.format(lower[i])) <= \(c) <= \(NumberText.format(upper[i]))"
            }
            return lower[i].isFinite
                ? "\(c) >= \(NumberText.format(lower[i]))" : "\(c) <= \(NumberText.format(upper[i]))"
        }
        dense = .allocate(capacity: max(lower.count * external.dimension, 1))
        dense.initialize(repeating: 0)
        external.answerWidth = external.dimension * (lower.count + 1) + lower.count
    }

    deinit { dense.deallocate() }

    var dimension: Int { external.dimension }
    var count: Int { lower.count }

    func values(at x: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>) {
        external.constraints(at: x, values: values, jacobian: nil)
    }

    func jacobian(at x: UnsafeBufferPointer<Double>, into jacobian: UnsafeMutableBufferPointer<Double>) {
        external.constraints(at: x, values: nil, jacobian: jacobian)
    }

    func valuesAndTransposeProduct(
        at x: UnsafeBufferPointer<Double>, values: UnsafeMutableBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>, weight: (_ i: Int, _ value: Double) -> Double
    ) {
        external.constraints(at: x, values: values, jacobian: dense)
        DenseConstraintJacobian.addTransposeProduct(
            dense, count: count, dimension: dimension, values: values, weight: weight, into: out)
    }

    func product(
        at x: UnsafeBufferPointer<Double>, direction v: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        external.constraints(at: x, values: nil, jacobian: dense)
        DenseConstraintJacobian.product(dense, count: count, dimension: dimension, direction: v, into: out)
    }
}

extension ExternalObjective {
    /// Asks the program for c(x) (into `values`, m elements) and/or J(x) (into `jacobian`, m × n
    /// row-major) in one request. On any failure (then `failure` is set) both are NaN.
    func constraints(
        at x: UnsafeBufferPointer<Double>, values: UnsafeMutableBufferPointer<Double>?,
        jacobian: UnsafeMutableBufferPointer<Double>?
    ) {
        values?.update(repeating: .nan)
        jacobian?.update(repeating: .nan)
        guard failure == nil else { return }
        let want = (values == nil ? [] : ["c"]) + (jacobian == nil ? [] : ["J"])
        encode(x)
        request.removeLast()  // the newline
        request.insert(
            contentsOf: ("{\"want\": [" + want.map { "\"\($0)\"" }.joined(separator: ", ") + "], \"x\": ").utf8, at: 0)
        request.append(contentsOf: "}\n".utf8)
        guard let (line, number) = exchange(label: { "evaluation \($0) (\(want.joined(separator: ", ")))" }) else {
            return
        }
        let named = "evaluation \(number) (\(want.joined(separator: ", ")))"
        let expected = "{" + want.map { "\"\($0)\": […]" }.joined(separator: ", ") + "}"
        guard let (fields, shown) = answerFields(line, named: named, expected: expected) else { return }
        for (member, buffer) in [("c", values), ("J", jacobian)] {
            guard let buffer else { continue }
            guard let value = fields[member] else {
                _ = fail("\(who)'s answer to \(named) has no \"\(member)\": '\(shown())'")
                break
            }
            let read = member == "c"
                ? readNumbers(value, field: "c", named: named, into: buffer)
                : readJacobian(value, named: named, into: buffer)
            if !read { break }
        }
        if failure != nil {
            values?.update(repeating: .nan)
            jacobian?.update(repeating: .nan)
        }
    }

    /// "J": m rows of n numbers, or m·n numbers row-major.
    private func readJacobian(_ value: JSONValue, named: String, into out: UnsafeMutableBufferPointer<Double>) -> Bool {
        let n = dimension, m = out.count / max(n, 1)
        guard case .array(let rows) = value, case .array? = rows.first else {
            return readNumbers(value, field: "J", named: named, into: out)
        }
        guard rows.count == m else {
            _ = fail("\(who)'s answer to \(named): \"J\" has \(rows.count) rows, expected \(m) rows of \(n) numbers")
            return false
        }
        for (i, row) in rows.enumerated() {
            let part = UnsafeMutableBufferPointer(rebasing: out[(i * n)..<((i + 1) * n)])
            guard readNumbers(row, field: "J[\(i)]", named: named, into: part) else { return false }
        }
        return true
    }
}

/// The sides lᵢ ≤ cᵢ ≤ uᵢ of a program's constraints, as declared before the run: by a problem file's
/// `"constraints": {"lower": […], "upper": […], "linear": […]}`, or by `--constraint` comparisons of
/// `c` with numbers for `exec:` and `pipe` (`c >= 25`, `c == 40`, `0 <= c <= 1`: one per constraint,
/// in the order of the program's c).
public struct ProgramConstraintSides: Sendable, Equatable {
    public var lower: [Double]
    public var upper: [Double]
    public var linear: [Bool]

    /// From `--constraint` comparisons of `c`.
    /// - Throws: `.constraint` naming the text at fault.
    static func comparisons(_ texts: [String]) throws(ProblemError) -> ProgramConstraintSides {
        var sides = ProgramConstraintSides(lower: [], upper: [], linear: [])
        for text in texts {
            let parsed: ParsedConstraint
            do { parsed = try FormulaConstraintParser.parse(text) } catch { throw .constraint(text, error) }
            guard case .name("c", _) = parsed.expression else {
                throw .constraint(
                    text,
                    FormulaError(
                        "a program's constraint compares c, its next value, with numbers ('c <= 1', 'c >= 0', "
                            + "'c == 2', '0 <= c <= 1')", at: parsed.expression.column))
            }
            sides.lower.append(parsed.lower)
            sides.upper.append(parsed.upper)
            sides.linear.append(false)
        }
        return sides
    }

    /// From a problem file's "constraints" object; nil when the file has none.
    static func file(_ fields: ProblemFile.Fields) throws(ProblemError) -> ProgramConstraintSides? {
        guard let value = fields.object["constraints"] else { return nil }
        let expected = "{\"lower\": [numbers or null], \"upper\": [numbers or null], \"linear\": [booleans]}"
        guard case .object(let members) = value else {
            throw fields.error("constraints", "must be an object \(expected), not \(value.kindName)")
        }
        if let unknown = members.keys.sorted().first(where: { !["lower", "upper", "linear"].contains($0) }) {
            throw fields.error("constraints", "unknown member \"\(unknown)\"; expected \(expected)")
        }
        func side(_ name: String, none: Double) throws(ProblemError) -> [Double]? {
            guard let member = members[name] else { return nil }
            guard case .array(let items) = member else {
                throw fields.error(
                    "constraints", "\"\(name)\" is \(member.kindName), expected an array of numbers or null")
            }
            var result: [Double] = []
            for (i, item) in items.enumerated() {
                switch item {
                case .number(let v) where !v.isNaN: result.append(v)
                case .null: result.append(none)
                default:
                    throw fields.error(
                        "constraints", "\"\(name)\"[\(i)] is \(item.kindName), expected a number or null")
                }
            }
            return result
        }
        let low = try side("lower", none: -.infinity), high = try side("upper", none: .infinity)
        guard let m = low?.count ?? high?.count, m > 0 else {
            throw fields.error("constraints", "needs \"lower\" or \"upper\" with one entry per constraint")
        }
        let lower = low ?? Array(repeating: -.infinity, count: m)
        let upper = high ?? Array(repeating: .infinity, count: m)
        guard upper.count == m else {
            throw fields.error("constraints", "\"upper\" has \(upper.count) entries, \"lower\" \(m): expected as many")
        }
        var linear = Array(repeating: false, count: m)
        if let given = members["linear"] {
            guard case .array(let items) = given, items.count == m else {
                throw fields.error("constraints", "\"linear\" must be an array of \(m) booleans")
            }
            for (i, item) in items.enumerated() {
                guard case .bool(let b) = item else {
                    throw fields.error("constraints", "\"linear\"[\(i)] is \(item.kindName), expected true or false")
                }
                linear[i] = b
            }
        }
        let sides = ProgramConstraintSides(lower: lower, upper: upper, linear: linear)
        if let reason = sides.fault { throw fields.error("constraints", reason) }
        return sides
    }

    /// Why the sides are no constraints (a lower side above the upper one, or neither side), or nil.
    var fault: String? {
        for i in lower.indices {
            if lower[i] > upper[i] {
                return "constraint \(i + 1): the lower side \(NumberText.format(lower[i])) is above the upper side "
                    + NumberText.format(upper[i])
            }
            if lower[i] == -.infinity && upper[i] == .infinity || lower[i] == .infinity || upper[i] == -.infinity {
                return "constraint \(i + 1) has no finite side"
            }
        }
        return nil
    }
}
