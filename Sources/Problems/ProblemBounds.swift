import Foundation
import Optim

/// Box bounds as people give them, before the dimension is known: per side, one number for
/// every variable or one entry per variable (nil: that variable has no bound on that side).
/// Problem files write them `"lower": -1` or `"upper": [1, null, 2]`; the command line
/// `--bounds LO:HI`.
public struct BoundsSpec: Sendable, Equatable {
    public enum Side: Sendable, Equatable {
        case all(Double)
        case each([Double?])

        /// The n values of this side; an absent entry is `unbounded` (−∞ or +∞).
        func values(dimension n: Int, unbounded: Double) throws(BoundsError) -> [Double] {
            switch self {
            case .all(let v): return Array(repeating: v, count: n)
            case .each(let entries):
                guard entries.count == n else { throw .wrongLength(given: entries.count, expected: n) }
                return entries.map { $0 ?? unbounded }
            }
        }
    }

    public var lower: Side?
    public var upper: Side?

    public init(lower: Side?, upper: Side?) {
        self.lower = lower
        self.upper = upper
    }

    /// The bounds of an n-variable problem, checked (`Bounds.init`).
    public func bounds(dimension n: Int) throws(BoundsError) -> Bounds {
        let l = try lower?.values(dimension: n, unbounded: -.infinity) ?? Array(repeating: -.infinity, count: n)
        let u = try upper?.values(dimension: n, unbounded: .infinity) ?? Array(repeating: .infinity, count: n)
        return try Bounds(lower: l, upper: u)
    }

    /// `LO:HI` with either side empty, `inf`, `-inf` or `+inf` for none (the same on every variable).
    public static func parse(_ text: String) -> BoundsSpec? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        func side(_ part: Substring) -> Side?? {
            let s = part.trimmingCharacters(in: .whitespaces).lowercased()
            if s.isEmpty || ["inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"].contains(s) {
                return .some(nil)
            }
            guard let v = Double(s), v.isFinite else { return nil }
            return .some(.all(v))
        }
        guard let lower = side(parts[0]), let upper = side(parts[1]) else { return nil }
        return BoundsSpec(lower: lower, upper: upper)
    }
}

extension TestProblem {
    /// The same problem on the box `spec` gives.
    /// - Throws: `.bounds` when the bounds are malformed for this problem.
    public func bounded(by spec: BoundsSpec) throws(ProblemError) -> TestProblem {
        let box: Bounds
        do { box = try spec.bounds(dimension: dimension) } catch { throw .bounds(problem: name, error) }
        return on(box)
    }

    /// The same problem on `box`. x* and f* are kept only when x* is known and inside the box
    /// (otherwise the box's minimizer is another point, not known in advance). Finite differences
    /// of f then stay inside the box (`FiniteDifferenceGradient`).
    func on(_ box: Bounds) -> TestProblem {
        let keep = minimizer.map { box.project($0) == $0 } ?? false
        let confined = (objective as? any BoxConfinableObjective)?.confinedObjective(to: box) ?? objective
        var copy = TestProblem(
            name: name, objective: confined, start: start, minimizer: keep ? minimizer : nil,
            minimum: keep ? minimum : nil,
            metrics: metrics, variables: variables, gradientSource: gradientSource)
        copy.inputFiles = inputFiles
        copy.bounds = box
        copy.constraints = constraints
        return copy
    }

    /// Whether the start lies outside the problem's box (a bounded solver starts from its projection).
    public var startIsOutsideBounds: Bool {
        guard let bounds else { return false }
        return bounds.project(start) != start
    }
}

extension BoundsError {
    /// The entries given, for `.wrongLength`.
    var givenCount: Int {
        if case .wrongLength(let given, _) = self { return given }
        return 0
    }
}

extension ProblemFile.Fields {
    /// The fields "lower" and "upper" (every kind, and a --bounds file): a number for every
    /// variable, or an array with one number or null (no bound) per variable. nil when neither is given.
    func boundsSpec() throws(ProblemError) -> BoundsSpec? {
        guard has("lower") || has("upper") else { return nil }
        func side(_ field: String) throws(ProblemError) -> BoundsSpec.Side? {
            guard let value = object[field] else { return nil }
            switch value {
            case .number(let v): return .all(v)
            case .array(let items):
                var entries: [Double?] = []
                for (i, item) in items.enumerated() {
                    switch item {
                    case .number(let v): entries.append(v)
                    case .null: entries.append(nil)
                    default: throw error(field, "element \(i) is \(item.kindName), expected a number or null")
                    }
                }
                return .each(entries)
            default: throw error(field, "must be a number or an array of numbers and nulls, not \(value.kindName)")
            }
        }
        return BoundsSpec(lower: try side("lower"), upper: try side("upper"))
    }

    /// The box of an n-variable problem from "lower" and "upper" (nil when neither is given);
    /// errors name the field at fault.
    func bounds(dimension n: Int) throws(ProblemError) -> Bounds? {
        guard let spec = try boundsSpec() else { return nil }
        for (field, side) in [("lower", spec.lower), ("upper", spec.upper)] {
            if case .each(let entries) = side, entries.count != n {
                throw error(field, "must have \(n) elements (the problem's dimension), got \(entries.count)")
            }
        }
        do { return try spec.bounds(dimension: n) } catch {
            if case .invalidUpper = error { throw self.error("upper", error.description) }
            throw self.error("lower", error.description)
        }
    }
}

extension BoundsSpec {
    /// A JSON file `{"lower": …, "upper": …}` (each a number or an array of numbers and nulls).
    public static func load(path: String) throws(ProblemError) -> BoundsSpec {
        let data: Data
        do { data = try InputFile.read(path) } catch { throw .file(path: path, field: nil, message: error.reason) }
        let root: JSONValue
        do { root = try JSON.parse([UInt8](data)) } catch {
            throw .file(path: path, field: nil, message: "is not valid JSON (\(error))")
        }
        guard case .object(let object) = root else {
            throw .file(path: path, field: nil, message: "must hold a JSON object, not \(root.kindName)")
        }
        let fields = ProblemFile.Fields(path: path, object: object)
        if let unknown = object.keys.sorted().first(where: { $0 != "lower" && $0 != "upper" }) {
            throw fields.error(unknown, "unknown field; expected: lower, upper")
        }
        guard let spec = try fields.boundsSpec() else {
            throw .file(path: path, field: nil, message: "has neither \"lower\" nor \"upper\"")
        }
        return spec
    }
}
