import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor
@testable import TandemApp

/// Relationship records for the access tests: partner B's carry `Workspace.markerB`.
struct RelationshipFixture: Sendable {
    let broadcastB: UUID
    let meetingB: UUID
    let actionB: UUID
    let incidentB: UUID
    /// Shared by every partner.
    let surveyRound: UUID
    /// Admin-only: a webhook delivery naming partner B.
    let deliveryB: UUID
    /// Admin-only: a webhook subscription (of the client's; names no partner).
    let subscription: UUID

    static func make(on app: Application, partnerB: Partner, manager: UUID, partnerUserB: UUID) async throws -> RelationshipFixture {
        let db = app.db
        let actor = Actor.cli("fixtures")
        let today = LocalDate(date: Date())
        let broadcast = try await BroadcastService.create(.init(kind: .process, title: "\(Workspace.markerB) process", body: "For \(Workspace.markerB) only",
                                                                effectiveDate: today.adding(days: -3), acknowledgeBy: nil, audience: .somePartners,
                                                                partnerIDs: [partnerB.requireID()], queueIDs: nil, articleLinks: nil, requiresAcknowledgement: true),
                                                          by: actor, on: db)
        let manager = Principal(userID: manager, name: "manager", email: "manager@test.example", role: .manager, partnerID: nil)
        let meeting = try await CadenceService.createMeeting(.init(title: "\(Workspace.markerB) sync", seriesID: nil, startsAt: Date()), partner: partnerB, by: actor, on: db)
        let action = try await CadenceService.addAction(.init(title: "\(Workspace.markerB) action", ownerSide: .partner, ownerName: "\(Workspace.markerB) owner", dueDate: today.adding(days: -1)),
                                                        meeting: meeting, by: actor, on: db)
        let incident = try await IncidentService.create(.init(title: "\(Workspace.markerB) incident", severity: .high, category: .quality, source: .client,
                                                              description: "\(Workspace.markerB) details", openedAt: nil), partner: partnerB, principal: manager, on: db)
        _ = try await FeedbackService.add(.init(body: "\(Workspace.markerB) feedback"), partner: partnerB, principal: manager, on: db)
        _ = try await CadenceService.createSeries(.init(cadence: .weekly, title: "\(Workspace.markerB) weekly", firstStartsAt: Date(), durationMinutes: 30), partner: partnerB, by: actor, on: db)
        let round = try await SurveyService.createRound(.init(title: nil, quarter: Quarter(containing: today).description, opensOn: today.adding(days: -1), closesOn: today.adding(days: 7)), by: actor, on: db)
        let userB = Principal(userID: partnerUserB, name: "b", email: "b@partner-b.example", role: .partner, partnerID: try partnerB.requireID())
        try await SurveyService.respond(.init(scores: Dictionary(uniqueKeysWithValues: SurveyInstrument.partnerRatesClient.map { ($0.key, 2) }), comment: "\(Workspace.markerB) comment"),
                                        round: round, partner: partnerB, principal: userB, today: today, on: db)
        let delivery = WebhookDelivery()
        delivery.event = "broadcast"
        delivery.dedupeKey = "fixture"
        delivery.url = "http://127.0.0.1:9/"
        delivery.text = "\(Workspace.markerB) broadcast"
        delivery.status = .failed
        delivery.attempts = 6
        delivery.nextAttemptAt = Date()
        delivery.lastError = "HTTP 500"
        delivery.createdAt = Date()
        delivery.body = "{\"text\":\"\(Workspace.markerB) broadcast\"}"
        try await delivery.create(on: db)
        // Created after the records above, so the fixture's own events were not recorded for it.
        let (subscription, _) = try await WebhookService.createSubscription(.init(name: "Ops chat", url: "http://127.0.0.1:9/hook", events: ["incident.*"], format: .slack, active: false),
                                                                           by: actor, on: db)
        return RelationshipFixture(broadcastB: try broadcast.requireID(), meetingB: try meeting.requireID(), actionB: try action.requireID(),
                                   incidentB: try incident.requireID(), surveyRound: try round.requireID(), deliveryB: try delivery.requireID(),
                                   subscription: try subscription.requireID())
    }
}
