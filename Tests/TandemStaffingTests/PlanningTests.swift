import Foundation
import Testing
@testable import TandemStaffing

/// Plans small enough to check on paper.
@Suite struct PlanningTests {
    /// Erlang C at A = 1 Erlang, AHT 180 s, 80% in 20 s, worked by hand from the closed forms:
    /// N = 2: C = 1/3, SL = 1 − e^(−1/9)/3 ≈ 0.7017 (misses); N = 3: B = 1/16, C = 1/11,
    /// SL = 1 − e^(−2/9)/11 ≈ 0.9272 (meets). Fractional = 2 + (0.8 − SL₂) ÷ (SL₃ − SL₂).
    static let sl2 = 1 - exp(-1.0 / 9) / 3
    static let sl3 = 1 - exp(-2.0 / 9) / 11
    static let oneErlangFractional = 2 + (0.8 - sl2) / (sl3 - sl2)

    static let voice = StaffingPolicy(serviceLevel: 0.8, thresholdSeconds: 20, shrinkage: 0.2)
    static let email = StaffingPolicy(serviceLevel: nil, maxOccupancy: 0.8, shrinkage: 0.2, deferred: true)

    static func at(_ hour: Int, _ minute: Int = 0, day: Int = 0) -> Date {
        // 2026-03-02 (a Monday) in plan time.
        Date(timeIntervalSince1970: 1_772_409_600 + Double(day * 86_400 + hour * 3_600 + minute * 60))
    }

    @Test func voice_requirement_matches_the_hand_worked_erlang_c() throws {
        let r = try Self.voice.requirement(contacts: 10, ahtSeconds: 180, intervalSeconds: 1_800)
        #expect(r.trafficErlangs == 1)
        #expect(r.agents == 3)
        #expect(abs(r.fractionalAgents - Self.oneErlangFractional) < 1e-12)
        #expect(abs(r.scheduledFTE - Self.oneErlangFractional / 0.8) < 1e-12)
        #expect(abs(r.metrics!.serviceLevel - Self.sl3) < 1e-12)
    }

    @Test func chat_divides_handle_time_by_concurrency_and_efficiency() throws {
        let chat = StaffingPolicy(serviceLevel: 0.8, thresholdSeconds: 60, shrinkage: 0.25, concurrency: 2, efficiency: 0.75)
        let r = try chat.requirement(contacts: 90, ahtSeconds: 600, intervalSeconds: 1_800)
        #expect(r.effectiveAHTSeconds == 400)  // 600 ÷ (2 × 0.75)
        #expect(r.trafficErlangs == 20)  // 90 × 400 ÷ 1800
        let direct = try ErlangC.requiredAgents(trafficErlangs: 20, ahtSeconds: 400, target: .serviceLevel(0.8, withinSeconds: 60))
        #expect(r.agents == direct.agents && r.fractionalAgents == direct.fractionalAgents)
    }

    @Test func deferred_work_is_workload_over_occupancy() throws {
        let r = try Self.email.requirement(contacts: 61, ahtSeconds: 600, intervalSeconds: 1_800)
        #expect(abs(r.trafficErlangs - 61.0 * 600 / 1_800) < 1e-12)
        #expect(abs(r.fractionalAgents - 61.0 * 600 / 1_800 / 0.8) < 1e-12)  // 25.4167
        #expect(r.agents == 26)
        #expect(r.metrics == nil)
    }

    @Test func patience_switches_to_erlang_a_which_needs_no_more_than_erlang_c() throws {
        var policy = Self.voice
        policy.patienceSeconds = 120
        #expect(policy.model == .erlangA)
        let a = try policy.requirement(contacts: 400, ahtSeconds: 240, intervalSeconds: 1_800)
        let c = try Self.voice.requirement(contacts: 400, ahtSeconds: 240, intervalSeconds: 1_800)
        #expect(a.agents <= c.agents)
        #expect(a.metrics!.probabilityOfAbandoning > 0)
    }

    @Test func quiet_interval_needs_nobody() throws {
        let r = try Self.voice.requirement(contacts: 0, ahtSeconds: 300, intervalSeconds: 1_800)
        #expect(r.agents == 0 && r.scheduledFTE == 0)
    }

    @Test func bad_settings_are_refused_by_name() {
        #expect(throws: StaffingError.outOfRange(.shrinkage, 1, expected: "[0, 1)")) {
            try StaffingPolicy(shrinkage: 1).requirement(contacts: 1, ahtSeconds: 1, intervalSeconds: 1)
        }
        #expect(throws: StaffingError.outOfRange(.concurrency, 0.5, expected: "≥ 1")) {
            try StaffingPolicy(concurrency: 0.5).validate()
        }
    }

    /// Two intervals, two queues, allocation 60/40.
    @Test func plan_splits_required_hours_by_allocation() throws {
        let q1 = UUID(), q2 = UUID(), voiceChannel = UUID(), emailChannel = UUID(), a = UUID(), b = UUID()
        let split: [Shift: [UUID: Double]] = [.day: [a: 0.6, b: 0.4], .evening: [a: 0.6, b: 0.4], .overnight: [a: 0.6, b: 0.4]]
        let plan = try CapacityPlan.build([
            .init(queue: q1, channel: voiceChannel, policy: Self.voice,
                  intervals: [.init(start: Self.at(8), minutes: 30, contacts: 10, ahtSeconds: 180),
                              .init(start: Self.at(8, 30), minutes: 30, contacts: 10, ahtSeconds: 180)], shares: split),
            .init(queue: q2, channel: emailChannel, policy: Self.email,
                  intervals: [.init(start: Self.at(8), minutes: 30, contacts: 61, ahtSeconds: 600),
                              .init(start: Self.at(8, 30), minutes: 30, contacts: 61, ahtSeconds: 600)], shares: split),
        ])
        // Voice: FTE = 2.4359 ÷ 0.8 = 3.0449 per interval, × 2 × ½ h = 3.0449 h.
        // Email: 25.4167 ÷ 0.8 = 31.7708 FTE per interval → 31.7708 h.
        let voiceHours = Self.oneErlangFractional / 0.8
        let emailHours = 61.0 * 600 / 1_800 / 0.8 / 0.8
        #expect(abs(plan.totalRequiredHours - (voiceHours + emailHours)) < 1e-9)
        #expect(abs(plan.teamRequiredHours[a]! - 0.6 * (voiceHours + emailHours)) < 1e-9)
        #expect(abs(plan.teamRequiredHours[b]! - 0.4 * (voiceHours + emailHours)) < 1e-9)
        #expect(abs(plan.teamRequiredHours[a]! - 20.889_3) < 1e-4)  // the figure the page shows
        #expect(abs(plan.teamRequiredHours[b]! - 13.926_2) < 1e-4)
        #expect(plan.unallocatedHours < 1e-12)
        // Pooled: 2.436 + 25.417 = 27.85 → 28 agents; rounding each queue first: 3 + 26 = 29.
        let byInterval = plan.agentsByInterval()
        #expect(byInterval.map(\.pooled) == [28, 28])
        #expect(byInterval.map(\.roundedEach) == [29, 29])
    }

    @Test func shares_below_full_leave_hours_unallocated() throws {
        let a = UUID()
        let plan = try CapacityPlan.build([
            .init(queue: UUID(), channel: UUID(), policy: Self.email,
                  intervals: [.init(start: Self.at(9), minutes: 60, contacts: 48, ahtSeconds: 600)], shares: [.day: [a: 0.75]]),
        ])
        // 48 × 600 ÷ 3600 = 8 Erlangs ÷ 0.8 = 10 agents ÷ 0.8 = 12.5 FTE for 1 h.
        #expect(abs(plan.teamRequiredHours[a]! - 9.375) < 1e-12)
        #expect(abs(plan.unallocatedHours - 3.125) < 1e-12)
    }

    @Test func shifts_follow_their_start_hours() {
        let standard = ShiftHours.standard
        #expect(standard.shift(atMinuteOfDay: 7 * 60 + 59) == .overnight)
        #expect(standard.shift(atMinuteOfDay: 8 * 60) == .day)
        #expect(standard.shift(atMinuteOfDay: 16 * 60) == .evening)
        #expect(standard.shift(atMinuteOfDay: 23 * 60 + 59) == .evening)
        #expect(standard.span(of: .evening) == "16:00–24:00")
        let late = ShiftHours(dayStartsAt: 6, eveningStartsAt: 14, overnightStartsAt: 22)
        #expect(late.shift(atMinuteOfDay: 0) == .overnight)
        #expect(late.shift(atMinuteOfDay: 5 * 60 + 30) == .overnight)
        #expect(late.shift(atMinuteOfDay: 6 * 60) == .day)
        #expect(late.span(of: .overnight) == "22:00–06:00")
        #expect(!ShiftHours(dayStartsAt: 8, eveningStartsAt: 8, overnightStartsAt: 0).isValid)
    }

    @Test func coverage_compares_on_a_common_grid() {
        let a = UUID(), q = UUID()
        let requirement = IntervalRequirement(contacts: 1, ahtSeconds: 1, effectiveAHTSeconds: 1, trafficErlangs: 1, agents: 3,
                                              fractionalAgents: 3, scheduledFTE: 3, metrics: nil)
        let line = CapacityPlan.Line(queue: q, channel: UUID(), start: Self.at(8), minutes: 30, shift: .day, requirement: requirement, teamFTE: [a: 3])
        let coverage = Coverage.compare(plan: [line], scheduled: [.init(team: a, queue: q, start: Self.at(8), minutes: 60, agents: 2)])
        #expect(coverage.slotMinutes == 30)
        let gaps = coverage.teamGaps(a)
        #expect(gaps[Self.at(8)]?.gap == -1)
        #expect(gaps[Self.at(8, 30)]?.gap == 2)
        let totals = coverage.totals()[a]!
        #expect(totals.requiredHours == 1.5 && totals.scheduledHours == 2 && totals.underHours == 0.5 && totals.overHours == 1)
    }

    @Test func concentration_flags_a_sole_team_outside_overnight() {
        let q1 = UUID(), q2 = UUID(), channel = UUID(), a = UUID(), b = UUID()
        let warnings = Concentration.check([
            .init(queue: q1, channel: channel, shares: [.day: [a: 1], .evening: [a: 1], .overnight: [a: 1]], hours: [.day: 30, .evening: 10, .overnight: 5]),
            .init(queue: q2, channel: channel, shares: [.day: [a: 0.5, b: 0.5], .evening: [a: 0.5, b: 0.5], .overnight: [b: 1]], hours: [.day: 10, .evening: 0, .overnight: 8]),
        ], rule: ConcentrationRule())
        #expect(warnings.count == 1)
        #expect(warnings.first == .init(scope: .queue(q1), team: a, share: 1, shifts: [.day, .evening]))
        // Channel share of A = (30 + 10 + 0.5 × 10) ÷ 50 = 0.9: flagged at an 90% limit, not at 100%.
        let strict = Concentration.check([
            .init(queue: q2, channel: channel, shares: [.day: [a: 0.5, b: 0.5]], hours: [.day: 10]),
            .init(queue: q1, channel: channel, shares: [.day: [a: 1], .evening: [a: 1]], hours: [.day: 30, .evening: 10]),
        ], rule: ConcentrationRule(limit: 0.9, exemptShifts: [.overnight]))
        #expect(strict.contains(.init(scope: .channel(channel), team: a, share: 0.9, shifts: [.day, .evening])))
        // Nothing is exempt: overnight 100% of q2 by B is flagged too.
        let none = Concentration.check([
            .init(queue: q2, channel: channel, shares: [.overnight: [b: 1], .day: [a: 0.5, b: 0.5]], hours: [:]),
        ], rule: ConcentrationRule(limit: 1, exemptShifts: []))
        #expect(none.map(\.scope) == [.queue(q2)])
    }

    @Test func exit_scenario_counts_exposed_days_and_spare_capacity() {
        let leaving = UUID(), x = UUID(), y = UUID(), voice = UUID(), chat = UUID()
        let result = ExitScenario.evaluate(leaving: leaving, noticeDays: 30, channels: [
            .init(channel: voice, leadTime: .init(hiringDays: 45, trainingDays: 15),
                  requiredHoursPerWeek: [leaving: 100, x: 200, y: 50], scheduledHoursPerWeek: [leaving: 100, x: 230, y: 100]),
            .init(channel: chat, leadTime: .init(hiringDays: 20, trainingDays: 10),
                  requiredHoursPerWeek: [leaving: 40, x: 10], scheduledHoursPerWeek: [x: 10]),
        ])
        let voiceExposure = result.channels.first { $0.channel == voice }!
        #expect(voiceExposure.daysExposed == 30)  // 60-day lead time − 30 days' notice
        #expect(voiceExposure.absorbers.map(\.team) == [y, x])  // 50 h spare, then 30 h
        #expect(voiceExposure.absorbers.map(\.absorbedHoursPerWeek) == [50, 30])
        #expect(voiceExposure.uncoveredHoursPerWeek == 20)
        #expect(abs(voiceExposure.uncoveredHoursTotal - 20.0 * 30 / 7) < 1e-12)
        let chatExposure = result.channels.first { $0.channel == chat }!
        #expect(chatExposure.daysExposed == 0 && chatExposure.uncoveredHoursPerWeek == 0)  // 30-day lead time = notice
        #expect(result.maxDaysExposed == 30 && result.leavingHoursPerWeek == 140)
    }

    @Test func calculator_table_brackets_the_answer() throws {
        let result = try ErlangCalculator.calculate(policy: Self.voice, contacts: 10, ahtSeconds: 180, intervalSeconds: 1_800)
        #expect(result.rows.map(\.agents) == Array(1...8))
        #expect(result.rows.first { $0.agents == 2 }?.meetsTarget == false)
        #expect(result.rows.first { $0.agents == 3 }?.meetsTarget == true)
        #expect(abs(result.rows.first { $0.agents == 2 }!.serviceLevel - Self.sl2) < 1e-12)
    }
}
