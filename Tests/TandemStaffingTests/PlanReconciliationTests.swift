import Foundation
import Testing
import TandemStaffing

/// Unallocated hours per queue, and a week over its requirement that is still short in slots.
@Suite struct PlanReconciliationTests {
    let monday = Date(timeIntervalSince1970: 1_772_409_600)  // 2026-03-02 00:00 plan time
    let billing = UUID(), returns = UUID(), channel = UUID(), team = UUID()

    @Test func hours_no_allocation_covers_are_counted_per_queue() throws {
        let policy = StaffingPolicy(serviceLevel: nil, maxOccupancy: 0.85, shrinkage: 0, deferred: true)
        let start = monday.addingTimeInterval(9 * 3_600)
        let interval = CapacityPlan.ForecastInterval(start: start, minutes: 60, contacts: 85, ahtSeconds: 3_600)
        let plan = try CapacityPlan.build([
            .init(queue: billing, channel: channel, policy: policy, intervals: [interval], shares: [.day: [team: 0.6]]),
            .init(queue: returns, channel: channel, policy: policy, intervals: [interval], shares: [:]),
        ])
        // 85 contacts × 1 h ÷ 1 h ÷ 0.85 occupancy = 100 agents for one hour per queue.
        let byQueue = plan.unallocatedHoursByQueue
        #expect(abs(byQueue[billing]! - 40) < 1e-9)   // 40% of billing's 100 hours has no team
        #expect(abs(byQueue[returns]! - 100) < 1e-9)  // returns has no allocation at all
        #expect(abs(plan.unallocatedHours - 140) < 1e-9)
        #expect(plan.contactsByQueue[billing] == 85)
    }

    @Test func a_team_over_its_hours_on_the_week_can_be_short_in_slots() throws {
        let policy = StaffingPolicy(serviceLevel: nil, maxOccupancy: 1, shrinkage: 0, deferred: true)
        let nine = monday.addingTimeInterval(9 * 3_600), ten = monday.addingTimeInterval(10 * 3_600)
        let plan = try CapacityPlan.build([.init(queue: billing, channel: channel, policy: policy, intervals: [
            .init(start: nine, minutes: 60, contacts: 10, ahtSeconds: 3_600), .init(start: ten, minutes: 60, contacts: 10, ahtSeconds: 3_600),
        ], shares: [.day: [team: 1]])])
        // Required 10 agents at 09:00 and 10:00; scheduled 4 at 09:00 and 30 at 10:00: +14 h net, 6 h short at 09:00.
        let coverage = Coverage.compare(plan: plan.lines, scheduled: [
            .init(team: team, queue: billing, start: nine, minutes: 60, agents: 4), .init(team: team, queue: billing, start: ten, minutes: 60, agents: 30),
        ])
        let s = coverage.shortfall(team: team)
        #expect(s.slots == 2 && s.shortSlots == 1)
        #expect(abs(s.underHours - 6) < 1e-9 && abs(s.overHours - 20) < 1e-9 && abs(s.netHours - 14) < 1e-9)
        #expect(s.intervalMismatch && s.worstStart == nine && s.worstQueue == billing && abs(s.worstShortAgents - 6) < 1e-9)
    }
}
