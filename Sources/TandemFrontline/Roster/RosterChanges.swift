/// What importing a roster file into a team would do. Re-importing updates agents by id; agents
/// missing from the file are listed, never deleted (a partial file must not erase people).
public struct RosterChanges: Hashable, Sendable {
    public struct Update: Hashable, Sendable {
        public let before: RosterAgent
        public let after: RosterAgent
        /// Wire names of the fields that change, in `RosterField` order.
        public let changedFields: [String]
    }

    public let added: [RosterAgent]
    public let updated: [Update]
    public let unchangedCount: Int
    /// Agent ids on the team's roster that the file does not mention.
    public let notInFile: [String]

    public init(existing: [RosterAgent], incoming: [RosterAgent]) {
        let byID = Dictionary(existing.map { ($0.agentID, $0) }, uniquingKeysWith: { first, _ in first })
        var added: [RosterAgent] = [], updated: [Update] = [], unchanged = 0
        for agent in incoming {
            guard let before = byID[agent.agentID] else { added.append(agent); continue }
            let changed = Self.changedFields(before, agent)
            if changed.isEmpty { unchanged += 1 } else { updated.append(Update(before: before, after: agent, changedFields: changed)) }
        }
        let incomingIDs = Set(incoming.map(\.agentID))
        self.added = added
        self.updated = updated
        self.unchangedCount = unchanged
        self.notInFile = existing.map(\.agentID).filter { !incomingIDs.contains($0) }.sorted()
    }

    private static func changedFields(_ a: RosterAgent, _ b: RosterAgent) -> [String] {
        var fields: [RosterField] = []
        if a.name != b.name { fields.append(.name) }
        if a.site != b.site { fields.append(.site) }
        if a.startDate != b.startDate { fields.append(.startDate) }
        if a.queues != b.queues { fields.append(.queues) }
        if a.status != b.status { fields.append(.status) }
        if a.leaveDate != b.leaveDate { fields.append(.leaveDate) }
        if a.leaveReason != b.leaveReason { fields.append(.leaveReason) }
        return fields.map(\.rawValue)
    }
}
