import Fluent
import Vapor

/// Every migration, in the order it runs. Migrations are never edited once they land:
/// add a new `UpdateXAddY` at the end instead.
enum Migrations {
    /// The list `SchemaMigrator` runs, each migration in its own transaction.
    static var all: [any Migration] {
        let list = Collector()
        list.add(SessionRecord.migration)
        list.add(CreateUser())
        list.add(CreatePartner())
        list.add(UpdateUserAddPartnerReference())
        list.add(CreateSite())
        list.add(CreateKeyContact())
        list.add(CreateChannel())
        list.add(CreateQueue())
        list.add(CreateAPIToken())
        list.add(CreateLoginAttempt())
        list.add(CreateAuditEntry())
        list.add(CreateJob())
        list.add(CreatePerformanceSettings())
        list.add(CreateContactRecord())
        list.add(CreateContactRollup())
        list.add(CreateImportRun())
        list.add(CreateImportMapping())
        list.add(CreateKPITarget())
        list.add(CreateQAEvaluation())
        list.add(CreatePerformanceAlert())
        // The relationship loop (issue 5).
        list.add(CreateBroadcast())
        list.add(CreateBroadcastRecipient())
        list.add(CreateMeetingSeries())
        list.add(CreateMeeting())
        list.add(CreateActionItem())
        list.add(CreateCalendarFeed())
        list.add(CreateIncident())
        list.add(CreateEscalationLevel())
        list.add(CreateSurveyRound())
        list.add(CreateSurveyResponse())
        list.add(CreateFeedbackNote())
        list.add(CreateRelationshipSettings())
        list.add(CreateWebhookDelivery())
        for migration in StaffingMigrations.all { list.add(migration) }
        // Incidents opened from performance alerts (issue 5).
        list.add(UpdateIncidentAddAlertID())
        list.add(UpdateContactRecordAddQueueTimeIndex())
        // Sign-in sessions keep their expiry on the row, so expired ones can be refused and purged.
        list.add(UpdateSessionsAddExpiresAt())
        // No query reads contacts by team (scorecards read rollups): the index only slowed imports.
        list.add(UpdateContactRecordDropTeamDayIndex())
        // Contacts refer to teams, sites, queues and runs by small numbers: half the bytes per import.
        list.add(UpdateContactRecordCompactKeys())
        // A job remembers the last heartbeat of an attempt whose server died (issue 21).
        list.add(UpdateJobAddInterruptedAt())
        // A client's note on an allocation set is shown to partner users only when marked so (issue 20).
        list.add(UpdateAllocationShareAddNoteVisibility())
        // Choosing and designing partnerships (issue 15).
        for migration in SelectionMigrations.all { list.add(migration) }
        for migration in DesignMigrations.all { list.add(migration) }
        // Signals out (issue 17): webhook subscriptions and events; the chat webhook becomes a subscription.
        list.add(CreateWebhookSubscription())
        list.add(CreateWebhookEvent())
        list.add(UpdateWebhookDeliveryAddSubscription())
        list.add(MigrateChatWebhookToSubscription())
        // Contracts and money (issue 14).
        for migration in ContractMigrations.all { list.add(migration) }
        // Source presets: record versions, preset runs' counts, saved preset settings (issue 17).
        list.add(UpdateContactRecordAddSourceVersion())
        list.add(UpdateImportRunAddPresetCounts())
        list.add(CreateSavedSourcePreset())
        // The front line: rosters, agent-days, ramp plans, recognition, contests, calibration (issue 16).
        for migration in FrontlineMigrations.all { list.add(migration) }
        // Load (issue 18): a version per data area, moved on by triggers, so derived figures kept in memory know when to go.
        list.add(CreateDataVersions())
        return list.migrations
    }

    /// Collects migrations in the order they are added (the list reads like a registration).
    private final class Collector {
        var migrations: [any Migration] = []
        func add(_ migration: any Migration) { migrations.append(migration) }
    }
}
