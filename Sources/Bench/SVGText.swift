import Foundation

/// Text in the SVG pictures: escaping, subscripts, a width estimate for laying out legends,
/// and coordinates as written.
enum SVGText {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }

    /// `s` escaped, with every `_{…}` written as a subscript (a smaller `tspan` shifted down,
    /// and the text after it shifted back): `‖A‖_{F}` → ‖A‖ with a subscript F.
    static func rich(_ s: String) -> String {
        let parts = s.components(separatedBy: "_{")
        var out = escape(parts[0])
        for part in parts.dropFirst() {
            guard let close = part.firstIndex(of: "}") else {
                out += escape("_{" + part)
                continue
            }
            out += "<tspan dy=\"4\" font-size=\"9\">\(escape(String(part[..<close])))</tspan>"
                + "<tspan dy=\"-4\">\(escape(String(part[part.index(after: close)...])))</tspan>"
        }
        return out
    }

    /// An upper estimate of the width of `s` in pixels at `fontSize`, from per-character
    /// advance widths close to DejaVu Sans's (the widest common sans-serif): legends are laid
    /// out with it so that their boxes hold their longest entry.
    static func width(_ s: String, fontSize: Double = 12) -> Double {
        var em = 0.0
        for c in s.replacingOccurrences(of: "_{", with: "").replacingOccurrences(of: "}", with: "") {
            switch c {
            case "i", "l", "j", "I", ".", ",", ":", ";", "'", "|", "!": em += 0.32
            case " ", "f", "t", "r", "(", ")", "[", "]", "-": em += 0.44
            case "m", "w", "M", "W", "@", "%": em += 1.0
            case "=", "+", "<", ">", "~", "×", "≤", "≥", "−", "∇", "‖": em += 0.86
            case _ where c.isUppercase: em += 0.78
            case _ where c.isASCII: em += 0.66
            default: em += 0.9
            }
        }
        return em * fontSize
    }

    /// A coordinate with one decimal.
    static func number(_ v: Double) -> String { String(format: "%.1f", v) }

    /// A tick label: an integer when the value is one, else the %g form with the exponent
    /// unpadded, as `NumberStyle` writes numbers elsewhere (1e-5, not 1e-05).
    static func label(_ v: Double) -> String {
        guard !(v == v.rounded() && abs(v) < 1e9) else { return String(Int(v)) }
        let text = String(format: "%g", v)
        guard let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) else { return text }
        return "\(text[..<e])e\(exponent)"
    }

    /// The opening of a standalone SVG document of this size, on a white background.
    static func header(width: Double, height: Double) -> String {
        let w = Int(width.rounded(.up)), h = Int(height.rounded(.up))
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" "
            + "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    }
}
