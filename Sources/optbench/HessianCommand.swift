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
            approximation), the condition numbers of ∇²f and Hₖ, and the inertia of both. For L-BFGS, Hₖ is the two-loop \
            recursion applied to the unit vectors; for SR1, Hₖ = Bₖ⁻¹, which may be indefinite. Dense: n ≤ \(HessianDiagnostics.maxDimension). Solvers: \
            \(SolverDescriptor.all.filter(\.approximatesInverseHessian).map(\.name).joined(separator: ", ")).


            """
                + Listing.help(
                    solvers: SolverDescriptor.all.filter(\.approximatesInverseHessian), stopping: true, training: false)
    )

    @Option(
        help: ArgumentHelp(
            "Problem: a registry reference or a .json problem file (as for 'run'). Bundled problem files (mlp) come "
                + "from the installation (beside the binary), or from $OPTBENCH_PROBLEMS; never from the current "
                    + "folder.",
            valueName: "reference"))
    var problem: String
    @Option(
        help: ArgumentHelp(
            "The quasi-Newton solver whose Hₖ is measured: "
                + "\(SolverDescriptor.all.filter(\.approximatesInverseHessian).map(\.name).joined(separator: ", ")).",
            valueName: "name"))
    var solver = SolverDescriptor.defaultName
    @Option(
        name: .customLong("line-search"),
        help: ArgumentHelp(
            "Line search: \(LineSearchDescriptor.all.filter { !$0.isFixedStep }.map(\.name).joined(separator: ", ")) "
                + "(default: the solver's).",
            valueName: "name"))
    var lineSearch: String?
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Compare at every k-th iterate (the last one always).", valueName: "k"))
    var every = 1
    @OptionGroup var startOption: StartOption
    @OptionGroup var boundsOption: BoundsOption
    @OptionGroup var evaluationOptions: EvaluationOptions
    @OptionGroup var seedOption: SeedOption
    @OptionGroup var threadsOption: ThreadsOption
    @Option(help: "Output format.")
    var format: OutputFormat = .text
    @OptionGroup var outputOption: OutputOption
    @Option(
        help: ArgumentHelp(
            "Also draw the relative error against the iteration: .svg, .png or .pdf.", valueName: "FILE.svg"))
    var plot: String?
    /// Solver, line-search and stopping parameters.
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var parameters: [String] = []

    func run() throws {
        let threads = try threadsOption.apply()
        try InterruptHandler.refusePipe(self.problem, command: "hessian")
        let target = try outputOption.target()
        let plotTarget = try plot.map { path throws(UsageFailure) in try FigureFile.target(path, flag: "--plot") }
        let problem = try CommandLineParameters.problem(
            self.problem, seed: seedOption.seed, start: startOption, gradient: evaluationOptions.gradient.scheme,
            timeout: try evaluationOptions.timeout(), bounds: boundsOption)
        try OutputTarget.checkDistinct(
            [target] + (plotTarget.map { [$0] } ?? []),
            inputs: problem.inputFiles + startOption.files + boundsOption.files)
        let request = SolverRequest(
            solver: solver, lineSearch: lineSearch,
            assignments: try CommandLineParameters.assignments(parameters))
        let interruption = InterruptHandler.install()
        defer { interruption.cancel() }
        let report: HessianDiagnostics.Report
        do {
            report = try HessianDiagnostics.run(
                problem: problem, request: request, every: every, threads: threads, stop: { Interruption.isRaised })
        } catch {
            throw UsageFailure(error.message(spelling: CommandLineParameters.spell))
        }
        var outputs: [(target: OutputTarget, text: String)]
        switch format {
        case .text: outputs = [(target, report.text)]
        case .json: outputs = [(target, report.json)]
        case .csv: outputs = [(target, report.csv)]
        }
        if let plotTarget { outputs.append((plotTarget, report.chart.svg)) }
        try OutputTarget.write(outputs)
        throw ExitStatus(code: ExitPolicy.code(for: report.result.status))
    }
}
