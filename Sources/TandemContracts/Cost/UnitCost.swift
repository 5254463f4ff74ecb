import Foundation

/// Cost per handled contact or per resolution for one team and month.
public struct UnitCost: Sendable, Equatable {
    public enum Unit: String, Sendable, Codable {
        case handledContact = "handled_contact"
        case resolution
        var label: String { self == .handledContact ? "handled contacts" : "resolutions" }
    }

    public let unit: Unit
    public let cost: Decimal
    public let count: Int
    /// cost ÷ count rounded to cents; nil when nothing was handled (no number to show, not zero).
    public let perUnit: Decimal?
    public let explanation: String

    /// `cost` is what the month cost: a partner's settled invoice (after credits and bonus) or
    /// the in-house team's fully loaded cost.
    public init(_ unit: Unit, cost: Decimal, count: Int) throws(ContractInputError) {
        var issues: [ContractIssue] = []
        if cost < 0 { issues.append(ContractIssue("cost", "must not be negative")) }
        if count < 0 { issues.append(ContractIssue("count", "must not be negative")) }
        try ContractInputError.check(issues)
        self.unit = unit
        self.cost = cost
        self.count = count
        if count == 0 {
            perUnit = nil
            explanation = "\(cost.centsText) with no \(unit.label): no cost per unit"
        } else {
            let value = (cost / Decimal(count)).roundedToCents()
            perUnit = value
            explanation = "\(cost.centsText) ÷ \(count) \(unit.label) = \(value.centsText)"
        }
    }
}
