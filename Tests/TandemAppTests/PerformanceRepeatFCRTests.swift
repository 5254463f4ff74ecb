import Fluent
import Foundation
import SQLKit
import TandemPerformance
import Testing
import Vapor
@testable import TandemApp

/// Repeat-contact FCR (N = 7 days) computed into the rollups at import, across files and re-imports.
///
/// Alpha, queue billing-voice, every contact answered (times UTC):
///   file 1: x1 customer X 03-02 09:00 · y1 customer Y 03-02 10:00 · z1 customer Z 03-03 09:00 · n1 no customer 03-02 11:00
///   file 2: x2 customer X 03-05 09:00 (repeats x1) · v1 customer V 03-10 09:00 · w1 customer W 03-14 12:00
/// After both files "observed through" is 03-14 12:00, so:
///   x1 repeated · y1 resolved · z1 resolved (its customer is not in file 2: the later data only closes its window)
///   x2 resolved (03-12 09:00 ≤ 03-14 12:00) · n1 no customer key · v1, w1 window not observed (within the last 7 days)
/// Week of 03-02: 3 resolved ÷ 4 candidates = 0.75. After file 1 alone nothing is observed for 7 days: no candidates.
@Suite struct PerformanceRepeatFCRTests {
    static let header = Perf.header + ",customer"

    static let file1 = """
    \(header)
    x1,Alpha Support,,billing-voice,voice,2026-03-02T09:00:00Z,2026-03-02T09:00:10Z,,,100,,,,,X
    y1,Alpha Support,,billing-voice,voice,2026-03-02T10:00:00Z,2026-03-02T10:00:10Z,,,100,,,,,Y
    z1,Alpha Support,,billing-voice,voice,2026-03-03T09:00:00Z,2026-03-03T09:00:10Z,,,100,,,,,Z
    n1,Alpha Support,,billing-voice,voice,2026-03-02T11:00:00Z,2026-03-02T11:00:10Z,,,100,,,,,

    """

    static let file2 = """
    \(header)
    x2,Alpha Support,,billing-voice,voice,2026-03-05T09:00:00Z,2026-03-05T09:00:10Z,,,100,,,,,X
    v1,Alpha Support,,billing-voice,voice,2026-03-10T09:00:00Z,2026-03-10T09:00:10Z,,,100,,,,,V
    w1,Alpha Support,,billing-voice,voice,2026-03-14T12:00:00Z,2026-03-14T12:00:10Z,,,100,,,,,W

    """

    static func useRepeatContactFCR(_ app: Application) async throws {
        var settings = try await PerformanceSettingsStore.load(on: app.db)
        settings.kpi.minimumSample = 1
        settings.kpi.fcrMethod = .repeatContact
        try await PerformanceSettingsStore.save(settings, by: .cli("test"), on: app.db)
    }

    static func alphaFCR(_ app: Application, _ ws: Workspace, week: ReportingPeriod = Perf.week) async throws -> (value: Double?, sample: Int?) {
        let card = try await ScorecardService.scorecard(week, grouping: .team, scope: .all, on: app.db)
        let cell = card.rows.first { $0.teamID == ws.partnerA }?.cell(.firstContactResolution)
        return (cell?.value, cell?.sampleSize)
    }

    /// Σ repeat candidates and Σ repeat resolved over every rollup row.
    static func repeatTotals(_ app: Application) async throws -> (candidates: Int, resolved: Int) {
        let row = try await (app.db as! any SQLDatabase).select()
            .column(SQLAlias(IntegerSum("repeat_fcr_candidates"), as: SQLIdentifier("candidates")))
            .column(SQLAlias(IntegerSum("repeat_fcr_resolved"), as: SQLIdentifier("resolved")))
            .from("contact_rollups").first()!
        return (try row.decode(column: "candidates", as: Int.self), try row.decode(column: "resolved", as: Int.self))
    }

    @Test(arguments: TestDatabase.all)
    func two_files_give_the_hand_worked_repeat_contact_fcr(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Self.useRepeatContactFCR(app)

            let first = try await Perf.importCSV(app, Self.file1)
            #expect(first.status == .succeeded && first.rowsInserted == 4, "\(first.message) \(first.issueList)")
            let early = try await Self.alphaFCR(app, ws)
            #expect(early.value == nil && early.sample == 0, "no window is fully observed after file 1")
            #expect(try await Self.repeatTotals(app) == (0, 0))

            let second = try await Perf.importCSV(app, Self.file2)
            #expect(second.status == .succeeded && second.rowsInserted == 3, "\(second.message) \(second.issueList)")
            let fcr = try await Self.alphaFCR(app, ws)
            #expect(fcr.value == 0.75)
            #expect(fcr.sample == 4)
            #expect(try await Self.repeatTotals(app) == (4, 3))
            let later = try await Self.alphaFCR(app, ws, week: ReportingPeriod(kind: .week, index: Perf.week.index + 1))
            #expect(later.sample == 0, "v1 and w1 are within the last 7 days of observed data")
        }
    }

    @Test(arguments: TestDatabase.all)
    func reimporting_never_double_counts_and_moved_contacts_are_followed(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            try await Self.useRepeatContactFCR(app)
            try await Perf.importCSV(app, Self.file1)
            try await Perf.importCSV(app, Self.file2)

            let again2 = try await Perf.importCSV(app, Self.file2)
            #expect(again2.status == .succeeded && again2.rowsInserted == 0 && again2.rowsUpdated == 3, "\(again2.message)")
            let again1 = try await Perf.importCSV(app, Self.file1)
            #expect(again1.status == .succeeded && again1.rowsInserted == 0 && again1.rowsUpdated == 4, "\(again1.message)")
            let fcr = try await Self.alphaFCR(app, ws)
            #expect(fcr.value == 0.75 && fcr.sample == 4)
            #expect(try await Self.repeatTotals(app) == (4, 3))

            // x2 moves to 03-12 09:00: outside x1's window (x1 now resolved) and within the last 7 days (not a candidate).
            let moved = Self.file2.replacingOccurrences(of: "2026-03-05T09:00:00Z,2026-03-05T09:00:10Z", with: "2026-03-12T09:00:00Z,2026-03-12T09:00:10Z")
            let run = try await Perf.importCSV(app, moved)
            #expect(run.status == .succeeded && run.rowsUpdated == 3, "\(run.message)")
            let after = try await Self.alphaFCR(app, ws)
            #expect(after.value == 1 && after.sample == 3)
            #expect(try await Self.repeatTotals(app) == (3, 3))

            // A different N recomputes the counters: with 1 day, every keyed contact up to 03-13 12:00 is a candidate.
            var settings = try await PerformanceSettingsStore.load(on: app.db)
            settings.kpi.repeatContactWindowDays = 1
            try await PerformanceSettingsStore.save(settings, by: .cli("test"), on: app.db)
            #expect(try await Self.repeatTotals(app) == (5, 5))   // x1 y1 z1 x2 v1
        }
    }

    /// A file into queues with no contacts has its repeat-contact FCR worked out while it is read;
    /// it must equal the computation from the stored contacts, row by row, also when a repeated id
    /// makes one queue fall back and when the file's rows are out of order within each day.
    @Test(arguments: TestDatabase.all)
    func worked_out_while_reading_equals_computed_from_the_stored_contacts(_ engine: TestDatabase) async throws {
        let generated = Array(ContactGenerator(
            teams: [.init(name: "Alpha Support", site: "Alpha HQ", trend: .steady(0.8)), .init(name: "Our Team", site: nil, trend: .steady(0.6))],
            queues: [.init(code: "billing-voice", channel: .voice, serviceLevelSeconds: 20, talkSeconds: 300),
                     .init(code: "sales-voice", channel: .voice, serviceLevelSeconds: 20, talkSeconds: 400)],
            firstDay: UTCDay(daysSince1970: 20_500), lastDay: UTCDay(daysSince1970: 20_530), dailyVolume: 30, seed: 5))
        // 1,500 customers: about one contact in five is followed by another within 7 days.
        let lines = generated.map { contact -> String in
            var fields = contact.csvLine.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[6] = "c\(Int(fields[6].dropFirst(5))! % 1_500)"
            return fields.joined(separator: ",")
        }
        let clean = ContactGenerator.csvHeader + "\n" + lines.joined(separator: "\n") + "\n"
        // A billing row again: billing falls back to the stored contacts, sales does not.
        let withRepeatedID = clean + lines.first { $0.contains(",billing-voice,") }! + "\n"

        func rows(_ file: String, whileReading: Bool) async throws -> (rows: [String], totals: (candidates: Int, resolved: Int)) {
            var result: (rows: [String], totals: (candidates: Int, resolved: Int)) = ([], (0, 0))
            try await withApp(engine) { app in
                _ = try await Workspace.make(on: app)
                let voice = try await TandemApp.Channel.query(on: app.db).filter(\.$name == "Voice").first()!
                _ = try await CatalogueService.saveQueue(.init(channelID: voice.requireID(), name: "Sales", code: "sales-voice"), queue: nil,
                                                         by: .cli("test"), on: app.db)
                try await Self.useRepeatContactFCR(app)
                let run = try await Perf.importCSV(app, file, options: ImportOptions(acceptValid: true, repeatContactsWhileReading: whileReading))
                #expect(run.status == .succeeded, "\(run.issueList.prefix(3))")
                let stored = try await (app.db as! any SQLDatabase).select()
                    .columns("team_id", "queue_id", "day", "repeat_fcr_candidates", "repeat_fcr_resolved").from("contact_rollups").all()
                // Each app has its own ids: compare by team name and queue code.
                var names: [UUID: String] = [:]
                for partner in try await Partner.query(on: app.db).all() { names[try partner.requireID()] = partner.name }
                for queue in try await TandemApp.Queue.query(on: app.db).all() { names[try queue.requireID()] = queue.code }
                let text = try stored.map { row in
                    "\(names[try row.decode(column: "team_id", as: UUID.self)]!) \(names[try row.decode(column: "queue_id", as: UUID.self)]!) "
                        + "\(try row.decode(column: "day", as: Int.self)) \(try row.decode(column: "repeat_fcr_candidates", as: Int.self)) "
                        + "\(try row.decode(column: "repeat_fcr_resolved", as: Int.self))"
                }.sorted()
                result = (text, try await Self.repeatTotals(app))
            }
            return result
        }
        for file in [clean, withRepeatedID] {
            let read = try await rows(file, whileReading: true)
            let stored = try await rows(file, whileReading: false)
            #expect(read.rows == stored.rows)
            #expect(read.totals.candidates > 200 && read.totals.resolved > 0 && read.totals.resolved < read.totals.candidates,
                    "\(read.totals)")
        }
    }
}
