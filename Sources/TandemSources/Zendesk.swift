import TandemPartners
import Foundation
import TandemPerformance

/// Zendesk Support: incremental ticket export pages (`tickets`, cursor or time based, optionally
/// with side-loaded `metric_sets`), Ticket Metrics pages (`ticket_metrics`) and Satisfaction
/// Ratings pages (`satisfaction_ratings`). One import reads any number of these files in any
/// order: a first pass keeps each ticket's metrics and latest rating (a few numbers per ticket),
/// the second turns the tickets into contacts. Rules (formats doc §2):
/// - One ticket is one contact: queue `group_id` (per channel if the settings say so), offered
///   `created_at`, answered `created_at` + first reply time (`reply_time_in_seconds` for messaging
///   tickets, else `reply_time_in_minutes.calendar` × 60; unanswered while there is none), wait
///   the reply time. Tickets are never abandoned, and carry no talk, hold or after-work time
///   (`on_hold_time` is the ticket's On-hold status, not call hold).
/// - Resolved on first contact: solved or closed with no reopen and at most one public reply;
///   unknown while open or without metrics.
/// - CSAT on the binary scale: only `good` and `bad` are responses (`offered`, `unoffered` are
///   not). The newer of the ticket's own `satisfaction_rating` and the ratings file's wins.
/// - A ticket with status `deleted` removes the stored contact. Every change re-sends the whole
///   ticket: version `generated_timestamp`, then `updated_at`; the newest copy wins.
final class ZendeskMapper: PresetMapper {
    let resolver: ContactResolver

    struct Metrics {
        var replyMinutes: Int64?
        var replySeconds: Int64?
        var reopens: Int64?
        var replies: Int64?
        var updated: Int64
    }

    struct Rating {
        /// true good, false bad, nil offered/unoffered.
        var good: Bool?
        var updated: Int64
    }

    private var metrics: [Int64: Metrics] = [:]
    private var ratings: [Int64: Rating] = [:]

    init(_ resolver: ContactResolver) { self.resolver = resolver }

    var layout: JSONRecordStream.Layout {
        JSONRecordStream.Layout(arrays: ["tickets", "ticket_metrics", "metric_sets", "satisfaction_ratings"])
    }
    var sideKinds: Set<String> { ["ticket_metrics", "metric_sets", "satisfaction_ratings"] }
    func csvReader(file: String, context: RowContext) -> (any PresetCSVMapper)? { nil }

    func side(_ record: JSONRecordStream.Record, _ t: JSONTape, file: String) throws(FileIssue) {
        let r = t.root
        guard let ticket = t.int64(t.present(r, "ticket_id")) else {
            throw FileIssue(reason: "has a \(record.kind) entry without a ticket_id", file: file, line: record.line, record: "record \(record.ordinal)")
        }
        let updated = Instants.milliseconds(t.string(t.present(r, "updated_at"))) ?? 0
        if record.kind == "satisfaction_ratings" {
            let good: Bool? = switch t.string(t.present(r, "score")) {
            case "good": true
            case "bad": false
            default: nil
            }
            if let known = ratings[ticket], known.updated > updated { return }
            ratings[ticket] = Rating(good: good, updated: updated)
            return
        }
        if let known = metrics[ticket], known.updated > updated { return }
        metrics[ticket] = Metrics(replyMinutes: t.int64(t.present(t.present(r, "reply_time_in_minutes"), "calendar")),
                                  replySeconds: t.int64(t.present(t.present(r, "reply_time_in_seconds"), "calendar")),
                                  reopens: t.int64(t.present(r, "reopens")), replies: t.int64(t.present(r, "replies")), updated: updated)
    }

    func contacts(_ record: JSONRecordStream.Record, _ t: JSONTape, context: RowContext, into rows: inout [RawContactRow], skipped: inout [String: Int]) {
        guard record.kind == "tickets" else { return }
        let r = t.root
        var row = RawContactRow(record: record, context: context)
        guard let id = t.int64(t.present(r, "id")) else {
            row.fail(.externalID, t.present(r, "id") == nil ? "is missing" : "is not a ticket number")
            rows.append(row)
            return
        }
        row[.externalID] = String(id)
        let created = t.string(t.present(r, "created_at"))
        let updatedText = t.string(t.present(r, "updated_at"))
        let updated = Instants.milliseconds(updatedText)
        let generated = t.int64(t.present(r, "generated_timestamp"))
        // generated_timestamp, then updated_at (both epoch seconds, below 2^31 until 2038).
        row.version = ((generated ?? 0) << 32) | ((updated ?? 0) / 1000 & 0xFFFF_FFFF)
        let status = t.string(t.present(r, "status"))
        if status == "deleted" {
            row.isDeletion = true
            rows.append(row)
            return
        }
        guard let created, let createdAt = Instants.milliseconds(created) else {
            row.fail(.offeredAt, created.map { "“\($0)” is not a date-time like 2025-03-10T08:04:00Z" } ?? "is missing")
            rows.append(row)
            return
        }
        row[.offeredAt] = created
        let via = t.present(t.present(r, "via"), "channel")
        let channelName = t.text(via)
        let channel = Self.channel(channelName)
        if let channel { row[.channel] = ChannelText.name(channel) }
        if let assignee = t.text(t.present(r, "assignee_id")) { row[.agent] = assignee }
        if let requester = t.text(t.present(r, "requester_id")) { row[.customer] = requester }

        let metric = metrics[id]
        let messaging = channel == .messaging || channel == .chat || t.bool(t.present(r, "from_messaging_channel")) == true
        let reply: Int64? = if messaging, let seconds = metric?.replySeconds { seconds } else { metric?.replyMinutes.map { $0 * 60 } }
        if let reply {
            row[.answeredAt] = Instants.text(milliseconds: createdAt + reply * 1000)
            row[.waitSeconds] = String(reply)
        }
        if status == "solved" || status == "closed", let metric, let reopens = metric.reopens, let replies = metric.replies {
            row[.resolvedFirstContact] = reopens == 0 && replies <= 1 ? "true" : "false"
        }
        // The ticket's own rating is as of its updated_at; the ratings file's as of the rating's.
        var good: Bool? = switch t.string(t.present(t.present(r, "satisfaction_rating"), "score")) {
        case "good": true
        case "bad": false
        default: nil
        }
        if let rating = ratings[id], rating.updated >= (updated ?? 0) { good = rating.good }
        if let good { row[.csat] = good ? "good" : "bad" }

        let group = t.text(t.present(r, "group_id")) ?? "none"
        var hints = ContactHints(queueName: group, queueID: nil, channel: channel)
        hints.agents = row[.agent].map { [$0] } ?? []
        hints.attribute = { name in Self.attribute(t, r, name) }
        hints.day = Instants.day(milliseconds: createdAt)
        row.resolve(hints, with: resolver)
        rows.append(row)
    }

    /// A custom field's value (by its id) or a ticket field's (by name).
    static func attribute(_ t: JSONTape, _ r: JSONTape.Ref, _ name: String) -> String? {
        if let number = Int64(name) {
            for field in t.elements(t.present(r, "custom_fields")) where t.int64(t.present(field, "id")) == number {
                return t.text(t.present(field, "value"))
            }
            return nil
        }
        return t.text(t.member(r, named: name))
    }

    /// `via.channel` to a Tandem channel; nil for web forms, the API and the like (the queue decides).
    static func channel(_ name: String?) -> ChannelKind? {
        switch name?.lowercased() {
        case "email", "mail", "4": .email
        case "chat", "chat_transcript": .chat
        case "native_messaging", "mobile_sdk", "sms", "whatsapp", "line", "wechat", "messagebird_sms", "sunshine_conversations_api",
             "apple_business_chat", "google_business_messages": .messaging
        case "facebook", "twitter", "instagram_dm", "instagram", "facebook_post", "twitter_dm": .social
        case "voice", "phone", "voicemail", "phone_call_inbound": .voice
        default: nil
        }
    }
}
