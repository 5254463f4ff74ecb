import Foundation
import Vapor

extension AuditEntryDTO: Content {}
extension AuditChange: Content {}

enum AuditViews {
    static func table(_ entries: [AuditEntryDTO], empty: HTML, showPartner: [UUID: String]? = nil) -> HTML {
        let rows: [[HTML]] = entries.map { e in
            var changes = e.changes.map { c in
                HTML("<li><code>\(c.field)</code>: \(c.before.map { HTML("<del>\($0.isEmpty ? "∅" : $0)</del> → ") } ?? .empty)\(c.after.map { HTML("<ins>\($0.isEmpty ? "∅" : $0)</ins>") } ?? "removed")</li>")
            }
            if e.changesUnreadable { changes = [HTML("<li class=\"error\">changes unreadable</li>")] }
            var row: [HTML] = ["\(Components.date(e.occurredAt))", "\(e.actorName)", Components.badge(e.action.rawValue, e.action.rawValue),
                               "\(e.entityType.replacingOccurrences(of: "_", with: " ")): \(e.entityLabel)"]
            if let showPartner { row.append("\(e.partnerID.flatMap { showPartner[$0] } ?? "—")") }
            row.append("<ul class=\"changes\">\(changes)</ul>")
            return row
        }
        let headers = ["When", "Who", "Action", "What"] + (showPartner == nil ? [] : ["Team"]) + ["Changes"]
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
        let entries = try await AuditQueries.list(filter, for: .all, on: req.db)  // admins only
        let partners = try await PartnerService.list(scope: .all, on: req.db)
        let names = Dictionary(uniqueKeysWithValues: partners.map { ($0.id, $0.name) })
        let types = ["partner", "site", "key_contact", "channel", "queue", "user", "api_token"]
        let typeOptions = ([""] + types).map { t in HTML("<option value=\"\(t)\"\(filter.entityType == t || (t.isEmpty && filter.entityType == nil) ? HTML(" selected") : .empty)>\(t.isEmpty ? "all records" : t.replacingOccurrences(of: "_", with: " "))</option>") }
        let partnerOptions = [HTML("<option value=\"\">all teams</option>")] + partners.map { p in
            HTML("<option value=\"\(p.id.uuidString)\"\(filter.partnerID == p.id ? HTML(" selected") : .empty)>\(p.name)</option>")
        }
        return Layout.page("Audit log", req.pageContext(), section: .audit, """
        <h1>Audit log</h1>
        <p class="lead">Every change, who made it and when, with each field before and after. Newest first; the latest 200 matching entries.</p>
        <form method="get" action="\(SiteURL.audit.path)" class="filters">
        <label>Record <select name="type">\(typeOptions)</select></label>
        <label>Team <select name="partner">\(partnerOptions)</select></label>
        <button type="submit" class="secondary">Filter</button>
        </form>
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
            ("changesUnreadable", .boolean),
        ], required: ["id", "occurredAt", "actorName", "action", "entityType", "entityID", "entityLabel", "changes", "changesUnreadable"]),
    ]
}
