import ArgumentParser
import Foundation

/// A figure's file format, read off its name: SVG as drawn, or PNG or PDF converted from the
/// SVG by librsvg's `rsvg-convert` (Debian package librsvg2-bin, which scripts/setup installs).
enum FigureFile {
    enum Format: String, CaseIterable, ExpressibleByArgument { case svg, png, pdf }

    /// The format of `path` by its extension (any case), or nil when it is none of the three.
    static func format(of path: String) -> Format? {
        Format(rawValue: URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    /// The target for a figure at `path`: its name must end in .svg, .png or .pdf, and for PNG
    /// and PDF the converter must be there — both checked before any work is done.
    static func target(_ path: String, flag: String) throws(UsageFailure) -> OutputTarget {
        guard let format = format(of: path) else {
            throw UsageFailure("\(flag) \(path): expected a file name ending in .svg, .png or .pdf")
        }
        if format != .svg && converter() == nil {
            throw UsageFailure(
                "\(flag) \(path): a .\(format.rawValue) figure needs rsvg-convert (Debian package librsvg2-bin; "
                    + "scripts/setup installs it); or write .svg")
        }
        return try OutputTarget(path: path, flag: flag)
    }

    /// `path` with "-SUFFIX" before its extension: profile.png → profile-time.png.
    static func sibling(of path: String, suffix: String) -> String {
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension
        return String(path.dropLast(ext.count + 1)) + "-" + suffix + "." + ext
    }

    /// rsvg-convert's path on PATH, or nil.
    static func converter() -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/rsvg-convert" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Converts the SVG file `svg` to `format` in a new file beside it (white background, the
    /// SVG's size at 96 dpi); returns its path. The SVG file is left for the caller to remove.
    static func convert(_ svg: String, to format: Format) throws(OutputTarget.PathError) -> String {
        guard let converter = converter() else { throw OutputTarget.PathError(reason: "rsvg-convert is not on PATH") }
        let output = svg + "." + format.rawValue
        let process = Process()
        process.executableURL = URL(fileURLWithPath: converter)
        process.arguments = ["--format", format.rawValue, "--background-color", "white", "--output", output, svg]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch { throw OutputTarget.PathError(reason: "cannot run \(converter): \(error)") }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            unlink(output)
            let text = String(decoding: message, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            throw OutputTarget.PathError(reason: "rsvg-convert failed (exit \(process.terminationStatus)) \(text)")
        }
        return output
    }
}
