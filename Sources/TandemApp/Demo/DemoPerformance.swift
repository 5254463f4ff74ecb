import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import Vapor

/// The demo's performance data: a year of generated contacts for every live team (more for
/// Meridian, back to its go-live, so its launch baseline exists), QA evaluations and targets.
/// The in-house team is steady, Harborline improves over the year, Meridian was strong at launch
/// and has slipped since. Deterministic: the same seed gives the same contacts, ending last Sunday.
enum DemoPerformance {
    static func load(on app: Application, actor: Actor, today: Date = Date()) async throws {
        let db = app.db
        let directory = try await PerformanceDirectory.load(on: db)
        func team(_ name: String) -> PerformanceDirectory.TeamInfo? { directory.teams.first { $0.name == name } }
        let currentWeek = ReportingPeriod(kind: .week, containing: UTCDay(today))
        let lastDay = UTCDay(daysSince1970: currentWeek.firstDay.daysSince1970 - 1)
        let yearStart = UTCDay(daysSince1970: lastDay.daysSince1970 - 363)
        var teams: [ContactGenerator.Team] = []
        if let t = team("Northwind In-house") { teams.append(.init(name: t.name, site: "Denver HQ", trend: .steady(0.78), firstDay: yearStart, weight: 1.2)) }
        if let t = team("Harborline Contact Services") { teams.append(.init(name: t.name, site: "Tampa", trend: .improving(from: 0.45, to: 0.82), firstDay: yearStart)) }
        var first = yearStart
        if let t = team("Meridian CX"), let goLive = t.goLive {
            let start = UTCDay(goLive.startOfDayUTC)
            first = min(first, start)
            teams.append(.init(name: t.name, site: "Monterrey", trend: .degradingAfterLaunch(launch: 0.86, later: 0.5, afterWeeks: 10), firstDay: start))
        }
        let queues: [ContactGenerator.Queue] = directory.queues.compactMap { q in
            let channel = directory.contactDirectory.queues[q.code]?.channel ?? .voice
            guard channel == .voice || channel == .chat else { return nil }
            return .init(code: q.code, channel: channel, serviceLevelSeconds: Double(q.serviceLevelSeconds), talkSeconds: channel == .voice ? 330 : 480)
        }
        guard !teams.isEmpty, !queues.isEmpty else { return }
        let generator = ContactGenerator(teams: teams, queues: queues, firstDay: first, lastDay: lastDay, dailyVolume: 9, seed: 20_260_301, idPrefix: "demo")
        var bytes: [UInt8] = Array((ContactGenerator.csvHeader + "\n").utf8)
        bytes.reserveCapacity(20_000_000)
        for contact in generator { bytes.append(contentsOf: (contact.csvLine + "\n").utf8) }

        let run = ImportRun(source: "demo", fileName: "demo-contacts.csv", format: .csv, acceptValid: false, bytesTotal: bytes.count, requestedBy: actor)
        try await run.create(on: db)
        _ = try await ContactImporter.run(MemoryChunkSource(bytes), format: .csv, mapping: ColumnMapping(), run: run,
                                          options: ImportOptions(batchSize: 1_000), by: actor, on: db)

        // QA: a dozen evaluations per team and week, scored like the team's service, naming the
        // agents as the generated contacts do ("hcs-7"), so they link to the front line's rosters.
        func initials(_ team: String) -> String { team.split(separator: " ").compactMap(\.first).map(String.init).joined().lowercased() }
        var random = DemoRandom(seed: 77)
        var evaluations: [QAEvaluationInput] = []
        for generated in teams {
            guard let info = team(generated.name) else { continue }
            let start = generated.firstDay ?? first
            var day = start.daysSince1970
            var n = 0
            while day <= lastDay.daysSince1970 {
                let progress = Double(day - first.daysSince1970) / Double(max(1, lastDay.daysSince1970 - first.daysSince1970))
                let quality = ContactGenerator.quality(generated.trend, daysIn: Double(day - start.daysSince1970), progress: progress)
                for _ in 0..<12 {
                    n += 1
                    func item(_ chance: Double) -> QAItem {
                        random.unit() < 0.08 ? .notApplicable : .scored(earned: random.unit() < chance ? 5 : Double(Int(random.unit() * 4)), possible: 5)
                    }
                    let sections = [
                        QASection(name: "Greeting & verification", weight: 1, items: [item(0.6 + 0.35 * quality), item(0.7 + 0.25 * quality), .autoFail(triggered: random.unit() < 0.02 * (1.5 - quality))]),
                        QASection(name: "Resolution", weight: 3, items: [item(0.4 + 0.5 * quality), item(0.45 + 0.45 * quality), item(0.5 + 0.4 * quality)]),
                        QASection(name: "Tone & empathy", weight: 2, items: [item(0.5 + 0.45 * quality), item(0.55 + 0.4 * quality)]),
                    ]
                    evaluations.append(QAEvaluationInput(source: "demo", externalID: "qa-\(info.name.prefix(3))-\(n)", teamID: info.id,
                                                         agent: "\(initials(generated.name))-\(1 + Int(random.unit() * 40))", evaluator: "qa-lead",
                                                         date: LocalDate(date: UTCDay(daysSince1970: day + Int(random.unit() * 5)).start), sections: sections))
                }
                day += 7
            }
        }
        _ = try await QAEvaluationStore.save(evaluations, by: actor, on: db)

        let from = LocalDate(date: first.start)
        let targets: [(KPIKind, Double)] = [(.serviceLevel, 0.8), (.averageSpeedOfAnswer, 30), (.abandonRate, 0.05), (.averageHandleTime, 480),
                                            (.firstContactResolution, 0.75), (.customerSatisfaction, 0.8), (.qaScore, 80)]
        for (kpi, value) in targets {
            _ = try await KPITargetService.create(KPITargetInput(teamID: nil, queueID: nil, channelID: nil, kpi: kpi, target: value, effectiveFrom: from),
                                                  by: actor, on: db)
        }
        try await AlertService.refresh(on: db)
    }
}

struct DemoRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func unit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
}
