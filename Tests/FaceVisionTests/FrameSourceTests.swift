import FaceVision
import Foundation
import TestSupport
import Testing

/// Every kind of frame source: folders, video files, MJPEG over HTTP, and
/// cameras that are missing, unreachable or not cameras at all.
@Suite(.testExecutor) struct FrameSourceTests {
    @Test func locationsParseFromOneString() async throws {
        try await withBlockingSlot {
            #expect(FrameSourceLocation("0") == .deviceIndex(0))
            #expect(FrameSourceLocation("/dev/video2") == .device("/dev/video2"))
            #expect(FrameSourceLocation("rtsp://cam/1") == .stream("rtsp://cam/1"))
            #expect(FrameSourceLocation(Fixtures.repositoryRoot) == .imageFolder(Fixtures.repositoryRoot))
            #expect(FrameSourceLocation("/srv/gate.mp4") == .videoFile("/srv/gate.mp4"))
        }
    }

    @Test func streamCredentialsNeverAppearInMessages() async throws {
        try await withBlockingSlot {
            let location = FrameSourceLocation("rtsp://admin:s3cret@10.0.0.7:554/h264")
            #expect(location.description == "stream rtsp://***@10.0.0.7:554/h264")
            let error = #expect(throws: FaceVisionError.self) {
                try FrameSource(FrameSourceLocation("http://admin:s3cret@127.0.0.1:9/stream"), timeout: .seconds(2))
            }
            #expect(error?.message.contains("s3cret") == false)
        }
    }

    @Test func aCameraLoginFileIsReadWholeAndShownNowhere_R8() async throws {
        try await withBlockingSlot {
            let folder = try Fixtures.temporaryDirectory("credentials")
            let good = "\(folder)/camera.cred", bad = "\(folder)/bad.cred"
            try "gate:p@ss:w0rd/9\n".write(toFile: good, atomically: true, encoding: .utf8)
            try ":nouser\n".write(toFile: bad, atomically: true, encoding: .utf8)
            let credentials = try CameraCredentials(contentsOf: good)
            #expect("\(credentials)" == "camera credentials (hidden)")
            let malformed = #expect(throws: FaceVisionError.self) { try CameraCredentials(contentsOf: bad) }
            #expect(malformed?.message.contains("user:password") == true && malformed?.message.contains("nouser") == false)
            let missing = #expect(throws: FaceVisionError.self) { try CameraCredentials(contentsOf: "\(folder)/none") }
            #expect(missing?.message.contains("\(folder)/none") == true)
            let refused = #expect(throws: FaceVisionError.self) {
                try FrameSource(.stream("rtsp://127.0.0.1:9/camera"), timeout: .seconds(2), transport: "tcp", credentials: credentials)
            }
            #expect(refused?.message.contains("w0rd") == false && refused?.message.contains("%40") == false, "\(refused?.message ?? "")")
        }
    }

    @Test func folderYieldsEachImageThenEnds() async throws {
        try await withBlockingSlot {
            let source = try FrameSource(.imageFolder(Fixtures.photosPath))
            var frames = 0
            while let frame = try source.nextFrame() {
                #expect(frame.width > 0)
                frames += 1
            }
            #expect(frames == (try Fixtures.photos().count))
            #expect(try source.nextFrame() == nil)
        }
    }

    @Test func videoFileYieldsFramesThenEnds() async throws {
        try await withBlockingSlot {
            let directory = try Fixtures.temporaryDirectory("video")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let path = "\(directory)/gate.avi"
            _ = try Subprocess.python(
                "media.py", ["video", path, "4", try Fixtures.photo("Female_40-2_1.jpg"), try Fixtures.photo("Male_24_10_1.jpg")])
            let source = try FrameSource(.videoFile(path))
            let detector = try Fixtures.detector()
            var frames = 0, withFace = 0
            while let frame = try source.nextFrame() {
                #expect(frame.width == 640 && frame.height == 480)
                withFace += try detector.detect(in: frame).count == 1 ? 1 : 0
                frames += 1
            }
            #expect(frames == 8)
            #expect(withFace == 8)
        }
    }

    @Test func mjpegStreamDeliversFramesAndReportsLoss() async throws {
        let server = try MJPEGServer(photos: [try Fixtures.photo("Female_40-2_1.jpg")])
        let source = try FrameSource(.stream(server.url), timeout: .seconds(5))
        for _ in 0..<3 {
            let frame = try #require(try source.nextFrame())
            #expect(frame.width == 640)
        }
        server.stop()
        let error = #expect(throws: FaceVisionError.self) {
            for _ in 0..<100 { _ = try source.nextFrame() }
        }
        #expect(error?.code == .sourceLost)
        #expect(error?.message.contains("stopped delivering frames") == true)
    }

    @Test func unreachableStreamFailsWithinItsTimeout() async throws {
        try await withBlockingSlot {
            let start = ContinuousClock.now
            let error = #expect(throws: FaceVisionError.self) {
                try FrameSource(.stream("http://127.0.0.1:9/stream"), timeout: .seconds(2))
            }
            #expect(error?.code == .sourceUnavailable)
            #expect(error?.message.contains("could not be opened") == true)
            #expect(ContinuousClock.now - start < .seconds(10))
        }
    }

    @Test func missingCameraAndNonCameraDevicesAreNamed() async throws {
        try await withBlockingSlot {
            let missing = #expect(throws: FaceVisionError.self) { try FrameSource(.device("/dev/video97")) }
            #expect(missing?.message == "camera /dev/video97 does not exist (is it plugged in?)")
            let notCamera = #expect(throws: FaceVisionError.self) { try FrameSource(.device("/dev/null")) }
            #expect(notCamera?.message == "/dev/null is not a V4L2 video device")
            let index = #expect(throws: FaceVisionError.self) { try FrameSource(.deviceIndex(97)) }
            #expect(index?.code == .sourceUnavailable)
            let notVideo = #expect(throws: FaceVisionError.self) { try FrameSource(.videoFile(try Fixtures.photo("Male_24_10_1.jpg") + ".missing")) }
            #expect(notVideo?.code == .sourceUnavailable)
        }
    }
}
