import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import TandemRelationship
import Vapor

struct EscalationDeadlineDTO: Codable, Sendable, Equatable {
    let position: Int
    let person: String
    let due: Date
    let breached: Bool
}

struct IncidentDTO: Content, Equatable {
    let id: UUID
    let partnerID: UUID
    let partnerName: String
    let title: String
    let severity: IncidentSeverity
    let category: IncidentCategory
    let source: IncidentSource
    let description: String
    let rootCause: String
    let correctiveAction: String
    let status: IncidentStatus
    let openedAt: Date
    let respondedAt: Date?
    let resolvedAt: Date?
    let raisedBy: String
    let escalation: [EscalationDeadlineDTO]
    let breached: Bool
    let currentLevel: Int?
    /// The performance alert this incident was opened from, if any.
    let alertID: UUID?
}

struct IncidentInput: Content, Equatable {
    var title: String
    var severity: IncidentSeverity
    var category: IncidentCategory
    /// Partner users always self-report; the client picks client or customer.
    var source: IncidentSource?
    var description: String
    /// Defaults to now.
    var openedAt: Date?
}

struct IncidentUpdate: Content, Equatable {
    var status: IncidentStatus
    var rootCause: String?
    var correctiveAction: String?
    /// Defaults to now the first time the status leaves "open".
    var respondedAt: Date?
    var resolvedAt: Date?
}

struct EscalationLevelDTO: Content, Equatable {
    let position: Int
    let person: String
    let responseMinutes: Int
}

struct EscalationPolicyInput: Content, Equatable {
    struct Level: Codable, Sendable, Equatable {
        var person: String
        var responseMinutes: Int
    }
    /// In order: level 1 first.
    var levels: [Level]
}

/// Incidents, who raised them, and the escalation clock against each partner's policy.
enum IncidentService {
    static func policy(of partnerID: UUID, on db: any Database) async throws -> [EscalationLevel] {
        try await EscalationLevel.query(on: db).filter(\.$partner.$id == partnerID).sort(\.$position).all()
    }

    static func clock(_ incident: Incident, policy: [EscalationLevel], now: Date) -> EscalationClock {
        EscalationClock.evaluate(openedAt: incident.openedAt, respondedAt: incident.respondedAt, resolvedAt: incident.resolvedAt,
                                 steps: policy.map(\.step), now: now)
    }

    static func dto(_ i: Incident, partnerName: String, policy: [EscalationLevel], now: Date) -> IncidentDTO {
        let clock = clock(i, policy: policy, now: now)
        return IncidentDTO(id: i.id!, partnerID: i.$partner.id, partnerName: partnerName, title: i.title, severity: i.severity, category: i.category,
                           source: i.source, description: i.details, rootCause: i.rootCause, correctiveAction: i.correctiveAction,
                           status: i.status, openedAt: i.openedAt, respondedAt: i.respondedAt, resolvedAt: i.resolvedAt, raisedBy: i.raisedByName,
                           escalation: clock.deadlines.map { .init(position: $0.step.position, person: $0.step.person, due: $0.due, breached: $0.breached) },
                           breached: clock.isBreached, currentLevel: clock.currentLevel?.position, alertID: i.alertID)
    }

    static func list(scope: PartnerScope, partnerID: UUID? = nil, now: Date, on db: any Database) async throws -> [IncidentDTO] {
        let query = Incident.query(on: db).with(\.$partner).sort(\.$openedAt, .descending)
        scope.restrict(query, to: \.$partner.$id)
        if let partnerID { query.filter(\.$partner.$id == partnerID) }
        let incidents = try await query.all()
        var policies: [UUID: [EscalationLevel]] = [:]
        var out: [IncidentDTO] = []
        for incident in incidents {
            let pid = incident.$partner.id
            if policies[pid] == nil { policies[pid] = try await policy(of: pid, on: db) }
            out.append(dto(incident, partnerName: incident.partner.name, policy: policies[pid]!, now: now))
        }
        return out
    }

    static func require(_ id: UUID, scope: PartnerScope, on db: any Database) async throws -> Incident {
        try scope.require(try await Incident.query(on: db).filter(\.$id == id).with(\.$partner).first(), owner: { $0.$partner.id }, notFound: "No such incident.")
    }

    static func create(_ input: IncidentInput, partner: Partner, principal: Principal, alertID: UUID? = nil, now: Date = Date(), on db: any Database) async throws -> Incident {
        var errors = FieldErrors()
        Check.required(input.title, "title", into: &errors)
        Check.required(input.description, "description", max: Check.longText, into: &errors)
        let source: IncidentSource
        if principal.isPartnerUser {
            source = .partner
        } else {
            source = input.source ?? .client
        }
        if let opened = input.openedAt, opened > now.addingTimeInterval(300) { errors.add("openedAt", "cannot be in the future") }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let incident = Incident()
        incident.$partner.id = try partner.requireID()
        incident.title = input.title.trimmingCharacters(in: .whitespaces)
        incident.severity = input.severity
        incident.category = input.category
        incident.source = source
        incident.details = input.description
        incident.rootCause = ""
        incident.correctiveAction = ""
        incident.status = .open
        incident.openedAt = input.openedAt ?? now
        incident.raisedByName = principal.name
        incident.alertID = alertID
        try await db.transaction { tx in
            try await incident.create(on: tx)
            try await AuditLog.created(incident, by: principal.actor, on: tx)
            try await WebhookEvents.incidentOpened(incident, partner: partner, on: tx)
        }
        return incident
    }

    static func update(_ incident: Incident, with input: IncidentUpdate, by actor: Actor, now: Date = Date(), on db: any Database) async throws {
        var errors = FieldErrors()
        Check.length(input.rootCause, "rootCause", max: Check.longText, into: &errors)
        Check.length(input.correctiveAction, "correctiveAction", max: Check.longText, into: &errors)
        if let responded = input.respondedAt, responded < incident.openedAt { errors.add("respondedAt", "cannot be before the incident was opened") }
        if let resolved = input.resolvedAt, resolved < incident.openedAt { errors.add("resolvedAt", "cannot be before the incident was opened") }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let before = incident.auditFields
        incident.status = input.status
        if let rootCause = input.rootCause { incident.rootCause = rootCause }
        if let corrective = input.correctiveAction { incident.correctiveAction = corrective }
        if let responded = input.respondedAt { incident.respondedAt = responded }
        else if incident.respondedAt == nil && input.status != .open { incident.respondedAt = now }
        if let resolved = input.resolvedAt { incident.resolvedAt = resolved }
        else if incident.resolvedAt == nil && !input.status.isOpen { incident.resolvedAt = now }
        if input.status.isOpen && input.resolvedAt == nil { incident.resolvedAt = nil }
        try await db.transaction { tx in
            try await incident.update(on: tx)
            try await AuditLog.updated(incident, before: before, by: actor, on: tx)
        }
    }

    static func replacePolicy(_ input: EscalationPolicyInput, partner: Partner, by actor: Actor, on db: any Database) async throws -> [EscalationLevel] {
        var errors = FieldErrors()
        if input.levels.count > 10 { errors.add("levels", "at most 10 levels") }
        for (index, level) in input.levels.enumerated() {
            Check.required(level.person, "levels[\(index)].person", into: &errors)
            Check.range(level.responseMinutes, "levels[\(index)].responseMinutes", 1...43_200, into: &errors)
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let partnerID = try partner.requireID()
        try await db.transaction { tx in
            for old in try await EscalationLevel.query(on: tx).filter(\.$partner.$id == partnerID).all() {
                try await AuditLog.deleted(old, by: actor, on: tx)
                try await old.delete(on: tx)
            }
            for (index, level) in input.levels.enumerated() {
                let row = EscalationLevel()
                row.$partner.id = partnerID
                row.position = index + 1
                row.person = level.person.trimmingCharacters(in: .whitespaces)
                row.responseMinutes = level.responseMinutes
                try await row.create(on: tx)
                try await AuditLog.created(row, by: actor, on: tx)
            }
        }
        return try await policy(of: partnerID, on: db)
    }

    /// One click on a performance alert: opens a client-raised "performance" incident for the
    /// alert's partner, described from the alert and its scorecard figure, and linked to the alert.
    /// When an incident opened from that alert is still open, returns it instead (`created` false).
    /// Another partner's alert (or an unknown one) is a 404; without `manageRelationship` a 403.
    /// The incident returned has its partner loaded.
    static func openFromAlert(_ alertID: UUID, principal: Principal, now: Date = Date(), on db: any Database) async throws -> (incident: Incident, created: Bool) {
        let alert = try principal.scope.require(try await PerformanceAlert.find(alertID, on: db), owner: \.teamID, notFound: "No such alert.")
        guard principal.can(.manageRelationship) else { throw Abort(.forbidden, reason: "You may not open incidents from alerts.") }
        if let open = try await openIncident(forAlert: alertID, on: db) { return (open, false) }
        let partner = try await PartnerService.require(alert.teamID, scope: .all, on: db)
        guard partner.kind == .partner else { throw Abort(.badRequest, reason: "Alerts about an in-house team do not open partner incidents.") }
        let incident = try await create(IncidentInput(title: title(for: alert), severity: .medium, category: .performance, source: .client,
                                                      description: try await description(for: alert, on: db), openedAt: nil),
                                        partner: partner, principal: principal, alertID: alertID, now: now, on: db)
        incident.$partner.value = partner
        return (incident, true)
    }

    /// The open incident opened from an alert, if any.
    static func openIncident(forAlert alertID: UUID, on db: any Database) async throws -> Incident? {
        try await Incident.query(on: db).filter(\.$alertID == alertID).with(\.$partner).sort(\.$openedAt, .descending).all().first { $0.status.isOpen }
    }

    /// Alert id → the open incident opened from it.
    static func openIncidents(forAlerts ids: [UUID], on db: any Database) async throws -> [UUID: UUID] {
        guard !ids.isEmpty else { return [:] }
        var out: [UUID: UUID] = [:]
        for incident in try await Incident.query(on: db).filter(\.$alertID ~~ ids).all() where incident.status.isOpen {
            if let alert = incident.alertID { out[alert] = incident.id }
        }
        return out
    }

    static func title(for alert: PerformanceAlert) -> String {
        let name = KPILabels.name(alert.kpi)
        return alert.rule == "worse_than_baseline" ? "\(name) worse than at launch" : "\(name) missed its target"
    }

    /// KPI, figure, target (with status), baseline and period, from the alert and the team's
    /// scorecard for the alert's period.
    static func description(for alert: PerformanceAlert, on db: any Database) async throws -> String {
        var lines = ["Opened from a performance alert: \(alert.message)", "", "KPI: \(KPILabels.name(alert.kpi))"]
        let settings = try await PerformanceSettingsStore.load(on: db)
        if let day = LocalDate(alert.periodStart) {
            let period = ReportingPeriod(kind: settings.alerts.period, containing: UTCDay(day.startOfDayUTC))
            lines.append("Period: \(period.displayName) (\(period.displayRange))")
            let card = try await ScorecardService.scorecard(period, grouping: .team, scope: .only(alert.teamID), on: db)
            if let cell = card.rows.first(where: { $0.teamID == alert.teamID })?.cell(alert.kpi) {
                lines.append("Figure: \(cell.display)")
                lines.append("Target: \(cell.target.map { KPILabels.formatTarget($0, kind: cell.kpi) } ?? "none")\(cell.status.map { " (\($0.rawValue))" } ?? "")")
                if let baseline = cell.baseline { lines.append("Launch baseline: \(KPILabels.format(baseline, kind: cell.kpi, unit: cell.unit))") }
            }
        }
        lines.append("Rule: \(alert.rule == "worse_than_baseline" ? "worse than the launch baseline" : "missed its target \(settings.alerts.consecutiveMissedPeriods) \(settings.alerts.period.rawValue)s running")")
        return lines.joined(separator: "\n")
    }

    static func breached(scope: PartnerScope, now: Date, on db: any Database) async throws -> [IncidentDTO] {
        try await list(scope: scope, now: now, on: db).filter { $0.status.isOpen && $0.breached }
    }
}
