// libFuzzer entry point for the config parser (scripts/fuzz.sh config):
// every input must load as a config or be refused with one ConfigError line
// naming the file; anything else (a trap, a multi-line message) is a crash.
// Exists in the package only when FACEGATE_CONFIG_FUZZ_TARGET is set, built
// with -sanitize=fuzzer, whose libFuzzer supplies main.
import Config

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    do {
        _ = try FacegateConfig(toml: text, source: "fuzz.toml", baseDirectory: "/etc/facegate")
    } catch {
        precondition(error.message.hasPrefix("fuzz.toml") && !error.message.contains("\n"), "not one line naming the file: \(error.message)")
    }
    return 0
}
