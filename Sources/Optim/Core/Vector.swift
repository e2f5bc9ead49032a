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

    /// A vector of `count` elements, all equal to `value`, or the error when the system refuses
    /// the memory: what a run's buffers use (`IterationState`, `Solver.start`), so that `minimize`
    /// returns `MinimizeError.outOfMemory` instead of ending the process.
    public init(allocating count: Int, repeating value: Double = 0) throws(AllocationFailure) {
        precondition(count >= 0, "Vector count must be non-negative")
        self.count = count
        guard let base = Self.allocateIfPossible(count: count) else {
            throw AllocationFailure(bytes: Self.bytes(count))
        }
        self.storage = UnsafeMutableBufferPointer(start: base, count: count)
        storage.initialize(repeating: value)
    }

    /// A copy of `elements`, or the error when the system refuses the memory.
    public convenience init(allocating elements: [Double]) throws(AllocationFailure) {
        try self.init(allocating: elements.count)
        _ = storage.update(fromContentsOf: elements)
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

    /// What happens when the system refuses memory to the non-throwing `init(count:)` (the
    /// scratch vectors of objectives and helpers; a run's own buffers use `init(allocating:)`,
    /// which throws instead). The library cannot return from there, so the default ends the
    /// process without a trap: one line on stderr naming the size refused, exit status 2; a
    /// program installs its own, as the command line does. It must not return.
    nonisolated(unsafe) public static var allocationFailed: (_ failure: AllocationFailure) -> Never = { failure in
        let line = Array("Optim: \(failure.description)\n".utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        exit(2)
    }

    static func bytes(_ count: Int) -> Int {
        let (bytes, overflow) = max(count, 1).multipliedReportingOverflow(by: MemoryLayout<Double>.stride)
        return overflow ? .max : bytes
    }

    /// `bytes` aligned to `alignment`, or nil when the system refuses.
    static func alignedMemory(bytes: Int, alignment: Int) -> UnsafeMutableRawPointer? {
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, alignment, bytes) == 0 else { return nil }
        return raw
    }

    /// Allocates `count` doubles (at least one, so `pointer` is valid even for n = 0).
    private static func allocate(count: Int) -> UnsafeMutablePointer<Double> {
        guard let base = allocateIfPossible(count: count) else {
            allocationFailed(AllocationFailure(bytes: bytes(count)))
        }
        return base
    }

    /// `count` doubles (at least one), or nil when the system refuses.
    private static func allocateIfPossible(count: Int) -> UnsafeMutablePointer<Double>? {
        let (bytes, overflow) = max(count, 1).multipliedReportingOverflow(by: MemoryLayout<Double>.stride)
        if overflow { return nil }
        let alignment = bytes >= hugePageBytes ? hugePageBytes : 64
        guard let raw = alignedMemory(bytes: bytes, alignment: alignment) else { return nil }
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

/// The system refused memory for a vector: its size and the machine's physical memory. Sizes
/// the program chooses are estimated and refused before this point (`Unsupported`,
/// `MemoryEstimate`); this is the last line of defence, returned by `minimize` as
/// `MinimizeError.outOfMemory`.
public struct AllocationFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes asked for (saturating at `Int.max` when the size itself overflows).
    public let bytes: Int
    /// The machine's physical memory, in bytes.
    public let physicalBytes: Double

    public init(bytes: Int, physicalBytes: Double = MemoryEstimate.physicalBytes) {
        self.bytes = bytes
        self.physicalBytes = physicalBytes
    }

    public var description: String {
        "out of memory: cannot allocate a vector of \(bytes) bytes (physical memory \(Int(physicalBytes / 1_048_576)) "
            + "MiB)"
    }
}
