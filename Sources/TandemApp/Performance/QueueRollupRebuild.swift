import Fluent
import Foundation
import SQLKit
import TandemPerformance

/// Rollup rows keep the service-level threshold T their queue had when the contacts were
/// imported (`contact_rollups.service_level_ms`): which contacts were answered within T is
/// counted then. When a queue's T changes those rows are stale, so the catalogue rebuilds that
/// queue's rows from its stored contacts, inside the transaction that saves the new T: scorecards
/// never mix the two thresholds, and a failed rebuild leaves the queue unchanged.
/// Other queues' rows are not touched.
enum QueueRollupRebuild {
    /// Deletes and recomputes every rollup row of `queueID` (all teams, all days) with T =
    /// `serviceLevelSeconds` and the workspace's S and repeat-contact window. Reads the queue's
    /// contacts in pages, so memory stays flat. Run it in the caller's transaction. Returns the
    /// number of contacts read.
    @discardableResult
    static func rebuild(queueID: UUID, serviceLevelSeconds: Int, on db: any Database) async throws -> Int {
        let settings = try await PerformanceSettingsStore.load(on: db)
        let sql = db as! any SQLDatabase
        let threshold = Double(serviceLevelSeconds)
        let thresholdMilliseconds = Int64(serviceLevelSeconds) * 1000
        let shortAbandon = settings.kpi.shortAbandonThreshold
        let shortAbandonMilliseconds = Int64((shortAbandon * 1000).rounded())

        try await sql.delete(from: "contact_rollups").where("queue_id", .equal, queueID).run()
        var contacts = 0
        var lastKey: (String, String)? = nil
        while true {
            let select = sql.select().columns("source", "external_id").from("contact_records")
                .where(SQLColumn("queue_key"), .equal, ContactKeys.number(of: queueID))
            if let lastKey {
                select.where(SQLBinaryExpression(
                    SQLGroupExpression([SQLColumn("source"), SQLColumn("external_id")] as [any SQLExpression]), .greaterThan,
                    SQLGroupExpression([SQLBind(lastKey.0), SQLBind(lastKey.1)] as [any SQLExpression])))
            }
            let page = try await select.orderBy("source").orderBy("external_id").limit(2_000).all()
            guard let last = page.last else { break }
            lastKey = (try last.decode(column: "source", as: String.self), try last.decode(column: "external_id", as: String.self))
            var bySource: [String: [String]] = [:]
            for row in page { bySource[try row.decode(column: "source", as: String.self), default: []].append(try row.decode(column: "external_id", as: String.self)) }
            var deltas: [RollupRowKey: RollupCounters] = [:]
            for (source, ids) in bySource {
                for stored in try await ContactStore.existing(source: source, externalIDs: ids, on: sql).values where stored.queueID == queueID {
                    let key = RollupRowKey(teamID: stored.teamID, queueID: queueID, day: UTCDay(stored.record.offeredAt).daysSince1970)
                    deltas[key, default: RollupCounters()].add(stored.record, serviceLevelThreshold: threshold, shortAbandonThreshold: shortAbandon)
                    contacts += 1
                }
            }
            try await ContactStore.addToRollups(deltas.filter { !$0.value.isZero }, thresholdMilliseconds: { _ in thresholdMilliseconds },
                                                shortAbandonMilliseconds: shortAbandonMilliseconds, on: sql)
        }
        try await ContactStore.recomputeRepeatContacts(queueID: queueID, fromDay: nil, windowDays: settings.kpi.repeatContactWindowDays,
                                                       shortAbandonSeconds: shortAbandon, thresholdMilliseconds: thresholdMilliseconds, on: sql)
        return contacts
    }
}
