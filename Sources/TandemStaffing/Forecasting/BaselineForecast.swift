import Foundation

/// A baseline volume and AHT forecast from history: the weekly seasonal pattern
/// (interval-of-week shape) scaled to the recent level.
///
/// - shape[i] = Σ volume at interval-of-week i ÷ Σ volume, over the last `shapeWeeks` weeks;
/// - level = mean weekly volume over the last `levelWeeks` weeks;
/// - forecast[i] = shape[i] × level, repeated for each week of the horizon;
/// - AHT[i] = Σ handle seconds ÷ Σ contacts at interval-of-week i over the shape weeks
///   (the overall AHT where that interval had no contacts).
///
/// History is whole weeks, oldest first, starting at interval-of-week 0 (the first
/// interval of the plan week). It takes plain arrays so any source (imported contacts,
/// an ACD export) can feed it.
public enum BaselineForecast {
    public struct Options: Sendable, Equatable {
        public var shapeWeeks: Int
        public var levelWeeks: Int
        public init(shapeWeeks: Int = 4, levelWeeks: Int = 2) {
            self.shapeWeeks = shapeWeeks
            self.levelWeeks = levelWeeks
        }
    }

    public struct Interval: Sendable, Equatable {
        public let contacts: Double
        /// 0 when the interval has no contacts and no history to borrow from.
        public let ahtSeconds: Double
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case notWholeWeeks(intervals: Int, perWeek: Int)
        case mismatchedHandleTimes(volumes: Int, handleSeconds: Int)
        case badValue(index: Int)
        case badOption(String)

        public var description: String {
            switch self {
            case .notWholeWeeks(let count, let perWeek): "history has \(count) intervals: not whole weeks of \(perWeek)"
            case .mismatchedHandleTimes(let v, let h): "\(v) volumes but \(h) handle-time totals"
            case .badValue(let index): "history value \(index) is negative or not a number"
            case .badOption(let what): what
            }
        }
    }

    /// `volumes[k]` contacts in interval k; `handleSeconds[k]` their total handle time.
    public static func forecast(
        volumes: [Double], handleSeconds: [Double]? = nil, intervalsPerWeek: Int, horizonWeeks: Int = 1, options: Options = .init()
    ) throws(Failure) -> [Interval] {
        guard intervalsPerWeek > 0, horizonWeeks > 0, options.shapeWeeks > 0, options.levelWeeks > 0 else {
            throw .badOption("intervals per week, horizon and window lengths must be at least 1")
        }
        guard !volumes.isEmpty, volumes.count % intervalsPerWeek == 0 else {
            throw .notWholeWeeks(intervals: volumes.count, perWeek: intervalsPerWeek)
        }
        if let handleSeconds, handleSeconds.count != volumes.count {
            throw .mismatchedHandleTimes(volumes: volumes.count, handleSeconds: handleSeconds.count)
        }
        for (index, value) in volumes.enumerated() where !(value.isFinite && value >= 0) { throw .badValue(index: index) }
        if let handleSeconds {
            for (index, value) in handleSeconds.enumerated() where !(value.isFinite && value >= 0) { throw .badValue(index: index) }
        }
        let weeks = volumes.count / intervalsPerWeek
        let shapeFrom = max(0, weeks - options.shapeWeeks) * intervalsPerWeek
        let levelFrom = max(0, weeks - options.levelWeeks) * intervalsPerWeek

        var perInterval = [Double](repeating: 0, count: intervalsPerWeek)
        var handle = [Double](repeating: 0, count: intervalsPerWeek)
        for k in shapeFrom..<volumes.count {
            perInterval[k % intervalsPerWeek] += volumes[k]
            handle[k % intervalsPerWeek] += handleSeconds?[k] ?? 0
        }
        let shapeTotal = perInterval.reduce(0, +)
        let levelWeekCount = Double((volumes.count - levelFrom) / intervalsPerWeek)
        let level = volumes[levelFrom...].reduce(0, +) / levelWeekCount
        let overallAHT = shapeTotal > 0 ? handle.reduce(0, +) / shapeTotal : 0

        let week: [Interval] = (0..<intervalsPerWeek).map { i in
            let shape = shapeTotal > 0 ? perInterval[i] / shapeTotal : 0
            let aht = perInterval[i] > 0 ? handle[i] / perInterval[i] : overallAHT
            return Interval(contacts: shape * level, ahtSeconds: handleSeconds == nil ? 0 : aht)
        }
        return Array((0..<horizonWeeks).map { _ in week }.joined())
    }

    public struct Backtest: Sendable, Equatable {
        public let forecast: [Double]
        public let actual: [Double]
        /// Σ|actual − forecast| ÷ Σ actual; nil when the held-out weeks had no contacts.
        public let wape: Double?
    }

    /// Fits on all but the last `holdoutWeeks` weeks and scores the forecast of those weeks.
    public static func backtest(
        volumes: [Double], intervalsPerWeek: Int, holdoutWeeks: Int = 1, options: Options = .init()
    ) throws(Failure) -> Backtest {
        guard holdoutWeeks > 0, intervalsPerWeek > 0, volumes.count % intervalsPerWeek == 0,
              volumes.count / intervalsPerWeek > holdoutWeeks else {
            throw .badOption("a backtest needs at least one week of history before the \(holdoutWeeks) held-out week(s)")
        }
        let split = volumes.count - holdoutWeeks * intervalsPerWeek
        let predicted = try forecast(volumes: Array(volumes[..<split]), intervalsPerWeek: intervalsPerWeek,
                                     horizonWeeks: holdoutWeeks, options: options).map(\.contacts)
        let actual = Array(volumes[split...])
        return Backtest(forecast: predicted, actual: actual, wape: wape(actual: actual, forecast: predicted))
    }

    /// Weighted absolute percentage error: Σ|a − f| ÷ Σ a (nil when Σ a = 0).
    public static func wape(actual: [Double], forecast: [Double]) -> Double? {
        let total = actual.reduce(0, +)
        guard total > 0, actual.count == forecast.count else { return nil }
        return zip(actual, forecast).reduce(0) { $0 + abs($1.0 - $1.1) } / total
    }
}
