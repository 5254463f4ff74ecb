/// What a queue looks like with a given number of agents: the figures a staffing plan is
/// judged by. Erlang C and Erlang A both report in this shape so pages and exports need one
/// type; under Erlang C nobody abandons, so the "answered" and "offered" views coincide.
public struct QueueMetrics: Sendable, Equatable {
    public let agents: Int
    public let trafficErlangs: Double
    /// The service-level threshold T the two service levels below are measured at.
    public let answerWithinSeconds: Double
    /// False only for Erlang C with agents ≤ traffic: the queue grows without bound, so
    /// nobody is answered in time (service level 0, ASA infinite, agents always busy).
    public let isStable: Bool
    /// Probability an arriving contact has to wait (finds every agent busy).
    public let probabilityOfWaiting: Double
    /// Probability an arriving contact abandons before being answered (0 under Erlang C).
    public let probabilityOfAbandoning: Double
    /// Answered within T ÷ offered: abandoned contacts count as missed. The figure targets use.
    public let serviceLevel: Double
    /// Answered within T ÷ answered: what many ACD reports call service level.
    public let serviceLevelOfAnswered: Double
    /// Average speed of answer: mean wait of the contacts that are answered. This is the ASA
    /// the product shows and that `maxASASeconds` targets.
    public let asaSeconds: Double
    /// Mean wait of every contact, abandoned ones included (time until answer or hang-up).
    public let meanWaitAllSeconds: Double
    /// Busy agents ÷ agents.
    public let occupancy: Double

    /// A quiet interval: no contacts, so nobody waits and nobody is busy.
    static func noTraffic(agents: Int, answerWithinSeconds: Double) -> QueueMetrics {
        QueueMetrics(
            agents: agents, trafficErlangs: 0, answerWithinSeconds: answerWithinSeconds, isStable: true,
            probabilityOfWaiting: 0, probabilityOfAbandoning: 0, serviceLevel: 1, serviceLevelOfAnswered: 1,
            asaSeconds: 0, meanWaitAllSeconds: 0, occupancy: 0
        )
    }

    /// Erlang C with agents ≤ traffic: there is no steady state; these are its limits.
    static func unstable(agents: Int, trafficErlangs: Double, answerWithinSeconds: Double) -> QueueMetrics {
        QueueMetrics(
            agents: agents, trafficErlangs: trafficErlangs, answerWithinSeconds: answerWithinSeconds, isStable: false,
            probabilityOfWaiting: 1, probabilityOfAbandoning: 0, serviceLevel: 0, serviceLevelOfAnswered: 0,
            asaSeconds: .infinity, meanWaitAllSeconds: .infinity, occupancy: 1
        )
    }
}
