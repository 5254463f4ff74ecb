import ArgumentParser
import Foundation
import TandemApp

/// `tandem qbr --partner NAME --quarter 2026-Q3 --out FILE.html`
struct QBRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "qbr", abstract: "Save a partner's quarterly business review pack as a printable HTML file.")

    @OptionGroup var storage: StorageOptions
    @Option(help: "The partner's name.") var partner: String
    @Option(help: "The quarter, e.g. 2026-Q3.") var quarter: String
    @Option(help: "Where to write the HTML file.") var out: String

    func run() async throws {
        let config = try storage.config()
        LoggingSetup.bootstrap(.warning)
        let html: String
        do {
            html = try await TandemRuntime.withApp(config) { app in try await QBROperations.document(app, partnerName: partner, quarter: quarter) }
        } catch let error as OperatorError {
            throw ValidationError(error.message)
        }
        try html.write(toFile: out, atomically: true, encoding: .utf8)
        print("Saved the \(quarter.uppercased()) QBR pack of \(partner) to \(out).")
    }
}
