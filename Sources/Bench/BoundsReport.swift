import Optim
import Problems

/// What a report says about a bounded problem: whether x₀ was projected into the box, and the
/// active set at the result (which bounds bind).
extension RunReport {
    /// The bounds that bind at the result (x exactly on them), or nil for an unbounded problem.
    public var activeSet: [ActiveBound]? { problem.bounds.map { $0.activeSet(at: result.x) } }

    /// Text lines for the summary (none without bounds).
    var boundsLines: [String] {
        guard let active = activeSet else { return [] }
        var lines: [String] = []
        if problem.startIsOutsideBounds { lines.append("start         x₀ was outside the box: the run started from its projection") }
        let shown = active.prefix(6).map { "x[\($0.index)] = \(NumberStyle.format($0.value)) (\($0.side.rawValue))" }.joined(separator: ", ")
        lines.append("active set    \(active.count) of \(problem.dimension) variables on a bound\(active.isEmpty ? "" : ": " + shown)\(active.count > 6 ? ", …" : "")")
        return lines
    }

    /// JSON members: `start_projected` and `active_set` ([{index, bound, value}], null without bounds).
    var boundsMembers: [(String, String)] {
        typealias W = JSONWriter
        guard let active = activeSet else { return [("start_projected", "null"), ("active_set", "null")] }
        let items = active.map { W.object([("index", String($0.index)), ("bound", W.string($0.side.rawValue)), ("value", W.number($0.value))]) }
        return [("start_projected", problem.startIsOutsideBounds ? "true" : "false"), ("active_set", "[" + items.joined(separator: ",") + "]")]
    }
}
