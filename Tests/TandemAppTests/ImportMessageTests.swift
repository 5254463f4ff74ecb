import Fluent
import Foundation
import TandemPerformance
import Testing
import Vapor
@testable import TandemApp

/// What a rejected file's run says (issue 17's corpus): the file named once, a bad byte with its offset.
@Suite struct ImportMessageTests {
    @Test(arguments: TestDatabase.all)
    func empty_and_non_utf8_files_are_named_once(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            _ = try await Workspace.make(on: app)
            let empty = try await Perf.importBytes(app, [])
            #expect(empty.status == .rejected)
            #expect(empty.message == "Nothing was imported: the file is empty: expected a header row.")
            #expect(empty.issueList == [RowIssue(line: 1, field: "file", reason: "is empty: expected a header row")])

            let latin1 = try await Perf.importBytes(app, Array("external_id,".utf8) + [0xE9] + Array("quipe,queue\n".utf8))
            #expect(latin1.message == "Nothing was imported: the file header row is not valid UTF-8: byte 0xE9 at byte offset 12 (save the file as UTF-8).")

            // A file cut in the middle of "ü": the row names the bad byte as well as its columns.
            var cut = Array((Perf.header + "\nc1,Alpha Support,Z").utf8)
            let offset = cut.count
            cut.append(0xC3)
            let truncated = try await Perf.importBytes(app, cut)
            #expect(truncated.status == .rejected)
            #expect(truncated.issueList.map(\.description) == [
                "line 2, row: is not valid UTF-8: byte 0xC3 at byte offset \(offset) of the file, and has 3 columns; the header has 14 (save the file as UTF-8)",
            ])

            let qa = try await QAImportService.importFile(MemoryChunkSource([]), fileName: "qa.csv", bytesTotal: 0, source: "qa", format: .csv,
                                                          options: .init(), by: .cli("test"), on: app.db)
            #expect(qa.message == "Nothing was imported: the file is empty: expected a header row.")
            #expect(try await Perf.contactCount(app) == 0)
        }
    }
}
