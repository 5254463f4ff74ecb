import Testing
import TandemPerformance

@Suite struct FlagFCRTests {
    @Test func resolved_over_handled_with_a_known_flag() {
        let fcr = kpis(mixedQueue).firstContactResolution

        // handled flags true, false, nil, true → 2 ÷ 3; the abandoned contact's `true` is not counted
        #expect(fcr.numerator == 2)
        #expect(fcr.denominator == 3)
        #expect(isClose(fcr.value, 2.0 / 3.0))
        #expect(fcr.formula == "resolved on first contact ÷ handled with a known flag")
    }

    @Test func no_known_flag_no_data() {
        let fcr = kpis([answered(wait: 5), answered(wait: 8)]).firstContactResolution

        #expect(fcr.status == .noData)
    }
}
