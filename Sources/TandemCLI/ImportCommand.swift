import ArgumentParser
import Foundation
import TandemApp

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import performance data.", subcommands: [Contacts.self, QA.self, Roster.self])

    struct Contacts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import contacts from a CSV or JSON Lines file, or from a contact-centre platform's own export (--preset).",
            discussion: """
            A file with any bad row imports nothing (every bad row is listed with its line, field and reason) unless \
            --accept-valid is given. The file is one transaction: stopped part-way, nothing is stored; run it again. \
            (source, external_id) is unique, so re-importing a file updates its contacts instead of duplicating them.

            --preset amazon-connect|zendesk|genesys|nice-cxone reads the platform's export as it is (docs/import-presets.md); \
            several files (Zendesk pages, metrics and ratings; Genesys details and their lookup) make one import. \
            --preset-settings says how teams and Tandem queues are found (team=queue;team.Billing_DE=Alpha;queue.Billing_DE=billing…, \
            or a file holding one setting per line); saved for the source.
            """
        )

        @OptionGroup var storage: StorageOptions
        @Argument(help: "The file (.csv, or .jsonl for JSON Lines); with --preset, one or more files.") var files: [String]
        @Option(help: "The system the file comes from, e.g. genesys.") var source: String
        @Option(help: "csv or jsonl (default: from the file name).") var format: String?
        @Option(help: "Column mapping: field=Column,… or a JSON file; saved for the source.") var mapping: String?
        @Option(help: "Read a platform's own export: amazon-connect, zendesk, genesys or nice-cxone.") var preset: String?
        @Option(help: "With --preset: settings (key=value;…) or a file of them; saved for the source.") var presetSettings: String?
        @Flag(help: "Store the valid rows even if some rows are bad.") var acceptValid = false
        @Option(help: "With --accept-valid: write the rejected rows (line, field, reason) to this CSV file.") var rejects: String?

        func validate() throws {
            if preset == nil {
                guard files.count == 1 else { throw ValidationError("Give one file, or several with --preset.") }
                guard presetSettings == nil else { throw ValidationError("--preset-settings needs --preset.") }
            } else {
                guard format == nil, mapping == nil else { throw ValidationError("--format and --mapping are for generic files; a preset reads its platform's export.") }
            }
        }

        func run() async throws {
            let config = try storage.config()
            LoggingSetup.bootstrap(.warning)
            let bar = ProgressBar()
            let report: ImportOperations.ImportReport
            do {
                report = try await TandemRuntime.withApp(config) { app in
                    if let preset {
                        return try await ImportOperations.presetContacts(app, paths: files, source: source, preset: preset, settings: presetSettings,
                                                                         acceptValid: acceptValid, rejectsPath: rejects) { bar.update($0) }
                    }
                    return try await ImportOperations.contacts(app, path: files[0], source: source, format: format, mapping: mapping,
                                                               acceptValid: acceptValid, rejectsPath: rejects) { bar.update($0) }
                }
            } catch let error as OperatorError {
                throw ValidationError(error.message)
            }
            bar.finish()
            for issue in report.issues.prefix(50) { FileHandle.standardError.write(Data("  \(issue)\n".utf8)) }
            if report.issues.count > 50 || report.rejected > report.issues.count {
                FileHandle.standardError.write(Data("  … \(report.rejected) rejected rows in all\(rejects.map { "; see \($0)" } ?? "; use --accept-valid --rejects FILE for the full list")\n".utf8))
            }
            let rate = report.seconds > 0 ? Double(report.rowsRead) / report.seconds : 0
            print("\(report.status): \(report.message)")
            print(String(format: "%d %@ in %.1f s (%.0f/s): %d new, %d updated, %d rejected%@.",
                         report.rowsRead, preset == nil ? "rows" : "records", report.seconds, rate, report.inserted, report.updated, report.rejected,
                         preset == nil ? "" : ", \(report.skipped) skipped, \(report.deleted) deleted"))
            if report.status != .succeeded { throw ExitCode(2) }
        }
    }
}

extension ImportCommand {
    struct QA: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "qa",
            abstract: "Import QA evaluations from a CSV or JSON Lines file (one row per evaluation item).",
            discussion: """
            Columns (CSV header, or JSON Lines keys; names ignore case): evaluation_id, team, agent, evaluator, date (YYYY-MM-DD), \
            section, section_weight, item, item_points, answer, auto_fail. Required: evaluation_id, team, agent, date, section, \
            section_weight, answer. The evaluation's fields repeat on each of its rows. answer is the points earned (0 to \
            item_points), yes (all of them), no (none) or N/A (left out of the section); an auto-fail item (auto_fail true, no \
            points) is answered fail (the evaluation scores 0), pass or N/A. Score: the weighted mean of the section scores \
            (earned ÷ possible over the items not N/A). A file with any bad row imports nothing (every bad row is listed with \
            its line, field and reason) unless --accept-valid is given, which stores the complete valid evaluations; an \
            evaluation with a bad row is left out whole. (source, evaluation_id) is unique: importing again updates. \
            See docs/qa-import.md.
            """
        )

        @OptionGroup var storage: StorageOptions
        @Argument(help: "The file (.csv, or .jsonl for JSON Lines).") var file: String
        @Option(help: "The system the file comes from, e.g. the QA tool's name.") var source: String
        @Option(help: "csv or jsonl (default: from the file name).") var format: String?
        @Flag(help: "Store the complete valid evaluations even if some rows are bad.") var acceptValid = false
        @Option(help: "Write every rejected row (line, field, reason) to this CSV file.") var rejects: String?

        func run() async throws {
            let config = try storage.config()
            LoggingSetup.bootstrap(.warning)
            let report: ImportOperations.ImportReport
            do {
                report = try await TandemRuntime.withApp(config) { app in
                    try await ImportOperations.qa(app, path: file, source: source, format: format, acceptValid: acceptValid, rejectsPath: rejects)
                }
            } catch let error as OperatorError {
                throw ValidationError(error.message)
            }
            for issue in report.issues.prefix(50) { FileHandle.standardError.write(Data("  \(issue)\n".utf8)) }
            if report.issues.count > 50 {
                FileHandle.standardError.write(Data("  … \(report.issues.count) issues in all\(rejects.map { "; see \($0)" } ?? "; use --rejects FILE for the full list")\n".utf8))
            }
            print("\(report.status): \(report.message)")
            print("\(report.rowsRead) rows read: \(report.inserted) new and \(report.updated) updated evaluations, \(report.rejected) rows rejected.")
            if report.status != .succeeded { throw ExitCode(2) }
        }
    }
}

extension ImportCommand {
    /// The front line's roster file (issue 16).
    struct Roster: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "roster",
            abstract: "Import a team's agent roster from a CSV file.",
            discussion: """
            Columns (header names ignore case): agent_id (as in contact and QA files), name, start_date (YYYY-MM-DD), status \
            (nesting, production, leave, left) are required; site (one of the team's sites), queues (queue ids separated by ;), \
            leave_date (only with status left) and leave_reason are optional. A file with any bad row changes nothing and every \
            issue is listed by line and field. Importing again updates agents by agent_id; agents missing from the file are \
            listed, never deleted. See docs/front-line.md.
            """
        )

        @OptionGroup var storage: StorageOptions
        @Argument(help: "The roster CSV file.") var file: String
        @Option(help: "The team the roster belongs to (a partner's name, or the in-house team's).") var team: String

        func run() async throws {
            let config = try storage.config()
            LoggingSetup.bootstrap(.warning)
            let report: RosterOperations.Report
            do {
                report = try await TandemRuntime.withApp(config) { app in
                    try await RosterOperations.importRoster(app, path: file, team: team)
                }
            } catch let error as OperatorError {
                throw ValidationError(error.message)
            }
            for issue in report.issues { FileHandle.standardError.write(Data("  \(issue)\n".utf8)) }
            print("\(report.status): \(report.message)")
            if report.status != "succeeded" { throw ExitCode(2) }
        }
    }
}

/// A progress bar on standard error, redrawn at most ten times a second.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private let started = Date()
    private var drawn = false
    private var phase = ""
    /// When each phase was first reported, in order (benchmarks print them).
    private(set) var phaseStarts: [(phase: String, at: Date)] = []

    func update(_ progress: ImportOperations.ImportProgressSnapshot) {
        lock.withLock {
            let now = Date()
            let newPhase = progress.phase != phase
            if newPhase {
                phase = progress.phase
                phaseStarts.append((phase, now))
            }
            guard newPhase || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            drawn = true
            let fraction = progress.bytesTotal > 0 ? min(1, Double(progress.bytesRead) / Double(progress.bytesTotal)) : 0
            let width = 30
            let filled = Int(fraction * Double(width))
            let elapsed = now.timeIntervalSince(started)
            let rate = elapsed > 0 ? Double(progress.rowsRead) / elapsed : 0
            let line = String(format: "\r[%@%@] %3.0f%%  %d rows  %.0f rows/s  %@\u{1B}[K", String(repeating: "#", count: filled),
                              String(repeating: " ", count: width - filled), fraction * 100, progress.rowsRead, rate, progress.phase)
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    func finish() {
        lock.withLock { if drawn { FileHandle.standardError.write(Data("\n".utf8)) } }
    }
}
