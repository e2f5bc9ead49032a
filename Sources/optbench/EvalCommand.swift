import ArgumentParser
import Bench
import Foundation
import Optim
import Problems

/// `optbench eval`: f and ∇f of a problem at given points, as JSON lines, so any language
/// (scipy included) can drive OptBench's problems through a pipe.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate f and ∇f of a problem: {\"f\":…,\"g\":[…]}.",
        discussion: """
            Without --at or --stdin, evaluates at the problem's standard starting point.
            With --stdin it is a long-lived filter: one JSON array of n numbers per input line,
            one JSON object per output line, flushed per line. Non-finite values are written as null.
            """
    )

    @Option(help: "Problem reference or .json problem file (as for 'run').")
    var problem: String
    @Option(help: "A file holding one JSON array: the point x.")
    var at: String?
    @Flag(help: "Read points from stdin, one JSON array per line.")
    var stdin = false
    @Flag(help: "Print the problem's standard starting point and what is known of its solution: {\"x0\":[…],\"f_minimum\":…}.")
    var start = false
    @OptionGroup var seedOption: SeedOption

    func run() throws {
        if [at != nil, stdin, start].filter({ $0 }).count > 1 { throw UsageFailure("--at, --stdin and --start are exclusive: give one of them") }
        let problem = try Flags.problem(self.problem, seed: seedOption.seed)
        if start {
            let line = JSONWriter.object([("problem", JSONWriter.string(problem.name)), ("x0", JSONWriter.array(problem.start)),
                                          ("f_minimum", problem.minimum.map(JSONWriter.number) ?? "null")])
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
            return
        }
        let objective = problem.objective
        let n = objective.dimension
        var gradient = [Double](repeating: 0, count: n)

        func line(at x: [Double]) -> String {
            let f = x.withUnsafeBufferPointer { xb in
                gradient.withUnsafeMutableBufferPointer { objective.valueAndGradient(at: xb, gradient: $0) }
            }
            return "{\"f\":\(JSONWriter.number(f)),\"g\":\(JSONWriter.array(gradient))}\n"
        }
        func point(_ text: String, source: String) throws(UsageFailure) -> [Double] {
            let x: [Double]
            do { x = try JSON.parseNumberArray(text) } catch {
                throw UsageFailure("\(source): \(error.message), expected a JSON array of \(n) numbers")
            }
            guard x.count == n else { throw UsageFailure("\(source): \(x.count) numbers, expected \(n) (the problem's dimension)") }
            return x
        }

        if let at {
            guard let data = FileManager.default.contents(atPath: at) else { throw UsageFailure("--at \(at): no such file or not readable") }
            let x = try point(String(decoding: data, as: UTF8.self), source: "--at \(at)")
            FileHandle.standardOutput.write(Data(line(at: x).utf8))
        } else if stdin {
            var number = 0
            while let input = readLine(strippingNewline: true) {
                number += 1
                if input.allSatisfy(\.isWhitespace) { continue }
                let x = try point(input, source: "stdin line \(number)")
                FileHandle.standardOutput.write(Data(line(at: x).utf8))
            }
        } else {
            FileHandle.standardOutput.write(Data(line(at: problem.start).utf8))
        }
    }
}
