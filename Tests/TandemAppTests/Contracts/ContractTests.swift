import Fluent
import Foundation
import TandemContracts
import TandemPartners
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Contracts, versions, documents, key dates and the exit scenario, on both engines.
@Suite struct ContractTests {
    static func counts(_ app: Application) async throws -> [Int] {
        [try await ContractVersionRecord.query(on: app.db).count(), try await Contract.query(on: app.db).count(),
         try await ContractDocument.query(on: app.db).count(), try await AuditEntry.query(on: app.db).count()]
    }

    @Test(arguments: TestDatabase.all)
    func overlapping_versions_are_refused_by_field_and_nothing_changes(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.manager)
            let first = try await api.send(.POST, "/api/v1/partners/\(ws.partnerA)/contract/versions", body: ContractsAccessFixture.terms())
            #expect(first.status == .created, "\(first.text)")
            #expect(try first.json(ContractVersionDTO.self).number == 1)
            let before = try await Self.counts(app)

            // Version 2 from 1 July while version 1 is open-ended: refused under effectiveFrom, naming version 1.
            var amendment = ContractsAccessFixture.terms(from: "2026-07-01", rate: "19.25")
            let refused = try await api.send(.POST, "/api/v1/partners/\(ws.partnerA)/contract/versions", body: amendment)
            #expect(refused.status == .unprocessableEntity)
            let body = try refused.json(APIErrorBody.self)
            #expect(body.fields?["effectiveFrom"]?.contains("overlaps version 1 (2026-01-01 to open end)") == true, "\(body)")
            #expect(body.fields?["effectiveFrom"]?.contains("2026-06-30") == true)
            #expect(try await Self.counts(app) == before, "a refused version changed something")

            // The same on the page: the error beside the field, the values kept.
            var browser = try await Browser.signedIn(app, email: Workspace.emails[.manager]!)
            _ = try await browser.get(SiteURL.contractVersionNew(partner: .id(ws.partnerA)).path)
            let form = ContractForm.values(amendment, isNew: false).values
            let page = try await browser.post(SiteURL.contractVersionNew(partner: .id(ws.partnerA)).path, form: form)
            #expect(page.status == .unprocessableEntity)
            #expect(page.text.contains("f-effectiveFrom-error") && page.text.contains("overlaps version 1"))
            #expect(page.text.contains("value=\"2026-07-01\""))
            #expect(try await Self.counts(app) == before)

            // Bad terms: every problem named by its field or line, nothing stored.
            var bad = ContractsAccessFixture.terms(from: "2026-07-01")
            bad.partnerNoticeDays = -5
            bad.rates![1].rate = "1,10"
            bad.sla!.metrics[0].minimum = 0.9  // above expected 0.8 on a higher-is-better KPI
            let invalid = try await api.send(.POST, "/api/v1/partners/\(ws.partnerA)/contract/versions", body: bad)
            let fields = try invalid.json(APIErrorBody.self).fields ?? [:]
            #expect(invalid.status == .unprocessableEntity)
            #expect(fields["partnerNoticeDays"] == "must not be negative")
            #expect(fields["rates[1].rate"]?.contains("must be a number") == true)
            #expect(fields["sla.metrics[0].expected"]?.contains("must be at least the minimum") == true, "\(fields)")
            #expect(try await Self.counts(app) == before)

            // An amendment that ends the version in force the day before: both saved, audited together.
            amendment.closePrevious = true
            let saved = try await api.send(.POST, "/api/v1/partners/\(ws.partnerA)/contract/versions", body: amendment)
            #expect(saved.status == .created, "\(saved.text)")
            let contract = try await api.send(.GET, "/api/v1/partners/\(ws.partnerA)/contract").json(ContractDTO.self)
            #expect(contract.versions.map(\.number) == [2, 1])
            #expect(contract.versions[1].terms.effectiveThrough == LocalDate("2026-06-30"))
            #expect(contract.versions[0].terms.rates?.first?.rate == "19.25")
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entityType == "contract_version").count()
            #expect(audit == 3, "version 1 created, version 1 ended, version 2 created")

            // Viewers read, never write; another partner's user does not even see it.
            let viewer = try await APIClient.forUser(app, ws.viewer)
            #expect(try await viewer.send(.GET, "/api/v1/partners/\(ws.partnerA)/contract").status == .ok)
            #expect(try await viewer.send(.POST, "/api/v1/partners/\(ws.partnerA)/contract/versions", body: amendment).status == .forbidden)
            let userB = try await APIClient.forUser(app, ws.partnerUserB)
            #expect(try await userB.send(.GET, "/api/v1/partners/\(ws.partnerA)/contract").status == .notFound)
            let userA = try await APIClient.forUser(app, ws.partnerUserA)
            #expect(try await userA.send(.GET, "/api/v1/partners/\(ws.partnerA)/contract").status == .ok)
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_document_that_is_not_what_its_name_says_is_refused(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.manager)
            let before = try await Self.counts(app)

            // A PNG called contract.pdf: refused under "file", nothing stored (not even the contract row).
            var headers = HTTPHeaders()
            headers.bearerAuthorization = .init(token: api.token!)
            headers.contentType = .binary
            let png = try await app.testing().sendRequest(.POST, "/api/v1/partners/\(ws.partnerA)/contract/documents?fileName=contract.pdf", headers: headers,
                                                          body: ByteBuffer(bytes: ContractsAccessFixture.png))
            #expect(png.status == .unprocessableEntity)
            #expect(try png.json(APIErrorBody.self).fields?["file"] == "the name says .pdf but the content is a PNG image")
            let exe = try await app.testing().sendRequest(.POST, "/api/v1/partners/\(ws.partnerA)/contract/documents?fileName=terms.exe", headers: headers,
                                                          body: ByteBuffer(bytes: ContractsAccessFixture.pdf))
            #expect(try exe.json(APIErrorBody.self).fields?["fileName"]?.hasPrefix("must end in one of .pdf") == true)
            #expect(try await Self.counts(app) == before)

            // The same through the page (multipart, the token in the query): a clear message, nothing attached.
            var browser = try await Browser.signedIn(app, email: Workspace.emails[.manager]!)
            _ = try await browser.get(SiteURL.partnerContract(.id(ws.partnerA)).path)
            let boundary = "TandemDoc9"
            func multipart(_ name: String, _ bytes: [UInt8]) -> String {
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    + String(decoding: bytes, as: UTF8.self) + "\r\n--\(boundary)--\r\n"
            }
            let path = SiteURL.contractDocuments(partner: .id(ws.partnerA)).path + "?_csrf=\(browser.csrf!)"
            let type = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
            let refused = try await browser.post(path, raw: multipart("rates.pdf", Array("just some text\n".utf8)), contentType: type)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("rates.pdf was not attached") && refused.text.contains("the name says .pdf but the content is plain text"))
            #expect(try await Self.counts(app) == before)

            // A real PDF: stored with its hash, downloadable by whoever sees the partner, typed by its content.
            let stored = try await browser.post(path, raw: multipart("msa.pdf", ContractsAccessFixture.pdf), contentType: type)
            #expect(stored.status == .seeOther)
            let document = try #require(try await ContractDocument.query(on: app.db).first())
            #expect(document.kind == "pdf" && document.sizeBytes == ContractsAccessFixture.pdf.count)
            let download = try await browser.get(SiteURL.contractDocument(.id(document.id!)).path)
            #expect(download.status == .ok && download.headers.contentType?.description == "application/pdf")
            #expect(Array(download.body.readableBytesView) == ContractsAccessFixture.pdf)
            var ownPartner = try await Browser.signedIn(app, email: "a@partner-a.example")
            #expect(try await ownPartner.get(SiteURL.contractDocument(.id(document.id!)).path).status == .ok)
            var otherPartner = try await Browser.signedIn(app, email: "b@partner-b.example")
            #expect(try await otherPartner.get(SiteURL.contractDocument(.id(document.id!)).path).status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.all)
    func key_dates_reach_the_dashboard_partner_page_calendar_and_webhook(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let today = LocalDate(date: Date())
            let partner = try #require(try await Partner.find(ws.partnerA, on: app.db))
            // A term ending in 40 days that renews; the client must give 30 days' notice, the partner 15.
            var terms = ContractsAccessFixture.terms(from: today.adding(days: -300).description, partnerNotice: 15, clientNotice: 30)
            terms.start = today.adding(days: -300)
            terms.initialEnd = today.adding(days: 40)
            _ = try await ContractService.addVersion(terms, partner: partner, by: .cli("test"), on: app.db)
            let dates = try await KeyDateService.list(scope: .all, today: today, horizonDays: 60, on: app.db)
            // Deadlines: 40 − 30 = day 10 (client), 40 − 15 = day 25 (partner); renewal on day 41.
            #expect(dates.map(\.daysAway) == [10, 25, 41])
            #expect(dates.map(\.kind) == [.noticeDeadline, .noticeDeadline, .renews])
            #expect(dates[0].side == .client && dates[0].date == today.adding(days: 10))

            var manager = try await Browser.signedIn(app, email: Workspace.emails[.manager]!)
            let dashboard = try await manager.get("/")
            #expect(dashboard.text.contains("Contract key dates (next 60 days)") && dashboard.text.contains(today.adding(days: 10).description))
            let partnerPage = try await manager.get(SiteURL.partner(.id(ws.partnerA)).path)
            #expect(partnerPage.text.contains("partner-key-dates") && partnerPage.text.contains(today.adding(days: 25).description))
            var userB = try await Browser.signedIn(app, email: "b@partner-b.example")
            #expect(!(try await userB.get("/").text.contains(today.adding(days: 25).description)), "partner B sees partner A's key dates")

            // A shorter horizon hides the renewal.
            let api = try await APIClient.forUser(app, ws.manager)
            #expect(try await api.send(.GET, "/api/v1/key-dates?horizonDays=30").json([KeyDateDTO].self).count == 2)

            // The calendar feed: one event per key date, at 09:00 UTC on its day.
            let principal = try #require(try await PrincipalLoader.load(userID: ws.partnerUserA, on: app.db))
            let feed = try await CalendarFeedService.document(for: principal, baseURL: "https://tandem.example", now: Date(), on: app.db)
            let compact = today.adding(days: 10).description.replacingOccurrences(of: "-", with: "")
            #expect(feed.contains("DTSTART:\(compact)T090000Z"))
            #expect(feed.contains("last day for the client to give notice"))
            let principalB = try #require(try await PrincipalLoader.load(userID: ws.partnerUserB, on: app.db))
            #expect(!(try await CalendarFeedService.document(for: principalB, baseURL: "", now: Date(), on: app.db).contains("Alpha Support: ")))

            // The webhook worker's scan emits each key date once, to the subscriptions that want it.
            let (deadlines, _) = try await WebhookService.createSubscription(.init(name: "Contracts", url: "http://127.0.0.1:9/hook", events: ["contract.deadline"]),
                                                                            by: .cli("test"), on: app.db)
            let (incidents, _) = try await WebhookService.createSubscription(.init(name: "Incidents", url: "http://127.0.0.1:9/other", events: ["incident.*"]),
                                                                            by: .cli("test"), on: app.db)
            try await WebhookEvents.scan(now: Date(), on: app.db)
            try await WebhookEvents.scan(now: Date(), on: app.db)
            let queued = try await WebhookDelivery.query(on: app.db).filter(\.$event == "contract.deadline").all()
            #expect(queued.count == 3)
            #expect(queued.allSatisfy { $0.subscriptionID == deadlines.id })
            #expect(try await WebhookDelivery.query(on: app.db).filter(\.$subscriptionID == incidents.id).count() == 0)
            #expect(queued.contains { $0.text.hasPrefix("Alpha Support: last day for the client to give notice on \(today.adding(days: 10))") })
        }
    }

    @Test(arguments: TestDatabase.all)
    func the_exit_scenario_reads_the_partners_notice_and_prices_a_client_exit(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let partner = try #require(try await Partner.find(ws.partnerA, on: app.db))
            // Exit scenarios are for teams that staff work: both partners are live here.
            for id in [ws.partnerA, ws.partnerB] {
                let live = try #require(try await Partner.find(id, on: app.db))
                live.status = .live
                try await live.save(on: app.db)
            }
            let thisMonth = BillingMonth(containing: LocalDate(date: Date()))
            var terms = ContractsAccessFixture.terms(from: thisMonth.advanced(by: -6).firstDay.description, partnerNotice: 30)
            terms.start = thisMonth.advanced(by: -6).firstDay
            terms.convenienceFee = .monthsOfAverageBilling
            terms.convenienceFeeMonths = "2"
            terms.convenienceFeeLookbackMonths = 3
            _ = try await ContractService.addVersion(terms, partner: partner, by: .cli("test"), on: app.db)
            // Three invoiced months before notice: 1,000 h, 1,100 h and 1,200 h at 100.00.
            for (back, hours) in [(3, 1_000), (2, 1_100), (1, 1_200)] {
                let lines = try InvoiceService.parseCSV("team,unit,quantity,rate\nAlpha Support,productive_hour,\(hours),100\n", partner: partner)
                _ = try await InvoiceService.save(lines, month: thisMonth.advanced(by: -back), reference: nil, partner: partner, by: .cli("test"), on: app.db)
            }
            let api = try await APIClient.forUser(app, ws.manager)
            let exit = try await api.send(.GET, "/api/v1/staffing/exit?team=\(ws.partnerA)").json(ExitScenarioDTO.self)
            #expect(exit.noticeDays == 30, "the contract's 30 days, not the rules' default 90")
            #expect(exit.noticeSource == "contract version 1 (partner's notice)")
            let contract = try #require(exit.contract)
            // Fee = 2 × (100,000 + 110,000 + 120,000) ÷ 3 = 220,000.00.
            #expect(contract.convenienceFee == "220000.00")
            #expect(contract.convenienceExplanation.last == "fee = 2 × 330000.00 ÷ 3 = 220000.00")
            #expect(contract.partnerExitEndsOn == LocalDate(date: Date()).adding(days: 30))
            #expect(contract.clientExitEndsOn == LocalDate(date: Date()).adding(days: 90))
            // Without a contract the hand-typed rule still applies.
            let other = try await api.send(.GET, "/api/v1/staffing/exit?team=\(ws.partnerB)").json(ExitScenarioDTO.self)
            #expect(other.noticeDays == 90 && other.contract == nil)
            var browser = try await Browser.signedIn(app, email: Workspace.emails[.manager]!)
            let page = try await browser.get(SiteURL.staffingExit.path + "?team=\(ws.partnerA)")
            #expect(page.text.contains("exit-contract") && page.text.contains("220,000.00"))
        }
    }

    @Test func every_contract_url_is_a_registered_route() async throws {
        try await withApp(.sqlite) { app in
            let registered = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") })
            let id = SiteURL.Ref.param
            let all: [SiteURL] = [
                .contracts, .contractSettings, .partnerContract(id), .contractVersionNew(partner: id), .contractVersion(id), .contractDocuments(partner: id),
                .contractDocument(id), .contractDocumentDelete(id), .partnerSLA(id), .invoices, .invoiceNew(partner: id), .invoice(id), .invoiceLines(id),
                .invoiceAction(id), .invoiceDispute(id), .deliveredHoursImport, .costs, .inHouseCosts,
            ]
            for url in all { #expect(registered.contains(url.path), "\(url.path) is linked but not routed") }
        }
    }
}

/// Every contract page renders for the roles that may see it (a crash would hide behind a 404 elsewhere).
@Suite struct ContractPageTests {
    @Test(arguments: TestDatabase.all)
    func every_contract_page_renders_for_each_role_that_sees_it(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let records = try await ContractsAccessFixture.records(app, ws)
            let b = SiteURL.Ref.id(ws.partnerB)
            let shared: [SiteURL] = [.contracts, .invoices, .costs, .partnerContract(b), .partnerSLA(b), .invoice(.id(records["invoiceID"]!.id)),
                                     .contractDocument(.id(records["documentID"]!.id)), .partner(b), .home]
            let clientOnly: [SiteURL] = [.contractSettings, .inHouseCosts]
            let managers: [SiteURL] = [.contractVersionNew(partner: b), .contractVersion(.id(records["versionID"]!.id)), .invoiceNew(partner: b), .deliveredHoursImport]
            for (email, pages) in [(Workspace.emails[.admin]!, shared + clientOnly + managers), (Workspace.emails[.viewer]!, shared + clientOnly),
                                   ("b@partner-b.example", shared)] {
                var browser = try await Browser.signedIn(app, email: email)
                for page in pages {
                    let response = try await browser.get(page.path)
                    #expect(response.status == .ok, "\(email) \(page.path): \(response.status)")
                }
            }
            var viewer = try await Browser.signedIn(app, email: Workspace.emails[.viewer]!)
            for page in managers { #expect(try await viewer.get(page.path).status == .forbidden, "viewer \(page.path)") }
            var partner = try await Browser.signedIn(app, email: "b@partner-b.example")
            for page in clientOnly { #expect(try await partner.get(page.path).status == .forbidden, "partner \(page.path)") }
            // The invoice page offers the viewer nothing to do, and the partner only its dispute (once under review).
            let invoice = try await viewer.get(SiteURL.invoice(.id(records["invoiceID"]!.id)).path)
            #expect(invoice.text.contains("Nothing for you to do on this invoice."))
        }
    }
}
