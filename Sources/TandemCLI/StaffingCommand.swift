import ArgumentParser
import Foundation
import TandemApp

/// `tandem staffing …`: the Erlang calculator and forecast/schedule imports.
struct StaffingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staffing", abstract: "Agents needed per interval; import forecasts and schedules.",
        subcommands: [Calc.self, ImportForecast.self, ImportSchedule.self], defaultSubcommand: Calc.self
    )

    struct Calc: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One interval from flags, or every row of a forecast CSV (queue,interval_start,interval_minutes,contacts,aht_seconds).")

        @Option(help: "Contacts in the interval.") var contacts: String?
        @Option(help: "Average handle time in seconds.") var aht: String?
        @Option(help: "A forecast CSV instead of --contacts/--aht.") var forecast: String?
        @Option(help: "Interval length in minutes: 15, 30 or 60.") var intervalMinutes: String = "30"
        @Option(name: .customLong("sl"), help: "Service-level target in percent (empty for none).") var serviceLevel: String?
        @Option(help: "Service-level threshold T in seconds.") var threshold: String = "20"
        @Option(help: "Maximum ASA in seconds.") var maxAsa: String?
        @Option(help: "Maximum occupancy in percent.") var maxOccupancy: String?
        @Option(help: "Mean patience in seconds (Erlang A).") var patience: String?
        @Option(help: "Shrinkage in percent.") var shrinkage: String = "30"
        @Option(help: "Simultaneous chats per agent.") var concurrency: String = "1"
        @Option(help: "Concurrency efficiency in percent.") var efficiency: String = "100"
        @Flag(help: "Deferred work (email, back office): agents = workload ÷ max occupancy.") var deferred = false

        /// The flags under the names the API and the web calculator use.
        var values: [String: String] {
            var v: [String: String] = ["intervalMinutes": intervalMinutes, "thresholdSeconds": threshold, "shrinkagePercent": shrinkage,
                                       "concurrency": concurrency, "efficiencyPercent": efficiency, "deferred": deferred ? "true" : ""]
            v["contacts"] = contacts
            v["ahtSeconds"] = aht
            v["serviceLevelPercent"] = serviceLevel
            v["maxASASeconds"] = maxAsa
            v["maxOccupancyPercent"] = maxOccupancy
            v["patienceSeconds"] = patience
            return v
        }

        func run() async throws {
            do {
                if let forecast {
                    guard let data = FileManager.default.contents(atPath: forecast) else { throw ValidationError("Cannot read \(forecast).") }
                    print(try StaffingOperations.forecastTable(csv: String(decoding: data, as: UTF8.self), fileName: (forecast as NSString).lastPathComponent, values))
                } else {
                    print(try StaffingOperations.calculation(values))
                }
            } catch let error as OperatorError {
                throw ValidationError(error.message)
            }
        }
    }

    struct ImportForecast: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import-forecast", abstract: "Import a forecast CSV into the workspace (all rows or nothing).")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "CSV with queue,interval_start,interval_minutes,contacts,aht_seconds.") var file: String

        func run() async throws {
            let config = try storage.config()
            LoggingSetup.bootstrap(.warning)
            do { print(try await TandemRuntime.withApp(config) { app in try await StaffingOperations.importFile(app, kind: "forecast", path: file) }) }
            catch let error as OperatorError { throw ValidationError(error.message) }
        }
    }

    struct ImportSchedule: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import-schedule", abstract: "Import a schedule CSV into the workspace (all rows or nothing).")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "CSV with team,queue,interval_start,interval_minutes,agents.") var file: String

        func run() async throws {
            let config = try storage.config()
            LoggingSetup.bootstrap(.warning)
            do { print(try await TandemRuntime.withApp(config) { app in try await StaffingOperations.importFile(app, kind: "schedule", path: file) }) }
            catch let error as OperatorError { throw ValidationError(error.message) }
        }
    }
}
