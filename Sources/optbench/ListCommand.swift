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
        for spec in ProblemRegistry.all {
            print("  \(spec.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(spec.summary)")
            for p in spec.parameters {
                print("      \(p.name)=\(ParameterSpec.format(p.defaultValue))".padding(toLength: 24, withPad: " ", startingAt: 0)
                      + "\(p.summary); \(p.expected)")
            }
        }
        print("\nProblem files (--problem path/to/file.json): kind \(ProblemFile.kinds.joined(separator: ", ")); see problems/.")
    }

    private func describe(_ entry: CatalogEntry) -> String {
        var lines = ["  \(entry.name.padding(toLength: 14, withPad: " ", startingAt: 0)) \(entry.summary)"]
        for p in entry.parameters {
            let text = "      --\(p.name) \(p.defaultValue)".padding(toLength: 34, withPad: " ", startingAt: 0)
            lines.append(p.summary.isEmpty ? text.trimmingTrailingSpaces : text + p.summary)
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
