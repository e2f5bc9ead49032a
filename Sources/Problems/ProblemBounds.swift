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
            if s.isEmpty || ["inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"].contains(s) { return .some(nil) }
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
        var copy = self
        do { copy.bounds = try spec.bounds(dimension: dimension) } catch { throw .bounds(problem: name, error) }
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
    /// The fields "lower" and "upper", which every kind accepts: a number for every variable, or
    /// an array with one number or null (no bound) per variable. nil when neither is given.
    func bounds(dimension n: Int) throws(ProblemError) -> Bounds? {
        guard has("lower") || has("upper") else { return nil }
        func side(_ field: String, unbounded: Double) throws(ProblemError) -> [Double] {
            guard let value = object[field] else { return Array(repeating: unbounded, count: n) }
            let spec: BoundsSpec.Side
            switch value {
            case .number(let v): spec = .all(v)
            case .array(let items):
                var entries: [Double?] = []
                for (i, item) in items.enumerated() {
                    switch item {
                    case .number(let v): entries.append(v)
                    case .null: entries.append(nil)
                    default: throw error(field, "element \(i) is \(item.kindName), expected a number or null")
                    }
                }
                spec = .each(entries)
            default: throw error(field, "must be a number or an array of numbers and nulls, not \(value.kindName)")
            }
            do { return try spec.values(dimension: n, unbounded: unbounded) } catch {
                throw self.error(field, "must have \(n) elements (the problem's dimension), got \(error.givenCount)")
            }
        }
        let lower = try side("lower", unbounded: -.infinity), upper = try side("upper", unbounded: .infinity)
        do { return try Bounds(lower: lower, upper: upper) } catch {
            if case .invalidUpper = error { throw self.error("upper", error.description) }
            throw self.error("lower", error.description)
        }
    }
}
