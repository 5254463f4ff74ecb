import Foundation

/// The floor on heads the client must keep paying for, and how far and how fast it may move
/// heads up or down. A nil limit is "without restriction".
public struct HeadcountTerms: Sendable, Equatable {
    /// nil: no minimum (the partner may be taken down to 0 heads).
    public var minimum: Int?
    public var maxIncrease: FlexLimit?
    public var maxDecrease: FlexLimit?
    /// Days between asking for a change and the day it takes effect.
    public var flexNoticeDays: Int

    public init(minimum: Int? = nil, maxIncrease: FlexLimit? = nil, maxDecrease: FlexLimit? = nil, flexNoticeDays: Int = 0) {
        self.minimum = minimum
        self.maxIncrease = maxIncrease
        self.maxDecrease = maxDecrease
        self.flexNoticeDays = flexNoticeDays
    }

    func validate() -> [ContractIssue] {
        var issues: [ContractIssue] = []
        if let minimum, minimum < 0 { issues.append(ContractIssue("minimum_headcount", "must not be negative")) }
        if let issue = maxIncrease?.issue("flex_up") { issues.append(issue) }
        if let issue = maxDecrease?.issue("flex_down") { issues.append(issue) }
        if flexNoticeDays < 0 { issues.append(ContractIssue("flex_notice_days", "must not be negative")) }
        return issues
    }
}

/// How big one headcount change may be.
public enum FlexLimit: Sendable, Equatable {
    case heads(Int)
    /// Of the current headcount; the allowed heads are rounded down (a part of a head is not a head).
    case percentOfCurrent(Percent)

    public func allowedHeads(current: Int) -> Int {
        switch self {
        case .heads(let heads): return heads
        case .percentOfCurrent(let percent):
            let heads = percent.of(Decimal(current)).rounded(scale: 0, mode: .down)
            return NSDecimalNumber(decimal: heads).intValue
        }
    }

    public func text(current: Int) -> String {
        switch self {
        case .heads(let heads): return "\(heads) heads"
        case .percentOfCurrent(let percent):
            return "\(percent) of \(current) = \(percent.of(Decimal(current)).plainText), rounded down to \(allowedHeads(current: current)) heads"
        }
    }

    func issue(_ field: String) -> ContractIssue? {
        switch self {
        case .heads(let heads) where heads < 0: ContractIssue(field, "must not be negative")
        case .percentOfCurrent(let percent) where percent.value < 0: ContractIssue(field, "must not be negative")
        default: nil
        }
    }
}
