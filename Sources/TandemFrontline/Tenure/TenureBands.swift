import TandemPartners
import TandemPerformance

/// Tenure bands for headcount-by-tenure: upper bounds in days, ascending, the last band open-ended.
/// The default 90 / 180 / 365 / 730 reads "0–90 days, 91–180, 181–365, 366–730, 731+".
public struct TenureBands: Hashable, Sendable, Codable {
    public let upperBounds: [Int]

    public static let standard = try! TenureBands(upperBounds: [90, 180, 365, 730])

    public init(upperBounds: [Int]) throws(FieldErrors) {
        guard !upperBounds.isEmpty, upperBounds.first! >= 1, zip(upperBounds, upperBounds.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw FieldErrors(["tenure_bands": "must be ascending whole days of at least 1, e.g. 90, 180, 365"])
        }
        self.upperBounds = upperBounds
    }

    public var labels: [String] {
        var lower = 1
        var labels: [String] = []
        for upper in upperBounds {
            labels.append(lower == 1 ? "0–\(upper) days" : "\(lower)–\(upper) days")
            lower = upper + 1
        }
        labels.append("\(lower)+ days")
        return labels
    }

    /// Index into `labels` for a tenure in days (start day = day 1).
    public func band(forTenure days: Int) -> Int {
        upperBounds.firstIndex { days <= $0 } ?? upperBounds.count
    }

    /// Agents of `teamID` employed at the end of `day`, counted per band.
    public func headcount(teamID: String, agents: [RosterAgent], on day: UTCDay) -> [(band: String, agents: Int)] {
        var counts = Array(repeating: 0, count: upperBounds.count + 1)
        for agent in agents where agent.teamID == teamID && agent.isEmployed(atEndOf: day) {
            counts[band(forTenure: agent.tenureDays(on: day))] += 1
        }
        return zip(labels, counts).map { ($0, $1) }
    }
}
