import Foundation

/// One status line on stderr, redrawn in place at most ten times a second — only when stderr
/// is a terminal (a log file or a pipe gets nothing). The line is cut to the terminal's
/// width, read at every redraw, so it never wraps and scrolls.
final class ProgressLine: @unchecked Sendable {
    let started = Date()
    private let lock = NSLock()
    private var lastDrawn = Date.distantPast
    private var drawn = false

    /// A progress line when stderr is a terminal (and TERM is not "dumb"), else nil.
    static func forStandardError() -> ProgressLine? {
        guard isatty(STDERR_FILENO) == 1, ProcessInfo.processInfo.environment["TERM"] != "dumb" else { return nil }
        return ProgressLine()
    }

    /// Seconds since the line was made, as shown ("12.3 s", "4 min 05 s").
    var elapsed: String { Self.duration(Date().timeIntervalSince(started)) }

    /// `seconds` as shown: "12.3 s", "4 min 05 s".
    static func duration(_ seconds: TimeInterval) -> String {
        let t = max(0, seconds)
        return t < 60 ? String(format: "%.1f s", t) : String(format: "%d min %02d s", Int(t) / 60, Int(t) % 60)
    }

    /// Redraws the line with `text` (cut to the width with "…"), unless the last redraw was
    /// less than 0.1 s ago and `force` is false.
    func show(_ text: String, force: Bool = false) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard force || now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
        lastDrawn = now
        drawn = true
        Console.err("\r" + Self.fit(text, width: Self.columns() - 1) + "\u{1B}[K")
    }

    /// Erases the line, leaving the cursor at its start.
    func clear() {
        lock.lock(); defer { lock.unlock() }
        if drawn { Console.err("\r\u{1B}[K") }
        drawn = false
    }

    /// `text` cut to `width` characters, the last one "…" when cut.
    static func fit(_ text: String, width: Int) -> String {
        guard text.count > width else { return text }
        return String(text.prefix(max(0, width - 1))) + "…"
    }

    /// The terminal's width (80 when it cannot be read).
    static func columns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
