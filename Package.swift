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
        .executableTarget(
            name: "facegate",
            dependencies: [
                "FaceVision",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .target(
            name: "TestSupport",
            dependencies: ["FaceVision"],
            path: "Tests/TestSupport",
            exclude: ["python"],
            swiftSettings: swiftSettings
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
