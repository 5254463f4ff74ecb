import Fluent
import Foundation
import TandemPartners
import TandemPerformance

/// The registry as the performance area sees it: teams (in-house first), their sites and the queues.
struct PerformanceDirectory: Sendable {
    typealias TeamInfo = ScorecardTeam
    typealias QueueInfo = ScorecardQueue

    let teams: [TeamInfo]
    let queues: [QueueInfo]
    let contactDirectory: ContactDirectory

    var thresholdsByQueue: [UUID: Double] { Dictionary(uniqueKeysWithValues: queues.map { ($0.id, Double($0.serviceLevelSeconds)) }) }
    func team(_ id: UUID) -> TeamInfo? { teams.first { $0.id == id } }
    func queue(_ id: UUID) -> QueueInfo? { queues.first { $0.id == id } }

    static func load(on db: any Database) async throws -> PerformanceDirectory {
        let partners = try await Partner.query(on: db).with(\.$sites).all()
        let queues = try await Queue.query(on: db).with(\.$channel).all()
        var teams: [ContactDirectory.Team] = []
        for partner in partners {
            var sites: [String: ContactDirectory.Site] = [:]
            for site in partner.sites {
                sites[site.name] = ContactDirectory.Site(id: site.id!.uuidString, timeZone: TimeZone(identifier: site.timeZone) ?? TimeZone(identifier: "UTC")!)
            }
            teams.append(ContactDirectory.Team(id: partner.id!.uuidString, name: partner.name, sites: sites))
        }
        let contactQueues = queues.map { queue in
            ContactDirectory.Queue(id: queue.id!.uuidString, code: queue.code, channel: queue.channel.kind,
                                   serviceLevelSeconds: Double(queue.serviceLevelSeconds))
        }
        let infos = partners.map { TeamInfo(id: $0.id!, name: $0.name, kind: $0.kind, goLive: $0.goLiveOn.flatMap(LocalDate.init)) }
            .sorted { ($0.kind == .inHouse ? 0 : 1, $0.name.lowercased()) < ($1.kind == .inHouse ? 0 : 1, $1.name.lowercased()) }
        let queueInfos = queues.map { QueueInfo(id: $0.id!, code: $0.code, name: $0.name, channelID: $0.$channel.id, channelName: $0.channel.name,
                                                serviceLevelSeconds: $0.serviceLevelSeconds) }
            .sorted { ($0.channelName, $0.name) < ($1.channelName, $1.name) }
        return PerformanceDirectory(teams: infos, queues: queueInfos, contactDirectory: ContactDirectory(teams: teams, queues: contactQueues))
    }
}
