import TandemPartners

/// The relationship health index: one figure per partner and quarter, built from
/// documented components (docs/relationship-health.md). Each component is a score from
/// 0 to 100; components without data are left out and the remaining weights rescaled
/// to sum to 100%.
public enum HealthComponentKind: String, CaseIterable, Codable, Sendable {
    case clientRatingOfPartner = "client_rating_of_partner"
    case partnerRatingOfClient = "partner_rating_of_client"
    case selfReportedIncidents = "self_reported_incidents"
    case commitmentsKept = "commitments_kept"
    case acknowledgementTimeliness = "acknowledgement_timeliness"
    /// From the performance scorecards: weekly KPI figures meeting their targets.
    case kpiAttainment = "kpi_attainment"

    public var weight: Double {
        switch self {
        case .clientRatingOfPartner: 25
        case .partnerRatingOfClient: 15
        case .selfReportedIncidents: 15
        case .commitmentsKept: 20
        case .acknowledgementTimeliness: 10
        case .kpiAttainment: 15
        }
    }

    public var label: String {
        switch self {
        case .clientRatingOfPartner: "Client's rating of the partner"
        case .partnerRatingOfClient: "Partner's rating of the client"
        case .selfReportedIncidents: "Incidents the partner raised itself"
        case .commitmentsKept: "Commitments kept (both sides)"
        case .acknowledgementTimeliness: "Broadcasts acknowledged on time"
        case .kpiAttainment: "KPI target attainment"
        }
    }

    public var formula: String {
        switch self {
        case .clientRatingOfPartner: "(mean 1–5 score over competence, character, communication − 1) ÷ 4 × 100; surveys of the quarter, only when the anonymity threshold is met"
        case .partnerRatingOfClient: "(mean 1–5 score over the partner's dimensions − 1) ÷ 4 × 100; same rules"
        case .selfReportedIncidents: "incidents the partner reported itself ÷ all incidents opened in the quarter × 100"
        case .commitmentsKept: "action items done on or before due ÷ items due in the quarter × 100 (both sides)"
        case .acknowledgementTimeliness: "required acknowledgements given by their acknowledge-by day ÷ acknowledgements due in the quarter × 100"
        case .kpiAttainment: "(met + ½ × near) ÷ (team × KPI × week) scorecard figures with a target in the quarter's weeks × 100; figures below the minimum sample are left out"
        }
    }
}

public struct HealthComponent: Sendable, Equatable {
    public let kind: HealthComponentKind
    /// 0–100, or nil when there is no data this period.
    public let score: Double?
    /// What the score was built from, e.g. "3 of 4 items".
    public let basis: String

    public init(kind: HealthComponentKind, score: Double?, basis: String) {
        self.kind = kind
        self.score = score
        self.basis = basis
    }
}

public struct HealthIndex: Sendable, Equatable {
    public let components: [HealthComponent]

    public init(_ components: [HealthComponent]) {
        self.components = HealthComponentKind.allCases.map { kind in
            components.first { $0.kind == kind } ?? HealthComponent(kind: kind, score: nil, basis: "no data")
        }
    }

    /// Σ weight × score ÷ Σ weight, over components with data.
    public var value: Double? {
        let used = components.filter { $0.score != nil }
        let weight = used.reduce(0) { $0 + $1.kind.weight }
        guard weight > 0 else { return nil }
        return used.reduce(0) { $0 + $1.kind.weight * $1.score! } / weight
    }

    /// The weight each component actually carries after renormalisation (0 when excluded), in percent.
    public func effectiveWeight(_ kind: HealthComponentKind) -> Double {
        let used = components.filter { $0.score != nil }
        let total = used.reduce(0) { $0 + $1.kind.weight }
        guard total > 0, used.contains(where: { $0.kind == kind }) else { return 0 }
        return kind.weight / total * 100
    }

    public var excluded: [HealthComponentKind] { components.filter { $0.score == nil }.map(\.kind) }

    /// Below this many components with data an index is too thin to read as a full score: it is
    /// shown greyed, marked "too little data" and captioned "1 of 6 components" wherever it appears
    /// (docs/relationship-health.md).
    public static let minimumComponents = 3

    /// How many components had data.
    public var componentsWithData: Int { components.filter { $0.score != nil }.count }

    /// An index that exists but rests on fewer than `minimumComponents` components.
    public var isThin: Bool { value != nil && componentsWithData < Self.minimumComponents }

    /// "1 of 6 components".
    public var coverage: String { ThinData.parts(componentsWithData, of: components.count, noun: "component") }

    /// A ratio as a 0–100 score, nil when nothing was due.
    public static func percent(_ part: Int, of whole: Int) -> Double? {
        whole == 0 ? nil : Double(part) / Double(whole) * 100
    }
}
