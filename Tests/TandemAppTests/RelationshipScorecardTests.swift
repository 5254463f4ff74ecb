import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import TandemRelationship
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// The relationship loop meets the performance scorecards: incidents from alerts, KPI target
/// attainment in the health index, KPI misses in the agenda and the QBR scorecard section.
@Suite struct RelationshipScorecardTests {
    /// Alpha, one contact a week in March 2026 (UTC, billing-voice: T 20 s):
    ///   week of 03-02: answered after 10 s, handle 100 s → SL 100%, AHT 100
    ///   week of 03-09: abandoned after 30 s             → SL 0%,   AHT no data
    ///   week of 03-16: answered after 18 s, handle 250 s → SL 100%, AHT 250
    /// Targets for every team from 2026-01-01: SL 80% (higher is better), AHT 240 s (lower is
    /// better; near band 5% → near up to 252 s).
    /// Judged weekly figures: SL met, missed, met; AHT met, near → 3 met, 1 near, 1 missed:
    /// attainment (3 + ½) ÷ 5 × 100 = 70.
    static let march = """
    \(Perf.header)
    k1,Alpha Support,,billing-voice,voice,2026-03-03T09:00:00Z,2026-03-03T09:00:10Z,,,100,,,,
    k2,Alpha Support,,billing-voice,voice,2026-03-10T09:00:00Z,,true,30,,,,,
    k3,Alpha Support,,billing-voice,voice,2026-03-17T09:00:00Z,2026-03-17T09:00:18Z,,,250,,,,

    """

    static func seed(_ app: Application) async throws -> Workspace {
        let ws = try await Workspace.make(on: app)
        try await Perf.settings(app, minimumSample: 1)
        let run = try await Perf.importCSV(app, march)
        #expect(run.status == .succeeded, "\(run.message) \(run.issueList)")
        _ = try await KPITargetService.create(.init(kpi: .serviceLevel, target: 0.8, effectiveFrom: LocalDateFixture.jan1), by: .cli("t"), on: app.db)
        _ = try await KPITargetService.create(.init(kpi: .averageHandleTime, target: 240, effectiveFrom: LocalDateFixture.jan1), by: .cli("t"), on: app.db)
        return ws
    }

    @Test(arguments: TestDatabase.all)
    func health_index_counts_weekly_kpi_attainment_with_near_as_half(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Self.seed(app)
            let q1 = Quarter("2026-Q1")!
            #expect(KPIAttainment.weeks(in: q1) == ReportingPeriod(kind: .week, containing: UTCDay(LocalDate("2026-01-05")!.startOfDayUTC)).index
                    ... ReportingPeriod(kind: .week, containing: UTCDay(LocalDate("2026-03-30")!.startOfDayUTC)).index, "weeks starting in the quarter")
            let admin = try await APIClient.forUser(app, ws.admin)
            func health() async throws -> RelationshipHealthDTO {
                try #require(try await admin.send(.GET, "/api/v1/partners/\(ws.partnerA)/health?quarter=2026-Q1").json([RelationshipHealthDTO].self).last)
            }
            var h = try await health()
            let kpi = try #require(h.components.first { $0.kind == .kpiAttainment })
            #expect(kpi.score == 70 && kpi.basis == "3 met, 1 near (half credit), 1 missed of 5 weekly KPI figure(s) with a target")
            // The only component with data: the index is the attainment itself.
            #expect(h.index == 70 && kpi.effectiveWeight == 100)

            // A self-reported incident in the quarter (100): (15 × 100 + 15 × 70) ÷ 30 = 85.
            let partnerUser = try #require(try await PrincipalLoader.load(userID: ws.partnerUserA, on: app.db))
            _ = try await IncidentService.create(.init(title: "Wrong macro", severity: .low, category: .quality, source: nil, description: "x",
                                                       openedAt: LocalDate("2026-02-01")!.startOfDayUTC),
                                                 partner: try await PartnerService.require(ws.partnerA, scope: .all, on: app.db), principal: partnerUser, on: app.db)
            h = try await health()
            #expect(abs(h.index! - 85) < 1e-9)

            // Bravo has no data: the component stays excluded.
            let bravo = try #require(try await admin.send(.GET, "/api/v1/partners/\(ws.partnerB)/health?quarter=2026-Q1").json([RelationshipHealthDTO].self).last)
            #expect(bravo.excluded.contains(.kpiAttainment))

            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let page = try await browser.get("/relationship/partners/\(ws.partnerA.uuidString.lowercased())?quarter=2026-Q1")
            #expect(page.text.contains("3 met, 1 near (half credit), 1 missed") && page.text.contains("(met + ½ × near)"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func agenda_lists_kpi_misses_since_the_last_meeting_and_the_qbr_shows_the_scorecard(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Self.seed(app)
            let partner = try await PartnerService.require(ws.partnerA, scope: .all, on: app.db)
            // First meeting on 03-04: the 30 days before hold only met or near figures.
            let first = try await CadenceService.createMeeting(.init(title: nil, seriesID: nil, startsAt: LocalDate("2026-03-04")!.startOfDayUTC.addingTimeInterval(36_000)),
                                                               partner: partner, by: .cli("t"), on: app.db)
            #expect(first.agenda.contains("## KPI misses\n- _No KPI target missed since then._"))
            // Second meeting on 03-20: weeks of 03-02, 03-09 and 03-16; SL missed once; AHT near is no miss.
            let second = try await CadenceService.createMeeting(.init(title: nil, seriesID: nil, startsAt: LocalDate("2026-03-20")!.startOfDayUTC.addingTimeInterval(36_000)),
                                                                partner: partner, by: .cli("t"), on: app.db)
            #expect(second.agenda.contains("## KPI misses\n- **Service level** missed its target in 1 of 3 week(s): 0.0% vs target 80.0% (week of 9 Mar 2026)\n\n"))

            // QBR: March SL = 2 within 20 s ÷ 3 = 66.7% (missed; near would be ≥ 76%); AHT (100 + 250) ÷ 2 = 175 s (met).
            let pack = try await QBRService.build(partner: partner, quarter: Quarter("2026-Q1")!, today: LocalDate("2026-04-02")!, on: app.db)
            #expect(pack.scorecardsAvailable && pack.scorecard.months == ["Jan 2026", "Feb 2026", "Mar 2026"])
            let sl = try #require(pack.scorecard.rows.first { $0.kpi == .serviceLevel })
            #expect(sl.figures.map(\.status) == [nil, nil, .missed] && abs(sl.figures[2].value! - 2.0 / 3.0) < 1e-12 && sl.figures[2].display == "66.7%")
            #expect(sl.figures[0].display == "—" && sl.figures[0].targetDisplay == "80.0%")
            let aht = try #require(pack.scorecard.rows.first { $0.kpi == .averageHandleTime })
            #expect(aht.figures[2].value == 175 && aht.figures[2].status == .met)
            #expect(pack.scorecard.weeksMet == 3 && pack.scorecard.weeksNear == 1 && pack.scorecard.weeksMissed == 1)
            let html = QBRViews.document(pack, styles: .inline).description
            #expect(html.contains("66.7% · target 80.0% · <span class=\"status-missed\">missed</span>"))
            #expect(html.contains("Weekly figures with a target: 3 met, 1 near, 1 missed of 5"))

            // A partner without figures or targets gets an empty section.
            let bravo = try await QBRService.build(partner: try await PartnerService.require(ws.partnerB, scope: .all, on: app.db), quarter: Quarter("2026-Q2")!,
                                                   today: LocalDate("2026-04-02")!, on: app.db)
            #expect(!bravo.scorecardsAvailable && bravo.scorecard.weeksMissed == 0)
        }
    }

    @Test(arguments: TestDatabase.all)
    func an_alert_opens_one_incident_in_one_click(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Perf.settings(app, minimumSample: 1)
            // Alpha: every contact abandoned after 30 s, three weeks running → SL 0% against 80%.
            var lines = [Perf.header]
            for (i, day) in ["2026-03-03", "2026-03-10", "2026-03-17"].enumerated() {
                lines.append("m-\(i),Alpha Support,,billing-voice,voice,\(day)T09:00:00Z,,true,30,,,,,")
            }
            try await Perf.importCSV(app, lines.joined(separator: "\n"))
            _ = try await KPITargetService.create(.init(kpi: .serviceLevel, target: 0.8, effectiveFrom: LocalDateFixture.jan1), by: .cli("t"), on: app.db)
            let alert = try #require(try await AlertService.list(scope: .all, on: app.db).first)
            #expect(alert.teamID == ws.partnerA && alert.incidentID == nil)

            // Scope first: another partner's user gets a 404, a partner's own user or a viewer a 403.
            #expect(try await APIClient.forUser(app, ws.partnerUserB).send(.POST, "/api/v1/alerts/\(alert.id)/incident").status == .notFound)
            #expect(try await APIClient.forUser(app, ws.partnerUserA).send(.POST, "/api/v1/alerts/\(alert.id)/incident").status == .forbidden)
            #expect(try await APIClient.forUser(app, ws.viewer).send(.POST, "/api/v1/alerts/\(UUID())/incident").status == .notFound)
            #expect(try await APIClient.forUser(app, ws.viewer).send(.POST, "/api/v1/alerts/\(alert.id)/incident").status == .forbidden)
            var viewerBrowser = try await Browser.signedIn(app, email: "viewer@test.example")
            #expect(!(try await viewerBrowser.get("/").text.contains("Open incident")))

            // The manager sees the button on the dashboard and the partner page, and one click opens the incident.
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            #expect(try await browser.get("/partners/\(ws.partnerA)").text.contains("action=\"/relationship/alerts/\(alert.id.uuidString.lowercased())/incident\""))
            #expect(try await browser.get("/").text.contains("Open incident"))
            let posted = try await browser.post("/relationship/alerts/\(alert.id)/incident")
            #expect(posted.status == .seeOther)
            let incidents = try await Incident.query(on: app.db).filter(\.$alertID == alert.id).all()
            let incident = try #require(incidents.first)
            #expect(incidents.count == 1 && incident.alertID == alert.id && incident.$partner.id == ws.partnerA)
            #expect(incident.source == .client && incident.category == .performance && incident.status == .open)
            #expect(incident.title == "Service level missed its target")
            #expect(incident.details == """
            Opened from a performance alert: Service level missed its target 3 weeks in a row (week of 16 Mar 2026).

            KPI: Service level
            Period: week of 16 Mar 2026 (16 – 22 Mar 2026)
            Figure: 0.0%
            Target: 80.0% (missed)
            Rule: missed its target 3 weeks running
            """)
            let incidentID = try incident.requireID()
            let location = posted.headers.first(name: .location)?.lowercased()
            #expect(location == "/relationship/incidents/\(incidentID.uuidString.lowercased())")
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entityType == "incident").filter(\.$entityID == incidentID).all()
            #expect(audit.count == 1)

            // A second click (or the API) goes to the open incident instead of creating another.
            let again = try await APIClient.forUser(app, ws.manager).send(.POST, "/api/v1/alerts/\(alert.id)/incident")
            let againDTO = try again.json(IncidentDTO.self)
            #expect(again.status == .ok && againDTO.id == incident.id && againDTO.alertID == alert.id)
            _ = try await browser.post("/relationship/alerts/\(alert.id)/incident")
            #expect(try await Incident.query(on: app.db).filter(\.$alertID == alert.id).count() == 1)

            // The alert keeps its id across refreshes and now links to the incident.
            try await AlertService.refresh(on: app.db)
            let refreshed = try #require(try await AlertService.list(scope: .all, on: app.db).first)
            #expect(refreshed.id == alert.id && refreshed.incidentID == incident.id)
            #expect(try await browser.get("/").text.contains("Incident open"))

            // Once the incident is resolved, the alert can open a new one (API: 201).
            try await IncidentService.update(incident, with: .init(status: .resolved, rootCause: "Staffing", correctiveAction: "Hire"), by: .cli("t"), on: app.db)
            let fresh = try await APIClient.forUser(app, ws.manager).send(.POST, "/api/v1/alerts/\(alert.id)/incident")
            let freshDTO = try fresh.json(IncidentDTO.self)
            #expect(fresh.status == .created && freshDTO.id != incident.id)
        }
    }
}
