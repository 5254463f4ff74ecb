import ArgumentParser
import Foundation
import TandemApp

struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sessions", abstract: "Sign-in sessions.", subcommands: [Purge.self])

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete expired sign-in sessions.",
            discussion: "A session expires 12 hours after its last use. Every running server also purges hourly; this does it now."
        )

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let config = try storage.config()
            LoggingSetup.bootstrap(.warning)
            let purged = try await TandemRuntime.withApp(config) { app in try await UserOperations.purgeExpiredSessions(app) }
            print("Purged \(purged) expired session\(purged == 1 ? "" : "s").")
        }
    }
}
