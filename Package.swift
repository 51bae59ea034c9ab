// swift-tools-version: 6.0
import PackageDescription

/// gradscope: notebooks of deep-network experiments in, reproducible static reports out.
/// Module layout and import rules: see ARCHITECTURE.md (one direction only; NN and Charts are leaves).
/// No unsafe flags: the engine's hot loops are written with wrapping arithmetic and pointers, so they
/// need no -Ounchecked, and the package stays usable as a versioned dependency. `make build CPU=…`
/// adds a CPU level's vector extensions and records the level in the binary (see README, "Speed").

let package = Package(
    name: "gradscope",
    platforms: [.macOS(.v15)],
    // The command line, and each module another package may build on (README, "Using gradscope as
    // a library"; Examples/ is such a package): the engine, the runner and its cache, the charts
    // as data, their Cairo renderer, and the reports.
    products: [
        .executable(name: "gradscope", targets: ["gradscope"]),
        .library(name: "GradscopeNN", targets: ["GradscopeNN"]),
        .library(name: "GradscopeLab", targets: ["GradscopeLab"]),
        .library(name: "GradscopeCharts", targets: ["GradscopeCharts"]),
        .library(name: "GradscopeCairo", targets: ["GradscopeCairo"]),
        .library(name: "GradscopeReport", targets: ["GradscopeReport"]),
    ],
    // Exact versions, since Package.resolved is not committed and these shape the output's bytes;
    // `Libraries.swiftPackagePins` lists the same (a test holds the two together). swift-asn1 comes
    // with swift-crypto for a module gradscope does not link.
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        // `make docs`: DocC for the library products (swift package generate-documentation).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", exact: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]
        ),
        // GitHub's CommonMark renderer (cmark-gfm) for the prose, with its table/autolink/strikethrough/tasklist extensions.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // zlib, for the gzip-compressed data/metrics.json.gz (libcairo2-dev brings it through libpng-dev).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The vector level the compiler targets (Swift cannot test -target-cpu itself) and a prefetch hint.
        .target(name: "CKernelSupport"),
        .target(name: "GradscopeNN", dependencies: ["CKernelSupport"]),
        .target(name: "GradscopeLab", dependencies: ["GradscopeNN", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "GradscopeCharts", linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        .target(name: "GradscopeCairo", dependencies: ["GradscopeCharts", "CCairo"]),
        .target(
            name: "GradscopeReport",
            dependencies: [
                "GradscopeLab", "GradscopeNN", "GradscopeCharts", "CCmarkGFM", "CZlib",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "gradscope",
            dependencies: [
                "GradscopeReport", "GradscopeLab", "GradscopeNN", "GradscopeCharts", "GradscopeCairo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "GradscopeNNTests", dependencies: ["GradscopeNN"], exclude: ["Fixtures"]),
        .testTarget(name: "GradscopeLabTests", dependencies: ["GradscopeLab"]),
        .testTarget(name: "GradscopeChartsTests", dependencies: ["GradscopeCharts"]),
        .testTarget(name: "GradscopeCairoTests", dependencies: ["GradscopeCairo", "GradscopeCharts"]),
        .testTarget(
            name: "GradscopeReportTests",
            dependencies: [
                "GradscopeReport", "GradscopeLab", "GradscopeCharts", "CZlib",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(name: "gradscopeTests", dependencies: ["gradscope", "GradscopeReport"]),
    ]
)
