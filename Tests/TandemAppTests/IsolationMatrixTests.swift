import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// The route × role matrix of partner isolation (issue 20): every registered GET route, page and
/// API, is requested as each partner's user, with its parameters filled by records that user may
/// see (its own, and records shared between partners), over a workspace where every free-text
/// field of a shared record names the other partner, its site and its people. A response to a
/// partner user that contains any of another partner's names fails with the route and the name.
@Suite struct IsolationMatrixTests {
    /// What identifies one partner in text, and the records a user of that partner may reach.
    struct Side {
        let partnerID: UUID
        let email: String
        let userID: UUID
        /// Strings that only this partner's data contains.
        let names: [String]
        /// Path parameter → a record this partner's user may reach.
        let records: [String: UUID]
        /// The user's own calendar feed secret (the `:feedToken` of the iCalendar route).
        let feedSecret: String
    }

    struct Leak: CustomStringConvertible {
        let user: String
        let route: String
        let found: String
        var description: String { "\(route) showed \(user) “\(found)”" }
    }

    struct Counts { var routes = 0; var probes = 0 }

    /// Records on both sides, and shared records whose client-written text names both partners.
    static func seed(_ app: Application, _ ws: Workspace) async throws -> (a: Side, b: Side) {
        let db = app.db
        let actor = Actor.cli("matrix")
        let manager = Principal(userID: ws.manager, name: "manager", email: "manager@test.example", role: .manager, partnerID: nil)
        let a = try #require(try await Partner.find(ws.partnerA, on: db))
        let b = try #require(try await Partner.find(ws.partnerB, on: db))
        let contactA = try await PartnerService.saveKeyContact(.init(name: "Anna ALPHAMARK", side: .partner, role: "Team lead", email: "anna@alpha.example"),
                                                               contact: nil, partner: a, by: actor, on: db)
        let siteA = try #require(try await Site.query(on: db).filter(\.$partner.$id == ws.partnerA).first())
        let namesA = ["Alpha Support", "Alpha HQ", "ALPHAMARK", "a@partner-a.example", "anna@alpha.example"]
        let namesB = [Workspace.markerB, "Bravo", "pm@bravo.example", "b@partner-b.example"]
        let both = "Shared with \(namesA[0]) (\(namesA[1]), \(namesA[2])) and \(namesB[0]) (\(namesB[1]), \(namesB[2]))"

        // Shared: the queue split between A and B, with the client's note about both; a second
        // queue held by B alone (a concentration warning about B); a broadcast to both partners.
        _ = try await AllocationService.create(AllocationInput(queueID: ws.queue, shift: nil, effectiveFrom: LocalDate("2026-03-01")!,
                                                               shares: [.init(teamID: ws.partnerA, percent: 60), .init(teamID: ws.partnerB, percent: 40)],
                                                               note: both), by: actor, on: db)
        let chat = try await CatalogueService.saveChannel(.init(name: "Chat", kind: .chat), channel: nil, by: actor, on: db)
        let chatQueue = try await CatalogueService.saveQueue(.init(channelID: chat.requireID(), name: "Chat sales", code: "chat-sales"), queue: nil, by: actor, on: db)
        _ = try await AllocationService.create(AllocationInput(queueID: chatQueue.requireID(), shift: nil, effectiveFrom: LocalDate("2026-03-01")!,
                                                               shares: [.init(teamID: ws.partnerB, percent: 100)], note: both), by: actor, on: db)
        _ = try await StaffingImportService.importForecast(csv: """
            queue,interval_start,interval_minutes,contacts,aht_seconds
            billing-voice,2026-03-02T08:00,30,10,180
            chat-sales,2026-03-02T08:00,30,10,300
            """, fileName: "forecast.csv", by: actor, on: db)
        _ = try await StaffingImportService.importSchedule(csv: """
            team,queue,interval_start,interval_minutes,agents
            Alpha Support,billing-voice,2026-03-02T08:00,30,2
            Bravo \(Workspace.markerB) BPO,billing-voice,2026-03-02T08:00,30,3
            """, fileName: "schedule.csv", by: actor, on: db)
        let today = LocalDate(date: Date())
        let broadcast = try await BroadcastService.create(.init(kind: .launch, title: "New returns policy", body: "Applies from Monday.",
                                                                effectiveDate: today.adding(days: 3), acknowledgeBy: nil, audience: .somePartners,
                                                                partnerIDs: [ws.partnerA, ws.partnerB], queueIDs: nil, articleLinks: nil, requiresAcknowledgement: true),
                                                          by: actor, on: db)
        // Contacts of both teams in the shared queue.
        try await Perf.importCSV(app, Perf.header + """

            m-a1,Alpha Support,,billing-voice,voice,2026-03-03T09:00:00Z,2026-03-03T09:00:10Z,,,100,,,true,5
            m-b1,Bravo \(Workspace.markerB) BPO,,billing-voice,voice,2026-03-03T09:00:00Z,2026-03-03T09:00:50Z,,,300,,,false,2

            """)

        // A's own records behind the routes' parameters (B's come from the workspace fixture).
        let meetingA = try await CadenceService.createMeeting(.init(title: "Alpha sync", seriesID: nil, startsAt: Date()), partner: a, by: actor, on: db)
        let actionA = try await CadenceService.addAction(.init(title: "Alpha action", ownerSide: .partner, ownerName: "Anna", dueDate: today.adding(days: 2)),
                                                         meeting: meetingA, by: actor, on: db)
        let incidentA = try await IncidentService.create(.init(title: "Alpha incident", severity: .medium, category: .quality, source: .client,
                                                               description: "Late answers", openedAt: nil), partner: a, principal: manager, on: db)
        let targetA = try await KPITargetService.create(.init(teamID: ws.partnerA, kpi: .serviceLevel, target: 0.8, effectiveFrom: LocalDate("2026-01-01")!),
                                                        by: actor, on: db)
        let targetB = try await KPITargetService.create(.init(teamID: ws.partnerB, kpi: .serviceLevel, target: 0.8, effectiveFrom: LocalDate("2026-01-01")!),
                                                        by: actor, on: db)
        func alert(_ team: UUID) async throws -> UUID {
            let alert = PerformanceAlert()
            alert.teamID = team
            alert.kpi = .serviceLevel
            alert.rule = "missed_run"
            alert.message = "Service level missed its target 3 weeks in a row (week of 2026-03-02)."
            alert.periodStart = "2026-03-02"
            alert.raisedAt = Date()
            try await alert.create(on: db)
            return try alert.requireID()
        }
        _ = try await CadenceService.createSeries(.init(cadence: .weekly, title: "Alpha weekly", firstStartsAt: Date(), durationMinutes: 30), partner: a, by: actor, on: db)
        _ = b
        // Choosing and designing: B's records (marked) from the selection fixture; an event A and B
        // both compete in, with A's own reference, visit, photo, design person and goal.
        let selectionB = try await SelectionFixture.records(app, ws).mapValues(\.id)
        // Contracts and money (issue 14): each side's contract version, document and invoice.
        let contractsB = try await ContractsAccessFixture.records(app, ws).mapValues(\.id)
        let contractsA = try await ContractsAccessFixture.own(app, partner: a)
        let template = try await SelectionFixture.template(on: db, name: "Matrix template")
        let event = try await SelectionFixture.event("Matrix event", template: template, candidates: [ws.partnerA, ws.partnerB], evaluators: [ws.manager], on: db)
        let referenceA = try await DiligenceService.saveReference(.init(refereeName: "Alpha referee", refereeCompany: "Acme", refereeRole: nil,
                                                                        checkedOn: LocalDate("2026-05-01")!, answers: nil, redFlags: []),
                                                                  reference: nil, event: event, partner: a, principal: manager, on: db)
        let visitA = try await DiligenceService.saveVisit(.init(siteID: try siteA.requireID(), location: nil, visitedOn: LocalDate("2026-05-02")!, visitors: "manager",
                                                                notes: "Alpha floor", observations: nil), visit: nil, event: event, partner: a, principal: manager, on: db)
        let photoA = try await DiligenceService.addPhoto(SelectionFixture.png, fileName: "floor.png", caption: "Alpha floor", visit: visitA, principal: manager, on: db)
        let personA = try await DesignService.addPerson(.init(name: "Alpha trainer", role: "Trainer", hoursPerWeek: 6), partner: a, by: actor, on: db)
        let goalA = try await GoalService.save(.init(title: "Alpha goal", kpi: .serviceLevel, unit: nil, manualValue: nil, manualAsOf: nil, baseline: 0.7, target: 0.8,
                                                     startDate: LocalDate("2026-01-01")!, deadline: LocalDate("2026-12-31")!, owner: "Anna", ownerSide: .partner),
                                               goal: nil, partner: a, by: actor, on: db)
        let tokenA = try await TokenService.create(name: "a's", userID: ws.partnerUserA, by: actor, on: db).token.id
        let tokenB = try await TokenService.create(name: "b's", userID: ws.partnerUserB, by: actor, on: db).token.id
        let contactB = ws.contactB
        let shared: [String: UUID] = ["channelID": ws.channel, "queueID": ws.queue, "broadcastID": try broadcast.requireID(),
                                      "surveyID": ws.relationship.surveyRound, "deliveryID": ws.relationship.deliveryB, "importID": UUID(),
                                      "templateID": try template.requireID(), "eventID": try event.requireID(),
                                      // Signals out (issue 17): the client's webhook subscription (admins only).
                                      "subscriptionID": ws.relationship.subscription]
        // The front line (issue 16): each partner's own records.
        let frontline = try await FrontlineAccessFixture.matrix(app, ws)
        let sideA = Side(partnerID: ws.partnerA, email: "a@partner-a.example", userID: ws.partnerUserA, names: namesA, records: shared.merging([
            "partnerID": ws.partnerA, "siteID": try siteA.requireID(), "contactID": try contactA.requireID(), "userID": ws.partnerUserA, "tokenID": tokenA,
            "meetingID": try meetingA.requireID(), "actionID": try actionA.requireID(), "incidentID": try incidentA.requireID(),
            "targetID": try targetA.requireID(), "alertID": try await alert(ws.partnerA),
            "referenceID": try referenceA.requireID(), "visitID": try visitA.requireID(), "photoID": try photoA.requireID(),
            "personID": try personA.requireID(), "goalID": try goalA.requireID(),
        ].merging(frontline.a) { own, _ in own }) { own, _ in own }.merging(contractsA) { own, _ in own }, feedSecret: try await CalendarFeedService.regenerate(userID: ws.partnerUserA, on: db))
        let sideB = Side(partnerID: ws.partnerB, email: "b@partner-b.example", userID: ws.partnerUserB, names: namesB, records: shared.merging([
            "partnerID": ws.partnerB, "siteID": ws.siteB, "contactID": contactB, "userID": ws.partnerUserB, "tokenID": tokenB,
            "meetingID": ws.relationship.meetingB, "actionID": ws.relationship.actionB, "incidentID": ws.relationship.incidentB,
            "targetID": try targetB.requireID(), "alertID": try await alert(ws.partnerB),
            "referenceID": selectionB["referenceID"]!, "visitID": selectionB["visitID"]!, "photoID": selectionB["photoID"]!,
            "personID": selectionB["personID"]!, "goalID": selectionB["goalID"]!,
        ].merging(frontline.b) { own, _ in own }) { own, _ in own }.merging(contractsB) { own, _ in own }, feedSecret: try await CalendarFeedService.regenerate(userID: ws.partnerUserB, on: db))
        return (sideA, sideB)
    }

    /// Walks every GET route as `me`'s user; returns what it found of `other`.
    static func walk(_ app: Application, me: Side, other: Side, counts: inout Counts) async throws -> [Leak] {
        var browser = try await Browser.signedIn(app, email: me.email)
        let api = try await APIClient.forUser(app, me.userID)
        var leaks: [Leak] = []
        for route in app.routes.all where route.method == .GET {
            var parts: [String] = []
            var fillable = true
            for component in route.path {
                switch component {
                case .constant(let value): parts.append(value)
                case .parameter("feedToken"): parts.append(me.feedSecret)
                case .parameter(let name):
                    guard let id = me.records[name] else {
                        Issue.record("\(route.path.string) has parameter :\(name); teach IsolationMatrixTests.seed which of a partner's records it names.")
                        fillable = false
                        continue
                    }
                    parts.append(id.uuidString.lowercased())
                case .anything, .catchall: fillable = false
                }
            }
            guard fillable else { continue }
            let path = "/" + parts.joined(separator: "/")
            if path == "/logout" { continue }
            counts.routes += 1
            for variant in variants(of: route) {
                let target = variant.isEmpty ? path : "\(path)?\(variant)"
                let response = path.hasPrefix("/api/") ? try await api.send(.GET, target) : try await browser.get(target)
                counts.probes += 1
                if path.hasPrefix("/calendar/") { #expect(response.status == .ok, "\(me.email)'s own calendar feed answered \(response.status)") }
                #expect(response.status.code < 500, "GET \(target) as \(me.email) answered \(response.status)")
                for name in other.names where response.text.localizedCaseInsensitiveContains(name) {
                    leaks.append(Leak(user: me.email, route: "GET \(target)", found: name))
                }
            }
        }
        return leaks
    }

    /// The plain request, and the queries that reach the data of the week and month seeded above.
    static func variants(of route: Route) -> [String] {
        let path = route.path.string
        if path.contains("performance") || path.contains("scorecards") { return ["", "period=week&at=2026-03-04&by=team", "period=week&at=2026-03-04&by=queue"] }
        if path.contains("staffing") { return ["", "week=2026-03-02"] }
        return [""]
    }

    @Test(arguments: TestDatabase.all)
    func no_partner_user_reads_another_partners_names_on_any_route(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let (a, b) = try await Self.seed(app, ws)
            var counts = Counts()
            let leaks = try await Self.walk(app, me: a, other: b, counts: &counts) + Self.walk(app, me: b, other: a, counts: &counts)
            print("Isolation matrix (\(engine.rawValue)): \(counts.routes) GET routes × 2 partner users, \(counts.probes) requests, \(leaks.count) leaks")
            #expect(leaks.isEmpty, "\(leaks.map(\.description).joined(separator: "\n"))")
            #expect(counts.routes > 100, "walked \(counts.routes) route fills")
        }
    }

    @Test func a_planted_leak_is_found_with_its_route_and_name() async throws {
        try await withApp(.sqlite) { app in
            let ws = try await Workspace.make(on: app)
            let (a, b) = try await Self.seed(app, ws)
            // A page that forgets the scope: it names every team.
            app.get("planted", ":partnerID") { req async throws -> String in
                try await Partner.query(on: req.db).all().map(\.name).joined(separator: ", ")
            }
            var counts = Counts()
            let leaks = try await Self.walk(app, me: a, other: b, counts: &counts)
            #expect(Set(leaks.map(\.route)) == ["GET /planted/\(ws.partnerA.uuidString.lowercased())"], "\(leaks)")
            #expect(leaks.contains { $0.found == Workspace.markerB })
        }
    }
}
