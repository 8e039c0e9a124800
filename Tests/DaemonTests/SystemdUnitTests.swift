import Foundation
import TestSupport
import Testing

/// systemd/facegate.service as shipped: what the service needs and how
/// exposed it is, rated by systemd's own `systemd-analyze security`.
@Suite(.testExecutor) struct SystemdUnitTests {
    static let unit = "\(Fixtures.repositoryRoot)/systemd/facegate.service"

    @Test func systemdRatesTheUnitsExposureAtMostTwo_R8() throws {
        let result = try Subprocess.run("/usr/bin/systemd-analyze", ["security", "--offline=yes", "--no-pager", Self.unit])
        let line = result.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") }
        let level = line.flatMap { $0.split(separator: ":").last?.split(separator: " ").first }.flatMap { Double($0) }
        print("systemd-analyze security: \(line ?? "no rating")")
        #expect(level != nil, "systemd-analyze rated the unit: \(result.stdout.suffix(300)) \(result.stderr)")
        #expect((level ?? 10) <= 2.0)
    }

    @Test func theUnitIsANotifyServiceWithWatchdogCredentialAndItsOwnUser() throws {
        let text = try String(contentsOfFile: Self.unit, encoding: .utf8)
        let settings = Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init))
        for required in [
            "Type=notify", "WatchdogSec=15", "LoadCredentialEncrypted=facegate-master-key:/etc/facegate/credstore.encrypted/facegate-master-key",
            "User=facegate", "SupplementaryGroups=video", "StateDirectory=facegate", "ProtectSystem=strict", "LimitCORE=0", "LimitNOFILE=4096",
            "ExecReload=/bin/kill -HUP $MAINPID", "NoNewPrivileges=yes", "MemoryDenyWriteExecute=yes",
        ] {
            #expect(settings.contains(required), "missing \(required)")
        }
    }
}
