import ArgumentParser
import Bench
import Problems

/// `optbench list`: solvers, line searches and problems, with parameters and defaults.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List solvers, line searches and problems with their parameters and defaults."
    )

    func run() {
        print("Solvers (--solver):")
        for entry in SolverCatalog.solvers { print(describe(entry)) }
        print("\nLine searches (--line-search):")
        for entry in SolverCatalog.lineSearches { print(describe(entry)) }
        print("\nProblems (--problem NAME[:key=value,…]):")
        var mghHeaderShown = false
        for spec in ProblemRegistry.all {
            let isMGH = spec.name.hasPrefix("mgh/")
            if isMGH && !mghHeaderShown {
                print("\n  Moré–Garbow–Hillstrom (1981), `mgh` as a suite in compare; each takes start=1|10|100 (x₀ multiple):")
                mghHeaderShown = true
            }
            print("  \(spec.name.padded(to: isMGH ? 32 : 14)) \(spec.summary)")
            for p in spec.parameters where !(isMGH && p.name == "start") {
                print("      \(p.name)=\(ParameterSpec.format(p.defaultValue))".padded(to: 24) + "\(p.summary); \(p.expected)")
            }
        }
        print("\nProblem files (--problem path/to/file.json): kind \(ProblemFile.kinds.joined(separator: ", ")); see problems/.")
    }

    private func describe(_ entry: CatalogEntry) -> String {
        var lines = ["  \(entry.name.padded(to: 14)) \(entry.summary)"]
        for p in entry.parameters {
            let flag = "      --\(p.name) \(p.defaultValue)"
            lines.append(p.summary.isEmpty ? flag : flag.padded(to: 34) + p.summary)
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// Left-aligned in `width` characters; never truncated (a longer string gets one space).
    func padded(to width: Int) -> String {
        count < width ? self + String(repeating: " ", count: width - count) : self + " "
    }
}
