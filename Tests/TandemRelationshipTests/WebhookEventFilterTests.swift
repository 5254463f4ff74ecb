import Testing
import TandemRelationship

@Suite struct WebhookEventFilterTests {
    @Test func exact_types_areas_and_star() throws {
        let filter = try WebhookEventFilter.parse("incident.*, alert.raised")
        #expect(filter.patterns == ["incident.*", "alert.raised"])
        #expect(filter.types == [.alertRaised, .incidentOpened, .incidentEscalationBreached])
        #expect(!filter.matches(.broadcastSent) && !filter.matches(.actionItemLate) && !filter.matches(.contractDeadline))
        #expect(filter.matches(.ping), "a test ping reaches every subscription")
        #expect(try WebhookEventFilter.parse("*").types.count == WebhookEventType.allCases.count - 1)
        #expect(try WebhookEventFilter.parse(" BROADCAST.*\nbroadcast.* ").patterns == ["broadcast.*"], "trimmed, lower-cased, once")
    }

    @Test func a_pattern_that_names_nothing_is_refused() {
        #expect(throws: WebhookEventFilter.InvalidPattern(pattern: "incident.closed")) { try WebhookEventFilter.parse("incident.opened, incident.closed") }
        #expect(throws: WebhookEventFilter.InvalidPattern(pattern: "")) { try WebhookEventFilter.parse(" , ") }
        #expect(throws: WebhookEventFilter.InvalidPattern(pattern: "incidents.*")) { try WebhookEventFilter.parse("incidents.*") }
    }
}
