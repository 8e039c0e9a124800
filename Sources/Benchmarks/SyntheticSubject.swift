import FaceVision
import Foundation
public import Gallery

/// Consented subjects with random unit templates, for galleries as large as
/// a site's without anyone's face: they never resemble a real one.
public enum SyntheticSubject {
    /// Subject `index`: "Synthetic N" in unit N/100-N%100, a paper-form
    /// consent and a random unit 128-d template valid for two years.
    public static func request(_ index: Int) -> EnrollmentRequest {
        var values = (0..<128).map { _ in Float.random(in: -1...1) }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        values = values.map { $0 / norm }
        return EnrollmentRequest(
            identity: Identity(name: "Synthetic \(index)", unit: "\(index / 100)-\(index % 100)"),
            consent: ConsentRecord(
                noticeVersion: "bench", noticeSHA256: String(repeating: "0", count: 64), purpose: "benchmark", language: "en",
                method: .paperForm(reference: "bench-\(index)"), operatorName: "bench", time: Date()),
            isMinor: false, template: values, modelID: ModelSpec.faceRecognizer.sha256, quality: 1,
            expires: Date().addingTimeInterval(86_400 * 730))
    }

    /// Enrolls subjects `first` up to (not including) `end` in batches of a thousand.
    package static func enroll(from first: Int, upTo end: Int, in gallery: Gallery) throws {
        for start in stride(from: first, to: end, by: 1000) {
            _ = try gallery.enroll((start..<min(end, start + 1000)).map(request), minorsEnabled: false)
        }
    }
}
