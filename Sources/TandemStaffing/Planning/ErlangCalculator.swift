import Foundation

/// The classic "Erlang calculator": one interval's inputs → the agents needed, and the
/// service the queue gets with a few agents more or fewer. The web page, the API and the
/// CLI all print this one result.
public enum ErlangCalculator {
    public struct Row: Sendable, Equatable {
        public let agents: Int
        public let serviceLevel: Double
        public let asaSeconds: Double
        public let occupancy: Double
        public let probabilityOfWaiting: Double
        public let probabilityOfAbandoning: Double
        public let meetsTarget: Bool
    }

    public struct Result: Sendable, Equatable {
        public let policy: StaffingPolicy
        public let intervalSeconds: Double
        public let requirement: IntervalRequirement
        /// Agents from `requirement.agents − spread` to `+ spread` (at least 1); empty for
        /// deferred queues, which have no queue to describe.
        public let rows: [Row]
    }

    public static func calculate(
        policy: StaffingPolicy, contacts: Double, ahtSeconds: Double, intervalSeconds: Double, spread: Int = 5
    ) throws(StaffingError) -> Result {
        let requirement = try policy.requirement(contacts: contacts, ahtSeconds: ahtSeconds, intervalSeconds: intervalSeconds)
        var rows: [Row] = []
        if policy.model != .workload && requirement.trafficErlangs > 0 {
            let target = policy.target
            for agents in max(1, requirement.agents - spread)...(requirement.agents + spread) {
                guard let m = try policy.metrics(agents: agents, trafficErlangs: requirement.trafficErlangs,
                                                 effectiveAHTSeconds: requirement.effectiveAHTSeconds) else { continue }
                rows.append(Row(agents: agents, serviceLevel: m.serviceLevel, asaSeconds: m.asaSeconds, occupancy: m.occupancy,
                                probabilityOfWaiting: m.probabilityOfWaiting, probabilityOfAbandoning: m.probabilityOfAbandoning,
                                meetsTarget: target.isMet(by: m)))
            }
        }
        return Result(policy: policy, intervalSeconds: intervalSeconds, requirement: requirement, rows: rows)
    }
}
