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

/// The matcher's kernels are optimised even in debug builds: its tests
/// search 100 000 templates a thousand times.
let alwaysOptimised: [SwiftSetting] = [.unsafeFlags(["-O"])]

/// The Float32 kernels are compiled twice from one file: for the baseline CPU
/// and, on x86-64, for x86-64-v3 (AVX2 + FMA); the matcher picks at run time.
#if arch(x86_64)
    let kernelTargets: [Target] = [
        .target(name: "MatcherKernels", dependencies: ["CMatcherKernels"], swiftSettings: swiftSettings + alwaysOptimised),
        .target(
            name: "MatcherKernelsV3",
            dependencies: ["CMatcherKernels"],
            swiftSettings: swiftSettings + alwaysOptimised + [.unsafeFlags(["-target-cpu", "haswell"])]),
    ]
    let kernelDependencies: [Target.Dependency] = ["MatcherKernels", "MatcherKernelsV3"]
#else
    let kernelTargets: [Target] = [
        .target(name: "MatcherKernels", dependencies: ["CMatcherKernels"], swiftSettings: swiftSettings + alwaysOptimised)
    ]
    let kernelDependencies: [Target.Dependency] = ["MatcherKernels"]
#endif

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
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
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
                "Decision",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CMatcherKernels",
            path: "CShims/CMatcherKernels",
            cSettings: [.unsafeFlags(["-O3"])]
        ),
        .target(
            name: "Locking",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Matcher",
            dependencies: ["CMatcherKernels", "Locking"] + kernelDependencies,
            swiftSettings: swiftSettings + alwaysOptimised
        ),
        .target(
            name: "GalleryIndex",
            dependencies: ["Gallery", "Matcher", "Locking"],
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
                "Policy", "Decision",
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
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Estate",
            dependencies: [
                "Gallery", "Audit", "Keys", "Locking",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Decision",
            dependencies: ["Matcher"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Policy",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CDaemonSupport",
            path: "CShims/CDaemonSupport"
        ),
        .target(
            name: "Gate",
            dependencies: ["CDaemonSupport"],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CMosquitto",
            path: "CShims/CMosquitto",
            pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]
        ),
        .target(
            name: "CMQTT",
            dependencies: ["CMosquitto"],
            path: "CShims/CMQTT"
        ),
        .target(
            name: "Events",
            dependencies: [
                "CMQTT", "Audit", "Config", "Locking",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Kiosk",
            dependencies: [
                "Policy", "Locking",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Daemon",
            dependencies: [
                "FaceVision", "Gallery", "GalleryIndex", "Matcher", "Decision", "Config", "Keys", "Audit", "Policy", "Gate", "Kiosk", "Estate",
                "Locking", "Events",
                "CDaemonSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Enrollment",
            dependencies: ["Config", "FaceVision", "Gallery", "Matcher", "Policy"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Console",
            dependencies: [
                "Gallery", "Audit", "Kiosk", "Locking", "Enrollment", "FaceVision", "Config", "Policy", "SiteReview", "Estate",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SiteReview",
            dependencies: ["Config", "FaceVision", "Gallery", "Audit", "Keys", "Policy", "Decision", "Gate", "Kiosk"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Benchmarks",
            dependencies: [
                "FaceVision", "Gallery", "Matcher", "Decision", "Config", "Keys", "Audit", "Policy", "Daemon", "Gate", "Estate", "Locking",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "facegate",
            dependencies: [
                "FaceVision", "Gallery", "Matcher", "Decision", "Config", "Keys", "Audit", "Policy", "Daemon", "Kiosk", "Gate", "Estate",
                "Benchmarks", "SiteReview", "Console", "Enrollment",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "FaceVision", "Gallery", "Keys", "Matcher", "Audit", "Locking",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/TestSupport",
            exclude: ["python"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "matcher-check",
            dependencies: ["Matcher", "Locking"],
            path: "Tests/MatcherCheck",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MatcherTests",
            dependencies: ["Matcher", "Decision", "FaceVision", "TestSupport"],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
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
            dependencies: ["Config", "Decision", "TestSupport"],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "GalleryTests",
            dependencies: [
                "Gallery", "Audit", "Keys", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "EnrollmentTests",
            dependencies: ["Enrollment"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FacegateTests",
            dependencies: ["Policy", "FaceVision", "Gallery", "Keys", "Audit", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "Daemon", "Events", "Decision", "Policy", "Kiosk", "FaceVision", "Audit", "Gallery", "Keys", "Config", "Matcher", "Locking",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "DecisionTests",
            dependencies: ["Decision", "Matcher"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PolicyTests",
            dependencies: ["Policy"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LockingTests",
            dependencies: ["Locking"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KeysTests",
            dependencies: ["Keys", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "AuditTests",
            dependencies: ["Audit", "TestSupport", .product(name: "Crypto", package: "swift-crypto"), .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "GateTests",
            dependencies: ["Gate", "Locking", "TestSupport", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "GalleryIndexTests",
            dependencies: ["GalleryIndex", "Gallery", "Matcher", "Locking", "TestSupport"],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "EstateTests",
            dependencies: ["Estate", "Gallery", "Keys", "Audit", "TestSupport"],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "SiteReviewTests",
            dependencies: ["SiteReview", "Config", "FaceVision", "Gallery", "Audit", "Keys", "TestSupport"],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "Console", "Gallery", "Audit", "FaceVision", "Keys", "TestSupport", .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "KioskTests",
            dependencies: [
                "Kiosk", "Policy", "Matcher", "Locking", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "BenchmarksTests",
            dependencies: ["Benchmarks", "Decision", "FaceVision", "Matcher", "Gallery", "TestSupport"],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "EventsTests",
            dependencies: ["Events", "Config", "Audit", "Locking", "TestSupport", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
        .testTarget(
            name: "FaceVisionTests",
            dependencies: ["FaceVision", "Decision", "TestSupport"],
            swiftSettings: swiftSettings,
            linkerSettings: linkOnlyWhatIsUsed
        ),
    ],
    cxxLanguageStandard: .cxx17
)

package.targets += kernelTargets

// The config parser's libFuzzer target: only when asked for, because its
// main comes from libFuzzer (-sanitize=fuzzer) and a plain build cannot link it.
if Context.environment["FACEGATE_CONFIG_FUZZ_TARGET"] != nil {
    package.targets.append(
        .executableTarget(
            name: "config-fuzz", dependencies: ["Config"], path: "Tests/ConfigFuzz",
            swiftSettings: swiftSettings + [.unsafeFlags(["-parse-as-library"])]))
}
