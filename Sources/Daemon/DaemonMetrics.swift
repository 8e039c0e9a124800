import Locking
import Matcher
import Prometheus

/// The daemon's Prometheus metrics: counts and timings only, never a
/// pseudonym, a score or anything else about a person (R12).
final class DaemonMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let frames: Counter
    let staleFrames: Counter
    private let unsearchedFrames: Counter
    /// Frames not searched so far, readable in process (`bench e2e`).
    let unsearched = Locked(0)
    let cameraUp: Gauge
    let faceEntry: Gauge
    let subjects: Gauge
    let detect: DurationHistogram
    let embed: DurationHistogram
    let match: DurationHistogram
    let liveness: DurationHistogram
    let decisionToGate: DurationHistogram
    private let outcomes: [String: Counter]

    static let outcomeNames = [
        "match", "unknown", "ambiguous", "multi-face", "refused", "spoof-suspected", "alternative", "alternative-refused", "actuator-error",
    ]

    init() {
        func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "facegate", metricName: metric, unitName: unit, helpText: help)
        }
        let stages: [Duration] = [2, 5, 10, 20, 40, 80, 160, 320, 640, 1000].map { .milliseconds($0) }
        let stage = name("stage", "seconds", "Time spent per pipeline stage")
        frames = registry.makeCounter(descriptor: name("frames", "total", "Camera frames processed"))
        staleFrames = registry.makeCounter(
            descriptor: name("frames_stale", "total", "Frames dropped unjudged: captured longer ago than camera.max_frame_age_ms"))
        unsearchedFrames = registry.makeCounter(
            descriptor: name("frames_unsearched", "total", "Frames not searched for faces: nobody in view and nothing changed"))
        cameraUp = registry.makeGauge(descriptor: name("camera", "up", "1 while the camera delivers frames"))
        faceEntry = registry.makeGauge(descriptor: name("face_entry", "enabled", "1 in face mode, 0 when only alternatives work"))
        subjects = registry.makeGauge(descriptor: name("gallery", "subjects", "Subjects searchable (for the filing threshold)"))
        detect = registry.makeDurationHistogram(descriptor: stage, labels: [("stage", "detect")], buckets: stages)
        embed = registry.makeDurationHistogram(descriptor: stage, labels: [("stage", "embed")], buckets: stages)
        match = registry.makeDurationHistogram(descriptor: stage, labels: [("stage", "match")], buckets: stages)
        liveness = registry.makeDurationHistogram(descriptor: stage, labels: [("stage", "liveness")], buckets: stages)
        decisionToGate = registry.makeDurationHistogram(descriptor: stage, labels: [("stage", "gate")], buckets: stages)
        let decisions = name("decisions", "total", "Decisions by outcome")
        var outcomes: [String: Counter] = [:]
        for outcome in Self.outcomeNames {
            outcomes[outcome] = registry.makeCounter(descriptor: decisions, labels: [("outcome", outcome)])
        }
        self.outcomes = outcomes
    }

    func count(_ outcome: String) { outcomes[outcome]?.increment() }

    /// What the estate's platform has not had yet, per destination (`[events]`):
    /// events waiting, and events dropped (queue full, or refused after their retries).
    func events(_ sinks: [(kind: String, pending: Int, dropped: Int)]) {
        for sink in sinks {
            let labels = [("sink", sink.kind)]
            registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    namespace: "facegate", metricName: "events", unitName: "pending", helpText: "Events queued for a destination"),
                labels: labels
            ).set(to: Double(sink.pending))
            registry.makeGauge(
                descriptor: MetricNameDescriptor(
                    namespace: "facegate", metricName: "events", unitName: "dropped", helpText: "Events a destination never received"),
                labels: labels
            ).set(to: Double(sink.dropped))
        }
    }

    func frameNotSearched() {
        unsearchedFrames.increment()
        unsearched.withLock { $0 += 1 }
    }

    func text() -> String { registry.emitToString() }
}
