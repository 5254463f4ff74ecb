import Fluent
import Foundation
import TandemPartners
import TandemStaffing
import Vapor

struct ExitAbsorberDTO: Content, Equatable {
    let teamID: UUID
    let teamName: String
    let spareHoursPerWeek: Double
    let absorbedHoursPerWeek: Double
}

struct ExitChannelDTO: Content, Equatable {
    let channelID: UUID
    let channelName: String
    let hiringDays: Int
    let trainingDays: Int
    let leavingHoursPerWeek: Double
    let daysExposed: Int
    let uncoveredHoursPerWeek: Double
    let uncoveredHoursTotal: Double
    let absorbers: [ExitAbsorberDTO]
}

struct ExitScenarioDTO: Content, Equatable {
    let week: LocalDate
    let teamID: UUID
    let teamName: String
    let noticeDays: Int
    /// Where the notice period comes from: the contract version in force, or the staffing rules.
    let noticeSource: String
    /// The contract's exit terms, when the team has a contract (issue 14).
    let contract: ContractExitDTO?
    let leavingHoursPerWeek: Double
    let maxDaysExposed: Int
    let uncoveredHoursPerWeek: Double
    let uncoveredHoursTotal: Double
    let channels: [ExitChannelDTO]
    let method: String
}

/// "What if this team leaves?" on the week's plan and schedules.
enum ExitScenarioService {
    static let method = """
    Days exposed = max(0, hiring + training days of the channel − the team's notice days). Spare capacity of another team = \
    max(0, scheduled − required hours per week) on the same channel, used largest first. Uncovered hours per week = the \
    leaving team's required hours − what spare capacity absorbs (0 when nothing is exposed); in total = per week × days exposed ÷ 7.
    """

    static func evaluate(team teamID: UUID, context: PlanContext, on db: any Database) async throws -> ExitScenarioDTO {
        guard let team = context.teams.first(where: { $0.id == teamID }) else { throw Abort(.notFound, reason: "No such team.") }
        // The partner's notice from its contract where one exists; the hand-typed rule otherwise.
        let contract = try await ContractExitTerms.forTeam(teamID, today: LocalDate(date: Date()), on: db)
        var notice = StaffingRulesService.defaultNoticeDays
        if let contract { notice = contract.partnerNoticeDays }
        else if let rule = try await StaffingRulesService.noticePeriods(scope: .all, on: db).first(where: { $0.teamID == teamID }) { notice = rule.noticeDays }
        let source = contract.map { "contract version \($0.contractVersion) (partner's notice)" } ?? "staffing rules (no contract)"
        let leadTimes = try await StaffingRulesService.leadTimes(on: db)
        let required = context.plan.teamChannelHours
        let actual = context.coverage.teamChannelHours(channelOf: context.channelOf)
        let inputs: [ExitScenario.ChannelInput] = leadTimes.map { lead in
            var requiredByTeam: [UUID: Double] = [:], scheduledByTeam: [UUID: Double] = [:]
            for (team, channels) in required { if let hours = channels[lead.channelID] { requiredByTeam[team] = hours } }
            for (team, channels) in actual { if let hours = channels[lead.channelID] { scheduledByTeam[team] = hours.scheduled } }
            return .init(channel: lead.channelID, leadTime: .init(hiringDays: lead.hiringDays, trainingDays: lead.trainingDays),
                         requiredHoursPerWeek: requiredByTeam, scheduledHoursPerWeek: scheduledByTeam)
        }
        let result = ExitScenario.evaluate(leaving: teamID, noticeDays: notice, channels: inputs)
        let names = Dictionary(context.teams.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return ExitScenarioDTO(
            week: context.dto.week, teamID: teamID, teamName: team.name, noticeDays: notice, noticeSource: source, contract: contract, leavingHoursPerWeek: result.leavingHoursPerWeek,
            maxDaysExposed: result.maxDaysExposed, uncoveredHoursPerWeek: result.uncoveredHoursPerWeek, uncoveredHoursTotal: result.uncoveredHoursTotal,
            channels: result.channels.map { c in
                ExitChannelDTO(channelID: c.channel, channelName: context.channelNames[c.channel] ?? "?", hiringDays: c.leadTime.hiringDays,
                               trainingDays: c.leadTime.trainingDays, leavingHoursPerWeek: c.leavingHoursPerWeek, daysExposed: c.daysExposed,
                               uncoveredHoursPerWeek: c.uncoveredHoursPerWeek, uncoveredHoursTotal: c.uncoveredHoursTotal,
                               absorbers: c.absorbers.map { ExitAbsorberDTO(teamID: $0.team, teamName: names[$0.team] ?? "?", spareHoursPerWeek: $0.spareHoursPerWeek, absorbedHoursPerWeek: $0.absorbedHoursPerWeek) })
            },
            method: method
        )
    }

    /// What a partner user sees when the client shares exit scenarios: its own team leaving only,
    /// with the other teams that could absorb its hours folded into one line without their names
    /// or spare capacity (another partner's capacity is not this partner's to know).
    static func forPartner(_ dto: ExitScenarioDTO) -> ExitScenarioDTO {
        ExitScenarioDTO(week: dto.week, teamID: dto.teamID, teamName: dto.teamName, noticeDays: dto.noticeDays, noticeSource: dto.noticeSource,
                        contract: dto.contract, leavingHoursPerWeek: dto.leavingHoursPerWeek,
                        maxDaysExposed: dto.maxDaysExposed, uncoveredHoursPerWeek: dto.uncoveredHoursPerWeek, uncoveredHoursTotal: dto.uncoveredHoursTotal,
                        channels: dto.channels.map { c in
                            let absorbed = c.absorbers.reduce(0) { $0 + $1.absorbedHoursPerWeek }
                            return ExitChannelDTO(channelID: c.channelID, channelName: c.channelName, hiringDays: c.hiringDays, trainingDays: c.trainingDays,
                                                  leavingHoursPerWeek: c.leavingHoursPerWeek, daysExposed: c.daysExposed, uncoveredHoursPerWeek: c.uncoveredHoursPerWeek,
                                                  uncoveredHoursTotal: c.uncoveredHoursTotal,
                                                  absorbers: absorbed > 0 ? [ExitAbsorberDTO(teamID: dto.teamID, teamName: "other teams", spareHoursPerWeek: absorbed,
                                                                                              absorbedHoursPerWeek: absorbed)] : [])
                        }, method: dto.method)
    }

    /// Partner users see exit scenarios only when the client shares them (Performance settings,
    /// "What partner users see"), and then only their own team's.
    static func requireReadable(_ principal: Principal, on db: any Database) async throws {
        guard principal.isPartnerUser else { return }
        guard try await PerformanceSettingsStore.load(on: db).partners.shareExitScenarios else {
            throw Abort(.forbidden, reason: "Exit scenarios are for the client's team.")
        }
    }
}
