import Testing
import TandemRelationship

@Suite struct RetryScheduleTests {
    @Test func backoff_doubles_is_capped_and_stops() {
        let schedule = RetrySchedule(baseSeconds: 30, capSeconds: 300, maxAttempts: 6)
        #expect((1...6).map { schedule.delay(afterAttempt: $0) } == [30, 60, 120, 240, 300, nil])
        #expect(RetrySchedule.standard.delay(afterAttempt: 5) == 480)
    }
}
