import Testing
@testable import TandemStaffing

/// Every row of shared/oracles/erlang_a.csv: every metric column at n_agents and both
/// required-agent columns (θ = inf rows exercise the Erlang C limit).
@Suite struct ErlangAOracleTests {
    let table: OracleTable

    init() throws { table = try OracleTable("erlang_a") }

    @Test func table_is_complete() {
        #expect(table.rows.count == 96)
        #expect(table.rows.contains { $0.double("patience_s").isInfinite })
    }

    @Test(arguments: [20.0, 30.0])
    func metrics_match_every_row(withinSeconds: Double) throws {
        let threshold = Int(withinSeconds)
        for row in table.rows {
            let metrics = try ErlangA.metrics(
                trafficErlangs: row.double("traffic_erlangs"), ahtSeconds: row.double("aht_s"),
                patienceSeconds: row.double("patience_s"), agents: row.int("n_agents"), answerWithinSeconds: withinSeconds
            )
            let where_ = "erlang_a.csv row \(row.number) (T = \(threshold) s)"
            let expected: [(String, Double)] = [
                ("p_wait", metrics.probabilityOfWaiting),
                ("p_abandon", metrics.probabilityOfAbandoning),
                ("occupancy", metrics.occupancy),
                ("asa_answered_s", metrics.asaSeconds),
                ("asa_all_s", metrics.meanWaitAllSeconds),
                ("sl_offered_\(threshold)", metrics.serviceLevel),
                ("sl_answered_\(threshold)", metrics.serviceLevelOfAnswered),
            ]
            for (column, actual) in expected {
                #expect(close(actual, row.double(column)), "\(where_): \(column) got \(actual), want \(row.double(column))")
            }
        }
    }

    @Test func required_agents_match_every_row() throws {
        for row in table.rows {
            for (fraction, within, column) in [(0.8, 20.0, "required_agents_80_20"), (0.9, 30.0, "required_agents_90_30")] {
                let requirement = try ErlangA.requiredAgents(
                    trafficErlangs: row.double("traffic_erlangs"), ahtSeconds: row.double("aht_s"),
                    patienceSeconds: row.double("patience_s"), target: .serviceLevel(fraction, withinSeconds: within)
                )
                #expect(requirement.agents == row.int(column), "erlang_a.csv row \(row.number): \(column) got \(requirement.agents)")
            }
        }
    }

    /// The oracle README's warning: with abandonment, fewer agents than Erlangs can meet a
    /// target, and a search clamped at ⌈A⌉ would overstaff these rows.
    @Test func some_targets_need_fewer_agents_than_erlangs() throws {
        let below = table.rows.filter { Double($0.int("required_agents_80_20")) < $0.double("traffic_erlangs") }
        #expect(below.count >= 10)
        let requirement = try ErlangA.requiredAgents(
            trafficErlangs: 100, ahtSeconds: 600, patienceSeconds: 30, target: .serviceLevel(0.8, withinSeconds: 20)
        )
        #expect(requirement.agents == 88)  // erlang_a.csv: 300 calls, AHT 600 s, θ 30 s
    }
}
