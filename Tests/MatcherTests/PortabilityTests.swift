import Foundation
import TestSupport
import Testing

/// The shipped binary must run on CPUs without AVX2 (the Celeron and Atom
/// boxes many gates use) and answer exactly as it does here: matcher-check
/// runs natively and under qemu-x86_64 emulating a Nehalem-class CPU (SSE4.2,
/// no AVX), and both answers must be identical.
@Suite(.testExecutor) struct PortabilityTests {
    @Test func theMatcherRunsAndAnswersIdenticallyOnAnOldCPU() async throws {
        try await withBlockingSlot {
            let qemu = "/usr/bin/qemu-x86_64"
            try #require(FileManager.default.isExecutableFile(atPath: qemu), "qemu-user is missing: `make test` installs it")
            let check = URL(fileURLWithPath: Subprocess.facegate).deletingLastPathComponent().appendingPathComponent("matcher-check").path
            let arguments = ["answers", "42", "3000", "40"]
            let native = try Subprocess.run(check, arguments)
            #expect(native.status == 0, "\(native.stderr)")
            let old = try Subprocess.run(qemu, ["-cpu", "Nehalem", check] + arguments)
            #expect(old.status == 0, "no SIGILL on a CPU without AVX: \(old.stderr)")
            let nativeLines = native.stdout.split(separator: "\n")
            let oldLines = old.stdout.split(separator: "\n")
            #expect(oldLines.first == "kernel level: baseline")
            #expect(nativeLines.count == 81 && oldLines.count == 81)
            #expect(Array(nativeLines.dropFirst()) == Array(oldLines.dropFirst()), "answers differ between CPU levels")
            print("portability: \(nativeLines.first ?? "") natively, \(oldLines.first ?? "") on qemu Nehalem; 80 answers identical")
        }
    }
}
