import ArgumentParser
import Optim

/// `--threads N` (run, compare, hessian, eval): the explicit opt-in to threaded BLAS.
///
/// Without it every run uses one BLAS thread, whatever OPENBLAS_NUM_THREADS says, so the same
/// command gives the same numbers on any machine (see `BLASThreads`); `compare` then runs its
/// `--jobs` in parallel with one thread each. With it, every run (every job of `compare`)
/// uses N threads.
struct ThreadsOption: ParsableArguments {
    @Option(parsing: .unconditional,
            help: ArgumentHelp("BLAS threads per run, 1 to the number of processors (default: 1, whatever OPENBLAS_NUM_THREADS says, so that results do not depend on the machine).",
                               valueName: "N"))
    var threads: Int?

    /// Checks --threads and pins OpenBLAS to it for every run of the command.
    func apply() throws(UsageFailure) {
        let count = threads ?? BLASThreads.defaultCount
        guard (1...BLASThreads.maximum).contains(count) else {
            throw UsageFailure("invalid value '\(count)' for --threads: expected an integer in [1, \(BLASThreads.maximum)] (the number of processors)")
        }
        BLASThreads.perRun = count
        BLASThreads.pin()
    }
}
