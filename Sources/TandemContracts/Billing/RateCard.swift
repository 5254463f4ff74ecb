import Foundation
import TandemPartners

/// A price for one billing unit, optionally only for one channel, site or language (nil = any),
/// with an optional ramp price for the first weeks.
public struct RateLine: Sendable, Equatable {
    public var unit: BillingUnit
    public var channel: ChannelKind?
    public var site: String?
    public var language: String?
    public var rate: Decimal
    public var ramp: RampPricing?

    public init(unit: BillingUnit, channel: ChannelKind? = nil, site: String? = nil, language: String? = nil, rate: Decimal, ramp: RampPricing? = nil) {
        self.unit = unit
        self.channel = channel
        self.site = site
        self.language = language
        self.rate = rate
        self.ramp = ramp
    }

    /// "productive hours, voice, site MNL, language any".
    public var keyText: String {
        "\(unit.label), channel \(channel?.rawValue ?? "any"), site \(site ?? "any"), language \(language ?? "any")"
    }

    func matches(_ unit: BillingUnit, channel: ChannelKind?, site: String?, language: String?) -> Bool {
        self.unit == unit
            && (self.channel == nil || self.channel == channel)
            && (self.site == nil || self.site == site)
            && (self.language == nil || self.language?.lowercased() == language?.lowercased())
    }

    var specificity: Int { [channel != nil, site != nil, language != nil].filter { $0 }.count }

    var key: String { "\(unit.rawValue)|\(channel?.rawValue ?? "")|\(site ?? "")|\(language?.lowercased() ?? "")" }
}

/// A different price while a program (or a wave of new agents) ramps up: work dated in the
/// first `weeks` weeks from the ramp start is billed at `rate`.
public struct RampPricing: Sendable, Equatable {
    public var weeks: Int
    public var rate: Decimal

    public init(weeks: Int, rate: Decimal) {
        self.weeks = weeks
        self.rate = rate
    }

    /// The last day billed at the ramp rate.
    public func lastDay(from start: LocalDate) -> LocalDate { start.adding(days: weeks * 7 - 1) }

    public func applies(on date: LocalDate, from start: LocalDate) -> Bool { start <= date && date <= lastDay(from: start) }
}

/// The rate a quantity is billed at, and why that one.
public struct ResolvedRate: Sendable, Equatable {
    public let line: RateLine
    public let rate: Decimal
    public let inRamp: Bool
    public let explanation: String
}

/// One priced quantity: amount = quantity × rate, rounded to cents half-even.
public struct Charge: Sendable, Equatable {
    public let quantity: Decimal
    public let rate: ResolvedRate
    public let amount: Decimal
    public let explanation: String
}

/// All rate lines of a contract version. The most specific matching line wins (a line for
/// voice at site MNL beats a line for voice anywhere); two equally specific lines that both
/// match are a contract error, not a coin toss.
public struct RateCard: Sendable, Equatable {
    public var lines: [RateLine]

    public init(_ lines: [RateLine] = []) { self.lines = lines }

    func validate() -> [ContractIssue] {
        var issues: [ContractIssue] = []
        var seen = Set<String>()
        for (index, line) in lines.enumerated() {
            let row = index + 1
            if line.rate < 0 { issues.append(ContractIssue("rate", row: row, "must not be negative")) }
            if let site = line.site, site.trimmingCharacters(in: .whitespaces).isEmpty { issues.append(ContractIssue("site", row: row, "must not be blank (leave it out for any site)")) }
            if let ramp = line.ramp {
                if ramp.weeks < 1 { issues.append(ContractIssue("ramp_weeks", row: row, "must be at least 1")) }
                if ramp.rate < 0 { issues.append(ContractIssue("ramp_rate", row: row, "must not be negative")) }
            }
            if !seen.insert(line.key).inserted { issues.append(ContractIssue("rate", row: row, "duplicates an earlier line for \(line.keyText)")) }
        }
        return issues
    }

    /// The rate for work of `unit` on `date`; `rampStart` is the day the program, site or agent
    /// wave went live (nil: no ramp applies).
    public func rate(
        for unit: BillingUnit, channel: ChannelKind?, site: String?, language: String?,
        on date: LocalDate, rampStart: LocalDate? = nil
    ) throws(ContractInputError) -> ResolvedRate {
        let candidates = lines.filter { $0.matches(unit, channel: channel, site: site, language: language) }
        let query = "\(unit.label), channel \(channel?.rawValue ?? "-"), site \(site ?? "-"), language \(language ?? "-")"
        guard let best = candidates.map(\.specificity).max() else {
            throw ContractInputError("rate", "the contract has no rate for \(query)")
        }
        let winners = candidates.filter { $0.specificity == best }
        guard winners.count == 1, let line = winners.first else {
            throw ContractInputError("rate", "\(winners.count) equally specific rate lines match \(query): \(winners.map(\.keyText).joined(separator: " / "))")
        }
        if let ramp = line.ramp, let rampStart, ramp.applies(on: date, from: rampStart) {
            return ResolvedRate(line: line, rate: ramp.rate, inRamp: true,
                                explanation: "ramp rate \(ramp.rate.plainText) (\(line.keyText)): \(date) is within \(ramp.weeks) weeks of \(rampStart), through \(ramp.lastDay(from: rampStart))")
        }
        return ResolvedRate(line: line, rate: line.rate, inRamp: false, explanation: "rate \(line.rate.plainText) (\(line.keyText))")
    }

    public func charge(
        _ quantity: Decimal, of unit: BillingUnit, channel: ChannelKind?, site: String?, language: String?,
        on date: LocalDate, rampStart: LocalDate? = nil
    ) throws(ContractInputError) -> Charge {
        if quantity < 0 { throw ContractInputError("quantity", "must not be negative") }
        let resolved = try rate(for: unit, channel: channel, site: site, language: language, on: date, rampStart: rampStart)
        let amount = (quantity * resolved.rate).roundedToCents()
        return Charge(quantity: quantity, rate: resolved, amount: amount,
                      explanation: "\(quantity.plainText) \(unit.label) × \(resolved.rate.plainText) = \(amount.centsText); \(resolved.explanation)")
    }
}
