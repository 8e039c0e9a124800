import Foundation

/// A real headless Chromium, driven through `python/kiosk_browser.py` (the
/// DevTools protocol over a pipe). Each call blocks a thread of its own, not
/// the test's, so daemons and servers in the same process keep running.
public final class KioskBrowser: @unchecked Sendable {
    // @unchecked: one test owns a browser and calls it one command at a time.
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = Data()

    /// Where screenshots go: `test-output/kiosk` in the repository (git-ignored).
    public static let screenshots: String = {
        let folder = "\(Fixtures.repositoryRoot)/test-output/kiosk"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }()

    /// Starts Chromium; throws with the driver's one-line reason when it
    /// cannot. With `fakeCamera` (a .y4m file), every page that asks for a
    /// camera is granted Chromium's fake webcam playing that file, looped.
    public init(fakeCamera: String? = nil) throws {
        process.executableURL = URL(fileURLWithPath: Subprocess.python)
        process.arguments = ["\(Fixtures.repositoryRoot)/Tests/TestSupport/python/kiosk_browser.py"] + (fakeCamera.map { [$0] } ?? [])
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let ready = try Self.parse(readLine())
        guard ready["ok"] as? Bool == true else {
            throw ProcessFailure("chromium: \(ready["error"] ?? "did not start")")
        }
    }

    /// Loads `url` in a viewport of `width` × `height`.
    public func open(_ url: String, width: Int, height: Int) async throws {
        _ = try await send(["cmd": "open", "url": url, "width": width, "height": height])
    }

    /// The value of a JavaScript expression in the page (promises awaited).
    public func evaluate(_ expression: String) async throws -> Any? {
        try await send(["cmd": "eval", "expr": expression])["value"]
    }

    /// A string-valued expression.
    public func string(_ expression: String) async throws -> String {
        try await evaluate(expression) as? String ?? ""
    }

    /// Waits until `expression` is truthy; throws after `timeout` seconds.
    public func wait(for expression: String, timeout: Double = 30) async throws {
        _ = try await send(["cmd": "wait", "expr": expression, "timeout": timeout])
    }

    /// Waits until the screen shows `state` (the page's `data-state`).
    public func waitForState(_ state: String, timeout: Double = 30) async throws {
        try await wait(for: "document.body.dataset.state === '\(state)'", timeout: timeout)
    }

    /// A real mouse click at the centre of the first element matching `selector`.
    public func click(_ selector: String) async throws {
        _ = try await send(["cmd": "click", "selector": selector])
    }

    /// The mouse button pressed at the centre of `selector`'s first element
    /// and held, until `release()`: a finger on the screen.
    public func press(_ selector: String) async throws {
        _ = try await send(["cmd": "press", "selector": selector])
    }

    /// The held button released where it was pressed.
    public func release() async throws {
        _ = try await send(["cmd": "release"])
    }

    /// Chooses `paths` in the file input `selector` (DOM.setFileInputFiles),
    /// as a person picking them in the file dialog; the page reads them itself.
    public func choose(_ paths: [String], in selector: String) async throws {
        _ = try await send(["cmd": "files", "selector": selector, "paths": paths])
    }

    /// Saves a PNG of the viewport as `name`.png in `screenshots`; returns its path.
    @discardableResult
    public func screenshot(_ name: String) async throws -> String {
        let path = "\(Self.screenshots)/\(name).png"
        _ = try await send(["cmd": "screenshot", "path": path])
        return path
    }

    /// The font families Chromium drew the element's text with.
    public func fonts(_ selector: String) async throws -> [String] {
        let fonts = try await send(["cmd": "fonts", "selector": selector])["fonts"] as? [[String: Any]] ?? []
        return fonts.compactMap { $0["family"] as? String }
    }

    /// Every URL the page requested since the browser started.
    public func requests() async throws -> [String] {
        try await send(["cmd": "requests"])["urls"] as? [String] ?? []
    }

    public func close() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.write(contentsOf: Data("{\"cmd\": \"quit\"}\n".utf8))
        process.waitUntilExit()
    }

    deinit { close() }

    private func send(_ command: [String: Any]) async throws -> [String: Any] {
        let line = try JSONSerialization.data(withJSONObject: command) + Data("\n".utf8)
        let answer: Data = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { [self] in
                do {
                    try input.fileHandleForWriting.write(contentsOf: line)
                    continuation.resume(returning: try readLine())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        let reply = try Self.parse(answer)
        guard reply["ok"] as? Bool == true else {
            throw ProcessFailure("browser \(command["cmd"] ?? ""): \(reply["error"] ?? "failed")")
        }
        return reply
    }

    private static func parse(_ line: Data) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: line) as? [String: Any] ?? [:]
    }

    private func readLine() throws -> Data {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(buffer[buffer.startIndex..<newline])
                buffer = Data(buffer[buffer.index(after: newline)...])
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw ProcessFailure("the browser driver exited") }
            buffer.append(chunk)
        }
    }
}
