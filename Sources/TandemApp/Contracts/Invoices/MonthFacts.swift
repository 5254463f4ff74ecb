import Fluent
import Foundation
import TandemContracts
import TandemPartners
import TandemPerformance
import TandemStaffing

/// What Tandem itself knows about one team's month, from the scorecards (KPI figures, handled
/// contacts, resolutions), the capacity plan (required hours and the forecast share), the
/// schedule import and the delivered-hours import. `nil` keys in the per-channel maps are the
/// team's total; a missing source stays nil (unknown), never zero.
struct MonthFacts: Sendable {
    var figures: [KPIKind: KPIResult] = [:]
    var offered: Int?
    /// The team's share of the forecast contacts (Σ forecast contacts × the team's share of the interval's FTE).
    var forecastContacts: Double?
    var requiredHours: [ChannelKind?: Double]?
    var scheduledHours: [ChannelKind?: Double]?
    var handled: [ChannelKind?: Int] = [:]
    var resolutions: [ChannelKind?: Int] = [:]
    var productiveHours: Decimal?
    var loggedHours: Decimal?
    var adherentHours: Decimal?
    var sources: [String] = []
}

enum MonthFactsLoader {
    /// Plans are built per week and shared by every month and team of one recompute.
    final class PlanCache: @unchecked Sendable {
        var weeks: [LocalDate: PlanContext?] = [:]
        init() {}
    }

    static func load(partnerID: UUID, months: [BillingMonth], plans: PlanCache = PlanCache(), on db: any Database) async throws -> [BillingMonth: MonthFacts] {
        guard let first = months.min(), let last = months.max() else { return [:] }
        var facts = Dictionary(uniqueKeysWithValues: months.map { ($0, MonthFacts()) })
        let wanted = Set(months)
        let channelKinds = Dictionary(try await Channel.query(on: db).all().map { ($0.id!, $0.kind) }, uniquingKeysWith: { a, _ in a })
        let queueChannel = Dictionary(try await Queue.query(on: db).all().map { ($0.id!, $0.$channel.id) }, uniquingKeysWith: { a, _ in a })

        // Scorecards: the team row per month, and the team × channel rows for handled contacts per channel.
        let context = try await ScorecardService.Context.load(on: db)
        let minimum = context.settings.kpi.minimumSample
        let count = last.index - first.index + 1
        let teamCards = try await ScorecardService.series(.month, first: first.index, count: count, grouping: .team, scope: .only(partnerID), context: context, on: db)
        for card in teamCards {
            let month = BillingMonth(index: card.period.index)
            guard wanted.contains(month), let row = card.rows.first(where: { $0.teamID == partnerID }) else { continue }
            for cell in row.cells {
                facts[month]!.figures[cell.kpi] = KPIResult(kind: cell.kpi, value: cell.value, numerator: cell.numerator, denominator: cell.denominator,
                                                            sampleSize: cell.sampleSize, minimumSample: cell.unit == .count ? 0 : minimum,
                                                            formula: cell.formula, unit: cell.unit)
            }
            if let offered = row.cell(.offered)?.value { facts[month]!.offered = Int(offered.rounded()) }
            if let handled = row.cell(.handled)?.value { facts[month]!.handled[nil] = Int(handled.rounded()) }
            if let fcr = row.cell(.firstContactResolution), fcr.denominator > 0 { facts[month]!.resolutions[nil] = Int(fcr.numerator.rounded()) }
        }
        let channelCards = try await ScorecardService.series(.month, first: first.index, count: count, grouping: .channel, scope: .only(partnerID), context: context, on: db)
        for card in channelCards {
            let month = BillingMonth(index: card.period.index)
            guard wanted.contains(month) else { continue }
            for row in card.rows where row.teamID == partnerID {
                guard let channel = row.channelID, let kind = channelKinds[channel] else { continue }
                if let handled = row.cell(.handled)?.value { facts[month]!.handled[kind, default: 0] += Int(handled.rounded()) }
                if let fcr = row.cell(.firstContactResolution), fcr.denominator > 0 { facts[month]!.resolutions[kind, default: 0] += Int(fcr.numerator.rounded()) }
            }
        }

        // Delivered hours (and schedule adherence, when the file carried it).
        let delivered = try await DeliveredHours.query(on: db).filter(\.$partner.$id == partnerID).filter(\.$month ~~ months.map(\.description)).all()
        for (monthText, rows) in Dictionary(grouping: delivered, by: \.month) {
            guard let month = BillingMonth(monthText) else { continue }
            var productive = Decimal(0), logged = Decimal(0), adherent = Decimal(0)
            var adherence = AdherenceMinutes(scheduledMinutes: 0, minutesOutOfAdherence: 0, agentPeriods: 0)
            for row in rows {
                let p = Decimal(exactly: row.productiveHours) ?? 0
                productive += p
                logged += Decimal(exactly: row.loggedHours) ?? 0
                if let scheduled = row.scheduledMinutes.flatMap({ Double($0) }), let out = row.outOfAdherenceMinutes.flatMap({ Double($0) }) {
                    adherence = adherence + AdherenceMinutes(scheduledMinutes: scheduled, minutesOutOfAdherence: out)
                    let outHours = (Decimal(exactly: row.outOfAdherenceMinutes!) ?? 0) / 60
                    adherent += max(0, p - outHours)
                }
            }
            facts[month]!.productiveHours = productive
            facts[month]!.loggedHours = logged
            facts[month]!.sources.append("delivered: \(rows.count) agent-days imported")
            if adherence.agentPeriods > 0 {
                facts[month]!.adherentHours = adherent.rounded(scale: 2)
                facts[month]!.figures[.scheduleAdherence] = WorkforceKPIs.scheduleAdherence(adherence, minimumSample: minimum)
            }
        }

        // The schedule import: Σ agents × interval hours.
        for month in months {
            let from = PlanTime.minute(month.firstDay), to = PlanTime.minute(month.advanced(by: 1).firstDay)
            let rows = try await ScheduleRow.query(on: db).filter(\.$partner.$id == partnerID)
                .filter(\.$startMinute >= from).filter(\.$startMinute < to).all()
            guard !rows.isEmpty else { continue }
            guard spansMonth(rows.map(\.startMinute), month) else {
                facts[month]!.sources.append("scheduled: the schedule import covers only part of \(month) (\(coverage(rows.map(\.startMinute)))): not compared")
                continue
            }
            var hours: [ChannelKind?: Double] = [:]
            for row in rows {
                let h = row.agents * Double(row.intervalMinutes) / 60
                hours[nil, default: 0] += h
                if let kind = queueChannel[row.$queue.id].flatMap({ channelKinds[$0] }) { hours[kind, default: 0] += h }
            }
            facts[month]!.scheduledHours = hours
            facts[month]!.sources.append("scheduled: \(rows.count) schedule intervals imported")
        }

        // The capacity plan, week by week, counting the intervals that fall in the month.
        for month in months {
            let from = PlanTime.minute(month.firstDay), to = PlanTime.minute(month.advanced(by: 1).firstDay)
            let starts = try await ForecastRow.query(on: db).filter(\.$startMinute >= from).filter(\.$startMinute < to).field(\.$startMinute).all().map(\.startMinute)
            guard !starts.isEmpty else { continue }
            guard spansMonth(starts, month) else {
                facts[month]!.sources.append("required: the forecast covers only part of \(month) (\(coverage(starts))): not compared")
                continue
            }
            var required: [ChannelKind?: Double] = [nil: 0]
            var forecast = 0.0
            var week = PlanTime.monday(of: month.firstDay)
            while week <= month.lastDay {
                if plans.weeks[week] == nil { plans.weeks[week] = .some(try? await PlanService.build(week: week, scope: .all, on: db)) }
                if let plan = plans.weeks[week] ?? nil {
                    for line in plan.plan.lines {
                        let minute = PlanTime.minute(line.start)
                        guard minute >= from, minute < to, let fte = line.teamFTE[partnerID], fte > 0 else { continue }
                        required[nil, default: 0] += fte * line.hours
                        if let kind = channelKinds[line.channel] { required[kind, default: 0] += fte * line.hours }
                        if line.requirement.scheduledFTE > 0 { forecast += line.requirement.contacts * fte / line.requirement.scheduledFTE }
                    }
                }
                week = week.adding(days: 7)
            }
            facts[month]!.requiredHours = required
            facts[month]!.forecastContacts = forecast
            facts[month]!.sources.append("required: capacity plan of the forecast, this team's allocation share")
        }
        return facts
    }

    /// A month's plan or schedule is compared with a whole month's invoice only when it spans the
    /// month: data in its first and its last week (a week's schedule is not a month's).
    static func spansMonth(_ minutes: [Int], _ month: BillingMonth) -> Bool {
        guard let first = minutes.min(), let last = minutes.max() else { return false }
        return PlanTime.day(ofMinute: first) < month.firstDay.adding(days: 7) && PlanTime.day(ofMinute: last) > month.lastDay.adding(days: -7)
    }

    static func coverage(_ minutes: [Int]) -> String {
        guard let first = minutes.min(), let last = minutes.max() else { return "nothing" }
        return "\(PlanTime.day(ofMinute: first)) to \(PlanTime.day(ofMinute: last))"
    }

    static func decimal(_ value: Double?) -> Decimal? {
        value.flatMap { Decimal(string: String(format: "%.2f", $0)) }
    }
}
