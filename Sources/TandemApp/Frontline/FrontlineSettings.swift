import Fluent
import Foundation
import TandemFrontline
import TandemPartners

/// The front line's settings: the proficiency rule (domain.md's defaults) and the figures' minimum sample.
struct FrontlineSettings: Codable, Sendable, Equatable {
    /// QA within target: the rolling window's QA at least this.
    var qaMinimum: Double = 85
    /// AHT within target: at most this × the tenured median (domain.md: 110%).
    var ahtMultiplier: Double = FrontlineDefaults.ahtMultiplier
    var windowDays: Int = FrontlineDefaults.proficiencyWindowDays
    /// The least contacts and evaluations a window is judged on.
    var minimumContacts: Int = FrontlineDefaults.minimumSample
    var minimumEvaluations: Int = FrontlineDefaults.minimumSample
    /// The tenured median AHT is taken over this many days to the team's last day of data.
    var tenuredMedianDays: Int = 28
    /// Weeks of tenure on ramp curves and "share proficient by week N".
    var curveWeeks: Int = 12
    /// A team's graders scoring more than this above (or below) the calibration benchmark on average: lenient (strict).
    var leniencyPoints: Double = 5
    /// Below this sample a figure says "not enough data" (domain.md: 30).
    var minimumSample: Int = FrontlineDefaults.minimumSample

    func validate() throws {
        var errors = FieldErrors()
        if !(0...100).contains(qaMinimum) { errors.add("qaMinimum", "must be from 0 to 100") }
        if !(ahtMultiplier > 0 && ahtMultiplier <= 5) { errors.add("ahtMultiplier", "must be more than 0 and at most 5, e.g. 1.10") }
        if !(1...90).contains(windowDays) { errors.add("windowDays", "must be from 1 to 90 days") }
        if !(1...100_000).contains(minimumContacts) { errors.add("minimumContacts", "must be from 1 to 100000") }
        if !(1...100_000).contains(minimumEvaluations) { errors.add("minimumEvaluations", "must be from 1 to 100000") }
        if !(7...365).contains(tenuredMedianDays) { errors.add("tenuredMedianDays", "must be from 7 to 365 days") }
        if !(1...52).contains(curveWeeks) { errors.add("curveWeeks", "must be from 1 to 52 weeks") }
        if !(leniencyPoints >= 0 && leniencyPoints <= 100) { errors.add("leniencyPoints", "must be from 0 to 100 points") }
        if !(1...100_000).contains(minimumSample) { errors.add("minimumSample", "must be from 1 to 100000") }
        if !errors.isEmpty { throw ValidationFailed(fields: errors) }
    }
}

final class FrontlineSettingsRecord: Model, @unchecked Sendable {
    static let schema = "frontline_settings"

    @ID(key: .id) var id: UUID?
    @Field(key: "settings") var settings: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var decoded: FrontlineSettings? { try? JSONDecoder().decode(FrontlineSettings.self, from: Data(settings.utf8)) }
}

extension FrontlineSettingsRecord: Audited {
    static let auditType = "frontline_settings"
    var auditLabel: String { "Front-line settings" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        guard let s = decoded else { return ["settings": settings] }
        return ["qaMinimum": String(s.qaMinimum), "ahtMultiplier": String(s.ahtMultiplier), "windowDays": String(s.windowDays),
                "minimumContacts": String(s.minimumContacts), "minimumEvaluations": String(s.minimumEvaluations),
                "tenuredMedianDays": String(s.tenuredMedianDays), "curveWeeks": String(s.curveWeeks), "leniencyPoints": String(s.leniencyPoints),
                "minimumSample": String(s.minimumSample)]
    }
}

enum FrontlineSettingsStore {
    static func load(on db: any Database) async throws -> FrontlineSettings {
        try await FrontlineSettingsRecord.query(on: db).first()?.decoded ?? FrontlineSettings()
    }

    /// Validates, saves and audits, then recomputes every team's figures under the new rule.
    static func save(_ settings: FrontlineSettings, by actor: Actor, on db: any Database) async throws {
        try settings.validate()
        let existing = try await FrontlineSettingsRecord.query(on: db).first()
        let record = existing ?? FrontlineSettingsRecord()
        let before = existing?.auditFields
        record.settings = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        try await db.transaction { tx in
            try await record.save(on: tx)
            try await AuditLog.saved(record, before: before, by: actor, on: tx)
        }
        try await FrontlineRefresh.all(on: db)
    }
}
