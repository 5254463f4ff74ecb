import Foundation
import TandemContracts
import TandemPartners
import TandemPerformance

/// The contract-version form: plain fields for the terms, and two textareas with one line per
/// billing rate and per SLA metric. Percentages of percentage KPIs are typed as percentages
/// (80 = 80%); the API takes the KPI's own unit (0.8).
enum ContractForm {
    static let rateColumns = "unit,channel,site,language,rate,ramp_weeks,ramp_rate,ramp_start"
    static let metricColumns = "kpi,minimum,expected,allocation_percent,stretch,bonus_percent"

    static func fields(isNew: Bool) -> [FormField] {
        var fields: [FormField] = [
            FormField(name: "effectiveFrom", label: "In force from", kind: .date, hint: "The first day these terms apply (YYYY-MM-DD).", required: true),
            FormField(name: "effectiveThrough", label: "In force through", kind: .date, hint: "Empty: until a later version replaces it."),
        ]
        if isNew {
            fields.append(FormField(name: "closePrevious", label: "End the version in force the day before", kind: .checkbox,
                                    hint: "An amendment: the current version ends the day before this one starts. Untick to keep it (an overlap is refused)."))
        }
        fields += [
            FormField(name: "start", label: "Term starts", kind: .date, required: true),
            FormField(name: "initialEnd", label: "Initial term ends", kind: .date, required: true),
            FormField(name: "autoRenew", label: "Renews automatically", kind: .checkbox),
            FormField(name: "renewalTermMonths", label: "Renewal term (months)", kind: .number, hint: "Default 12."),
            FormField(name: "clientNoticeDays", label: "Client's notice (days)", kind: .number, required: true),
            FormField(name: "partnerNoticeDays", label: "Partner's notice (days)", kind: .number,
                      hint: "How long the partner must keep serving after it gives notice: the exit scenario reads it.", required: true),
            FormField(name: "cureDays", label: "Cure period for cause (days)", kind: .number, hint: "Default 30."),
            FormField(name: "convenienceAllowedFor", label: "Ending for convenience allowed to", kind: .select([("", "nobody"), ("client", "the client"), ("partner", "the partner"), ("client,partner", "either side")])),
            FormField(name: "convenienceFee", label: "Convenience fee", kind: .select(FormRenderer.options(ConvenienceFeeKind.self, label: \.label))),
            FormField(name: "convenienceFeeAmount", label: "Fee amount", hint: "For a fixed fee, or the amount per remaining month."),
            FormField(name: "convenienceFeeMonths", label: "Months of average billing", hint: "For a fee in months of billing, e.g. 2 or 1.5."),
            FormField(name: "convenienceFeeLookbackMonths", label: "Averaged over the last (months)", kind: .number, hint: "Default 3."),
            FormField(name: "minimumHeadcount", label: "Minimum headcount", kind: .number, hint: "Empty: no minimum (the partner can be taken down to 0 heads)."),
            FormField(name: "flexUp", label: "Headcount flex up", hint: "Heads (5) or a share of the current headcount (10%); empty: not restricted."),
            FormField(name: "flexDown", label: "Headcount flex down", hint: "Heads or a percentage; empty: not restricted."),
            FormField(name: "flexNoticeDays", label: "Notice for a headcount change (days)", kind: .number),
            FormField(name: "rates", label: "Billing rates", kind: .textarea,
                      hint: "One line per rate: \(rateColumns). Unit: \(BillingUnit.allCases.map(\.rawValue).joined(separator: ", ")). Leave channel, site or language empty for any. A ramp prices the first weeks differently, e.g. productive_hour,voice,,,18.75,8,16.50,2026-01-05."),
            FormField(name: "atRiskPercent", label: "At risk (% of the month's invoice)", hint: "Empty: no service credits in this version."),
            FormField(name: "slaMetrics", label: "SLA metrics", kind: .textarea,
                      hint: "One line per metric: \(metricColumns). KPI: \(SLASchedule.supportedKinds.map(\.rawValue).joined(separator: ", ")). Percentage KPIs in % (80 = 80%), ASA and AHT in seconds, QA in points. Allocations may add up to more than 100%."),
            FormField(name: "earnbackMonths", label: "Earnback after (months at expected)", kind: .number, hint: "0: credits are final."),
            FormField(name: "bonusCapPercent", label: "Bonus cap (% of the invoice)", hint: "Required when a metric has a stretch bonus."),
            FormField(name: "bonusOffsetsCredits", label: "A month's bonus is set against its credits", kind: .checkbox),
            FormField(name: "volumeExclusionPercent", label: "Volume exclusion (% above forecast)", hint: "Offered volume above the forecast by more than this excuses service level, ASA and abandon misses. Empty: never."),
            FormField(name: "note", label: "Note", kind: .textarea),
        ]
        return fields
    }

    static func percentKind(_ kind: KPIKind) -> Bool { KPILabels.isFraction(kind) }

    static func values(_ i: ContractVersionInput, isNew: Bool) -> FormValues {
        let rates = (i.rates ?? []).map { r in
            [r.unit.rawValue, r.channel?.rawValue ?? "", r.site ?? "", r.language ?? "", r.rate, r.rampWeeks.map(String.init) ?? "", r.rampRate ?? "",
             r.rampStart?.description ?? ""].joined(separator: ",").replacingOccurrences(of: ",+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
        let metrics = (i.sla?.metrics ?? []).map { m in
            let scale = percentKind(m.kpi) ? 100.0 : 1.0
            return [m.kpi.rawValue, ContractFormat.plain(m.minimum * scale), ContractFormat.plain(m.expected * scale), m.allocationPercent,
                    m.stretch.map { ContractFormat.plain($0 * scale) } ?? "", m.bonusPercent ?? ""].joined(separator: ",")
                .replacingOccurrences(of: ",+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
        var v: [String: String] = [
            "effectiveFrom": i.effectiveFrom.description, "effectiveThrough": i.effectiveThrough?.description ?? "", "start": i.start.description,
            "initialEnd": i.initialEnd.description, "autoRenew": i.autoRenew ? "on" : "", "renewalTermMonths": i.renewalTermMonths.map(String.init) ?? "",
            "clientNoticeDays": String(i.clientNoticeDays), "partnerNoticeDays": String(i.partnerNoticeDays), "cureDays": i.cureDays.map(String.init) ?? "",
            "convenienceAllowedFor": ContactSide.allCases.filter { (i.convenienceAllowedFor ?? []).contains($0) }.map(\.rawValue).joined(separator: ","),
            "convenienceFee": (i.convenienceFee ?? ConvenienceFeeKind.none).rawValue, "convenienceFeeAmount": i.convenienceFeeAmount ?? "",
            "convenienceFeeMonths": i.convenienceFeeMonths ?? "", "convenienceFeeLookbackMonths": i.convenienceFeeLookbackMonths.map(String.init) ?? "",
            "minimumHeadcount": i.minimumHeadcount.map(String.init) ?? "", "flexUp": i.flexUp ?? "", "flexDown": i.flexDown ?? "",
            "flexNoticeDays": i.flexNoticeDays.map(String.init) ?? "", "rates": rates, "atRiskPercent": i.sla?.atRiskPercent ?? "", "slaMetrics": metrics,
            "earnbackMonths": i.sla?.earnbackMonths.map(String.init) ?? "", "bonusCapPercent": i.sla?.bonusCapPercent ?? "",
            "bonusOffsetsCredits": i.sla?.bonusOffsetsCredits == true ? "on" : "", "volumeExclusionPercent": i.sla?.volumeExclusionPercent ?? "", "note": i.note ?? "",
        ]
        if isNew { v["closePrevious"] = "on" }
        return FormValues(v)
    }

    /// The form as an input; what cannot even be read is reported under its field.
    static func input(_ form: FormValues, errors: inout FieldErrors) -> ContractVersionInput? {
        func date(_ name: String, required: Bool) -> LocalDate? {
            if required && form[name].isEmpty { errors.add(name, "is required") }
            return form.date(name, into: &errors)
        }
        func int(_ name: String, required: Bool = false) -> Int? {
            if required && form[name].isEmpty { errors.add(name, "is required") }
            return form.int(name, into: &errors)
        }
        let from = date("effectiveFrom", required: true), through = date("effectiveThrough", required: false)
        let start = date("start", required: true), end = date("initialEnd", required: true)
        let clientNotice = int("clientNoticeDays", required: true), partnerNotice = int("partnerNoticeDays", required: true)

        var rates: [RateLineInput] = []
        var rateProblems: [String] = []
        for (index, line) in form["rates"].split(whereSeparator: \.isNewline).enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.allSatisfy(\.isEmpty) { continue }
            func cell(_ i: Int) -> String { i < cells.count ? cells[i] : "" }
            let row = index + 1
            guard let unit = BillingUnit(rawValue: cell(0)) else {
                rateProblems.append("line \(row), unit: must be one of \(BillingUnit.allCases.map(\.rawValue).joined(separator: ", "))"); continue
            }
            var channel: ChannelKind?
            if !cell(1).isEmpty {
                channel = ChannelKind(rawValue: cell(1).lowercased())
                if channel == nil { rateProblems.append("line \(row), channel: must be one of \(ChannelKind.allCases.map(\.rawValue).joined(separator: ", "))"); continue }
            }
            var weeks: Int?
            if !cell(5).isEmpty {
                weeks = Int(cell(5))
                if weeks == nil { rateProblems.append("line \(row), ramp_weeks: must be a whole number of weeks"); continue }
            }
            var rampStart: LocalDate?
            if !cell(7).isEmpty {
                rampStart = LocalDate(cell(7))
                if rampStart == nil { rateProblems.append("line \(row), ramp_start: must be a date as YYYY-MM-DD"); continue }
            }
            if cells.count > 8 { rateProblems.append("line \(row): has \(cells.count) values, expected at most 8 (\(rateColumns))"); continue }
            rates.append(RateLineInput(unit: unit, channel: channel, site: cell(2).isEmpty ? nil : cell(2), language: cell(3).isEmpty ? nil : cell(3),
                                       rate: cell(4), rampWeeks: weeks, rampRate: cell(6).isEmpty ? nil : cell(6), rampStart: rampStart))
        }
        if !rateProblems.isEmpty { errors.add("rates", rateProblems.joined(separator: "; ")) }

        var sla: SLAScheduleInput?
        var metricProblems: [String] = []
        var metrics: [SLAMetricInput] = []
        for (index, line) in form["slaMetrics"].split(whereSeparator: \.isNewline).enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.allSatisfy(\.isEmpty) { continue }
            func cell(_ i: Int) -> String { i < cells.count ? cells[i] : "" }
            let row = index + 1
            guard let kind = KPIKind(rawValue: cell(0)) else {
                metricProblems.append("line \(row), kpi: must be one of \(SLASchedule.supportedKinds.map(\.rawValue).joined(separator: ", "))"); continue
            }
            let scale = percentKind(kind) ? 100.0 : 1.0
            func level(_ i: Int, _ name: String, required: Bool) -> Double?? {
                if cell(i).isEmpty {
                    if required { metricProblems.append("line \(row), \(name): is required"); return nil }
                    return .some(nil)
                }
                guard let value = Double(cell(i)), value.isFinite else { metricProblems.append("line \(row), \(name): must be a number"); return nil }
                return .some(value / scale)
            }
            guard let minimum = level(1, "minimum", required: true) ?? nil, let expected = level(2, "expected", required: true) ?? nil,
                  let stretch = level(4, "stretch", required: false) else { continue }
            if cells.count > 6 { metricProblems.append("line \(row): has \(cells.count) values, expected at most 6 (\(metricColumns))"); continue }
            metrics.append(SLAMetricInput(kpi: kind, expected: expected, minimum: minimum, allocationPercent: cell(3), stretch: stretch,
                                          bonusPercent: cell(5).isEmpty ? nil : cell(5)))
        }
        if !metricProblems.isEmpty { errors.add("slaMetrics", metricProblems.joined(separator: "; ")) }
        if !form["atRiskPercent"].isEmpty || !metrics.isEmpty {
            sla = SLAScheduleInput(atRiskPercent: form["atRiskPercent"], metrics: metrics, earnbackMonths: int("earnbackMonths"),
                                   bonusCapPercent: form.optional("bonusCapPercent"), bonusOffsetsCredits: form.flag("bonusOffsetsCredits"),
                                   volumeExclusionPercent: form.optional("volumeExclusionPercent"))
        }
        let sides = form["convenienceAllowedFor"].split(separator: ",").compactMap { ContactSide(rawValue: String($0)) }
        let fee = form.optional("convenienceFee").flatMap(ConvenienceFeeKind.init(rawValue:))
        let input = ContractVersionInput(
            effectiveFrom: from ?? LocalDate(year: 2000, month: 1, day: 1)!, effectiveThrough: through, start: start ?? LocalDate(year: 2000, month: 1, day: 1)!,
            initialEnd: end ?? LocalDate(year: 2000, month: 1, day: 1)!, autoRenew: form.flag("autoRenew"), renewalTermMonths: int("renewalTermMonths"),
            clientNoticeDays: clientNotice ?? 0, partnerNoticeDays: partnerNotice ?? 0, cureDays: int("cureDays"), convenienceAllowedFor: sides,
            convenienceFee: fee, convenienceFeeAmount: form.optional("convenienceFeeAmount"), convenienceFeeMonths: form.optional("convenienceFeeMonths"),
            convenienceFeeLookbackMonths: int("convenienceFeeLookbackMonths"), minimumHeadcount: int("minimumHeadcount"),
            flexUp: form.optional("flexUp"), flexDown: form.optional("flexDown"), flexNoticeDays: int("flexNoticeDays"), rates: rates, sla: sla,
            note: form.optional("note"), closePrevious: form.flag("closePrevious")
        )
        return errors.isEmpty ? input : nil
    }
}
