import Foundation
import TandemPerformance

// Builders keep each test's arrange step to one line per contact: only what the test is about is spelled out.

/// 2025-01-01T00:00:00Z.
let day0 = Date(timeIntervalSince1970: 1_735_689_600)
let oneDay: TimeInterval = 86_400

func answered(
    wait: Double, talk: Double = 0, hold: Double = 0, afterWork: Double = 0,
    queue: String = "billing-voice", team: String = "partner-a", customer: String? = nil,
    at offeredAt: Date = day0, fcr: Bool? = nil, csat: Int? = nil, scale: SurveyScale = .oneToFive
) -> ContactRecord {
    ContactRecord(
        externalID: "c", teamID: team, queueID: queue, channel: .voice, customerKey: customer,
        offeredAt: offeredAt, answeredAt: offeredAt.addingTimeInterval(wait), waitSeconds: wait,
        talkSeconds: talk, holdSeconds: hold, afterWorkSeconds: afterWork,
        resolvedFirstContact: fcr, csat: csat, csatScale: scale
    )
}

func abandoned(
    wait: Double, talk: Double = 0, queue: String = "billing-voice", team: String = "partner-a",
    customer: String? = nil, at offeredAt: Date = day0, fcr: Bool? = nil, csat: Int? = nil,
    scale: SurveyScale = .oneToFive
) -> ContactRecord {
    ContactRecord(
        externalID: "c", teamID: team, queueID: queue, channel: .voice, customerKey: customer,
        offeredAt: offeredAt, abandoned: true, waitSeconds: wait, talkSeconds: talk,
        resolvedFirstContact: fcr, csat: csat, csatScale: scale
    )
}

/// Neither answered nor abandoned (still queued when exported).
func unanswered(queue: String = "billing-voice", customer: String? = nil, at offeredAt: Date = day0) -> ContactRecord {
    ContactRecord(externalID: "c", teamID: "partner-a", queueID: queue, channel: .voice, customerKey: customer, offeredAt: offeredAt)
}

/// One queue with T = 20 s, S = 5 s and one contact of every kind; the hand counts below are used
/// across the tests.
///   entering 10 · short abandons 2 (3 s, 4.999 s) · offered 8 · answered 4 (10, 20, 25, 60 s)
///   answered within 20 s: 2 (10, 20) · abandoned ≥ 5 s: 3 (5, 15, 30) · of which within 20 s: 2, after: 1
///   other: 1 · Σ wait answered = 115 s · Σ handle = 150 + 240 + 360 + 60 = 810 s
///   FCR flags on handled: true, false, nil, true → known 3, resolved 2
let mixedQueue: [ContactRecord] = [
    answered(wait: 10, talk: 100, hold: 20, afterWork: 30, fcr: true),   // handle 150
    answered(wait: 20, talk: 200, afterWork: 40, fcr: false),            // handle 240; wait = T is within
    answered(wait: 25, talk: 300, hold: 60),                             // handle 360; flag unknown
    answered(wait: 60, talk: 50, afterWork: 10, fcr: true),              // handle 60
    abandoned(wait: 3),                                                  // short
    abandoned(wait: 4.999),                                              // short
    abandoned(wait: 5),                                                  // wait = S is counted; within T
    abandoned(wait: 15, fcr: true),                                      // within T; flag ignored, not handled
    abandoned(wait: 30, talk: 999),                                      // after T; talk ignored, not handled
    unanswered(),
]

func kpis(_ contacts: [ContactRecord], t: ServiceLevelThresholds = 20, _ settings: KPISettings = KPISettings()) -> ContactKPIs {
    ContactKPIs(contacts: contacts, serviceLevelThresholds: t, settings: settings)
}

func rollup(_ contacts: [ContactRecord], t: Double = 20, s: Double = 5) -> KPIRollup {
    var rollup = KPIRollup(serviceLevelThreshold: t, shortAbandonThreshold: s)
    for contact in contacts { rollup.add(contact) }
    return rollup
}

/// For values whose hand arithmetic is not exact in binary (e.g. 2 ÷ 7).
func isClose(_ value: Double?, _ expected: Double, tolerance: Double = 1e-12) -> Bool {
    guard let value else { return false }
    return abs(value - expected) <= tolerance
}
