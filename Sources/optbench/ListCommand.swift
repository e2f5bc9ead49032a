import ArgumentParser
import Bench

enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown
}

/// `optbench list`: solvers, line searches, run parameters and problems, from their descriptors.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List solvers, line searches, parameters and problems with their defaults.",
        discussion: "--format markdown prints the solver, line-search and parameter tables of docs/solvers.md."
    )

    @Option(help: "Output format.")
    var format: ListFormat = .text

    func run() throws {
        let target = OutputTarget.standardOutput
        switch format {
        case .text: try target.write(Listing.text)
        case .json: try target.write(Listing.json)
        case .markdown: try target.write(Listing.markdown)
        }
    }
}
