import Foundation
import Testing
import TandemRelationship

@Suite struct ICalendarTests {
    @Test func renders_rfc5545_with_escaping_folding_and_recurrence() {
        let start = Date(timeIntervalSince1970: 1_783_436_400) // 2026-07-07 15:00:00 UTC
        let text = ICalendar.render(name: "Tandem cadence", events: [
            CalendarEvent(uid: "series-1@tandem", summary: "Weekly sync; Meridian, CX", description: "Agenda:\nline two",
                          start: start, durationMinutes: 45, recurrence: MeetingCadence.biweekly.recurrence),
        ], stamp: start)
        let lines = text.components(separatedBy: "\r\n")
        #expect(text.hasSuffix("\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.contains("VERSION:2.0"))
        #expect(lines.contains("DTSTART:20260707T150000Z") && lines.contains("DURATION:PT45M"))
        #expect(lines.contains("RRULE:FREQ=WEEKLY;INTERVAL=2"))
        #expect(lines.contains("SUMMARY:Weekly sync\\; Meridian\\, CX"))
        #expect(lines.contains("DESCRIPTION:Agenda:\\nline two"))
        #expect(MeetingCadence.quarterly.recurrence.text == "FREQ=MONTHLY;INTERVAL=3")
    }

    @Test func folds_long_lines_at_75_octets_without_splitting_characters() {
        let line = "DESCRIPTION:" + String(repeating: "é", count: 60)
        let folded = ICalendar.fold(line).components(separatedBy: "\r\n")
        #expect(folded.count == 2)
        #expect(folded.allSatisfy { $0.utf8.count <= 75 })
        #expect(folded[1].hasPrefix(" "))
        #expect(folded.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined() == line)
    }
}
