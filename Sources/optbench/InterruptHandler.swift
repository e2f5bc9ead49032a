import Dispatch
import Foundation
import Problems

/// Ctrl-C for commands that stop cleanly: the first SIGINT raises `Interruption` (runs stop
/// at their next iteration, a program's evaluation is cut short, the report is still
/// written); a second one ends every program OptBench started and exits at once with status
/// 130. SIGTERM does the same with status 143.
enum InterruptHandler {
    final class Installed {
        let sources: [DispatchSourceSignal]
        init(_ sources: [DispatchSourceSignal]) { self.sources = sources }
        func cancel() { sources.forEach { $0.cancel() } }
    }

    /// - Parameter acknowledgement: said on stderr at the first Ctrl-C (what happens now).
    static func install(acknowledgement: String? = nil) -> Installed {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler {
            if Interruption.isRaised {
                ChildRegistry.killAll()
                _exit(130)  // at once: no flushing, no racing the main thread's own exit
            }
            Interruption.raise()
            if let acknowledgement {
                let erase = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" : ""  // over a progress line
                Console.err("\(erase)optbench: interrupted: \(acknowledgement)\n")
            }
        }
        let terminate = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
        terminate.setEventHandler {
            ChildRegistry.killAll()
            _exit(143)
        }
        interrupt.resume()
        terminate.resume()
        return Installed([interrupt, terminate])
    }

    /// `pipe` belongs to `run`: other commands would mix their output into the protocol.
    static func refusePipe(_ reference: String, command: String) throws(UsageFailure) {
        if reference == "pipe" { throw UsageFailure("--problem pipe works with 'optbench run' only (\(command) writes its report to stdout)") }
    }
}
