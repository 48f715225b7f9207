// swift-tools-version:6.0
import PackageDescription

// One target per concern; dependencies flow one way:
// data -> samples -> models <- engine; evaluation scores plain arrays; the CLI uses them all.
// Tests run against release builds (`make test`), where numeric code is fast enough for real
// data; -enable-testing keeps `@testable import` working there.
let testable: [SwiftSetting] = [.unsafeFlags(["-enable-testing"])]

let package = Package(
    name: "Propensity",
    products: [
        .executable(name: "propensity", targets: ["propensity"]),
        .library(name: "PropensityData", targets: ["PropensityData"]),
        .library(name: "PropensitySamples", targets: ["PropensitySamples"]),
        .library(name: "NeuralEngine", targets: ["NeuralEngine"]),
        .library(name: "PropensityModels", targets: ["PropensityModels"]),
        .library(name: "PropensityEvaluation", targets: ["PropensityEvaluation"]),
    ],
    targets: [
        // Debian's C libraries (libopenblas-dev, libsnappy-dev, zlib1g-dev, libzstd-dev,
        // libxgboost-dev).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CXGBoost", path: "Sources/CXGBoost"),
        .systemLibrary(name: "CSnappy", path: "Sources/CSnappy"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CZstd", path: "Sources/CZstd"),

        .target(
            name: "PropensityData", dependencies: ["CSnappy", "CZlib", "CZstd"],
            swiftSettings: testable),
        .target(
            name: "PropensitySamples", dependencies: ["PropensityData"], swiftSettings: testable),
        // Vector kernels compiled per instruction set and chosen at run time.
        .target(name: "CKernels"),
        .target(
            name: "NeuralEngine", dependencies: ["CBLAS", "CKernels"], swiftSettings: testable),
        .target(
            name: "PropensityModels",
            dependencies: [
                "NeuralEngine", "PropensityData", "PropensitySamples", "PropensityEvaluation",
                "CXGBoost",
            ],
            swiftSettings: testable),
        .target(name: "PropensityEvaluation", swiftSettings: testable),
        .executableTarget(
            name: "propensity",
            dependencies: [
                "PropensityData", "PropensitySamples", "NeuralEngine", "PropensityModels",
                "PropensityEvaluation",
            ]),

        .testTarget(
            name: "PropensityDataTests", dependencies: ["PropensityData"], exclude: ["Fixtures"]),
        .testTarget(
            name: "PropensitySamplesTests",
            dependencies: ["PropensitySamples", "PropensityData", "CZlib"],
            exclude: ["Fixtures"]),
        .testTarget(name: "NeuralEngineTests", dependencies: ["NeuralEngine"]),
        .testTarget(
            name: "PropensityModelsTests",
            dependencies: ["PropensityModels", "PropensitySamples", "PropensityData", "NeuralEngine"],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "PropensityEvaluationTests", dependencies: ["PropensityEvaluation"],
            exclude: ["Fixtures"]),
        .testTarget(name: "EndToEndTests", dependencies: ["PropensityData"]),
    ]
)
