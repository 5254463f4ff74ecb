import Foundation

/// What a visit to the floor should look for ("know the facilities, not just the headquarters").
public enum VisitObservation: String, CaseIterable, Codable, Sendable {
    case recognitionDisplays = "recognition_displays"
    case personalisedDesks = "personalised_desks"
    case celebrations
    case floorSecurity = "floor_security"
    case leadershipPresence = "leadership_presence"
    case deliverySite = "delivery_site"

    public var label: String {
        switch self {
        case .recognitionDisplays: "Recognition displays"
        case .personalisedDesks: "Personalised desks"
        case .celebrations: "Celebrations and contests"
        case .floorSecurity: "Floor security"
        case .leadershipPresence: "Leadership on the floor"
        case .deliverySite: "The actual delivery site"
        }
    }

    public var prompt: String {
        switch self {
        case .recognitionDisplays: "Awards, certificates, leaderboards on the walls: is good work seen?"
        case .personalisedDesks: "Photos, plants, decorations: do agents make the place their own?"
        case .celebrations: "Birthdays, milestones, contests: is there something to celebrate?"
        case .floorSecurity: "Badge access, clean desks, no phones on the floor, screens locked."
        case .leadershipPresence: "Team leads and managers walking the floor, not behind closed doors."
        case .deliverySite: "The site that would serve our customers, not the headquarters or a showroom floor."
        }
    }
}

public enum ObservationFinding: String, CaseIterable, Codable, Sendable {
    case seen
    case notSeen = "not_seen"
    case notChecked = "not_checked"

    public var label: String {
        switch self {
        case .seen: "Seen"
        case .notSeen: "Not seen"
        case .notChecked: "Not checked"
        }
    }
}

public struct VisitSummary: Sendable, Hashable {
    public let seen: Int
    public let notSeen: Int
    public let notChecked: Int
    /// The visit did not see the site that would deliver the work.
    public let notTheDeliverySite: Bool

    public init(_ findings: [VisitObservation: ObservationFinding]) {
        let all = VisitObservation.allCases.map { findings[$0] ?? .notChecked }
        seen = all.filter { $0 == .seen }.count
        notSeen = all.filter { $0 == .notSeen }.count
        notChecked = all.filter { $0 == .notChecked }.count
        notTheDeliverySite = findings[.deliverySite] != .seen
    }

    public var text: String {
        "\(seen) of \(VisitObservation.allCases.count) seen" + (notTheDeliverySite ? "; the delivery site itself was not confirmed" : "")
    }
}

/// Photos from a visit: checked by their bytes, not by the name or the type the browser claims.
public enum PhotoCheck {
    public enum Kind: String, Sendable, Codable {
        case png, jpeg
        public var mediaType: String { self == .png ? "image/png" : "image/jpeg" }
    }

    public static let maxBytes = 5 * 1024 * 1024

    /// PNG: 89 50 4E 47 0D 0A 1A 0A; JPEG: FF D8 FF. Anything else is refused.
    public static func kind(of bytes: some Collection<UInt8>) -> Kind? {
        let head = Array(bytes.prefix(8))
        if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        if head.count >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF { return .jpeg }
        return nil
    }

    /// The photo's kind, or the reason it is refused.
    public static func check(_ bytes: some Collection<UInt8>) -> Result<Kind, PhotoProblem> {
        if bytes.isEmpty { return .failure(.empty) }
        if bytes.count > maxBytes { return .failure(.tooLarge(bytes.count)) }
        guard let kind = kind(of: bytes) else { return .failure(.notAnImage) }
        return .success(kind)
    }
}

public enum PhotoProblem: Error, Sendable, Equatable {
    case empty, notAnImage, tooLarge(Int)

    public var message: String {
        switch self {
        case .empty: "is empty: choose a photo"
        case .notAnImage: "is not a PNG or JPEG image (checked by its content, not its name)"
        case .tooLarge(let bytes): "is \(String(format: "%.1f", Double(bytes) / 1_048_576)) MB; photos may be at most \(PhotoCheck.maxBytes / 1_048_576) MB"
        }
    }
}
