import Foundation
import TandemPerformance

/// Where one month's credit on one metric stands.
public enum EarnbackStatus: Sendable, Equatable {
    /// Waiting: `counted` of the `needed` good months so far.
    case pending(counted: Int, needed: Int)
    /// Returned on the invoice of this month.
    case earnedBack(BillingMonth)
    /// A later month fell short of the expected level: the credit stands.
    case forfeited(BillingMonth)
    /// The schedule has no earnback: the credit is final.
    case final
}

public struct EarnbackItem: Sendable, Equatable {
    public let creditMonth: BillingMonth
    public let kind: KPIKind
    /// What a return gives back: the metric's credit as applied that month.
    public let amount: Decimal
    public let status: EarnbackStatus
    public let explanation: [String]
}

public enum Earnback {
    /// Follows every credit in `evaluations` through the months after it. A later month counts
    /// when the metric meets its expected level; a month below expected forfeits the earnback;
    /// a month where the metric was not measured, was excused, or is not in that month's
    /// schedule neither counts nor forfeits (the wait goes on). Evaluations must be for
    /// consecutive months: the first missing month ends the look-ahead (still pending).
    /// `months[m]` is the earnback length in force for month m's credit (contract versions can
    /// differ); months without an entry use `defaultMonths`.
    public static func track(_ evaluations: [SLAMonthEvaluation], months defaultMonths: Int, byMonth months: [BillingMonth: Int] = [:]) -> [EarnbackItem] {
        let evaluationByMonth = Dictionary(evaluations.map { ($0.month, $0) }, uniquingKeysWith: { _, last in last })
        var items: [EarnbackItem] = []
        for evaluation in evaluations.sorted(by: { $0.month < $1.month }) {
            for line in evaluation.lines where line.credit > 0 {
                let needed = months[evaluation.month] ?? defaultMonths
                let name = line.metric.kind.rawValue
                var notes = ["\(evaluation.month) \(name) credit \(line.earnbackEligible.centsText) can be earned back"
                    + (needed > 0 ? " with \(needed) following months at or better than the expected level" : ": no earnback in this contract")]
                guard needed > 0 else {
                    items.append(EarnbackItem(creditMonth: evaluation.month, kind: line.metric.kind, amount: line.earnbackEligible, status: .final, explanation: notes))
                    continue
                }
                var counted = 0
                var status = EarnbackStatus.pending(counted: 0, needed: needed)
                var month = evaluation.month.advanced(by: 1)
                while let later = evaluationByMonth[month] {
                    guard let laterLine = later.line(line.metric.kind) else {
                        notes.append("\(month): \(name) is not in that month's schedule: not counted")
                        month = month.advanced(by: 1); continue
                    }
                    switch laterLine.outcome {
                    case .met:
                        counted += 1
                        notes.append("\(month): \(name) = \(laterLine.figure.map { "\($0)" } ?? "-") meets expected \(laterLine.metric.expected) (\(counted) of \(needed))")
                    case .notMeasured, .excused:
                        notes.append("\(month): \(name) \(laterLine.outcome == .excused ? "excused by the volume exclusion" : "not measured"): not counted, still waiting")
                    case .belowExpected, .missed:
                        notes.append("\(month): \(name) = \(laterLine.figure.map { "\($0)" } ?? "-") short of expected \(laterLine.metric.expected): earnback forfeited, the credit stands")
                        status = .forfeited(month)
                    }
                    if case .forfeited = status { break }
                    if counted == needed {
                        status = .earnedBack(month)
                        notes.append("earned back: \(line.earnbackEligible.centsText) returned on the \(month) invoice")
                        break
                    }
                    status = .pending(counted: counted, needed: needed)
                    month = month.advanced(by: 1)
                }
                items.append(EarnbackItem(creditMonth: evaluation.month, kind: line.metric.kind, amount: line.earnbackEligible, status: status, explanation: notes))
            }
        }
        return items
    }

    /// Σ earnbacks returned on `month`'s invoice.
    public static func returned(in month: BillingMonth, _ items: [EarnbackItem]) -> Decimal {
        items.reduce(0) { $0 + ($1.status == .earnedBack(month) ? $1.amount : 0) }
    }
}
