import Fluent
import Foundation
import SQLKit
import TandemPartners
import TandemPerformance
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// Data versions (moved on by triggers in the database) and the figures each server keeps with them.
@Suite struct DerivedFiguresTests {
    // MARK: Versions

    @Test(arguments: TestDatabase.all)
    func every_table_of_every_area_has_its_triggers(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let sql = app.db as! any SQLDatabase
            let names: [String]
            switch engine {
            case .sqlite:
                names = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'trigger'").all().map { try $0.decode(column: "name", as: String.self) }
            case .postgres:
                names = try await sql.raw("""
                    SELECT t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                    WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace
                    """).all().map { try $0.decode(column: "name", as: String.self) }
            }
            let tables = CreateDataVersions.areas.flatMap(\.tables)
            let perArea = [5, 1, 5, 8, 11, 1, 9, 15]  // registry, people, performance, staffing, relationship, audit, contracts, frontline
            #expect(tables.count == perArea.reduce(0, +))
            let expected = Set(tables.flatMap { table in
                engine == .sqlite ? ["insert", "update", "delete"].map { "data_version_\(table)_\($0)" } : ["data_version_\(table)"]
            })
            #expect(expected.isSubset(of: Set(names)), "missing: \(expected.subtracting(names).sorted())")
            #expect(Set(CreateDataVersions.areas.map(\.area)) == Set(DataArea.allCases.map(\.rawValue)))
        }
    }

    @Test(arguments: TestDatabase.all)
    func a_write_moves_the_version_of_its_area_and_no_other(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            func changed(_ write: () async throws -> Void) async throws -> Set<DataArea> {
                let before = try await DataVersionStore.load(on: app.db)
                try await write()
                let after = try await DataVersionStore.load(on: app.db)
                return Set(DataArea.allCases.filter { after[$0] != before[$0] })
            }
            #expect(try await changed {
                _ = try await KPITargetService.create(.init(kpi: .serviceLevel, target: 0.8, effectiveFrom: LocalDateFixture.jan1), by: .cli("t"), on: app.db)
            } == [.performance, .audit])
            // A contact import refreshes the front line's agent-day figures too.
            #expect(try await changed { _ = try await Perf.importCSV(app, Perf.handWorked) } == [.performance, .audit, .frontline])
            #expect(try await changed {
                _ = try await PartnerService.create(.init(name: "Charlie Care", kind: .partner), by: .cli("t"), on: app.db)
            } == [.registry, .audit])
            #expect(try await changed { _ = try await Browser.signedIn(app, email: "viewer@test.example") } == [.people])
            #expect(try await changed {
                _ = try await StaffingImportService.importForecast(csv: "queue,interval_start,interval_minutes,contacts,aht_seconds\nbilling-voice,2026-03-02T08:00,30,120,310",
                                                                  fileName: "f.csv", by: .cli("t"), on: app.db)
            } == [.staffing, .audit])
            #expect(try await changed {
                _ = try await BroadcastService.create(.init(kind: .launch, title: "Versions", body: "b", effectiveDate: LocalDateFixture.jan1, audience: .allPartners,
                                                            requiresAcknowledgement: false), by: .cli("t"), on: app.db)
            } == [.relationship, .audit])
            // A write made by another server (here: plain SQL on the table) is seen the same way.
            #expect(try await changed {
                try await (app.db as! any SQLDatabase).update("sites").set("seats", to: 77).where("id", .equal, ws.siteB).run()
            } == [.registry])
            #expect(try await changed { _ = try await DataVersionStore.compact(on: app.db) } == [], "folding the changes keeps every version")
        }
    }

    /// PostgreSQL: each writing transaction adds its own row, so a long import never holds up
    /// another writer of the same area (a shared counter row would be locked until it commits).
    @Test func a_writer_with_an_open_transaction_does_not_hold_up_another_on_postgresql() async throws {
        guard TestDatabase.all.contains(.postgres) else { return }
        try await withApp(.postgres, configure: { $0.databasePoolSize = 2 }) { app in
            _ = try await Workspace.make(on: app)
            let before = try await DataVersionStore.load(on: app.db)
            try await app.db.transaction { tx in
                // One statement per transaction (a statement trigger fires even when no row changes).
                try await (tx as! any SQLDatabase).update("kpi_targets").set("target", to: SQLColumn("target")).run()
                // Another connection writes to the same area while this transaction is open, and commits.
                try await (app.db as! any SQLDatabase).update("kpi_targets").set("target", to: SQLColumn("target")).run()
                #expect(try await DataVersionStore.load(on: app.db)[.performance] == before[.performance] + 1, "the open transaction's change is not visible yet")
            }
            #expect(try await DataVersionStore.load(on: app.db)[.performance] == before[.performance] + 2)
            #expect(try await DataVersionStore.compact(on: app.db) >= 2)
            #expect(try await DataVersionStore.load(on: app.db)[.performance] == before[.performance] + 2)
        }
    }

    // MARK: The kept figures

    static func versions(_ values: [DataArea: Int64]) -> DataVersions { DataVersions(values: values) }

    @Test func concurrent_readers_share_one_computation_and_a_new_version_computes_again() async throws {
        let kept = DerivedFigures()
        let counter = Counter()
        let v1 = Self.versions([.performance: 1, .registry: 1])
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await kept.value("k", areas: [.performance], versions: v1) {
                        try await Task.sleep(for: .milliseconds(50))
                        return (await counter.next(), validUntil: .distantFuture, cost: 1)
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: 1, count: 20), "one computation for twenty readers")
        // Another area moving leaves it kept; its own area moving computes it again.
        let v2 = Self.versions([.performance: 1, .registry: 2])
        #expect(try await kept.value("k", areas: [.performance], versions: v2) { (await counter.next(), validUntil: .distantFuture, cost: 1) } == 1)
        let v3 = Self.versions([.performance: 2, .registry: 2])
        #expect(try await kept.value("k", areas: [.performance], versions: v3) { (await counter.next(), validUntil: .distantFuture, cost: 1) } == 2)
        #expect(kept.computations == 2)
    }

    @Test func a_figure_that_depends_on_the_clock_is_computed_again_when_it_stops_holding() async throws {
        let kept = DerivedFigures()
        let v = Self.versions([.relationship: 1])
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let first = try await kept.value("late", areas: [.relationship], versions: v, now: start) { ("before", validUntil: start.addingTimeInterval(60), cost: 1) }
        let same = try await kept.value("late", areas: [.relationship], versions: v, now: start.addingTimeInterval(59)) { ("never", validUntil: .distantFuture, cost: 1) }
        let after = try await kept.value("late", areas: [.relationship], versions: v, now: start.addingTimeInterval(60)) { ("after", validUntil: .distantFuture, cost: 1) }
        #expect([first, same, after] == ["before", "before", "after"])
    }

    @Test func memory_is_bounded_by_cost_and_the_least_recently_used_go_first() async throws {
        let kept = DerivedFigures(capacity: 100)
        let v = Self.versions([.registry: 1])
        for name in ["a", "b", "c", "d", "e"] {
            _ = try await kept.value(name, areas: [.registry], versions: v) { (name, validUntil: .distantFuture, cost: 20) }
        }
        _ = try await kept.value("a", areas: [.registry], versions: v) { ("a again", validUntil: .distantFuture, cost: 20) }  // a used last
        _ = try await kept.value("f", areas: [.registry], versions: v) { ("f", validUntil: .distantFuture, cost: 20) }       // 120 > 100: evict to 75
        #expect(kept.count == 3)
        #expect(try await kept.value("a", areas: [.registry], versions: v) { ("recomputed", validUntil: .distantFuture, cost: 20) } == "a")
        #expect(try await kept.value("b", areas: [.registry], versions: v) { ("recomputed", validUntil: .distantFuture, cost: 20) } == "recomputed")
        // A figure larger than a quarter of the capacity is handed to its readers but not kept.
        _ = try await kept.value("huge", areas: [.registry], versions: v) { ("huge", validUntil: .distantFuture, cost: 26) }
        #expect(try await kept.value("huge", areas: [.registry], versions: v) { ("again", validUntil: .distantFuture, cost: 26) } == "again")
    }

    @Test func a_figure_of_older_versions_never_replaces_a_newer_one() async throws {
        let kept = DerivedFigures()
        let old = Self.versions([.performance: 1]), new = Self.versions([.performance: 2])
        let gate = Gate()
        // The old reader starts first and finishes last.
        async let slow: String = kept.value("k", areas: [.performance], versions: old) {
            await gate.wait()
            return ("old", validUntil: .distantFuture, cost: 1)
        }
        try await Task.sleep(for: .milliseconds(20))
        #expect(try await kept.value("k", areas: [.performance], versions: new) { ("new", validUntil: .distantFuture, cost: 1) } == "new")
        await gate.open()
        #expect(try await slow == "old")
        #expect(try await kept.value("k", areas: [.performance], versions: new) { ("computed again", validUntil: .distantFuture, cost: 1) } == "new")
    }

    // MARK: Scorecards, kept and direct

    /// A year of weekly scorecards read as pages read them (the kept period sums) equals the one
    /// read straight from the database, cell by cell, and both equal the direct computation from the
    /// contacts; after a second import into the same weeks, a new target and new settings the kept
    /// scorecards follow at once.
    @Test(arguments: TestDatabase.all)
    func kept_scorecards_equal_the_database_and_the_direct_computation_and_follow_every_change(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            func generated(_ seed: UInt64, prefix: String) -> [ContactGenerator.Contact] {
                Array(ContactGenerator(
                    teams: [.init(name: "Alpha Support", site: "Alpha HQ", trend: .improving(from: 0.3, to: 0.9)), .init(name: "Our Team", site: nil, trend: .steady(0.7))],
                    queues: [.init(code: "billing-voice", channel: .voice, serviceLevelSeconds: 20, talkSeconds: 333)],
                    firstDay: UTCDay(daysSince1970: 20_500), lastDay: UTCDay(daysSince1970: 20_541), dailyVolume: 25, seed: seed, idPrefix: prefix))
            }
            func file(_ contacts: [ContactGenerator.Contact]) -> String { ContactGenerator.csvHeader + "\n" + contacts.map(\.csvLine).joined(separator: "\n") }
            let first = generated(11, prefix: "one")
            #expect(try await Perf.importCSV(app, file(first)).status == .succeeded)
            let firstWeek = ReportingPeriod.weekIndex(20_500)

            func page() async throws -> [Scorecard] {
                let versions = try await DataVersionStore.load(on: app.db)
                return try await ScorecardFigures.series(app, versions: versions, .week, first: firstWeek, count: 7, grouping: .queue, scope: .all)
            }
            func database() async throws -> [Scorecard] {
                try await ScorecardService.series(.week, first: firstWeek, count: 7, grouping: .queue, scope: .all, context: .load(on: app.db), on: app.db)
            }
            func direct(_ contacts: [ContactGenerator.Contact], week: Int) -> ContactKPIs {
                ContactKPIs(contacts: contacts.filter { $0.team == "Alpha Support" && ReportingPeriod.weekIndex($0.offeredAt / 86_400) == week }.map { c in
                    ContactRecord(externalID: c.externalID, teamID: "a", queueID: "q", channel: .voice, offeredAt: Date(timeIntervalSince1970: Double(c.offeredAt)),
                                  answeredAt: c.answeredAt.map { Date(timeIntervalSince1970: Double($0)) }, abandoned: c.abandoned, waitSeconds: Double(c.waitSeconds),
                                  talkSeconds: Double(c.talkSeconds), holdSeconds: Double(c.holdSeconds), afterWorkSeconds: Double(c.afterWorkSeconds),
                                  resolvedFirstContact: c.resolvedFirstContact, csat: c.csat)
                }, serviceLevelThresholds: 20)
            }
            func check(_ contacts: [ContactGenerator.Contact], _ label: String) async throws {
                let kept = try await page()
                #expect(text(kept) == text(try await database()), "\(label): kept and database scorecards differ")
                for offset in [0, 3, 5] {
                    let alpha = try #require(kept[offset].rows.first { $0.teamID == ws.partnerA })
                    let expected = direct(contacts, week: firstWeek + offset)
                    #expect(alpha.cell(.serviceLevel)?.value == expected.serviceLevel.value, "\(label), week +\(offset)")
                    #expect(alpha.cell(.averageHandleTime)?.value == expected.averageHandleTime.value, "\(label), week +\(offset)")
                    #expect(alpha.cell(.averageSpeedOfAnswer)?.value == expected.averageSpeedOfAnswer.value, "\(label), week +\(offset)")
                    #expect(alpha.cell(.customerSatisfaction)?.value == expected.customerSatisfaction.value, "\(label), week +\(offset)")
                    #expect(alpha.cell(.offered)?.value == expected.offered.value, "\(label), week +\(offset)")
                }
            }
            try await check(first, "after the first import")
            let offeredBefore = try #require(try await page()[2].rows.first { $0.teamID == ws.partnerA }?.cell(.offered)?.value)

            // More contacts in the same weeks: the kept scorecards move with them.
            let second = generated(12, prefix: "two")
            #expect(try await Perf.importCSV(app, file(second)).status == .succeeded)
            try await check(first + second, "after a second import")
            let offeredAfter = try #require(try await page()[2].rows.first { $0.teamID == ws.partnerA }?.cell(.offered)?.value)
            #expect(offeredAfter > offeredBefore)

            // A target and a setting change what the cells say.
            _ = try await KPITargetService.create(.init(kpi: .serviceLevel, target: 0.99, effectiveFrom: LocalDate("2020-01-01")!), by: .cli("t"), on: app.db)
            #expect(try await page()[2].rows.first { $0.teamID == ws.partnerA }?.cell(.serviceLevel)?.status == .missed)
            try await Perf.settings(app, minimumSample: 100_000)
            #expect(try await page()[2].rows.first { $0.teamID == ws.partnerA }?.cell(.serviceLevel)?.enoughData == false)
            #expect(text(try await page()) == text(try await database()))
        }
    }

    private func text(_ cards: [Scorecard]) -> String {
        cards.flatMap { card in card.rows.map { row in
            "\(card.period.index) \(row.teamName) \(row.segment ?? "") " + row.cells.map {
                "\($0.kpi.rawValue)=\($0.value.map { String($0) } ?? "nil")/\($0.numerator)/\($0.denominator)/\($0.sampleSize)/\($0.status?.rawValue ?? "-")/\($0.rank ?? 0)/\($0.baseline.map { String($0) } ?? "-")"
            }.joined(separator: " ")
        } }.joined(separator: "\n")
    }

    // MARK: Pages

    /// A page view reads the session; it writes the session's row only when the session changed
    /// or its expiry was last pushed more than `SessionLifetime.refreshEvery` ago.
    @Test(arguments: TestDatabase.all)
    func a_page_view_does_not_write_the_session(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let key = SessionID(string: try #require(browser.cookie))
            func expiry() async throws -> Date? { try await StoredSession.query(on: app.db).filter(\.$key == key).first()?.expiresAt }
            // Set the expiry back a minute: a page view within the refresh interval leaves it as it is.
            let row = try #require(try await StoredSession.query(on: app.db).filter(\.$key == key).first())
            let earlier = Date().addingTimeInterval(SessionLifetime.seconds - 60)
            row.expiresAt = earlier
            try await row.save(on: app.db)
            #expect(try await browser.get("/partners").status == .ok)
            #expect(try await browser.get("/").status == .ok)
            let kept = try #require(try await expiry())
            #expect(abs(kept.timeIntervalSince(earlier)) < 1, "page views wrote the session")
            // Older than the refresh interval: the next page view pushes it to a full lifetime again.
            row.expiresAt = Date().addingTimeInterval(SessionLifetime.seconds - SessionLifetime.refreshEvery - 60)
            try await row.save(on: app.db)
            #expect(try await browser.get("/partners").status == .ok)
            #expect(abs(try #require(try await expiry()).timeIntervalSinceNow - SessionLifetime.seconds) < 60)
        }
    }

    /// The signed-in user is kept per server; a change to users made anywhere (here as another
    /// server would: plain SQL) is seen at the next request.
    @Test(arguments: TestDatabase.all)
    func a_deactivated_user_is_refused_at_the_next_request(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "manager@test.example")
            let api = try await APIClient.forUser(app, ws.manager)
            #expect(try await browser.get("/").status == .ok)
            #expect(try await api.send(.GET, "/api/v1/partners").status == .ok)
            try await (app.db as! any SQLDatabase).update("users").set("active", to: false).where("id", .equal, ws.manager).run()
            let page = try await browser.get("/")
            #expect(page.status == .seeOther && page.headers.first(name: .location)?.hasPrefix("/login") == true)
            #expect(try await api.send(.GET, "/api/v1/partners").status == .unauthorized)
        }
    }

    /// Pages read the kept figures; a change made behind the app's back (as by another server) shows
    /// at once on the dashboard, the scorecard, the staffing page and the API list.
    @Test(arguments: TestDatabase.all)
    func pages_show_a_change_made_by_another_server_at_once(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            var browser = try await Browser.signedIn(app, email: "admin@test.example")
            let api = try await APIClient.forUser(app, ws.admin)
            // Live: the staffing plan lists the teams that staff work.
            try await (app.db as! any SQLDatabase).update("partners").set("status", to: "live").where("id", .equal, ws.partnerA).run()
            for path in ["/", "/performance", "/staffing", "/relationship"] {
                #expect(try await browser.get(path).text.contains("Alpha Support"), "\(path) shows the team before the change")
            }
            #expect(try await api.send(.GET, "/api/v1/partners").text.contains("Alpha Support"))
            try await (app.db as! any SQLDatabase).update("partners").set("name", to: "Alpha Renamed").where("id", .equal, ws.partnerA).run()
            for path in ["/", "/performance", "/staffing", "/relationship"] {
                let html = try await browser.get(path).text
                #expect(html.contains("Alpha Renamed") && !html.contains("Alpha Support"), "\(path) still shows the old name")
            }
            #expect(try await api.send(.GET, "/api/v1/partners").text.contains("Alpha Renamed"))
        }
    }
}

private actor Counter {
    private var value = 0
    func next() -> Int { value += 1; return value }
}

private actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}
