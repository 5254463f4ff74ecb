import Foundation
import TandemPartners
import TandemPerformance
import Testing

/// Scorecards read only rollups, so rollups must reproduce the direct computation exactly, however
/// they are grouped before merging. Thousands of generated contacts, hitting every threshold edge.
@Suite struct RollupAgreementPropertyTests {
    static let thresholds = ServiceLevelThresholds(defaultSeconds: 20, secondsByQueue: ["support-chat": 60, "email": 3600])
    static let observedThrough = day0.addingTimeInterval(10 * oneDay)
    static let contacts = generateContacts(count: 3_000, seed: 0x7A4D_E11A)
    static let outcomes = RepeatContactFCR.outcomes(for: contacts, observedThrough: observedThrough)
    static let daily = KPIRollup.daily(contacts: contacts, serviceLevelThresholds: thresholds, repeatContactOutcomes: outcomes)
    static let orderedKeys = daily.keys.sorted { ($0.teamID, $0.queueID, $0.day) < ($1.teamID, $1.queueID, $1.day) }

    @Test func the_generated_data_exercises_every_counter() {
        let total = Self.orderedKeys.reduce(KPIRollup.empty) { $0 + Self.daily[$1]! }

        #expect(total.contactsEntering == 3_000)
        #expect(total.shortAbandons > 0)
        #expect(total.answeredWithinThreshold > 0 && total.answeredWithinThreshold < total.answered)
        #expect(total.abandonedWithinThreshold > 0)
        #expect(total.abandonedAfterThreshold > 0)
        #expect(total.other > 0)
        #expect(total.fcrResolved > 0 && total.fcrResolved < total.fcrKnown)
        #expect(total.repeatFCRResolved > 0 && total.repeatFCRResolved < total.repeatFCRCandidates)
        #expect(total.csatOneToFive.responses > 0 && total.csatBinary.responses > 0 && total.npsResponses.responses > 0)
        #expect(total.serviceLevelThresholds == [20, 60, 3600])
        #expect(Self.outcomes.contains { $0.kind == .windowNotObserved })
        #expect(Self.daily.count > 100)
    }

    @Test func every_grouping_merges_to_the_same_rollup() {
        let byKeyOrder = Self.orderedKeys.reduce(KPIRollup.empty) { $0 + Self.daily[$1]! }
        let byTeam = sumOfGroups { $0.teamID }
        let byDayReversed = Dictionary(grouping: Self.orderedKeys, by: \.day)
            .sorted { $0.key > $1.key }
            .map { $0.value.reversed().reduce(KPIRollup.empty) { $0 + Self.daily[$1]! } }
            .reduce(KPIRollup.empty, +)
        var generator = SeededGenerator(seed: 42)
        var shuffled = Self.orderedKeys
        for index in shuffled.indices.reversed() { shuffled.swapAt(index, generator.below(index + 1)) }
        let pairwise = pairwiseSum(shuffled.map { Self.daily[$0]! })

        #expect(byTeam == byKeyOrder)
        #expect(byDayReversed == byKeyOrder)
        #expect(pairwise == byKeyOrder)
    }

    @Test func all_contacts_direct_equals_merged_rollup_for_every_variant() {
        let total = pairwiseSum(Self.orderedKeys.map { Self.daily[$0]! })

        for settings in allVariants() {
            let fromRollup = ContactKPIs(rollup: total, settings: settings)
            let direct = ContactKPIs(contacts: Self.contacts, serviceLevelThresholds: Self.thresholds, settings: settings,
                                     repeatContactOutcomes: Self.outcomes)
            let directComputingRepeats = ContactKPIs(contacts: Self.contacts, serviceLevelThresholds: Self.thresholds,
                                                     settings: settings, observedThrough: Self.observedThrough)
            #expect(fromRollup.serviceLevel.status == .value)
            guard expectAgreement(fromRollup, direct, "\(settings)"),
                  expectAgreement(directComputingRepeats, direct, "computing repeats \(settings)")
            else { return }
        }
    }

    @Test func each_team_and_each_queue_slice_agrees() {
        for (label, belongs) in [
            ("team partner-a", { (c: ContactRecord) in c.teamID == "partner-a" }),
            ("team in-house", { $0.teamID == "in-house" }),
            ("queue support-chat", { $0.queueID == "support-chat" }),
            ("queue email", { $0.queueID == "email" }),
            ("day 3", { UTCDay($0.offeredAt) == UTCDay(day0.addingTimeInterval(3 * oneDay)) }),
        ] as [(String, (ContactRecord) -> Bool)] {
            let indices = Self.contacts.indices.filter { belongs(Self.contacts[$0]) }
            let slice = indices.map { Self.contacts[$0] }
            let sliceOutcomes = indices.map { Self.outcomes[$0] }
            let rollup = Self.orderedKeys
                .filter { key in slice.contains { $0.teamID == key.teamID && $0.queueID == key.queueID && UTCDay($0.offeredAt) == key.day } }
                .reduce(KPIRollup.empty) { $0 + Self.daily[$1]! }

            for settings in allVariants() {
                let direct = ContactKPIs(contacts: slice, serviceLevelThresholds: Self.thresholds, settings: settings,
                                         repeatContactOutcomes: sliceOutcomes)
                guard expectAgreement(ContactKPIs(rollup: rollup, settings: settings), direct, "\(label) \(settings)") else { return }
            }
        }
    }

    private func sumOfGroups(_ key: (RollupKey) -> String) -> KPIRollup {
        Dictionary(grouping: Self.orderedKeys, by: key)
            .sorted { $0.key < $1.key }
            .map { $0.value.reduce(KPIRollup.empty) { $0 + Self.daily[$1]! } }
            .reduce(KPIRollup.empty, +)
    }
}

/// One expectation per KPI so a failure names the figure; false on the first disagreement so a
/// broken formula reports once, not for all 48 variants.
func expectAgreement(_ fromRollup: ContactKPIs, _ direct: ContactKPIs, _ label: String) -> Bool {
    for (rolled, computed) in zip(fromRollup.all, direct.all) where rolled != computed {
        #expect(rolled == computed, "\(computed.kind) differs: \(label)")
        return false
    }
    return true
}

/// ((a + b) + (c + d)) + …: a grouping unlike any left fold.
func pairwiseSum(_ rollups: [KPIRollup]) -> KPIRollup {
    var level = rollups
    while level.count > 1 {
        level = stride(from: 0, to: level.count, by: 2).map { index in
            index + 1 < level.count ? level[index] + level[index + 1] : level[index]
        }
    }
    return level.first ?? .empty
}

/// Contacts over 3 teams × 4 queues × 14 days, 200 customers (so repeats happen), waits drawn
/// half the time from the exact threshold edges (S = 5, T = 20 / 60 / 3600).
func generateContacts(count: Int, seed: UInt64) -> [ContactRecord] {
    var random = SeededGenerator(seed: seed)
    let teams = ["partner-a", "partner-b", "in-house"]
    let queues: [(id: String, channel: ChannelKind, scale: SurveyScale)] = [
        ("billing-voice", .voice, .oneToFive), ("support-chat", .chat, .binary),
        ("sales-voice", .voice, .zeroToTen), ("email", .email, .oneToFive),
    ]
    let edges: [Double] = [0, 2, 4.999, 5, 5.001, 19.999, 20, 20.001, 59.999, 60, 60.001, 3599.999, 3600, 3600.001]

    return (0..<count).map { index in
        let queue = random.pick(queues)
        let offeredAt = day0.addingTimeInterval(Double(random.below(14)) * oneDay + Double(random.below(86_400 / 600) * 600))
        let wait = random.chance(50) ? random.pick(edges) : Double(random.below(400_000)) / 1000
        let roll = random.below(100)
        let isAnswered = roll < 65, isAbandoned = roll >= 65 && roll < 90
        let customer: String? = switch random.below(20) {
        case 0, 1: nil
        case 2: ""
        default: "customer-\(random.below(200))"
        }
        let scale = random.chance(90) ? queue.scale : random.pick(SurveyScale.allCases)
        let csat: Int? = random.chance(40) ? scale.scores.lowerBound + random.below(scale.scores.count + 1) : nil  // may overshoot: invalid score
        return ContactRecord(
            externalID: "gen-\(index)",
            teamID: random.pick(teams),
            queueID: queue.id,
            channel: queue.channel,
            customerKey: customer,
            offeredAt: offeredAt,
            answeredAt: isAnswered ? offeredAt.addingTimeInterval(wait) : nil,
            abandoned: isAbandoned || (isAnswered && random.chance(2)),   // a few contradictory records
            waitSeconds: wait,
            talkSeconds: Double(random.below(900_000)) / 1000,
            holdSeconds: random.chance(30) ? Double(random.below(120_000)) / 1000 : 0,
            afterWorkSeconds: Double(random.below(60_000)) / 1000,
            resolvedFirstContact: random.chance(70) ? random.chance(60) : nil,
            csat: csat,
            csatScale: scale
        )
    }
}
