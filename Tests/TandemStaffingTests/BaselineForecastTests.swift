import Foundation
import Testing
@testable import TandemStaffing

@Suite struct BaselineForecastTests {
    @Test func hand_worked_two_interval_week() throws {
        // Weeks: [10, 30] and [20, 60]. Shape = (30, 90) ÷ 120 = (¼, ¾).
        let recent = try BaselineForecast.forecast(volumes: [10, 30, 20, 60], handleSeconds: [1_000, 6_000, 2_000, 9_000],
                                                   intervalsPerWeek: 2, options: .init(shapeWeeks: 4, levelWeeks: 1))
        #expect(recent.map(\.contacts) == [20, 60])  // level = last week's 80
        #expect(recent[0].ahtSeconds == 100)  // 3000 s ÷ 30 contacts
        #expect(abs(recent[1].ahtSeconds - 15_000.0 / 90) < 1e-12)
        let smoothed = try BaselineForecast.forecast(volumes: [10, 30, 20, 60], intervalsPerWeek: 2, horizonWeeks: 2,
                                                     options: .init(shapeWeeks: 4, levelWeeks: 2))
        #expect(smoothed.map(\.contacts) == [15, 45, 15, 45])  // level = mean of 40 and 80
    }

    /// A week of 30-minute intervals with a day/night curve and a quieter weekend.
    static func shape() -> [Double] {
        (0..<336).map { k in
            let day = k / 48, slot = Double(k % 48)
            let curve = max(0.05, sin((slot - 14) / 34 * .pi))
            return curve * (day >= 5 ? 0.6 : 1)
        }
    }

    static func history(weeks: Int, level: (Int) -> Double, noise: Double, seed: UInt64) -> [Double] {
        let shape = shape()
        let total = shape.reduce(0, +)
        var generator = SplitMix64(seed: seed)
        return (0..<weeks).flatMap { week in
            shape.map { $0 / total * level(week) * (1 + noise * (2 * generator.nextUnitInterval() - 1)) }
        }
    }

    @Test func recovers_a_noise_free_pattern_at_its_new_level() throws {
        // Six weeks at 10,000 contacts, then the level steps up to 12,000.
        let history = Self.history(weeks: 9, level: { $0 < 6 ? 10_000 : 12_000 }, noise: 0, seed: 1)
        let test = try BaselineForecast.backtest(volumes: history, intervalsPerWeek: 336, holdoutWeeks: 1)
        #expect(test.wape! < 1e-12)
        #expect(abs(test.forecast.reduce(0, +) - 12_000) < 1e-6)
    }

    @Test func noisy_history_scores_about_its_noise() throws {
        // ±20% uniform noise per interval: the mean absolute error of the truth is ~10%;
        // a forecast averaging four weeks lands near it.
        let history = Self.history(weeks: 10, level: { _ in 8_000 }, noise: 0.2, seed: 7)
        let test = try BaselineForecast.backtest(volumes: history, intervalsPerWeek: 336, holdoutWeeks: 2)
        let wape = try #require(test.wape)
        #expect(wape > 0.08 && wape < 0.14, "WAPE \(wape)")
        // The same weeks scored against last week's values only (a naive forecast) do worse.
        let naive = BaselineForecast.wape(actual: Array(history[(8 * 336)...]), forecast: Array(history[(7 * 336)..<(8 * 336)]) + Array(history[(7 * 336)..<(8 * 336)]))!
        #expect(wape < naive)
    }

    @Test func refuses_partial_weeks_and_bad_values() {
        #expect(throws: BaselineForecast.Failure.notWholeWeeks(intervals: 3, perWeek: 2)) {
            try BaselineForecast.forecast(volumes: [1, 2, 3], intervalsPerWeek: 2)
        }
        #expect(throws: BaselineForecast.Failure.badValue(index: 1)) {
            try BaselineForecast.forecast(volumes: [1, -2], intervalsPerWeek: 2)
        }
        #expect(BaselineForecast.wape(actual: [0, 0], forecast: [1, 1]) == nil)
    }
}
