import Optim

/// Builds compact JSON text. Doubles are written in Swift's shortest round-trip form;
/// NaN and ±∞, which JSON cannot express, are written as null.
public enum JSONWriter {
    public static func number(_ v: Double) -> String {
        guard v.isFinite else { return "null" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    public static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    public static func array(_ values: [Double]) -> String {
        var out = "["
        out.reserveCapacity(values.count * 20 + 2)
        for (i, v) in values.enumerated() {
            if i > 0 { out += "," }
            out += number(v)
        }
        return out + "]"
    }

    /// A method's extras as one object, its values in their order (integers as integers,
    /// non-finite reals as null).
    public static func extras(_ extras: ResultExtras) -> String {
        func value(_ v: ResultExtras.Value) -> String {
            switch v {
            case .real(let x): number(x)
            case .integer(let i): String(i)
            case .text(let s): string(s)
            case .list(let items): "[" + items.map(value).joined(separator: ",") + "]"
            case .record(let r): JSONWriter.extras(r)
            }
        }
        return object(extras.entries.map { ($0.name, value($0.value)) })
    }

    /// An object from already-encoded member values, in the given order.
    public static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}
