import CLapack
import Dispatch
import Foundation

/// How fast this machine multiplies matrices, for estimates of a dense method's time.
public enum FlopRate {
    /// Operations per second of a 400 × 400 dgemm on the BLAS threads set now (about 0.13 GFLOP,
    /// best of three): the machine's peak, so that times from it are lower bounds.
    public static func dgemm() -> Double {
        let n = 400
        let a = [Double](repeating: 1.0 / Double(n), count: n * n)
        var c = [Double](repeating: 0, count: n * n)
        var best = Double.infinity
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            a.withUnsafeBufferPointer { ap in
                c.withUnsafeMutableBufferPointer { cp in
                    cblas_dgemm(
                        CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, ap.baseAddress,
                        Int32(n), ap.baseAddress, Int32(n), 0, cp.baseAddress, Int32(n))
                }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return 2 * pow(Double(n), 3) / max(best, 1e-9)
    }
}
