/// How contact or QA records link to the roster: ids are matched exactly (after the importers'
/// trimming), and ids the roster does not know are listed with their record counts, never dropped.
public struct AgentLinks: Hashable, Sendable, Codable {
    public struct UnknownAgent: Hashable, Sendable, Codable {
        public let agentID: String
        public let records: Int
    }

    public let linkedRecords: Int
    public let linkedAgents: Int
    /// Most records first, then by id.
    public let unknown: [UnknownAgent]
    /// Records that name no agent at all.
    public let recordsWithoutAgent: Int

    /// `recordsPerAgent`: records per agent id as found in the files; `roster`: the team's agent ids.
    public init(recordsPerAgent: [String: Int], recordsWithoutAgent: Int = 0, roster: Set<String>) {
        var linkedRecords = 0, linkedAgents = 0
        var unknown: [UnknownAgent] = []
        for (id, count) in recordsPerAgent {
            if roster.contains(id) { linkedRecords += count; linkedAgents += 1 }
            else { unknown.append(UnknownAgent(agentID: id, records: count)) }
        }
        self.linkedRecords = linkedRecords
        self.linkedAgents = linkedAgents
        self.unknown = unknown.sorted { ($0.records, $1.agentID) > ($1.records, $0.agentID) }
        self.recordsWithoutAgent = recordsWithoutAgent
    }

    public var unknownRecords: Int { unknown.reduce(0) { $0 + $1.records } }
}
