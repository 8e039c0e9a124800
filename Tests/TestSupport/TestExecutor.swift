import Foundation
public import Testing

/// The executor every suite's tests run on (`@Suite(.testExecutor)`), in
/// place of the cooperative pool. That pool has one thread per core, and a
/// test legitimately blocks while it starts a daemon, waits for a process
/// or polls a file: on a two-core CI box two such tests stalled the
/// in-process servers (the kiosk page Chromium loads, a sensor endpoint)
/// and every deadline of the other suites. Here a blocked test holds one of
/// many threads and the rest go on.
public final class TestExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: `jobs` is guarded by `ready`.
    public static let shared = TestExecutor(threads: 64)
    private let ready = NSCondition()
    private var jobs: [UnownedJob] = []

    private init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [self] in work() }
            thread.name = "facegate-test-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        ready.lock()
        jobs.append(job)
        ready.signal()
        ready.unlock()
    }

    private func work() {
        while true {
            ready.lock()
            while jobs.isEmpty { ready.wait() }
            let job = jobs.removeFirst()
            ready.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// Runs a suite's tests on `TestExecutor.shared`.
public struct TestExecutorTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(TestExecutor.shared) { try await function() }
    }
}

extension Trait where Self == TestExecutorTrait {
    /// Runs the suite's tests on threads that may block (see `TestExecutor`).
    public static var testExecutor: Self { TestExecutorTrait() }
}
