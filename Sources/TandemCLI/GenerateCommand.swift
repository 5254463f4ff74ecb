import ArgumentParser
import Foundation
import TandemApp

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate", abstract: "Write generated data files.", subcommands: [Contacts.self])

    struct Contacts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write deterministic generated contacts (CSV) for the demo teams and queues, at any size.",
            discussion: "Import them into a demo workspace with: tandem import contacts FILE --source generated"
        )
        @Option(help: "How many contacts.") var count: Int
        @Option(help: "Output CSV file.") var out: String
        @Option(help: "Seed: the same seed gives the same file.") var seed: UInt64 = 2026

        func run() async throws {
            guard count > 0 else { throw ValidationError("--count must be positive.") }
            let started = Date()
            let bytes = try GeneratedContactFile.write(count: count, to: out, seed: seed)
            print(String(format: "Wrote %d contacts (%.1f MB) to %@ in %.1f s.", count, Double(bytes) / 1_048_576, out, Date().timeIntervalSince(started)))
        }
    }
}
