import Foundation

/// How the charts tell series apart: a colour, a dash pattern and a marker shape per series,
/// so that curves lying on top of each other stay distinguishable, and the special marks
/// (a run's failure ×, a floor ▼).
enum ChartMarks {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
    /// stroke-dasharray values; "" is solid.
    static let dashes = ["", "7 3", "2 3", "10 3 2 3", "4 4", "12 3 2 3 2 3"]

    enum Shape: CaseIterable { case circle, square, triangle, diamond, plus, star }

    static func color(_ index: Int) -> String { palette[index % palette.count] }
    static func dash(_ index: Int) -> String { dashes[index % dashes.count] }
    static func shape(_ index: Int) -> Shape { Shape.allCases[index % Shape.allCases.count] }

    /// ` stroke-dasharray="…"` for series `index`, or nothing for a solid line.
    static func dashAttribute(_ index: Int) -> String {
        dash(index).isEmpty ? "" : " stroke-dasharray=\"\(dash(index))\""
    }

    /// A hollow marker of `shape` centred at (x, y).
    static func marker(_ shape: Shape, x: Double, y: Double, color: String, size r: Double = 3.5) -> String {
        let f = SVGText.number
        let style = "fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.4\""
        switch shape {
        case .circle:
            return "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r))\" \(style)/>\n"
        case .square:
            return "<rect x=\"\(f(x - r))\" y=\"\(f(y - r))\" width=\"\(f(2 * r))\" height=\"\(f(2 * r))\" \(style)/>\n"
        case .triangle:
            return
                "<polygon points=\"\(f(x)),\(f(y - 1.2 * r)) \(f(x + 1.1 * r)),\(f(y + 0.8 * r)) "
                    + "\(f(x - 1.1 * r)),\(f(y + 0.8 * r))\" \(style)/>\n"
        case .diamond:
            return
                "<polygon points=\"\(f(x)),\(f(y - 1.3 * r)) \(f(x + r)),\(f(y)) \(f(x)),\(f(y + 1.3 * r)) "
                    + "\(f(x - r)),\(f(y))\" \(style)/>\n"
        case .plus:
            return
                "<path d=\"M\(f(x - 1.2 * r)) \(f(y))H\(f(x + 1.2 * r))M\(f(x)) \(f(y - 1.2 * r))V\(f(y + 1.2 * r))\" "
                    + "stroke=\"\(color)\" stroke-width=\"1.8\"/>\n"
        case .star:
            let points = (0..<10).map { k -> String in
                let angle = Double(k) * .pi / 5 - .pi / 2, radius = k % 2 == 0 ? 1.4 * r : 0.6 * r
                return "\(f(x + radius * cos(angle))),\(f(y + radius * sin(angle)))"
            }
            return "<polygon points=\"\(points.joined(separator: " "))\" \(style)/>\n"
        }
    }

    /// The × that marks where a failed run ended.
    static func cross(x: Double, y: Double, color: String, size r: Double = 5.5) -> String {
        let f = SVGText.number
        return
            "<path class=\"failure\" d=\"M\(f(x - r)) \(f(y - r))L\(f(x + r)) \(f(y + r))M\(f(x - r)) "
                + "\(f(y + r))L\(f(x + r)) \(f(y - r))\" "
            + "stroke=\"\(color)\" stroke-width=\"2.6\"/>\n"
    }

    /// The ▼ (tip on the floor line) that marks a point drawn at the floor of a log axis (its
    /// value is ≤ 0); hollow, so that the markers of several series at one point, given
    /// different sizes, nest visibly.
    static func floor(x: Double, y: Double, color: String, size r: Double = 5) -> String {
        let f = SVGText.number
        return
            "<polygon class=\"floor\" points=\"\(f(x - r)),\(f(y - 1.6 * r)) \(f(x + r)),\(f(y - 1.6 * r)) "
                + "\(f(x)),\(f(y))\" "
            + "fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\"/>\n"
    }

    /// Indices of about `limit` of `count` points, evenly spread, shifted by `phase` ∈ [0, 1)
    /// of a stride so that the markers of curves drawn on top of each other do not coincide.
    static func spread(count: Int, limit: Int, phase: Double) -> [Int] {
        guard count > limit else { return Array(0..<count) }
        let stride = Double(count - 1) / Double(limit - 1)
        return (0..<limit).compactMap { k in
            let i = Int((Double(k) + phase) * stride)
            return i < count ? i : nil
        }
    }
}
