// swift-tools-version: 6.1
// OptBench used as a dependency, the way an application would: `swift run QuickStart`.
import PackageDescription

let package = Package(
    name: "OptBenchExamples",
    dependencies: [
        .package(name: "OptBench", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "QuickStart",
            dependencies: [
                .product(name: "Optim", package: "OptBench"),
                .product(name: "Problems", package: "OptBench"),
                .product(name: "Bench", package: "OptBench"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
