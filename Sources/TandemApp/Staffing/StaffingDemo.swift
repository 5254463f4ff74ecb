import Fluent
import Foundation
import TandemPartners
import TandemStaffing
import Vapor

/// The demo workspace's staffing: a week of 30-minute forecasts for its voice, chat and
/// email queues (busy weekday mornings and early afternoons, quieter weekends, a thin
/// night), settings, effective-dated allocations across the four teams (Harborline holds
/// all of billing voice, which the concentration rule flags), notice periods, lead times,
/// and schedules that are short some afternoons and long some mornings. Everything goes
/// through the same services (and audit log) as the web and the API.
enum StaffingDemo {
    struct QueueShape {
        let code: String
        /// Contacts per 30 minutes at the busiest point of a Monday.
        let peak: Double
        let aht: Double
        /// Night-time floor as a share of the peak (0 = closed at night).
        let night: Double
    }

    static let shapes: [QueueShape] = [
        .init(code: "orders-voice", peak: 170, aht: 330, night: 0.05),
        .init(code: "billing-voice", peak: 110, aht: 420, night: 0.03),
        .init(code: "tech-voice", peak: 80, aht: 540, night: 0.08),
        .init(code: "orders-chat", peak: 150, aht: 600, night: 0.06),
        .init(code: "returns-chat", peak: 70, aht: 560, night: 0.04),
        .init(code: "general-email", peak: 55, aht: 480, night: 0.10),
    ]

    /// Share of the day's peak at a minute of the day: two humps (10:30 and 14:30), a slow
    /// evening tail, a floor at night.
    static func curve(minuteOfDay minute: Int, night: Double) -> Double {
        let hour = Double(minute) / 60 + 0.25
        func hump(_ centre: Double, _ width: Double) -> Double { exp(-pow((hour - centre) / width, 2)) }
        let day = max(hump(10.5, 2.3), 0.92 * hump(14.5, 2.6), 0.45 * hump(19, 2.2))
        return max(night, day)
    }

    static let weekdayFactor: [Double] = [1.0, 0.94, 0.9, 0.92, 0.88, 0.62, 0.48]  // Monday first

    /// A fixed ±6% wobble so intervals are not perfectly smooth, identical on every load.
    static func wobble(_ index: Int, _ salt: Int) -> Double {
        var x = UInt64(truncatingIfNeeded: index &* 2_654_435_761 &+ salt &* 40_503)
        x ^= x >> 13; x &*= 0x5bd1e995; x ^= x >> 15
        return 0.94 + 0.12 * Double(x % 1_000) / 1_000
    }

    static func forecastCSV(week: LocalDate) -> String {
        var lines = [StaffingImportService.forecastColumns.joined(separator: ",")]
        for (salt, shape) in shapes.enumerated() {
            for day in 0..<7 {
                for slot in 0..<48 {
                    let minute = PlanTime.minute(week.adding(days: day)) + slot * 30
                    let contacts = (shape.peak * weekdayFactor[day] * curve(minuteOfDay: slot * 30, night: shape.night) * wobble(day * 48 + slot, salt)).rounded()
                    let aht = (shape.aht * wobble(day * 48 + slot, salt + 17)).rounded()
                    lines.append("\(shape.code),\(PlanTime.format(minute: minute)),30,\(Int(contacts)),\(Int(aht))")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// How far each team's schedule runs from its requirement: Harborline is long in the
    /// morning and short in the afternoon, Lotus short in the evening, Meridian a little long.
    static func scheduleFactor(team: String, minuteOfDay minute: Int, day: Int) -> Double {
        let hour = minute / 60
        switch team {
        case "Harborline Contact Services": return hour < 12 ? 1.2 : (hour < 17 ? 0.8 : 1.0)
        case "Lotus Shore Solutions": return (17..<22).contains(hour) ? 0.75 : 1.05
        case "Meridian CX": return day >= 5 ? 0.9 : 1.08
        default: return day == 0 && (9..<13).contains(hour) ? 0.85 : 1.0
        }
    }

    static func load(week: LocalDate, teams: [String: Partner], by actor: Actor, on db: any Database) async throws {
        let queues = Dictionary(try await Queue.query(on: db).all().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        func team(_ name: String) -> UUID { teams[name]!.id! }
        let inHouse = "Northwind In-house", harborline = "Harborline Contact Services", meridian = "Meridian CX", lotus = "Lotus Shore Solutions"

        _ = try await StaffingImportService.importForecast(csv: forecastCSV(week: week), fileName: "demo-forecast.csv", by: actor, on: db)

        // Settings: billing customers hang up (Erlang A), tech support caps occupancy.
        _ = try await StaffingSettingsService.save(.init(serviceLevel: 0.8, patienceSeconds: 90, shrinkage: 0.32), queue: queues["billing-voice"]!, by: actor, on: db)
        _ = try await StaffingSettingsService.save(.init(serviceLevel: 0.8, maxOccupancy: 0.88, shrinkage: 0.3), queue: queues["tech-voice"]!, by: actor, on: db)
        _ = try await StaffingSettingsService.save(.init(serviceLevel: 0.8, shrinkage: 0.3, concurrency: 2.5, efficiency: 0.8), queue: queues["orders-chat"]!, by: actor, on: db)

        // Allocations: a month-old split, and last week's change that handed billing to Harborline.
        let old = week.adding(days: -28), recent = week.adding(days: -7)
        // Notes stay the client's own unless marked visible to partners (the billing one is: Harborline should know why).
        func allocate(_ code: String, _ shift: String, _ from: LocalDate, _ shares: [(String, Double)], _ note: String, visibleToPartners: Bool = false) async throws {
            _ = try await AllocationService.create(AllocationInput(queueID: queues[code]!.id!, shift: shift, effectiveFrom: from,
                                                                   shares: shares.map { .init(teamID: team($0.0), percent: $0.1) }, note: note,
                                                                   noteVisibleToPartners: visibleToPartners), by: actor, on: db)
        }
        try await allocate("orders-voice", "all", old, [(inHouse, 30), (harborline, 40), (meridian, 30)], "Wave 2 of Meridian")
        try await allocate("billing-voice", "all", old, [(harborline, 70), (inHouse, 30)], "")
        try await allocate("billing-voice", "all", recent, [(harborline, 100)], "In-house agents moved to the returns project", visibleToPartners: true)
        try await allocate("tech-voice", "all", old, [(inHouse, 50), (meridian, 50)], "")
        try await allocate("tech-voice", "overnight", old, [(lotus, 100)], "Overnight coverage from Cebu")
        try await allocate("orders-chat", "all", old, [(meridian, 50), (lotus, 30), (inHouse, 20)], "")
        try await allocate("returns-chat", "all", old, [(lotus, 60), (meridian, 40)], "")
        try await allocate("general-email", "all", old, [(lotus, 70), (inHouse, 30)], "")

        _ = try await StaffingRulesService.saveNoticePeriods([
            .init(teamID: team(inHouse), noticeDays: 90), .init(teamID: team(harborline), noticeDays: 30),
            .init(teamID: team(meridian), noticeDays: 60), .init(teamID: team(lotus), noticeDays: 30),
        ], by: actor, on: db)
        let channels = Dictionary(try await Channel.query(on: db).all().map { ($0.kind, $0.id!) }, uniquingKeysWith: { a, _ in a })
        _ = try await StaffingRulesService.saveLeadTimes([
            .init(channelID: channels[.voice]!, hiringDays: 35, trainingDays: 21),
            .init(channelID: channels[.chat]!, hiringDays: 30, trainingDays: 14),
            .init(channelID: channels[.email]!, hiringDays: 21, trainingDays: 10),
        ], by: actor, on: db)

        // Schedules: whole agents around each team's requirement.
        let plan = try await PlanService.build(week: week, scope: .all, on: db).plan
        let names = Dictionary(teams.values.map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        let codes = Dictionary(queues.values.map { ($0.id!, $0.code) }, uniquingKeysWith: { a, _ in a })
        var lines = [StaffingImportService.scheduleColumns.joined(separator: ",")]
        for line in plan.lines.sorted(by: { ($0.start, codes[$0.queue]!) < ($1.start, codes[$1.queue]!) }) {
            let minute = PlanTime.minute(line.start)
            let day = (minute - PlanTime.minute(week)) / 1_440
            for (teamID, fte) in line.teamFTE.sorted(by: { names[$0.key]! < names[$1.key]! }) {
                let name = names[teamID]!
                let agents = (fte * scheduleFactor(team: name, minuteOfDay: minute % 1_440, day: day)).rounded()
                lines.append("\(name),\(codes[line.queue]!),\(PlanTime.format(minute: minute)),30,\(Int(agents))")
            }
        }
        _ = try await StaffingImportService.importSchedule(csv: lines.joined(separator: "\n"), fileName: "demo-schedules.csv", by: actor, on: db)
    }
}
