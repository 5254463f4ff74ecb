import Fluent
import Vapor

/// Every migration, in the order it runs. Migrations are never edited once they land:
/// add a new `UpdateXAddY` at the end instead.
enum Migrations {
    static func register(on app: Application) {
        app.migrations.add(SessionRecord.migration)
        app.migrations.add(CreateUser())
        app.migrations.add(CreatePartner())
        app.migrations.add(UpdateUserAddPartnerReference())
        app.migrations.add(CreateSite())
        app.migrations.add(CreateKeyContact())
        app.migrations.add(CreateChannel())
        app.migrations.add(CreateQueue())
        app.migrations.add(CreateAPIToken())
        app.migrations.add(CreateLoginAttempt())
        app.migrations.add(CreateAuditEntry())
        app.migrations.add(CreateJob())
        app.migrations.add(CreatePerformanceSettings())
        app.migrations.add(CreateContactRecord())
        app.migrations.add(CreateContactRollup())
        app.migrations.add(CreateImportRun())
        app.migrations.add(CreateImportMapping())
        app.migrations.add(CreateKPITarget())
        app.migrations.add(CreateQAEvaluation())
        app.migrations.add(CreatePerformanceAlert())
        // The relationship loop (issue 5).
        app.migrations.add(CreateBroadcast())
        app.migrations.add(CreateBroadcastRecipient())
        app.migrations.add(CreateMeetingSeries())
        app.migrations.add(CreateMeeting())
        app.migrations.add(CreateActionItem())
        app.migrations.add(CreateCalendarFeed())
        app.migrations.add(CreateIncident())
        app.migrations.add(CreateEscalationLevel())
        app.migrations.add(CreateSurveyRound())
        app.migrations.add(CreateSurveyResponse())
        app.migrations.add(CreateFeedbackNote())
        app.migrations.add(CreateRelationshipSettings())
        app.migrations.add(CreateWebhookDelivery())
        for migration in StaffingMigrations.all { app.migrations.add(migration) }
        // Incidents opened from performance alerts (issue 5).
        app.migrations.add(UpdateIncidentAddAlertID())
        app.migrations.add(UpdateContactRecordAddQueueTimeIndex())
        // Sign-in sessions keep their expiry on the row, so expired ones can be refused and purged.
        app.migrations.add(UpdateSessionsAddExpiresAt())
        // No query reads contacts by team (scorecards read rollups): the index only slowed imports.
        app.migrations.add(UpdateContactRecordDropTeamDayIndex())
        // Contacts refer to teams, sites, queues and runs by small numbers: half the bytes per import.
        app.migrations.add(UpdateContactRecordCompactKeys())
        // A job remembers the last heartbeat of an attempt whose server died (issue 21).
        app.migrations.add(UpdateJobAddInterruptedAt())
        // A client's note on an allocation set is shown to partner users only when marked so (issue 20).
        app.migrations.add(UpdateAllocationShareAddNoteVisibility())
        // The front line: rosters, agent-days, ramp plans, recognition, contests, calibration (issue 16).
        for migration in FrontlineMigrations.all { app.migrations.add(migration) }
    }
}
