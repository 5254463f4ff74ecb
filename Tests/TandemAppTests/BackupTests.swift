import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import TandemApp

/// `tandem backup` / `tandem restore` on a SQLite file: a backup taken while the app runs (and
/// writes), restored into an empty directory, keeps every table's rows and their checksum.
@Suite struct BackupTests {
    static func temporaryDirectory() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("tandem-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func a_backup_taken_while_the_app_runs_restores_with_the_same_rows_and_checksums() async throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let live = (root as NSString).appendingPathComponent("live/tandem.sqlite")
        let backupFile = (root as NSString).appendingPathComponent("tandem-backup.sqlite")
        let restoredDir = (root as NSString).appendingPathComponent("restored")
        var liveSummary: [DatabaseBackup.TableSummary] = []
        let config = TandemConfig(database: .sqlite(path: live), dataDirectory: (live as NSString).deletingLastPathComponent, logLevel: .warning, passwordCost: 4)

        try await withApp(.sqlite, configure: { $0 = config }) { app in
            _ = try await Workspace.make(on: app)
            let run = try await Perf.importCSV(app, Perf.handWorked)
            #expect(run.rowsInserted == 7)
            // The app keeps writing while the backup runs.
            async let writes: Void = {
                for n in 0..<20 { _ = try await JobQueue.enqueue(kind: "during-backup", payload: ["n": n], on: app.db) }
            }()
            let report = try await DatabaseBackup.backup(config: config, to: backupFile, checksums: true)
            try await writes
            #expect(report.tables.first { $0.table == "contact_records" }?.rows == 7)
            #expect(report.bytes > 0 && !FileManager.default.fileExists(atPath: backupFile + ".partial"))
            let jobsInBackup = report.tables.first { $0.table == "jobs" }?.rows ?? -1
            #expect((0...20).contains(jobsInBackup), "a consistent snapshot: \(jobsInBackup) of the 20 jobs written meanwhile")
            // Compare with the live database once it is quiet: everything but the jobs written meanwhile is equal.
            liveSummary = try await DatabaseBackup.summary(ofDatabaseAt: live, checksums: true)
            #expect(liveSummary.filter { $0.table != "jobs" } == report.tables.filter { $0.table != "jobs" })
            #expect(liveSummary.first { $0.table == "jobs" }?.rows == 20)

            // A backup never overwrites, and a restore never lands on a workspace.
            await #expect(throws: DatabaseBackup.Failure.self) { try await DatabaseBackup.backup(config: config, to: backupFile) }
            await #expect(throws: DatabaseBackup.Failure.self) { try await DatabaseBackup.restore(config: config, from: backupFile) }
        }

        let restoreConfig = TandemConfig(database: .sqlite(path: (restoredDir as NSString).appendingPathComponent("tandem.sqlite")), dataDirectory: restoredDir)
        let restored = try await DatabaseBackup.restore(config: restoreConfig, from: backupFile, checksums: true)
        let backupSummary = try await DatabaseBackup.summary(ofDatabaseAt: backupFile, checksums: true)
        #expect(restored.tables == backupSummary)
        let contacts = try #require(restored.tables.first { $0.table == "contact_records" })
        #expect(contacts.rows == 7 && contacts.checksum == liveSummary.first { $0.table == "contact_records" }?.checksum)
        #expect(restored.tables.filter { $0.table != "jobs" } == liveSummary.filter { $0.table != "jobs" })
        #expect(restored.tables.count >= 40, "\(restored.tables.count) tables")

        // The restored workspace opens and serves: same contacts, same users.
        let reopened = TandemConfig(database: .sqlite(path: (restoredDir as NSString).appendingPathComponent("tandem.sqlite")), dataDirectory: restoredDir, logLevel: .warning, passwordCost: 4)
        try await withApp(.sqlite, configure: { $0 = reopened }) { app in
            #expect(try await Perf.contactCount(app) == 7)
            #expect(try await User.query(on: app.db).count() == 5)
            // The checksum sees a change of one value.
            try await (app.db as! any SQLDatabase).update("contact_records").set("wait_ms", to: 999_000).where("wait_ms", .equal, 30_000).run()
        }
        let changed = try await DatabaseBackup.summary(ofDatabaseAt: (restoredDir as NSString).appendingPathComponent("tandem.sqlite"), checksums: true)
        #expect(changed.first { $0.table == "contact_records" }?.rows == 7)
        #expect(changed.first { $0.table == "contact_records" }?.checksum != contacts.checksum)
    }

    @Test func restore_refuses_a_directory_with_anything_in_it_and_a_file_that_is_not_a_workspace() async throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let busy = (root as NSString).appendingPathComponent("busy")
        try FileManager.default.createDirectory(atPath: busy, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: (busy as NSString).appendingPathComponent("notes.txt"), contents: Data("x".utf8))
        let junk = (root as NSString).appendingPathComponent("junk.sqlite")
        FileManager.default.createFile(atPath: junk, contents: Data("not a database at all, just text".utf8))
        let config = TandemConfig(database: .sqlite(path: (busy as NSString).appendingPathComponent("tandem.sqlite")), dataDirectory: busy)
        do {
            _ = try await DatabaseBackup.restore(config: config, from: junk)
            Issue.record("restored into a directory that is not empty")
        } catch let failure as DatabaseBackup.Failure {
            #expect(failure.message.contains("not empty") && failure.message.contains("notes.txt"))
        }
        let empty = (root as NSString).appendingPathComponent("empty")
        let emptyConfig = TandemConfig(database: .sqlite(path: (empty as NSString).appendingPathComponent("tandem.sqlite")), dataDirectory: empty)
        do {
            _ = try await DatabaseBackup.restore(config: emptyConfig, from: junk)
            Issue.record("restored a file that is not a database")
        } catch let failure as DatabaseBackup.Failure {
            #expect(failure.message.contains("junk.sqlite"))
        }
        #expect(!FileManager.default.fileExists(atPath: (empty as NSString).appendingPathComponent("tandem.sqlite")), "nothing was left behind")
        do {
            _ = try await DatabaseBackup.backup(config: TandemConfig(database: .postgres(url: "postgres://u:p@127.0.0.1/db")), to: (root as NSString).appendingPathComponent("x"))
            Issue.record("backed up PostgreSQL")
        } catch let failure as DatabaseBackup.Failure {
            #expect(failure.message.contains("pg_dump") && failure.message.contains("pg_restore"))
        }
    }
}
