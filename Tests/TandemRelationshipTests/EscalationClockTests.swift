import Foundation
import Testing
import TandemRelationship

@Suite struct EscalationClockTests {
    static let opened = Date(timeIntervalSince1970: 1_783_000_000) // a fixed instant
    static let steps = [
        EscalationStep(position: 2, person: "Ops director", responseMinutes: 120),
        EscalationStep(position: 1, person: "Team lead", responseMinutes: 30),
        EscalationStep(position: 3, person: "Account director", responseMinutes: 240),
    ]

    static func at(_ minutes: Double) -> Date { opened.addingTimeInterval(minutes * 60) }

    @Test func deadlines_accumulate_and_breaches_are_flagged_while_the_clock_runs() {
        // Level 1 due at +30 min, level 2 at +150, level 3 at +390.
        let clock = EscalationClock.evaluate(openedAt: Self.opened, respondedAt: nil, resolvedAt: nil, steps: Self.steps, now: Self.at(200))
        #expect(clock.deadlines.map(\.due) == [Self.at(30), Self.at(150), Self.at(390)])
        #expect(clock.breaches.map(\.step.person) == ["Team lead", "Ops director"])
        #expect(clock.currentLevel?.position == 3)
        #expect(clock.nextDeadline == Self.at(390))
        #expect(clock.stoppedAt == nil && clock.isBreached)
    }

    @Test func a_response_stops_the_clock() {
        let onTime = EscalationClock.evaluate(openedAt: Self.opened, respondedAt: Self.at(30), resolvedAt: nil, steps: Self.steps, now: Self.at(10_000))
        #expect(!onTime.isBreached && onTime.currentLevel?.position == 1 && onTime.nextDeadline == nil)
        let late = EscalationClock.evaluate(openedAt: Self.opened, respondedAt: Self.at(31), resolvedAt: Self.at(20), steps: Self.steps, now: Self.at(10_000))
        #expect(!late.isBreached, "resolution at +20 came first")
        let beyond = EscalationClock.evaluate(openedAt: Self.opened, respondedAt: Self.at(400), resolvedAt: nil, steps: Self.steps, now: Self.at(500))
        #expect(beyond.breaches.count == 3 && beyond.currentLevel?.position == 3)
        let noPolicy = EscalationClock.evaluate(openedAt: Self.opened, respondedAt: nil, resolvedAt: nil, steps: [], now: Self.at(500))
        #expect(!noPolicy.isBreached && noPolicy.currentLevel == nil)
    }
}
