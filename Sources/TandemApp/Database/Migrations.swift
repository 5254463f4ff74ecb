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
        for migration in StaffingMigrations.all { app.migrations.add(migration) }
    }
}
