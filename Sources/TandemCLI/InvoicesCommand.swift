import ArgumentParser
import Foundation
import TandemApp

/// `tandem invoices …`: a partner's monthly invoice and the delivered hours it is reconciled against.
struct InvoicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoices", abstract: "Import partner invoices and delivered hours (all rows or nothing).",
        subcommands: [Import.self, DeliveredHours.self]
    )

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a partner's invoice CSV for a month as a draft (team,unit,quantity,rate[,channel,site,language,amount,description]).")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The invoice CSV.") var file: String
        @Option(help: "The partner's name, as on Partners.") var partner: String
        @Option(help: "The month invoiced, YYYY-MM.") var month: String

        func run() async throws {
            let config = try storage.config()
            LoggingSetup.bootstrap(.warning)
            do { print(try await TandemRuntime.withApp(config) { app in try await InvoiceOperations.importFile(app, path: file, partner: partner, month: month) }) }
            catch let error as OperatorError { throw ValidationError(error.message) }
        }
    }

    struct DeliveredHours: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delivered-hours",
            abstract: "Import delivered hours (team,agent,date,productive_hours,logged_hours[,scheduled_minutes,out_of_adherence_minutes]).")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The delivered-hours CSV.") var file: String

        func run() async throws {
            let config = try storage.config()
            LoggingSetup.bootstrap(.warning)
            do { print(try await TandemRuntime.withApp(config) { app in try await InvoiceOperations.importDeliveredHours(app, path: file) }) }
            catch let error as OperatorError { throw ValidationError(error.message) }
        }
    }
}
