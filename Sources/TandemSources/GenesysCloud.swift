import TandemPartners
import Foundation
import TandemPerformance

/// Genesys Cloud analytics conversation detail records (`conversations` of a details query or of
/// a details job's result pages), with the queue/user lookup (`{"queues": {id: name}, "users":
/// {id: name}}`, what `/routing/queues` and `/users` give) in any file of the same import.
/// Rules (formats doc §3):
/// - Each queue visit is a contact: every session of an `acd` participant, external id
///   `conversationId/sessionId`. A conversation without one (agent outbound, IVR only) is left out.
/// - Offered: the acd session's first segment start; queue: its `queueId` (named through the
///   lookup, else the acd participant's name). The visit's agent is the agent session routed from
///   that queue whose first interact segment starts within the visit (alert from one second before
///   its start to five after its end); answered: that segment's start.
/// - Abandoned: `tAbandon` on the acd session with no agent answer (`tFlowOut` is not an abandon).
///   Wait: `tAnswered` (answered), `tAbandon` (abandoned), else `tAcd`. Talk `tTalkComplete` (or
///   the sum of `tTalk`), hold `tHeldComplete` (or Σ `tHeld`), after-work `tAcw`; milliseconds.
/// - Resolved on first contact: the conversation's `resolutions` entry for the queue
///   (`nNextContactAvoided` ≥ 1). CSAT: a finished survey's `surveyPromoterScore` for the queue, on
///   the 0–10 scale.
/// - A conversation without `conversationEnd` is provisional (wrap-up still open): version 0; an
///   ended one version 1. A later query of the same conversation replaces it (the ended copy
///   wins over a provisional one, whatever the order).
final class GenesysMapper: PresetMapper {
    let resolver: ContactResolver
    private var queueNames: [String: String] = [:]
    private var userNames: [String: String] = [:]

    init(_ resolver: ContactResolver) { self.resolver = resolver }

    var layout: JSONRecordStream.Layout { JSONRecordStream.Layout(arrays: ["conversations"], maps: ["queues", "users"]) }
    var sideKinds: Set<String> { ["queues", "users"] }
    func csvReader(file: String, context: RowContext) -> (any PresetCSVMapper)? { nil }

    static let noQueue = "no queue (acd) leg: agent outbound, IVR only or never routed"

    func side(_ record: JSONRecordStream.Record, _ t: JSONTape, file: String) throws(FileIssue) {
        guard let id = record.key, let name = t.string(t.root) ?? t.string(t.present(t.root, "name")) else {
            throw FileIssue(reason: "has a \(record.kind) lookup entry that is not an id with a name", file: file, line: record.line, record: "record \(record.ordinal)")
        }
        if record.kind == "queues" { queueNames[id] = name } else { userNames[id] = name }
    }

    private struct Metrics {
        var values: [String: Int64] = [:]
        subscript(name: String) -> Int64? { values[name] }
    }

    private struct Leg {
        let sessionID: String?
        let participantName: String?
        let queueID: String
        let start: Int64
        let startText: String
        let end: Int64?
        let mediaType: String?
        let messageType: String?
        let metrics: Metrics
    }

    private struct AgentSession {
        let userID: String?
        let name: String?
        let teamID: String?
        let queueIDs: Set<String>
        let firstAlert: Int64?
        let interact: (at: Int64, text: String)?
        let metrics: Metrics
    }

    private static func metrics(_ t: JSONTape, _ session: JSONTape.Ref) -> Metrics {
        var result = Metrics()
        for metric in t.elements(t.present(session, "metrics")) {
            guard let name = t.string(t.present(metric, "name")), let value = t.int64(t.present(metric, "value")) else { continue }
            result.values[name, default: 0] += value
        }
        return result
    }

    func contacts(_ record: JSONRecordStream.Record, _ t: JSONTape, context: RowContext, into rows: inout [RawContactRow], skipped: inout [String: Int]) {
        guard record.kind == "conversations" else { return }
        let r = t.root
        guard let conversation = t.string(t.present(r, "conversationId")) else {
            var row = RawContactRow(record: record, context: context)
            row.fail(source: "conversationId", "is missing")
            rows.append(row)
            return
        }
        let version: Int64 = t.present(r, "conversationEnd") != nil ? 1 : 0
        var legs: [Leg] = []
        var agents: [AgentSession] = []
        var customer: String?
        var problems: [(String, String)] = []
        for participant in t.elements(t.present(r, "participants")) {
            let purpose = t.string(t.present(participant, "purpose"))
            for session in t.elements(t.present(participant, "sessions")) {
                let segments = t.elements(t.present(session, "segments"))
                switch purpose {
                case "customer", "external":
                    if customer == nil {
                        if let ani = t.string(t.present(session, "ani")) {
                            customer = ani.hasPrefix("tel:") ? String(ani.dropFirst(4)) : ani
                        } else {
                            customer = t.string(t.present(session, "addressFrom")) ?? t.string(t.present(participant, "externalContactId"))
                        }
                    }
                case "acd":
                    guard let first = segments.first else { continue }
                    guard let queueID = segments.lazy.compactMap({ t.string(t.present($0, "queueId")) }).first else {
                        problems.append(("acd segment queueId", "is missing on session \(t.string(t.present(session, "sessionId")) ?? "?")"))
                        continue
                    }
                    guard let startText = t.string(t.present(first, "segmentStart")), let start = Instants.milliseconds(startText) else {
                        problems.append(("acd segmentStart", "is missing or not a date-time on session \(t.string(t.present(session, "sessionId")) ?? "?")"))
                        continue
                    }
                    let end = segments.last.flatMap { Instants.milliseconds(t.string(t.present($0, "segmentEnd"))) }
                    legs.append(Leg(sessionID: t.string(t.present(session, "sessionId")), participantName: t.string(t.present(participant, "participantName")),
                                    queueID: queueID, start: start, startText: startText, end: end,
                                    mediaType: t.string(t.present(session, "mediaType")), messageType: t.string(t.present(session, "messageType")),
                                    metrics: Self.metrics(t, session)))
                case "agent", "user":
                    var queues = Set<String>()
                    var alert: Int64?
                    var interact: (at: Int64, text: String)?
                    for segment in segments {
                        if let queue = t.string(t.present(segment, "queueId")) { queues.insert(queue) }
                        let type = t.string(t.present(segment, "segmentType"))
                        guard let text = t.string(t.present(segment, "segmentStart")), let at = Instants.milliseconds(text) else { continue }
                        if type == "alert", alert == nil { alert = at }
                        if type == "interact", interact == nil { interact = (at, text) }
                    }
                    agents.append(AgentSession(userID: t.string(t.present(participant, "userId")), name: t.string(t.present(participant, "participantName")),
                                               teamID: t.string(t.present(participant, "teamId")), queueIDs: queues, firstAlert: alert,
                                               interact: interact, metrics: Self.metrics(t, session)))
                default:
                    continue
                }
            }
        }
        if legs.isEmpty && problems.isEmpty {
            skipped[Self.noQueue, default: 0] += 1
            return
        }
        if !problems.isEmpty {
            var row = RawContactRow(record: record, context: context)
            row[.externalID] = conversation
            for (field, reason) in problems { row.fail(source: field, reason) }
            rows.append(row)
            return
        }
        let resolutions = t.elements(t.present(r, "resolutions"))
        let surveys = t.elements(t.present(r, "surveys"))
        for (index, leg) in legs.enumerated() {
            var row = RawContactRow(record: record, context: context)
            row[.externalID] = "\(conversation)/\(leg.sessionID ?? String(index + 1))"
            row.version = version
            row[.offeredAt] = leg.startText
            let channel = Self.channel(media: leg.mediaType, message: leg.messageType)
            if let channel { row[.channel] = ChannelText.name(channel) }
            let agent = agents
                .filter { session in
                    guard let interact = session.interact, session.queueIDs.contains(leg.queueID) else { return false }
                    let first = session.firstAlert ?? interact.at
                    return first >= leg.start - 1000 && (leg.end.map { first <= $0 + 5000 } ?? true)
                }
                .min { $0.interact!.at < $1.interact!.at }
            if let agent, let interact = agent.interact {
                row[.answeredAt] = interact.text
                row[.waitSeconds] = Instants.seconds(milliseconds: agent.metrics["tAnswered"] ?? max(0, interact.at - leg.start))
                row[.abandoned] = "false"
                if let talk = agent.metrics["tTalkComplete"] ?? agent.metrics["tTalk"] { row[.talkSeconds] = Instants.seconds(milliseconds: talk) }
                if let hold = agent.metrics["tHeldComplete"] ?? agent.metrics["tHeld"] { row[.holdSeconds] = Instants.seconds(milliseconds: hold) }
                if let acw = agent.metrics["tAcw"] { row[.afterWorkSeconds] = Instants.seconds(milliseconds: acw) }
                row[.agent] = agent.userID ?? agent.name
            } else if let abandon = leg.metrics["tAbandon"] {
                row[.abandoned] = "true"
                row[.waitSeconds] = Instants.seconds(milliseconds: abandon)
            } else {
                row[.abandoned] = "false"
                if let wait = leg.metrics["tAcd"] ?? leg.end.map({ max(0, $0 - leg.start) }) { row[.waitSeconds] = Instants.seconds(milliseconds: wait) }
            }
            row[.customer] = customer
            if let resolution = resolutions.last(where: { t.string(t.present($0, "queueId")) == leg.queueID }),
               let avoided = t.int64(t.present(resolution, "nNextContactAvoided")) {
                row[.resolvedFirstContact] = avoided >= 1 ? "true" : "false"
            }
            if let survey = surveys.last(where: { t.string(t.present($0, "queueId")) == leg.queueID
                                                  && (t.string(t.present($0, "surveyStatus")) == "Finished" || t.present($0, "surveyCompletedDate") != nil) }),
               let score = t.text(t.present(survey, "surveyPromoterScore")) {
                row[.csat] = score
                row[.csatScale] = "0-10"
            }
            let queueName = queueNames[leg.queueID] ?? leg.participantName ?? leg.queueID
            var hints = ContactHints(queueName: queueName, queueID: leg.queueID, channel: channel)
            hints.agents = [agent?.userID, agent?.userID.flatMap { userNames[$0] }, agent?.name].compactMap { $0 }
            hints.site = agent?.teamID
            hints.day = Instants.day(milliseconds: leg.start)
            row.resolve(hints, with: resolver)
            rows.append(row)
        }
    }

    static func channel(media: String?, message: String?) -> ChannelKind? {
        switch media?.lowercased() {
        case "voice", "callback": .voice
        case "chat": .chat
        case "email": .email
        case "message":
            switch message?.lowercased() {
            case "facebook", "twitter", "instagram", "line": .social
            default: .messaging
            }
        default: nil
        }
    }
}
