import Foundation
import TandemPartners

/// One line of a partner's monthly invoice: quantity of a billing unit × rate.
public struct InvoiceLine: Sendable, Equatable {
    /// Where the line came from: the CSV line number (header = 1) or the form's row.
    public let row: Int
    public let team: String
    public let unit: BillingUnit
    public let channel: ChannelKind?
    public let site: String?
    public let language: String?
    public let quantity: Decimal
    public let rate: Decimal
    /// quantity × rate, rounded to cents half-even.
    public let amount: Decimal
    public let description: String?

    public init(row: Int, team: String, unit: BillingUnit, channel: ChannelKind? = nil, site: String? = nil, language: String? = nil,
                quantity: Decimal, rate: Decimal, description: String? = nil) {
        self.row = row
        self.team = team
        self.unit = unit
        self.channel = channel
        self.site = site
        self.language = language
        self.quantity = quantity
        self.rate = rate
        self.amount = (quantity * rate).roundedToCents()
        self.description = description
    }

    /// Two lines with the same key bill the same thing twice.
    public var key: String { "\(team.lowercased())|\(unit.rawValue)|\(channel?.rawValue ?? "")|\(site?.lowercased() ?? "")|\(language?.lowercased() ?? "")" }

    public var keyText: String {
        ([team, unit.label] + [channel?.rawValue, site, language].compactMap { $0 }).joined(separator: ", ")
    }

    public var arithmetic: String { "\(quantity.plainText) \(unit.label) × \(rate.plainText) = \(amount.centsText)" }
}

extension Array where Element == InvoiceLine {
    public var total: Decimal { reduce(0) { $0 + $1.amount } }
}
