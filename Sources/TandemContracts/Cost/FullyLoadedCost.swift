import Foundation

/// The in-house team's cost of one FTE for one month, everything included, so it can stand
/// beside a partner's invoice.
public struct FullyLoadedCost: Sendable, Equatable {
    public var salary: Decimal
    /// Benefits and payroll taxes as a share of salary.
    public var benefitsLoad: Percent
    public var facilities: Decimal
    public var technology: Decimal
    public var managementOverhead: Decimal

    public init(salary: Decimal, benefitsLoad: Percent, facilities: Decimal, technology: Decimal, managementOverhead: Decimal) {
        self.salary = salary
        self.benefitsLoad = benefitsLoad
        self.facilities = facilities
        self.technology = technology
        self.managementOverhead = managementOverhead
    }

    public func validate() -> [ContractIssue] {
        [("salary", salary), ("benefits_load_percent", benefitsLoad.value), ("facilities", facilities),
         ("technology", technology), ("management_overhead", managementOverhead)]
            .filter { $0.1 < 0 }.map { ContractIssue($0.0, "must not be negative") }
    }

    /// salary × (1 + load) + facilities + technology + management, per FTE-month.
    public var perFTEMonth: CostFigure {
        let amount = (salary * (1 + benefitsLoad.fraction) + facilities + technology + managementOverhead).roundedToCents()
        return CostFigure(amount: amount, explanation: "\(salary.centsText) × (1 + \(benefitsLoad)) + facilities \(facilities.centsText) + technology \(technology.centsText) + management \(managementOverhead.centsText) = \(amount.centsText) per FTE-month")
    }

    public func monthlyCost(fte: Decimal) throws(ContractInputError) -> CostFigure {
        try ContractInputError.check(validate() + (fte < 0 ? [ContractIssue("fte", "must not be negative")] : []))
        let unit = perFTEMonth
        let amount = (fte * (salary * (1 + benefitsLoad.fraction) + facilities + technology + managementOverhead)).roundedToCents()
        return CostFigure(amount: amount, explanation: "\(fte.plainText) FTE × (\(unit.explanation)) = \(amount.centsText)")
    }
}

public struct CostFigure: Sendable, Equatable {
    public let amount: Decimal
    public let explanation: String
}
