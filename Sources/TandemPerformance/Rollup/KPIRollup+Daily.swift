/// The grain scorecards are built from: one rollup per team × queue × UTC day.
public struct RollupKey: Hashable, Sendable, Codable {
    public let teamID: String
    public let queueID: String
    public let day: UTCDay

    public init(teamID: String, queueID: String, day: UTCDay) {
        self.teamID = teamID
        self.queueID = queueID
        self.day = day
    }
}

extension KPIRollup {
    /// Folds contacts into per team × queue × day rollups, each with its queue's T.
    /// `repeatContactOutcomes`, when given, must be aligned with `contacts`.
    public static func daily(
        contacts: [ContactRecord],
        serviceLevelThresholds: ServiceLevelThresholds,
        shortAbandonThreshold: Double = KPISettings.defaultShortAbandonThreshold,
        repeatContactOutcomes: [RepeatContactOutcome]? = nil
    ) -> [RollupKey: KPIRollup] {
        precondition(repeatContactOutcomes.map { $0.count == contacts.count } ?? true,
                     "repeat-contact outcomes must be aligned with contacts")
        var rollups: [RollupKey: KPIRollup] = [:]
        for (index, contact) in contacts.enumerated() {
            let key = RollupKey(teamID: contact.teamID, queueID: contact.queueID, day: UTCDay(contact.offeredAt))
            rollups[key, default: KPIRollup(
                serviceLevelThreshold: serviceLevelThresholds.seconds(forQueue: contact.queueID),
                shortAbandonThreshold: shortAbandonThreshold
            )].add(contact, repeatContact: repeatContactOutcomes?[index])
        }
        return rollups
    }
}
