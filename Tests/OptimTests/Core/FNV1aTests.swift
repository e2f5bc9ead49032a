import Testing
@testable import Optim

/// The one FNV-1a against the published 64-bit test vectors (Fowler, Noll & Vo; the IETF
/// draft's table): the empty string is the offset basis, "a" and "foobar" their known hashes.
@Suite struct FNV1aTests {
    @Test func publishedVectors() {
        #expect(FNV1a.hash("") == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a.hash("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a.hash("foobar") == 0x8594_4171_f739_67e8)
        #expect(FNV1a.paddedHex(0xff) == "00000000000000ff")
    }

    /// A double's bits are hashed least significant byte first: 1.0 is 0x3ff0000000000000.
    @Test func bitsOfDoublesAreLittleEndianBytes() {
        var bytes = FNV1a()
        for byte: UInt8 in [0, 0, 0, 0, 0, 0, 0xf0, 0x3f] { bytes.add(byte) }
        #expect(FNV1a.hash(bitsOf: [1.0]) == bytes.value)
        #expect(FNV1a.hash(bitsOf: [1.0]) != FNV1a.hash(bitsOf: [-1.0]))
    }
}
