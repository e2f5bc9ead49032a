import ArgumentParser
import Bench
import Foundation

enum ComparisonFormat: String, ExpressibleByArgument, CaseIterable {
    case text, markdown, csv, json
    /// JSON Lines, one self-describing row per run (`ComparisonRecord`): what `merge` reads.
    case jsonl
}

/// The outputs of a comparison, shared by `compare` and `merge`: the report (in a format,
/// to stdout or a file), performance and data profiles, convergence plots.
struct ReportOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Output format: text, markdown, csv, json, or jsonl (one row per run, for optbench merge; default: text, "
                + "jsonl with --shard).",
            valueName: "format"))
    var format: ComparisonFormat?
    @OptionGroup var outputOption: OutputOption
    @Option(
        help: ArgumentHelp(
            "Write the performance profile by evaluation cost to FILE.svg, and by time to FILE-time.svg.",
            valueName: "FILE.svg"))
    var profile: String?
    @Option(
        name: .customLong("data-profile"),
        help: ArgumentHelp(
            "Write the Moré–Wild data profile (share of problems passing their test at --tau within κ simplex "
                + "gradients, n + 1 evaluations each) to FILE.svg.",
            valueName: "FILE.svg"))
    var dataProfile: String?
    @Option(
        help: ArgumentHelp(
            "Write convergence plots (f − f* and ‖∇f‖∞ against evaluations) for every problem into this folder.",
            valueName: "folder"))
    var plots: String?
    @Option(
        name: .customLong("plot-format"),
        help: ArgumentHelp(
            "The --plots files' format: svg, or png or pdf (converted by rsvg-convert, checked before the runs).",
            valueName: "svg|png|pdf"))
    var plotFormat: FigureFile.Format = .svg
    @Option(
        help: ArgumentHelp(
            "τ of the solved test: a converged run is solved when f(x₀) − f ≥ (1 − τ)(f(x₀) − f*) where f* is known "
                + "(Moré & Wild 2009) and f − f* ≤ τ|f*| where f* ≠ 0; in (0, 1) (default: 1e-5).",
            valueName: "τ"))
    var tau: Double?
    @Flag(
        help: ArgumentHelp(
            "With --format json, write each row's trace (column by column) too: optbench report draws its "
                + "convergence plots and data profile from it."))
    var trace = false

    /// `--trace` is for `--format json` only (checked before any work).
    func checkTrace(format: ComparisonFormat) throws(UsageFailure) {
        guard trace, format != .json else { return }
        throw UsageFailure(
            "--trace: applies to --format json only (--format jsonl always carries the traces), not --format "
                + format.rawValue)
    }

    /// `--tau`, checked (`Comparison.solvedTolerance` when not given).
    func solvedTau() throws(UsageFailure) -> Double {
        guard let tau else { return Comparison.solvedTolerance }
        guard tau > 0 && tau < 1 else {
            throw UsageFailure("invalid value '\(tau)' for --tau: expected a number in (0, 1), e.g. 1e-5")
        }
        return tau
    }

    /// The outputs, checked before any work: names, folders, and that no two are one file.
    struct Targets {
        let report: OutputTarget
        let profile: (byEvaluations: OutputTarget, byTime: OutputTarget)?
        let dataProfile: OutputTarget?
        let plots: PlotsFolder?

        var files: [OutputTarget] {
            [report] + (profile.map { [$0.byEvaluations, $0.byTime] } ?? []) + (dataProfile.map { [$0] } ?? [])
        }

        func checkDistinct(inputs: [String]) throws(UsageFailure) {
            try OutputTarget.checkDistinct(files, inputs: inputs)
            try plots?.checkDistinct(from: files, inputs: inputs)
        }
    }

    static func svgTarget(_ path: String, flag: String) throws(UsageFailure) -> OutputTarget {
        try FigureFile.target(path, flag: flag)
    }

    func targets() throws(UsageFailure) -> Targets {
        let profileTargets = try profile.map { path throws(UsageFailure) in
            (
                try Self.svgTarget(path, flag: "--profile"),
                try OutputTarget(path: FigureFile.sibling(of: path, suffix: "time"), flag: "--profile")
            )
        }
        return Targets(
            report: try outputOption.target(), profile: profileTargets,
            dataProfile: try dataProfile.map { path throws(UsageFailure) in
                try Self.svgTarget(path, flag: "--data-profile")
            },
            plots: try plots.map { folder throws(UsageFailure) in try PlotsFolder(folder, format: plotFormat) })
    }

    /// The files of `report` in `format` (`jsonl`: the given lines), profiles and plots,
    /// written all-or-nothing, the report on stdout last.
    /// - Parameter timeProfileRefusal: why the time profile cannot be drawn (rows from
    ///   different CPU models), or nil.
    func write(_ report: ComparisonReport, format: ComparisonFormat, jsonl: () -> String, to targets: Targets,
               timeProfileRefusal: String? = nil) throws(UsageFailure) {
        var outputs: [(target: OutputTarget, text: String)]
        switch format {
        case .text: outputs = [(targets.report, report.text)]
        case .markdown: outputs = [(targets.report, report.markdown)]
        case .csv: outputs = [(targets.report, report.csv)]
        case .json:
            var traced = report
            traced.tracesInJSON = trace
            outputs = [(targets.report, traced.json)]
        case .jsonl: outputs = [(targets.report, jsonl())]
        }
        if let (byEvaluations, byTime) = targets.profile {
            if let timeProfileRefusal { throw UsageFailure("--profile: \(timeProfileRefusal)") }
            outputs += [(byEvaluations, report.profile(byTime: false).svg), (byTime, report.profile(byTime: true).svg)]
        }
        if let dataProfile = targets.dataProfile { outputs.append((dataProfile, report.dataProfile().svg)) }
        if let plotsFolder = targets.plots {
            try plotsFolder.create()
            let ext = plotsFolder.format.rawValue
            for (problem, name) in zip(report.problems, PlotsFolder.stems(report.problems)) {
                let charts = report.convergence(problem: problem)
                outputs.append(
                    (try OutputTarget(path: "\(plotsFolder.path)/\(name)-f.\(ext)", flag: "--plots"), charts.value.svg))
                outputs.append(
                    (
                        try OutputTarget(path: "\(plotsFolder.path)/\(name)-gradient.\(ext)", flag: "--plots"),
                        charts.gradient.svg
                    ))
            }
        }
        try OutputTarget.write(outputs)
    }
}
