import Foundation
import Testing
import Vapor
import VaporTesting
@testable import TandemApp

/// What schemathesis (scripts/api-fuzz.sh) found, kept fixed.
@Suite struct APIFuzzFindingsTests {
    /// The document says a repeat-contact window is at least one day; a PUT with 0 was saved and
    /// every later GET answered outside the schema.
    @Test(arguments: TestDatabase.all)
    func a_repeat_contact_window_of_zero_days_is_refused(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.admin)
            let current = try await api.send(.GET, "/api/v1/performance/settings").text
            let zero = current.replacingOccurrences(of: #""repeatContactWindowDays":\s*\d+"#, with: #""repeatContactWindowDays":0"#, options: .regularExpression)
            #expect(zero != current)
            let refused = try await api.send(.PUT, "/api/v1/performance/settings", json: zero)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("repeatContactWindowDays"))
            let after = try await api.send(.GET, "/api/v1/performance/settings").text
            #expect(!after.contains(#""repeatContactWindowDays":0"#), "nothing changed")
            let week = current.replacingOccurrences(of: #""repeatContactWindowDays":\s*\d+"#, with: #""repeatContactWindowDays":7"#, options: .regularExpression)
            #expect(try await api.send(.PUT, "/api/v1/performance/settings", json: week).status == .ok)
        }
    }

    /// An evaluation template whose scale reaches ±1.8e308 was answered by a crash (a Double too
    /// large for Int); it is now refused or described, and the server stays up.
    @Test(arguments: TestDatabase.all)
    func a_template_with_an_enormous_scale_does_not_take_the_server_down(_ engine: TestDatabase) async throws {
        try await withApp(engine) { app in
            let ws = try await Workspace.make(on: app)
            let api = try await APIClient.forUser(app, ws.admin)
            let body = #"{"name": "Huge", "criteria": [{"name": "Fit", "weight": 1, "scaleMin": -1.7976931348623157e308, "scaleMax": 1.7976931348623157e308}]}"#
            let answer = try await api.send(.POST, "/api/v1/evaluation-templates", json: body)
            #expect(answer.status.code < 500, "\(answer.status) \(answer.text)")
            #expect(try await api.send(.GET, "/api/v1/partners").status == .ok)
        }
    }
}
