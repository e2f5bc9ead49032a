import ArgumentParser
import Optim

/// `--threads N` (run, compare, hessian, eval): the explicit opt-in to threads — OpenBLAS's,
/// and the blocks of L-BFGS's and OWL-QN's passes over the stored pairs (`ParallelBlocks`,
/// which give the same bits on any count).
///
/// Without it every run uses one thread, whatever OPENBLAS_NUM_THREADS says, so the same
/// command gives the same numbers on any machine (see `BLASThreads`); `compare` then runs its
/// `--jobs` in parallel with one thread each. With it, every run (every job of `compare`)
/// uses N threads.
struct ThreadsOption: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Threads per run (OpenBLAS and L-BFGS's passes), 1 to the number of processors (default: 1, whatever "
                + "OPENBLAS_NUM_THREADS says, so that results do not depend on the machine).",
            valueName: "N"))
    var threads: Int?

    /// Checks --threads and pins OpenBLAS to it; the count is what the command puts in its
    /// runs' `Options.threads` (or request).
    @discardableResult
    func apply() throws(UsageFailure) -> Int {
        let count = threads ?? BLASThreads.defaultCount
        guard (1...BLASThreads.maximum).contains(count) else {
            throw UsageFailure(
                "invalid value '\(count)' for --threads: expected an integer in [1, \(BLASThreads.maximum)] (the "
                    + "number of processors)"
            )
        }
        BLASThreads.set(count)
        return count
    }
}
