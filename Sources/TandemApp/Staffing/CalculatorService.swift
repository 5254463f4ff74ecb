import Foundation
import TandemPartners
import TandemStaffing
import Vapor

struct CalculatorRowDTO: Content, Equatable {
    let agents: Int
    let serviceLevel: Double
    /// Nil when the queue is unstable (ASA grows without bound).
    let asaSeconds: Double?
    let occupancy: Double
    let probabilityOfWaiting: Double
    let probabilityOfAbandoning: Double
    let meetsTarget: Bool
}

struct CalculatorResultDTO: Content, Equatable {
    let model: String
    let contacts: Double
    let ahtSeconds: Double
    let intervalMinutes: Int
    let effectiveAHTSeconds: Double
    let trafficErlangs: Double
    let agents: Int
    let fractionalAgents: Double
    let scheduledFTE: Double
    /// At `agents`; nil for deferred work.
    let serviceLevel: Double?
    let asaSeconds: Double?
    let occupancy: Double?
    let probabilityOfAbandoning: Double?
    let rows: [CalculatorRowDTO]
    let formula: String
}

/// The Erlang calculator's inputs as the page, the API and the CLI all spell them
/// (query parameters / flags): percent for shares, seconds for times.
enum CalculatorService {
    static let parameters: [(name: String, description: String)] = [
        ("contacts", "contacts offered in the interval (required)"),
        ("ahtSeconds", "average handle time in seconds (required)"),
        ("intervalMinutes", "interval length: 15, 30 or 60 (default 30)"),
        ("serviceLevelPercent", "target share answered within the threshold, e.g. 80 (default 80; empty for none)"),
        ("thresholdSeconds", "service-level threshold T (default 20)"),
        ("maxASASeconds", "optional cap on the average speed of answer"),
        ("maxOccupancyPercent", "optional cap on occupancy, e.g. 85"),
        ("patienceSeconds", "mean customer patience: switches to Erlang A"),
        ("shrinkagePercent", "share of paid time not available (default 30)"),
        ("concurrency", "simultaneous chats per agent (default 1)"),
        ("efficiencyPercent", "concurrency efficiency (default 100)"),
        ("deferred", "true for email/back office: agents = workload ÷ max occupancy"),
    ]

    struct Input: Sendable, Equatable {
        var contacts: Double
        var ahtSeconds: Double
        var intervalMinutes: Int
        var policy: StaffingPolicy
    }

    /// Parses the named values; every bad one is reported at once.
    static func parse(_ values: [String: String]) -> (Input?, FieldErrors) {
        var errors = FieldErrors()
        func number(_ name: String, default fallback: Double? = nil, _ ok: (Double) -> Bool = { _ in true }, _ message: String = "is out of range") -> Double? {
            let raw = values[name]?.trimmingCharacters(in: .whitespaces) ?? ""
            guard !raw.isEmpty else { return fallback }
            guard let value = Double(raw), value.isFinite else { errors.add(name, "must be a number"); return nil }
            guard ok(value) else { errors.add(name, message); return nil }
            return value
        }
        let contacts = number("contacts", { $0 >= 0 && $0 <= 1_000_000 }, "must be from 0 to 1000000")
        if (values["contacts"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty { errors.add("contacts", "is required") }
        let aht = number("ahtSeconds", { $0 > 0 && $0 <= 86_400 }, "must be more than 0 and at most 86400")
        if (values["ahtSeconds"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty { errors.add("ahtSeconds", "is required") }
        let minutes = number("intervalMinutes", default: 30, { [15, 30, 60].contains($0) }, "must be 15, 30 or 60")
        let deferred = ["true", "on", "1", "yes"].contains((values["deferred"] ?? "").lowercased())
        let slGiven = values["serviceLevelPercent"].map { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? false
        let sl = number("serviceLevelPercent", default: nil, { $0 > 0 && $0 < 100 }, "must be between 0 and 100, exclusive")
        let threshold = number("thresholdSeconds", default: 20, { $0 >= 0 && $0 <= 86_400 }, "must be from 0 to 86400")
        let asa = number("maxASASeconds", { $0 > 0 }, "must be more than 0")
        let occupancy = number("maxOccupancyPercent", { $0 > 0 && $0 <= 100 }, "must be more than 0 and at most 100")
        let patience = number("patienceSeconds", { $0 > 0 }, "must be more than 0")
        let shrinkage = number("shrinkagePercent", default: 30, { $0 >= 0 && $0 < 95 }, "must be from 0 to 95")
        let concurrency = number("concurrency", default: 1, { $0 >= 1 && $0 <= 20 }, "must be from 1 to 20")
        let efficiency = number("efficiencyPercent", default: 100, { $0 > 0 && $0 <= 100 }, "must be more than 0 and at most 100")
        // An explicitly empty service level means "no SL target"; absent means the usual 80%.
        let explicitlyNone = values["serviceLevelPercent"] != nil && !slGiven
        let serviceLevel = deferred ? nil : (sl.map { $0 / 100 } ?? (explicitlyNone ? nil : 0.8))
        if !deferred && serviceLevel == nil && asa == nil && occupancy == nil && errors.isEmpty {
            errors.add("serviceLevelPercent", "is needed unless a max ASA or max occupancy is given")
        }
        guard errors.isEmpty, let contacts, let aht, let minutes, let threshold, let shrinkage, let concurrency, let efficiency else { return (nil, errors) }
        let policy = StaffingPolicy(
            serviceLevel: serviceLevel, thresholdSeconds: threshold, maxASASeconds: deferred ? nil : asa, maxOccupancy: occupancy.map { $0 / 100 },
            patienceSeconds: deferred ? nil : patience, shrinkage: shrinkage / 100, concurrency: concurrency, efficiency: efficiency / 100, deferred: deferred
        )
        return (Input(contacts: contacts, ahtSeconds: aht, intervalMinutes: Int(minutes), policy: policy), errors)
    }

    static func calculate(_ values: [String: String]) throws -> CalculatorResultDTO {
        let (input, errors) = parse(values)
        guard let input else { throw ValidationFailed(fields: errors) }
        return try calculate(input)
    }

    static func calculate(_ input: Input) throws -> CalculatorResultDTO {
        let result: ErlangCalculator.Result
        do {
            result = try ErlangCalculator.calculate(policy: input.policy, contacts: input.contacts, ahtSeconds: input.ahtSeconds,
                                                    intervalSeconds: Double(input.intervalMinutes * 60))
        } catch {
            throw ValidationFailed(fields: FieldErrors(["contacts": "cannot be staffed with these settings: \(error)"]))
        }
        let r = result.requirement
        let m = r.metrics
        return CalculatorResultDTO(
            model: input.policy.model.rawValue, contacts: input.contacts, ahtSeconds: input.ahtSeconds, intervalMinutes: input.intervalMinutes,
            effectiveAHTSeconds: r.effectiveAHTSeconds, trafficErlangs: r.trafficErlangs, agents: r.agents, fractionalAgents: r.fractionalAgents,
            scheduledFTE: r.scheduledFTE, serviceLevel: m?.serviceLevel, asaSeconds: m.flatMap { $0.asaSeconds.isFinite ? $0.asaSeconds : nil },
            occupancy: m?.occupancy, probabilityOfAbandoning: m?.probabilityOfAbandoning,
            rows: result.rows.map { row in
                CalculatorRowDTO(agents: row.agents, serviceLevel: row.serviceLevel, asaSeconds: row.asaSeconds.isFinite ? row.asaSeconds : nil,
                                 occupancy: row.occupancy, probabilityOfWaiting: row.probabilityOfWaiting,
                                 probabilityOfAbandoning: row.probabilityOfAbandoning, meetsTarget: row.meetsTarget)
            },
            formula: formula(input)
        )
    }

    static func formula(_ input: Input) -> String {
        let p = input.policy
        let aht = p.concurrency == 1 && p.efficiency == 1
            ? "AHT \(StaffingFormat.plain(input.ahtSeconds)) s"
            : "effective AHT = \(StaffingFormat.plain(input.ahtSeconds)) s ÷ (\(StaffingFormat.plain(p.concurrency)) × \(StaffingFormat.percent(p.efficiency, digits: 0)))"
        let model: String
        switch p.model {
        case .erlangC: model = "Erlang C: the smallest N meeting \(PlanService.describe(p).components(separatedBy: " · shrinkage").first ?? "")"
        case .erlangA: model = "Erlang A (patience \(StaffingFormat.plain(p.patienceSeconds ?? 0)) s): the smallest N meeting the target, abandons counted as misses"
        case .workload: model = "deferred work: agents = A ÷ max occupancy \(StaffingFormat.percent(p.maxOccupancy ?? StaffingPolicy.defaultDeferredOccupancy, digits: 0))"
        }
        return "A = \(StaffingFormat.plain(input.contacts)) contacts × \(aht) ÷ \(input.intervalMinutes * 60) s. \(model). "
            + "Fractional agents interpolate between N − 1 and N; scheduled FTE = fractional ÷ (1 − shrinkage \(StaffingFormat.percent(p.shrinkage, digits: 0)))."
    }

    /// The answer as a plain-text table: what `tandem staffing calc` prints.
    static func text(_ r: CalculatorResultDTO) -> String {
        var lines: [String] = []
        lines.append("Model: \(StaffingPolicy.Model(rawValue: r.model)?.label ?? r.model)")
        lines.append("Traffic: \(StaffingFormat.number(r.trafficErlangs, digits: 2)) Erlangs (effective AHT \(StaffingFormat.number(r.effectiveAHTSeconds, digits: 1)) s)")
        lines.append("Agents required: \(r.agents) (fractional \(StaffingFormat.number(r.fractionalAgents, digits: 2)); scheduled FTE \(StaffingFormat.number(r.scheduledFTE, digits: 2)))")
        if let sl = r.serviceLevel, let occupancy = r.occupancy {
            lines.append("At \(r.agents) agents: service level \(StaffingFormat.percent(sl)), ASA \(r.asaSeconds.map(StaffingFormat.seconds) ?? "∞"), occupancy \(StaffingFormat.percent(occupancy))")
        }
        if !r.rows.isEmpty {
            lines.append("")
            lines.append(["Agents", "SL", "ASA", "Occupancy", "P(wait)", "Abandon", "Meets"].map { $0.padding(toLength: 10, withPad: " ", startingAt: 0) }.joined())
            for row in r.rows {
                lines.append([String(row.agents), StaffingFormat.percent(row.serviceLevel), row.asaSeconds.map(StaffingFormat.seconds) ?? "∞",
                              StaffingFormat.percent(row.occupancy), StaffingFormat.percent(row.probabilityOfWaiting),
                              StaffingFormat.percent(row.probabilityOfAbandoning), row.meetsTarget ? "yes" : "no"]
                    .map { $0.padding(toLength: 10, withPad: " ", startingAt: 0) }.joined())
            }
        }
        lines.append("")
        lines.append(r.formula)
        return lines.joined(separator: "\n")
    }
}
