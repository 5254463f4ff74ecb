import ArgumentParser
import Foundation
import TandemApp

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the web app and the JSON API (migrates first).")

    @OptionGroup var storage: StorageOptions

    @Option(name: .long, help: "Address to bind (env TANDEM_HOST; default 127.0.0.1).")
    var hostname: String?

    @Option(name: .long, help: "Port to bind (env TANDEM_PORT; default 8080).")
    var port: Int?

    @Flag(name: .long, help: "Load the demo workspace first (skipped if it is already there).")
    var demo = false

    func run() async throws {
        let config = try storage.config(hostname: hostname, port: port)
        LoggingSetup.bootstrap(config.logLevel)
        try await TandemRuntime.withApp(config) { app in
            if demo {
                let result = try await DemoWorkspace.load(on: app)
                print(result.created ? "Demo workspace loaded." : "Demo workspace already loaded.")
                printLogins(result.logins)
            }
            print("Tandem \(TandemVersion.current) on http://\(config.hostname):\(config.port) (\(config.database.engineName))")
            try await TandemRuntime.serve(app)
        }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or update the database schema.")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let config = try storage.config()
        LoggingSetup.bootstrap(config.logLevel)
        try await TandemRuntime.withApp(config, migrating: true) { _ in }
        print("Database is up to date (\(config.database.engineName)).")
    }
}

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Load the demo workspace: an in-house team, three partners, sites, contacts, queues and one sign-in per role.")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let config = try storage.config()
        LoggingSetup.bootstrap(.warning)
        let result = try await TandemRuntime.withApp(config) { app in try await DemoWorkspace.load(on: app) }
        print(result.created ? "Demo workspace loaded." : "Demo workspace was already loaded; nothing changed.")
        printLogins(result.logins)
    }
}
