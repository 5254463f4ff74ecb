import ArgumentParser
import Foundation
import TandemApp

/// `tandem bench …`: timings of the pure engines on fixed workloads. Each area adds its own
/// subcommand to the list below.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Time the engines on reproducible workloads.",
        subcommands: [
            BenchStaffing.self,
        ]
    )
}

struct BenchStaffing: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "staffing", abstract: "Required agents for 100,000 mixed intervals (Erlang C, plus Erlang A on 10,000).")

    @Option(help: "How many intervals.") var intervals: Int = 100_000
    @Option(help: "Workload seed.") var seed: UInt64 = 20_240_601
    @Option(help: "Also write the workload and its answers to this CSV (for scripts/compare_erlang_peers.py).") var writeWorkload: String?

    func run() throws {
        guard intervals > 0 else { throw ValidationError("--intervals must be at least 1") }
        if let writeWorkload {
            try TandemRuntime.writeStaffingWorkload(intervals: intervals, seed: seed, to: writeWorkload)
            print("Wrote \(intervals) intervals to \(writeWorkload).")
        }
        for line in try TandemRuntime.benchStaffing(intervals: intervals, seed: seed).lines { print(line) }
    }
}
