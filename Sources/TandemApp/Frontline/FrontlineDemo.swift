import Fluent
import Foundation
import TandemFrontline
import TandemPartners
import TandemPerformance
import Vapor

/// The demo's front line: a roster for every team (a few hundred agents with realistic tenure; the
/// 40 agent ids per team that the generated contacts and QA evaluations carry are long-tenured
/// agents), Meridian CX with high early attrition, the recent starters' own contacts and nesting QA
/// (so time to proficiency and ramp curves have data), a Lotus Shore ramp plan whose wave 2 is
/// blocked by its gate, a contest, kudos, celebrations, site visits, and two calibration sessions
/// in which Meridian's grader scores leniently. Deterministic for a given week.
enum FrontlineDemo {
    struct Teams {
        let inHouse: Partner
        let harborline: Partner
        let meridian: Partner
        let lotus: Partner
    }

    struct Starter {
        let team: Partner
        let site: String
        let agentID: String
        let start: Int
        let leave: Int?
        let queues: [String]
        /// Days for the AHT excess to fall by e (ramp speed), and the QA the agent settles at.
        let ahtDays: Double
        let qaPlateau: Double
    }

    static let firstNames = ["Ana", "Ben", "Carla", "Dev", "Elena", "Felix", "Grace", "Hugo", "Iris", "Jon", "Kira", "Luis", "Maya", "Noah", "Olga", "Pablo",
                             "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera", "Will", "Ximena", "Yusuf", "Zoe", "Aiko", "Bruno", "Chloe", "Diego", "Emma",
                             "Farah", "Gabe", "Hana", "Ivan", "Jade", "Kofi", "Lena", "Marco", "Nia", "Omar", "Priya", "Rafa", "Sofia", "Theo", "Uma"]
    static let lastNames = ["Reyes", "Cruz", "Diaz", "Patel", "Moreno", "Kim", "Nguyen", "Santos", "Garcia", "Okafor", "Silva", "Brooks", "Castro",
                            "Ito", "Novak", "Rossi", "Haddad", "Lopez", "Mendoza", "Walsh", "Khan", "Torres", "Bauer", "Flores", "Ortiz", "Tan"]

    /// Run inside `FrontlineRefresh.deferring` (DemoWorkspace does): the figures are then computed once, at the end.
    static func load(_ teams: Teams, actor: Actor, today: Date = Date(), on db: any Database) async throws {
        let currentWeek = ReportingPeriod(kind: .week, containing: UTCDay(today))
        let lastDay = currentWeek.firstDay.daysSince1970 - 1
        var random = DemoRandom(seed: 1616)
        var nameIndex = 0
        func name() -> String {
            nameIndex += 1
            return "\(firstNames[(nameIndex * 7) % firstNames.count]) \(lastNames[(nameIndex * 11 + nameIndex / firstNames.count) % lastNames.count])"
        }
        func dayText(_ day: Int) -> String { UTCDay(daysSince1970: day).description }

        // Rosters: (CSV rows, the recent starters who get their own contacts and QA).
        var starters: [Starter] = []
        struct Profile {
            let team: Partner
            let initials: String
            let prefix: String
            let sites: [String]
            let queues: [String]
            let hiresPerMonth: Int
            let months: Int
            let earlyLeave: Double
            let laterLeave: Double
            let ahtDays: ClosedRange<Double>
            let qaPlateau: ClosedRange<Double>
        }
        let profiles = [
            Profile(team: teams.inHouse, initials: "ni", prefix: "NW", sites: ["Denver HQ"], queues: ["orders-voice", "billing-voice", "tech-voice", "orders-chat"],
                    hiresPerMonth: 2, months: 18, earlyLeave: 0.05, laterLeave: 0.12, ahtDays: 10...16, qaPlateau: 88...93),
            Profile(team: teams.harborline, initials: "hcs", prefix: "HCS", sites: ["Tampa", "Boise"], queues: ["billing-voice", "orders-voice", "orders-chat"],
                    hiresPerMonth: 5, months: 18, earlyLeave: 0.12, laterLeave: 0.2, ahtDays: 12...20, qaPlateau: 86...92),
            Profile(team: teams.meridian, initials: "mc", prefix: "MCX", sites: ["Monterrey", "Bogotá"], queues: ["orders-chat", "returns-chat", "orders-voice"],
                    hiresPerMonth: 8, months: 17, earlyLeave: 0.38, laterLeave: 0.25, ahtDays: 18...30, qaPlateau: 84...90),
        ]
        for profile in profiles {
            var lines = ["agent_id,name,site,start_date,queues,status,leave_date,leave_reason"]
            func site() -> String { profile.sites[Int(random.unit() * Double(profile.sites.count)) % profile.sites.count] }
            func queues() -> [String] { Array(profile.queues.shuffled(using: &random).prefix(1 + Int(random.unit() * 2))) }
            // The 40 agents the generated contacts and QA name: tenured for the whole year of data.
            for n in 1...40 {
                let start = lastDay - 365 - 100 - Int(random.unit() * 900)
                let status = random.unit() < 0.04 ? "leave" : "production"
                lines.append("\(profile.initials)-\(n),\(name()),\(site()),\(dayText(start)),\(queues().joined(separator: ";")),\(status),,")
            }
            // Monthly hires: some leave inside 90 days, some later; the recent ones are ramping.
            var number = 1000
            for month in stride(from: profile.months, through: 0, by: -1) {
                for _ in 0..<profile.hiresPerMonth {
                    number += 1
                    let start = lastDay - month * 30 - Int(random.unit() * 28)
                    guard start <= lastDay - 3 else { continue }
                    var leave: Int?
                    var reason = ""
                    if random.unit() < profile.earlyLeave { leave = start + 8 + Int(random.unit() * 75); reason = ["Did not finish nesting", "Better offer", "Schedule did not fit", "No-show"][Int(random.unit() * 4)] }
                    else if random.unit() < profile.laterLeave { leave = start + 100 + Int(random.unit() * 300); reason = ["Better offer", "Relocated", "Back to school", "Promoted out of the program"][Int(random.unit() * 4)] }
                    if let l = leave, l > lastDay { leave = nil; reason = "" }
                    let id = "\(profile.prefix)-\(number)"
                    let agentQueues = queues()
                    let tenure = lastDay - start + 1
                    let status = leave != nil ? "left" : tenure <= 28 ? "nesting" : (random.unit() < 0.03 ? "leave" : "production")
                    let agentSite = site()
                    lines.append("\(id),\(name()),\(agentSite),\(dayText(start)),\(agentQueues.joined(separator: ";")),\(status),\(leave.map(dayText) ?? ""),\(reason)")
                    if start >= lastDay - 90 {
                        starters.append(Starter(team: profile.team, site: agentSite, agentID: id, start: start, leave: leave, queues: agentQueues,
                                                ahtDays: profile.ahtDays.lowerBound + random.unit() * (profile.ahtDays.upperBound - profile.ahtDays.lowerBound),
                                                qaPlateau: profile.qaPlateau.lowerBound + random.unit() * (profile.qaPlateau.upperBound - profile.qaPlateau.lowerBound)))
                    }
                }
            }
            _ = try await RosterService.importCSV(Array((lines.joined(separator: "\n") + "\n").utf8), fileName: "\(profile.prefix.lowercased())-roster.csv",
                                                 team: profile.team, by: actor, on: db)
        }

        // Lotus Shore: wave 1 of its ramp plan (12 agents, opened six weeks before the data ends), two who left early.
        let waveOne = lastDay - 41
        var lotusLines = ["agent_id,name,site,start_date,queues,status,leave_date,leave_reason"]
        var waveAgents: [String] = []
        for n in 1...14 {
            let id = String(format: "LSS-%03d", n)
            let left = n > 12 ? waveOne + 10 + n : nil
            lotusLines.append("\(id),\(name()),Cebu IT Park,\(dayText(waveOne)),orders-chat;returns-chat,\(left == nil ? "production" : "left"),\(left.map(dayText) ?? ""),\(left == nil ? "" : "Did not finish nesting")")
            if left == nil { waveAgents.append(id) }
            starters.append(Starter(team: teams.lotus, site: "Cebu IT Park", agentID: id, start: waveOne, leave: left, queues: ["orders-chat", "returns-chat"],
                                    ahtDays: 20 + random.unit() * 8, qaPlateau: 83.2 + random.unit() * 1.2))
        }
        _ = try await RosterService.importCSV(Array((lotusLines.joined(separator: "\n") + "\n").utf8), fileName: "lss-wave1.csv", team: teams.lotus, by: actor, on: db)

        try await importStarterActivity(starters, lastDay: lastDay, actor: actor, random: &random, on: db)

        // The ramp plan: wave 2 waits on wave 1's gate.
        let settings = try await FrontlineSettingsStore.load(on: db)
        let plan = try await RampService.create(RampPlanInput(name: "Lotus Shore: start small", qaMinimum: 85, ahtMultiplier: 1.1, consecutiveWeeks: 2,
                                                              minimumContacts: nil, minimumEvaluations: nil,
                                                              waves: [RampWaveInput(headcount: 12, targetStart: dayText(waveOne)),
                                                                      RampWaveInput(headcount: 20, targetStart: dayText(lastDay + 8)),
                                                                      RampWaveInput(headcount: 30, targetStart: dayText(lastDay + 50))]),
                                                team: teams.lotus, settings: settings, by: actor, on: db)
        if let first = plan.waves.first(where: { $0.position == 1 }) {
            first.$plan.value = plan
            try await RampService.update(first, plan: plan, with: RampWaveUpdate(openedOn: dayText(waveOne), agentIDs: waveAgents), by: actor, on: db)
        }

        let maria = Principal(userID: UUID(), name: "María López", email: "maria.lopez@northwind.example", role: .manager, partnerID: nil)
        let kim = Principal(userID: UUID(), name: "Kim Alvarez", email: "tl.tampa@harborline.example", role: .partner, partnerID: teams.harborline.id)
        let sofia = Principal(userID: UUID(), name: "Sofía Treviño", email: "tl.monterrey@meridiancx.example", role: .partner, partnerID: teams.meridian.id)

        // A contest: Harborline's AHT challenge over the last complete month, normalised per queue, three prizes.
        let month = ReportingPeriod(kind: .month, containing: UTCDay(daysSince1970: lastDay)).advanced(by: -1)
        let contest = try await ContestService.create(ContestInput(name: "\(month.firstDay.description.prefix(7)) AHT challenge", metric: "aht",
                                                                   firstDay: month.firstDay.description, lastDay: dayText(month.endDay.daysSince1970 - 1),
                                                                   minimumSample: 30, normalisePerQueue: true, prizes: 3),
                                                      team: teams.harborline, settings: settings, by: kim, on: db)
        try await ContestService.recordWinners(try await ContestService.require(contest.requireID(), scope: .all, on: db), by: kim, on: db)

        // Recognition from both sides.
        func agent(_ team: Partner, _ id: String) async throws -> UUID? {
            try await RosterAgentRecord.query(on: db).filter(\.$team.$id == team.requireID()).filter(\.$agentID == id).first()?.id
        }
        let kudos: [(Partner, String, Principal, String, Int)] = [
            (teams.harborline, "hcs-7", maria, "Turned an angry billing call into a thank-you note — the customer wrote to us.", 3),
            (teams.harborline, "hcs-12", kim, "Covered two extra shifts during the storm week without a single missed callback.", 9),
            (teams.meridian, "mc-3", maria, "Spotted the duplicate-refund bug and wrote it up for the product team.", 5),
            (teams.meridian, "mc-18", sofia, "Best first week in nesting this year.", 12),
            (teams.inHouse, "ni-4", maria, "Piloted the new returns flow and trained the partners' leads on it.", 6),
            (teams.lotus, "LSS-003", maria, "First chat with a 5/5 survey, on day four.", 30),
        ]
        for (team, id, who, message, ago) in kudos {
            guard let agentID = try await agent(team, id) else { continue }
            _ = try await RecognitionService.giveKudos(KudosInput(rosterAgentID: agentID, message: message, givenOn: dayText(lastDay - ago)), team: team, by: who, on: db)
        }
        _ = try await RecognitionService.addCelebration(CelebrationInput(title: "Tampa's best service level month", celebratedOn: dayText(lastDay - 20),
                                                                         notes: "Pizza on the floor, a shout-out in the all-hands, and the team's name on the board."),
                                                        team: teams.harborline, by: kim, on: db)
        _ = try await RecognitionService.addCelebration(CelebrationInput(title: "Meridian's first anniversary on the program", celebratedOn: dayText(lastDay - 160),
                                                                         notes: "Cake in Monterrey and Bogotá; Northwind sent a video from the leadership team."),
                                                        team: teams.meridian, by: sofia, on: db)
        _ = try await RecognitionService.addCelebration(CelebrationInput(title: "Lotus wave 1 graduates from nesting", celebratedOn: dayText(waveOne + 14), notes: ""),
                                                        team: teams.lotus, by: maria, on: db)
        let tampa = try await Site.query(on: db).filter(\.$partner.$id == teams.harborline.requireID()).filter(\.$name == "Tampa").first()
        let monterrey = try await Site.query(on: db).filter(\.$partner.$id == teams.meridian.requireID()).filter(\.$name == "Monterrey").first()
        _ = try await RecognitionService.addSiteVisit(TeamSiteVisitInput(siteID: tampa?.id, visitedOn: dayText(lastDay - 33), visitors: "María López, Sam Rivera",
                                                                     purpose: "Quarterly floor visit and side-by-side listening",
                                                                     notes: "Recognition wall up to date; agents knew this month's contest; two desks personalised with Northwind swag."),
                                                      team: teams.harborline, by: maria, on: db)
        _ = try await RecognitionService.addSiteVisit(TeamSiteVisitInput(siteID: monterrey?.id, visitedOn: dayText(lastDay - 61), visitors: "María López",
                                                                     purpose: "Review of early attrition with the site director",
                                                                     notes: "Nesting bay over capacity; new hires sit with tenured agents only two days before going live."),
                                                      team: teams.meridian, by: maria, on: db)

        // Calibration: two sessions of 16 items (32 pooled per grader, above the minimum sample of 30); Meridian's
        // grader scores well above the client's expert, more so in the later one.
        let items = (1...16).map { "CAL-\(lastDay % 1000)-\($0)" }
        let expert: [Double] = [82, 74, 90, 65, 88, 71, 95, 60]
        let offsets: [(String, UUID?, [Double])] = [
            ("Grace Kim", nil, Array(repeating: 0, count: 8)),
            ("Sam Rivera", teams.inHouse.id, [1, -2, 0, 3, -1, 0, 2, -2]),
            ("Tom Nguyen", teams.harborline.id, [-2, 3, 1, -4, 2, 0, -1, 3]),
            ("Lucía Gómez", teams.meridian.id, [9, 12, 5, 14, 7, 11, 4, 13]),
            ("Ramon Santos", teams.lotus.id, [-3, 2, -5, 4, 0, -2, 1, 5]),
        ]
        for (ago, scale) in [(63, 0.6), (4, 1.0)] {
            let session = try await CalibrationService.create(CalibrationSessionInput(
                title: ago > 30 ? "Calibration: billing and orders" : "Calibration: returns and refunds", heldOn: dayText(lastDay - ago),
                items: items.map { "\($0)\(ago > 30 ? "a" : "b")" }, benchmark: "expert", tolerance: 5,
                graders: offsets.map { CalibrationGraderInput(name: $0.0, teamID: $0.1, expert: $0.1 == nil) }), by: maria, on: db)
            for (grader, offset) in zip(session.graders.sorted { $0.position < $1.position }, offsets) {
                // 16 items: the eight above, then the same eight four points lower with four fifths of the offset.
                let scores = session.itemList.enumerated().map { index, item in
                    let round = Double(index / 8)
                    let score = expert[index % 8] - 4 * round + offset.2[index % 8] * scale * (1 - 0.2 * round)
                    return CalibrationScoreInput(item: item, score: min(100, max(0, score.rounded())))
                }
                try await CalibrationService.submitScores(CalibrationScoresInput(graderID: grader.requireID(), scores: scores), session: session,
                                                          by: maria, on: db)
            }
            try await CalibrationService.close(try await CalibrationService.require(session.requireID(), scope: .all, on: db), input: .init(), by: maria, on: db)
        }
    }

    /// The recent starters' own contacts (6–9 a day, Monday to Saturday, AHT falling from about
    /// twice the tenured level as they ramp) and nesting QA (three evaluations a day, rising to
    /// each agent's plateau), through the real importers.
    static func importStarterActivity(_ starters: [Starter], lastDay: Int, actor: Actor, random: inout DemoRandom, on db: any Database) async throws {
        var lines = [ContactGenerator.csvHeader]
        var evaluations: [QAEvaluationInput] = []
        var n = 0
        for s in starters {
            let end = min(s.leave ?? lastDay, lastDay)
            guard s.start <= end else { continue }
            let initials = s.team.name.split(separator: " ").compactMap(\.first).map(String.init).joined().lowercased()
            for day in s.start...end {
                let weekday = ((day + 3) % 7 + 7) % 7
                guard weekday != 6 else { continue }
                let tenure = Double(day - s.start)
                let ahtFactor = 1.02 + 0.9 * exp(-tenure / s.ahtDays)
                let qaMean = s.qaPlateau - (s.qaPlateau - 66) * exp(-tenure / (s.ahtDays * 0.9))
                for _ in 0..<(6 + Int(random.unit() * 4)) {
                    n += 1
                    let queue = s.queues[Int(random.unit() * Double(s.queues.count)) % s.queues.count]
                    let chat = queue.hasSuffix("chat")
                    let offered = day * 86_400 + 13 * 3_600 + Int(random.unit() * 8 * 3_600)
                    let wait = Int(random.unit() * 40)
                    let handle = (chat ? 470.0 : 400.0) * ahtFactor * (0.7 + 0.6 * random.unit())
                    let talk = Int(handle * 0.82), hold = random.unit() < 0.15 ? Int(handle * 0.08) : 0, after = Int(handle) - talk - hold
                    let fcr = random.unit() < 0.6 + 0.25 * (1 - exp(-tenure / 20)) ? "true" : "false"
                    let csat = random.unit() < 0.3 ? String(min(5, max(1, Int((2.8 + 2.2 * (1 - exp(-tenure / 25)) + random.unit() - 0.5).rounded())))) : ""
                    lines.append("fl-\(initials)-\(n),\(s.team.name),\(s.site),\(queue),\(chat ? "chat" : "voice"),\(s.agentID),cust-fl-\(Int(random.unit() * 90_000)),"
                                 + "\(iso(offered)),\(iso(offered + wait)),false,\(wait),\(talk),\(hold),\(after),\(fcr),\(csat)")
                }
                for k in 0..<3 {
                    let score = min(100, max(0, qaMean + (random.unit() - 0.5) * 10))
                    evaluations.append(QAEvaluationInput(source: "demo-nesting-qa", externalID: "nq-\(s.agentID)-\(day)-\(k)", teamID: try s.team.requireID(),
                                                         agent: s.agentID, evaluator: "nesting-coach", date: LocalDate(date: UTCDay(daysSince1970: day).start),
                                                         sections: [QASection(name: "Nesting scorecard", weight: 1,
                                                                              items: [.scored(earned: (score * 10).rounded() / 10, possible: 100)])]))
                }
            }
        }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        let run = ImportRun(source: "demo-frontline", fileName: "demo-starter-contacts.csv", format: .csv, acceptValid: false, bytesTotal: bytes.count, requestedBy: actor)
        try await run.create(on: db)
        _ = try await ContactImporter.run(MemoryChunkSource(bytes), format: .csv, mapping: ColumnMapping(), run: run, options: ImportOptions(batchSize: 1_000),
                                          by: actor, on: db)
        _ = try await QAEvaluationStore.save(evaluations, by: actor, on: db)
    }

    static func iso(_ seconds: Int) -> String {
        let day = UTCDay(daysSince1970: seconds / 86_400)
        let rest = seconds % 86_400
        return day.description + String(format: "T%02d:%02d:%02dZ", rest / 3_600, rest % 3_600 / 60, rest % 60)
    }
}

extension DemoRandom: RandomNumberGenerator {
    mutating func next() -> UInt64 { UInt64(unit() * Double(UInt64.max >> 11)) << 11 }
}
