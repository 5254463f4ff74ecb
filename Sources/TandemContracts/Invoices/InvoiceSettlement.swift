import Foundation

/// What the client pays for a month: the invoice lines, less the SLA credit, plus credits earned
/// back and the bonus.
public struct InvoiceSettlement: Sendable, Equatable {
    public let linesTotal: Decimal
    public let credit: Decimal
    public let earnedBack: Decimal
    public let bonus: Decimal
    public let payable: Decimal
    public let explanation: [String]

    /// `evaluation` is the month's SLA evaluation (nil when the contract has no SLA schedule);
    /// `earnedBack` the credits of earlier months returned on this invoice (`Earnback.returned`).
    public init(lines: [InvoiceLine], evaluation: SLAMonthEvaluation?, earnedBack: Decimal = 0) {
        linesTotal = lines.total
        credit = evaluation?.creditApplied ?? 0
        bonus = evaluation?.bonusPayable ?? 0
        self.earnedBack = earnedBack
        payable = linesTotal - credit + earnedBack + bonus
        var notes = lines.map { "line \($0.row) \($0.keyText): \($0.arithmetic)" }
        notes.append("lines total \(linesTotal.centsText)")
        if let evaluation, evaluation.invoiceAmount != linesTotal {
            notes.append("note: the SLA evaluation used an invoice amount of \(evaluation.invoiceAmount.centsText), not the lines total")
        }
        notes.append("payable = \(linesTotal.centsText) − credit \(credit.centsText) + earned back \(earnedBack.centsText) + bonus \(bonus.centsText) = \(payable.centsText)")
        explanation = notes
    }
}
