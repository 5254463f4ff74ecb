import Fluent
import Foundation
import TandemPartners
import Vapor

/// The staffing plan as pages read it: the week's capacity plan, coverage and concentration
/// warnings (Erlang per queue and interval) computed once per change of the staffing data or the
/// registry, and kept by each server (`DerivedFigures`). The default week also depends on the day.
enum StaffingFigures {
    static let areas: [DataArea] = [.staffing, .registry]

    /// Everything the plan page shows besides the frame.
    struct PlanPageData: Sendable {
        let context: PlanContext
        let queues: [StaffingSettingsService.QueuePolicy]
        let allocations: [AllocationSetDTO]
        let imports: [StaffingImport]
    }

    /// The week asked for, or the default week (this week with a forecast, else the next, else the last).
    static func week(_ req: Request, query: String?) async throws -> LocalDate {
        if let query, !query.isEmpty { return try await PlanService.week(from: query, on: req.db) }
        let today = LocalDate(date: Date())
        return try await req.derived("staffing:default-week:\(today)", areas: areas) { db in
            (try await PlanService.defaultWeek(on: db, today: today), validUntil: Clock.nextUTCMidnight(), cost: 1)
        }
    }

    static func plan(_ req: Request, week: LocalDate, scope: PartnerScope) async throws -> PlanContext {
        try await req.derived("staffing:plan:\(week):\(scope.cacheKey)", areas: areas) { db in
            let context = try await PlanService.build(week: week, scope: scope, on: db)
            return (context, validUntil: .distantFuture, cost: context.plan.lines.count + context.coverage.cells.count)
        }
    }

    static func planPage(_ req: Request, week: LocalDate, scope: PartnerScope) async throws -> PlanPageData {
        let context = try await plan(req, week: week, scope: scope)
        return try await req.derived("staffing:plan-page:\(week):\(scope.cacheKey)", areas: areas) { db in
            let data = PlanPageData(context: context, queues: try await StaffingSettingsService.policies(on: db),
                                    allocations: try await AllocationService.current(on: week, scope: scope, db: db),
                                    imports: scope == .all ? try await StaffingImportService.recent(on: db) : [])
            return (data, validUntil: .distantFuture, cost: data.queues.count + data.allocations.count + data.imports.count)
        }
    }
}

/// Moments at which figures that depend on the date stop holding.
enum Clock {
    /// The next midnight UTC (dates are UTC days throughout).
    static func nextUTCMidnight(after now: Date = Date()) -> Date {
        Date(timeIntervalSince1970: (floor(now.timeIntervalSince1970 / 86_400) + 1) * 86_400)
    }
}
