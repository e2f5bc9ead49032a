/// One documented parameter of a configurable type (a solver, a line search, a learning-rate
/// schedule, the stopping rules): the name people use (`--key` on the command line, `key=value`
/// after a solver in `compare --solvers`, `InvalidParameter.name` in the library), the property
/// it sets (a key path into `Root`), its accepted values and one line of meaning.
///
/// Its default is not written here: it is the property's value in a value made by the type's
/// `init()`, so the initializer is the one place a default lives.
public struct Parameter<Root>: Sendable {
    public let key: String
    public let summary: String
    public let kind: ParameterKind
    /// It must be given: the type has no default for it (a fixed-step method's learning rate).
    public let isRequired: Bool
    /// What the default means when the value alone does not say it ("none" for an unset
    /// optional, "step if decay is given, else constant"); nil: the default value itself.
    public let defaultNote: String?
    /// What is expected of it relative to other parameters ("c1 < c2 < 1"), said when a check
    /// across parameters refuses it; nil when it has no such relation.
    public let relation: String?
    /// It tunes the trial step a line search starts from, so it is moot (and refused) with a
    /// line search that picks α itself.
    public let shapesTrialStep: Bool
    /// A capability the objective must have for the parameter to mean anything (LM's xtol,
    /// gtol, factor and scale need the Jacobian). Nil: it always applies.
    public let onlyWith: ObjectiveCapability?
    let read: @Sendable (Root) -> ParameterValue?
    let write: @Sendable (inout Root, ParameterValue) -> Void

    init(
        key: String, summary: String, kind: ParameterKind, isRequired: Bool = false, defaultNote: String? = nil,
        relation: String? = nil, shapesTrialStep: Bool = false, onlyWith: ObjectiveCapability? = nil,
        read: @escaping @Sendable (Root) -> ParameterValue?,
        write: @escaping @Sendable (inout Root, ParameterValue) -> Void
    ) {
        self.key = key
        self.summary = summary
        self.kind = kind
        self.isRequired = isRequired
        self.defaultNote = defaultNote
        self.relation = relation
        self.shapesTrialStep = shapesTrialStep
        self.onlyWith = onlyWith
        self.read = read
        self.write = write
    }

    /// The parameter's value in `root` (nil: an optional left unset).
    public func value(in root: Root) -> ParameterValue? { read(root) }

    /// `root` with the parameter set to `value` (of its kind; other kinds are ignored).
    public func set(_ value: ParameterValue, in root: inout Root) { write(&root, value) }

    /// Throws unless `value` is of the parameter's kind and in its range.
    public func check(_ value: ParameterValue) throws(InvalidParameter) {
        if !kind.accepts(value) { throw InvalidParameter(name: key, value: value.description, expected: kind.expected) }
    }

    /// The same parameter on a part of a larger configuration: a trust-region method's
    /// subproblem (`\TrustRegion.subproblem`), a fixed-step method's step control.
    public func lifted<Outer>(_ path: WritableKeyPath<Outer, Root> & Sendable) -> Parameter<Outer> {
        let read = self.read, write = self.write
        return Parameter<Outer>(
            key: key, summary: summary, kind: kind, isRequired: isRequired, defaultNote: defaultNote,
            relation: relation, shapesTrialStep: shapesTrialStep, onlyWith: onlyWith,
            read: { read($0[keyPath: path]) }, write: { write(&$0[keyPath: path], $1) })
    }

    /// Type-erased, with the default read off `defaults` (a value made by `init()`).
    public func info(defaults: Root) -> ParameterInfo {
        let value = isRequired ? nil : read(defaults)
        let text = isRequired ? "required" : defaultNote ?? value?.description ?? "none"
        return ParameterInfo(
            key: key, summary: summary, kind: kind, isRequired: isRequired, defaultValue: value, defaultText: text,
            defaultIsNote: !isRequired && (defaultNote != nil || value == nil), relation: relation,
            shapesTrialStep: shapesTrialStep, onlyWith: onlyWith)
    }
}

extension Parameter {
    /// An integer property in `range`.
    public static func integer(_ key: String, _ path: WritableKeyPath<Root, Int> & Sendable, _ range: ClosedRange<Int>,
                               _ summary: String) -> Parameter {
        Parameter(key: key, summary: summary, kind: .integer(range), read: { .integer($0[keyPath: path]) },
                  write: { if case .integer(let v) = $1 { $0[keyPath: path] = v } })
    }

    /// An optional integer property in `range`; `unset` says what nil means.
    public static func integer(_ key: String, _ path: WritableKeyPath<Root, Int?> & Sendable, _ range: ClosedRange<Int>,
                               _ summary: String, unset: String,
                               onlyWith: ObjectiveCapability? = nil) -> Parameter {
        Parameter(key: key, summary: summary, kind: .integer(range), defaultNote: unset, onlyWith: onlyWith,
                  read: { $0[keyPath: path].map(ParameterValue.integer) },
                  write: { if case .integer(let v) = $1 { $0[keyPath: path] = v } })
    }

    /// A real property in `range`. `required`: the type's initializer has no default for it.
    public static func real(
        _ key: String, _ path: WritableKeyPath<Root, Double> & Sendable, _ range: NumberRange,
        _ summary: String, relation: String? = nil, required: Bool = false,
        onlyWith: ObjectiveCapability? = nil
    ) -> Parameter {
        Parameter(
            key: key, summary: summary, kind: .real(range), isRequired: required, relation: relation,
            onlyWith: onlyWith,
            read: { .real($0[keyPath: path]) }, write: { if case .real(let v) = $1 { $0[keyPath: path] = v } })
    }

    /// An optional real property in `range`; `unset` says what nil means.
    public static func real(_ key: String, _ path: WritableKeyPath<Root, Double?> & Sendable, _ range: NumberRange,
                            _ summary: String, unset: String) -> Parameter {
        Parameter(key: key, summary: summary, kind: .real(range), defaultNote: unset,
                  read: { $0[keyPath: path].map(ParameterValue.real) },
                  write: { if case .real(let v) = $1 { $0[keyPath: path] = v } })
    }

    /// A property whose values are the cases of `E`, named by their raw values (`among`: only
    /// these cases). `note`: what the default means when it depends on other parameters.
    public static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ key: String, _ path: WritableKeyPath<Root, E> & Sendable, _ summary: String, among cases: [E]? = nil,
        shapesTrialStep: Bool = false, onlyWith: ObjectiveCapability? = nil, note: String? = nil
    ) -> Parameter where E.RawValue == String {
        let words = (cases ?? Array(E.allCases)).map(\.rawValue)
        return Parameter(
            key: key, summary: summary, kind: .choice(words), defaultNote: note, shapesTrialStep: shapesTrialStep,
            onlyWith: onlyWith, read: { .choice($0[keyPath: path].rawValue) },
            write: { if case .choice(let w) = $1, let v = E(rawValue: w) { $0[keyPath: path] = v } })
    }

    /// A switch: on when given.
    public static func flag(
        _ key: String, _ path: WritableKeyPath<Root, Bool> & Sendable, _ summary: String
    ) -> Parameter {
        Parameter(
            key: key, summary: summary, kind: .flag, read: { .flag($0[keyPath: path]) },
            write: { if case .flag(let v) = $1 { $0[keyPath: path] = v } })
    }
}

/// A parameter without its type: what listings, help and messages read.
public struct ParameterInfo: Sendable {
    public let key: String
    public let summary: String
    public let kind: ParameterKind
    public let isRequired: Bool
    /// The value of a default-made instance; nil when required or unset.
    public let defaultValue: ParameterValue?
    /// The default as text ("10", "required", "none").
    public let defaultText: String
    /// Whether `defaultText` says what the default means rather than being a value: an unset
    /// optional ("none"), or a default that depends on other parameters.
    public let defaultIsNote: Bool
    public let relation: String?
    public let shapesTrialStep: Bool
    public let onlyWith: ObjectiveCapability?
}
