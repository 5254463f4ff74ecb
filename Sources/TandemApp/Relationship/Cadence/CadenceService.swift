import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import TandemRelationship
import Vapor

struct MeetingSeriesDTO: Content, Equatable {
    let id: UUID
    let partnerID: UUID
    let cadence: MeetingCadence
    let title: String
    let firstStartsAt: Date
    let durationMinutes: Int
    let active: Bool
}

struct MeetingSeriesInput: Content, Equatable {
    var cadence: MeetingCadence
    var title: String?
    var firstStartsAt: Date
    var durationMinutes: Int?
}

struct ActionItemDTO: Content, Equatable {
    let id: UUID
    let partnerID: UUID
    let meetingID: UUID?
    let title: String
    let ownerSide: ContactSide
    let ownerName: String
    let dueDate: LocalDate
    let status: ActionStatus
    let completedOn: LocalDate?
    let late: Bool
}

struct ActionItemInput: Content, Equatable {
    var title: String
    var ownerSide: ContactSide
    var ownerName: String
    var dueDate: LocalDate
}

struct ActionItemUpdate: Content, Equatable {
    var status: ActionStatus
    /// Defaults to today when marking done.
    var completedOn: LocalDate?
}

struct MeetingDTO: Content, Equatable {
    let id: UUID
    let partnerID: UUID
    let seriesID: UUID?
    let title: String
    let startsAt: Date
    let agenda: String
    let notes: String
    let decisions: String
    let actionItems: [ActionItemDTO]
}

struct MeetingInput: Content, Equatable {
    var title: String?
    var seriesID: UUID?
    var startsAt: Date
}

struct MeetingUpdate: Content, Equatable {
    var agenda: String?
    var notes: String
    var decisions: String
}

struct CommitmentsDTO: Content, Equatable {
    struct Period: Codable, Sendable, Equatable {
        let quarter: String
        let partnerKept: Int
        let partnerDue: Int
        let partnerRatio: Double?
        let clientKept: Int
        let clientDue: Int
        let clientRatio: Double?
    }
    let formula: String
    let periods: [Period]
}

/// Meeting series, meetings with their drafted agendas, action items and commitments kept.
enum CadenceService {
    static func seriesDTO(_ s: MeetingSeries) -> MeetingSeriesDTO {
        MeetingSeriesDTO(id: s.id!, partnerID: s.$partner.id, cadence: s.cadence, title: s.title, firstStartsAt: s.firstStartsAt,
                         durationMinutes: s.durationMinutes, active: s.active)
    }

    static func actionDTO(_ a: ActionItem, today: LocalDate) -> ActionItemDTO {
        ActionItemDTO(id: a.id!, partnerID: a.$partner.id, meetingID: a.$meeting.id, title: a.title, ownerSide: a.ownerSide, ownerName: a.ownerName,
                      dueDate: LocalDate(a.dueOn)!, status: a.status, completedOn: a.completedOn.flatMap(LocalDate.init), late: a.commitment.isLate(today: today))
    }

    static func series(of partnerID: UUID, on db: any Database) async throws -> [MeetingSeriesDTO] {
        try await MeetingSeries.query(on: db).filter(\.$partner.$id == partnerID).sort(\.$firstStartsAt).all().map(seriesDTO)
    }

    static func meetings(of partnerID: UUID, on db: any Database) async throws -> [Meeting] {
        try await Meeting.query(on: db).filter(\.$partner.$id == partnerID).sort(\.$startsAt, .descending).all()
    }

    static func actionItems(of partnerID: UUID, on db: any Database) async throws -> [ActionItem] {
        try await ActionItem.query(on: db).filter(\.$partner.$id == partnerID).sort(\.$dueOn).all()
    }

    static func requireMeeting(_ id: UUID, scope: PartnerScope, on db: any Database) async throws -> Meeting {
        try scope.require(try await Meeting.query(on: db).filter(\.$id == id).with(\.$partner).first(), owner: { $0.$partner.id }, notFound: "No such meeting.")
    }

    static func requireAction(_ id: UUID, scope: PartnerScope, on db: any Database) async throws -> ActionItem {
        try scope.require(try await ActionItem.find(id, on: db), owner: { $0.$partner.id }, notFound: "No such action item.")
    }

    static func meetingDTO(_ m: Meeting, today: LocalDate, on db: any Database) async throws -> MeetingDTO {
        let items = try await ActionItem.query(on: db).filter(\.$meeting.$id == m.requireID()).sort(\.$dueOn).all()
        return MeetingDTO(id: m.id!, partnerID: m.$partner.id, seriesID: m.$series.id, title: m.title, startsAt: m.startsAt, agenda: m.agenda,
                          notes: m.notes, decisions: m.decisions, actionItems: items.map { actionDTO($0, today: today) })
    }

    // MARK: Writes

    static func createSeries(_ input: MeetingSeriesInput, partner: Partner, by actor: Actor, on db: any Database) async throws -> MeetingSeries {
        var errors = FieldErrors()
        Check.length(input.title, "title", max: 200, into: &errors)
        Check.range(input.durationMinutes, "durationMinutes", 15...480, into: &errors)
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let series = MeetingSeries()
        series.$partner.id = try partner.requireID()
        series.cadence = input.cadence
        let title = input.title?.trimmingCharacters(in: .whitespaces) ?? ""
        series.title = title.isEmpty ? "\(input.cadence.label) · \(partner.name)" : title
        series.firstStartsAt = input.firstStartsAt
        series.durationMinutes = input.durationMinutes ?? (input.cadence == .quarterly ? 90 : input.cadence == .monthly ? 60 : 45)
        series.active = true
        try await db.transaction { tx in
            try await series.create(on: tx)
            try await AuditLog.created(series, by: actor, on: tx)
        }
        return series
    }

    static func createMeeting(_ input: MeetingInput, partner: Partner, by actor: Actor, now: Date = Date(), on db: any Database) async throws -> Meeting {
        var errors = FieldErrors()
        Check.length(input.title, "title", max: 200, into: &errors)
        var series: MeetingSeries?
        if let seriesID = input.seriesID {
            series = try await MeetingSeries.query(on: db).filter(\.$id == seriesID).filter(\.$partner.$id == partner.requireID()).first()
            if series == nil { errors.add("seriesID", "is not a meeting series of this partner") }
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let meeting = Meeting()
        meeting.$partner.id = try partner.requireID()
        meeting.$series.id = series?.id
        let title = input.title?.trimmingCharacters(in: .whitespaces) ?? ""
        meeting.title = title.isEmpty ? (series?.title ?? "Meeting with \(partner.name)") : title
        meeting.startsAt = input.startsAt
        meeting.agenda = try await AgendaDraft.markdown(partner: partner, meetingAt: input.startsAt, now: now, on: db)
        meeting.notes = ""
        meeting.decisions = ""
        try await db.transaction { tx in
            try await meeting.create(on: tx)
            try await AuditLog.created(meeting, by: actor, on: tx)
        }
        return meeting
    }

    static func updateMeeting(_ meeting: Meeting, with input: MeetingUpdate, by actor: Actor, on db: any Database) async throws {
        var errors = FieldErrors()
        Check.length(input.notes, "notes", max: Check.longText, into: &errors)
        Check.length(input.decisions, "decisions", max: Check.longText, into: &errors)
        Check.length(input.agenda, "agenda", max: Check.longText, into: &errors)
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let before = meeting.auditFields
        if let agenda = input.agenda { meeting.agenda = agenda }
        meeting.notes = input.notes
        meeting.decisions = input.decisions
        try await db.transaction { tx in
            try await meeting.update(on: tx)
            try await AuditLog.updated(meeting, before: before, by: actor, on: tx)
        }
    }

    static func addAction(_ input: ActionItemInput, meeting: Meeting, by actor: Actor, on db: any Database) async throws -> ActionItem {
        var errors = FieldErrors()
        Check.required(input.title, "title", max: 300, into: &errors)
        Check.required(input.ownerName, "ownerName", into: &errors)
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let item = ActionItem()
        item.$partner.id = meeting.$partner.id
        item.$meeting.id = try meeting.requireID()
        item.title = input.title.trimmingCharacters(in: .whitespaces)
        item.ownerSide = input.ownerSide
        item.ownerName = input.ownerName.trimmingCharacters(in: .whitespaces)
        item.dueOn = input.dueDate.description
        item.status = .open
        try await db.transaction { tx in
            try await item.create(on: tx)
            try await AuditLog.created(item, by: actor, on: tx)
        }
        return item
    }

    /// Client users with `manageRelationship` may update any item; everyone else only the
    /// items their side owns (partner users: their partner's partner-side items).
    static func updateAction(_ item: ActionItem, with input: ActionItemUpdate, principal: Principal, today: LocalDate, on db: any Database) async throws {
        if !principal.can(.manageRelationship) {
            let side: ContactSide = principal.side
            guard item.ownerSide == side else { throw Abort(.forbidden, reason: "Only the owning side updates this item.") }
        }
        var errors = FieldErrors()
        if let completed = input.completedOn, completed > today { errors.add("completedOn", "cannot be in the future") }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let before = item.auditFields
        item.status = input.status
        item.completedOn = input.status == .done ? (input.completedOn ?? today).description : nil
        try await db.transaction { tx in
            try await item.update(on: tx)
            try await AuditLog.updated(item, before: before, by: principal.actor, on: tx)
        }
    }

    // MARK: Commitments kept

    static func commitments(of partnerID: UUID, quarters: [Quarter], today: LocalDate, on db: any Database) async throws -> CommitmentsDTO {
        let items = try await actionItems(of: partnerID, on: db).map(\.commitment)
        return CommitmentsDTO(formula: CommitmentsKept.formula, periods: quarters.map { q in
            let p = CommitmentsKept.compute(items, side: .partner, from: q.firstDay, through: q.lastDay, today: today)
            let c = CommitmentsKept.compute(items, side: .client, from: q.firstDay, through: q.lastDay, today: today)
            return .init(quarter: q.description, partnerKept: p.kept, partnerDue: p.due, partnerRatio: p.ratio, clientKept: c.kept, clientDue: c.due, clientRatio: c.ratio)
        })
    }

    static func lateActions(scope: PartnerScope, today: LocalDate, on db: any Database) async throws -> [ActionItem] {
        let query = ActionItem.query(on: db).filter(\.$status == .open).filter(\.$dueOn < today.description).with(\.$partner).sort(\.$dueOn)
        scope.restrict(query, to: \.$partner.$id)
        return try await query.all()
    }
}

/// The first draft of a meeting's agenda, built from what happened since the last meeting.
enum AgendaDraft {
    static func markdown(partner: Partner, meetingAt: Date, now: Date, on db: any Database) async throws -> String {
        let partnerID = try partner.requireID()
        let today = LocalDate(date: now)
        let previous = try await Meeting.query(on: db).filter(\.$partner.$id == partnerID).filter(\.$startsAt < meetingAt)
            .sort(\.$startsAt, .descending).first()
        let since = previous?.startsAt ?? meetingAt.addingTimeInterval(-30 * 86_400)
        var out: [String] = []
        func section(_ title: String, _ lines: [String], empty: String) {
            out.append("## \(title)")
            out.append(contentsOf: lines.isEmpty ? ["- _\(empty)_"] : lines.map { "- \($0)" })
            out.append("")
        }
        let scope = PartnerScope.only(partnerID)
        let broadcasts = try await BroadcastService.list(scope: scope, today: today, on: db)
        section("Changes since \(previous == nil ? "the last 30 days" : "last time") (\(LocalDate(date: since).display))",
                broadcasts.filter { $0.sentAt >= since }.map { "\($0.kind.label): **\(escape($0.title))**, effective \($0.effectiveDate.display)" },
                empty: "No broadcasts since then.")
        let incidents = try await Incident.query(on: db).filter(\.$partner.$id == partnerID).filter(\.$status ~~ [.open, .investigating]).sort(\.$openedAt).all()
        section("Open incidents", incidents.map { "\($0.severity.label): \(escape($0.title)) (\($0.source.label.lowercased()), opened \(LocalDate(date: $0.openedAt).display))" },
                empty: "No open incidents.")
        let late = try await CadenceService.lateActions(scope: scope, today: today, on: db)
        section("Overdue action items", late.map { "\(escape($0.title)): \(escape($0.ownerName)) (\($0.ownerSide.label.lowercased())), due \(LocalDate($0.dueOn)?.display ?? $0.dueOn)" },
                empty: "Nothing overdue.")
        let unacknowledged = broadcasts.filter { $0.recipients.contains { $0.overdue } }
        section("Unacknowledged broadcasts", unacknowledged.map { "\(escape($0.title)), acknowledge by \(ContactCentreFormat.date($0.acknowledgeBy))" },
                empty: "Every broadcast is acknowledged.")
        section("KPI misses", try await kpiMisses(partnerID: partnerID, since: since, until: meetingAt, on: db), empty: "No KPI target missed since then.")
        out.append("## Decisions and next steps")
        return out.joined(separator: "\n")
    }

    /// One agenda line per KPI that missed its target (status "missed"; near is not a miss) in
    /// the partner's weekly scorecards since the last meeting: the weeks from the one holding
    /// `since` to the one holding the meeting, each miss with its figure and the target.
    static func kpiMisses(partnerID: UUID, since: Date, until: Date, on db: any Database) async throws -> [String] {
        let first = ReportingPeriod(kind: .week, containing: UTCDay(since)).index
        let last = ReportingPeriod(kind: .week, containing: UTCDay(max(since, until))).index
        let judged = try await KPIAttainment.judged(team: partnerID, weeks: first...last, on: db)
        var lines: [String] = []
        for kind in KPILabels.scorecardKPIs {
            let figures = judged.filter { $0.cell.kpi == kind }
            let misses = figures.filter { $0.status == .missed }
            guard !misses.isEmpty else { continue }
            let detail = misses.map { m in "\(m.cell.display) vs target \(m.cell.target.map { KPILabels.formatTarget($0, kind: m.cell.kpi) } ?? "—") (\(m.period.displayName))" }
            lines.append("**\(escape(KPILabels.name(kind)))** missed its target in \(misses.count) of \(figures.count) week(s): \(detail.joined(separator: "; "))")
        }
        return lines
    }

    /// Titles are typed by people: keep Markdown markers in them literal.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text { if "\\`*_[]#".contains(c) { out.append("\\") }; out.append(c) }
        return out
    }
}
