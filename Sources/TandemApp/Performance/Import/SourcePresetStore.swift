import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import TandemSources
import Vapor

/// A source's saved preset settings (docs/import-presets.md): the next import from the source
/// with the same preset needs none given, as a column mapping is saved for generic files.
final class SavedSourcePreset: Model, @unchecked Sendable {
    static let schema = "source_presets"
    @ID(key: .id) var id: UUID?
    @Field(key: "source") var source: String
    @Field(key: "preset") var preset: String
    /// JSON of `PresetSettings`.
    @Field(key: "settings") var settings: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    static func saved(for source: String, on db: any Database) async throws -> PresetSettings? {
        guard let record = try await SavedSourcePreset.query(on: db).filter(\.$source == source).first() else { return nil }
        return try? JSONDecoder().decode(PresetSettings.self, from: Data(record.settings.utf8))
    }

    static func save(_ settings: PresetSettings, for source: String, on db: any Database) async throws {
        let record = try await SavedSourcePreset.query(on: db).filter(\.$source == source).first() ?? SavedSourcePreset()
        record.source = source
        record.preset = settings.preset.rawValue
        record.settings = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        try await record.save(on: db)
    }
}

/// How a preset import is asked for: the preset, and settings text (or none: the source's saved
/// settings for that preset, else the defaults).
struct PresetRequest: Sendable {
    let preset: SourcePreset
    let settingsText: String?

    /// Parses what a form, the API or the CLI gave; nil when no preset was named.
    static func parse(preset: String?, settings: String?) throws -> PresetRequest? {
        guard let name = preset?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            if let settings, !settings.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw ValidationFailed(fields: { var e = FieldErrors(); e.add("presetSettings", "needs a preset"); return e }())
            }
            return nil
        }
        guard let chosen = SourcePreset(rawValue: name.lowercased()) else {
            throw ValidationFailed(fields: {
                var e = FieldErrors()
                e.add("preset", "“\(name)” is not a preset; use " + SourcePreset.allCases.map(\.rawValue).joined(separator: ", "))
                return e
            }())
        }
        let text = settings?.trimmingCharacters(in: .whitespacesAndNewlines)
        return PresetRequest(preset: chosen, settingsText: text?.isEmpty == false ? text : nil)
    }

    /// The settings to use: the ones given (then saved for the source), else the source's saved
    /// ones for this preset, else the defaults (team from the queue, queues named as on the platform).
    func resolve(source: String, on db: any Database) async throws -> PresetSettings {
        if let settingsText {
            let settings: PresetSettings
            do { settings = try PresetSettings.parse(settingsText, preset: preset) } catch {
                throw ValidationFailed(fields: { var e = FieldErrors(); e.add("presetSettings", error.description); return e }())
            }
            try await SavedSourcePreset.save(settings, for: source, on: db)
            return settings
        }
        if let saved = try await SavedSourcePreset.saved(for: source, on: db), saved.preset == preset { return saved }
        return PresetSettings(preset: preset)
    }
}

/// Where a preset import finds agents' teams (`team=roster`). Nothing is plugged in until the
/// workspace has an agent roster: `app.agentRoster = { db in … }` supplies one per import.
extension Application {
    typealias AgentRosterProvider = @Sendable (any Database) async throws -> (any AgentTeamLookup)?

    private struct AgentRosterKey: StorageKey { typealias Value = AgentRosterBox }
    private final class AgentRosterBox: @unchecked Sendable { let provider: AgentRosterProvider; init(_ p: @escaping AgentRosterProvider) { provider = p } }

    var agentRoster: AgentRosterProvider? {
        get { storage[AgentRosterKey.self]?.provider }
        set { storage[AgentRosterKey.self] = newValue.map(AgentRosterBox.init) }
    }

    /// The roster lookup for an import now, if the workspace has one.
    func agentTeamLookup(on db: any Database) async throws -> (any AgentTeamLookup)? {
        try await agentRoster?(db)
    }
}

// MARK: - Migrations (source presets, issue 17)

/// A source preset's record version (`LastUpdateTimestamp`, `generated_timestamp`…): a newer
/// copy replaces an older one, an older never replaces a newer. NULL for generic imports.
struct UpdateContactRecordAddSourceVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("contact_records").field("source_version", .int64).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("contact_records").deleteField("source_version").update()
    }
}

/// An import run's preset and its skipped and deleted counts.
struct UpdateImportRunAddPresetCounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        try await database.schema("import_runs").field("rows_skipped", .int, .required, .sql(.default(0))).update()
        try await database.schema("import_runs").field("rows_deleted", .int, .required, .sql(.default(0))).update()
        try await database.schema("import_runs").field("preset", .string).update()
    }

    func revert(on database: any Database) async throws {
        for field in ["rows_skipped", "rows_deleted", "preset"] {
            try await database.schema("import_runs").deleteField(.string(field)).update()
        }
    }
}

struct CreateSavedSourcePreset: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("source_presets")
            .id()
            .field("source", .string, .required)
            .field("preset", .string, .required)
            .field("settings", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "source")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("source_presets").delete()
    }
}
