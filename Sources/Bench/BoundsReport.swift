import Optim
import Problems

/// What a report says about a bounded problem: whether x₀ was projected into the box, and the
/// active set at the result (which bounds bind), as the bounded solver reported it in its extras.
extension RunReport {
    /// The bounds that bind at the result (x exactly on them), from the run's extras
    /// (`active_set`), or nil when the method reported none (an unbounded problem).
    public var activeSet: [ActiveBound]? { result.activeSet }

    /// Text lines for the summary (none without bounds).
    var boundsLines: [String] {
        guard let active = activeSet else { return [] }
        var lines: [String] = []
        if problem.startIsOutsideBounds {
            lines.append("start         x₀ was outside the box: the run started from its projection")
        }
        let shown = active.prefix(6).map { "x[\($0.index)] = \(NumberStyle.format($0.value)) (\($0.side.rawValue))" }
            .joined(separator: ", ")
        lines.append(
            "active set    \(active.count) of \(problem.dimension) variables on a "
                + "bound\(active.isEmpty ? "" : ": " + shown)\(active.count > 6 ? ", …" : "")"
        )
        return lines
    }

}

extension OptimizationResult {
    /// The extras' `active_set` (a bounded run's) as typed bounds, or nil.
    public var activeSet: [ActiveBound]? {
        guard let items = extras?["active_set"]?.list else { return nil }
        return items.compactMap { item in
            guard let r = item.record, let index = r["index"]?.integer,
                let side = r["bound"]?.text.flatMap(ActiveBound.Side.init(rawValue:)),
                let value = r["value"]?.real
            else { return nil }
            return ActiveBound(index: index, side: side, value: value)
        }
    }
}
