import Fluent
import Foundation
import SQLKit
import TandemPerformance

/// Identifies one rollup row: a team, a queue, a UTC day.
struct RollupRowKey: Hashable, Sendable {
    let teamID: UUID
    let queueID: UUID
    let day: Int
}

/// The daily rollups (`contact_rollups`): counters per team × queue × UTC day, added to as
/// contacts arrive and summed per period for scorecards.
enum RollupStore {
    /// Adds counter deltas (possibly negative) to the rollup rows, creating missing rows.
    /// T and S of a new row are the ones given; an existing row keeps its own.
    static func add(_ deltas: [RollupRowKey: RollupCounters], thresholdMilliseconds: (UUID) -> Int64,
                             shortAbandonMilliseconds: Int64, on sql: any SQLDatabase) async throws {
        // A fixed order (concurrent imports touch shared rows in the same order); ids spelt once per key, not per comparison.
        let keys = deltas.keys.map { ($0.teamID.uuidString, $0.queueID.uuidString, $0) }.sorted { ($0.0, $0.1, $0.2.day) < ($1.0, $1.1, $1.2.day) }.map(\.2)
        for chunk in stride(from: 0, to: keys.count, by: 500).map({ keys[$0..<min($0 + 500, keys.count)] }) {
            let insert = sql.insert(into: "contact_rollups")
                .columns(["team_id", "queue_id", "day", "week", "month", "service_level_ms", "short_abandon_ms"] + RollupCounters.columnNames)
            for key in chunk {
                var values: [any Encodable & Sendable] = [
                    key.teamID, key.queueID, key.day, ReportingPeriod.weekIndex(key.day), ReportingPeriod.monthIndex(key.day),
                    thresholdMilliseconds(key.queueID), shortAbandonMilliseconds,
                ]
                values.append(contentsOf: deltas[key]!.values.map { $0 as any Encodable & Sendable })
                insert.values(values)
            }
            insert.onConflict(with: ["team_id", "queue_id", "day"]) { update in
                var update = update
                for column in RollupCounters.columnNames {
                    update = update.set(column, to: SQLBinaryExpression(SQLColumn(column, table: "contact_rollups"), .add, SQLExcludedColumn(column)))
                }
                return update
            }
            try await insert.run()
        }
    }

    /// Rows grouped by period and summed in the database: one row per team × queue × period
    /// (× T × S, which a rollup keeps). `days` bounds the UTC days read (nil: all of them).
    struct PeriodRollup: Sendable {
        let teamID: UUID
        let queueID: UUID
        let period: ReportingPeriod
        let rollup: KPIRollup
    }

    static func periodRollups(_ kind: PeriodKind, days: Range<Int>?, teamIDs: [UUID]? = nil, repeatContactWindowDays: Int? = nil,
                              on sql: any SQLDatabase) async throws -> [PeriodRollup] {
        try await summed(by: kind == .week ? "week" : "month", days: days, teamIDs: teamIDs,
                         repeatContactWindowDays: repeatContactWindowDays, on: sql).map {
            PeriodRollup(teamID: $0.teamID, queueID: $0.queueID, period: ReportingPeriod(kind: kind, index: $0.group), rollup: $0.rollup)
        }
    }

    /// The same sums one UTC day at a time: one row per team × queue × day (× T × S).
    struct DayRollup: Sendable {
        let teamID: UUID
        let queueID: UUID
        let day: Int
        let rollup: KPIRollup
    }

    static func dayRollups(days: Range<Int>, teamIDs: [UUID]? = nil, repeatContactWindowDays: Int? = nil,
                           on sql: any SQLDatabase) async throws -> [DayRollup] {
        try await summed(by: "day", days: days, teamIDs: teamIDs, repeatContactWindowDays: repeatContactWindowDays, on: sql).map {
            DayRollup(teamID: $0.teamID, queueID: $0.queueID, day: $0.group, rollup: $0.rollup)
        }
    }

    private struct Summed {
        let teamID: UUID
        let queueID: UUID
        let group: Int
        let rollup: KPIRollup
    }

    /// Rollups summed in the database per team × queue × `groupColumn` (day, week or month) and thresholds.
    private static func summed(by groupColumn: String, days: Range<Int>?, teamIDs: [UUID]?, repeatContactWindowDays: Int?,
                               on sql: any SQLDatabase) async throws -> [Summed] {
        let select = sql.select()
            .column("team_id").column("queue_id").column(SQLIdentifier(groupColumn))
            .column("service_level_ms").column("short_abandon_ms")
        for column in RollupCounters.columnNames {
            select.column(SQLAlias(IntegerSum(column), as: SQLIdentifier(column)))
        }
        select.from("contact_rollups")
        if let days { select.where("day", .greaterThanOrEqual, days.lowerBound).where("day", .lessThan, days.upperBound) }
        if let teamIDs { select.where("team_id", .in, teamIDs) }
        select.groupBy("team_id").groupBy("queue_id").groupBy(SQLIdentifier(groupColumn)).groupBy("service_level_ms").groupBy("short_abandon_ms")
        let rows = try await select.all()
        return try rows.map { row in
            let values = try RollupCounters.columnNames.map { try row.decode(column: $0, as: Int64.self) }
            let t = Double(try row.decode(column: "service_level_ms", as: Int64.self)) / 1000
            let s = Double(try row.decode(column: "short_abandon_ms", as: Int64.self)) / 1000
            return Summed(
                teamID: try row.decode(column: "team_id", as: UUID.self),
                queueID: try row.decode(column: "queue_id", as: UUID.self),
                group: try row.decode(column: groupColumn, as: Int.self),
                rollup: RollupCounters(values: values).rollup(serviceLevelThreshold: t, shortAbandonThreshold: s,
                                                              repeatContactWindowDays: repeatContactWindowDays)
            )
        }
    }

}

/// `CAST(COALESCE(SUM(column), 0) AS BIGINT)`: PostgreSQL sums BIGINT columns into NUMERIC; the
/// cast brings both engines back to the same 64-bit integer (the sums are exact either way).
struct IntegerSum: SQLExpression {
    let column: String
    init(_ column: String) { self.column = column }

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("CAST(COALESCE(SUM(")
        SQLIdentifier(column).serialize(to: &serializer)
        serializer.write("), 0) AS BIGINT)")
    }
}

