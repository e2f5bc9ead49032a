import ArgumentParser
import Bench
import Foundation
import Optim
import Problems

/// `optbench hessian`: how well a quasi-Newton approximation matches ∇²f⁻¹ along a run.
struct HessianCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hessian",
        abstract: "Compare a quasi-Newton inverse-Hessian approximation with ∇²f⁻¹ along a run.",
        discussion: """
            At every k-th iterate: ‖Hₖ − ∇²f(xₖ)⁻¹‖_F / ‖∇²f(xₖ)⁻¹‖_F (∇²f⁻¹ by LAPACKE Cholesky; when ∇²f is \
            indefinite its inertia is reported instead), the extreme eigenvalues of Hₖ∇²f(xₖ) (all 1 for a perfect \
            approximation), and the condition numbers of ∇²f and Hₖ. For L-BFGS, Hₖ is the two-loop recursion \
            applied to the unit vectors. Dense: n ≤ \(HessianDiagnostics.maxDimension). Solvers: \
            \(SolverDescriptor.all.filter(\.approximatesInverseHessian).map(\.name).joined(separator: ", ")).


            """ + Listing.help(solvers: SolverDescriptor.all.filter(\.approximatesInverseHessian), stopping: true, training: false)
    )

    @Option(help: "Problem: a registry reference or a .json problem file.")
    var problem: String
    @OptionGroup var solverOptions: SolverOptions
    @Option(parsing: .unconditional, help: "Compare at every k-th iterate (the last one always).")
    var every = 1
    @OptionGroup var startOption: StartOption
    @OptionGroup var evaluationOptions: EvaluationOptions
    @OptionGroup var seedOption: SeedOption
    @OptionGroup var threadsOption: ThreadsOption
    @Option(help: "Output format: text, json or csv.")
    var format: OutputFormat = .text
    @OptionGroup var outputOption: OutputOption
    @Option(help: "Also draw the relative error against the iteration as an SVG file.")
    var plot: String?
    /// Solver, line-search and stopping parameters.
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var parameters: [String] = []

    func run() throws {
        try threadsOption.apply()
        try InterruptHandler.refusePipe(self.problem, command: "hessian")
        let target = try outputOption.target()
        let plotTarget = try plot.map { path throws(UsageFailure) in
            guard path.lowercased().hasSuffix(".svg") else { throw UsageFailure("--plot \(path): expected a file name ending in .svg") }
            return try OutputTarget(path: path)
        }
        let problem = try CommandLineParameters.problem(self.problem, seed: seedOption.seed, start: startOption, gradient: evaluationOptions.gradient.scheme,
                                                           timeout: try evaluationOptions.timeout())
        let request = SolverRequest(solver: solverOptions.solver, lineSearch: solverOptions.lineSearch,
                                    assignments: try CommandLineParameters.assignments(parameters))
        let interruption = InterruptHandler.install()
        defer { interruption.cancel() }
        let report: HessianDiagnostics.Report
        do { report = try HessianDiagnostics.run(problem: problem, request: request, every: every) } catch {
            throw UsageFailure(error.message(spelling: CommandLineParameters.spell))
        }
        switch format {
        case .text: try target.write(report.text)
        case .json: try target.write(report.json)
        case .csv: try target.write(report.csv)
        }
        try plotTarget?.write(report.chart.svg)
        throw ExitStatus(code: ExitPolicy.code(for: report.result.status))
    }
}
