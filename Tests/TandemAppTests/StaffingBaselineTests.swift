import Fluent
import Foundation
import TandemPartners
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// The baseline forecast from imported contacts: exact figures on a hand-made history, the
/// saved forecast rows, "not enough history", and partner users kept out.
@Suite struct StaffingBaselineTests {
    /// Our Team on billing-voice, UTC times, three weeks (Mondays 2026-03-02, -09, -16) in three
    /// 30-minute intervals: a = Mon 09:00, b = Mon 09:30, c = Tue 09:00 (interval-of-week 18, 19, 66).
    ///
    ///        a   b   c   week
    ///   W1  10   6   4    20
    ///   W2  14   6   8    28
    ///   W3  16   8   8    32     (a: 14 answered + 2 abandoned after 30 s; plus 3 short abandons, not offered)
    ///
    /// Handle time per answered contact: a 300 s (200 + 20 + 80), b 240 s, c 180 s (120 + 60).
    /// Baseline for 2026-03-23: shape over W1–W3 = 40:20:20 of 80; level = (28 + 32) ÷ 2 = 30
    ///   → a 15, b 7.5, c 7.5; AHT 300 / 240 / 180 (÷ handled, so the abandons do not dilute a).
    /// Backtest: fit W1–W2 (shape 24:12:12 of 48, level 24) → W3 forecast 12, 6, 6 vs 16, 8, 8
    ///   → WAPE = (4 + 2 + 2) ÷ 32 = 25%.
    static func history() -> String {
        var lines = [Perf.header]
        var n = 0
        func add(_ day: String, _ hour: String, count: Int, talk: Int, hold: Int = 0, acw: Int = 0, abandonedAfter: Int? = nil) {
            for k in 0..<count {
                n += 1
                let minute = String(format: "%02d", k % 30)
                let offered = "\(day)T\(hour):\(minute):00Z"
                if let wait = abandonedAfter {
                    lines.append("b\(n),Our Team,,billing-voice,voice,\(offered),,true,\(wait),,,,,")
                } else {
                    lines.append("b\(n),Our Team,,billing-voice,voice,\(offered),\(day)T\(hour):\(minute):10Z,,,\(talk),\(hold),\(acw),,")
                }
            }
        }
        for (monday, tuesday, a, b, c) in [("2026-03-02", "2026-03-03", 10, 6, 4), ("2026-03-09", "2026-03-10", 14, 6, 8), ("2026-03-16", "2026-03-17", 14, 8, 8)] {
            add(monday, "09", count: a, talk: 200, hold: 20, acw: 80)
            add(tuesday, "09", count: c, talk: 120, acw: 60)
            for k in 0..<b {
                n += 1
                lines.append("b\(n),Our Team,,billing-voice,voice,\(monday)T09:\(30 + k):00Z,\(monday)T09:\(30 + k):05Z,,,240,,,,")
            }
        }
        add("2026-03-16", "09", count: 2, talk: 0, abandonedAfter: 30)
        add("2026-03-16", "09", count: 3, talk: 0, abandonedAfter: 3)
        // In the target week itself: never part of the history.
        add("2026-03-23", "09", count: 5, talk: 100)
        return lines.joined(separator: "\n") + "\n"
    }

    static func load(_ app: Application) async throws -> Workspace {
        let ws = try await Workspace.make(on: app)
        let run = try await Perf.importCSV(app, history())
        #expect(run.rowsRejected == 0, "\(run.issues)")
        return ws
    }

    @Test(arguments: TestDatabase.all)
    func history_groups_offered_and_handle_time_per_interval(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Self.load(app)
            let h = try await BaselineService.history(queue: ws.queue, intervalMinutes: 30, weeks: 3, before: LocalDate("2026-03-23")!,
                                                      shortAbandonSeconds: 5, on: app.db)
            #expect(h.offered.count == 3 * 336 && h.firstWeek == LocalDate("2026-03-02"))
            let w1: [Int] = [18, 19, 66], w2: [Int] = [354, 355, 402], w3: [Int] = [690, 691, 738]
            let offered: [[Double]] = [w1.map { h.offered[$0] }, w2.map { h.offered[$0] }, w3.map { h.offered[$0] }]
            #expect(offered == [[10, 6, 4], [14, 6, 8], [16, 8, 8]])
            let handled: [Double] = w3.map { h.handled[$0] }
            #expect(handled == [14, 8, 8])
            let handle: [Double] = w3.map { h.handleSeconds[$0] }
            #expect(handle == [4_200, 1_920, 1_440])
            #expect(h.offered.reduce(0, +) == 80)
        }
    }

    @Test(arguments: TestDatabase.all)
    func baseline_figures_wape_and_saved_rows(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Self.load(app)
            let api = try await APIClient.forUser(app, ws.admin)
            let response = try await api.send(.GET, "/api/v1/staffing/forecast/baseline?queue=billing-voice&week=2026-03-25&intervalMinutes=30")
            #expect(response.status == .ok, "\(response.text)")
            let dto = try response.json(BaselineForecastDTO.self)
            #expect(dto.enoughHistory && dto.week == "2026-03-23" && dto.timeBasis == "UTC")
            #expect(dto.weeksUsed == ["2026-03-02", "2026-03-09", "2026-03-16"], "leading empty weeks of the 8 are dropped")
            #expect(dto.fitWeeks == ["2026-03-02", "2026-03-09"] && dto.heldOutWeeks == ["2026-03-16"])
            #expect(dto.sampleContacts == 80 && dto.handledContacts == 78)
            #expect(dto.wape == 0.25)
            #expect(dto.backtestForecastContacts == 24 && dto.backtestActualContacts == 32)
            #expect(dto.intervals.count == 336)
            let nonZero = dto.intervals.filter { $0.contacts > 0 }
            #expect(nonZero.map(\.intervalStart) == ["2026-03-23T09:00", "2026-03-23T09:30", "2026-03-24T09:00"])
            #expect(nonZero.map(\.contacts) == [15, 7.5, 7.5])
            #expect(nonZero.map(\.ahtSeconds) == [300, 240, 180])
            #expect(dto.weeklyContacts == 30 && dto.meanAHTSeconds == 255)

            let saved = try await api.send(.POST, "/api/v1/staffing/forecast/baseline",
                                           json: #"{"queue":"billing-voice","week":"2026-03-23","intervalMinutes":30}"#)
            #expect(saved.status == .created, "\(saved.text)")
            let result = try saved.json(BaselineSaveResultDTO.self)
            #expect(result.saved.rows == 336 && result.saved.created == 336 && result.saved.kind == "forecast")
            #expect(result.saved.period == "2026-03-23T00:00 – 2026-03-29T23:30")
            let rows = try await ForecastRow.query(on: app.db).filter(\.$queue.$id == ws.queue).sort(\.$startMinute).all()
            #expect(rows.count == 336 && rows.allSatisfy { $0.intervalMinutes == 30 })
            let stored = rows.filter { $0.contacts > 0 }
            #expect(stored.map { PlanTime.format(minute: $0.startMinute) } == ["2026-03-23T09:00", "2026-03-23T09:30", "2026-03-24T09:00"])
            #expect(stored.map(\.contacts) == [15, 7.5, 7.5] && stored.map(\.ahtSeconds) == [300, 240, 180])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entityType == "staffing_import").count() == 1)
            #expect(try await StaffingImport.query(on: app.db).first()?.fileName == "baseline billing-voice 2026-03-23")

            // Saving again goes through the same upsert: nothing duplicated.
            let again = try await api.send(.POST, "/api/v1/staffing/forecast/baseline", json: #"{"queue":"billing-voice","week":"2026-03-23"}"#).json(BaselineSaveResultDTO.self)
            #expect((again.saved.created, again.saved.updated, again.saved.unchanged) == (0, 0, 336))
            #expect(try await ForecastRow.query(on: app.db).count() == 336)

            // The page shows the figure beside its WAPE and how it was computed.
            var browser = try await Browser.signedIn(app, email: "admin@test.example")
            let page = try await browser.get("/staffing/forecast/baseline?queue=billing-voice&week=2026-03-23&intervalMinutes=30")
            #expect(page.status == .ok)
            #expect(page.text.contains("25.0%") && page.text.contains("Held-out weeks") && page.text.contains("80 offered contacts, 78 handled"))
            #expect(page.text.contains("UTC") && page.text.contains("baseline-save"))
            let post = try await browser.post("/staffing/forecast/baseline", form: ["queue": "billing-voice", "week": "2026-03-23", "intervalMinutes": "30", "weeks": "8"])
            #expect(post.status == .seeOther || post.status == .found, "\(post.status)")
        }
    }

    @Test(arguments: TestDatabase.all)
    func too_little_history_says_so_and_saves_nothing(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Self.load(app)
            let api = try await APIClient.forUser(app, ws.admin)
            // History before 2026-03-16 holds only two weeks: the method needs three (two to fit, one held out).
            let dto = try await api.send(.GET, "/api/v1/staffing/forecast/baseline?queue=billing-voice&week=2026-03-16").json(BaselineForecastDTO.self)
            #expect(!dto.enoughHistory && dto.wape == nil && dto.intervals.isEmpty)
            #expect(dto.message.hasPrefix("Not enough history: 2 weeks with contacts"))
            let saved = try await api.send(.POST, "/api/v1/staffing/forecast/baseline", json: #"{"queue":"billing-voice","week":"2026-03-16"}"#)
            #expect(saved.status == .unprocessableEntity)
            #expect(try await ForecastRow.query(on: app.db).count() == 0)
            #expect(try await StaffingImport.query(on: app.db).count() == 0)
            var browser = try await Browser.signedIn(app, email: "admin@test.example")
            let page = try await browser.get("/staffing/forecast/baseline?queue=billing-voice&week=2026-03-16")
            #expect(page.text.contains("Not enough history") && !page.text.contains("baseline-save"))
        }
    }

    @Test(arguments: TestDatabase.all)
    func partner_users_cannot_run_or_save_it(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Self.load(app)
            let api = try await APIClient.forUser(app, ws.partnerUserA)
            #expect(try await api.send(.GET, "/api/v1/staffing/forecast/baseline?queue=billing-voice&week=2026-03-23").status == .forbidden)
            #expect(try await api.send(.POST, "/api/v1/staffing/forecast/baseline", json: #"{"queue":"billing-voice","week":"2026-03-23"}"#).status == .forbidden)
            var browser = try await Browser.signedIn(app, email: "a@partner-a.example")
            #expect(try await browser.get("/staffing/forecast/baseline?queue=billing-voice&week=2026-03-23").status == .forbidden)
            #expect(try await browser.post("/staffing/forecast/baseline", form: ["queue": "billing-voice", "week": "2026-03-23"]).status == .forbidden)
            #expect(try await ForecastRow.query(on: app.db).count() == 0)
        }
    }
}
