/// 64-bit FNV-1a (Fowler, Noll & Vo): a fast, stable, non-cryptographic hash of bytes — the
/// one implementation behind grid fingerprints, random-start seeds, long plot-file names and
/// the benchmarks' bit checks. The same bytes give the same hash on every machine and run.
package struct FNV1a: Sendable, Equatable {
    package static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    package static let prime: UInt64 = 0x0000_0100_0000_01b3

    package private(set) var value = FNV1a.offsetBasis

    package init() {}

    /// Mixes in one byte.
    package mutating func add(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* Self.prime }

    /// Mixes in the bytes of `text`'s UTF-8.
    package mutating func add(_ text: String) { for byte in text.utf8 { add(byte) } }

    /// Mixes in the 8 bytes of `number`'s bit pattern, least significant first.
    package mutating func add(bitsOf number: Double) {
        var bits = number.bitPattern
        for _ in 0..<8 {
            add(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    /// The hash of `text`'s UTF-8 bytes.
    package static func hash(_ text: String) -> UInt64 {
        var h = FNV1a()
        h.add(text)
        return h.value
    }

    /// The hash of the values' bit patterns, in order.
    package static func hash(bitsOf values: [Double]) -> UInt64 {
        var h = FNV1a()
        for v in values { h.add(bitsOf: v) }
        return h.value
    }

    /// `value` in lower-case hex, padded to 16 digits.
    package static func paddedHex(_ value: UInt64) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
