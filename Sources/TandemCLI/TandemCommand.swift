import ArgumentParser
import Foundation
import Logging
import TandemApp

/// `tandem`: run and operate a Tandem workspace.
public struct TandemCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Run the partnerships that staff your customer service with outsourcing partners.",
        version: TandemVersion.current,
        subcommands: [ServeCommand.self, MigrateCommand.self, UsersCommand.self, DemoCommand.self, ImportCommand.self, GenerateCommand.self, BenchCommand.self, QBRCommand.self, StaffingCommand.self, SessionsCommand.self,
                      BackupCommand.self, RestoreCommand.self, InvoicesCommand.self],
        defaultSubcommand: ServeCommand.self
    )

    public init() {}
}

/// Where the data lives; flags win over environment variables.
struct StorageOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Folder for the SQLite database (env TANDEM_DATA_DIR; default ./data).")
    var dataDirectory: String?

    @Option(name: .customLong("database-url"), help: "PostgreSQL URL (env DATABASE_URL). Without it, SQLite in the data folder.")
    var databaseURL: String?

    func config(hostname: String? = nil, port: Int? = nil) throws -> TandemConfig {
        do {
            return try TandemConfig.load(overrides: .init(dataDirectory: dataDirectory, hostname: hostname, port: port, databaseURL: databaseURL))
        } catch {
            throw ValidationError(error.description)
        }
    }
}

enum LoggingSetup {
    /// Called once per process, before any app is built. `TANDEM_LOG_FORMAT=json` writes one
    /// JSON object per line to standard output instead.
    static func bootstrap(_ level: Logger.Level, format: LogFormat = .text) {
        if format == .json {
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
            return
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

func printLogins(_ logins: [DemoWorkspace.Login]) {
    print("Demo sign-ins (password for all: \(DemoWorkspace.password)):")
    for login in logins {
        print("  \(login.role.padding(toLength: 28, withPad: " ", startingAt: 0)) \(login.email.padding(toLength: 32, withPad: " ", startingAt: 0)) sees \(login.sees)")
    }
}

extension TandemCommand {
    /// Parses the process arguments and runs the chosen subcommand, async or not.
    public static func runFromCommandLine() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
