import Foundation

/// How numbers are shown to people (lists, help, messages): integers as integers, magnitudes
/// below 10⁻³ or from 10⁶ in exponent form without padding (`1e-4`, `7.08765e-5`, `2e6`),
/// others in their shortest decimal form (`0.9`, `85822.2`).
package enum NumberStyle {
    package static func format(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
        let magnitude = abs(v)
        if v == v.rounded(), magnitude < 1e6 { return String(Int64(v)) }
        guard magnitude != 0, magnitude < 1e-3 || magnitude >= 1e6 else { return "\(v)" }
        // The fewest digits that read back as v (%.15e alone writes 1e-11 as 9.999999999999999e-12),
        // then the mantissa's trailing zeros and the exponent's padding dropped.
        let digits = (0..<16).first { Double(String(format: "%.\($0)e", v)) == v } ?? 16
        let parts = String(format: "%.\(digits)e", v).split(separator: "e")
        var mantissa = String(parts[0])
        while mantissa.hasSuffix("0") { mantissa.removeLast() }
        if mantissa.hasSuffix(".") { mantissa.removeLast() }
        let exponent = Int(parts[1])!
        return "\(mantissa)e\(exponent)"
    }
}
