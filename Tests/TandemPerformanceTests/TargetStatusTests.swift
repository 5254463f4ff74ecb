import Testing
import TandemPerformance

@Suite struct TargetStatusTests {
    @Test func higher_is_better_band_lies_below_the_target() {
        // target 100, 5 % band → near from 95 (inclusive) to 100 (exclusive)
        let target = KPITarget(target: 100, direction: .higherIsBetter)

        #expect(target.status(of: 120) == .met)
        #expect(target.status(of: 100) == .met)
        #expect(target.status(of: 99) == .near)
        #expect(target.status(of: 95) == .near)
        #expect(target.status(of: 94.9) == .missed)
    }

    @Test func lower_is_better_band_lies_above_the_target() {
        // ASA target 30 s, 5 % band → near above 30 up to 31.5 (inclusive)
        let target = KPITarget(target: 30, direction: .lowerIsBetter)

        #expect(target.status(of: 12) == .met)
        #expect(target.status(of: 30) == .met)
        #expect(target.status(of: 31.5) == .near)
        #expect(target.status(of: 31.6) == .missed)
    }

    @Test func the_band_is_configurable() {
        let wide = KPITarget(target: 0.8, direction: .higherIsBetter, nearBand: .relative(0.25))   // width 0.2
        let none = KPITarget(target: 0.8, direction: .higherIsBetter, nearBand: .relative(0))

        #expect(wide.status(of: 0.65) == .near)
        #expect(wide.status(of: 0.55) == .missed)
        #expect(none.status(of: 0.79) == .missed)
    }

    @Test func relative_bands_use_the_size_of_a_negative_target() {
        // NPS target −10, 10 % of |−10| = 1 point
        let target = KPITarget(target: -10, direction: .higherIsBetter, nearBand: .relative(0.1))

        #expect(target.status(of: -10.5) == .near)
        #expect(target.status(of: -11.5) == .missed)
    }

    @Test func an_absolute_band_works_at_a_zero_target() {
        // relative 5 % of 0 is 0 wide; 2 points absolute is not
        #expect(KPITarget(target: 0, direction: .higherIsBetter).status(of: -1) == .missed)
        #expect(KPITarget(target: 0, direction: .higherIsBetter, nearBand: .absolute(2)).status(of: -2) == .near)
    }

    @Test func only_trustworthy_results_get_a_status() {
        let target = KPITarget(target: 0.8, direction: .higherIsBetter)
        let enough = kpis(mixedQueue, KPISettings(minimumSample: 1)).serviceLevel   // 2/7 ≈ 0.29
        let tooFew = kpis(mixedQueue).serviceLevel
        let none = kpis([]).serviceLevel

        #expect(target.status(of: enough) == .missed)
        #expect(target.status(of: tooFew) == nil)
        #expect(target.status(of: none) == nil)
    }
}
