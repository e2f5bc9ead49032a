import Bench
import Foundation

/// compare's progress line on a terminal: "[12/140] 3.4 s  running: mgh/beale × cg 2.1 s, …".
/// It is redrawn when a run starts or ends and, between those, once a second, so that a long
/// run in flight shows its time moving instead of a line that looks frozen.
final class CompareProgress: @unchecked Sendable {
    private let line: ProgressLine
    private let lock = NSLock()
    private var latest: Comparison.Progress?
    private var finished = false
    private let timer: DispatchSourceTimer

    init(line: ProgressLine) {
        self.line = line
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [weak self] in self?.redraw(force: true) }
        timer.resume()
    }

    /// A run started or ended (called by the comparison's workers).
    func update(_ progress: Comparison.Progress) {
        lock.lock()
        latest = progress
        lock.unlock()
        redraw(force: false)
    }

    /// Stops the clock and erases the line; nothing is drawn after this returns.
    func finish() {
        lock.lock()
        finished = true
        lock.unlock()
        timer.cancel()
        line.clear()
    }

    /// Draws under the lock, so that no redraw can follow `finish`'s erase.
    private func redraw(force: Bool) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished, let latest else { return }
        line.show(Self.text(latest, elapsed: line.elapsed, now: Date()), force: force)
    }

    /// The line for `progress` at `now`: counts, the comparison's time, each run in flight
    /// with its own time, oldest first.
    static func text(_ progress: Comparison.Progress, elapsed: String, now: Date) -> String {
        let running = progress.running.map { "\($0.label) \(ProgressLine.duration(now.timeIntervalSince($0.started)))" }
        return "[\(progress.finished)/\(progress.total)] \(elapsed)"
            + (running.isEmpty ? "" : "  running: " + running.joined(separator: ", "))
    }
}
