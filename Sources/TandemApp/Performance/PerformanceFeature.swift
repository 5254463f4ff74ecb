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
}
