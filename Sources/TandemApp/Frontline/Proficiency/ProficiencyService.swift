import Fluent
import Foundation
import TandemFrontline
import TandemPerformance
import Vapor

struct CohortDTO: Content, Equatable {
    let label: String
    /// YYYY-MM of the start month; nil for the whole team.
    let month: String?
    let agents: Int
    let proficient: Int
    let stillRamping: Int
    let leftBeforeProficiency: Int
    let medianDays: FigureDTO
    /// Share proficient by the end of tenure week 1, 2, … (index 0 = week 1).
    let shareByWeek: [FigureDTO]

    init(_ c: CohortSummary) {
        label = c.label
        month = c.month.map { String($0.firstDay.description.prefix(7)) }
        agents = c.agents
        proficient = c.proficient
        stillRamping = c.stillRamping
        leftBeforeProficiency = c.leftBeforeProficiency
        medianDays = FigureDTO(c.medianDays)
        shareByWeek = c.shareByWeek.map(FigureDTO.init)
    }
}

struct AgentProficiencyDTO: Content, Equatable {
    let agentID: String
    let name: String?
    let startDate: String
    /// "proficient", "not_yet" or "left_before".
    let status: String
    let proficientOn: String?
    let days: Int?
    let observedDays: Int
    let explanation: String
}

struct RampCurvePointDTO: Content, Equatable {
    let week: Int
    let medianAHT: FigureDTO
    let medianQA: FigureDTO
}

struct ProficiencyDTO: Content, Equatable {
    let team: TeamRefDTO
    /// The team's first and last day of contacts or QA evaluations; nil before any data.
    let observedFrom: String?
    let asOf: String?
    let tenuredMedian: FigureDTO?
    let tenuredMedianSource: String
    /// The rule as applied, or why there is none.
    let rule: String
    let team_: CohortDTO?
    /// Starters since the data begins with no contact or evaluation at all: not measured, left out.
    let startersWithoutData: Int
    let cohorts: [CohortDTO]
    let agents: [AgentProficiencyDTO]
    let rampCurve: [RampCurvePointDTO]
    let computedAt: Date?

    enum CodingKeys: String, CodingKey {
        case team, observedFrom, asOf, tenuredMedian, tenuredMedianSource, rule, team_ = "wholeTeam", startersWithoutData, cohorts, agents, rampCurve, computedAt
    }
}

/// Time to proficiency, cohorts and ramp curves as stored for each team when its data arrived.
enum ProficiencyService {
    static func dto(_ team: Partner, on db: any Database) async throws -> ProficiencyDTO {
        let id = try team.requireID()
        let figures = try await FrontlineRefresh.figures(of: id, on: db)
        let names = Dictionary(try await RosterAgentRecord.query(on: db).filter(\.$team.$id == id).all().map { ($0.agentID, $0.name) },
                               uniquingKeysWith: { first, _ in first })
        let report = figures?.proficiency
        return ProficiencyDTO(
            team: TeamRefDTO(id: id, name: team.name, kind: team.kind), observedFrom: figures?.observedFrom?.description, asOf: figures?.asOf?.description,
            tenuredMedian: figures?.tenuredMedian.map(FigureDTO.init), tenuredMedianSource: figures?.tenuredMedianSource ?? "no data yet",
            rule: report?.ruleDescription ?? "no contacts or QA evaluations yet", team_: report?.team.map(CohortDTO.init),
            startersWithoutData: report?.startersWithoutData ?? 0, cohorts: report?.cohorts.map(CohortDTO.init) ?? [],
            agents: (report?.agents ?? []).map { a in
                let (status, on, days): (String, String?, Int?) = switch a.status {
                case .proficient(let on, let days): ("proficient", on.description, days)
                case .notYet: ("not_yet", nil, nil)
                case .leftBeforeProficiency(let on): ("left_before", on.description, nil)
                }
                return AgentProficiencyDTO(agentID: a.agentID, name: names[a.agentID], startDate: a.startDate.description, status: status,
                                           proficientOn: on, days: days, observedDays: a.observedDays, explanation: a.explanation)
            },
            rampCurve: (report?.rampCurve ?? []).map { RampCurvePointDTO(week: $0.week, medianAHT: FigureDTO($0.medianAHT), medianQA: FigureDTO($0.medianQA)) },
            computedAt: figures?.computedAt)
    }
}
