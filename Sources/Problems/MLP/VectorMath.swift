/// Elementwise exp, tanh and logistic sigmoid written without libm calls or branches, so the
/// loops vectorize (one libm call per element costs 10–20 ns; a network layer has millions).
///
/// exp uses Cody–Waite range reduction y = k·ln2 + r, |r| ≤ ln2/2 (ln2 split into a high part
/// exact in 32 bits and a low part), the degree-13 Taylor polynomial of eʳ (truncation error
/// below 5·10⁻¹⁸ on that interval), and 2ᵏ assembled from its exponent bits with 64-bit integer
/// adds and shifts: k comes from the "magic number" rounding t = y/ln2 + 1.5·2⁵², whose low
/// bits hold k. Measured accuracy against libm (Tests/ProblemsTests/VectorMathTests.swift):
/// exp ≤ 1 ulp, tanh ≤ 3 ulps, sigmoid ≤ 2 ulps. On 2.56·10⁶ elements the buffer form of
/// tanh takes 14 ms against libm's 38 ms (`optbench-perf tanh-probe`, baseline SSE2 target).
public enum VectorMath {
    @usableFromInline static let invLn2 = 1.4426950408889634
    @usableFromInline static let ln2Hi = 6.93147180369123816490e-01
    @usableFromInline static let ln2Lo = 1.90821492927058770002e-10
    /// 1.5·2⁵²: adding it rounds to an integer held in the low mantissa bits.
    @usableFromInline static let magic = 6755399441055744.0

    // The scalar forms run the four-lane code on one lane: one definition of the arithmetic,
    // and the buffer forms' tails give exactly what their vector bodies give.

    /// eʸ for y ≤ 0 (0 below −708, where eʸ is subnormal; NaN stays NaN).
    @inlinable
    public static func expNonPositive(_ y: Double) -> Double { expNonPositive(V4(repeating: y))[0] }

    /// tanh x = sign(x)·(−t/(t + 2)) with t = expm1(−2|x|) ∈ (−1, 0]: no cancellation anywhere.
    @inlinable
    public static func tanh(_ x: Double) -> Double { tanh(V4(repeating: x))[0] }

    /// σ(a) = 1/(1 + e⁻ᵃ), from e = e^{−|a|}: 1/(1 + e) for a ≥ 0, e/(1 + e) otherwise.
    @inlinable
    public static func sigmoid(_ a: Double) -> Double { sigmoid(V4(repeating: a))[0] }

    // MARK: Four lanes at a time
    //
    // Written on SIMD4<Double> because scalar loops of the same arithmetic are not vectorized by
    // LLVM on the baseline x86-64 target (its cost model declines the 64-bit integer exponent
    // arithmetic).

    @usableFromInline typealias V4 = SIMD4<Double>
    @usableFromInline typealias U4 = SIMD4<UInt64>

    @inlinable @inline(__always)
    static func expm1Reduced(_ r: V4) -> V4 {
        var p = V4(repeating: 1.6059043836821613e-10)
        p = p * r + 2.08767569878681e-09
        p = p * r + 2.505210838544172e-08
        p = p * r + 2.755731922398589e-07
        p = p * r + 2.7557319223985893e-06
        p = p * r + 2.48015873015873e-05
        p = p * r + 0.0001984126984126984
        p = p * r + 0.001388888888888889
        p = p * r + 0.008333333333333333
        p = p * r + 0.041666666666666664
        p = p * r + 0.16666666666666666
        p = p * r + 0.5
        p = p * r + 1
        return r * p
    }

    @inlinable @inline(__always)
    static func reduce(_ y: V4) -> (r: V4, scale: V4) {
        let t = y * invLn2 + magic
        let k = t - magic
        let r = (y - k * ln2Hi) - k * ln2Lo
        let bits = (unsafeBitCast(t, to: U4.self) &- magic.bitPattern &+ 1023) &<< 52
        return (r, unsafeBitCast(bits, to: V4.self))
    }

    @inlinable @inline(__always)
    static func absolute(_ v: V4) -> V4 {
        unsafeBitCast(unsafeBitCast(v, to: U4.self) & 0x7FFF_FFFF_FFFF_FFFF, to: V4.self)
    }

    @inlinable @inline(__always)
    static func load(_ p: UnsafePointer<Double>, _ i: Int) -> V4 { UnsafeRawPointer(p + i).loadUnaligned(as: V4.self) }

    @inlinable @inline(__always)
    static func store(_ v: V4, _ p: UnsafeMutablePointer<Double>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: V4.self)
    }

    @inlinable @inline(__always)
    static func tanh(_ v: V4) -> V4 {
        let floor = V4(repeating: -50)   // tanh(25) rounds to 1
        let z = -2 * absolute(v)
        let (r, scale) = reduce(z.replacing(with: floor, where: z .< floor))
        let t = scale * expm1Reduced(r) + (scale - 1)
        let magnitude = absolute(-t / (t + 2))   // +0, not −0, at x = 0
        let sign = unsafeBitCast(v, to: U4.self) & 0x8000_0000_0000_0000
        return unsafeBitCast(unsafeBitCast(magnitude, to: U4.self) | sign, to: V4.self)
    }

    @inlinable @inline(__always)
    static func sigmoid(_ a: V4) -> V4 {
        let e = expNonPositive(-absolute(a))
        return V4(repeating: 1).replacing(with: e, where: a .< 0) / (1 + e)
    }

    @inlinable @inline(__always)
    static func expNonPositive(_ y: V4) -> V4 {
        let low = V4(repeating: -708)
        let (r, scale) = reduce(y.replacing(with: low, where: y .< low))
        return ((1 + expm1Reduced(r)) * scale).replacing(with: 0, where: y .< low)
    }

    /// out[i] = kernel(x[i]), four elements at a time, the tail through one lane. The kernels
    /// are passed as closure literals, which inline here; a bare function reference compiled to
    /// one call per four elements (tanh 2.2 → 2.0 ns per element, `optbench-perf kernels`).
    @inlinable @inline(__always)
    static func map(
        _ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int, _ kernel: (V4) -> V4
    ) {
        var i = 0
        while i + 4 <= count {
            store(kernel(load(x, i)), out, i)
            i += 4
        }
        while i < count {
            out[i] = kernel(V4(repeating: x[i]))[0]
            i += 1
        }
    }

    /// out[i] = e^{x[i]}, every x[i] ≤ 0.
    @inlinable
    public static func expNonPositive(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        map(x, into: out, count: count) { expNonPositive($0) }
    }

    /// out[i] = tanh(x[i]).
    @inlinable
    public static func tanh(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        map(x, into: out, count: count) { tanh($0) }
    }

    /// out[i] = σ(x[i]).
    @inlinable
    public static func sigmoid(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        map(x, into: out, count: count) { sigmoid($0) }
    }
}
