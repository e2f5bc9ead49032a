import Synchronization

/// The process-wide "the user pressed Ctrl-C" flag. The command line raises it from its
/// SIGINT handler; evaluations that wait on another process poll it, so that a Ctrl-C ends a
/// run within a tenth of a second even while a program is computing.
public enum Interruption {
    private static let flag = Atomic<Bool>(false)

    public static func raise() { flag.store(true, ordering: .sequentiallyConsistent) }
    public static var isRaised: Bool { flag.load(ordering: .sequentiallyConsistent) }
}
