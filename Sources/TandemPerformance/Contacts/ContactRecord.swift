import Foundation
import TandemPartners

/// One contact, whatever system it came from (domain.md, "One contact record").
///
/// Durations are kept to the millisecond and clamped to 0…1e9 s at construction: rollups add
/// them up as whole milliseconds, so every grouping of rollups sums to exactly the same total
/// as the raw contacts, and a source's negative, missing (NaN) or absurd value cannot trap.
public struct ContactRecord: Hashable, Sendable {
    public let externalID: String
    /// The partner or in-house team that handled it.
    public let teamID: String
    public let siteID: String
    public let queueID: String
    public let channel: ChannelKind
    public let agentID: String?
    /// A stable customer key; needed for repeat-contact FCR. Empty counts as missing.
    public let customerKey: String?
    public let offeredAt: Date
    /// When an agent picked it up; nil if never answered.
    public let answeredAt: Date?
    /// True if the customer left before an answer. Ignored when `answeredAt` is set (see `disposition`).
    public let abandoned: Bool
    /// Time to answer, or time until abandon.
    public let waitSeconds: Double
    public let talkSeconds: Double
    public let holdSeconds: Double
    public let afterWorkSeconds: Double
    /// Agent or survey flag; nil when the source does not say.
    public let resolvedFirstContact: Bool?
    /// Survey score on `csatScale`; a score outside the scale is not counted as a response.
    public let csat: Int?
    public let csatScale: SurveyScale

    public init(
        externalID: String,
        teamID: String,
        siteID: String = "",
        queueID: String,
        channel: ChannelKind,
        agentID: String? = nil,
        customerKey: String? = nil,
        offeredAt: Date,
        answeredAt: Date? = nil,
        abandoned: Bool = false,
        waitSeconds: Double = 0,
        talkSeconds: Double = 0,
        holdSeconds: Double = 0,
        afterWorkSeconds: Double = 0,
        resolvedFirstContact: Bool? = nil,
        csat: Int? = nil,
        csatScale: SurveyScale = .oneToFive
    ) {
        self.externalID = externalID
        self.teamID = teamID
        self.siteID = siteID
        self.queueID = queueID
        self.channel = channel
        self.agentID = agentID
        self.customerKey = customerKey
        self.offeredAt = offeredAt
        self.answeredAt = answeredAt
        self.abandoned = abandoned
        self.waitSeconds = Milliseconds.quantize(waitSeconds)
        self.talkSeconds = Milliseconds.quantize(talkSeconds)
        self.holdSeconds = Milliseconds.quantize(holdSeconds)
        self.afterWorkSeconds = Milliseconds.quantize(afterWorkSeconds)
        self.resolvedFirstContact = resolvedFirstContact
        self.csat = csat
        self.csatScale = csatScale
    }

    /// Talk + hold + after-work.
    public var handleSeconds: Double { talkSeconds + holdSeconds + afterWorkSeconds }
}
