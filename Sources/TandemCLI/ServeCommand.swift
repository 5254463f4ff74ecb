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
        LoggingSetup.bootstrap(config.logLevel, format: config.logFormat)
        try await TandemRuntime.withApp(config) { app in
            if demo {
                let result = try await DemoWorkspace.load(on: app)
                print(result.created ? "Demo workspace loaded." : "Demo workspace already loaded.")
                printLogins(result.logins)
            }
            let banner = "Tandem \(TandemVersion.current) on http://\(config.hostname):\(config.port) (\(config.database.engineName))"
            // JSON logs: every line on standard output is one JSON object, the banner too.
            if config.logFormat == .json { app.logger.notice("\(banner)") } else { print(banner) }
            try await TandemRuntime.serve(app)
        }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Create or update the database schema.")

    @OptionGroup var storage: StorageOptions
    @Flag(help: "SQLite: also rewrite a file made before 32 KiB pages with them (bulk imports write less). Stop the server first.")
    var repackPages = false

    func run() async throws {
        let config = try storage.config()
        if repackPages && config.database.engineName != "sqlite" {
            throw ValidationError("--repack-pages: only a SQLite database file has pages to repack")
        }
        LoggingSetup.bootstrap(config.logLevel)
        try await TandemRuntime.withApp(config, migrating: true) { _ in }
        print("Database is up to date (\(config.database.engineName)).")
        if repackPages {
            let started = Date()
            let before = try await TandemRuntime.repackPages(config)  // after the app closed its connections
            print(before.map { String(format: "Repacked the SQLite file from %d- to %d-byte pages in %.1f s.", $0, TandemRuntime.pageSize, Date().timeIntervalSince(started)) }
                  ?? "The SQLite file already has \(TandemRuntime.pageSize)-byte pages; nothing to repack.")
        }
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
