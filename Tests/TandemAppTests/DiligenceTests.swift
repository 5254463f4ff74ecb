import Fluent
import Foundation
import TandemPartners
import TandemSelection
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// References, site visits and photos, the side-by-side comparison and the decision.
@Suite struct DiligenceTests {
    /// A multipart upload from a signed-in browser: the token goes in the query, the bytes as they are.
    static func upload(_ app: Application, _ browser: Browser, _ path: String, bytes: [UInt8], fileName: String, caption: String) async throws -> TestingHTTPResponse {
        let boundary = "TandemPhotoBoundary42"
        var body = Data()
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\n\(caption)\r\n".utf8))
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"\(fileName)\"\r\nContent-Type: image/png\r\n\r\n".utf8))
        body.append(Data(bytes))
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = HTTPHeaders()
        if let cookie = browser.cookie { headers.add(name: .cookie, value: "tandem_session=\(cookie)") }
        headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
        return try await app.testing().sendRequest(.POST, "\(path)?\(CSRFMiddleware.field)=\(Browser.encode(browser.csrf ?? ""))", headers: headers, body: ByteBuffer(data: body))
    }

    @Test(arguments: TestDatabase.all)
    func references_visits_and_photos_checked_by_their_content(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let template = try await SelectionFixture.template(on: app.db)
            let event = try await SelectionFixture.event("Voice 2027", template: template, candidates: [ws.partnerB], evaluators: [ws.manager], on: app.db)
            let eventID = try event.requireID()
            var browser = try await Browser.signedIn(app, email: "manager@test.example")

            // A reference check: started with the standard questions, then answered with a red flag.
            _ = try await browser.get(SiteURL.referenceNew(event: .id(eventID), partner: .id(ws.partnerB)).path)
            let started = try await browser.post(SiteURL.referenceNew(event: .id(eventID), partner: .id(ws.partnerB)).path,
                                                 form: ["refereeName": "Jo Park", "refereeCompany": "Acme Outdoor", "checkedOn": "2026-05-04"])
            #expect(started.status == .seeOther)
            let refPath = try #require(started.headers.first(name: .location))
            let refPage = try await browser.get(refPath)
            #expect(refPage.text.contains("How did they handle their own mistakes"))
            let saved = try await browser.post(refPath, form: ["refereeName": "Jo Park", "refereeCompany": "Acme Outdoor", "checkedOn": "2026-05-04",
                                                               "q0_question": "How long have you worked with them?", "q0_answer": "Three years, 80 agents.",
                                                               "q1_question": "Would you hire them again?", "q1_answer": "Yes, for voice.",
                                                               "redFlags": "Team leads turned over twice in 2025\n\n"])
            #expect(saved.status == .seeOther)
            let ref = try #require(try await ReferenceCheck.query(on: app.db).first())
            #expect(ref.flags == ["Team leads turned over twice in 2025"])
            #expect(try await ReferenceAnswer.query(on: app.db).filter(\.$reference.$id == ref.requireID()).count() == 2)

            // A visit to the registered site with the checklist.
            _ = try await browser.get(SiteURL.siteVisitNew(event: .id(eventID), partner: .id(ws.partnerB)).path)
            let visited = try await browser.post(SiteURL.siteVisitNew(event: .id(eventID), partner: .id(ws.partnerB)).path,
                                                 form: ["siteID": ws.siteB.uuidString, "visitedOn": "2026-05-06", "visitors": "manager"])
            #expect(visited.status == .seeOther)
            let visitPath = try #require(visited.headers.first(name: .location))
            let checklist = try await browser.post(visitPath, form: ["finding_recognition_displays": "seen", "note_recognition_displays": "Wall of fame by the entrance",
                                                                      "finding_personalised_desks": "not_seen", "finding_delivery_site": "seen", "notes": "Quiet floor at 10:00."])
            #expect(checklist.status == .seeOther)
            let page = try await browser.get(visitPath)
            #expect(page.text.contains("2 of 6 seen") && !page.text.contains("has not confirmed it saw the site"))
            #expect(page.text.contains("Wall of fame by the entrance"))

            // Photos: a PNG is kept; a GIF named .png, an empty file and one over 5 MB are refused by their content.
            let visit = try #require(try await SiteVisit.query(on: app.db).first())
            let photos = SiteURL.siteVisitPhotos(.id(try visit.requireID())).path
            let ok = try await Self.upload(app, browser, photos, bytes: SelectionFixture.png, fileName: "floor.png", caption: "Recognition wall")
            #expect(ok.status == .seeOther, "\(ok.status) \(ok.text.prefix(300))")
            let gif = try await Self.upload(app, browser, photos, bytes: Array("GIF89a\u{01}\u{00}".utf8), fileName: "floor.png", caption: "")
            #expect(gif.status == .unprocessableEntity && gif.text.contains("is not a PNG or JPEG image"))
            let big = try await Self.upload(app, browser, photos, bytes: SelectionFixture.png + [UInt8](repeating: 0, count: PhotoCheck.maxBytes), fileName: "big.png", caption: "")
            #expect(big.status == .unprocessableEntity && big.text.contains("photos may be at most 5 MB"))
            let stored = try await VisitPhoto.query(on: app.db).all()
            #expect(stored.count == 1 && stored[0].mediaType == "image/png" && stored[0].caption == "Recognition wall")
            let image = try await browser.get(SiteURL.visitPhoto(.id(try stored[0].requireID())).path)
            #expect(image.status == .ok && image.headers.contentType == .png && Array(image.body.readableBytesView) == SelectionFixture.png)

            // Through the API too, with the same check.
            let api = try await APIClient.forUser(app, ws.manager)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: api.token!)
            let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46]
            let viaAPI = try await app.testing().sendRequest(.POST, "/api/v1/site-visits/\(try visit.requireID())/photos?fileName=desk.jpg&caption=Desks", headers: headers, body: ByteBuffer(bytes: jpeg))
            #expect(viaAPI.status == .created)
            #expect(try viaAPI.json(SiteVisitDTO.self).photos.map(\.mediaType) == ["image/png", "image/jpeg"])
            let svg = try await app.testing().sendRequest(.POST, "/api/v1/site-visits/\(try visit.requireID())/photos", headers: headers, body: ByteBuffer(string: "<svg/>"))
            #expect(svg.status == .unprocessableEntity)

            // Partner users reach none of it, not even their own partner's.
            var partner = try await Browser.signedIn(app, email: "b@partner-b.example")
            for path in [refPath, visitPath, SiteURL.visitPhoto(.id(try stored[0].requireID())).path] {
                #expect(try await partner.get(path).status == .notFound, "\(path)")
            }
            // The client's deliberations stay off the candidate's history page.
            let history = try await partner.get(SiteURL.partnerAudit(.id(ws.partnerB)).path)
            #expect(history.status == .ok && !history.text.contains("Team leads turned over"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func the_comparison_ranks_flags_and_finds_each_weights_tipping_point_and_the_decision_moves_the_lifecycle(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let charlie = try await PartnerService.create(.init(name: "Charlie Care"), by: .cli("test"), on: app.db)
            let template = try await SelectionFixture.template(on: app.db)
            let ids = try await SelectionFixture.criteria(template, on: app.db)
            let (culture, cost, security) = (ids["Culture and values fit"]!, ids["Cost"]!, ids["Security and compliance"]!)
            let event = try await SelectionFixture.event("Three-way", template: template, candidates: [ws.partnerA, ws.partnerB, try charlie.requireID()],
                                                         evaluators: [ws.admin, ws.manager], on: app.db)
            let eventID = try event.requireID()
            let admin = try await SelectionFixture.principal(ws.admin, on: app.db)
            let manager = try await SelectionFixture.principal(ws.manager, on: app.db)
            func score(_ p: Principal, _ partner: UUID, _ s: [String: Double?]) async throws {
                _ = try await EvaluationService.save(.init(scores: s, comment: nil, submit: true), event: event,
                                                     partner: try await PartnerService.require(partner, scope: .all, on: app.db), principal: p, on: app.db)
            }
            try await score(admin, ws.partnerA, [culture: 5, cost: 3, security: 4])
            try await score(manager, ws.partnerA, [culture: 2, cost: 3, security: 4])
            try await score(admin, ws.partnerB, [culture: 4, cost: 4, security: 2])
            try await score(admin, try charlie.requireID(), [culture: 3, cost: 4])

            // The manager has not scored B and Charlie: no comparison yet, on the page or the API.
            let managerAPI = try await APIClient.forUser(app, ws.manager)
            #expect(try await managerAPI.send(.GET, "/api/v1/sourcing-events/\(eventID)/comparison").status == .forbidden)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let hidden = try await browser.get(SiteURL.sourcingComparison(.id(eventID)).path)
            #expect(hidden.status == .forbidden && hidden.text.contains("Submit your own scores for every candidate first (2 to go)"))
            #expect(try await browser.get(SiteURL.sourcingDecision(.id(eventID)).path).status == .forbidden)

            try await score(manager, ws.partnerB, [culture: 4, cost: 5, security: 2])
            try await score(manager, try charlie.requireID(), [culture: 3, cost: 4, security: nil])
            let response = try await managerAPI.send(.GET, "/api/v1/sourcing-events/\(eventID)/comparison")
            #expect(response.status == .ok)
            let c = try response.json(ComparisonDTO.self)
            let byName = Dictionary(uniqueKeysWithValues: c.candidates.map { ($0.name, $0) })
            // Charlie: culture 3 → 0.5, cost 4 → 0.75, security unscored: 100 × (30 × 0.5 + 50 × 0.75) ÷ 80 = 65.625, on 80% of the weight.
            #expect(abs((byName["Charlie Care"]?.total ?? 0) - 65.625) < 1e-9)
            #expect(byName["Charlie Care"]?.coverage == 0.8 && byName["Charlie Care"]?.unscored == ["Security and compliance"])
            #expect(byName["Charlie Care"]?.knockOutsUnassessed == ["Security and compliance"])
            // Alpha: culture (5 + 2) ÷ 2 = 3.5 → 0.625, cost 3 → 0.5, security 4 → 0.75: 18.75 + 25 + 15 = 58.75.
            #expect(abs((byName["Alpha Support"]?.total ?? 0) - 58.75) < 1e-9)
            let alphaCulture = byName["Alpha Support"]?.criteria.first { $0.criterionID.uuidString == culture }
            #expect(alphaCulture?.spread == 3 && alphaCulture?.disagreement == true && alphaCulture?.standardDeviation == 1.5)
            // Bravo: security mean 2 is below the pass mark of 3, whatever its total (71.25).
            let bravo = try #require(c.candidates.first { $0.partnerID == ws.partnerB })
            #expect(bravo.standing == .knockedOut && bravo.rank == nil && abs((bravo.total ?? 0) - 71.25) < 1e-9)
            let charlieID = try charlie.requireID()
            #expect(c.candidates.map(\.rank) == [1, 2, nil] && c.winners == [charlieID])

            // Cost weight w (culture 30, security 20 kept): Charlie = (0.75 w + 15) ÷ (w + 30), Alpha = (0.5 w + 33.75) ÷ (w + 50);
            // level when w² + 15 w − 1050 = 0, w = (−15 + √4425) ÷ 2 = 25.7603…
            let sens = Dictionary(uniqueKeysWithValues: c.sensitivity.map { ($0.criterion, $0) })
            #expect(abs((sens["Cost"]?.decrease?.weight ?? 0) - (-15 + 4425.0.squareRoot()) / 2) < 1e-9)
            #expect(sens["Cost"]?.decrease?.challengerName == "Alpha Support" && sens["Cost"]?.increase == nil)
            // Culture weight x: (0.5 x + 37.5) ÷ (x + 50) = (0.625 x + 40) ÷ (x + 70) → x² − 10 x − 5000 = 0, x = 5 + √5025 = 75.887…
            #expect(abs((sens["Culture and values fit"]?.increase?.weight ?? 0) - (5 + 5025.0.squareRoot())) < 1e-9)
            // Security weight s: Charlie stays at 0.65625; Alpha = (0.75 s + 43.75) ÷ (s + 80) reaches it at s = 8.75 ÷ 0.09375 = 93.33…
            #expect(abs((sens["Security and compliance"]?.increase?.weight ?? 0) - 8.75 / 0.09375) < 1e-9)

            let page = try await browser.get(SiteURL.sourcingComparison(.id(eventID)).path)
            #expect(page.status == .ok && page.text.contains("id=\"side-by-side\"") && page.text.contains("Knocked out: Security and compliance"))
            #expect(page.text.contains("25.76 (34.0% of the weight): Alpha Support draws level"))

            // The decision: not a knocked-out candidate; a choice below the top needs its trade-offs.
            _ = try await browser.get(SiteURL.sourcingDecision(.id(eventID)).path)
            let knocked = try await browser.post(SiteURL.sourcingDecision(.id(eventID)).path, form: ["partnerID": ws.partnerB.uuidString, "rationale": "Cheapest"])
            #expect(knocked.status == .unprocessableEntity && knocked.text.contains("is knocked out on Security and compliance"))
            let noTradeOff = try await browser.post(SiteURL.sourcingDecision(.id(eventID)).path, form: ["partnerID": ws.partnerA.uuidString, "rationale": "Security cleared"])
            #expect(noTradeOff.status == .unprocessableEntity && noTradeOff.text.contains("is required when the choice is not the top-ranked candidate"))
            let decided = try await browser.post(SiteURL.sourcingDecision(.id(eventID)).path, form: [
                "partnerID": ws.partnerA.uuidString, "rationale": "Security cleared on a visit; Charlie was never scored on it.",
                "tradeOffs": "About 7 points of total, mostly cost.",
            ])
            #expect(decided.status == .seeOther, "\(decided.text.prefix(300))")
            #expect(try await Partner.find(ws.partnerA, on: app.db)?.status == .onboarding)
            #expect(try await Partner.find(ws.partnerB, on: app.db)?.status == .prospect)
            #expect(try await Partner.find(charlie.requireID(), on: app.db)?.status == .prospect)
            #expect(try await SourcingEvent.find(eventID, on: app.db)?.status == .decided)
            let record = try await browser.get(SiteURL.sourcingDecisionPrint(.id(eventID)).path)
            #expect(record.status == .ok && record.text.contains("About 7 points of total") && record.text.contains("1. Charlie Care: 65.6"))
            #expect(record.text.contains("manager") && record.text.contains("body class=\"record\""))
            // Totals print to one decimal (71.25 → 71.2: printf rounds an exact tie to even).
            let api = try await managerAPI.send(.GET, "/api/v1/sourcing-events/\(eventID)/decision")
            #expect(try api.json(SelectionDecisionDTO.self).ranking == ["1. Charlie Care: 65.6 (coverage 80%, 2 evaluator(s))", "2. Alpha Support: 58.8 (coverage 100%, 2 evaluator(s))",
                                                                        "– Bravo ZEBRA-SECRET BPO: 71.2 (knocked out on Security and compliance)"])
            // Decided: nothing more is scored, and the decision is audited with the lifecycle moves.
            #expect(try await managerAPI.send(.PUT, "/api/v1/sourcing-events/\(eventID)/candidates/\(ws.partnerA)/my-evaluation", body: EvaluationInput(scores: [:], comment: nil, submit: nil)).status == .conflict)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == "selection_decision").count() == 1)
            let moves = try await AuditEntry.query(on: app.db).filter(\.$entityType == "partner").filter(\.$entityID == ws.partnerA).all()
            #expect(moves.filter { $0.changes.contains("onboarding") }.count == 1)
        }
    }

    @Test func every_diligence_url_is_routed() async throws {
        try await withApp(.sqlite) { app in
            let registered = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
            let id = SiteURL.Ref.param
            let all: [SiteURL] = [.referenceNew(event: id, partner: id), .reference(id), .siteVisitNew(event: id, partner: id), .siteVisit(id), .siteVisitPhotos(id),
                                  .visitPhoto(id), .sourcingComparison(id), .sourcingDecision(id), .sourcingDecisionPrint(id)]
            for url in all { #expect(registered.contains(url.path), "\(url.path) is linked but not routed") }
        }
    }
}
