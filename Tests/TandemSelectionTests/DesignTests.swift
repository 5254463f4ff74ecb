import Testing
import TandemPartners
@testable import TandemSelection

@Suite struct PartnershipDesignTests {
    @Test func each_involvement_level_proposes_a_matrix_without_gaps_and_fewer_client_hours_as_the_partner_does_more() {
        for level in InvolvementLevel.allCases {
            let proposal = ResponsibilityMatrix.proposal(for: level)
            #expect(proposal.map(\.activity) == Activity.allCases)
            #expect(ResponsibilityMatrix.gaps(proposal).isEmpty, "\(level) proposes a gap")
        }
        // Low: the client owns onboarding 6 + training materials 8 + SOPs 6 + coaching 10 + QA 8 + escalations 4
        // + WFM 6 + reporting 4 + knowledge base 4 + change communication 3 + VoC 3 + improvement 3, and shares recognition (2 ÷ 2 = 1).
        #expect(ResponsibilityMatrix.clientHours(ResponsibilityMatrix.proposal(for: .low)) == 66)
        // Partial: shares training 4, coaching 5, QA 4, WFM 3; owns SOPs 6, knowledge base 4, change 3, VoC 3, improvement 3.
        #expect(ResponsibilityMatrix.clientHours(ResponsibilityMatrix.proposal(for: .partial)) == 35)
        // High: shares SOPs 3, knowledge base 2, change communication 1.5, improvement 1.5.
        #expect(ResponsibilityMatrix.clientHours(ResponsibilityMatrix.proposal(for: .high)) == 8)
        #expect(ResponsibilityMatrix.proposedOwner(.sopWriting, at: .low) == .client)
        #expect(ResponsibilityMatrix.proposedOwner(.escalations, at: .partial) == .partner)
        #expect(ResponsibilityMatrix.proposedOwner(.voiceOfCustomer, at: .high) == .partner)
    }

    @Test func nobody_writing_sops_is_a_gap_and_takes_no_client_hours() {
        var matrix = ResponsibilityMatrix.proposal(for: .partial)
        let sop = matrix.firstIndex { $0.activity == .sopWriting }!
        matrix[sop] = ResponsibilityAssignment(activity: .sopWriting, owner: .nobody, clientHoursPerWeek: 6)
        #expect(ResponsibilityMatrix.gaps(matrix) == [.sopWriting])
        #expect(matrix[sop].clientHoursPerWeek == 0, "hours only count for what the client owns or shares")
        // 35 − the 6 hours of SOP writing the client no longer does.
        #expect(ResponsibilityMatrix.clientHours(matrix) == 29)
    }

    @Test func more_client_hours_than_its_people_have_is_an_over_commitment() {
        // Low involvement needs 66 client hours a week; María gives 20 and Sam 16: 36.
        let people = [CapacityPerson(name: "María López", role: "Relationship manager", hoursPerWeek: 20),
                      CapacityPerson(name: "Sam Rivera", role: "Trainer", hoursPerWeek: 16)]
        let check = CapacityCheck(needed: ResponsibilityMatrix.clientHours(ResponsibilityMatrix.proposal(for: .low)), people: people)
        #expect(check.availableHours == 36)
        #expect(check.overCommitted)
        #expect(check.shortfall == 30)
        #expect(close(check.utilisation, 66.0 / 36))
        // Exactly the hours available is fully booked, not over.
        #expect(!CapacityCheck(needed: 36, people: people).overCommitted)
        #expect(CapacityCheck(needed: 1, people: []).overCommitted)
        #expect(CapacityCheck(needed: 1, people: []).utilisation == nil)
    }

    @Test func a_partner_cannot_go_live_without_a_relationship_manager() {
        #expect(GoLiveRule.problems(kind: .partner, status: .live, hasRelationshipManager: false).keys.contains("relationshipManagerID"))
        #expect(GoLiveRule.problems(kind: .partner, status: .live, hasRelationshipManager: true).isEmpty)
        #expect(GoLiveRule.problems(kind: .partner, status: .onboarding, hasRelationshipManager: false).isEmpty)
        #expect(GoLiveRule.problems(kind: .inHouse, status: .live, hasRelationshipManager: false).isEmpty, "the in-house team is not a partnership")
    }
}

@Suite struct SmartGoalTests {
    let start = LocalDate("2026-01-01")!
    let deadline = LocalDate("2026-07-01")! // 181 days later

    @Test func progress_is_judged_against_the_straight_path_from_baseline_to_target() {
        let plan = GoalPlan(baseline: 0.70, target: 0.80, start: start, deadline: deadline)
        let april = LocalDate("2026-04-01")! // day 90
        // Expected = 0.70 + 0.10 × 90 ÷ 181 = 0.749723…
        #expect(close(plan.expected(on: april), 0.70 + 0.10 * 90 / 181))
        #expect(plan.evaluate(current: 0.74, on: april).status == .atRisk)
        #expect(plan.evaluate(current: 0.75, on: april).status == .onTrack)
        #expect(plan.evaluate(current: 0.80, on: april).status == .achieved)
        #expect(close(plan.evaluate(current: 0.74, on: april).progress, 0.4))
        #expect(plan.evaluate(current: nil, on: april).status == .notMeasured)
        // On the deadline the path is at the target; after it, short of the target is missed.
        #expect(plan.evaluate(current: 0.79, on: deadline).status == .atRisk)
        #expect(plan.evaluate(current: 0.79, on: deadline.adding(days: 1)).status == .missed)
        #expect(plan.evaluate(current: 0.81, on: deadline.adding(days: 1)).status == .achieved)
        // Before the start the path is the baseline.
        #expect(plan.expected(on: LocalDate("2025-12-01")!) == 0.70)
    }

    @Test func lower_is_better_goals_run_downhill() {
        // AHT from 420 s to 360 s: on day 90 the path stands at 420 − 60 × 90 ÷ 181 = 390.17 s.
        let plan = GoalPlan(baseline: 420, target: 360, start: start, deadline: deadline)
        #expect(plan.direction == .lowerIsBetter)
        let april = LocalDate("2026-04-01")!
        #expect(close(plan.expected(on: april), 420 - 60.0 * 90 / 181))
        #expect(plan.evaluate(current: 391, on: april).status == .atRisk)
        #expect(plan.evaluate(current: 390, on: april).status == .onTrack)
        #expect(plan.evaluate(current: 355, on: april).status == .achieved)
    }

    @Test func a_plan_is_checked() {
        #expect(GoalPlan(baseline: 1, target: 1, start: start, deadline: deadline).problems()["target"] == "must differ from the baseline")
        #expect(GoalPlan(baseline: 1, target: 2, start: deadline, deadline: start).problems()["deadline"] != nil)
        #expect(GoalPlan(baseline: 420, target: 480, start: start, deadline: deadline).problems(direction: .lowerIsBetter)["target"]?.hasPrefix("must be below") == true)
        #expect(GoalPlan(baseline: 0.7, target: 0.8, start: start, deadline: deadline).problems(direction: .higherIsBetter).isEmpty)
    }
}

@Suite struct SiteVisitTests {
    @Test func photos_are_checked_by_their_bytes() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16]
        #expect(PhotoCheck.check(png) == .success(.png))
        #expect(PhotoCheck.check(jpeg) == .success(.jpeg))
        #expect(PhotoCheck.check(Array("GIF89a...".utf8)) == .failure(.notAnImage))
        #expect(PhotoCheck.check(Array("<svg xmlns=...>".utf8)) == .failure(.notAnImage))
        #expect(PhotoCheck.check([UInt8]()) == .failure(.empty))
        let big = png + [UInt8](repeating: 0, count: PhotoCheck.maxBytes)
        #expect(PhotoCheck.check(big) == .failure(.tooLarge(big.count)))
    }

    @Test func a_visit_that_missed_the_delivery_site_says_so() {
        let hq = VisitSummary([.recognitionDisplays: .seen, .personalisedDesks: .seen, .deliverySite: .notSeen])
        #expect(hq.seen == 2 && hq.notSeen == 1 && hq.notChecked == 3)
        #expect(hq.notTheDeliverySite)
        #expect(hq.text == "2 of 6 seen; the delivery site itself was not confirmed")
        #expect(!VisitSummary([.deliverySite: .seen]).notTheDeliverySite)
    }
}
