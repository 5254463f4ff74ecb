import Fluent
import Foundation
import TandemPartners
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
    /// Seam: scorecard sections arrive with the performance scorecards.
    let scorecardsAvailable: Bool
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
        return QBRPack(
            partner: dto, quarter: quarter.description, from: quarter.firstDay, through: quarter.lastDay, generatedAt: now,
            health: try await HealthService.history(partner: dto, through: quarter, today: today, on: db),
            incidents: incidents, actionItems: items,
            commitments: try await CadenceService.commitments(of: dto.id, quarters: quarter.trailing(4), today: today, on: db),
            surveys: surveys,
            broadcasts: try await BroadcastService.list(scope: scope, today: today, on: db).filter { quarter.contains($0.effectiveDate) },
            goals: goals, scorecardsAvailable: false)
    }
}
