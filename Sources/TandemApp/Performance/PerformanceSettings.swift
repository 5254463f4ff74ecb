import Fluent
import Foundation
import SQLKit
import TandemPartners
import TandemPerformance

/// Workspace-wide performance settings, edited by admins: how KPIs are counted, when a figure is
/// "near" its target, the launch baseline and the alert rules.
struct PerformanceSettings: Codable, Sendable, Equatable {
    var kpi: KPISettings = KPISettings()
    /// A figure within this percentage of its target (on the wrong side) is "near" rather than "missed".
    var nearBandPercent: Double = 5
    /// Weeks after go-live that make up a partner's launch baseline.
    var baselineWeeks: Int = LaunchBaseline.defaultWeeks
    var alerts: AlertRules = AlertRules()
    /// What partner users see of ranks and of the client's own views. Optional so settings saved
    /// before it existed still load (with the defaults).
    var partnerView: PartnerViewSettings? = nil

    var nearBand: NearBand { .relative(nearBandPercent / 100) }
    var partners: PartnerViewSettings { partnerView ?? PartnerViewSettings() }
}

/// The client decides what its partners see beyond their own figures.
struct PartnerViewSettings: Codable, Sendable, Equatable {
    enum Ranks: String, Codable, Sendable, CaseIterable {
        /// "2 of 4": the partner's rank among every team the client compares, never among itself alone.
        case outOfAll
        /// No rank at all on the partner's pages, API and exports.
        case hidden
    }

    var ranks: Ranks = .outOfAll
    /// Exit scenarios are the client's own planning: hidden from partner users unless shared.
    var shareExitScenarios: Bool = false
    /// Concentration warnings are the client's vendor-risk view: hidden from partner users unless shared.
    var shareConcentration: Bool = false
}

final class PerformanceSettingsRecord: Model, @unchecked Sendable {
    static let schema = "performance_settings"
    @ID(key: .id) var id: UUID?
    @Field(key: "settings") var settings: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}
}

extension PerformanceSettingsRecord: Audited {
    static let auditType = "performance_settings"
    var auditLabel: String { "Performance settings" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        guard let decoded = try? JSONDecoder().decode(PerformanceSettings.self, from: Data(settings.utf8)) else { return ["settings": settings] }
        return [
            "shortAbandonSeconds": String(decoded.kpi.shortAbandonThreshold),
            "serviceLevelMethod": decoded.kpi.serviceLevelMethod.rawValue,
            "abandonRateMethod": decoded.kpi.abandonRateMethod.rawValue,
            "fcrMethod": decoded.kpi.fcrMethod.rawValue,
            "csatMethod": decoded.kpi.csatMethod.rawValue,
            "minimumSample": String(decoded.kpi.minimumSample),
            "nearBandPercent": String(decoded.nearBandPercent),
            "baselineWeeks": String(decoded.baselineWeeks),
            "alertConsecutiveMisses": String(decoded.alerts.consecutiveMissedPeriods),
            "alertWorseThanBaselinePercent": String(decoded.alerts.worseThanBaselinePercent),
            "partnerRanks": decoded.partners.ranks.rawValue,
            "shareExitScenarios": decoded.partners.shareExitScenarios ? "yes" : "no",
            "shareConcentration": decoded.partners.shareConcentration ? "yes" : "no",
        ]
    }
}

enum PerformanceSettingsStore {
    static func load(on db: any Database) async throws -> PerformanceSettings {
        guard let record = try await PerformanceSettingsRecord.query(on: db).first() else { return PerformanceSettings() }
        return (try? JSONDecoder().decode(PerformanceSettings.self, from: Data(record.settings.utf8))) ?? PerformanceSettings()
    }

    /// Validates, saves and audits. A changed short-abandon threshold re-classifies every stored
    /// contact, so the rollups are rebuilt in the same step; a changed repeat-contact window N
    /// recomputes the repeat-contact FCR counters.
    static func save(_ settings: PerformanceSettings, by actor: Actor, on db: any Database) async throws {
        var errors = FieldErrors()
        if !(0...600).contains(settings.kpi.shortAbandonThreshold) { errors.add("shortAbandonSeconds", "must be from 0 to 600 seconds") }
        if !(1...100_000).contains(settings.kpi.minimumSample) { errors.add("minimumSample", "must be from 1 to 100000") }
        // schemathesis saved a window of 0 days, which the document rules out.
        if !(1...365).contains(settings.kpi.repeatContactWindowDays) { errors.add("repeatContactWindowDays", "must be from 1 to 365 days") }
        if !(0...100).contains(settings.nearBandPercent) { errors.add("nearBandPercent", "must be from 0 to 100") }
        if !(1...52).contains(settings.baselineWeeks) { errors.add("baselineWeeks", "must be from 1 to 52") }
        if !(0...52).contains(settings.alerts.consecutiveMissedPeriods) { errors.add("alertConsecutiveMisses", "must be from 0 to 52") }
        if !(0...1000).contains(settings.alerts.worseThanBaselinePercent) { errors.add("alertWorseThanBaselinePercent", "must be from 0 to 1000") }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        // One save at a time on this server: two saves that each rebuild the rollups deadlocked
        // SQLite's single writer ("database is locked", a 500; schemathesis sent them at once).
        await saving.acquire()
        do {
            try await apply(settings, by: actor, on: db)
            await saving.release()
        } catch {
            await saving.release()
            throw error
        }
    }

    private static let saving = OneAtATime()

    private static func apply(_ settings: PerformanceSettings, by actor: Actor, on db: any Database) async throws {
        let previous = try await load(on: db)
        let existing = try await PerformanceSettingsRecord.query(on: db).first()
        let record = existing ?? PerformanceSettingsRecord()
        let before = existing?.auditFields
        record.settings = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        try await db.transaction { tx in
            try await record.save(on: tx)
            try await AuditLog.saved(record, before: before, by: actor, on: tx)
        }
        if previous.kpi.shortAbandonThreshold != settings.kpi.shortAbandonThreshold {
            let directory = try await PerformanceDirectory.load(on: db)
            _ = try await db.transaction { tx in
                try await RollupRebuild.rebuild(.all, threshold: { directory.thresholdsByQueue[$0] ?? 20 },
                                                shortAbandonSeconds: settings.kpi.shortAbandonThreshold,
                                                repeatContactWindowDays: settings.kpi.repeatContactWindowDays, on: tx as! any SQLDatabase)
            }
        } else if previous.kpi.repeatContactWindowDays != settings.kpi.repeatContactWindowDays {
            let directory = try await PerformanceDirectory.load(on: db)
            try await db.transaction { tx in
                try await RepeatContactRecompute.recomputeAll(thresholds: directory.thresholdsByQueue, windowDays: settings.kpi.repeatContactWindowDays,
                                                                  shortAbandonSeconds: settings.kpi.shortAbandonThreshold, on: tx as! any SQLDatabase)
            }
        }
        try await AlertService.refresh(on: db)
        try await ContractRecompute.all(on: db)  // SLA figures follow the KPI settings (issue 14)
    }
}

/// A lock for async code: callers run one after another, in the order they came.
actor OneAtATime {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        guard busy else { busy = true; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
