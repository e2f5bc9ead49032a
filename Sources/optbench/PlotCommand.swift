import ArgumentParser
import Bench
import Foundation
import Optim
import Problems

/// What `optbench plot` draws.
extension ComparisonReport.ConvergenceAxis: ExpressibleByArgument {}

enum PlotKind: String, ExpressibleByArgument, CaseIterable {
    /// Contours for a problem of 2 variables, convergence otherwise.
    case auto
    case contours
    case convergence
}

/// `optbench plot`: several solvers on one problem, as a picture — their iterate paths over
/// the contours of f (2 variables), or f − f* and ‖∇f‖∞ against the iteration.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract:
            "Draw solvers' runs on one problem: iterate paths over contours of f, or f − f* and ‖∇f‖∞ per iteration.",
        discussion: """
            For a problem of 2 variables: contours of f (marching squares on a 121 × 121 grid, refined where a valley is \
            narrower than a cell; log-spaced levels) with \
            each solver's iterates x₀, x₁, … on top; the window holds every iterate and x* unless --range sets it. \
            With --bounds, the box is drawn dashed and its outside shaded. \
            For any problem (--chart convergence): f − f* (or f − the least f found) and ‖∇f‖∞ against the iteration \
            (--x-axis evaluations|cost|seconds, --log-x), \
            one line per solver. A run that stopped without converging is marked ×. Solvers as in compare: \
            lbfgs,bfgs,cg:beta=hz,gd:line-search=backtracking. One line per run goes to stdout. \
            Exit status: 0 the picture was written, 2 bad input, 130 interrupted (Ctrl-C: nothing written).


            """ + Listing.help(solvers: [], stopping: true, training: false)
    )

    @Option(
        help: ArgumentHelp(
            "Problem: a registry reference (rosenbrock, mgh/beale, quadratic:n=2,cond=50), 'expr:FORMULA', "
                + "'exec:COMMAND ARGS…' or a .json problem file (as for 'run'; not pipe). Bundled problem files (mlp) "
                    + "come from the installation (beside the binary), or from $OPTBENCH_PROBLEMS; never from the "
                        + "current folder.",
            valueName: "reference"))
    var problem: String
    @Option(
        help: ArgumentHelp(
            "Solvers, each with its options after a colon: bfgs,cg,gd:line-search=backtracking (see 'optbench list').",
            valueName: "list"))
    var solvers: String
    @Option(
        name: .customLong("line-search"),
        help: ArgumentHelp(
            "Line search of every solver that takes one and does not set its own (default: each solver's own).",
            valueName: "name"))
    var lineSearch: String?
    @Option(
        help: ArgumentHelp(
            "Write the picture to this file (atomically): .svg, or .png or .pdf (converted by rsvg-convert).",
            valueName: "FILE.svg"))
    var output: String
    @Option(
        help: ArgumentHelp(
            "contours (2 variables), convergence (f − f* and ‖∇f‖∞ against the iteration) or auto (contours when n = "
                + "2).",
            valueName: "kind"))
    var chart: PlotKind = .auto
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "The contour window, e.g. --range=-2:2,-1:3 (default: around the iterates).",
            valueName: "xmin:xmax,ymin:ymax"))
    var range: String?
    @Option(
        name: .customLong("x-axis"),
        help: ArgumentHelp(
            "What the convergence chart's x axis counts: iterations, evaluations (of f), cost (compare's cost column: "
                + "f + ∇f evaluations along the run, its whole cost with Hv products and Hessians at its end) or "
                + "seconds.",
            valueName: "iterations|evaluations|cost|seconds"))
    var xAxis: ComparisonReport.ConvergenceAxis = .iterations
    @Flag(
        name: .customLong("log-x"),
        help: "A log x axis for the convergence chart (its curves then start at x = 1, or the first time > 0).")
    var logX = false
    @OptionGroup var startOption: StartOption
    @OptionGroup var boundsOption: BoundsOption
    @OptionGroup var evaluationOptions: EvaluationOptions
    @OptionGroup var seedOption: SeedOption
    /// Stopping rules (`--gtol 1e-8`, `--max-iter 200`, …).
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var parameters: [String] = []

    func run() throws {
        try InterruptHandler.refusePipe(problem, command: "plot")
        let target = try FigureFile.target(output, flag: "--output")
        let window = try range.map(Self.window)
        let entries = try CommandLineParameters.solvers(solvers, lineSearch: lineSearch)
        let options: Options
        do {
            options = try StoppingRules.options(
                from: try CommandLineParameters.assignments(parameters), traceEvery: 1, command: "plot")
        } catch let error as RequestError {
            throw CommandLineParameters.failure(error)
        }
        let timeout = try evaluationOptions.timeout()
        // Each run and the grid get an instance of their own: a program problem counts per instance.
        func instance() throws(UsageFailure) -> TestProblem {
            try CommandLineParameters.problem(
                problem, seed: seedOption.seed, start: startOption, gradient: evaluationOptions.gradient.scheme,
                timeout: timeout, bounds: boundsOption)
        }
        let sample = try instance()
        try OutputTarget.checkDistinct([target], inputs: sample.inputFiles + startOption.files + boundsOption.files)
        let kind = chart == .auto ? (sample.dimension == 2 ? PlotKind.contours : .convergence) : chart
        if kind == .contours && sample.dimension != 2 {
            throw UsageFailure(
                "--chart contours: needs a problem of 2 variables (\(sample.name) has \(sample.dimension))")
        }
        if window != nil && kind != .contours {
            throw UsageFailure("--range: applies to contour charts only, not to --chart convergence")
        }
        if kind == .contours && (xAxis != .iterations || logX) {
            throw UsageFailure("--\(logX ? "log-x" : "x-axis"): applies to convergence charts only, not to contours")
        }
        for entry in entries {
            if let refusal = entry.choice.refusal(for: sample) {
                throw UsageFailure("--solvers '\(entry.label)': \(refusal.message(spelling: { $0 }))")
            }
        }

        let interruption = InterruptHandler.install()
        defer { interruption.cancel() }
        /// Ctrl-C during a run or the contour grid: no picture, an existing file left as it was.
        func stopIfInterrupted() throws {
            guard Interruption.isRaised else { return }
            Console.err("optbench: plot: interrupted; nothing written\n")
            throw ExitStatus(code: 130)
        }
        var runs: [IteratePath] = []
        for entry in entries {
            let run: IteratePath
            do {
                run = try IteratePath(
                    problem: try instance(), solver: entry, options: options, stop: { Interruption.isRaised })
            } catch let error as MinimizeError {
                throw UsageFailure("--solvers '\(entry.label)': \(error.description)")
            }
            try stopIfInterrupted()
            let r = run.row
            Console.out(
                "\(r.solver): \(r.status.rawValue) after \(r.iterations) iterations, f evaluations "
                    + "\(r.valueEvaluations), "
                    + "∇f evaluations \(r.gradientEvaluations), f \(String(format: "%.6e", r.value))\n")
            runs.append(run)
        }

        switch kind {
        case .contours, .auto:
            // A finite box is inside the default window.
            var box: [[Double]] = []
            if let b = sample.bounds, (b.lower + b.upper).allSatisfy(\.isFinite) { box = [b.lower, b.upper] }
            let (x, y) =
                window ?? ContourChart.window(iterates: runs.flatMap(\.iterates) + box, minimizer: sample.minimizer)
            let grid = ContourGrid(xRange: x, yRange: y) { sample.objective.value(at: $0) }
            let paths = runs.map { run in
                ContourChart.Path(
                    label: "\(run.row.solver) — \(run.row.status.rawValue), \(run.row.iterations) iterations",
                    iterates: run.iterates,
                    failed: !run.row.status.isConverged)
            }
            try stopIfInterrupted()
            try target.write(
                ContourChart(
                    title: "\(sample.name): iterates over contours of f", grid: grid, paths: paths,
                    minimizer: sample.minimizer, bounds: sample.bounds
                ).svg)
        case .convergence:
            let report = ComparisonReport(
                rows: runs.map(\.row), solvers: entries.map(\.label), skipped: [], interrupted: false)
            let charts = report.convergence(problem: sample.name, against: xAxis, logX: logX)
            try target.write(LineChart.stacked([charts.value, charts.gradient]))
        }
    }

    /// `xmin:xmax,ymin:ymax` → the window, each side finite with min < max.
    static func window(_ text: String) throws(UsageFailure) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let sides = text.split(separator: ",", omittingEmptySubsequences: false).map { side in
            side.split(separator: ":", omittingEmptySubsequences: false).compactMap {
                Double($0.trimmingCharacters(in: .whitespaces))
            }
        }
        guard sides.count == 2, sides.allSatisfy({ $0.count == 2 && $0[0] < $0[1] && ($0[1] - $0[0]).isFinite }) else {
            throw UsageFailure(
                "invalid value '\(text)' for --range: expected xmin:xmax,ymin:ymax (finite numbers, min < max, a "
                    + "finite width)"
            )
        }
        let (x, y) = (sides[0], sides[1])
        return (x[0]...x[1], y[0]...y[1])
    }
}
