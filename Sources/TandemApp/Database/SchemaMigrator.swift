import Fluent
import Vapor

/// Runs `Migrations.all` in order, each migration and its row in `_fluent_migrations` in one
/// transaction. Fluent's own migrator records a migration after preparing it, outside any
/// transaction: a process killed between the two left tables that the next run tried to create
/// again ("table users already exists"). SQLite and PostgreSQL both roll DDL back, so a migration
/// here either lands with its record or leaves no trace, and `tandem migrate` can always be rerun.
enum SchemaMigrator {
    static func run(_ migrations: [any Migration], on database: any Database) async throws {
        try await MigrationLog.migration.prepare(on: database).get()  // CREATE TABLE IF NOT EXISTS
        let logs = try await MigrationLog.query(on: database).all()
        let done = Set(logs.map(\.name))
        let batch = (logs.map(\.batch).max() ?? 0) + 1
        let names = migrations.map(\.name)
        precondition(Set(names).count == names.count, "two migrations share a name")
        for migration in migrations where !done.contains(migration.name) {
            database.logger.info("Migrating", metadata: ["migration": .string(migration.name)])
            do {
                try await database.transaction { transaction in
                    try await migration.prepare(on: transaction).get()
                    try await MigrationLog(name: migration.name, batch: batch).create(on: transaction)
                }
            } catch {
                database.logger.error("Migration failed; nothing of it was kept", metadata: [
                    "migration": .string(migration.name), "error": .string(String(reflecting: error)),
                ])
                throw error
            }
        }
    }
}
