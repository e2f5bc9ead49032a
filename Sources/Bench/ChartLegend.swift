import Foundation

/// A legend box sized to its entries: each a line sample in the series' colour and dash
/// pattern (with its marker, a × for a failed run, or a ▼ for the floor), then its text.
struct ChartLegend {
    struct Entry {
        enum Sample { case line(shape: ChartMarks.Shape?, failed: Bool), floor, marker(ChartMarks.Shape) }
        var text: String
        var color: String
        var dash: String
        var sample: Sample
    }

    var entries: [Entry]

    static let sampleWidth = 34.0, rowHeight = 20.0, padding = 8.0, gap = 8.0

    /// Wide enough for the longest text by `SVGText.width`.
    var width: Double {
        Self.padding + Self.sampleWidth + Self.gap + (entries.map { SVGText.width($0.text) }.max() ?? 0) + Self.padding
    }
    var height: Double { Double(entries.count) * Self.rowHeight + Self.padding }

    /// The box with its top-left corner at (x, y).
    func svg(x: Double, y: Double) -> String {
        guard !entries.isEmpty else { return "" }
        let f = SVGText.number
        var out =
            "<rect class=\"legend\" x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" "
                + "fill=\"white\" "
            + "fill-opacity=\"0.9\" stroke=\"#bbb\"/>\n"
        for (i, entry) in entries.enumerated() {
            let cy = y + Self.padding / 2 + Self.rowHeight * (Double(i) + 0.5)
            let x0 = x + Self.padding, x1 = x0 + Self.sampleWidth
            switch entry.sample {
            case .line(let shape, let failed):
                let dash = entry.dash.isEmpty ? "" : " stroke-dasharray=\"\(entry.dash)\""
                out +=
                    "<line x1=\"\(f(x0))\" y1=\"\(f(cy))\" x2=\"\(f(x1))\" y2=\"\(f(cy))\" stroke=\"\(entry.color)\" "
                        + "stroke-width=\"2\"\(dash)/>\n"
                if let shape { out += ChartMarks.marker(shape, x: (x0 + x1) / 2, y: cy, color: entry.color) }
                if failed { out += ChartMarks.cross(x: x1 - 4, y: cy, color: entry.color, size: 4.5) }
            case .floor:
                out += ChartMarks.floor(x: (x0 + x1) / 2, y: cy + 4, color: entry.color)
            case .marker(let shape):
                out += ChartMarks.marker(shape, x: (x0 + x1) / 2, y: cy, color: entry.color, size: 5)
            }
            out += "<text x=\"\(f(x1 + Self.gap))\" y=\"\(f(cy + 4))\">\(SVGText.rich(entry.text))</text>\n"
        }
        return out
    }
}
