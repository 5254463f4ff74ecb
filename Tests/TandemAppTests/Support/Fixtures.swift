import Fluent
import Foundation
import TandemPartners
import Vapor
@testable import TandemApp

/// A small workspace with two partners (A and B), the in-house team and one user per role.
/// Partner B's records carry marker strings so a test can prove they never leak to A.
struct Workspace: Sendable {
    static let password = "correct-horse-battery"
    static let markerB = "ZEBRA-SECRET"

    let inHouse: Partner.IDValue
    let partnerA: UUID
    let partnerB: UUID
    let siteB: UUID
    let contactB: UUID
    let channel: UUID
    let queue: UUID
    let admin: UUID
    let manager: UUID
    let viewer: UUID
    let partnerUserA: UUID
    let partnerUserB: UUID
    /// Broadcasts, meetings, action items, incidents and surveys (partner B's marked).
    let relationship: RelationshipFixture

    static let emails: [Role: String] = [
        .admin: "admin@test.example", .manager: "manager@test.example", .viewer: "viewer@test.example", .partner: "a@partner-a.example",
    ]

    static func make(on app: Application) async throws -> Workspace {
        let db = app.db
        let actor = Actor.cli("fixtures")
        let hashing = app.passwordHashing
        func user(_ email: String, _ role: Role, _ partner: UUID? = nil) async throws -> UUID {
            try await UserService.create(.init(email: email, name: email.components(separatedBy: "@")[0], role: role, partnerID: partner, password: password),
                                         hasher: hashing, by: actor, on: db).requireID()
        }
        let admin = try await user("admin@test.example", .admin)
        let manager = try await user("manager@test.example", .manager)
        let viewer = try await user("viewer@test.example", .viewer)
        let inHouse = try await PartnerService.create(.init(name: "Our Team", kind: .inHouse, status: .live, goLiveDate: LocalDate("2020-01-01")), by: actor, on: db)
        let a = try await PartnerService.create(.init(name: "Alpha Support", relationshipManagerID: manager), by: actor, on: db)
        let b = try await PartnerService.create(.init(name: "Bravo \(markerB) BPO", notes: "\(markerB) notes"), by: actor, on: db)
        let site = try await PartnerService.saveSite(.init(name: "\(markerB) site", city: "Manila", country: "PH", locationType: .offshore,
                                                           timeZone: "Asia/Manila", languages: ["en"], seats: 40), site: nil, partner: b, by: actor, on: db)
        _ = try await PartnerService.saveSite(.init(name: "Alpha HQ", city: "Austin", country: "US", locationType: .onshore,
                                                    timeZone: "America/Chicago", languages: ["en"], seats: 25), site: nil, partner: a, by: actor, on: db)
        let contact = try await PartnerService.saveKeyContact(.init(name: "\(markerB) Person", side: .partner, role: "PM", email: "pm@bravo.example"),
                                                              contact: nil, partner: b, by: actor, on: db)
        let channel = try await CatalogueService.saveChannel(.init(name: "Voice", kind: .voice), channel: nil, by: actor, on: db)
        let queue = try await CatalogueService.saveQueue(.init(channelID: channel.requireID(), name: "Billing", code: "billing-voice"), queue: nil, by: actor, on: db)
        let userA = try await user("a@partner-a.example", .partner, a.requireID())
        let userB = try await user("b@partner-b.example", .partner, b.requireID())
        let relationship = try await RelationshipFixture.make(on: app, partnerB: b, manager: manager, partnerUserB: userB)
        return Workspace(inHouse: try inHouse.requireID(), partnerA: try a.requireID(), partnerB: try b.requireID(), siteB: try site.requireID(),
                         contactB: try contact.requireID(), channel: try channel.requireID(), queue: try queue.requireID(),
                         admin: admin, manager: manager, viewer: viewer, partnerUserA: userA, partnerUserB: userB,
                         relationship: relationship)
    }
}
