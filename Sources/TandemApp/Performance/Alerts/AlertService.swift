import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import Vapor

/// An open alert about a team's figures, as the dashboard and partner page list them.
final class PerformanceAlert: Model, @unchecked Sendable {
    static let schema = "performance_alerts"
    @ID(key: .id) var id: UUID?
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "kpi") var kpi: KPIKind
    /// "missed_run" or "worse_than_baseline".
    @Field(key: "rule") var rule: String
    @Field(key: "message") var message: String
    @Field(key: "period_start") var periodStart: String
    @Field(key: "raised_at") var raisedAt: Date
    init() {}
}

struct PerformanceAlertDTO: Content, Equatable {
    /// Stable while the alert's condition (team, KPI, rule) persists from one refresh to the next.
    let id: UUID
    let teamID: UUID
    let teamName: String
    let kpi: KPIKind
    let rule: String
    let message: String
    let periodStart: String
    /// The open incident opened from this alert, if any.
    var incidentID: UUID? = nil
    /// Partner teams can have an incident opened from the alert; the in-house team cannot.
    var isPartner: Bool = true
}

/// Evaluates the alert rules on team scorecards and replaces the stored alerts. Runs after every
/// import and whenever targets or settings change.
enum AlertService {
    static func refresh(on db: any Database) async throws {
        let context = try await ScorecardService.Context.load(on: db)
        let rules = context.settings.alerts
        var found: [PerformanceAlert] = []
        if let latest = try await ScorecardService.latestPeriod(rules.period, on: db) {
            let span = max(rules.consecutiveMissedPeriods, 1)
            let cards = try await ScorecardService.series(rules.period, first: latest.index - span + 1, count: span, grouping: .team,
                                                          scope: .all, context: context, on: db)
            for team in context.directory.teams {
                for kind in KPILabels.scorecardKPIs where kind.direction != nil {
                    let cells = cards.map { $0.rows.first { $0.teamID == team.id }?.cell(kind) }
                    if rules.missedRun(cells.map { $0?.status }) {
                        found.append(alert(team.id, kind, "missed_run", latest,
                                           "\(KPILabels.name(kind)) missed its target \(rules.consecutiveMissedPeriods) \(rules.period.rawValue)s in a row"))
                    }
                    if let cell = cells.last ?? nil, let baseline = cell.baseline, let value = cell.value, cell.enoughData,
                       let worse = LaunchBaseline.relativeDeterioration(value: value, baseline: baseline, direction: kind.direction!),
                       rules.worseThanBaselinePercent > 0, worse * 100 >= rules.worseThanBaselinePercent - 1e-9 {
                        // In the KPI's own unit: a rate moves in points ("+6.0 pts"), a time in seconds or m:ss.
                        let change = KPILabels.formatChange(from: baseline, to: value, kind: kind, unit: cell.unit)
                        found.append(alert(team.id, kind, "worse_than_baseline", latest,
                                           "\(KPILabels.name(kind)) is worse than at launch: \(KPILabels.format(value, kind: kind, unit: cell.unit)) now vs "
                                           + "\(KPILabels.format(baseline, kind: kind, unit: cell.unit)) in the first \(context.settings.baselineWeeks) weeks (\(change))"))
                    }
                }
            }
        }
        let alerts = found
        try await db.transaction { tx in
            // An alert whose condition (team, KPI, rule) still holds keeps its id, so an incident
            // opened from it stays linked across refreshes.
            let previous = Dictionary(try await PerformanceAlert.query(on: tx).all().map { ("\($0.teamID)|\($0.kpi.rawValue)|\($0.rule)", $0.id) },
                                      uniquingKeysWith: { first, _ in first })
            for alert in alerts { alert.id = previous["\(alert.teamID)|\(alert.kpi.rawValue)|\(alert.rule)"] ?? nil }
            let raised = alerts.filter { $0.id == nil }
            try await PerformanceAlert.query(on: tx).delete()
            for alert in alerts { try await alert.create(on: tx) }
            // A new condition is an "alert raised" webhook event, recorded with the alerts.
            for alert in raised {
                try await WebhookEvents.alertRaised(alert, teamName: context.directory.team(alert.teamID)?.name ?? "", on: tx)
            }
        }
    }

    private static func alert(_ team: UUID, _ kind: KPIKind, _ rule: String, _ period: ReportingPeriod, _ message: String) -> PerformanceAlert {
        let alert = PerformanceAlert()
        alert.teamID = team
        alert.kpi = kind
        alert.rule = rule
        alert.message = message + " (\(period.displayName))."
        alert.periodStart = period.firstDay.description
        alert.raisedAt = Date()
        return alert
    }

    static let keptAreas: [DataArea] = [.performance, .registry, .relationship]

    /// The open alerts as pages list them, kept until alerts, teams or incidents change.
    static func kept(_ req: Request, scope: PartnerScope) async throws -> [PerformanceAlertDTO] {
        try await req.derived("alerts:\(scope.cacheKey)", areas: keptAreas) { db in
            let alerts = try await list(scope: scope, on: db)
            return (alerts, validUntil: .distantFuture, cost: alerts.count)
        }
    }

    static func list(scope: PartnerScope, on db: any Database) async throws -> [PerformanceAlertDTO] {
        let partners = try await Partner.query(on: db).all()
        let names = Dictionary(uniqueKeysWithValues: partners.map { ($0.id!, $0.name) })
        let inHouse = Set(partners.filter { $0.kind != .partner }.compactMap(\.id))
        let alerts = scope.visible(try await PerformanceAlert.query(on: db).all(), owner: \.teamID)
        let incidents = try await IncidentService.openIncidents(forAlerts: alerts.compactMap(\.id), on: db)
        return alerts
            .map { PerformanceAlertDTO(id: $0.id!, teamID: $0.teamID, teamName: names[$0.teamID] ?? "", kpi: $0.kpi, rule: $0.rule, message: $0.message,
                                       periodStart: $0.periodStart, incidentID: incidents[$0.id!], isPartner: !inHouse.contains($0.teamID)) }
            .sorted { ($0.teamName, $0.kpi.rawValue, $0.rule) < ($1.teamName, $1.kpi.rawValue, $1.rule) }
    }
}
