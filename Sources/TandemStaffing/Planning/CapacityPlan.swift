import Foundation

/// From forecasts to each team's required hours.
///
/// Per queue and interval: traffic → required agents (see `StaffingPolicy.requirement`) →
/// scheduled FTE = fractional agents ÷ (1 − shrinkage) → each team's part = FTE × its
/// allocation share for the interval's shift. Hours = FTE × interval length. Nothing is
/// rounded until a total is shown: whole agents for several queues are the sum of their
/// fractional requirements rounded up once (`Headcount.roundedTotal`).
///
/// Times are plan time: the wall-clock times written in the files, stored as if UTC, so an
/// interval's minute of the day is read straight from its timestamp.
public enum CapacityPlan {
    public struct ForecastInterval: Sendable, Equatable {
        public let start: Date
        public let minutes: Int
        public let contacts: Double
        public let ahtSeconds: Double

        public init(start: Date, minutes: Int, contacts: Double, ahtSeconds: Double) {
            self.start = start
            self.minutes = minutes
            self.contacts = contacts
            self.ahtSeconds = ahtSeconds
        }
    }

    public struct QueueInput: Sendable {
        public let queue: UUID
        public let channel: UUID
        public let policy: StaffingPolicy
        public let intervals: [ForecastInterval]
        /// Team → share (0…1) for each shift. A shift missing here has no allocation.
        public let shares: [Shift: [UUID: Double]]

        public init(queue: UUID, channel: UUID, policy: StaffingPolicy, intervals: [ForecastInterval], shares: [Shift: [UUID: Double]]) {
            self.queue = queue
            self.channel = channel
            self.policy = policy
            self.intervals = intervals
            self.shares = shares
        }
    }

    /// One queue in one interval.
    public struct Line: Sendable, Equatable {
        public let queue: UUID
        public let channel: UUID
        public let start: Date
        public let minutes: Int
        public let shift: Shift
        public let requirement: IntervalRequirement
        /// Each team's part of `requirement.scheduledFTE`.
        public let teamFTE: [UUID: Double]

        public var hours: Double { Double(minutes) / 60 }
        /// FTE no team is allocated (shares summing below 100%, or no allocation at all).
        public var unallocatedFTE: Double { max(0, requirement.scheduledFTE - teamFTE.values.reduce(0, +)) }
    }

    public struct Result: Sendable {
        public let lines: [Line]

        /// Σ over lines of the team's FTE × interval hours.
        public var teamRequiredHours: [UUID: Double] {
            var hours: [UUID: Double] = [:]
            for line in lines { for (team, fte) in line.teamFTE { hours[team, default: 0] += fte * line.hours } }
            return hours
        }

        /// Σ scheduled FTE × hours: what all teams together must schedule.
        public var totalRequiredHours: Double { lines.reduce(0) { $0 + $1.requirement.scheduledFTE * $1.hours } }

        public var unallocatedHours: Double { lines.reduce(0) { $0 + $1.unallocatedFTE * $1.hours } }

        /// Required hours per team and channel (the exit scenario's input).
        public var teamChannelHours: [UUID: [UUID: Double]] {
            var out: [UUID: [UUID: Double]] = [:]
            for line in lines { for (team, fte) in line.teamFTE { out[team, default: [:]][line.channel, default: 0] += fte * line.hours } }
            return out
        }

        /// Whole agents on the phones per interval start, all queues together: fractional
        /// requirements summed, then rounded up once; beside it the naive sum of each
        /// queue's rounded agents, to show what rounding early would cost.
        public func agentsByInterval() -> [(start: Date, pooled: Int, roundedEach: Int)] {
            var fractional: [Date: [Double]] = [:]
            var rounded: [Date: Int] = [:]
            for line in lines {
                fractional[line.start, default: []].append(line.requirement.fractionalAgents)
                rounded[line.start, default: 0] += line.requirement.agents
            }
            return fractional.keys.sorted().map { start in
                (start, (try? Headcount.roundedTotal(fractionalAgents: fractional[start]!)) ?? 0, rounded[start]!)
            }
        }
    }

    /// A requirement that could not be computed, with where it happened.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let queue: UUID
        public let start: Date
        public let error: StaffingError
        public var description: String { "interval starting \(start): \(error)" }
    }

    public static func minuteOfDay(_ date: Date) -> Int {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        return ((seconds % 86_400) + 86_400) % 86_400 / 60
    }

    public static func build(_ queues: [QueueInput], shiftHours: ShiftHours = .standard) throws(Failure) -> Result {
        var lines: [Line] = []
        for queue in queues {
            for interval in queue.intervals.sorted(by: { $0.start < $1.start }) {
                let requirement: IntervalRequirement
                do {
                    requirement = try queue.policy.requirement(
                        contacts: interval.contacts, ahtSeconds: interval.ahtSeconds, intervalSeconds: Double(interval.minutes * 60)
                    )
                } catch {
                    throw Failure(queue: queue.queue, start: interval.start, error: error)
                }
                let shift = shiftHours.shift(atMinuteOfDay: minuteOfDay(interval.start))
                var teamFTE: [UUID: Double] = [:]
                for (team, share) in queue.shares[shift] ?? [:] where share > 0 {
                    teamFTE[team] = requirement.scheduledFTE * share
                }
                lines.append(Line(queue: queue.queue, channel: queue.channel, start: interval.start, minutes: interval.minutes,
                                  shift: shift, requirement: requirement, teamFTE: teamFTE))
            }
        }
        return Result(lines: lines)
    }
}
