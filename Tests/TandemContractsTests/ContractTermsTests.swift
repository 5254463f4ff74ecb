import Foundation
import Testing
import TandemContracts
import TandemPartners

extension Fixture {
    static func day(_ text: String) -> LocalDate { LocalDate(text)! }

    /// Two-year initial term, renews yearly; the client gives 90 days' notice, the partner 30.
    static func terms(autoRenew: Bool = true, convenience: ConvenienceTermination? = nil) -> ContractTerms {
        ContractTerms(start: day("2025-01-01"), initialEnd: day("2026-12-31"), autoRenew: autoRenew, renewalTermMonths: 12,
                      notice: NoticePeriods(clientDays: 90, partnerDays: 30), convenience: convenience)
    }
}

@Suite struct ContractVersionTests {
    @Test func the_version_in_force_on_a_day_is_found_and_gaps_have_none() throws {
        let history = try ContractHistory(versions: [
            ContractVersion(number: 2, effectiveFrom: Fixture.day("2026-03-01"), terms: Fixture.terms()),
            ContractVersion(number: 1, effectiveFrom: Fixture.day("2025-01-01"), effectiveThrough: Fixture.day("2026-01-31"), terms: Fixture.terms()),
        ])
        #expect(history.versions.map(\.number) == [1, 2])
        #expect(history.version(on: Fixture.day("2026-01-31"))?.number == 1)
        #expect(history.version(on: Fixture.day("2026-02-15")) == nil)        // between versions
        #expect(history.version(on: Fixture.day("2026-03-01"))?.number == 2)
        #expect(history.version(on: Fixture.day("2024-12-31")) == nil)
        #expect(history.version(for: Fixture.month("2026-03"))?.number == 2 && history.version(for: Fixture.month("2026-02")) == nil)
    }

    @Test func overlapping_or_reversed_versions_are_rejected_naming_field_and_version() {
        var bad = Fixture.terms()
        bad.notice.partnerDays = -5
        #expect(throws: ContractInputError([
            ContractIssue("effective_through", row: 3, "must not be before effective_from (2027-01-01)"),
            ContractIssue("partner_notice_days", row: 3, "must not be negative"),
            ContractIssue("effective_from", row: 2, "overlaps version 1 (2025-01-01 to 2026-01-15); end version 1 on or before 2025-12-31"),
            ContractIssue("effective_from", row: 3, "overlaps version 2 (2026-01-01 to open end); end version 2 on or before 2026-12-31"),
        ])) {
            try ContractHistory(versions: [
                ContractVersion(number: 1, effectiveFrom: Fixture.day("2025-01-01"), effectiveThrough: Fixture.day("2026-01-15"), terms: Fixture.terms()),
                ContractVersion(number: 2, effectiveFrom: Fixture.day("2026-01-01"), terms: Fixture.terms()),
                ContractVersion(number: 3, effectiveFrom: Fixture.day("2027-01-01"), effectiveThrough: Fixture.day("2026-12-01"), terms: bad),
            ])
        }
    }
}

@Suite struct KeyDateTests {
    @Test func notice_deadlines_and_renewal_inside_the_horizon() {
        let dates = Fixture.terms().keyDates(from: Fixture.day("2026-09-15"), horizonDays: 120)   // through 2027-01-13
        // client: 2026-12-31 − 90 days = 2026-10-02 (29 days left of October + 30 + 31 = 90); partner: − 30 = 2026-12-01
        #expect(dates.map { "\($0.kind.rawValue) \($0.side?.rawValue ?? "-") \($0.date) \($0.daysAway)" } == [
            "notice_deadline client 2026-10-02 17",
            "notice_deadline partner 2026-12-01 77",
            "renews - 2027-01-01 108",
        ])
        #expect(dates[0].explanation == "last day for the client to give notice to stop the renewal on 2027-01-01: term ends 2026-12-31 − 90 days' notice = 2026-10-02")
        // A passed deadline is gone; the partner's is still ahead.
        #expect(Fixture.terms().keyDates(from: Fixture.day("2026-10-05"), horizonDays: 60).map(\.date) == [Fixture.day("2026-12-01")])
    }

    @Test func a_deadline_inside_the_horizon_for_a_term_ending_beyond_it_is_shown() {
        // 2027-12-31 − 90 = 2027-10-02 is within 30 days of 2027-09-20; the term end is not.
        let dates = Fixture.terms().keyDates(from: Fixture.day("2027-09-20"), horizonDays: 30)
        #expect(dates.map(\.date) == [Fixture.day("2027-10-02")] && dates[0].termEnd == Fixture.day("2027-12-31"))
    }

    @Test func a_contract_that_does_not_renew_shows_its_end_only() {
        let dates = Fixture.terms(autoRenew: false).keyDates(from: Fixture.day("2026-11-01"), horizonDays: 90)
        #expect(dates.map(\.kind) == [.expires] && dates[0].date == Fixture.day("2026-12-31"))
        #expect(Fixture.terms(autoRenew: false).keyDates(from: Fixture.day("2027-02-01"), horizonDays: 90).isEmpty)
    }

    @Test func renewal_terms_count_whole_months_from_the_day_after_the_initial_term() {
        var monthly = Fixture.terms()
        monthly.initialEnd = Fixture.day("2026-06-30")
        monthly.renewalTermMonths = 1
        #expect(monthly.term(1) == ContractTermPeriod(renewal: 1, first: Fixture.day("2026-07-01"), last: Fixture.day("2026-07-31")))
        #expect(monthly.term(containing: Fixture.day("2026-08-15"))?.last == Fixture.day("2026-08-31"))
        #expect(monthly.term(containing: Fixture.day("2027-02-28"))?.renewal == 8)
    }
}

@Suite struct ConvenienceExitTests {
    @Test func per_remaining_month_fee_counts_started_months_to_the_term_end() throws {
        let terms = Fixture.terms(convenience: ConvenienceTermination(allowedFor: [.client], fee: .perRemainingMonth(15_000)))
        // 2026-03-02 + 90 days = 2026-05-31; June to December remain: 7 months.
        let cost = try terms.convenienceExit(by: .client, givenOn: Fixture.day("2026-03-02"))
        #expect(cost.exit.endsOn == Fixture.day("2026-05-31") && cost.fee == 7 * 15_000)
        // A day earlier it ends 2026-05-30: 31 May starts an eighth month.
        #expect(try terms.convenienceExit(by: .client, givenOn: Fixture.day("2026-03-01")).fee == 8 * 15_000)
        #expect(cost.explanation.last == "fee = 7 × 15000.00 = 105000.00")
        #expect(throws: ContractInputError("convenience_allowed_for", "this contract version does not let the partner end it for convenience")) {
            try terms.convenienceExit(by: .partner, givenOn: Fixture.day("2026-03-02"))
        }
    }

    @Test func months_of_average_billing_rounds_half_even_once() throws {
        let terms = Fixture.terms(convenience: ConvenienceTermination(fee: .monthsOfAverageBilling(months: 3, lookbackMonths: 6)))
        let billing: [BillingMonth: Decimal] = [
            Fixture.month("2026-01"): 190_000, Fixture.month("2026-02"): 200_000, Fixture.month("2026-03"): Fixture.dec("210000.01"),
            Fixture.month("2026-04"): 205_000, Fixture.month("2026-05"): 195_000, Fixture.month("2026-06"): 200_000,
            Fixture.month("2026-07"): 999_999,   // the notice month itself is not averaged
        ]
        let cost = try terms.convenienceExit(by: .client, givenOn: Fixture.day("2026-07-10"), billing: billing)
        // 3 × 1,200,000.01 ÷ 6 = 600,000.005 → half-even 600,000.00
        #expect(cost.fee == Fixture.dec("600000.00"))
        #expect(cost.explanation.last == "fee = 3 × 1200000.01 ÷ 6 = 600000.00")

        let short = try terms.convenienceExit(by: .client, givenOn: Fixture.day("2026-03-10"), billing: billing)
        #expect(short.fee == Decimal(3) * (190_000 + 200_000) / 2)     // only January and February were invoiced
        #expect(throws: ContractInputError("billing_history", "no invoiced month in the 6 months before 2025-06-01 to average")) {
            try terms.convenienceExit(by: .client, givenOn: Fixture.day("2025-06-01"), billing: billing)
        }
        let fixed = Fixture.terms(convenience: ConvenienceTermination(allowedFor: [.client, .partner], fee: .fixed(50_000)))
        let partnerExit = try fixed.convenienceExit(by: .partner, givenOn: Fixture.day("2026-03-02"))
        #expect(partnerExit.fee == 50_000 && partnerExit.exit.endsOn == Fixture.day("2026-04-01"))   // 30 days' partner notice
    }
}

@Suite struct HeadcountFlexTests {
    let terms = HeadcountTerms(minimum: 50, maxIncrease: .heads(20), maxDecrease: .percentOfCurrent(Percent(10)), flexNoticeDays: 30)

    @Test func a_cut_beyond_the_flex_with_short_notice_is_refused_with_each_reason() throws {
        let check = try terms.check(current: 80, requested: 70, askedOn: Fixture.day("2026-03-01"), effectiveOn: Fixture.day("2026-03-20"))
        // 10% of 80 = 8 heads; 19 days' notice < 30, earliest 2026-03-31
        #expect(check.problems == [.decreaseTooLarge(change: 10, allowed: 8), .noticeTooShort(givenDays: 19, requiredDays: 30, earliest: Fixture.day("2026-03-31"))])
        let floor = try terms.check(current: 55, requested: 45, askedOn: Fixture.day("2026-03-01"), effectiveOn: Fixture.day("2026-04-15"))
        // 10% of 55 = 5.5, rounded down to 5
        #expect(floor.problems == [.belowMinimum(requested: 45, minimum: 50), .decreaseTooLarge(change: 10, allowed: 5)])
        #expect(try terms.check(current: 80, requested: 100, askedOn: Fixture.day("2026-03-01"), effectiveOn: Fixture.day("2026-03-31")).isAllowed)
    }

    @Test func without_a_minimum_or_flex_limits_heads_can_go_to_zero() throws {
        let open = HeadcountTerms()
        let check = try open.check(current: 40, requested: 0, askedOn: Fixture.day("2026-03-01"), effectiveOn: Fixture.day("2026-03-01"))
        #expect(check.isAllowed && check.explanation.contains("no minimum headcount"))
        #expect(throws: ContractInputError([ContractIssue("requested_headcount", "must not be negative")])) {
            try open.check(current: 40, requested: -1, askedOn: Fixture.day("2026-03-01"), effectiveOn: Fixture.day("2026-03-01"))
        }
    }
}

@Suite struct RateCardTests {
    let card = RateCard([
        RateLine(unit: .productiveHour, rate: 22),
        RateLine(unit: .productiveHour, channel: .voice, rate: Fixture.dec("24.50")),
        RateLine(unit: .productiveHour, channel: .voice, site: "MNL", rate: Fixture.dec("18.75"), ramp: RampPricing(weeks: 8, rate: Fixture.dec("16.05"))),
        RateLine(unit: .loggedHour, channel: .chat, rate: 20),
        RateLine(unit: .loggedHour, site: "MNL", rate: 19),
    ])

    @Test func the_most_specific_line_wins_and_ramp_prices_the_first_weeks() throws {
        #expect(try card.rate(for: .productiveHour, channel: .voice, site: "BOG", language: "es", on: Fixture.day("2026-03-10")).rate == Fixture.dec("24.50"))
        #expect(try card.rate(for: .productiveHour, channel: .email, site: "MNL", language: nil, on: Fixture.day("2026-03-10")).rate == 22)
        // Ramp from 2026-02-01 for 8 weeks: through 2026-02-01 + 55 days = 2026-03-28.
        let ramp = try card.charge(Fixture.dec("1234.5"), of: .productiveHour, channel: .voice, site: "MNL", language: nil,
                                   on: Fixture.day("2026-03-28"), rampStart: Fixture.day("2026-02-01"))
        // 1,234.5 × 16.05 = 19,813.725 → half-even 19,813.72 (half-up would give .73)
        #expect(ramp.rate.inRamp && ramp.amount == Fixture.dec("19813.72"))
        let after = try card.rate(for: .productiveHour, channel: .voice, site: "MNL", language: nil, on: Fixture.day("2026-03-29"), rampStart: Fixture.day("2026-02-01"))
        #expect(!after.inRamp && after.rate == Fixture.dec("18.75"))
    }

    @Test func ambiguous_missing_and_duplicate_rates_are_errors() {
        #expect(throws: ContractInputError("rate", "2 equally specific rate lines match logged hours, channel chat, site MNL, language -: logged hours, channel chat, site any, language any / logged hours, channel any, site MNL, language any")) {
            try card.rate(for: .loggedHour, channel: .chat, site: "MNL", language: nil, on: Fixture.day("2026-03-10"))
        }
        #expect(throws: ContractInputError("rate", "the contract has no rate for resolutions, channel chat, site -, language -")) {
            try card.rate(for: .resolution, channel: .chat, site: nil, language: nil, on: Fixture.day("2026-03-10"))
        }
        var terms = Fixture.terms()
        terms.rates = RateCard([RateLine(unit: .fteMonth, rate: 5_000), RateLine(unit: .fteMonth, rate: -1)])
        #expect(terms.validate() == [ContractIssue("rate", row: 2, "must not be negative"), ContractIssue("rate", row: 2, "duplicates an earlier line for FTE-months, channel any, site any, language any")])
    }
}
