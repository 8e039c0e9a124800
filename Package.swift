// swift-tools-version:6.2
import PackageDescription

/// Settings every Swift target shares.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// pkg-config `opencv4` names every OpenCV module; link only those facegate
/// calls (see scripts/ld-as-needed), so neither the binary nor its package
/// depends on all fifty-five.
let linkOnlyWhatIsUsed: [LinkerSetting] = [
    .unsafeFlags(["-use-ld=\(Context.packageDirectory)/scripts/ld-as-needed"])
]

let package = Package(
    name: "facegate",
    products: [
        .executable(name: "facegate", targets: ["facegate"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenCV",
            path: "CShims/COpenCV",
            pkgConfig: "opencv4",
            providers: [.apt(["libopencv-dev"])]
        ),
        .target(
            name: "CFaceVision",
            dependencies: ["COpenCV"],
            path: "CShims/CFaceVision",
            cxxSettings: [.unsafeFlags(["-O2"])]
        ),
        .target(
            name: "FaceVision",
            dependencies: [
                "CFaceVision",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Keys",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Audit",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Config",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Gallery",
            dependencies: [
                "Audit", "Keys",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "facegate",
            dependencies: [
                "FaceVision", "Gallery", "Config", "Keys", "Audit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .target(
            name: "TestSupport",
            dependencies: ["FaceVision", "Gallery", "Keys"],
            path: "Tests/TestSupport",
            exclude: ["python"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "gallery-stress",
            dependencies: ["Gallery", "Keys", "TestSupport"],
            path: "Tests/GalleryStress",
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "ConfigTests",
            dependencies: ["Config", "TestSupport"],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "GalleryTests",
            dependencies: [
                "Gallery", "Audit", "Keys", "Config", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "FacegateTests",
            dependencies: ["TestSupport"],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "FaceVisionTests",
            dependencies: ["FaceVision", "TestSupport"],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
    ],
    cxxLanguageStandard: .cxx17
)
