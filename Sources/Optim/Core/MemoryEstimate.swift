import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The memory a problem or a solver will hold, part by part, estimated before anything is
/// allocated, so that a size that cannot fit is refused with a message instead of dying in
/// the allocator (or at the hands of the kernel's out-of-memory killer, which overcommitting
/// Linux leaves as the only outcome of touching more than there is).
///
/// Sizes are computed in `Double`: a product of user-given sizes that would overflow `Int`
/// (and trap) is just a large number here, and is refused like any other.
public struct MemoryEstimate: Sendable, Equatable {
    /// One named part, in bytes.
    public struct Part: Sendable, Equatable {
        public let name: String
        public let bytes: Double
    }

    public private(set) var parts: [Part] = []

    public init() {}

    /// Adds `count` doubles (a product of sizes) under `name`.
    public mutating func add(_ name: String, doubles count: Double) {
        parts.append(Part(name: name, bytes: count * Double(MemoryLayout<Double>.stride)))
    }

    public var totalBytes: Double { parts.reduce(0) { $0 + $1.bytes } }

    /// The machine's physical memory in bytes (sysconf _SC_PHYS_PAGES × _SC_PAGESIZE).
    public static var physicalBytes: Double {
        Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The share of physical memory one run may plan to use: the rest is left to the system
    /// and to other processes (with no swap, going beyond it ends in the OOM killer).
    public static let usableFraction = 0.8

    /// What a run may plan to use: `usableFraction` × physical memory, and no more than the
    /// process may still allocate under its limits (`ulimit -v`, `ulimit -d`).
    public static var limitBytes: Double {
        min(usableFraction * physicalBytes, processLimit?.bytes ?? .infinity)
    }

    /// The work buffer OpenBLAS maps per thread, kept free under a process limit.
    public static let blasBufferBytes = 134_217_728.0

    /// The tighter of RLIMIT_AS and RLIMIT_DATA, less what the process already holds of each
    /// (its address space and its data segment, from /proc/self/statm), with the name of the
    /// limit; nil when neither is set.
    public static var processLimit: (bytes: Double, name: String)? {
        var held = (address: 0.0, data: 0.0)
        #if os(Linux)
            if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
                let fields = statm.split(separator: " ").compactMap {
                    Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
                }
                let page = Double(sysconf(Int32(_SC_PAGESIZE)))
                if fields.count >= 6 { held = (fields[0] * page, fields[5] * page) }
            }
        #endif
        var best: (bytes: Double, name: String)?
        for (resource, name, used) in [
            (RLIMIT_AS, "its address space (ulimit -v)", held.address),
            (RLIMIT_DATA, "its data (ulimit -d)", held.data),
        ] {
            var limit = rlimit()
            #if os(Linux)
                guard getrlimit(__rlimit_resource_t(resource.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max
                else { continue }
            #else
            guard getrlimit(resource, &limit) == 0, limit.rlim_cur != rlim_t.max else { continue }
            #endif
            // OpenBLAS maps a work buffer per thread at its first level-3 call (128 MiB in
            // 0.3.x on x86-64) and retries for ever when it cannot: keep room for it.
            let free = max(0, Double(limit.rlim_cur) - used - blasBufferBytes * Double(max(1, BLASThreads.current)))
            if best == nil || free < best!.bytes { best = (free, name) }
        }
        return best
    }

    /// Whether the estimate is within `limitBytes`.
    public var fits: Bool { totalBytes <= Self.limitBytes }

    /// "about 13.1 GB (data 6.5 GB + activations 5.2 GB + …)": the total and its parts, in
    /// decimal units (GB = 10⁹ bytes).
    public var description: String {
        let shown = parts.filter { $0.bytes > 0 }.map { "\($0.name) \(Self.format($0.bytes))" }
        return "about \(Self.format(totalBytes))" + (shown.count > 1 ? " (\(shown.joined(separator: " + ")))" : "")
    }

    /// "this machine has 23.4 GB of memory; a run may use 80% of it": the other half of a
    /// refusal (or, under a tighter process limit, how much more the process may allocate).
    public static var machineDescription: String {
        if let limit = processLimit, limit.bytes < usableFraction * physicalBytes {
            return "this process may allocate \(format(limit.bytes)) more under the limit on \(limit.name)"
        }
        return
            "this machine has \(format(physicalBytes)) of memory; a run may plan to use \(Int(usableFraction * 100))% "
                + "of it"
    }

    /// Bytes with one decimal in the largest decimal unit below them: "512.0 MB", "13.1 GB".
    public static func format(_ bytes: Double) -> String {
        let units: [(String, Double)] = [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)]
        guard bytes.isFinite else { return "more than \(Double.greatestFiniteMagnitude) bytes" }
        for (unit, size) in units where bytes >= size {
            return "\((bytes / size * 10).rounded() / 10) \(unit)"
        }
        return "\(Int(bytes)) bytes"
    }
}
