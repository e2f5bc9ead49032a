// swift-tools-version: 6.1
import PackageDescription

// Code that does not pay for optimization — Bench (catalog, grids, tables, charts, reports) and
// the command line — is compiled without it in release builds too: a fresh clone's first
// `scripts/optbench` build spends its time in Optim and Problems, where the numbers are made
// (results/build-time.md has the compile times and the runtime cost).
let unoptimized: [SwiftSetting] = [.unsafeFlags(["-Onone"], .when(configuration: .release))]

let package = Package(
    name: "OptBench",
    products: [
        .library(name: "Optim", targets: ["Optim"]),
        .library(name: "Problems", targets: ["Problems"]),
        .library(name: "Bench", targets: ["Bench"]),
        .executable(name: "optbench", targets: ["optbench"]),
        // The C interface (Sources/COptBench/include/optbench.h): libOptBenchC.so.
        .library(name: "OptBenchC", type: .dynamic, targets: ["OptBenchC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // OpenBLAS's CBLAS and LAPACKE (Debian: libopenblas-dev, liblapacke-dev).
        .systemLibrary(
            name: "CLapack",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        // Prefetch and non-temporal-store builtins for the memory-bound L-BFGS passes.
        .systemLibrary(name: "CMemoryHints"),
        .target(name: "Optim", dependencies: ["CLapack", "CMemoryHints"]),
        .target(name: "Problems", dependencies: ["Optim", "CLapack"]),
        .target(name: "Bench", dependencies: ["Optim", "Problems"], swiftSettings: unoptimized),
        // The C interface: COptBench is its header (include/optbench.h), OptBenchC the Swift
        // that implements it over Bench's catalog and Optim's driver.
        .target(name: "COptBench"),
        .target(name: "OptBenchC", dependencies: ["COptBench", "Bench", "Problems", "Optim", "CLapack"]),
        .executableTarget(
            name: "optbench",
            dependencies: [
                "Bench", "Problems", "Optim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: unoptimized
        ),
        // Measures L-BFGS's own per-iteration work against the memory-bandwidth floor, the
        // kernels, and how cost grows with the size (its chart drawn with Bench's LineChart).
        .executableTarget(name: "optbench-perf", dependencies: ["Optim", "Problems", "Bench"]),
        .testTarget(name: "OptimTests", dependencies: ["Optim", "CLapack"]),
        .testTarget(name: "ProblemsTests", dependencies: ["Problems", "Optim", "CLapack"]),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "Problems", "Optim"]),
        .testTarget(name: "optbenchTests", dependencies: ["optbench", "Bench", "Problems", "Optim"]),
    ],
    swiftLanguageModes: [.v6]
)
