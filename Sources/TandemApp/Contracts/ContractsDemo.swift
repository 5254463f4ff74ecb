import Fluent
import Foundation
import TandemContracts
import TandemPartners
import TandemPerformance

/// The demo's contracts and money, relative to the day it is loaded: a contract for every partner
/// (Harborline on 30 days' partner notice, Meridian with no minimum headcount and a renewal
/// deadline inside the next 60 days, Lotus ramping up), six months of invoices for Harborline and
/// Meridian (one Meridian line disputed), Harborline's delivered hours, one month of SLA credits
/// earned back later, and the in-house team's fully loaded cost. The SLA levels of the demo are set
/// from the demo's own generated figures, so the credit month and its earnback exist whatever day
/// the demo is loaded on.
enum ContractsDemo {
    struct Teams {
        let inHouse: Partner
        let harborline: Partner
        let meridian: Partner
        let lotus: Partner
        let maria: User
    }

    static func load(_ teams: Teams, today: LocalDate, by actor: Actor, on db: any Database) async throws {
        let thisMonth = BillingMonth(containing: today)
        let months = (1...6).reversed().map { thisMonth.advanced(by: -$0) }
        let harborlineID = try teams.harborline.requireID(), meridianID = try teams.meridian.requireID()

        // Harborline's delivered hours: 24 agents on weekdays, with schedule adherence.
        var random = DemoRandom(seed: 1_406)
        var delivered = ["team,agent,date,productive_hours,logged_hours,scheduled_minutes,out_of_adherence_minutes"]
        var day = months.first!.firstDay
        while day <= months.last!.lastDay {
            let weekday = Calendar(identifier: .gregorian).component(.weekday, from: day.startOfDayUTC)
            if weekday != 1 && weekday != 7 {
                for agent in 1...24 {
                    let productive = (Decimal(600 + Int(random.unit() * 120)) / 100)
                    delivered.append("\(teams.harborline.name),hl-\(agent),\(day),\(productive.plainText),\((productive + Decimal(string: "0.75")!).plainText),480,\(Int(random.unit() * 40))")
                }
            }
            day = day.adding(days: 1)
        }
        _ = try await DeliveredHoursImport.run(csv: delivered.joined(separator: "\n"), fileName: "harborline-delivered.csv", by: actor, on: db)

        let harborlineFacts = try await MonthFactsLoader.load(partnerID: harborlineID, months: months, on: db)
        let meridianFacts = try await MonthFactsLoader.load(partnerID: meridianID, months: months, on: db)
        // Harborline: one month's service level set apart as the miss, the others at or above the level.
        let levels = months.map { harborlineFacts[$0]?.figures[.serviceLevel] }.map { $0?.status == .value ? $0?.value : nil }
        var slaMetrics: [SLAMetricInput] = []
        var earnback = 2
        if let worst = levels.indices.filter({ levels[$0] != nil }).min(by: { levels[$0]! < levels[$1]! }),
           let second = levels.indices.filter({ $0 != worst && levels[$0] != nil }).map({ levels[$0]! }).min() {
            let level = ((levels[worst]! + second) / 2 * 1_000).rounded() / 1_000
            earnback = min(2, months.count - 1 - worst)
            slaMetrics.append(SLAMetricInput(kpi: .serviceLevel, expected: level, minimum: level, allocationPercent: "60", stretch: nil, bonusPercent: nil))
        } else {
            slaMetrics.append(SLAMetricInput(kpi: .serviceLevel, expected: 0.8, minimum: 0.7, allocationPercent: "60", stretch: nil, bonusPercent: nil))
        }
        slaMetrics.append(SLAMetricInput(kpi: .scheduleAdherence, expected: 0.9, minimum: 0.85, allocationPercent: "40", stretch: 0.95, bonusPercent: "1"))
        slaMetrics.append(SLAMetricInput(kpi: .averageHandleTime, expected: 900, minimum: 1_200, allocationPercent: "50", stretch: nil, bonusPercent: nil))
        let harborlineStart = teams.harborline.goLiveOn.flatMap(LocalDate.init) ?? LocalDate(year: 2024, month: 2, day: 5)!
        let amendedFrom = months.first!.firstDay
        var harborlineTerms = ContractVersionInput(
            effectiveFrom: harborlineStart, effectiveThrough: nil, start: harborlineStart, initialEnd: harborlineStart.adding(months: 12).adding(days: -1),
            autoRenew: true, renewalTermMonths: 12, clientNoticeDays: 90, partnerNoticeDays: 30, cureDays: 30, convenienceAllowedFor: [.client],
            convenienceFee: .monthsOfAverageBilling, convenienceFeeAmount: nil, convenienceFeeMonths: "2", convenienceFeeLookbackMonths: 3,
            minimumHeadcount: 60, flexUp: "15%", flexDown: "10%", flexNoticeDays: 45,
            rates: [RateLineInput(unit: .productiveHour, channel: nil, site: nil, language: nil, rate: "20.90", rampWeeks: nil, rampRate: nil, rampStart: nil)],
            sla: nil, note: "Master services agreement as signed at launch. A partner notice of only 30 days: if Harborline leaves, we have a month.",
            closePrevious: false)
        _ = try await ContractService.addVersion(harborlineTerms, partner: teams.harborline, title: "Harborline master services agreement", by: actor, on: db)
        harborlineTerms.effectiveFrom = amendedFrom
        harborlineTerms.rates = [RateLineInput(unit: .productiveHour, channel: nil, site: nil, language: nil, rate: "21.40", rampWeeks: nil, rampRate: nil, rampStart: nil)]
        harborlineTerms.sla = SLAScheduleInput(atRiskPercent: "12", metrics: slaMetrics, earnbackMonths: max(1, earnback), bonusCapPercent: "2",
                                               bonusOffsetsCredits: false, volumeExclusionPercent: "15")
        harborlineTerms.note = "Amendment 1: new rate and service credits (12% at risk, earnback after good months)."
        harborlineTerms.closePrevious = true
        _ = try await ContractService.addVersion(harborlineTerms, partner: teams.harborline, by: actor, on: db)

        // Meridian: no minimum headcount; the initial term ends 75 days from today, so the client's
        // 60-day notice deadline falls inside the next 60 days.
        let meridianStart = teams.meridian.goLiveOn.flatMap(LocalDate.init) ?? LocalDate(year: 2025, month: 6, day: 16)!
        let qa = months.compactMap { meridianFacts[$0]?.figures[.qaScore] }.filter { $0.status == .value }.compactMap(\.value).min() ?? 70
        let qaLevel = max(0, (qa - 5).rounded(.down))
        _ = try await ContractService.addVersion(ContractVersionInput(
            effectiveFrom: meridianStart, effectiveThrough: nil, start: meridianStart, initialEnd: today.adding(days: 75), autoRenew: true, renewalTermMonths: 12,
            clientNoticeDays: 60, partnerNoticeDays: 60, cureDays: 30, convenienceAllowedFor: [.client, .partner], convenienceFee: .perRemainingMonth,
            convenienceFeeAmount: "15000", convenienceFeeMonths: nil, convenienceFeeLookbackMonths: nil, minimumHeadcount: nil, flexUp: "20%", flexDown: "20%",
            flexNoticeDays: 30,
            rates: [RateLineInput(unit: .handledContact, channel: .voice, site: nil, language: nil, rate: "1.45", rampWeeks: nil, rampRate: nil, rampStart: nil),
                    RateLineInput(unit: .handledContact, channel: .chat, site: nil, language: nil, rate: "1.20", rampWeeks: nil, rampRate: nil, rampStart: nil),
                    RateLineInput(unit: .handledContact, channel: nil, site: nil, language: "es-MX", rate: "1.55", rampWeeks: nil, rampRate: nil, rampStart: nil)],
            sla: SLAScheduleInput(atRiskPercent: "10", metrics: [
                SLAMetricInput(kpi: .qaScore, expected: qaLevel, minimum: max(0, qaLevel - 5), allocationPercent: "100", stretch: nil, bonusPercent: nil),
            ], earnbackMonths: 3, bonusCapPercent: nil, bonusOffsetsCredits: false, volumeExclusionPercent: nil),
            note: "Per-contact pricing; no minimum headcount (Meridian can be taken down to 0 heads).", closePrevious: false),
            partner: teams.meridian, title: "Meridian CX services agreement", by: actor, on: db)

        // Lotus: three years from go-live, ramp pricing for the first 12 weeks, credits after the ramp.
        let lotusStart = teams.lotus.goLiveOn.flatMap(LocalDate.init) ?? today
        _ = try await ContractService.addVersion(ContractVersionInput(
            effectiveFrom: lotusStart.adding(days: -60), effectiveThrough: nil, start: lotusStart, initialEnd: lotusStart.adding(months: 36).adding(days: -1),
            autoRenew: false, renewalTermMonths: nil, clientNoticeDays: 90, partnerNoticeDays: 90, cureDays: 45, convenienceAllowedFor: [.client],
            convenienceFee: .fixed, convenienceFeeAmount: "120000", convenienceFeeMonths: nil, convenienceFeeLookbackMonths: nil, minimumHeadcount: 40,
            flexUp: nil, flexDown: "10", flexNoticeDays: 60,
            rates: [RateLineInput(unit: .productiveHour, channel: .chat, site: "Cebu IT Park", language: nil, rate: "12.80", rampWeeks: 12, rampRate: "10.50", rampStart: lotusStart),
                    RateLineInput(unit: .productiveHour, channel: .email, site: nil, language: nil, rate: "11.90", rampWeeks: 12, rampRate: "9.90", rampStart: lotusStart)],
            sla: nil, note: "Wave 1 of 40 agents; service credits start after the ramp.", closePrevious: false),
            partner: teams.lotus, title: "Lotus Shore Solutions pilot agreement", by: actor, on: db)
        // Six months of invoices, billed on what was delivered and handled (one Meridian month 8% over).
        let maria = Principal(userID: try teams.maria.requireID(), name: teams.maria.name, email: teams.maria.email, role: .manager, partnerID: nil)
        var harborlineInvoices: [Invoice] = [], meridianInvoices: [Invoice] = []
        for (index, month) in months.enumerated() {
            let hours = harborlineFacts[month]?.productiveHours ?? 0
            if hours > 0 {
                let lines = try InvoiceService.parseCSV("team,unit,quantity,rate,description\n\(teams.harborline.name),productive_hour,\(hours.plainText),21.40,Productive hours (delivered-hours file)\n",
                                                        partner: teams.harborline)
                harborlineInvoices.append(try await InvoiceService.save(lines, month: month, reference: "HCS-\(month.year)-\(String(format: "%02d", month.month))",
                                                                        partner: teams.harborline, by: actor, recompute: false, on: db))
            }
            let facts = meridianFacts[month] ?? MonthFacts()
            var csv = "team,unit,quantity,rate,channel,description"
            for (channel, rate) in [(ChannelKind.voice, "1.45"), (.chat, "1.20")] {
                guard var count = facts.handled[channel], count > 0 else { continue }
                if index == 4 && channel == .chat { count = Int((Double(count) * 1.08).rounded()) }
                csv += "\n\(teams.meridian.name),handled_contact,\(count),\(rate),\(channel.rawValue),\(channel.label) contacts handled"
            }
            if csv.contains("\n") {
                meridianInvoices.append(try await InvoiceService.save(try InvoiceService.parseCSV(csv + "\n", partner: teams.meridian), month: month,
                                                                      reference: "MCX-\(month)", partner: teams.meridian, by: actor, recompute: false, on: db))
            }
        }
        // Settled once for all six months (each save would otherwise settle again), then moved along.
        try await ContractRecompute.partner(harborlineID, on: db)
        try await ContractRecompute.partner(meridianID, on: db)
        // Older months approved; Meridian's fifth month disputed on its chat line; the last ones in review or draft.
        for (index, invoice) in harborlineInvoices.enumerated() {
            try await InvoiceService.act(.init(action: .submitForReview, disputes: nil, note: nil), on: invoice, principal: maria, settle: false, on: db)
            if index < harborlineInvoices.count - 1 { try await InvoiceService.act(.init(action: .approve, disputes: nil, note: nil), on: invoice, principal: maria, settle: false, on: db) }
        }
        for (index, invoice) in meridianInvoices.enumerated() where index < meridianInvoices.count - 1 {
            try await InvoiceService.act(.init(action: .submitForReview, disputes: nil, note: nil), on: invoice, principal: maria, settle: false, on: db)
            if index == 4, let chat = try await InvoiceService.lines(of: invoice, on: db).first(where: { $0.channel == ChannelKind.chat.rawValue }) {
                try await InvoiceService.act(.init(action: .dispute, disputes: [DisputeInput(row: chat.row, reason: "Billed 8% more chat contacts than were imported for the month; please recheck the transfers.")], note: nil),
                                             on: invoice, principal: maria, settle: false, on: db)
            } else {
                try await InvoiceService.act(.init(action: .approve, disputes: nil, note: nil), on: invoice, principal: maria, settle: false, on: db)
            }
        }
        // The in-house team's fully loaded cost, month by month.
        for month in months {
            _ = try await CostService.saveInHouse(InHouseCostInput(month: month.description, fte: "62", salary: "4200", benefitsLoadPercent: "28", facilities: "650",
                                                                   technology: "380", managementOverhead: "900", note: "Denver HQ"), by: actor, on: db)
        }
    }
}
