#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed-length vector of `Double` that owns one heap allocation for its whole life.
///
/// Solvers keep their iterates, gradients and directions in `Vector`s allocated once at
/// `start` and reused every iteration: the class has reference semantics, so passing it
/// around never triggers an `Array` copy-on-write, and its storage is handed to BLAS and
/// to objectives as raw buffers. Swapping two `Vector` references is O(1).
public final class Vector {
    /// Number of elements.
    public let count: Int
    /// The storage; valid for the lifetime of the object.
    public let storage: UnsafeMutableBufferPointer<Double>

    /// A vector of `count` elements, all equal to `value`.
    public init(count: Int, repeating value: Double = 0) {
        precondition(count >= 0, "Vector count must be non-negative")
        self.count = count
        let base = Self.allocate(count: count)
        self.storage = UnsafeMutableBufferPointer(start: base, count: count)
        storage.initialize(repeating: value)
    }

    /// A vector holding a copy of `elements`.
    public convenience init(_ elements: [Double]) {
        self.init(count: elements.count)
        _ = storage.update(fromContentsOf: elements)
    }

    deinit { free(storage.baseAddress) }

    /// Vectors of at least this many bytes are placed on 2 MiB boundaries and offered to the
    /// kernel for transparent huge pages (Linux `madvise(MADV_HUGEPAGE)`): streaming many large
    /// vectors at once (L-BFGS reads 2m of them per pass) then costs far fewer TLB misses.
    static let hugePageBytes = 1 << 21

    /// What happens when the system refuses memory for a vector (sizes the program chose are
    /// estimated and refused before this point; this is the last line of defence). The
    /// default writes one line to stderr — the size asked for and the machine's physical
    /// memory — and exits with status 2: a message and an exit code, not a trap. Library users
    /// may install their own (it must not return).
    nonisolated(unsafe) public static var allocationFailed: (_ bytes: Int) -> Never = { bytes in
        let message = allocationMessage(bytes: bytes) + "\n"
        _ = message.withCString { write(2, $0, strlen($0)) }
        exit(2)
    }

    /// The default handler's line.
    static func allocationMessage(bytes: Int) -> String {
        "optbench: error: out of memory: cannot allocate a vector of \(bytes) bytes (physical memory \(Int(MemoryEstimate.physicalBytes / 1_048_576)) MiB)"
    }

    /// `bytes` aligned to `alignment`, or nil when the system refuses.
    static func alignedMemory(bytes: Int, alignment: Int) -> UnsafeMutableRawPointer? {
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, alignment, bytes) == 0 else { return nil }
        return raw
    }

    /// Allocates `count` doubles (at least one, so `pointer` is valid even for n = 0).
    private static func allocate(count: Int) -> UnsafeMutablePointer<Double> {
        let bytes = max(count, 1) * MemoryLayout<Double>.stride
        let alignment = bytes >= hugePageBytes ? hugePageBytes : 64
        guard let raw = alignedMemory(bytes: bytes, alignment: alignment) else { allocationFailed(bytes) }
        #if os(Linux)
        if bytes >= hugePageBytes { _ = madvise(raw, bytes, MADV_HUGEPAGE) }
        #endif
        return raw.bindMemory(to: Double.self, capacity: max(count, 1))
    }

    /// Pointer to the first element (for BLAS and unsafe loops). Like `storage` and
    /// `readOnly`, valid only while this object is alive: hold a reference to the vector
    /// (not just to the pointer) for as long as the pointer is used.
    @inlinable public var pointer: UnsafeMutablePointer<Double> { storage.baseAddress.unsafelyUnwrapped }

    /// The elements as a read-only buffer (what `Objective` receives as x).
    @inlinable public var readOnly: UnsafeBufferPointer<Double> { UnsafeBufferPointer(storage) }

    @inlinable public subscript(index: Int) -> Double {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// A copy of the elements as an `Array`.
    public var array: [Double] { Array(storage) }
}
