import Fluent
import Foundation
import SQLKit
import TandemPerformance

/// Recomputes rollup rows from the stored contacts: all of them when S changes, one queue's when
/// its service-level threshold T changes (rows keep the T they were counted with, so a new T makes
/// that queue's rows stale). Contacts are read in pages of keys, so memory stays flat however
/// many are stored; the repeat-contact counters follow. Runs in the caller's transaction, so a
/// failed rebuild leaves the rows as they were.
enum RollupRebuild {
    enum Scope: Sendable, Equatable {
        case all
        case queue(UUID)
    }

    static let pageSize = 2_000

    /// Deletes and recomputes the rows in `scope`; returns the number of contacts read.
    /// `threshold` gives each queue's T in seconds.
    @discardableResult
    static func rebuild(_ scope: Scope, threshold: @escaping (UUID) -> Double, shortAbandonSeconds: Double, repeatContactWindowDays: Int,
                        on sql: any SQLDatabase) async throws -> Int {
        let thresholdMilliseconds = { (queue: UUID) in Int64((threshold(queue) * 1000).rounded()) }
        let shortAbandonMilliseconds = Int64((shortAbandonSeconds * 1000).rounded())
        let delete = sql.delete(from: "contact_rollups")
        if case .queue(let queueID) = scope { delete.where("queue_id", .equal, queueID) }
        try await delete.run()

        var contacts = 0
        var lastKey: (String, String)? = nil
        while true {
            let select = sql.select().columns("source", "external_id").from("contact_records")
            if case .queue(let queueID) = scope {
                select.where(SQLColumn("queue_key"), .equal, ContactKeys.number(of: queueID))
            }
            if let lastKey {
                select.where(SQLBinaryExpression(
                    SQLGroupExpression([SQLColumn("source"), SQLColumn("external_id")] as [any SQLExpression]), .greaterThan,
                    SQLGroupExpression([SQLBind(lastKey.0), SQLBind(lastKey.1)] as [any SQLExpression])))
            }
            let page = try await select.orderBy("source").orderBy("external_id").limit(pageSize).all()
            guard let last = page.last else { break }
            lastKey = (try last.decode(column: "source", as: String.self), try last.decode(column: "external_id", as: String.self))
            var bySource: [String: [String]] = [:]
            for row in page {
                bySource[try row.decode(column: "source", as: String.self), default: []].append(try row.decode(column: "external_id", as: String.self))
            }
            var deltas: [RollupRowKey: RollupCounters] = [:]
            for (source, ids) in bySource {
                for stored in try await ContactRecordStore.existing(source: source, externalIDs: ids, on: sql).values {
                    let key = RollupRowKey(teamID: stored.teamID, queueID: stored.queueID, day: UTCDay(stored.record.offeredAt).daysSince1970)
                    deltas[key, default: RollupCounters()].add(stored.record, serviceLevelThreshold: threshold(stored.queueID),
                                                               shortAbandonThreshold: shortAbandonSeconds)
                    contacts += 1
                }
            }
            try await RollupStore.add(deltas.filter { !$0.value.isZero }, thresholdMilliseconds: thresholdMilliseconds,
                                      shortAbandonMilliseconds: shortAbandonMilliseconds, on: sql)
        }
        switch scope {
        case .all:
            for queueID in try await ContactRecordStore.queuesWithContacts(on: sql) {
                try await RepeatContactRecompute.recompute(queueID: queueID, fromDay: nil, windowDays: repeatContactWindowDays,
                                                           shortAbandonSeconds: shortAbandonSeconds,
                                                           thresholdMilliseconds: thresholdMilliseconds(queueID), on: sql)
            }
        case .queue(let queueID):
            try await RepeatContactRecompute.recompute(queueID: queueID, fromDay: nil, windowDays: repeatContactWindowDays,
                                                       shortAbandonSeconds: shortAbandonSeconds,
                                                       thresholdMilliseconds: thresholdMilliseconds(queueID), on: sql)
        }
        return contacts
    }

    /// One queue with its new T, in the transaction that saves it, with the workspace's S and N.
    @discardableResult
    static func rebuild(queueID: UUID, serviceLevelSeconds: Int, on db: any Database) async throws -> Int {
        let settings = try await PerformanceSettingsStore.load(on: db)
        return try await rebuild(.queue(queueID), threshold: { _ in Double(serviceLevelSeconds) },
                                 shortAbandonSeconds: settings.kpi.shortAbandonThreshold,
                                 repeatContactWindowDays: settings.kpi.repeatContactWindowDays, on: db as! any SQLDatabase)
    }
}
