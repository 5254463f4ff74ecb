import Fluent
import Foundation
import TandemPartners
import TandemStaffing
import Vapor

struct PlanTeamDTO: Content, Equatable {
    let teamID: UUID
    let teamName: String
    let kind: TeamKind
    /// Σ the team's share of scheduled FTE × interval hours.
    let requiredHours: Double
    let scheduledHours: Double
    /// Σ max(0, required − scheduled) × hours, interval by interval.
    let underHours: Double
    let overHours: Double
}

struct PlanShareDTO: Content, Equatable {
    let teamID: UUID
    let teamName: String
    let requiredHours: Double
}

struct PlanQueueDTO: Content, Equatable {
    let queueID: UUID
    let queueName: String
    let queueCode: String
    let channelID: UUID
    let channelName: String
    /// erlang_c, erlang_a or workload.
    let model: String
    /// The settings in words, e.g. "80% in 20 s · shrinkage 30%".
    let target: String
    let intervals: Int
    let intervalMinutes: Int
    let contacts: Double
    /// Σ fractional agents × hours (on the phones, before shrinkage). Nil for partner users.
    let agentHours: Double?
    /// Σ scheduled FTE × hours. Nil for partner users.
    let requiredHours: Double?
    /// Largest whole-agent requirement of any interval. Nil for partner users.
    let peakAgents: Int?
    let shares: [PlanShareDTO]
}

struct ConcentrationWarningDTO: Content, Equatable {
    /// queue or channel.
    let scope: String
    let scopeID: UUID
    let scopeName: String
    let teamID: UUID
    let teamName: String
    let sharePercent: Double
    let shifts: [String]
    let message: String
}

/// A queue that some required hours (or its whole forecast) cannot be given to a team: no
/// allocation in force, a shift without one, or shares adding up to less than 100%.
struct UnallocatedQueueDTO: Content, Equatable {
    let queueID: UUID
    let queueName: String
    /// "no allocation in force", "no allocation for the overnight shift", "shares add up to 90%".
    let reason: String
    /// Required hours of the week that no team is asked to staff (0 when the queue has no forecast this week).
    let requiredHours: Double
    let hasForecast: Bool
}

/// Why a team's week reads as it does: over its required hours in total yet short in some slots.
struct TeamShortfallDTO: Content, Equatable {
    let teamID: UUID
    let slots: Int
    let shortSlots: Int
    /// Plan time of the worst slot, `YYYY-MM-DDTHH:MM`, and its queue; nil when never short.
    let worstSlot: String?
    var worstQueue: String? = nil
    let worstShortAgents: Double
}

struct PlanDTO: Content, Equatable {
    let week: LocalDate
    let teams: [PlanTeamDTO]
    let queues: [PlanQueueDTO]
    /// What every team together must schedule; nil for partner users.
    let totalRequiredHours: Double?
    let unallocatedHours: Double?
    /// Peak agents on the phones across queues: pooled (fractional sum rounded once) and
    /// naive (each queue rounded up first). Nil for partner users.
    let peakPooledAgents: Int?
    let peakRoundedEachAgents: Int?
    let warnings: [ConcentrationWarningDTO]
    let concentrationLimitPercent: Double
    let exemptShifts: [String]
    let method: String
    /// Every queue with required hours or a forecast that no allocation fully covers; nil for partner users.
    var unallocatedQueues: [UnallocatedQueueDTO]? = nil
    /// Per team: slots short of the requirement despite the week's totals.
    var shortfalls: [TeamShortfallDTO] = []
    /// Where the week's volume comes from: the one forecast the plan, the heatmaps and the exit scenario read.
    var volumeSource: String = ""
}

/// Everything the plan pages need: the DTO plus the raw results for heatmaps and scenarios.
struct PlanContext: Sendable {
    let dto: PlanDTO
    let plan: CapacityPlan.Result
    let coverage: Coverage.Result
    let teams: [PartnerDTO]
    let channelOf: [UUID: UUID]
    let channelNames: [UUID: String]
    let shiftHours: ShiftHours
    let scope: PartnerScope
}

enum PlanService {
    static let method = """
    Per queue and interval: traffic A = contacts × AHT ÷ interval (AHT ÷ (concurrency × efficiency) for chat); \
    required agents = the smallest N meeting the target (Erlang C, Erlang A when a patience is set, A ÷ max occupancy for \
    deferred work), kept fractional; scheduled FTE = fractional agents ÷ (1 − shrinkage); a team's required hours = \
    Σ FTE × its allocation share × interval hours. Rounded only for display.
    """

    /// The week shown by default: this week if it has a forecast, else the next week with
    /// one, else the last one; this week when there is no forecast at all.
    static func defaultWeek(on db: any Database, today: LocalDate = LocalDate(date: Date())) async throws -> LocalDate {
        let thisWeek = PlanTime.monday(of: today)
        let from = PlanTime.minute(thisWeek)
        if let next = try await ForecastRow.query(on: db).filter(\.$startMinute >= from).sort(\.$startMinute).first() {
            return PlanTime.monday(of: PlanTime.day(ofMinute: next.startMinute))
        }
        if let last = try await ForecastRow.query(on: db).sort(\.$startMinute, .descending).first() {
            return PlanTime.monday(of: PlanTime.day(ofMinute: last.startMinute))
        }
        return thisWeek
    }

    static func week(from query: String?, on db: any Database) async throws -> LocalDate {
        if let query, !query.isEmpty {
            guard let day = LocalDate(query) else { throw ValidationFailed(fields: FieldErrors(["week": "must be a date as YYYY-MM-DD"])) }
            return PlanTime.monday(of: day)
        }
        return try await defaultWeek(on: db)
    }

    static func build(week: LocalDate, scope: PartnerScope, on db: any Database) async throws -> PlanContext {
        let from = PlanTime.minute(week), to = from + 7 * 1_440
        let rules = try await StaffingRulesService.rules(on: db)
        let shiftHours = StaffingRulesService.shiftHours(rules)
        let policies = try await StaffingSettingsService.policies(on: db)
        let book = try await AllocationBook.load(on: db)
        let allTeams = try await PartnerService.list(scope: .all, on: db)
        let names = Dictionary(allTeams.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let channels = try await Channel.query(on: db).all()
        let channelNames = Dictionary(channels.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })

        let forecast = try await ForecastRow.query(on: db).filter(\.$startMinute >= from).filter(\.$startMinute < to).all()
        let byQueue = Dictionary(grouping: forecast, by: { $0.$queue.id })
        var inputs: [CapacityPlan.QueueInput] = []
        for entry in policies {
            guard let rows = byQueue[entry.queue.id] else { continue }
            for (day, dayRows) in Dictionary(grouping: rows, by: { PlanTime.day(ofMinute: $0.startMinute) }) {
                inputs.append(.init(
                    queue: entry.queue.id, channel: entry.queue.channelID, policy: entry.policy,
                    intervals: dayRows.map { .init(start: PlanTime.date(minute: $0.startMinute), minutes: $0.intervalMinutes, contacts: $0.contacts, ahtSeconds: $0.ahtSeconds) },
                    shares: book.shares(queue: entry.queue.id, on: day)
                ))
            }
        }
        let plan: CapacityPlan.Result
        do { plan = try CapacityPlan.build(inputs, shiftHours: shiftHours) } catch {
            let queue = policies.first { $0.queue.id == error.queue }?.queue.name ?? "a queue"
            throw Abort(.unprocessableEntity, reason: "\(queue), \(error.description). Check its staffing settings or forecast.")
        }

        var scheduleQuery = ScheduleRow.query(on: db).filter(\.$startMinute >= from).filter(\.$startMinute < to)
        scope.restrict(scheduleQuery, to: \.$partner.$id)
        let scheduled = try await scheduleQuery.all().map {
            Coverage.Scheduled(team: $0.$partner.id, queue: $0.$queue.id, start: PlanTime.date(minute: $0.startMinute), minutes: $0.intervalMinutes, agents: $0.agents)
        }
        let coverage = Coverage.compare(plan: plan.lines, scheduled: scheduled)
        let totals = coverage.totals()
        // Teams that staff work, and any other that holds required or scheduled hours this week
        // (a prospect or an ended partner appears only when it has some).
        let teams = scope.visible(allTeams, owner: \.id).filter { $0.status.staffsWork || totals[$0.id] != nil }
        let teamRows = teams.map { team in
            let t = totals[team.id] ?? Coverage.TeamTotals()
            return PlanTeamDTO(teamID: team.id, teamName: team.name, kind: team.kind, requiredHours: t.requiredHours,
                               scheduledHours: t.scheduledHours, underHours: t.underHours, overHours: t.overHours)
        }

        let unscoped = scope == .all
        let linesByQueue = Dictionary(grouping: plan.lines, by: \.queue)
        let queueRows: [PlanQueueDTO] = policies.compactMap { entry in
            guard let lines = linesByQueue[entry.queue.id] else { return nil }
            var teamHours: [UUID: Double] = [:]
            for line in lines { for (team, fte) in line.teamFTE where scope.includes(team) { teamHours[team, default: 0] += fte * line.hours } }
            return PlanQueueDTO(
                queueID: entry.queue.id, queueName: entry.queue.name, queueCode: entry.queue.code, channelID: entry.queue.channelID,
                channelName: entry.queue.channelName, model: entry.policy.model.rawValue, target: describe(entry.policy),
                intervals: lines.count, intervalMinutes: lines.first?.minutes ?? 0, contacts: lines.reduce(0) { $0 + $1.requirement.contacts },
                agentHours: unscoped ? lines.reduce(0) { $0 + $1.requirement.fractionalAgents * $1.hours } : nil,
                requiredHours: unscoped ? lines.reduce(0) { $0 + $1.requirement.scheduledFTE * $1.hours } : nil,
                peakAgents: unscoped ? lines.map(\.requirement.agents).max() : nil,
                shares: teamHours.map { PlanShareDTO(teamID: $0.key, teamName: names[$0.key] ?? "?", requiredHours: $0.value) }
                    .sorted { ($0.requiredHours, $1.teamName) > ($1.requiredHours, $0.teamName) }
            )
        }

        var showConcentration = !scope.isPartner
        if !showConcentration { showConcentration = try await PerformanceSettingsStore.load(on: db).partners.shareConcentration }
        let warnings = showConcentration
            ? try await concentration(week: week, plan: plan, rules: rules, book: book, scope: .all, names: names, channelNames: channelNames, on: db)
                .filter { scope.includes($0.teamID) }
            : []
        let unallocated = unscoped ? unallocatedQueues(policies: policies, plan: plan, book: book, week: week, forecastQueues: Set(byQueue.keys)) : nil
        let shortfalls = teams.map { team in
            let s = coverage.shortfall(team: team.id)
            return TeamShortfallDTO(teamID: team.id, slots: s.slots, shortSlots: s.shortSlots, worstSlot: s.worstStart.map { PlanTime.format(minute: PlanTime.minute($0)) },
                                    worstQueue: s.worstQueue.flatMap { id in policies.first { $0.queue.id == id }?.queue.name }, worstShortAgents: s.worstShortAgents)
        }
        let source = try await volumeSource(week: week, rows: forecast.count, on: db)
        let peaks = plan.agentsByInterval()
        let dto = PlanDTO(
            week: week, teams: teamRows, queues: queueRows,
            totalRequiredHours: unscoped ? plan.totalRequiredHours : nil, unallocatedHours: unscoped ? plan.unallocatedHours : nil,
            peakPooledAgents: unscoped ? peaks.map(\.pooled).max() : nil, peakRoundedEachAgents: unscoped ? peaks.map(\.roundedEach).max() : nil,
            warnings: warnings, concentrationLimitPercent: rules.concentrationLimit * 100,
            exemptShifts: rules.exemptOvernight ? [Shift.overnight.rawValue] : [], method: method,
            unallocatedQueues: unallocated, shortfalls: shortfalls, volumeSource: source
        )
        let channelOf = Dictionary(policies.map { ($0.queue.id, $0.queue.channelID) }, uniquingKeysWith: { a, _ in a })
        return PlanContext(dto: dto, plan: plan, coverage: coverage, teams: teams, channelOf: channelOf, channelNames: channelNames,
                           shiftHours: shiftHours, scope: scope)
    }

    /// Every queue in the catalogue whose work is not fully given to teams this week: no allocation
    /// at all, a shift without one, or shares below 100%, with the required hours left over (a queue
    /// without a forecast this week still counts: it has nobody to staff it when volume arrives).
    static func unallocatedQueues(policies: [StaffingSettingsService.QueuePolicy], plan: CapacityPlan.Result, book: AllocationBook,
                                  week: LocalDate, forecastQueues: Set<UUID>) -> [UnallocatedQueueDTO] {
        let hours = plan.unallocatedHoursByQueue
        return policies.compactMap { entry in
            let id = entry.queue.id
            let shares = book.shares(queue: id, on: week)
            var reasons: [String] = []
            if shares.isEmpty {
                reasons.append("no allocation in force")
            } else {
                let missing = Shift.allCases.filter { shares[$0] == nil }
                if !missing.isEmpty { reasons.append("no allocation for the \(missing.map(\.label).joined(separator: ", ").lowercased()) shift\(missing.count == 1 ? "" : "s")") }
                for shift in Shift.allCases {
                    guard let split = shares[shift] else { continue }
                    let total = split.values.reduce(0, +)
                    if total < 0.9999 { reasons.append("\(shift.label.lowercased()) shares add up to \(StaffingFormat.percent(total, digits: 0))") }
                }
            }
            let left = hours[id] ?? 0
            guard !reasons.isEmpty || left > 1e-9 else { return nil }
            return UnallocatedQueueDTO(queueID: id, queueName: entry.queue.name, reason: reasons.isEmpty ? "shares below 100%" : reasons.joined(separator: "; "),
                                       requiredHours: left, hasForecast: forecastQueues.contains(id))
        }
    }

    /// The forecast imports (files or saved baselines) that wrote intervals of this week, newest first.
    static func volumeSource(week: LocalDate, rows: Int, on db: any Database) async throws -> String {
        guard rows > 0 else { return "No forecast is stored for this week: the plan has no volume to staff." }
        let monday = week.description, sunday = week.adding(days: 6).description
        let imports = try await StaffingImport.query(on: db).filter(\.$kind == "forecast").sort(\.$createdAt, .descending).limit(200).all()
            .filter { entry in
                let parts = entry.period.components(separatedBy: " – ")
                guard parts.count == 2 else { return false }
                return String(parts[0].prefix(10)) <= sunday && String(parts[1].prefix(10)) >= monday
            }
        let files = imports.prefix(3).map { "\($0.fileName) (\(Components.date($0.createdAt)))" }
        return "The forecast stored for this week (\(ContactCentreFormat.count(rows)) intervals), the one volume the plan, heatmaps and exit scenario read"
            + (files.isEmpty ? "." : ", last written by \(files.joined(separator: ", ")).")
            + " A baseline forecast computed from the contact history is a different estimate until it is saved over it."
    }

    static func describe(_ policy: StaffingPolicy) -> String {
        var parts: [String] = []
        switch policy.model {
        case .workload:
            parts.append("max occupancy \(StaffingFormat.percent(policy.maxOccupancy ?? StaffingPolicy.defaultDeferredOccupancy, digits: 0))")
        case .erlangC, .erlangA:
            if let sl = policy.serviceLevel { parts.append("\(StaffingFormat.percent(sl, digits: 0)) in \(ContactCentreFormat.threshold(seconds: policy.thresholdSeconds))") }
            if let asa = policy.maxASASeconds { parts.append("ASA ≤ \(ContactCentreFormat.wait(seconds: asa))") }
            if let occ = policy.maxOccupancy { parts.append("occupancy ≤ \(StaffingFormat.percent(occ, digits: 0))") }
            if let patience = policy.patienceSeconds { parts.append("patience \(ContactCentreFormat.wait(seconds: patience))") }
            if policy.concurrency != 1 { parts.append("\(StaffingFormat.plain(policy.concurrency)) chats at \(StaffingFormat.percent(policy.efficiency, digits: 0)) efficiency") }
        }
        parts.append("shrinkage \(StaffingFormat.percent(policy.shrinkage, digits: 0))")
        return parts.joined(separator: " · ")
    }

    /// Concentration on the allocation in force on the week's first day, weighting channel
    /// shares by the week's required hours per queue and shift. This is the client's vendor-risk
    /// view ("if it fails or leaves, nobody else knows this work"): partner users get none.
    static func concentration(
        week: LocalDate, plan: CapacityPlan.Result, rules: StaffingRulesDTO, book: AllocationBook, scope: PartnerScope,
        names: [UUID: String], channelNames: [UUID: String], on db: any Database
    ) async throws -> [ConcentrationWarningDTO] {
        guard !scope.isPartner else { return [] }
        let queues = try await Queue.query(on: db).all()
        var hours: [UUID: [Shift: Double]] = [:]
        for line in plan.lines { hours[line.queue, default: [:]][line.shift, default: 0] += line.requirement.scheduledFTE * line.hours }
        let inputs: [Concentration.QueueShares] = queues.compactMap { queue in
            let shares = book.shares(queue: queue.id!, on: week)
            guard !shares.isEmpty else { return nil }
            return .init(queue: queue.id!, channel: queue.$channel.id, shares: shares, hours: hours[queue.id!] ?? [:])
        }
        let rule = StaffingRulesService.concentrationRule(rules)
        let queueNames = Dictionary(queues.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        return Concentration.check(inputs, rule: rule).map { warning in
            let team = names[warning.team] ?? "?"
            let percent = StaffingFormat.percent(warning.share)
            switch warning.scope {
            case .queue(let id):
                let name = queueNames[id] ?? "?"
                return ConcentrationWarningDTO(
                    scope: "queue", scopeID: id, scopeName: name, teamID: warning.team, teamName: team, sharePercent: warning.share * 100,
                    shifts: warning.shifts.map(\.rawValue),
                    message: "\(team) holds \(percent) of \(name) (\(warning.shifts.map(\.label).joined(separator: ", ")) shift\(warning.shifts.count == 1 ? "" : "s")): if it fails or leaves, nobody else knows this work."
                )
            case .channel(let id):
                let name = channelNames[id] ?? "?"
                return ConcentrationWarningDTO(
                    scope: "channel", scopeID: id, scopeName: name, teamID: warning.team, teamName: team, sharePercent: warning.share * 100,
                    shifts: warning.shifts.map(\.rawValue),
                    message: "\(team) holds \(percent) of the \(name) channel's required hours outside exempt shifts."
                )
            }
        }
    }
}
