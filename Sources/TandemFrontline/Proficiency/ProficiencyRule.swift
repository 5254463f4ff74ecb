import TandemPartners

/// domain.md's time to proficiency: days from an agent's start to the first day their rolling
/// `windowDays`-day QA and AHT are both within target (AHT ≤ 110% of the tenured median by default).
public struct ProficiencyRule: Hashable, Sendable, Codable {
    public let bar: QualityBar
    public let windowDays: Int

    public init(bar: QualityBar, windowDays: Int = FrontlineDefaults.proficiencyWindowDays) throws(FieldErrors) {
        guard windowDays >= 1 else { throw FieldErrors(["window_days": "must be at least 1 (it is \(windowDays))"]) }
        self.bar = bar
        self.windowDays = windowDays
    }
}
