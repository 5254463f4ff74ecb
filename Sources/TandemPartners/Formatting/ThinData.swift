/// The one rule for a figure on too small a sample, on every page, in the API and in exports:
/// it states its sample (n and period), and below the workspace's minimum sample it is greyed,
/// marked "too little data", never ranked and never folded into a fuller figure without saying so.
public enum ThinData {
    /// The mark on a figure below its minimum sample.
    public static let label = "too little data"

    /// The default minimum sample (domain guide: "not enough data" below n = 30).
    public static let defaultMinimum = 30

    public static func isThin(sample: Int, minimum: Int) -> Bool { sample < minimum }

    /// "n = 1,204" or, below the minimum, "n = 12, below the minimum of 30".
    public static func sample(_ n: Int, minimum: Int) -> String {
        n < minimum ? "n = \(ContactCentreFormat.count(n)), below the minimum of \(ContactCentreFormat.count(minimum))"
            : "n = \(ContactCentreFormat.count(n))"
    }

    /// A score built from some of its parts: "1 of 6 components".
    public static func parts(_ used: Int, of total: Int, noun: String) -> String {
        "\(used) of \(total) \(noun)\(total == 1 ? "" : "s")"
    }
}
