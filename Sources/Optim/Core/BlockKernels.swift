/// Kernels on short blocks (a few thousand elements, resident in L1/L2) that several
/// vectors stream past: the building blocks of passes that fuse several level-1 operations
/// into one sweep over memory. Reductions use four independent SIMD accumulators so the
/// loops vectorize despite floating-point ordering (the sum order differs from BLAS ddot).
public enum BlockKernels {
    @usableFromInline typealias V4 = SIMD4<Double>

    @inline(__always) @usableFromInline
    static func load(_ p: UnsafePointer<Double>, _ i: Int) -> V4 {
        UnsafeRawPointer(p + i).loadUnaligned(as: V4.self)
    }

    /// (vᵀa, vᵀb) over `count` elements, reading v once.
    @inlinable
    public static func dot2(_ v: UnsafePointer<Double>, _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> (Double, Double) {
        var a0 = V4(), a1 = V4(), b0 = V4(), b1 = V4()
        var i = 0
        while i + 8 <= count {
            let v0 = load(v, i), v1 = load(v, i + 4)
            a0 += v0 * load(a, i)
            a1 += v1 * load(a, i + 4)
            b0 += v0 * load(b, i)
            b1 += v1 * load(b, i + 4)
            i += 8
        }
        var sa = (a0 + a1).sum(), sb = (b0 + b1).sum()
        while i < count {
            sa += v[i] * a[i]
            sb += v[i] * b[i]
            i += 1
        }
        return (sa, sb)
    }

    /// vᵀa over `count` elements.
    @inlinable
    public static func dot(_ v: UnsafePointer<Double>, _ a: UnsafePointer<Double>, count: Int) -> Double {
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

    /// out ← out + a·u + b·w over `count` elements.
    @inlinable
    public static func axpy2(_ a: Double, _ u: UnsafePointer<Double>, _ b: Double, _ w: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { out[i] += a * u[i] + b * w[i] }
    }

    /// The differences s = x′ − x and y = g′ − g, written to `s` and `y`, and the five inner
    /// products (sᵀy, yᵀy, sᵀg′, yᵀg′, g′ᵀg′) over `count` elements: one read of x, x′, g, g′.
    @inlinable
    public static func differencesAndProducts(
        x: UnsafePointer<Double>, xNew: UnsafePointer<Double>, g: UnsafePointer<Double>, gNew: UnsafePointer<Double>,
        s: UnsafeMutablePointer<Double>, y: UnsafeMutablePointer<Double>, count: Int
    ) -> (sy: Double, yy: Double, sg: Double, yg: Double, gg: Double) {
        var sy = V4(), yy = V4(), sg = V4(), yg = V4(), gg = V4()
        var i = 0
        while i + 4 <= count {
            let sv = load(xNew, i) - load(x, i)
            let gn = load(gNew, i)
            let yv = gn - load(g, i)
            UnsafeMutableRawPointer(s + i).storeBytes(of: sv, as: V4.self)
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
