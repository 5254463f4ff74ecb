import Fluent
import Foundation
import SQLKit
import Testing
import TandemPartners
import TandemPerformance
import TandemSources
import Vapor
@testable import TandemApp

/// Source preset imports in the app: the samples (kept with the TandemSources tests), the sample
/// platforms' queues in the test workspace, and the stored contacts as text.
enum Presets {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TandemSourcesTests/Fixtures")

    static func text(_ name: String) throws -> String { try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8) }

    static let bravo = "Bravo \(Workspace.markerB) BPO"

    /// The queues the samples route to, by platform (codes as the catalogue keeps them: lower case).
    static func addSampleQueues(_ app: Application) async throws {
        let actor = Actor.cli("test")
        var channels: [ChannelKind: UUID] = [.voice: try await TandemApp.Channel.query(on: app.db).filter(\.$name == "Voice").first()!.requireID()]
        for (name, kind) in [("Chat", ChannelKind.chat), ("Email", .email), ("Messaging", .messaging), ("Back office", .backOffice)] {
            channels[kind] = try await CatalogueService.saveChannel(.init(name: name, kind: kind), channel: nil, by: actor, on: app.db).requireID()
        }
        let queues: [(String, ChannelKind)] = [
            ("Billing_DE", .voice), ("Tech_Support", .voice), ("Callback_DE", .voice), ("Chat_Support", .chat), ("Backoffice_Tasks", .backOffice),
            ("Email_DE", .email), ("Messaging_DE", .messaging),
            ("zd-email", .email), ("zd-chat", .chat), ("zd-messaging", .messaging), ("zd-web", .email), ("zd-voice", .voice),
            ("DE_Billing_Voice", .voice), ("DE_Tech_Voice", .voice), ("DE_Chat", .chat), ("DE_Email", .email),
        ]
        for (code, kind) in queues {
            _ = try await CatalogueService.saveQueue(.init(channelID: channels[kind]!, name: code, code: code), queue: nil, by: actor, on: app.db)
        }
    }

    static let amazonSettings = """
        team.Billing_DE=Alpha Support
        team.Callback_DE=Alpha Support
        team.Chat_Support=Our Team
        team.Backoffice_Tasks=Our Team
        team.Tech_Support=\(bravo)
        csat=csatScore
        customer=customerId
        """
    static let zendeskSettings = """
        queue.360001110001/email=zd-email
        queue.360001110001/chat=zd-chat
        queue.360001110001/messaging=zd-messaging
        queue.360001110002/voice=zd-voice
        queue.360001110002=zd-web
        team.360001110001=Alpha Support
        team.360001110002=\(bravo)
        """
    static let genesysSettings = "team.Billing_DE=Alpha Support;team.Email_DE=Alpha Support;team.Messaging_DE=Alpha Support;team.Tech_Support=\(bravo)"
    static let niceSettings = """
        team=site,queue
        site.Team Billing=Alpha HQ
        site.Team Digital=Alpha HQ
        site.Team Tech=\(Workspace.markerB) site
        team.DE_Billing_Voice=Alpha Support
        team.DE_Tech_Voice=\(bravo)
        """

    /// Imports files (fixture names, or (name, text) pairs) with a preset, as the CLI does.
    @discardableResult
    static func run(_ app: Application, _ preset: SourcePreset, settings: String, files: [String] = [], texts: [(String, String)] = [],
                    source: String = "platform", acceptValid: Bool = false) async throws -> ImportRun {
        let request = PresetRequest(preset: preset, settingsText: settings)
        let resolved = try await request.resolve(source: source, on: app.db)
        var parts = try files.map { name in
            let bytes = Array(try text(name).utf8)
            return ImportPart(name: name) { MemoryChunkSource(bytes) }
        }
        parts += texts.map { name, text in
            let bytes = Array(text.utf8)
            return ImportPart(name: name) { MemoryChunkSource(bytes) }
        }
        let run = ImportRun(source: source, fileName: (files + texts.map(\.0)).joined(separator: ", "), format: .jsonLines, acceptValid: acceptValid,
                            bytesTotal: 0, requestedBy: .cli("test"))
        run.format = "preset"
        run.preset = preset.rawValue
        try await run.create(on: app.db)
        return try await ContactImporter.run(.preset(resolved, parts: parts, roster: nil), run: run, options: ImportOptions(acceptValid: acceptValid),
                                             by: .cli("test"), on: app.db)
    }

    /// Every stored contact of a source as "team|queue|channel|agent|customer|offered|answered|abandoned|wait|talk|hold|after-work|resolved|csat",
    /// times in UTC without the date when it is 2025-03-10, a missing value as "-".
    static func stored(_ app: Application, source: String = "platform") async throws -> [String: String] {
        let sql = app.db as! any SQLDatabase
        // Agent and customer are not part of what a re-import reads back: read them here.
        var people: [String: (agent: String?, customer: String?)] = [:]
        for row in try await sql.select().columns("external_id", "agent", "customer").from("contact_records").where("source", .equal, source).all() {
            people[try row.decode(column: "external_id", as: String.self)] = (try row.decode(column: "agent", as: String?.self),
                                                                                try row.decode(column: "customer", as: String?.self))
        }
        let contacts = try await ContactRecordStore.existing(source: source, externalIDs: Array(people.keys), on: sql)
        var names: [String: String] = [:]
        for partner in try await Partner.query(on: app.db).all() { names[try partner.requireID().uuidString] = partner.name }
        for queue in try await TandemApp.Queue.query(on: app.db).all() { names[try queue.requireID().uuidString] = queue.code }
        func time(_ date: Date?) -> String {
            guard let date else { return "-" }
            let ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
            let seconds = Int(ms / 1000), millis = Int(ms % 1000)
            let (year, month, day) = CivilDate.civil(fromDays: seconds / 86_400)
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            let second = seconds % 86_400
            var text = "\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))"
            if millis != 0 { text += "." + String(format: "%03d", millis) }
            return (year, month, day) == (2025, 3, 10) ? text : "\(year)-\(two(month))-\(two(day))T\(text)"
        }
        func number(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
        var result: [String: String] = [:]
        for (id, stored) in contacts {
            let r = stored.record
            let scale = switch r.csatScale { case .oneToFive: "1-5"; case .binary: "binary"; case .zeroToTen: "0-10" }
            result[id] = [
                names[r.teamID] ?? r.teamID, names[r.queueID] ?? r.queueID, r.channel.rawValue, people[id]?.agent ?? "-", people[id]?.customer ?? "-",
                time(r.offeredAt), time(r.answeredAt), String(r.abandoned), number(r.waitSeconds), number(r.talkSeconds), number(r.holdSeconds),
                number(r.afterWorkSeconds), r.resolvedFirstContact.map(String.init) ?? "-", r.csat.map { "\($0)/\(scale)" } ?? "-",
            ].joined(separator: "|")
        }
        return result
    }

    /// The ids whose stored line differs from the expected one, with both (empty when equal).
    static func differences(_ got: [String: String], _ want: [String: String]) -> [String] {
        Set(got.keys).union(want.keys).sorted().compactMap { id in
            got[id] == want[id] ? nil : "\(id): got \(got[id] ?? "nothing"), want \(want[id] ?? "nothing")"
        }
    }

    static func expectStored(_ app: Application, _ want: [String: String], source: String = "platform",
                             sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let differences = differences(try await stored(app, source: source), want)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    /// The rollup rows (non-zero counters) as text, keyed by team name, queue code and day.
    static func rollups(_ app: Application) async throws -> [String] {
        var names: [UUID: String] = [:]
        for partner in try await Partner.query(on: app.db).all() { names[try partner.requireID()] = partner.name }
        for queue in try await TandemApp.Queue.query(on: app.db).all() { names[try queue.requireID()] = queue.code }
        let rows = try await (app.db as! any SQLDatabase).select().columns(["team_id", "queue_id", "day"] + RollupCounters.columnNames)
            .from("contact_rollups").all()
        return try rows.compactMap { row -> String? in
            let counters = try RollupCounters.columnNames.map { try row.decode(column: $0, as: Int64.self) }
            guard counters.contains(where: { $0 != 0 }) else { return nil }
            return "\(names[try row.decode(column: "team_id", as: UUID.self)]!) \(names[try row.decode(column: "queue_id", as: UUID.self)]!) "
                + "\(try row.decode(column: "day", as: Int.self)) \(counters.map(String.init).joined(separator: ","))"
        }.sorted()
    }

    /// The rollups as kept by the imports, and as rebuilt from the stored contacts: equal when
    /// every replacement, older copy and deletion was taken in and out right.
    static func rollupsAndRebuilt(_ app: Application) async throws -> (kept: [String], rebuilt: [String]) {
        let kept = try await rollups(app)
        let settings = try await PerformanceSettingsStore.load(on: app.db)
        let directory = try await PerformanceDirectory.load(on: app.db)
        try await app.db.transaction { tx in
            try await RollupRebuild.rebuild(.all, threshold: { directory.thresholdsByQueue[$0] ?? 20 }, shortAbandonSeconds: settings.kpi.shortAbandonThreshold,
                                            repeatContactWindowDays: settings.kpi.repeatContactWindowDays, on: tx as! any SQLDatabase)
        }
        return (kept, try await rollups(app))
    }
}
