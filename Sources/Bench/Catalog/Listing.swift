import Foundation
import Optim
import Problems

/// `optbench list`: every solver, line search, run parameter and problem, from their
/// descriptors, as text, JSON or Markdown (docs/solvers.md's tables are this Markdown).
public enum Listing {
    /// How `list` names a parameter: as the command-line flag.
    static func flag(_ key: String) -> String { "--\(key)" }

    /// "0.9 (cg: 0.1)": a line-search parameter's default, with the solvers that set their own.
    static func lineSearchDefault(_ p: ParameterInfo) -> String {
        var text = p.defaultText
        for solver in SolverDescriptor.all {
            if case .takes(_, _, let defaults) = solver.lineSearch, let v = defaults[p.key] {
                text += " (\(solver.name): \(v))"
            }
        }
        return text
    }

    /// What a solver's line-search use reads as.
    static func lineSearchUse(_ d: SolverDescriptor) -> String {
        switch d.lineSearch {
        case .none: "none"
        case .takes(let name, let fixed, _):
            fixed ? "\(name) (default), any, or none with lr" : "\(name) (default), any but none"
        }
    }

    static func capabilities(_ list: [ObjectiveCapability]) -> String {
        list.isEmpty ? "—" : list.map { RequestError.phrase($0) }.joined(separator: "; ")
    }

    // MARK: Text

    public static var text: String {
        var lines = ["Solvers (--solver NAME):"]
        for d in SolverDescriptor.all {
            lines.append("  \(d.name.padded(to: 14)) \(d.summary)")
            lines.append(String(repeating: " ", count: 17) + d.reference)
            for p in d.parameters { lines.append(parameterLine(p, defaultText: p.defaultText)) }
            if case .takes(let name, let fixed, _) = d.lineSearch {
                lines.append(
                    "      --line-search \(name)".padded(to: 34)
                        + (fixed ? "any line search, or none with --lr" : "any line search but none"))
            }
            if !d.requires.isEmpty { lines.append("      needs \(capabilities(d.requires))") }
            if let batch = d.miniBatch {
                let parameters = batch.parameters.map { "--\($0.key) (\($0.defaultText))" }.joined(separator: ", ")
                lines.append("      mini-batch training: \(parameters)")
            }
        }
        lines.append("\nLine searches (--line-search NAME):")
        for d in LineSearchDescriptor.all {
            lines.append("  \(d.name.padded(to: 14)) \(d.summary)")
            lines.append(String(repeating: " ", count: 17) + d.reference)
            for p in d.parameters { lines.append(parameterLine(p, defaultText: lineSearchDefault(p))) }
            if !d.requires.isEmpty { lines.append("      needs \(capabilities(d.requires))") }
        }
        lines.append("\nStopping rules (run, compare, plot, hessian):")
        for p in StoppingRules.parameters { lines.append(parameterLine(p, defaultText: p.defaultText)) }
        lines.append("\nMini-batch training (run; --epochs or --batch-size turns it on):")
        for p in TrainingSchedule.info { lines.append(parameterLine(p, defaultText: p.defaultText)) }
        lines.append("\nProblems (--problem NAME[:key=value,…]):")
        let headers = [
            "mgh":
                "Moré–Garbow–Hillstrom (1981), `mgh` as a suite in compare; each takes start=1|10|100 (x₀ multiple):",
            "cutest":
                "CUTEst (Gould, Orban & Toint 2015), each as its SIF file defines it, `cutest` as a suite in compare:",
        ]
        var suitesShown: Set<String> = []
        for spec in ProblemRegistry.all {
            let suite = spec.name.split(separator: "/").count == 2 ? String(spec.name.split(separator: "/")[0]) : nil
            let isMGH = suite == "mgh"
            if let suite, let header = headers[suite], suitesShown.insert(suite).inserted {
                lines.append("\n  " + header)
            }
            lines.append("  \(spec.name.padded(to: isMGH ? 32 : suite == nil ? 14 : 18)) \(spec.summary)")
            for p in spec.parameters where !(isMGH && p.name == "start") {
                lines.append(
                    "      \(p.name)=\(ParameterSpec.format(p.defaultValue))".padded(to: 24)
                        + "\(p.summary); \(p.expected)")
            }
        }
        lines.append(
            "\nProblem files (--problem path/to/file.json): kind \(ProblemFile.kinds.joined(separator: ", ")); see "
                + "problems/."
        )
        lines.append(
            "Your own function: --problem 'expr:FORMULA', 'exec:COMMAND ARGS…' (a program answering on stdin), or pipe "
                + "(the caller answers)."
        )
        return lines.joined(separator: "\n") + "\n"
    }

    /// "      --memory 10                 (s, y) pairs kept, m; …": flag and default, then the
    /// meaning at column 34, or two spaces after a longer flag and default.
    static func parameterLine(_ p: ParameterInfo, defaultText: String) -> String {
        let flag = "      --\(p.key) \(defaultText)"
        return flag.padded(to: max(34, flag.count + 2)) + "\(p.summary); \(p.kind.expected)"
    }

    // MARK: Markdown

    /// The solver, line-search and parameter tables of docs/solvers.md.
    public static var markdown: String {
        var out = "| solver | method | reference | line search | needs |\n|---|---|---|---|---|\n"
        for d in SolverDescriptor.all {
            out +=
                "| `\(d.name)` | \(cell(d.summary)) | \(cell(d.reference)) | \(lineSearchUse(d)) | "
                    + "\(cell(capabilities(d.requires))) |\n"
        }
        out += "\n| line search | conditions | reference | needs |\n|---|---|---|---|\n"
        for d in LineSearchDescriptor.all {
            out += "| `\(d.name)` | \(cell(d.summary)) | \(cell(d.reference)) | \(cell(capabilities(d.requires))) |\n"
        }
        out += "\n| parameter | of | accepted | default | meaning |\n|---|---|---|---|---|\n"
        for row in parameterRows() {
            out +=
                "| `--\(row.parameter.key)` | \(ownersText(row.owners)) | \(cell(row.parameter.kind.expected)) | "
                    + "\(cell(row.defaultText)) | \(cell(row.parameter.summary)) |\n"
        }
        return out
    }

    /// Who declares a parameter.
    enum Owner: Equatable, CustomStringConvertible {
        case solver(String), miniBatch(String), lineSearch(String), stopping, training

        var description: String {
            switch self {
            case .solver(let name), .lineSearch(let name): name
            case .miniBatch(let name): "\(name) (mini-batch)"
            case .stopping: "stopping"
            case .training: "mini-batch training"
            }
        }
    }

    /// "momentum, nag; mini-batch gd; line search none": who declares a row, grouped by kind.
    static func ownersText(_ owners: [Owner]) -> String {
        var solvers: [String] = [], miniBatch: [String] = [], searches: [String] = [], other: [String] = []
        for owner in owners {
            switch owner {
            case .solver(let name): solvers.append(name)
            case .miniBatch(let name): miniBatch.append(name)
            case .lineSearch(let name): searches.append(name)
            case .stopping, .training: other.append(owner.description)
            }
        }
        var groups: [String] = []
        if !solvers.isEmpty { groups.append(solvers.joined(separator: ", ")) }
        if !miniBatch.isEmpty { groups.append("mini-batch " + miniBatch.joined(separator: ", ")) }
        if !searches.isEmpty {
            groups.append("line search\(searches.count > 1 ? "es" : "") " + searches.joined(separator: ", "))
        }
        return (groups + other).joined(separator: "; ")
    }

    /// Solver, mini-batch, line-search, stopping and training parameters; identical
    /// declarations (key, values, default, meaning) share a row.
    static func parameterRows() -> [(parameter: ParameterInfo, defaultText: String, owners: [Owner])] {
        var rows: [(parameter: ParameterInfo, defaultText: String, owners: [Owner])] = []
        func add(_ p: ParameterInfo, _ defaultText: String, _ owner: Owner) {
            if let i = rows.firstIndex(where: {
                $0.parameter.key == p.key && $0.parameter.kind.expected == p.kind.expected
                    && $0.defaultText == defaultText
                    && $0.parameter.summary == p.summary
            }) {
                // A solver's mini-batch parameter that is also its own parameter is listed once.
                if case .miniBatch(let name) = owner, rows[i].owners.contains(.solver(name)) { return }
                if !rows[i].owners.contains(owner) { rows[i].owners.append(owner) }
            } else {
                rows.append((p, defaultText, [owner]))
            }
        }
        for d in SolverDescriptor.all { for p in d.parameters { add(p, p.defaultText, .solver(d.name)) } }
        for d in SolverDescriptor.all {
            for p in d.miniBatch?.parameters ?? [] { add(p, p.defaultText, .miniBatch(d.name)) }
        }
        for d in LineSearchDescriptor.all {
            for p in d.parameters { add(p, lineSearchDefault(p), .lineSearch(d.name)) }
        }
        for p in StoppingRules.parameters { add(p, p.defaultText, .stopping) }
        for p in TrainingSchedule.info { add(p, p.defaultText, .training) }
        return rows
    }

    // MARK: Help

    /// The parameter flags a command accepts, for its `--help`: those of `solvers` (and of
    /// the line searches when any of them takes one), the stopping rules, and mini-batch
    /// training.
    public static func help(solvers: [SolverDescriptor], stopping: Bool, training: Bool) -> String {
        let names = Set(solvers.map(\.name))
        var searches: Set<String> = []
        for solver in solvers {
            if case .takes(_, let fixed, _) = solver.lineSearch {
                searches.formUnion(LineSearchDescriptor.all.filter { fixed || !$0.isFixedStep }.map(\.name))
            }
        }
        func wanted(_ owner: Owner) -> Bool {
            switch owner {
            case .solver(let name): names.contains(name)
            case .miniBatch(let name): training && names.contains(name)
            case .lineSearch(let name): searches.contains(name)
            case .stopping: stopping
            case .training: training
            }
        }
        var solverLines: [String] = [], stoppingLines: [String] = [], trainingLines: [String] = []
        for row in parameterRows() {
            let owners = row.owners.filter(wanted)
            guard !owners.isEmpty else { continue }
            let requirement: String
            if row.parameter.isRequired {
                requirement = "required"
            } else {
                requirement = "default: \(row.defaultText)"
            }
            let detail = "\(row.parameter.summary); \(row.parameter.kind.expected); \(requirement)"
            let flag = "--\(row.parameter.key)"
            switch owners[0] {
            case .stopping: stoppingLines.append(helpEntry(flag, detail))
            case .training: trainingLines.append(helpEntry(flag, detail))
            default: solverLines.append(helpEntry(flag, ownersText(owners) + ": " + detail))
            }
        }
        var sections: [String] = []
        if !solverLines.isEmpty {
            sections.append(
                "Solver and line-search parameters (see 'optbench list'):\n" + solverLines.joined(separator: "\n"))
        }
        if stopping { sections.append("Stopping rules:\n" + stoppingLines.joined(separator: "\n")) }
        if training {
            sections.append(
                "Mini-batch training (--epochs or --batch-size turns it on):\n" + trainingLines.joined(separator: "\n"))
        }
        return sections.joined(separator: "\n\n")
    }

    /// "  --flag          text…" wrapped at 78 columns with the text's column kept, so that
    /// help output (which re-wraps longer lines) shows it as laid out here.
    static func helpEntry(_ flag: String, _ text: String) -> String {
        let indent = 18, width = 78
        var lines: [String] = []
        var line = "  \(flag)".padded(to: indent)
        var lineHasWords = false
        for word in text.split(separator: " ") {
            if lineHasWords && line.count + 1 + word.count > width {
                lines.append(line)
                line = String(repeating: " ", count: indent)
                lineHasWords = false
            }
            line += (lineHasWords ? " " : "") + word
            lineHasWords = true
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// Escapes the table separator.
    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    // MARK: JSON

    public static var json: String {
        typealias W = JSONWriter
        let solvers = SolverDescriptor.all.map { d -> String in
            var lineSearch = "null"
            if case .takes(let name, let fixed, let defaults) = d.lineSearch {
                lineSearch = W.object([
                    ("default", W.string(name)), ("fixed_step", fixed ? "true" : "false"),
                    ("defaults", W.object(defaults.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })),
                ])
            }
            return W.object([
                ("name", W.string(d.name)), ("summary", W.string(d.summary)), ("reference", W.string(d.reference)),
                ("line_search", lineSearch),
                ("requires", "[" + d.requires.map { W.string($0.rawValue) }.joined(separator: ",") + "]"),
                ("inverse_hessian", d.approximatesInverseHessian ? "true" : "false"),
                ("derivative_free", d.isDerivativeFree ? "true" : "false"),
                ("bounds", d.acceptsBounds ? "true" : "false"),
                ("constraints", d.acceptsConstraints ? "true" : "false"),
                ("parameters", parameters(d.parameters)),
                ("mini_batch", d.miniBatch.map { W.object([("parameters", parameters($0.parameters))]) } ?? "null"),
            ])
        }
        let searches = LineSearchDescriptor.all.map { d in
            W.object([
                ("name", W.string(d.name)), ("summary", W.string(d.summary)), ("reference", W.string(d.reference)),
                ("requires", "[" + d.requires.map { W.string($0.rawValue) }.joined(separator: ",") + "]"),
                ("fixed_step", d.isFixedStep ? "true" : "false"), ("parameters", parameters(d.parameters)),
            ])
        }
        let problems = ProblemRegistry.all.map { spec in
            W.object([
                ("name", W.string(spec.name)), ("summary", W.string(spec.summary)),
                (
                    "parameters",
                    "["
                        + spec.parameters.map { p in
                            W.object([
                                ("name", W.string(p.name)), ("summary", W.string(p.summary)),
                                ("default", W.number(p.defaultValue)),
                                ("accepted", W.string(p.expected)),
                            ])
                        }.joined(separator: ",") + "]"
                ),
            ])
        }
        return W.object([
            ("solvers", "[" + solvers.joined(separator: ",") + "]"),
            ("line_searches", "[" + searches.joined(separator: ",") + "]"),
            ("stopping", parameters(StoppingRules.parameters)),
            ("training", parameters(TrainingSchedule.info)),
            ("problems", "[" + problems.joined(separator: ",") + "]"),
            ("problem_file_kinds", "[" + ProblemFile.kinds.map(W.string).joined(separator: ",") + "]"),
        ]) + "\n"
    }


    static func parameters(_ list: [ParameterInfo]) -> String {
        "["
            + list.map { p in
                var members: [(String, String)] = [
                    ("name", JSONWriter.string(p.key)), ("summary", JSONWriter.string(p.summary)),
                ]
                switch p.kind {
                case .integer: members.append(("type", JSONWriter.string("integer")))
                case .real: members.append(("type", JSONWriter.string("number")))
                case .choice(let words):
                    members += [
                        ("type", JSONWriter.string("choice")),
                        ("choices", "[" + words.map(JSONWriter.string).joined(separator: ",") + "]"),
                    ]
                case .flag: members.append(("type", JSONWriter.string("switch")))
                }
                members.append(("accepted", JSONWriter.string(p.kind.expected)))
                if p.isRequired {
                    members += [("default", "null"), ("required", "true")]
                } else if p.defaultIsNote {
                    members += [
                        ("default", "null"), ("required", "false"), ("unset_means", JSONWriter.string(p.defaultText)),
                    ]
                } else {
                    members += [("default", p.defaultValue?.json ?? "null"), ("required", "false")]
                }
                return JSONWriter.object(members)
            }.joined(separator: ",") + "]"
    }
}

extension String {
    /// Left-aligned in `width` characters; never truncated (a longer string gets one space).
    public func padded(to width: Int) -> String {
        count < width ? self + String(repeating: " ", count: width - count) : self + " "
    }
}
