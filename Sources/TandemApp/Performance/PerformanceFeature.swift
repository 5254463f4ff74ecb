import Vapor

/// Start-up wiring of the performance area: its background job kinds and the in-process
/// progress board (created here, once, before any request can race to create it).
enum PerformanceFeature {
    static func configure(_ app: Application) {
        _ = app.importProgress
        app.jobHandlers.register(ImportService.jobKind, ImportService.runJob)
    }
}

extension PerformanceViews {
    static func alertTable(_ alerts: [PerformanceAlertDTO]) -> HTML {
        let rows: [[HTML]] = alerts.map { ["<a href=\"\(SiteURL.partner(.id($0.teamID)).path)\">\($0.teamName)</a>", "\(KPILabels.name($0.kpi))", "\($0.message)"] }
        return Components.table(["Team", "KPI", "Alert"], rows, empty: "No performance alerts.", id: "performance-alerts")
    }
}
