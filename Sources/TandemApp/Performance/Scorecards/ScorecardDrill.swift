import Fluent
import Foundation
import SQLKit
import TandemPartners
import TandemPerformance
import Vapor

/// Drill-down from a scorecard figure to the team × queue × day rollups behind it: every day and
/// queue with its counts, the KPI's numerator and denominator, and the total that is the figure.
/// Reads the daily rollups through `RollupStore.periodRollups` (one UTC day at a time), never the
/// raw contacts.
enum ScorecardDrill {
    struct Line: Sendable {
        let day: LocalDate
        let queue: ScorecardQueue?
        let result: KPIResult
        let offered: Int
        let handled: Int
    }

    struct Page: Sendable {
        let team: ScorecardTeam
        let kpi: KPIKind
        let period: ReportingPeriod
        let grouping: ScorecardGrouping
        let segment: String?
        let lines: [Line]
        let total: KPIResult
        let minimumSample: Int
    }

    /// The URL of a cell's drill-down page.
    static func link(team: UUID, kpi: KPIKind, period: ReportingPeriod, row: ScorecardRow) -> String {
        var query: [(String, String)] = [("team", team.uuidString.lowercased()), ("kpi", kpi.rawValue), ("period", period.kind.rawValue),
                                         ("at", period.firstDay.description)]
        if let queue = row.queueID { query.append(("queue", queue.uuidString.lowercased())) }
        if let channel = row.channelID { query.append(("channel", channel.uuidString.lowercased())) }
        return SiteURL.performanceDrill.path(query: query)
    }

    @Sendable static func page(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        guard let teamID = req.query[String.self, at: "team"].flatMap(UUID.init(uuidString:)),
              let kpi = req.query[String.self, at: "kpi"].flatMap(KPIKind.init(rawValue:)), kpi != .qaScore,
              let at = req.query[String.self, at: "at"].flatMap(LocalDate.init)
        else { throw Abort(.notFound, reason: "No such figure.") }
        try principal.scope.require(teamID, notFound: "No such figure.")
        let context = try await ScorecardService.Context.load(on: req.db)
        guard let team = context.directory.team(teamID) else { throw Abort(.notFound, reason: "No such figure.") }
        let kind = PeriodKind(rawValue: req.query[String.self, at: "period"] ?? "") ?? .week
        let period = ReportingPeriod(kind: kind, containing: UTCDay(at.startOfDayUTC))
        let queueFilter = req.query[String.self, at: "queue"].flatMap(UUID.init(uuidString:))
        let channelFilter = req.query[String.self, at: "channel"].flatMap(UUID.init(uuidString:))
        let page = try await build(team: team, kpi: kpi, period: period, queue: queueFilter, channel: channelFilter, context: context,
                                   on: req.db as! any SQLDatabase)
        return render(page, req.pageContext())
    }

    static func build(team: ScorecardTeam, kpi: KPIKind, period: ReportingPeriod, queue: UUID?, channel: UUID?,
                      context: ScorecardService.Context, on sql: any SQLDatabase) async throws -> Page {
        let settings = context.settings.kpi
        var lines: [Line] = []
        var total = KPIRollup.empty
        // The period's days in one query, then day by day.
        let byDay = Dictionary(grouping: try await RollupStore.dayRollups(days: period.firstDay.daysSince1970..<period.endDay.daysSince1970,
                                                                            teamIDs: [team.id], repeatContactWindowDays: settings.repeatContactWindowDays,
                                                                            on: sql), by: \.day)
        for (day, rows) in byDay.sorted(by: { $0.key < $1.key }) {
            for row in rows.sorted(by: { (context.directory.queue($0.queueID)?.name ?? "") < (context.directory.queue($1.queueID)?.name ?? "") }) {
                let info = context.directory.queue(row.queueID)
                if let queue, row.queueID != queue { continue }
                if let channel, info?.channelID != channel { continue }
                let kpis = ContactKPIs(rollup: row.rollup, settings: settings)
                guard let result = kpis.all.first(where: { $0.kind == kpi }) else { continue }
                lines.append(Line(day: LocalDate(date: UTCDay(daysSince1970: day).start), queue: info, result: result,
                                  offered: Int(kpis.offered.value ?? 0), handled: Int(kpis.handled.value ?? 0)))
                total += row.rollup
            }
        }
        let totals = ContactKPIs(rollup: total, settings: settings)
        let result = totals.all.first { $0.kind == kpi }!
        let segment = queue.flatMap { context.directory.queue($0)?.name } ?? channel.flatMap { id in context.directory.queues.first { $0.channelID == id }?.channelName }
        return Page(team: team, kpi: kpi, period: period, grouping: queue != nil ? .queue : channel != nil ? .channel : .team, segment: segment,
                    lines: lines, total: result, minimumSample: settings.minimumSample)
    }

    static func figure(_ result: KPIResult) -> String {
        result.status == .value || result.value == nil || result.unit == .count
            ? KPILabels.format(result.value, kind: result.kind, unit: result.unit) : "\(ThinData.label) (\(KPILabels.format(result.value, kind: result.kind, unit: result.unit)))"
    }

    static func parts(_ result: KPIResult) -> String {
        result.unit == .count ? ContactCentreFormat.count(result.value ?? 0)
            : "\(ContactCentreFormat.number(result.numerator, digits: result.numerator == result.numerator.rounded() ? 0 : 1)) ÷ \(ContactCentreFormat.number(result.denominator, digits: result.denominator == result.denominator.rounded() ? 0 : 1))"
    }

    static func render(_ p: Page, _ context: PageContext) -> HTML {
        let name = KPILabels.name(p.kpi)
        let rows: [[HTML]] = p.lines.map { line in
            ["\(PerformanceDrillDay.label(line.day))", "\(line.queue?.name ?? "—")", "\(ContactCentreFormat.count(line.offered))", "\(ContactCentreFormat.count(line.handled))",
             "\(parts(line.result))", "\(ContactCentreFormat.count(line.result.sampleSize))",
             line.result.status == .value || line.result.unit == .count ? "\(figure(line.result))" : "<span class=\"thin-mark\">\(figure(line.result))</span>"]
        }
        let totalRow: HTML = """
        <p id="drill-total"><strong>\(p.period.kind == .week ? "Week" : "Month") total: \(figure(p.total))</strong> = \(parts(p.total)) · n = \(ContactCentreFormat.count(p.total.sampleSize))\(p.total.status == .value || p.total.unit == .count ? "" : ", below the minimum sample of \(ContactCentreFormat.count(p.minimumSample))")</p>
        """
        return Layout.page("\(name): \(p.team.name)", context, section: .performance, """
        <p class="crumbs">\(Components.link(.performance, "Scorecards")) · <a href="\(SiteURL.performance.path)\(PerformanceViews.query(p.period, p.grouping))">\(p.period.displayName)</a></p>
        <h1>\(name): \(p.team.name)\(p.segment.map { ", \($0)" } ?? "")</h1>
        <p class="lead">\(p.period.displayRange) · the team × queue × day rollups behind the scorecard figure.</p>
        \(totalRow)
        <p class="how">\(name) = \(p.total.formula). Each day's numerator and denominator add up to the total's: the figure is Σ numerator ÷ Σ denominator over the days, never an average of daily figures. Days are UTC.</p>
        \(Components.table(["Day", "Queue", "Offered", "Handled", "Numerator ÷ denominator", "n", name], rows, empty: "No contacts for this team in this period.", id: "drill-days"))
        """)
    }
}

enum PerformanceDrillDay {
    static func label(_ day: LocalDate) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let weekday = calendar.component(.weekday, from: day.startOfDayUTC)
        return "\(["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][weekday - 1]) \(day.display)"
    }
}
