import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

/// Per-user secret calendar-feed addresses and the iCalendar document behind them.
enum CalendarFeedService {
    /// Creates (or replaces) the user's feed secret; the secret is shown once.
    static func regenerate(userID: UUID, on db: any Database) async throws -> String {
        let secret = "cal_" + Secrets.random(bytes: 24)
        try await db.transaction { tx in
            try await CalendarFeed.query(on: tx).filter(\.$user.$id == userID).delete()
            let feed = CalendarFeed()
            feed.$user.id = userID
            feed.tokenHash = Secrets.sha256Hex(secret)
            try await feed.create(on: tx)
        }
        return secret
    }

    static func hasFeed(userID: UUID, on db: any Database) async throws -> Bool {
        try await CalendarFeed.query(on: db).filter(\.$user.$id == userID).count() > 0
    }

    static func principal(forSecret secret: String, on db: any Database) async throws -> Principal? {
        guard let feed = try await CalendarFeed.query(on: db).filter(\.$tokenHash == Secrets.sha256Hex(secret)).first() else { return nil }
        return try await PrincipalLoader.load(userID: feed.$user.id, on: db)
    }

    /// Active series as recurring events, plus meetings held outside any series.
    static func document(for principal: Principal, baseURL: String, now: Date, on db: any Database) async throws -> String {
        let partners = try await PartnerService.list(scope: principal.scope, on: db)
        let names = Dictionary(uniqueKeysWithValues: partners.map { ($0.id, $0.name) })
        var events: [CalendarEvent] = []
        let series = try await MeetingSeries.query(on: db).filter(\.$active == true).all().filter { names[$0.$partner.id] != nil }
        for s in series {
            events.append(CalendarEvent(uid: "series-\(s.id!.uuidString.lowercased())@tandem", summary: s.title,
                                        description: "\(s.cadence.label) with \(names[s.$partner.id]!). Agenda, notes and action items: \(baseURL)\(SiteURL.relationshipPartner(.id(s.$partner.id)).path)",
                                        start: s.firstStartsAt, durationMinutes: s.durationMinutes, recurrence: s.cadence.recurrence))
        }
        let oneOffs = try await Meeting.query(on: db).filter(\.$series.$id == nil).all().filter { names[$0.$partner.id] != nil }
        for m in oneOffs {
            events.append(CalendarEvent(uid: "meeting-\(m.id!.uuidString.lowercased())@tandem", summary: m.title,
                                        description: "Meeting with \(names[m.$partner.id]!): \(baseURL)\(SiteURL.meeting(.id(m.id!)).path)",
                                        start: m.startsAt, durationMinutes: 60))
        }
        // Contract renewals, notice deadlines and expiries (issue 14).
        events += try await KeyDateService.calendarEvents(for: principal, today: LocalDate(date: now), baseURL: baseURL, on: db)
        return ICalendar.render(name: "Tandem partnership meetings", events: events, stamp: now)
    }
}
