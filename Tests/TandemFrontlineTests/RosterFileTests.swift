import Testing
import TandemFrontline
import TandemPerformance

@Suite struct RosterFileTests {
    @Test func reads_a_roster_with_queues_and_a_leaver() {
        let csv = """
        Agent_ID , name,site,start_date,queues,status,leave_date,leave_reason
        H-001,Ana Reyes,Manila,2025-06-02,billing-voice;orders-chat,production,,
        H-002,Ben Cruz,Manila,2025-09-15,,left,2025-11-30,Better offer
        H-003,"Dela Cruz, Carla",,2026-02-16,billing-voice,nesting,,
        """

        let file = RosterFile.read(MemoryChunkSource(csv), teamID: "harborline")

        #expect(file.isAccepted)
        #expect(file.agents.map(\.agentID) == ["H-001", "H-002", "H-003"])
        #expect(file.agents[0].queues == ["billing-voice", "orders-chat"])
        #expect(file.agents[0].teamID == "harborline")
        #expect(file.agents[1].leaveDate == day("2025-11-30"))
        #expect(file.agents[1].leaveReason == "Better offer")
        #expect(file.agents[2].name == "Dela Cruz, Carla")
        #expect(file.agents[2].site == nil)
        #expect(file.agents[2].status == .nesting)
    }

    @Test func bad_rows_are_listed_by_line_and_field_and_nothing_is_kept() {
        let csv = """
        agent_id,name,start_date,status,leave_date
        H-001,Ana Reyes,2025-06-02,production,
        H-002,,2025-13-01,working,
        H-003,Carla,2025-09-15,left,
        H-004,Dan,2025-09-15,left,2025-09-01
        H-001,Ana again,2025-06-02,production,
        H-005,Eve,2025-09-15,production,2025-10-01
        H-006,Fay
        """

        let file = RosterFile.read(MemoryChunkSource(csv), teamID: "harborline")

        #expect(!file.isAccepted)
        #expect(file.agents.isEmpty)
        #expect(file.issues.map(\.description) == [
            "line 3, name: is required",
            "line 3, start_date: \"2025-13-01\" is not a date as YYYY-MM-DD",
            "line 3, status: \"working\" is not one of nesting, production, leave, left",
            "line 4, leave_date: is required when status is left",
            "line 5, leave_date: 2025-09-01 is before the start date 2025-09-15",
            "line 6, agent_id: \"H-001\" is already on line 2",
            "line 7, status: must be left when a leave date is given (it is production)",
            "line 8, row: has 2 columns; the header has 5",
        ])
    }

    @Test func a_header_without_required_columns_is_one_file_issue() {
        let file = RosterFile.read(MemoryChunkSource("agent_id,name\nH-1,Ana\n"), teamID: "t")

        #expect(file.issues.map(\.description) == ["line 1, file: the file header lacks start_date, status; it has agent_id, name"])
    }

    @Test func reimport_updates_by_id_and_lists_agents_missing_from_the_file() {
        let existing = [agent("A", start: "2025-01-06"), agent("B", start: "2025-01-06"), agent("C", start: "2025-02-03")]
        var leaver = agent("B", start: "2025-01-06", left: "2026-01-31")
        leaver.leaveReason = "Relocated"
        let incoming = [agent("A", start: "2025-01-06"), leaver, agent("D", start: "2026-03-02")]

        let changes = RosterChanges(existing: existing, incoming: incoming)

        #expect(changes.added.map(\.agentID) == ["D"])
        #expect(changes.updated.map(\.after.agentID) == ["B"])
        #expect(changes.updated.first?.changedFields == ["status", "leave_date", "leave_reason"])
        #expect(changes.unchangedCount == 1)
        #expect(changes.notInFile == ["C"])
    }

    @Test func unknown_agent_ids_are_listed_with_their_record_counts() {
        let links = AgentLinks(
            recordsPerAgent: ["A": 120, "B": 80, "X-9": 15, "x-1": 15, "Z": 40],
            recordsWithoutAgent: 7, roster: ["A", "B", "C"]
        )

        #expect(links.linkedRecords == 120 + 80)
        #expect(links.linkedAgents == 2)
        #expect(links.unknown.map(\.agentID) == ["Z", "X-9", "x-1"])
        #expect(links.unknownRecords == 40 + 15 + 15)
        #expect(links.recordsWithoutAgent == 7)
    }
}
