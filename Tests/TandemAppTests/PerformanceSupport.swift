import Fluent
import Foundation
import SQLKit
import TandemPerformance
import Vapor
@testable import TandemApp

/// Helpers for the performance tests: import a CSV held in a string, count what is stored.
enum Perf {
    static let header = "external_id,team,site,queue,channel,offered_at,answered_at,abandoned,wait_seconds,talk_seconds,hold_seconds,after_work_seconds,resolved_first_contact,csat"

    @discardableResult
    static func importCSV(_ app: Application, _ text: String, source: String = "test", fileName: String = "contacts.csv",
                          options: ImportOptions = ImportOptions(), format: ContactFileFormat = .csv) async throws -> ImportRun {
        let bytes = Array(text.utf8)
        return try await importBytes(app, bytes, source: source, fileName: fileName, options: options, format: format)
    }

    static func importBytes(_ app: Application, _ bytes: [UInt8], source: String = "test", fileName: String = "contacts.csv",
                            options: ImportOptions = ImportOptions(), format: ContactFileFormat = .csv) async throws -> ImportRun {
        let run = ImportRun(source: source, fileName: fileName, format: format, acceptValid: options.acceptValid, bytesTotal: bytes.count, requestedBy: .cli("test"))
        try await run.create(on: app.db)
        return try await ContactImporter.run(MemoryChunkSource(bytes), format: format, mapping: ColumnMapping(), run: run, options: options,
                                             by: .cli("test"), on: app.db)
    }

    static func contactCount(_ app: Application) async throws -> Int {
        try await (app.db as! any SQLDatabase).select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from("contact_records").first()!.decode(column: "n", as: Int.self)
    }

    /// Σ offered and Σ short abandons over every rollup row.
    static func rollupTotals(_ app: Application) async throws -> (offered: Int, shortAbandons: Int, rows: Int) {
        let row = try await (app.db as! any SQLDatabase).select()
            .column(SQLAlias(IntegerSum("offered"), as: SQLIdentifier("offered")))
            .column(SQLAlias(IntegerSum("short_abandons"), as: SQLIdentifier("short")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from("contact_rollups").first()!
        return (try row.decode(column: "offered", as: Int.self), try row.decode(column: "short", as: Int.self), try row.decode(column: "n", as: Int.self))
    }

    static func settings(_ app: Application, minimumSample: Int) async throws {
        var settings = try await PerformanceSettingsStore.load(on: app.db)
        settings.kpi.minimumSample = minimumSample
        try await PerformanceSettingsStore.save(settings, by: .cli("test"), on: app.db)
    }

    /// The week of 2026-03-02 (Monday) to 2026-03-08.
    static let week = ReportingPeriod(kind: .week, containing: UTCDay(daysSince1970: CivilDate.daysFromCivil(year: 2026, month: 3, day: 4)))

    /// Alpha (queue billing-voice, T 20 s, S 5 s) on 2026-03-03, times in Chicago (the only site):
    ///   c1 answered, wait 10, handle 150, FCR yes, CSAT 5 · c2 answered, wait 30, handle 240, FCR no, CSAT 3
    ///   c3 abandoned after 3 s (short) · c4 abandoned after 15 s · c5 answered, wait 20, handle 300, CSAT 4
    /// Our Team (in-house, no site: UTC offsets): h1 answered, wait 5, handle 60 · h2 abandoned after 40 s
    static let handWorked = """
    \(header)
    c1,Alpha Support,,billing-voice,voice,2026-03-03T09:00:00,2026-03-03T09:00:10,,,100,20,30,true,5
    c2,Alpha Support,Alpha HQ,billing-voice,,2026-03-03T09:05:00-06:00,2026-03-03T09:05:30-06:00,,30,200,0,40,false,3
    c3,Alpha Support,,billing-voice,voice,2026-03-03T10:00:00,,true,3,,,,,
    c4,Alpha Support,,billing-voice,voice,2026-03-03T10:30:00,,true,15,,,,,
    c5,Alpha Support,,billing-voice,voice,2026-03-03T11:00:00,2026-03-03T11:00:20,,,300,,,,4
    h1,Our Team,,billing-voice,voice,2026-03-03T12:00:00Z,2026-03-03T12:00:05Z,,,60,,,,
    h2,Our Team,,billing-voice,voice,2026-03-03T12:10:00Z,,yes,40,,,,,

    """
}
