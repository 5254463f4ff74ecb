import ArgumentParser
import Foundation
import TandemApp

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite database to a file while the server runs, and check the copy.",
        discussion: "Uses SQLite's VACUUM INTO: one consistent snapshot, compacted, written beside FILE and renamed once it passes the integrity check. On PostgreSQL it explains pg_dump instead."
    )

    @OptionGroup var storage: StorageOptions
    @Argument(help: "The backup file to write (must not exist).") var file: String
    @Flag(help: "Also print a checksum of each table's rows (reads every row; slower on big workspaces).") var checksums = false

    func run() async throws {
        let config = try storage.config()
        do {
            let started = Date()
            let report = try await DatabaseBackup.backup(config: config, to: file, checksums: checksums)
            BackupOutput.print(report, verb: "Backed up", seconds: Date().timeIntervalSince(started), checksums: checksums)
        } catch let failure as DatabaseBackup.Failure {
            throw ValidationError(failure.message)
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into an empty data directory, and check it.",
        discussion: "Refuses a data directory that holds anything, so a workspace is never overwritten. On PostgreSQL it explains pg_restore instead."
    )

    @OptionGroup var storage: StorageOptions
    @Argument(help: "A file written by tandem backup.") var file: String
    @Flag(help: "Also compare a checksum of each table's rows between the backup and the restored copy.") var checksums = false

    func run() async throws {
        let config = try storage.config()
        do {
            let started = Date()
            let report = try await DatabaseBackup.restore(config: config, from: file, checksums: checksums)
            BackupOutput.print(report, verb: "Restored", seconds: Date().timeIntervalSince(started), checksums: checksums)
            print("Start the server with the same --data-dir to use it.")
        } catch let failure as DatabaseBackup.Failure {
            throw ValidationError(failure.message)
        }
    }
}

enum BackupOutput {
    static func print(_ report: DatabaseBackup.Report, verb: String, seconds: Double, checksums: Bool) {
        Swift.print(String(format: "%@ %d rows in %d tables to %@ (%.1f MB) in %.1f s; integrity check: ok.", verb, report.rows, report.tables.count,
                           report.path, Double(report.bytes) / 1_000_000, seconds))
        for table in report.tables where table.rows > 0 || checksums {
            Swift.print("  \(table.table.padding(toLength: 32, withPad: " ", startingAt: 0)) \(String(table.rows).leftPadded(10))\(table.checksum.map { "  \($0)" } ?? "")")
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
