import TandemPerformance

/// The defaults the front-line figures share. Every function takes its own value so a page can
/// change one without the others; these are only where the defaults are written down.
public enum FrontlineDefaults {
    /// domain.md: below n = 30 a figure says "not enough data" rather than showing a number.
    public static let minimumSample = KPISettings.defaultMinimumSample
    /// Issue 16: early-tenure attrition counts agents who left within their first 90 days.
    public static let earlyTenureDays = 90
    /// domain.md: time to proficiency uses rolling 14-day QA and AHT.
    public static let proficiencyWindowDays = 14
    /// domain.md: AHT within target means ≤ 110% of the tenured median.
    public static let ahtMultiplier = 1.10
}
