import Foundation
import TandemFrontline
import TandemPerformance
import Vapor

/// A front-line figure on the wire: the value with how it was computed, over what period and on what sample.
struct FigureDTO: Content, Equatable {
    /// nil when there is nothing to compute from.
    let value: Double?
    /// "value", "not_enough_data" (value kept but not to be shown) or "no_data".
    let status: String
    /// What a page prints: the value, or "not enough data (n = 12 < 30)", or "no data".
    let display: String
    let unit: String
    let formula: String
    let arithmetic: String
    let period: String
    let sampleSize: Int
    let sampleUnit: String
    let minimumSample: Int

    init(_ f: FrontlineFigure) {
        value = f.value
        switch f.status {
        case .value:
            status = "value"
            display = FrontlineViews.format(f.value!, f.unit)
        case .notEnoughData(let size, let minimum):
            status = "not_enough_data"
            display = "not enough data (n = \(size) < \(minimum))"
        case .noData:
            status = "no_data"
            display = "no data"
        }
        unit = f.unit.rawValue
        formula = f.formula
        arithmetic = f.arithmetic
        period = f.period
        sampleSize = f.sampleSize
        sampleUnit = f.sampleUnit
        minimumSample = f.minimumSample
    }

    static let schema = JSONSchema.object([
        ("value", .nullable(.number)), ("status", .string(enumeration: ["value", "not_enough_data", "no_data"])), ("display", .string()),
        ("unit", .string(enumeration: ["fraction", "days", "seconds", "points", "ratio", "count"])), ("formula", .string()), ("arithmetic", .string()),
        ("period", .string()), ("sampleSize", .integer(minimum: 0)), ("sampleUnit", .string()), ("minimumSample", .integer(minimum: 0)),
    ], required: ["status", "display", "unit", "formula", "arithmetic", "period", "sampleSize", "sampleUnit", "minimumSample"])
}

/// `/api/v1/frontline/...`: rosters, tenure, proficiency, ramp plans, recognition, contests and calibration.
enum FrontlineAPI {
    static let tag = "Front line"

    static func register(_ api: APIRoutes) {
        RosterAPI.register(api)
        TenureAPI.register(api)
        ProficiencyAPI.register(api)
        RampAPI.register(api)
        RecognitionAPI.register(api)
        CalibrationAPI.register(api)
    }

    static let schemas: [String: JSONSchema] = [RosterAPI.schemas, TenureAPI.schemas, ProficiencyAPI.schemas, RampAPI.schemas, RecognitionAPI.schemas,
                                                   CalibrationAPI.schemas, ["Figure": FigureDTO.schema]]
        .reduce(into: [:]) { all, next in all.merge(next) { first, _ in first } }
}
