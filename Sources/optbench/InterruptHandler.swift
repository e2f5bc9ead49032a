import Dispatch
import Foundation
import Problems

/// Ctrl-C for commands that stop cleanly: the first SIGINT raises `Interruption` (runs stop
/// at their next iteration, a program's evaluation is cut short, the report is still
/// written); a second one exits at once with status 130.
enum InterruptHandler {
    static func install() -> DispatchSourceSignal {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            if Interruption.isRaised { Foundation.exit(130) }
            Interruption.raise()
        }
        source.resume()
        return source
    }
}
