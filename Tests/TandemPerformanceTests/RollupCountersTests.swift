import Foundation
import Testing
import TandemPerformance

@Suite struct RollupCountersTests {
    @Test func counters_match_kpi_rollup_and_subtracting_undoes_adding() {
        let contacts = generateContacts(count: 2_000, seed: 99)
        var counters = RollupCounters()
        var reference = KPIRollup(serviceLevelThreshold: 20, shortAbandonThreshold: 5)
        for contact in contacts {
            counters.add(contact, serviceLevelThreshold: 20, shortAbandonThreshold: 5)
            reference.add(contact)
        }
        #expect(counters.rollup(serviceLevelThreshold: 20, shortAbandonThreshold: 5) == reference)
        for contact in contacts.prefix(500) { counters.add(contact, serviceLevelThreshold: 20, shortAbandonThreshold: 5, sign: -1) }
        var rest = KPIRollup(serviceLevelThreshold: 20, shortAbandonThreshold: 5)
        for contact in contacts.dropFirst(500) { rest.add(contact) }
        #expect(counters.rollup(serviceLevelThreshold: 20, shortAbandonThreshold: 5) == rest)
    }

    @Test func hand_counted_mixed_queue() {
        var counters = RollupCounters()
        for contact in mixedQueue { counters.add(contact, serviceLevelThreshold: 20, shortAbandonThreshold: 5) }
        let kpis = ContactKPIs(rollup: counters.rollup(serviceLevelThreshold: 20, shortAbandonThreshold: 5))
        #expect(kpis.offered.value == 8)
        #expect(kpis.serviceLevel.numerator == 2 && kpis.serviceLevel.denominator == 7) // answered ≤ 20 s ÷ (4 answered + 3 abandoned)
        #expect(kpis.averageHandleTime.numerator == 810)
    }
}

@Suite struct PeriodTests {
    @Test func weeks_start_on_monday_and_months_on_the_first() {
        let sunday = UTCDay(ParsedTimestamp.parse("2026-03-08T23:00:00Z")!.instant!)
        let monday = UTCDay(ParsedTimestamp.parse("2026-03-09T00:00:00Z")!.instant!)
        let week = ReportingPeriod(kind: .week, containing: sunday)
        #expect(week.firstDay.description == "2026-03-02")
        #expect(week.rangeText == "2026-03-02 to 2026-03-08")
        #expect(ReportingPeriod(kind: .week, containing: monday) == week.advanced(by: 1))
        let february = ReportingPeriod(kind: .month, containing: UTCDay(ParsedTimestamp.parse("2028-02-10T00:00:00Z")!.instant!))
        #expect(february.firstDay.description == "2028-02-01" && february.dayCount == 29 && february.description == "2028-02")
        #expect(ReportingPeriod(kind: .month, index: 2026 * 12 + 11).advanced(by: 1).firstDay.description == "2027-01-01")
    }
}

@Suite struct AlertRuleTests {
    @Test func baseline_covers_the_first_full_weeks_after_go_live() {
        let wednesday = UTCDay(ParsedTimestamp.parse("2025-06-18T00:00:00Z")!.instant!)
        let weeks = LaunchBaseline.weeks(goLive: wednesday, count: 8)
        #expect(ReportingPeriod(kind: .week, index: weeks.lowerBound).firstDay.description == "2025-06-23")
        #expect(weeks.count == 8)
        let monday = UTCDay(ParsedTimestamp.parse("2025-06-16T00:00:00Z")!.instant!)
        #expect(ReportingPeriod(kind: .week, index: LaunchBaseline.weeks(goLive: monday).lowerBound).firstDay.description == "2025-06-16")
    }

    @Test func deterioration_follows_the_kpis_direction() {
        #expect(LaunchBaseline.relativeDeterioration(value: 0.72, baseline: 0.8, direction: .higherIsBetter)! == (0.8 - 0.72) / 0.8)
        #expect(LaunchBaseline.relativeDeterioration(value: 33, baseline: 30, direction: .lowerIsBetter) == 0.1)
        #expect(LaunchBaseline.relativeDeterioration(value: 1, baseline: 0, direction: .lowerIsBetter) == nil)
    }

    @Test func a_missed_run_needs_every_recent_period_missed() {
        let rules = AlertRules(consecutiveMissedPeriods: 3)
        #expect(rules.missedRun([.met, .missed, .missed, .missed]))
        #expect(!rules.missedRun([.missed, .missed, .near, .missed]))
        #expect(!rules.missedRun([.missed, nil, .missed]), "a period without enough data breaks the run")
        #expect(!rules.missedRun([.missed, .missed]))
        #expect(!AlertRules(consecutiveMissedPeriods: 0).missedRun([.missed, .missed, .missed]))
    }
}

@Suite struct GeneratorTests {
    @Test func the_same_seed_gives_the_same_contacts_and_the_limit_is_exact() {
        func make() -> [ContactGenerator.Contact] {
            Array(ContactGenerator(teams: [.init(name: "A Team", site: nil, trend: .steady(0.7))],
                                   queues: [.init(code: "q", channel: .voice, serviceLevelSeconds: 20, talkSeconds: 300)],
                                   firstDay: UTCDay(daysSince1970: 20_000), lastDay: UTCDay(daysSince1970: 20_010), dailyVolume: 50, limit: 777, seed: 5))
        }
        let a = make(), b = make()
        #expect(a == b)
        #expect(a.count == 777)
        #expect(Set(a.map(\.externalID)).count == 777)
        #expect(a[0].csvLine.split(separator: ",", omittingEmptySubsequences: false).count == ContactGenerator.csvHeader.split(separator: ",").count)
    }
}
