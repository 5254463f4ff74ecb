/// From "agents on the phones" to the people a plan has to schedule.
public enum Headcount {
    /// Sums are rounded up only once they exceed a whole number by more than this, so that
    /// 0.1 + 0.2 + 0.7 (= 1.0000000000000002 in binary) asks for 1 agent, not 2.
    static let roundingSlack = 1e-9

    /// Scheduled FTE = agents ÷ (1 − shrinkage): shrinkage is the share of paid time not
    /// spent available (breaks, training, absence), in [0, 1).
    public static func scheduledFTE(agents: Double, shrinkage: Double) throws(StaffingError) -> Double {
        try Check.nonNegative(agents, .agents)
        try Check.within(shrinkage, .shrinkage, above: 0, orEqual: true, below: 1, orEqual: false, expected: "[0, 1)")
        return agents / (1 - shrinkage)
    }

    /// Whole agents needed for several queues (or intervals) staffed together: the sum of
    /// their fractional requirements, rounded up once.
    ///
    /// Rounding each queue up before adding overstates headcount by up to one agent per
    /// queue. The natural fractional requirement is `StaffingRequirement.fractionalAgents`
    /// (the interpolated crossing point between N − 1 and N); raw traffic in Erlangs also
    /// works when only the workload floor is wanted.
    public static func roundedTotal(fractionalAgents: [Double]) throws(StaffingError) -> Int {
        var total = 0.0
        for value in fractionalAgents {
            try Check.nonNegative(value, .fractionalAgents)
            total += value
        }
        return wholeAgents(total)
    }

    /// Scheduled headcount for several queues: the fractional requirements are summed, grossed
    /// up for shrinkage, and only then rounded up.
    public static func scheduledTotal(fractionalAgents: [Double], shrinkage: Double) throws(StaffingError) -> Int {
        var total = 0.0
        for value in fractionalAgents {
            try Check.nonNegative(value, .fractionalAgents)
            total += value
        }
        return wholeAgents(try scheduledFTE(agents: total, shrinkage: shrinkage))
    }

    static func wholeAgents(_ total: Double) -> Int {
        max(0, Int((total - roundingSlack).rounded(.up)))
    }
}
