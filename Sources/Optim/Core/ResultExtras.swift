/// What one method alone can say about its result, beside the fields every run has: an ordered
/// list of named, typed values that the solver's `finish` fills (OWL-QN: `l1`, the terms of
/// F = f + λ‖x‖₁; L-BFGS-B on a box: `active_set`; a trust region: its final radius). Reports
/// write it as one `extras` object, and only for runs whose method produced some.
public struct ResultExtras: Sendable, Equatable {
    /// A typed value: numbers, counts, text, lists and nested records.
    public indirect enum Value: Sendable, Equatable {
        case real(Double)
        case integer(Int)
        case text(String)
        case list([Value])
        case record(ResultExtras)

        public var real: Double? {
            switch self {
            case .real(let v): v
            case .integer(let v): Double(v)
            default: nil
            }
        }
        public var integer: Int? { if case .integer(let v) = self { v } else { nil } }
        public var text: String? { if case .text(let v) = self { v } else { nil } }
        public var list: [Value]? { if case .list(let v) = self { v } else { nil } }
        public var record: ResultExtras? { if case .record(let v) = self { v } else { nil } }
    }

    /// One named value.
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let value: Value
        public init(_ name: String, _ value: Value) {
            self.name = name
            self.value = value
        }
    }

    /// The values, in the order the method gave them (names are unique).
    public private(set) var entries: [Entry]

    public init(_ entries: [Entry] = []) {
        self.entries = []
        for entry in entries { self[entry.name] = entry.value }
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The value named `name`; setting a name again replaces its value in place.
    public subscript(name: String) -> Value? {
        get { entries.first { $0.name == name }?.value }
        set {
            if let i = entries.firstIndex(where: { $0.name == name }) {
                if let newValue { entries[i] = Entry(name, newValue) } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append(Entry(name, newValue))
            }
        }
    }

    /// The union of two sets of extras, `other`'s values replacing these of the same name.
    public func merging(_ other: ResultExtras?) -> ResultExtras {
        var merged = self
        for entry in other?.entries ?? [] { merged[entry.name] = entry.value }
        return merged
    }
}
