import Foundation
import Testing
import TandemContracts
import TandemPartners

@Suite struct InvoiceCSVTests {
    let teams = ["Harborline Voice", "Harborline Email", "Harborline Chat"]

    @Test func a_good_file_gives_lines_priced_at_quantity_times_rate() throws {
        let csv = """
        team,unit,channel,site,language,quantity,rate,amount,description
        Harborline Voice,productive_hour,voice,MNL,en,4180,24.50,102410.00,"Voice, March"
        harborline email,handled_contact,email,,,12000,3.10,,
        Harborline Chat,fte_month,chat,,,20,5200,,

        """
        let lines = try InvoiceCSV.parse(csv, teams: teams)
        #expect(lines.map(\.row) == [2, 3, 4])
        #expect(lines[0].amount == 4_180 * Fixture.dec("24.50") && lines[0].description == "Voice, March" && lines[0].site == "MNL")
        #expect(lines[1].team == "Harborline Email" && lines[1].amount == 12_000 * Fixture.dec("3.10"))
        #expect(lines.total == Decimal(102_410) + 37_200 + 104_000)
    }

    @Test func bad_rows_reject_the_whole_file_naming_line_and_field() {
        let csv = """
        team,unit,channel,quantity,rate,amount
        Harborline Voice,productive_hour,voice,4180,24.50,
        Seaview Voice,productive_hour,voice,100,24.50,
        Harborline Chat,logged_hour,chat,300,"18,75",
        Harborline Voice,productive_hour,voice,10,24.50,
        Harborline Email,handled_contact,email,1000,3.10,3000.00
        Harborline Email,per_hour,fax,-2,3.10,
        """
        #expect(throws: ContractInputError([
            ContractIssue("team", row: 3, "\"Seaview Voice\" is not a team of this partner"),
            ContractIssue("rate", row: 4, "must be a number of 0 or more with a dot for decimals, such as 18.75"),
            ContractIssue("row", row: 5, "duplicates line 2 (Harborline Voice, productive hours, voice)"),
            ContractIssue("amount", row: 6, "3000.00 does not equal quantity × rate: 1000 handled contacts × 3.1 = 3100.00"),
            ContractIssue("unit", row: 7, "must be one of productive_hour, logged_hour, fte_month, handled_contact, resolution"),
            ContractIssue("channel", row: 7, "must be one of voice, chat, messaging, email, social, back_office"),
            ContractIssue("quantity", row: 7, "must be a number of 0 or more, such as 1234.5"),
        ])) { try InvoiceCSV.parse(csv, teams: teams) }
    }

    @Test func a_header_without_required_columns_is_refused() {
        #expect(throws: ContractInputError([
            ContractIssue("header", row: 1, "unknown column \"hours\" (expected team, unit, quantity, rate, channel, site, language, amount, description)"),
            ContractIssue("quantity", row: 1, "column is missing"),
        ])) { try InvoiceCSV.parse("team,unit,hours,rate\nHarborline Voice,productive_hour,1,2\n", teams: teams) }
        #expect(throws: ContractInputError("file", "is empty")) { try InvoiceCSV.parse("", teams: teams) }
    }
}

@Suite struct ReconciliationTests {
    static let lines = [
        InvoiceLine(row: 2, team: "Harborline Voice", unit: .productiveHour, channel: .voice, quantity: 4_180, rate: Fixture.dec("24.50")),
        InvoiceLine(row: 3, team: "Harborline Email", unit: .handledContact, channel: .email, quantity: 12_000, rate: Fixture.dec("3.10")),
        InvoiceLine(row: 4, team: "Harborline Chat", unit: .fteMonth, quantity: 20, rate: 5_200),
    ]
    static let usage: [UsageKey: KnownUsage] = [
        UsageKey(team: "Harborline Voice", channel: .voice): KnownUsage(requiredHours: 4_100, scheduledHours: 4_150, deliveredProductiveHours: 4_050, adherentHours: 3_900),
        UsageKey(team: "harborline email"): KnownUsage(handledContacts: 11_900),   // team-level figures serve a line naming a channel
        UsageKey(team: "Harborline Chat"): KnownUsage(requiredFTE: 20, scheduledFTE: 20),
    ]

    @Test func one_line_billed_beyond_tolerance_over_delivered_hours_is_flagged() {
        let result = Reconciliation.reconcile(Self.lines, usage: Self.usage, tolerance: ReconciliationTolerance(percent: Percent(2), absolute: 10))
        #expect(result.flaggedLines.map(\.line.row) == [2])
        let voice = result.lines[0].comparisons
        // delivered: 4,180 − 4,050 = 130 > max(10, 2% × 4,050 = 81)
        #expect(voice.map(\.basis) == [.required, .scheduled, .delivered])
        #expect(voice[2].difference == 130 && voice[2].allowed == 81 && voice[2].withinTolerance == false)
        #expect(voice[2].amount == 130 * Fixture.dec("24.50"))                        // 3,185.00
        #expect(voice[0].difference == 80 && voice[0].allowed == 82 && voice[0].withinTolerance == true)   // 2% × 4,100 = 82
        #expect(voice[1].difference == 30 && voice[1].withinTolerance == true)
        // contacts: 12,000 − 11,900 = 100 ≤ 2% × 11,900 = 238
        #expect(result.lines[1].comparisons[0].withinTolerance == true && result.lines[1].comparisons[0].allowed == 238)
        #expect(result.lines[2].comparisons.allSatisfy { $0.difference == 0 })
        #expect(result.overbilledAmount == Fixture.dec("3185.00"))
        #expect(voice[2].explanation == "4180 productive hours billed − 4050 delivered = 130, beyond the tolerance max(10, 2% × 4050) = 81; × rate 24.5 = 3185.00")
    }

    @Test func adherence_only_pays_on_hours_in_adherence_and_unknown_figures_stay_unknown() {
        let result = Reconciliation.reconcile(Self.lines, usage: [:], tolerance: ReconciliationTolerance(percent: Percent(2)))
        #expect(result.flaggedLines.isEmpty && result.lines.allSatisfy(\.isUnverified))
        let adherent = Reconciliation.reconcile([Self.lines[0]], usage: Self.usage, tolerance: ReconciliationTolerance(percent: Percent(2)), adherenceOnly: true)
        // 4,180 − 3,900 = 280 > 2% × 3,900 = 78: 280 × 24.50 = 6,860.00 over
        #expect(adherent.lines[0].payBasis == .deliveredInAdherence && adherent.overbilledAmount == 280 * Fixture.dec("24.50"))
    }

    @Test func settlement_applies_the_months_credit_earnback_and_bonus() throws {
        var input = Fixture.good("2026-03", invoice: Self.lines.total)
        input.figures[.qaScore] = Fixture.figure(.qaScore, 80)
        let evaluation = try Fixture.schedule.evaluate(input)
        // 243,610.00 × 12% = 29,233.20; × 20% = 5,846.64
        #expect(evaluation.creditApplied == Fixture.dec("5846.64"))
        let settlement = InvoiceSettlement(lines: Self.lines, evaluation: evaluation, earnedBack: 1_000)
        #expect(settlement.payable == Decimal(243_610) - Fixture.dec("5846.64") + 1_000)
        #expect(settlement.explanation.last == "payable = 243610.00 − credit 5846.64 + earned back 1000.00 + bonus 0.00 = 238763.36")
    }
}

@Suite struct InvoiceWorkflowTests {
    @Test func a_manager_approves_and_a_partner_disputes_with_a_reason_per_line() throws {
        #expect(try InvoiceWorkflow.next(.draft, .submitForReview, by: .manager) == .underReview)
        #expect(try InvoiceWorkflow.next(.underReview, .approve, by: .manager) == .approved)
        let disputed = try InvoiceWorkflow.next(.underReview, .dispute, by: .partner, disputes: [LineDispute(row: 2, reason: "hours include training")], lineRows: [2, 3])
        #expect(disputed == .disputed)
        #expect(try InvoiceWorkflow.next(.disputed, .resolve, by: .admin) == .resolved)
    }

    @Test func wrong_roles_steps_and_disputes_are_refused() {
        #expect(throws: ContractInputError("action", "a viewer (read-only) may not approve an invoice")) { try InvoiceWorkflow.next(.underReview, .approve, by: .viewer) }
        #expect(throws: ContractInputError("action", "a partner user may not approve an invoice")) { try InvoiceWorkflow.next(.underReview, .approve, by: .partner) }
        #expect(throws: ContractInputError("action", "cannot approve an invoice that is draft")) { try InvoiceWorkflow.next(.draft, .approve, by: .admin) }
        #expect(throws: ContractInputError([ContractIssue("line", row: 9, "is not a line of this invoice"), ContractIssue("reason", row: 9, "is required")])) {
            try InvoiceWorkflow.next(.underReview, .dispute, by: .partner, disputes: [LineDispute(row: 9, reason: " ")], lineRows: [2, 3])
        }
    }
}
