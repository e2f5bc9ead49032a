import CLapack

/// Level-1 vector kernels. The BLAS-shaped operations go to OpenBLAS's CBLAS (unit
/// strides); `maxAbs` and the elementwise helpers are plain loops over unsafe buffers that
/// the compiler vectorizes (no reductions with a strict floating-point order in them), split
/// between the run's threads on long vectors (`addScaled`, `maxAbs`: the same bits on any count).
///
/// All functions take buffers of equal length; lengths must fit CBLAS's 32-bit `int`.
@usableFromInline package enum Kernels {
    @usableFromInline @inline(__always) static func blasCount(_ n: Int) -> Int32 {
        precondition(n <= Int(Int32.max), "vector length \(n) exceeds the CBLAS int range")
        return Int32(n)
    }

    /// xᵀy.
    @inlinable package static func dot(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) -> Double {
        precondition(x.count == y.count, "dot: length mismatch")
        guard let px = x.baseAddress, let py = y.baseAddress else { return 0 }
        return cblas_ddot(blasCount(x.count), px, 1, py, 1)
    }

    /// y ← a·x + y.
    @inlinable package static func axpy(
        _ a: Double, _ x: UnsafeBufferPointer<Double>, _ y: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(x.count == y.count, "axpy: length mismatch")
        guard let px = x.baseAddress, let py = y.baseAddress else { return }
        cblas_daxpy(blasCount(x.count), a, px, 1, py, 1)
    }

    /// x ← a·x.
    @inlinable package static func scal(_ a: Double, _ x: UnsafeMutableBufferPointer<Double>) {
        guard let px = x.baseAddress else { return }
        cblas_dscal(blasCount(x.count), a, px, 1)
    }

    /// y ← x.
    @inlinable package static func copy(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        precondition(x.count == y.count, "copy: length mismatch")
        guard let px = x.baseAddress, let py = y.baseAddress else { return }
        cblas_dcopy(blasCount(x.count), px, 1, py, 1)
    }

    /// ‖x‖₂ (scaled, overflow-safe, as BLAS dnrm2).
    @inlinable package static func nrm2(_ x: UnsafeBufferPointer<Double>) -> Double {
        guard let px = x.baseAddress else { return 0 }
        return cblas_dnrm2(blasCount(x.count), px, 1)
    }

    /// ‖x‖∞ = maxᵢ |xᵢ|. NaN if any element is NaN (unlike BLAS idamax, which skips NaN),
    /// so a non-finite gradient can never pass a convergence test.
    @inlinable package static func maxAbs(_ x: UnsafeBufferPointer<Double>, threads: Int = 1) -> Double {
        let blocks = elementwiseBlocks(x.count, threads: threads)
        guard blocks.threadsUsed > 1, let base = x.baseAddress else { return serialMaxAbs(x) }
        // The maximum does not depend on the order its blocks are taken in (NaN wins).
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: blocks.blockCount) { partial in
            let partial = partial.baseAddress!
            blocks.forEach { b, lo, length in
                partial[b] = serialMaxAbs(UnsafeBufferPointer(start: base + lo, count: length))
            }
            return serialMaxAbs(UnsafeBufferPointer(start: partial, count: blocks.blockCount))
        }
    }

    /// How the element-wise kernels split a long vector between the run's threads
    /// (one unless the caller says, as runs do with `IterationState.threads`; one thread below
    /// `ParallelBlocks.minimumBlocksPerThread` blocks each).
    @inlinable static func elementwiseBlocks(_ count: Int, threads: Int) -> ParallelBlocks {
        ParallelBlocks(count: count, blockLength: 16384, threads: max(1, threads))
    }

    @inlinable static func serialMaxAbs(_ x: UnsafeBufferPointer<Double>) -> Double {
        var m0 = 0.0, m1 = 0.0, m2 = 0.0, m3 = 0.0
        var sawNaN = false
        let n = x.count
        var i = 0
        while i + 4 <= n {
            let a0 = abs(x[i]), a1 = abs(x[i + 1]), a2 = abs(x[i + 2]), a3 = abs(x[i + 3])
            m0 = a0 > m0 ? a0 : m0
            m1 = a1 > m1 ? a1 : m1
            m2 = a2 > m2 ? a2 : m2
            m3 = a3 > m3 ? a3 : m3
            sawNaN = sawNaN || a0.isNaN || a1.isNaN || a2.isNaN || a3.isNaN
            i += 4
        }
        while i < n {
            let a = abs(x[i])
            m0 = a > m0 ? a : m0
            sawNaN = sawNaN || a.isNaN
            i += 1
        }
        return sawNaN ? .nan : max(max(m0, m1), max(m2, m3))
    }

    /// z ← x + a·y (z may alias neither x nor y).
    @inlinable package static func addScaled(
        _ x: UnsafeBufferPointer<Double>, _ a: Double, _ y: UnsafeBufferPointer<Double>,
        into z: UnsafeMutableBufferPointer<Double>,
        threads: Int = 1
    ) {
        precondition(x.count == y.count && y.count == z.count, "addScaled: length mismatch")
        let blocks = elementwiseBlocks(z.count, threads: threads)
        guard blocks.threadsUsed > 1 else {
            for i in 0..<z.count { z[i] = x[i] + a * y[i] }
            return
        }
        blocks.forEach { _, lo, length in
            for i in lo..<(lo + length) { z[i] = x[i] + a * y[i] }
        }
    }

    /// y ← a·x (y may not alias x).
    @inlinable package static func scaled(
        _ a: Double, _ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(x.count == y.count, "scaled: length mismatch")
        for i in 0..<y.count { y[i] = a * x[i] }
    }

    /// maxᵢ |xᵢ − yᵢ|: the ∞-norm of a step, without forming it.
    @inlinable package static func maxAbsDifference(
        _ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>
    ) -> Double {
        precondition(x.count == y.count, "maxAbsDifference: length mismatch")
        var m = 0.0
        for i in 0..<x.count {
            let d = abs(x[i] - y[i])
            m = d > m ? d : m
        }
        return m
    }
}

extension Vector {
    /// ‖self‖∞.
    @inlinable package var maxAbs: Double { Kernels.maxAbs(readOnly) }
    /// ‖self‖₂.
    @inlinable package var norm2: Double { Kernels.nrm2(readOnly) }
    /// selfᵀother.
    @inlinable package func dot(_ other: Vector) -> Double { Kernels.dot(readOnly, other.readOnly) }
}
