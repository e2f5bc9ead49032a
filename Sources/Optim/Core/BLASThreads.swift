import CLapack
import Foundation

/// The number of threads OpenBLAS uses (one process-wide setting of the library's, which
/// OptBench itself keeps no copy of).
///
/// Threaded BLAS splits a product or a reduction between threads, and the split changes the
/// order of the floating-point sums: the same run can end in different digits, and even after
/// a different number of iterations, on machines with different core counts (or under a
/// different OPENBLAS_NUM_THREADS). So whoever runs a solver pins the count before it starts
/// (`set`), to the run's `Options.threads`, which is 1 unless the caller opts in to more
/// (`optbench … --threads N`): the same command then gives the same numbers on any machine,
/// whatever the environment says, and parallel runs (`compare --jobs`) do not oversubscribe
/// the cores. OptBench's own threaded passes take the count from the run's options.
package enum BLASThreads {
    /// Threads a run uses unless the caller asks for more: 1.
    package static var defaultCount: Int { Options().threads }

    /// The most a caller may ask for: the processors this process may run on.
    package static var maximum: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Sets OpenBLAS's thread count (`openblas_set_num_threads`), for the whole process.
    package static func set(_ count: Int) { openblas_set_num_threads(Int32(count)) }

    /// OpenBLAS's thread count now (`openblas_get_num_threads`): what a finished run records.
    package static var current: Int { Int(openblas_get_num_threads()) }

    /// The BLAS library as results record it: OpenBLAS's build configuration and the kernel
    /// set it chose for this CPU ("OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64 (Haswell kernels)").
    package static var library: String {
        let configuration = openblas_get_config().map { String(cString: $0) } ?? "OpenBLAS"
        let core = openblas_get_corename().map { String(cString: $0) } ?? "unknown"
        return "\(configuration.trimmingCharacters(in: .whitespaces)) (\(core) kernels)"
    }
}
