import Foundation

/// "What if this team leaves?" The team gives `noticeDays` of notice; replacing its agents
/// takes the channel's lead time (hiring + training days). Whatever the lead time exceeds
/// the notice by is exposed: its weekly hours are uncovered unless other teams' spare
/// capacity (scheduled − required hours, same channel) absorbs them.
public enum ExitScenario {
    public struct LeadTime: Sendable, Equatable {
        public var hiringDays: Int
        public var trainingDays: Int
        public init(hiringDays: Int, trainingDays: Int) {
            self.hiringDays = hiringDays
            self.trainingDays = trainingDays
        }
        public var totalDays: Int { hiringDays + trainingDays }
    }

    public struct ChannelInput: Sendable {
        public let channel: UUID
        public let leadTime: LeadTime
        /// Per team: required hours per week on this channel (from the plan).
        public let requiredHoursPerWeek: [UUID: Double]
        /// Per team: scheduled hours per week on this channel.
        public let scheduledHoursPerWeek: [UUID: Double]

        public init(channel: UUID, leadTime: LeadTime, requiredHoursPerWeek: [UUID: Double], scheduledHoursPerWeek: [UUID: Double]) {
            self.channel = channel
            self.leadTime = leadTime
            self.requiredHoursPerWeek = requiredHoursPerWeek
            self.scheduledHoursPerWeek = scheduledHoursPerWeek
        }
    }

    public struct Absorber: Sendable, Equatable {
        public let team: UUID
        /// max(0, scheduled − required) hours per week.
        public let spareHoursPerWeek: Double
        /// The part of the leaving team's hours it could take, largest spare first.
        public let absorbedHoursPerWeek: Double
    }

    public struct ChannelExposure: Sendable, Equatable {
        public let channel: UUID
        public let leadTime: LeadTime
        /// The leaving team's required hours per week on this channel.
        public let leavingHoursPerWeek: Double
        /// max(0, lead time − notice).
        public let daysExposed: Int
        public let absorbers: [Absorber]
        /// Leaving hours minus what spare capacity absorbs, while exposed (0 otherwise).
        public let uncoveredHoursPerWeek: Double
        /// uncovered hours per week × days exposed ÷ 7.
        public let uncoveredHoursTotal: Double
    }

    public struct Result: Sendable, Equatable {
        public let team: UUID
        public let noticeDays: Int
        public let channels: [ChannelExposure]

        public var maxDaysExposed: Int { channels.map(\.daysExposed).max() ?? 0 }
        public var uncoveredHoursPerWeek: Double { channels.reduce(0) { $0 + $1.uncoveredHoursPerWeek } }
        public var uncoveredHoursTotal: Double { channels.reduce(0) { $0 + $1.uncoveredHoursTotal } }
        public var leavingHoursPerWeek: Double { channels.reduce(0) { $0 + $1.leavingHoursPerWeek } }
    }

    public static func evaluate(leaving team: UUID, noticeDays: Int, channels: [ChannelInput]) -> Result {
        let exposures: [ChannelExposure] = channels.compactMap { input in
            let leaving = input.requiredHoursPerWeek[team] ?? 0
            guard leaving > 0 else { return nil }
            let exposed = max(0, input.leadTime.totalDays - max(0, noticeDays))
            let teams = Set(input.requiredHoursPerWeek.keys).union(input.scheduledHoursPerWeek.keys).subtracting([team])
            let spares = teams.map { other in
                (other, max(0, (input.scheduledHoursPerWeek[other] ?? 0) - (input.requiredHoursPerWeek[other] ?? 0)))
            }
            .filter { $0.1 > 0 }
            .sorted { ($0.1, $1.0.uuidString) > ($1.1, $0.0.uuidString) }
            var remaining = leaving
            let absorbers = spares.map { other, spare in
                let taken = min(spare, remaining)
                remaining -= taken
                return Absorber(team: other, spareHoursPerWeek: spare, absorbedHoursPerWeek: taken)
            }
            let uncovered = exposed > 0 ? remaining : 0
            return ChannelExposure(channel: input.channel, leadTime: input.leadTime, leavingHoursPerWeek: leaving, daysExposed: exposed,
                                   absorbers: absorbers, uncoveredHoursPerWeek: uncovered, uncoveredHoursTotal: uncovered * Double(exposed) / 7)
        }
        return Result(team: team, noticeDays: noticeDays, channels: exposures)
    }
}
