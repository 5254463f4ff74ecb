import Foundation
import Testing
import TandemPerformance

@Suite struct RollupTests {
    @Test func folding_counts_every_bucket() {
        let folded = rollup(mixedQueue)

        #expect(folded.offered == 8)
        #expect(folded.shortAbandons == 2)
        #expect(folded.contactsEntering == 10)
        #expect(folded.answered == 4)
        #expect(folded.answeredWithinThreshold == 2)
        #expect(folded.abandonedWithinThreshold == 2)   // 5 s, 15 s
        #expect(folded.abandonedAfterThreshold == 1)    // 30 s
        #expect(folded.abandoned == 3)
        #expect(folded.other == 1)
        #expect(folded.answeredWaitMilliseconds == 115_000)
        #expect(folded.handleMilliseconds == 810_000)
        #expect(folded.fcrKnown == 3)
        #expect(folded.fcrResolved == 2)
        #expect(folded.serviceLevelThresholds == [20])
        #expect(folded.shortAbandonThresholds == [5])
    }

    @Test func fixture_kpis_agree_for_every_variant() {
        // Observed through the latest contact, as the direct computation assumes when not told.
        let outcomes = RepeatContactFCR.outcomes(for: mixedQueue, observedThrough: day0)
        var folded = KPIRollup(serviceLevelThreshold: 20)
        for (contact, outcome) in zip(mixedQueue, outcomes) { folded.add(contact, repeatContact: outcome) }

        for settings in allVariants(minimumSample: 5) {
            guard expectAgreement(ContactKPIs(rollup: folded, settings: settings), kpis(mixedQueue, settings), "\(settings)") else { return }
        }
    }

    @Test func survey_buckets() {
        let folded = rollup([10, 9, 8, 7, 6, 0].map { answered(wait: 5, csat: $0, scale: .zeroToTen) }
            + [answered(wait: 5, csat: 4), answered(wait: 5, csat: 0, scale: .binary), abandoned(wait: 1, csat: 5)])

        #expect(folded.promoters == 2)
        #expect(folded.passives == 2)
        #expect(folded.detractors == 2)
        #expect(folded.csatOneToFive.count(of: 4) == 1)
        #expect(folded.csatOneToFive.responses == 1)   // the short abandon's 5 is ignored
        #expect(folded.csatBinary.count(of: 0) == 1)
    }

    @Test func empty_is_the_identity_of_plus() {
        let folded = rollup(mixedQueue)

        #expect(KPIRollup.empty + folded == folded)
        #expect(folded + .empty == folded)
    }

    @Test func merging_adds_counters_and_unions_thresholds() {
        let voice = rollup([answered(wait: 30, queue: "voice")], t: 20)
        let chat = rollup([answered(wait: 30, queue: "chat")], t: 60)

        let both = voice + chat

        #expect(both.answered == 2)
        #expect(both.answeredWithinThreshold == 1)
        #expect(both.serviceLevelThresholds == [20, 60])
        #expect(both.serviceLevel(minimumSample: 1).formula
            == "answered within the queue's T (20 s, 60 s) ÷ (answered + abandoned after 5 s)")
    }

    @Test func a_rollup_survives_a_json_round_trip() throws {
        let folded = rollup(mixedQueue + [answered(wait: 5, csat: 9, scale: .zeroToTen)])

        let decoded = try JSONDecoder().decode(KPIRollup.self, from: JSONEncoder().encode(folded))

        #expect(decoded == folded)
    }

    @Test func histograms_can_be_rebuilt_from_stored_counts() {
        let stored = ScoreHistogram(scale: .oneToFive, counts: [1, 0, 2, 3, 4])

        #expect(stored.responses == 10)
        #expect(stored.sumOfScores == 1 + 3 * 2 + 4 * 3 + 5 * 4)   // 39
        #expect(stored.count(in: 4...5) == 7)
    }

    @Test func daily_rollups_are_keyed_by_team_queue_and_utc_day() {
        let lateOnDay0 = day0.addingTimeInterval(oneDay - 1)
        let contacts = [
            answered(wait: 10, queue: "voice", team: "a", at: lateOnDay0),
            answered(wait: 90, queue: "voice", team: "a", at: day0.addingTimeInterval(oneDay)),
            answered(wait: 30, queue: "chat", team: "a", at: day0),
            answered(wait: 30, queue: "voice", team: "b", at: day0),
        ]
        let thresholds = ServiceLevelThresholds(defaultSeconds: 20, secondsByQueue: ["chat": 60])

        let daily = KPIRollup.daily(contacts: contacts, serviceLevelThresholds: thresholds)

        let firstDay = UTCDay(day0)
        #expect(daily.count == 4)
        #expect(daily[RollupKey(teamID: "a", queueID: "voice", day: firstDay)]?.answeredWithinThreshold == 1)
        #expect(daily[RollupKey(teamID: "a", queueID: "chat", day: firstDay)]?.serviceLevelThresholds == [60])
        #expect(daily[RollupKey(teamID: "a", queueID: "voice", day: UTCDay(daysSince1970: firstDay.daysSince1970 + 1))]?.answered == 1)
        #expect(firstDay.description == "2025-01-01")
    }
}

/// Every combination of the variant settings (4 × 2 × 2 × 3 = 48).
func allVariants(minimumSample: Int = KPISettings.defaultMinimumSample) -> [KPISettings] {
    ServiceLevelMethod.allCases.flatMap { sl in
        AbandonRateMethod.allCases.flatMap { abandon in
            FCRMethod.allCases.flatMap { fcr in
                CSATMethod.allCases.map { csat in
                    KPISettings(serviceLevelMethod: sl, abandonRateMethod: abandon, fcrMethod: fcr, csatMethod: csat, minimumSample: minimumSample)
                }
            }
        }
    }
}
