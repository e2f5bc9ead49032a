import CMemoryHints

/// Kernels on short blocks (a few thousand elements, resident in L1/L2) that several
/// vectors stream past: the building blocks of passes that fuse several level-1 operations
/// into one sweep over memory. Reductions use independent SIMD accumulators so the loops
/// vectorize despite floating-point ordering (the sum order differs from BLAS ddot).
package enum BlockKernels {
    @usableFromInline typealias V4 = SIMD4<Double>

    /// Elements ahead that the streaming kernels prefetch.
    @usableFromInline static let prefetchDistance = 256

    @inline(__always) @usableFromInline
    static func load(_ p: UnsafePointer<Double>, _ i: Int) -> V4 {
        UnsafeRawPointer(p + i).loadUnaligned(as: V4.self)
    }

    /// (uᵀa, uᵀb, wᵀa, wᵀb) over `count` elements: the products of a stored pair (u, w)
    /// with two vectors resident in cache. Reading u and w in the same loop keeps two memory
    /// streams in flight, which a single core needs to approach its bandwidth (one stream
    /// per loop measured 30% slower on n = 10⁶, see results/lbfgs-overhead.md).
    @inlinable
    package static func pairDots(
        _ u: UnsafePointer<Double>, _ w: UnsafePointer<Double>, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>,
        count: Int
    ) -> (ua: Double, ub: Double, wa: Double, wb: Double) {
        var ua = V4(), ub = V4(), wa = V4(), wb = V4()
        var i = 0
        while i + 4 <= count {
            optbench_prefetch(u + i + prefetchDistance)
            optbench_prefetch(w + i + prefetchDistance)
            let uv = load(u, i), wv = load(w, i), av = load(a, i), bv = load(b, i)
            ua += uv * av
            ub += uv * bv
            wa += wv * av
            wb += wv * bv
            i += 4
        }
        var r = (ua: ua.sum(), ub: ub.sum(), wa: wa.sum(), wb: wb.sum())
        while i < count {
            r.ua += u[i] * a[i]
            r.ub += u[i] * b[i]
            r.wa += w[i] * a[i]
            r.wb += w[i] * b[i]
            i += 1
        }
        return r
    }

    /// The products of two stored pairs (u, w) and (u′, w′) with two vectors a, b resident in
    /// cache, in one loop: four memory streams in flight (a core's bandwidth on this kind of
    /// machine grows up to about four streams; `pairDots` alone reaches less). Each product
    /// is summed in exactly the order `pairDots` uses, so the two give the same bits.
    @inlinable
    package static func twoPairDots(
        _ u: UnsafePointer<Double>, _ w: UnsafePointer<Double>, _ u2: UnsafePointer<Double>,
        _ w2: UnsafePointer<Double>,
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int
    )
        -> (
            first: (ua: Double, ub: Double, wa: Double, wb: Double),
            second: (ua: Double, ub: Double, wa: Double, wb: Double)
        )
    {
        var ua = V4(), ub = V4(), wa = V4(), wb = V4()
        var ua2 = V4(), ub2 = V4(), wa2 = V4(), wb2 = V4()
        var i = 0
        while i + 4 <= count {
            optbench_prefetch(u + i + prefetchDistance)
            optbench_prefetch(w + i + prefetchDistance)
            optbench_prefetch(u2 + i + prefetchDistance)
            optbench_prefetch(w2 + i + prefetchDistance)
            let av = load(a, i), bv = load(b, i)
            let uv = load(u, i), wv = load(w, i), uv2 = load(u2, i), wv2 = load(w2, i)
            ua += uv * av
            ub += uv * bv
            wa += wv * av
            wb += wv * bv
            ua2 += uv2 * av
            ub2 += uv2 * bv
            wa2 += wv2 * av
            wb2 += wv2 * bv
            i += 4
        }
        var r = (first: (ua: ua.sum(), ub: ub.sum(), wa: wa.sum(), wb: wb.sum()),
                 second: (ua: ua2.sum(), ub: ub2.sum(), wa: wa2.sum(), wb: wb2.sum()))
        while i < count {
            r.first.ua += u[i] * a[i]
            r.first.ub += u[i] * b[i]
            r.first.wa += w[i] * a[i]
            r.first.wb += w[i] * b[i]
            r.second.ua += u2[i] * a[i]
            r.second.ub += u2[i] * b[i]
            r.second.wa += w2[i] * a[i]
            r.second.wb += w2[i] * b[i]
            i += 1
        }
        return r
    }

    /// vᵀa over `count` elements.
    @inlinable
    package static func dot(_ v: UnsafePointer<Double>, _ a: UnsafePointer<Double>, count: Int) -> Double {
        var a0 = V4(), a1 = V4(), a2 = V4(), a3 = V4()
        var i = 0
        while i + 16 <= count {
            a0 += load(v, i) * load(a, i)
            a1 += load(v, i + 4) * load(a, i + 4)
            a2 += load(v, i + 8) * load(a, i + 8)
            a3 += load(v, i + 12) * load(a, i + 12)
            i += 16
        }
        var s = ((a0 + a1) + (a2 + a3)).sum()
        while i < count {
            s += v[i] * a[i]
            i += 1
        }
        return s
    }

    /// out ← out + (a·u + b·w) + (c·v + d·z) over `count` elements: four memory streams in one loop.
    @inlinable
    package static func axpy4(_ a: Double, _ u: UnsafePointer<Double>, _ b: Double, _ w: UnsafePointer<Double>,
                             _ c: Double, _ v: UnsafePointer<Double>, _ d: Double, _ z: UnsafePointer<Double>,
                             into out: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { out[i] += (a * u[i] + b * w[i]) + (c * v[i] + d * z[i]) }
    }

    /// out ← out + a·u + b·w over `count` elements.
    @inlinable
    package static func axpy2(
        _ a: Double, _ u: UnsafePointer<Double>, _ b: Double, _ w: UnsafePointer<Double>,
        into out: UnsafeMutablePointer<Double>, count: Int
    ) {
        for i in 0..<count { out[i] += a * u[i] + b * w[i] }
    }

    /// The differences s = x′ − x and y = g′ − g, written to `s` and `y`, and the five inner
    /// products (sᵀy, yᵀy, sᵀg′, yᵀg′, g′ᵀg′) over `count` elements: one read of x, x′, g, g′.
    @inlinable
    package static func differencesAndProducts(
        x: UnsafePointer<Double>, xNew: UnsafePointer<Double>, g: UnsafePointer<Double>, gNew: UnsafePointer<Double>,
        s: UnsafeMutablePointer<Double>, y: UnsafeMutablePointer<Double>, count: Int
    ) -> (sy: Double, yy: Double, sg: Double, yg: Double, gg: Double) {
        var sy = V4(), yy = V4(), sg = V4(), yg = V4(), gg = V4()
        // s is not read again in this pass: on a 32-byte boundary it bypasses the cache.
        let streamS = Int(bitPattern: s) & 31 == 0
        var i = 0
        while i + 4 <= count {
            let sv = load(xNew, i) - load(x, i)
            let gn = load(gNew, i)
            let yv = gn - load(g, i)
            if streamS {
                optbench_stream4(s + i, sv)
            } else {
                UnsafeMutableRawPointer(s + i).storeBytes(of: sv, as: V4.self)
            }
            UnsafeMutableRawPointer(y + i).storeBytes(of: yv, as: V4.self)
            sy += sv * yv
            yy += yv * yv
            sg += sv * gn
            yg += yv * gn
            gg += gn * gn
            i += 4
        }
        var r = (sy.sum(), yy.sum(), sg.sum(), yg.sum(), gg.sum())
        while i < count {
            let sv = xNew[i] - x[i], gn = gNew[i], yv = gn - g[i]
            s[i] = sv
            y[i] = yv
            r.0 += sv * yv
            r.1 += yv * yv
            r.2 += sv * gn
            r.3 += yv * gn
            r.4 += gn * gn
            i += 1
        }
        return r
    }
}
