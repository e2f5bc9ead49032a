import Foundation
import Testing
@testable import Optim

/// Estimates before allocation: parts in decimal units, the machine from /proc/meminfo.
@Suite struct MemoryEstimateTests {
    @Test(arguments: [
        (13.06e9, "13.1 GB"), (512e6, "512.0 MB"), (2400, "2.4 kB"), (999, "999 bytes"), (3.5e12, "3.5 TB"),
    ])
    func bytesAreShownInDecimalUnits(_ bytes: Double, _ text: String) {
        #expect(MemoryEstimate.format(bytes) == text)
    }

    @Test func theTotalIsTheSumOfTheParts() {
        var estimate = MemoryEstimate()
        estimate.add("data", doubles: 75e6)
        estimate.add("buffers", doubles: 50e6)
        #expect(estimate.totalBytes == 1e9)
        #expect(estimate.description == "about 1.0 GB (data 600.0 MB + buffers 400.0 MB)")
        #expect(estimate.fits)
    }

    /// Physical memory agrees with the kernel's MemTotal (kB), to the page.
    @Test func physicalMemoryIsTheKernelsTotal() throws {
        let meminfo = try String(contentsOfFile: "/proc/meminfo", encoding: .utf8)
        let line = try #require(meminfo.split(separator: "\n").first { $0.hasPrefix("MemTotal:") })
        let kilobytes = try #require(Double(line.split(separator: " ")[1]))
        #expect(abs(MemoryEstimate.physicalBytes - kilobytes * 1024) <= 4096)
    }

    /// A product of sizes that overflows Int is only a large number: refused, no trap.
    @Test func sizesBeyondIntAreRefusedNotTrapped() {
        var estimate = MemoryEstimate()
        estimate.add("parameters", doubles: Double(Int.max) * 1e6)
        #expect(!estimate.fits)
        #expect(Unsupported.denseStorage(dimension: Int.max) != nil)
        #expect(Unsupported.denseStorage(dimension: 5000) == nil)
    }
}
