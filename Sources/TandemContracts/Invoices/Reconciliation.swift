import Foundation
import TandemPartners

/// What Tandem itself knows about one team's month (or one team's channel), from the capacity
/// plan, the schedule import, the delivered-hours import and the contact import. nil = unknown.
public struct KnownUsage: Sendable, Equatable {
    public var requiredHours: Decimal?
    public var scheduledHours: Decimal?
    public var deliveredProductiveHours: Decimal?
    public var deliveredLoggedHours: Decimal?
    /// Delivered productive hours that were in adherence to the schedule.
    public var adherentHours: Decimal?
    public var requiredFTE: Decimal?
    public var scheduledFTE: Decimal?
    public var handledContacts: Int?
    public var resolutions: Int?

    public init(requiredHours: Decimal? = nil, scheduledHours: Decimal? = nil, deliveredProductiveHours: Decimal? = nil,
                deliveredLoggedHours: Decimal? = nil, adherentHours: Decimal? = nil, requiredFTE: Decimal? = nil,
                scheduledFTE: Decimal? = nil, handledContacts: Int? = nil, resolutions: Int? = nil) {
        self.requiredHours = requiredHours
        self.scheduledHours = scheduledHours
        self.deliveredProductiveHours = deliveredProductiveHours
        self.deliveredLoggedHours = deliveredLoggedHours
        self.adherentHours = adherentHours
        self.requiredFTE = requiredFTE
        self.scheduledFTE = scheduledFTE
        self.handledContacts = handledContacts
        self.resolutions = resolutions
    }
}

/// Whose usage a line is checked against: a team's channel when the line names one, else the team.
public struct UsageKey: Hashable, Sendable {
    public let team: String
    public let channel: ChannelKind?
    public init(team: String, channel: ChannelKind? = nil) {
        self.team = team.lowercased()
        self.channel = channel
    }
}

/// A difference is within tolerance when |billed − reference| ≤ max(absolute, percent × reference).
public struct ReconciliationTolerance: Sendable, Equatable {
    public var percent: Percent
    public var absolute: Decimal
    public init(percent: Percent, absolute: Decimal = 0) {
        self.percent = percent
        self.absolute = absolute
    }
}

public enum ReconciliationBasis: String, Sendable, Codable {
    case required, scheduled, delivered
    case deliveredInAdherence = "delivered_in_adherence"
    case handled, resolved

    var label: String {
        switch self {
        case .required: "required by the capacity plan"
        case .scheduled: "scheduled by the partner"
        case .delivered: "delivered"
        case .deliveredInAdherence: "delivered in adherence"
        case .handled: "handled contacts imported"
        case .resolved: "resolutions imported"
        }
    }
}

/// The billed quantity against one thing Tandem knows.
public struct Comparison: Sendable, Equatable {
    public let basis: ReconciliationBasis
    /// nil when Tandem has no figure for it: the comparison is "not known", never "fine".
    public let reference: Decimal?
    /// billed − reference.
    public let difference: Decimal?
    public let allowed: Decimal?
    public let withinTolerance: Bool?
    /// difference × rate, rounded: what the client pays above (or below) this reference.
    public let amount: Decimal?
    public let explanation: String
}

public struct ReconciledLine: Sendable, Equatable {
    public let line: InvoiceLine
    public let comparisons: [Comparison]
    /// The comparison the line is paid on (delivered hours, FTE scheduled, contacts handled).
    public let payBasis: ReconciliationBasis
    /// Some comparison is beyond tolerance.
    public var isFlagged: Bool { comparisons.contains { $0.withinTolerance == false } }
    /// The pay basis is unknown: the line cannot be checked.
    public var isUnverified: Bool { comparisons.first { $0.basis == payBasis }?.reference == nil }
}

public struct InvoiceReconciliation: Sendable, Equatable {
    public let lines: [ReconciledLine]
    public let tolerance: ReconciliationTolerance
    public var billedTotal: Decimal { lines.map(\.line).total }
    public var flaggedLines: [ReconciledLine] { lines.filter(\.isFlagged) }
    /// Σ (billed − pay basis) × rate over lines billed above their pay basis beyond tolerance.
    public var overbilledAmount: Decimal {
        lines.filter(\.isFlagged).reduce(0) { total, line in
            let pay = line.comparisons.first { $0.basis == line.payBasis }
            guard pay?.withinTolerance == false, let amount = pay?.amount, amount > 0 else { return total }
            return total + amount
        }
    }
}

public enum Reconciliation {
    /// Checks every line against `usage`. Productive-hour lines are paid on delivered hours (only
    /// hours in adherence when `adherenceOnly`), logged-hour lines on logged hours, FTE lines on
    /// the FTE scheduled, contact and resolution lines on imported counts; hour lines are also
    /// held against the plan and the schedule.
    public static func reconcile(_ lines: [InvoiceLine], usage: [UsageKey: KnownUsage], tolerance: ReconciliationTolerance,
                                 adherenceOnly: Bool = false) -> InvoiceReconciliation {
        let reconciled = lines.map { line -> ReconciledLine in
            let known = usage[UsageKey(team: line.team, channel: line.channel)] ?? (line.channel == nil ? nil : usage[UsageKey(team: line.team)]) ?? KnownUsage()
            let references: [(ReconciliationBasis, Decimal?)]
            let pay: ReconciliationBasis
            switch line.unit {
            case .productiveHour:
                pay = adherenceOnly ? .deliveredInAdherence : .delivered
                references = [(.required, known.requiredHours), (.scheduled, known.scheduledHours),
                              (pay, adherenceOnly ? known.adherentHours : known.deliveredProductiveHours)]
            case .loggedHour:
                pay = .delivered
                references = [(.required, known.requiredHours), (.scheduled, known.scheduledHours), (.delivered, known.deliveredLoggedHours)]
            case .fteMonth:
                pay = .scheduled
                references = [(.required, known.requiredFTE), (.scheduled, known.scheduledFTE)]
            case .handledContact:
                pay = .handled
                references = [(.handled, known.handledContacts.map { Decimal($0) })]
            case .resolution:
                pay = .resolved
                references = [(.resolved, known.resolutions.map { Decimal($0) })]
            }
            return ReconciledLine(line: line, comparisons: references.map { compare(line, $0.0, $0.1, tolerance) }, payBasis: pay)
        }
        return InvoiceReconciliation(lines: reconciled, tolerance: tolerance)
    }

    static func compare(_ line: InvoiceLine, _ basis: ReconciliationBasis, _ reference: Decimal?, _ tolerance: ReconciliationTolerance) -> Comparison {
        let billed = "\(line.quantity.plainText) \(line.unit.label) billed"
        guard let reference else {
            return Comparison(basis: basis, reference: nil, difference: nil, allowed: nil, withinTolerance: nil, amount: nil,
                              explanation: "\(billed); \(basis.label): not known")
        }
        let difference = line.quantity - reference
        let allowed = max(tolerance.absolute, tolerance.percent.of(reference))
        let magnitude = difference < 0 ? -difference : difference
        let within = magnitude <= allowed
        let amount = (difference * line.rate).roundedToCents()
        let verdict = within ? "within" : "beyond"
        return Comparison(
            basis: basis, reference: reference, difference: difference, allowed: allowed, withinTolerance: within, amount: amount,
            explanation: "\(billed) − \(reference.plainText) \(basis.label) = \(difference.plainText), \(verdict) the tolerance max(\(tolerance.absolute.plainText), \(tolerance.percent) × \(reference.plainText)) = \(allowed.plainText); × rate \(line.rate.plainText) = \(amount.centsText)"
        )
    }
}
