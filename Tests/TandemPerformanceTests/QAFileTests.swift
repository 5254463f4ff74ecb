import Testing
@testable import TandemPerformance

@Suite struct QAFileTests {
    static let header = "evaluation_id,team,agent,date,section,section_weight,item,item_points,answer,auto_fail\n"

    static func assemble(_ text: String) throws -> QAFileAssembler.Outcome {
        var reader = try QAFileReader(MemoryChunkSource(text), format: .csv)
        var assembler = QAFileAssembler { $0.lowercased() == "alpha" ? .init(id: "A", name: "Alpha") : nil }
        while let row = try reader.next() { assembler.add(row) }
        return assembler.finish()
    }

    @Test func dates_are_real_calendar_days() {
        #expect(QAFileAssembler.day("2028-02-29")?.description == "2028-02-29")
        #expect(QAFileAssembler.day("2026-02-29") == nil)
        #expect(QAFileAssembler.day("2026-3-01") == nil)
        #expect(QAFileAssembler.day("2026-03-01T00:00:00Z") == nil)
    }

    @Test func yes_no_points_and_NA_answers_make_the_items() throws {
        // Section w1: yes of 4, no of 2, 1.5 of 3, N/A → (4 + 0 + 1.5) ÷ (4 + 2 + 3) = 5.5 ÷ 9
        let outcome = try Self.assemble(Self.header + """
        e1,alpha,ag,2026-03-03,S,1,a,4,yes,
        e1,alpha,ag,2026-03-03,S,1,b,2,no,
        e1,alpha,ag,2026-03-03,S,1,c,3,1.5,
        e1,alpha,ag,2026-03-03,S,1,d,,N/A,
        e1,alpha,ag,2026-03-03,S,1,e,,FAIL,true
        """)

        #expect(outcome.issues.isEmpty && outcome.rowsRead == 5)
        let evaluation = try #require(outcome.evaluations.first)
        #expect(evaluation.teamID == "A" && evaluation.day.description == "2026-03-03" && evaluation.evaluator == "")
        #expect(evaluation.sections == [QASection(name: "S", weight: 1, items: [
            .scored(earned: 4, possible: 4), .scored(earned: 0, possible: 2), .scored(earned: 1.5, possible: 3), .notApplicable, .autoFail(triggered: true),
        ])])
        #expect(evaluation.evaluation.score == 0, "the auto-fail item failed")
    }

    @Test func an_auto_fail_item_is_worth_no_points() throws {
        let outcome = try Self.assemble(Self.header + "e1,alpha,ag,2026-03-03,S,1,a,5,pass,true\n")
        #expect(outcome.evaluations.isEmpty)
        #expect(outcome.issues == [RowIssue(line: 2, field: "item_points", reason: "is 5, but an auto-fail item is worth no points (leave it empty)")])
    }
}
