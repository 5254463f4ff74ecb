// swift-tools-version:6.1
import PackageDescription

// Tandem: run outsourcing (BPO) partnerships for customer service.
// A thin `tandem` executable over the app library; pure domain targets (no Vapor, no Fluent)
// hold the rules and the math, each with its own tests.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "Tandem",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tandem", targets: ["tandem"]),
        .library(name: "TandemApp", targets: ["TandemApp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // Signals out: webhook signatures (HMAC-SHA256) and the Prometheus /metrics exposition.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Pure domain: rules and math, no web, no database.
        .target(name: "TandemPartners", swiftSettings: swiftSettings),
        .target(name: "TandemStaffing", swiftSettings: swiftSettings),
        .target(name: "TandemPerformance", dependencies: ["TandemPartners"], swiftSettings: swiftSettings),
        .target(name: "TandemRelationship", dependencies: ["TandemPartners"], swiftSettings: swiftSettings),
        .target(name: "TandemContracts", dependencies: ["TandemPartners", "TandemPerformance"], swiftSettings: swiftSettings),
        .target(name: "TandemFrontline", dependencies: ["TandemPerformance", "TandemPartners"], swiftSettings: swiftSettings),
        // Choosing and designing partnerships (issue 15): weighted multi-evaluator scoring, sensitivity, responsibility matrix, capacity, SMART goals.
        .target(name: "TandemSelection", dependencies: ["TandemPartners"], swiftSettings: swiftSettings),
        // Source presets: contact-centre platforms' own exports (Amazon Connect, Zendesk, Genesys Cloud, NICE CXone) to canonical rows.
        .target(name: "TandemSources", dependencies: ["TandemPerformance", "TandemPartners"], swiftSettings: swiftSettings),

        // Declarations of the SQLite C functions (sqlite-nio's own copy) that the bulk import calls directly.
        .target(name: "CTandemSQLite"),

        // The application: web pages, JSON API, persistence, services.
        .target(
            name: "TandemApp",
            dependencies: [
                "TandemPartners",
                "TandemStaffing",
                "TandemPerformance",
                "TandemRelationship",
                "TandemSelection",
                "TandemContracts",
                "TandemSources",
                "TandemFrontline",
                "CTandemSQLite",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // Operator commands: serve, migrate, import, users, staffing, QBR packs; benchmarks and generated files.
        .target(
            name: "TandemCLI",
            dependencies: [
                "TandemApp",
                "TandemPerformance",
                "TandemSources",
                "TandemStaffing",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "tandem", dependencies: ["TandemCLI"], swiftSettings: swiftSettings),

        .testTarget(name: "TandemPartnersTests", dependencies: ["TandemPartners"], swiftSettings: swiftSettings),
        .testTarget(name: "TandemStaffingTests", dependencies: ["TandemStaffing"], resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "TandemPerformanceTests", dependencies: ["TandemPerformance", "TandemPartners"], swiftSettings: swiftSettings),
        .testTarget(name: "TandemRelationshipTests", dependencies: ["TandemRelationship", "TandemPartners"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TandemContractsTests",
            dependencies: ["TandemContracts", "TandemPartners", "TandemPerformance"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TandemSourcesTests", dependencies: ["TandemSources", "TandemPerformance", "TandemPartners"], resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TandemFrontlineTests", dependencies: ["TandemFrontline", "TandemPerformance", "TandemPartners"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TandemSelectionTests", dependencies: ["TandemSelection", "TandemPartners"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TandemAppTests",
            dependencies: [
                "TandemApp",
                "TandemPartners",
                "TandemRelationship",
                "TandemSelection",
                "TandemContracts",
                "TandemSources",
                "TandemFrontline",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
