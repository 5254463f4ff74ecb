import Testing
@testable import TandemStaffing

/// Every row of shared/oracles/erlang_c.csv: metrics at n_agents and required agents.
@Suite struct ErlangCOracleTests {
    let table: OracleTable

    init() throws { table = try OracleTable("erlang_c") }

    @Test func table_is_complete() {
        #expect(table.rows.count == 705)
    }

    @Test func traffic_matches_every_row() throws {
        for row in table.rows {
            let traffic = try Traffic.erlangs(
                contacts: row.double("calls_per_interval"), ahtSeconds: row.double("aht_s"),
                intervalSeconds: row.double("interval_s")
            )
            #expect(close(traffic, row.double("traffic_erlangs"), relative: 1e-15), "erlang_c.csv row \(row.number)")
        }
    }

    @Test func metrics_match_every_row() throws {
        for row in table.rows {
            let metrics = try ErlangC.metrics(
                trafficErlangs: row.double("traffic_erlangs"), ahtSeconds: row.double("aht_s"),
                agents: row.int("n_agents"), answerWithinSeconds: row.double("target_answer_s")
            )
            let where_ = "erlang_c.csv row \(row.number)"
            #expect(metrics.isStable, "\(where_)")
            #expect(close(metrics.probabilityOfWaiting, row.double("p_wait")), "\(where_): p_wait \(metrics.probabilityOfWaiting)")
            #expect(close(metrics.serviceLevel, row.double("service_level")), "\(where_): service_level \(metrics.serviceLevel)")
            #expect(close(metrics.asaSeconds, row.double("asa_s")), "\(where_): asa_s \(metrics.asaSeconds)")
            #expect(close(metrics.occupancy, row.double("occupancy")), "\(where_): occupancy \(metrics.occupancy)")
        }
    }

    @Test func required_agents_match_every_row() throws {
        for row in table.rows {
            let requirement = try ErlangC.requiredAgents(
                trafficErlangs: row.double("traffic_erlangs"), ahtSeconds: row.double("aht_s"),
                target: .serviceLevel(row.double("target_sl"), withinSeconds: row.double("target_answer_s"))
            )
            #expect(requirement.agents == row.int("required_agents"), "erlang_c.csv row \(row.number): got \(requirement.agents)")
            #expect(requirement.metrics.serviceLevel >= row.double("target_sl"), "erlang_c.csv row \(row.number)")
        }
    }
}
