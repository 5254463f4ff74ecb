import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import TandemRelationship
import Vapor

/// Everything a quarterly business review prints for one partner and quarter.
struct QBRPack: Content, Equatable {
    let partner: PartnerDTO
    let quarter: String
    let from: LocalDate
    let through: LocalDate
    let generatedAt: Date
    let health: [RelationshipHealthDTO]
    let incidents: [IncidentDTO]
    let actionItems: [ActionItemDTO]
    let commitments: CommitmentsDTO
    let surveys: [SurveyResultDTO]
    let broadcasts: [BroadcastDTO]
    /// Decisions recorded in the quarter's meetings: the goals agreed for what comes next.
    let goals: [String]
    /// True when the partner has scorecard figures in the quarter.
    let scorecardsAvailable: Bool
    /// The partner's monthly scorecard figures against their targets, and the weekly tally.
    let scorecard: QBRScorecard
    /// SMART goals with their progress as of the day the pack is made (issue 15).
    let smartGoals: [SmartGoalDTO]
}

/// The QBR's scorecard section: the partner team's figure per KPI and month of the quarter
/// with its target and status (met/near/missed), and how its weekly figures fared.
struct QBRScorecard: Codable, Sendable, Equatable {
    struct Figure: Codable, Sendable, Equatable {
        let value: Double?
        let display: String
        let target: Double?
        let targetDisplay: String?
        let status: TargetStatus?
    }

    struct Row: Codable, Sendable, Equatable {
        let kpi: KPIKind
        let label: String
        /// One per month, in order.
        let figures: [Figure]
    }

    /// "2026-07", "2026-08", "2026-09".
    let months: [String]
    /// KPIs with a figure or a target in at least one month; empty when the partner had no contacts.
    let rows: [Row]
    /// The quarter's weekly figures with a target (the health index's KPI target attainment).
    let weeksMet: Int
    let weeksNear: Int
    let weeksMissed: Int
    /// The quarter's last month against the month before: figure vs target and trend per KPI.
    var snapshot: KPISnapshot = KPISnapshot(items: [])

    static func build(team: UUID, quarter: Quarter, on db: any Database) async throws -> QBRScorecard {
        let first = ReportingPeriod(kind: .month, containing: UTCDay(quarter.firstDay.startOfDayUTC))
        let cards = try await ScorecardService.series(.month, first: first.index, count: 3, grouping: .team, scope: .only(team), context: .load(on: db), on: db)
        let teamRows = cards.map { card in card.rows.first { $0.teamID == team } }
        // No contacts in the quarter: no figures to show (zero counts would say nothing).
        let hasData = teamRows.contains { $0?.cells.contains { $0.sampleSize > 0 } ?? false }
        let kinds = hasData ? cards.first?.kpis ?? [] : []
        let rows: [Row] = kinds.compactMap { kind in
            let cells = teamRows.map { $0?.cell(kind) }
            guard cells.contains(where: { $0?.value != nil || $0?.target != nil }) else { return nil }
            return Row(kpi: kind, label: KPILabels.name(kind), figures: cells.map { cell in
                Figure(value: cell?.value, display: cell?.display ?? "—", target: cell?.target,
                       targetDisplay: cell?.target.map { KPILabels.formatTarget($0, kind: kind) }, status: cell?.status)
            })
        }
        let judged = try await KPIAttainment.judged(team: team, weeks: KPIAttainment.weeks(in: quarter), on: db)
        // The latest month with contacts against the month before it.
        let last = teamRows.lastIndex { $0?.cells.contains { $0.sampleSize > 0 } ?? false }
        let snapshot = last.map { KPISnapshot.build(current: teamRows[$0], previous: $0 > 0 ? teamRows[$0 - 1] : nil) } ?? KPISnapshot(items: [])
        return QBRScorecard(months: cards.map { $0.period.displayName }, rows: rows,
                            weeksMet: judged.filter { $0.status == .met }.count, weeksNear: judged.filter { $0.status == .near }.count,
                            weeksMissed: judged.filter { $0.status == .missed }.count, snapshot: hasData ? snapshot : KPISnapshot(items: []))
    }
}

enum QBRService {
    static func build(partner: Partner, quarter: Quarter, today: LocalDate, now: Date = Date(), on db: any Database) async throws -> QBRPack {
        let dto = PartnerService.dto(partner)
        let scope = PartnerScope.only(dto.id)
        let inQuarter = { (date: Date) in quarter.contains(LocalDate(date: date)) }
        let end = quarter.next.firstDay.startOfDayUTC
        // Opened in the quarter, or opened before its end and still open: what the review has to discuss.
        let incidents = try await IncidentService.list(scope: scope, now: now, on: db).filter { inQuarter($0.openedAt) || ($0.status.isOpen && $0.openedAt < end) }
        let items = try await CadenceService.actionItems(of: dto.id, on: db).map { CadenceService.actionDTO($0, today: today) }
            .filter { quarter.contains($0.dueDate) || ($0.late && $0.dueDate < quarter.firstDay) }
        var surveys: [SurveyResultDTO] = []
        for direction in SurveyDirection.allCases {
            if let result = try await SurveyService.results(partner: dto, quarter: quarter, direction: direction, on: db) { surveys.append(result) }
        }
        let meetings = try await CadenceService.meetings(of: dto.id, on: db).filter { inQuarter($0.startsAt) }
        let goals = meetings.sorted { $0.startsAt < $1.startsAt }.flatMap { m in
            m.decisions.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .map { $0.hasPrefix("- ") || $0.hasPrefix("* ") ? String($0.dropFirst(2)) : $0 }.filter { !$0.isEmpty }
        }
        let scorecard = try await QBRScorecard.build(team: dto.id, quarter: quarter, on: db)
        return QBRPack(
            partner: dto, quarter: quarter.description, from: quarter.firstDay, through: quarter.lastDay, generatedAt: now,
            health: try await HealthService.history(partner: dto, through: quarter, today: today, on: db),
            incidents: incidents, actionItems: items,
            commitments: try await CadenceService.commitments(of: dto.id, quarters: quarter.trailing(4), today: today, on: db),
            surveys: surveys,
            broadcasts: try await BroadcastService.list(scope: scope, today: today, on: db).filter { quarter.contains($0.effectiveDate) },
            goals: goals, scorecardsAvailable: !scorecard.rows.isEmpty, scorecard: scorecard,
            smartGoals: try await GoalService.list(partnerID: dto.id, today: today, on: db))
    }
}
