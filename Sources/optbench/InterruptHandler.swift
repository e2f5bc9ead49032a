import Dispatch
import Foundation
import Problems
import Synchronization

/// Ctrl-C for commands that stop cleanly: the first SIGINT raises `Interruption` (runs stop
/// at their next iteration, a program's evaluation is cut short, the report is still
/// written); a second one ends every program OptBench started and exits at once with status
/// 130. SIGTERM does the same with status 143, SIGHUP with 129 and SIGQUIT with 131. A Ctrl-C while the command waits
/// for input
/// (`waitingForInput`) has nothing to stop and exits at once.
enum InterruptHandler {
    private static let waiting = Atomic<Bool>(false)

    /// Runs `read` (a blocking read of stdin) so that a Ctrl-C during it exits with status 130
    /// at once; a Ctrl-C that came before it does the same without reading.
    static func waitingForInput<T, E: Error>(_ read: () throws(E) -> T) throws(E) -> T {
        waiting.store(true, ordering: .sequentiallyConsistent)
        defer { waiting.store(false, ordering: .sequentiallyConsistent) }
        if Interruption.isRaised { exitInterrupted() }
        return try read()
    }

    /// Ends every program OptBench started and exits with status 130, at once.
    private static func exitInterrupted() -> Never {
        ChildRegistry.killAll()
        _exit(130)  // at once: no flushing, no racing the main thread's own exit
    }

    /// The signals that end a command at once, each with its exit status (128 + the
    /// signal): SIGTERM, SIGHUP (the terminal went away) and SIGQUIT (Ctrl-\), which would
    /// otherwise print a crash report.
    static let ending: [(signal: Int32, status: Int32)] = [(SIGTERM, 143), (SIGHUP, 129), (SIGQUIT, 131)]

    final class Installed {
        let sources: [DispatchSourceSignal]
        init(_ sources: [DispatchSourceSignal]) { self.sources = sources }
        /// Stops handling the signals and gives them back their default action, so that what
        /// comes after (writing a report into a pipe nobody reads) can still be interrupted.
        func cancel() {
            sources.forEach { $0.cancel() }
            for signalNumber in [SIGINT] + InterruptHandler.ending.map(\.signal) { signal(signalNumber, SIG_DFL) }
        }
    }

    /// - Parameter acknowledgement: said on stderr at the first Ctrl-C (what happens now).
    static func install(acknowledgement: String? = nil) -> Installed {
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler {
            if Interruption.isRaised || waiting.load(ordering: .sequentiallyConsistent) { exitInterrupted() }
            Interruption.raise()
            // The main thread may have started waiting between the check above and the raise:
            // it checks the flag after marking itself waiting, and this checks the mark after
            // raising the flag (both sequentially consistent), so one of the two sees the other.
            if waiting.load(ordering: .sequentiallyConsistent) { exitInterrupted() }
            if let acknowledgement {
                let erase = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" : ""  // over a progress line
                Console.err("\(erase)optbench: interrupted: \(acknowledgement)\n")
            }
        }
        var sources = [interrupt]
        for (signalNumber, status) in ending {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                ChildRegistry.killAll()
                _exit(status)
            }
            sources.append(source)
        }
        sources.forEach { $0.resume() }
        return Installed(sources)
    }

    /// `pipe` belongs to `run`: other commands would mix their output into the protocol.
    static func refusePipe(_ reference: String, command: String) throws(UsageFailure) {
        if reference == "pipe" {
            throw UsageFailure("--problem pipe works with 'optbench run' only (\(command) writes its report to stdout)")
        }
    }
}
