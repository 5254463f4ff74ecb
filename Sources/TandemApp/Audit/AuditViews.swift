import Foundation
import Vapor

extension AuditEntryDTO: Content {}
extension AuditChange: Content {}

enum AuditViews {
    /// Each entry in words ("María López changed the status of Delta Care from prospect to
    /// evaluating"), with when and, on the full log, the team.
    static func table(_ entries: [AuditEntryDTO], empty: HTML, showPartner: [UUID: String]? = nil) -> HTML {
        let rows: [[HTML]] = entries.map { e in
            var sentences: [HTML] = e.summary.map { HTML("<li>\($0)</li>") }
            if e.changesUnreadable { sentences = [HTML("<li class=\"error\">\(AuditNarrative.actor(e.actorName)) \(e.action.rawValue)d \(e.entityLabel): changes unreadable</li>")] }
            if sentences.isEmpty { sentences = [HTML("<li>\(AuditNarrative.actor(e.actorName)) \(e.action == .create ? "added" : e.action == .delete ? "removed" : "updated") \(e.entityLabel)</li>")] }
            var row: [HTML] = ["\(Components.date(e.occurredAt))", "<ul class=\"changes\">\(sentences)</ul>"]
            if let showPartner { row.append("\(e.partnerID.flatMap { showPartner[$0] } ?? "—")") }
            return row
        }
        let headers = ["When", "What happened"] + (showPartner == nil ? [] : ["Team"])
        return Components.table(headers, rows, empty: empty, id: "audit")
    }
}

/// The full audit log, for admins.
enum AuditPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.audit.pathComponents, use: index)
    }

    @Sendable static func index(req: Request) async throws -> HTML {
        try req.require(.administer)
        var filter = AuditQueries.Filter(limit: 200)
        filter.entityType = (try? req.query.get(String.self, at: "type")).flatMap { $0.isEmpty ? nil : $0 }
        filter.partnerID = (try? req.query.get(String.self, at: "partner")).flatMap(UUID.init(uuidString:))
        let range = ListFilter.parse(req, choices: ["type", "partner"])
        filter.from = range.from?.startOfDayUTC
        filter.until = range.to?.adding(days: 1).startOfDayUTC
        let entries = try await AuditQueries.list(filter, for: .all, on: req.db)  // admins only
        let partners = try await PartnerService.list(scope: .all, on: req.db)
        let names = Dictionary(uniqueKeysWithValues: partners.map { ($0.id, $0.name) })
        let types = ["partner", "site", "key_contact", "channel", "queue", "user", "api_token"]
        return Layout.page("Audit log", req.pageContext(), section: .audit, """
        <h1>Audit log</h1>
        <p class="lead">Every change, who made it and when, with each field before and after. Newest first; the latest 200 matching entries.</p>
        \(ListFilterViews.form(.audit, range, dateLabel: "Changed between", choices: [
            ("type", "Record", [("", "all records")] + types.map { ($0, $0.replacingOccurrences(of: "_", with: " ")) }),
            ("partner", "Team", [("", "all teams")] + partners.map { ($0.id.uuidString, $0.name) }),
        ]))
        \(AuditViews.table(entries, empty: "Nothing recorded yet.", showPartner: names))
        """)
    }
}

enum AuditAPI {
    static func register(_ api: APIRoutes) {
        api.add(.init(method: .GET, path: ["audit"], summary: "The full audit log (admins)", tag: "Audit", response: .array(.ref("AuditEntry")), query: [
            .init(name: "partnerID", schema: .uuid, description: "only changes shown on this team's history"),
            .init(name: "entityType", schema: .string(), description: "only this kind of record, e.g. partner, site, user"),
            .init(name: "limit", schema: .integer(minimum: 1, maximum: 1_000), description: "at most this many entries (default 100)"),
        ])) { req in
            try req.require(.administer)
            var filter = AuditQueries.Filter()
            filter.partnerID = try req.query.get(UUID?.self, at: "partnerID")
            filter.entityType = try req.query.get(String?.self, at: "entityType")
            filter.limit = try req.query.get(Int?.self, at: "limit") ?? 100
            return try await AuditQueries.list(filter, for: .all, on: req.db)  // admins only
        }
    }

    static let schemas: [String: JSONSchema] = [
        "AuditEntry": .object([
            ("id", .uuid), ("occurredAt", .dateTime), ("actorID", .nullable(.uuid)), ("actorName", .string()),
            ("action", .enumeration(AuditAction.self)), ("entityType", .string()), ("entityID", .uuid), ("entityLabel", .string()),
            ("partnerID", .nullable(.uuid)),
            ("changes", .array(.object([("field", .string()), ("before", .nullable(.string())), ("after", .nullable(.string()))], required: ["field"]))),
            ("changesUnreadable", .boolean), ("summary", .array(.string())),
        ], required: ["id", "occurredAt", "actorName", "action", "entityType", "entityID", "entityLabel", "changes", "changesUnreadable"]),
    ]
}
