import TandemPerformance
import Vapor

/// Start-up wiring of the performance area: its background job kinds and the in-process
/// progress board (created here, once, before any request can race to create it).
enum PerformanceFeature {
    static func configure(_ app: Application) {
        _ = app.importProgress
        app.jobHandlers.register(ImportService.jobKind, ImportService.runJob, onGiveUp: ImportService.giveUp)
    }
}

extension PerformanceViews {
    /// `incidentCSRF`: pass the page's CSRF token when the user may manage the relationship, to
    /// offer "Open incident" (or a link to the incident already open for the alert) on partner rows.
    static func alertTable(_ alerts: [PerformanceAlertDTO], incidentCSRF: String? = nil) -> HTML {
        let rows: [[HTML]] = alerts.map { a in
            var row: [HTML] = ["<a href=\"\(SiteURL.partner(.id(a.teamID)).path)\">\(a.teamName)</a>", "\(KPILabels.name(a.kpi))", "\(a.message)"]
            if let csrf = incidentCSRF {
                if let incident = a.incidentID { row.append(Components.link(.incident(.id(incident)), "Incident open")) }
                else if a.isPartner { row.append(Components.postButton(.alertIncident(.id(a.id)), "Open incident", csrf: csrf)) }
                else { row.append("") }
            }
            return row
        }
        return Components.table(["Team", "KPI", "Alert"] + (incidentCSRF == nil ? [] : [""]), rows, empty: "No performance alerts.", id: "performance-alerts")
    }

    /// The alerts one row per team (one problem is often seen from several KPIs), the worst team
    /// first: most alerts, then most missed-target runs, then name. Every alert stays listed in its row.
    static func groupedAlertTable(_ alerts: [PerformanceAlertDTO], incidentCSRF: String? = nil) -> HTML {
        let groups = groupedByTeam(alerts)
        let rows: [[HTML]] = groups.map { team in
            let items: [HTML] = team.alerts.map { a in
                var action: HTML = .empty
                if let csrf = incidentCSRF {
                    if let incident = a.incidentID { action = " \(Components.link(.incident(.id(incident)), "Incident open"))" }
                    else if a.isPartner { action = " \(Components.postButton(.alertIncident(.id(a.id)), "Open incident", csrf: csrf))" }
                }
                return "<li><strong>\(KPILabels.name(a.kpi))</strong>: \(a.message)\(action)</li>"
            }
            return ["<a href=\"\(SiteURL.partner(.id(team.teamID)).path)\">\(team.teamName)</a>", "\(team.alerts.count)", "<ul class=\"alert-list\">\(items)</ul>"]
        }
        let how: HTML = alerts.isEmpty ? .empty
            : "<p class=\"how\">\(alerts.count) alert\(alerts.count == 1 ? "" : "s") on \(groups.count) team\(groups.count == 1 ? "" : "s"), one row per team, the team with the most alerts first (then the most missed-target runs).</p>"
        return "\(Components.table(["Team", "Alerts", "What"], rows, empty: "No performance alerts.", id: "performance-alerts"))\(how)"
    }

    struct TeamAlerts: Sendable { let teamID: UUID; let teamName: String; let alerts: [PerformanceAlertDTO] }

    static func groupedByTeam(_ alerts: [PerformanceAlertDTO]) -> [TeamAlerts] {
        func ruleOrder(_ rule: String) -> Int { rule == "missed_run" ? 0 : 1 }
        return Dictionary(grouping: alerts, by: \.teamID).map { id, list in
            TeamAlerts(teamID: id, teamName: list[0].teamName,
                       alerts: list.sorted { (ruleOrder($0.rule), KPILabels.name($0.kpi)) < (ruleOrder($1.rule), KPILabels.name($1.kpi)) })
        }.sorted { a, b in
            let missedA = a.alerts.filter { $0.rule == "missed_run" }.count, missedB = b.alerts.filter { $0.rule == "missed_run" }.count
            return (-a.alerts.count, -missedA, a.teamName.lowercased()) < (-b.alerts.count, -missedB, b.teamName.lowercased())
        }
    }
}
