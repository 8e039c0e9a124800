import Foundation

/// What a process holds and has used, read from /proc and getrusage: the
/// figures the memory, camera and end-to-end benchmarks report.
public enum ProcessUsage {
    /// VmRSS of a process (`self` or a pid) from /proc, in kB; -1 when unreadable.
    public static func residentKilobytes(of process: String = "self") -> Int {
        residentKilobytes(status: (try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8)) ?? "")
    }

    /// VmRSS in kB from the text of a /proc/PID/status file; -1 without one.
    package static func residentKilobytes(status: String) -> Int {
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }

    /// File descriptors this process has open; -1 when unreadable.
    public static func openDescriptors() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }

    /// User + system CPU time of this process.
    public static func cpuMilliseconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let total = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
        return Double(total) * 1000 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000
    }
}
