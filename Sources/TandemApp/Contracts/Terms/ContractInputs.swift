import Foundation
import TandemContracts
import TandemPartners
import TandemPerformance
import Vapor

/// One billing rate of a contract version, as the API and the stored version spell it. Money is
/// exact decimal text ("18.75").
struct RateLineInput: Content, Equatable {
    var unit: BillingUnit
    var channel: ChannelKind?
    var site: String?
    var language: String?
    var rate: String
    /// Work dated in the first `rampWeeks` weeks from `rampStart` (default: the contract's start) is billed at `rampRate`.
    var rampWeeks: Int?
    var rampRate: String?
    var rampStart: LocalDate?
}

/// One SLA metric. Levels are in the KPI's own unit as scorecards compute it: fractions for
/// percentages (0.8 = 80%), seconds for ASA and AHT, points for QA.
struct SLAMetricInput: Content, Equatable {
    var kpi: KPIKind
    var expected: Double
    var minimum: Double
    var allocationPercent: String
    var stretch: Double?
    var bonusPercent: String?
}

struct SLAScheduleInput: Content, Equatable {
    var atRiskPercent: String
    var metrics: [SLAMetricInput]
    var earnbackMonths: Int?
    var bonusCapPercent: String?
    var bonusOffsetsCredits: Bool?
    var volumeExclusionPercent: String?
}

enum ConvenienceFeeKind: String, Codable, CaseIterable, Sendable {
    case none, fixed
    case monthsOfAverageBilling = "months_of_average_billing"
    case perRemainingMonth = "per_remaining_month"

    var label: String {
        switch self {
        case .none: "no fee"
        case .fixed: "a fixed amount"
        case .monthsOfAverageBilling: "months of average billing"
        case .perRemainingMonth: "an amount per remaining month"
        }
    }
}

/// A contract version as entered (form or API) and as stored.
struct ContractVersionInput: Content, Equatable {
    var effectiveFrom: LocalDate
    var effectiveThrough: LocalDate?
    var start: LocalDate
    var initialEnd: LocalDate
    var autoRenew: Bool
    var renewalTermMonths: Int?
    var clientNoticeDays: Int
    var partnerNoticeDays: Int
    var cureDays: Int?
    /// Who may end the contract for convenience; empty or absent: nobody.
    var convenienceAllowedFor: [ContactSide]?
    var convenienceFee: ConvenienceFeeKind?
    var convenienceFeeAmount: String?
    var convenienceFeeMonths: String?
    var convenienceFeeLookbackMonths: Int?
    /// Absent: no minimum headcount.
    var minimumHeadcount: Int?
    /// "5" (heads) or "10%" (of the current headcount); absent: not restricted.
    var flexUp: String?
    var flexDown: String?
    var flexNoticeDays: Int?
    var rates: [RateLineInput]?
    /// Absent: this version has no service credits.
    var sla: SLAScheduleInput?
    var note: String?
    /// Ends the version in force the day before this one starts (an amendment), in the same change.
    var closePrevious: Bool?

    static let defaultLookbackMonths = 3

    /// The domain's terms; every unreadable number is reported at once, by the domain's field name.
    func terms() throws(ContractInputError) -> ContractTerms {
        var issues: [ContractIssue] = []
        func decimal(_ text: String?, _ field: String, row: Int? = nil, example: String = "18.75") -> Decimal? {
            guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard let value = Decimal(exactly: text) else {
                issues.append(ContractIssue(field, row: row, "must be a number with a dot for decimals, such as \(example)"))
                return nil
            }
            return value
        }
        func flex(_ text: String?, _ field: String) -> FlexLimit? {
            guard let raw = text?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            if raw.hasSuffix("%"), let value = Decimal(exactly: String(raw.dropLast())) { return .percentOfCurrent(Percent(value)) }
            if let heads = Int(raw) { return .heads(heads) }
            issues.append(ContractIssue(field, "must be a number of heads (5) or a share of the current headcount (10%)"))
            return nil
        }

        var lines: [RateLine] = []
        for (index, rate) in (rates ?? []).enumerated() {
            let row = index + 1
            let value = decimal(rate.rate, "rate", row: row)
            if value == nil && rate.rate.trimmingCharacters(in: .whitespaces).isEmpty { issues.append(ContractIssue("rate", row: row, "is required")) }
            var ramp: RampPricing?
            if rate.rampWeeks != nil || !(rate.rampRate ?? "").isEmpty {
                let rampRate = decimal(rate.rampRate, "ramp_rate", row: row)
                if rate.rampWeeks == nil { issues.append(ContractIssue("ramp_weeks", row: row, "is required with a ramp rate")) }
                if (rate.rampRate ?? "").isEmpty { issues.append(ContractIssue("ramp_rate", row: row, "is required with ramp weeks")) }
                if let weeks = rate.rampWeeks, let rampRate { ramp = RampPricing(weeks: weeks, rate: rampRate) }
            }
            let site = rate.site?.trimmingCharacters(in: .whitespaces)
            let language = rate.language?.trimmingCharacters(in: .whitespaces)
            if let value {
                lines.append(RateLine(unit: rate.unit, channel: rate.channel, site: site?.isEmpty == true ? nil : site,
                                      language: language?.isEmpty == true ? nil : language, rate: value, ramp: ramp))
            }
        }

        var sla: SLASchedule?
        if let input = self.sla {
            let atRisk = decimal(input.atRiskPercent, "at_risk_percent", example: "12")
            if input.atRiskPercent.trimmingCharacters(in: .whitespaces).isEmpty { issues.append(ContractIssue("at_risk_percent", "is required with an SLA schedule")) }
            var metrics: [SLAMetric] = []
            for (index, metric) in input.metrics.enumerated() {
                let row = index + 1
                let allocation = decimal(metric.allocationPercent, "allocation_percent", row: row, example: "40")
                if metric.allocationPercent.trimmingCharacters(in: .whitespaces).isEmpty { issues.append(ContractIssue("allocation_percent", row: row, "is required")) }
                let bonus = decimal(metric.bonusPercent, "bonus_percent", row: row, example: "1")
                if let allocation {
                    metrics.append(SLAMetric(kind: metric.kpi, expected: metric.expected, minimum: metric.minimum, allocation: Percent(allocation),
                                             stretch: metric.stretch, bonus: bonus.map(Percent.init)))
                }
            }
            if let atRisk {
                sla = SLASchedule(atRisk: Percent(atRisk), metrics: metrics, earnbackMonths: input.earnbackMonths ?? 0,
                                  bonusCap: decimal(input.bonusCapPercent, "bonus_cap_percent", example: "3").map(Percent.init),
                                  bonusOffsetsCredits: input.bonusOffsetsCredits ?? false,
                                  volumeExclusion: decimal(input.volumeExclusionPercent, "volume_exclusion_percent", example: "15").map(Percent.init))
            }
        }

        var convenience: ConvenienceTermination?
        let sides = Set(convenienceAllowedFor ?? [])
        let feeKind = convenienceFee ?? .none
        if !sides.isEmpty || feeKind != .none {
            let fee: ConvenienceFee
            switch feeKind {
            case .none: fee = .none
            case .fixed:
                let amount = decimal(convenienceFeeAmount, "convenience_fee_amount", example: "50000")
                if (convenienceFeeAmount ?? "").isEmpty { issues.append(ContractIssue("convenience_fee_amount", "is required for a fixed fee")) }
                fee = .fixed(amount ?? 0)
            case .monthsOfAverageBilling:
                let months = decimal(convenienceFeeMonths, "convenience_fee_months", example: "2")
                if (convenienceFeeMonths ?? "").isEmpty { issues.append(ContractIssue("convenience_fee_months", "is required for a fee in months of billing")) }
                fee = .monthsOfAverageBilling(months: months ?? 0, lookbackMonths: convenienceFeeLookbackMonths ?? Self.defaultLookbackMonths)
            case .perRemainingMonth:
                let amount = decimal(convenienceFeeAmount, "convenience_fee_amount", example: "15000")
                if (convenienceFeeAmount ?? "").isEmpty { issues.append(ContractIssue("convenience_fee_amount", "is required for a fee per remaining month")) }
                fee = .perRemainingMonth(amount ?? 0)
            }
            convenience = ConvenienceTermination(allowedFor: sides, fee: fee)
        }

        let headcount = HeadcountTerms(minimum: minimumHeadcount, maxIncrease: flex(flexUp, "flex_up"), maxDecrease: flex(flexDown, "flex_down"),
                                       flexNoticeDays: flexNoticeDays ?? 0)
        let terms = ContractTerms(start: start, initialEnd: initialEnd, autoRenew: autoRenew, renewalTermMonths: renewalTermMonths ?? 12,
                                  notice: NoticePeriods(clientDays: clientNoticeDays, partnerDays: partnerNoticeDays),
                                  forCause: TerminationForCause(cureDays: cureDays ?? 30), convenience: convenience, headcount: headcount,
                                  rates: RateCard(lines), sla: sla)
        if let through = effectiveThrough, through < effectiveFrom {
            issues.append(ContractIssue("effective_through", "must not be before effective_from (\(effectiveFrom))"))
        }
        issues += terms.validate()
        if !issues.isEmpty { throw ContractInputError(issues) }
        return terms
    }

    // MARK: Stored text

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? ""
    }

    static func decodeRates(_ json: String) -> [RateLineInput] {
        (try? JSONDecoder().decode([RateLineInput].self, from: Data(json.utf8))) ?? []
    }

    static func decodeSLA(_ json: String) -> SLAScheduleInput? {
        json.isEmpty ? nil : try? JSONDecoder().decode(SLAScheduleInput.self, from: Data(json.utf8))
    }

    /// Rate lines as a person reads them in the audit log.
    static func ratesText(_ json: String) -> String {
        decodeRates(json).map(RateLineInput.text).joined(separator: "; ")
    }

    static func slaText(_ json: String) -> String {
        guard let sla = decodeSLA(json) else { return "none" }
        let metrics = sla.metrics.map { "\($0.kpi.rawValue) min \(ContractFormat.level($0.minimum, $0.kpi)) exp \(ContractFormat.level($0.expected, $0.kpi)) \($0.allocationPercent)%" }
        return "at risk \(sla.atRiskPercent)%, earnback \(sla.earnbackMonths ?? 0) months: " + metrics.joined(separator: ", ")
    }
}

extension RateLineInput {
    static func text(_ r: RateLineInput) -> String {
        var parts = [r.unit.label]
        if let c = r.channel { parts.append(c.rawValue) }
        if let s = r.site, !s.isEmpty { parts.append(s) }
        if let l = r.language, !l.isEmpty { parts.append(l) }
        var text = parts.joined(separator: ", ") + " at \(r.rate)"
        if let weeks = r.rampWeeks, let rate = r.rampRate { text += " (ramp \(rate) for \(weeks) weeks\(r.rampStart.map { " from \($0)" } ?? ""))" }
        return text
    }
}

/// Domain issue names (snake_case, rows) → the keys the API and the forms show errors under.
enum ContractFieldNames {
    static let rateFields: Set<String> = ["unit", "channel", "site", "language", "rate", "ramp_weeks", "ramp_rate", "ramp_start"]
    static let metricFields: Set<String> = ["kpi", "level", "expected", "minimum", "allocation_percent", "stretch", "bonus_percent"]
    static let slaFields: Set<String> = ["at_risk_percent", "sla_metrics", "earnback_months", "volume_exclusion_percent", "bonus_cap_percent"]

    static func camel(_ snake: String) -> String {
        let parts = snake.split(separator: "_").map(String.init)
        guard let first = parts.first else { return snake }
        return first + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// JSON paths of the contract-version input: `rates[1].rate`, `sla.metrics[0].expected`, `sla.atRiskPercent`, `clientNoticeDays`.
    static func api(_ error: ContractInputError) -> FieldErrors {
        var messages: [String: String] = [:]
        for issue in error.issues {
            let key: String
            if let row = issue.row, rateFields.contains(issue.field) { key = "rates[\(row - 1)].\(camel(issue.field))" }
            else if let row = issue.row, metricFields.contains(issue.field) { key = "sla.metrics[\(row - 1)].\(camel(issue.field))" }
            else if issue.field == "sla_metrics" { key = "sla.metrics" }
            else if slaFields.contains(issue.field) { key = "sla.\(camel(issue.field))" }
            else { key = camel(issue.field) }
            messages[key] = messages[key].map { "\($0); \(issue.reason)" } ?? issue.reason
        }
        return FieldErrors(messages)
    }

    /// Form fields: rate and SLA-metric rows are textareas, so their issues name the row in the message.
    static func form(_ error: ContractInputError) -> FieldErrors {
        var messages: [String: String] = [:]
        for issue in error.issues {
            let key: String, text: String
            if let row = issue.row, rateFields.contains(issue.field) { key = "rates"; text = "line \(row), \(issue.field): \(issue.reason)" }
            else if let row = issue.row, metricFields.contains(issue.field) { key = "slaMetrics"; text = "line \(row), \(issue.field): \(issue.reason)" }
            else if issue.field == "sla_metrics" { key = "slaMetrics"; text = issue.reason }
            else { key = camel(issue.field); text = issue.reason }
            messages[key] = messages[key].map { "\($0); \(text)" } ?? text
        }
        return FieldErrors(messages)
    }
}

/// Numbers as contract pages show them.
enum ContractFormat {
    /// A level in the KPI's unit: 80% for a fraction, 30 s for seconds, 85 for points.
    static func level(_ value: Double, _ kind: KPIKind) -> String {
        if KPILabels.isFraction(kind) { return plain(value * 100) + "%" }
        if kind == .averageSpeedOfAnswer || kind == .averageHandleTime { return plain(value) + " s" }
        return plain(value)
    }

    static func plain(_ value: Double) -> String {
        let rounded = (value * 10_000).rounded() / 10_000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%g", rounded)
    }

    /// "24,000.00" style with grouping, for pages (the arithmetic lines keep plain digits).
    static func money(_ value: Decimal) -> String {
        let text = value.centsText
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        let parts = digits.split(separator: ".")
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        return (negative ? "-" : "") + whole + grouped + "." + (parts.count > 1 ? parts[1] : "00")
    }

    static func money(_ text: String) -> String { Decimal(exactly: text).map { money($0) } ?? text }
}
