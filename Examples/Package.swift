// swift-tools-version: 6.0
import PackageDescription

/// A package that uses gradscope as a library, by path: it trains a small network with the engine
/// (GradscopeNN) and draws its loss curve (GradscopeCharts) to a PNG file (GradscopeCairo).
/// `make examples` in the repository builds and runs it.
let package = Package(
    name: "gradscope-examples",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "gradscope", path: "../")
    ],
    targets: [
        .executableTarget(
            name: "TrainAndPlot",
            dependencies: [
                .product(name: "GradscopeNN", package: "gradscope"),
                .product(name: "GradscopeCharts", package: "gradscope"),
                .product(name: "GradscopeCairo", package: "gradscope"),
            ]
        )
    ]
)
