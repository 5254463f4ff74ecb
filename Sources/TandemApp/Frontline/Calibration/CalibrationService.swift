import Fluent
import Foundation
import TandemFrontline
import TandemPartners
import TandemPerformance
import Vapor

struct CalibrationGraderInput: Content, Equatable {
    var name: String
    /// The team the grader scores for; nil = the client's own QA.
    var teamID: UUID?
    /// The client's expert whose scores are the benchmark ("expert" benchmark only).
    var expert: Bool?
}

struct CalibrationSessionInput: Content, Equatable {
    var title: String
    var heldOn: String
    /// The interactions every grader scores (e.g. contact ids).
    var items: [String]
    /// "expert" (the client expert's score), "agreed" (scores agreed when closing) or "median" (of all graders).
    var benchmark: String
    var tolerance: Double?
    var graders: [CalibrationGraderInput]
}

struct CalibrationScoreInput: Content, Equatable {
    var item: String
    var score: Double
}

struct CalibrationScoresInput: Content, Equatable {
    var graderID: UUID
    var scores: [CalibrationScoreInput]
}

struct CalibrationCloseInput: Content, Equatable {
    /// Item → agreed score; required for the "agreed" benchmark.
    var agreed: [String: Double]?
}

struct AlignmentDTO: Content, Equatable {
    let who: String
    let side: String
    let itemsCompared: Int
    let meanAbsoluteDeviation: FigureDTO
    /// Positive = scores above the benchmark (lenient).
    let meanSignedDeviation: FigureDTO
    let agreementShare: FigureDTO

    init(_ a: GraderAlignment, who: String, side: String) {
        self.who = who
        self.side = side
        itemsCompared = a.itemsCompared
        meanAbsoluteDeviation = FigureDTO(a.meanAbsoluteDeviation)
        meanSignedDeviation = FigureDTO(a.meanSignedDeviation)
        agreementShare = FigureDTO(a.agreementShare)
    }
}

struct CalibrationGraderDTO: Content, Equatable {
    let id: UUID
    let name: String
    /// "client", or the team's name.
    let side: String
    let teamID: UUID?
    let isExpert: Bool
    let itemsScored: Int
    /// Shown once the session is closed, or to whoever scores for this grader.
    let scores: [String: Double]?
    let canScore: Bool
}

struct CalibrationResultDTO: Content, Equatable {
    let alpha: FigureDTO
    let benchmark: [String: Double]
    let itemsWithoutBenchmark: [String]
    let graders: [AlignmentDTO]
    let sides: [AlignmentDTO]
}

struct CalibrationSessionDTO: Content, Equatable {
    let id: UUID
    let title: String
    let heldOn: String
    let items: [String]
    let benchmark: String
    let tolerance: Double
    let status: String
    let graders: [CalibrationGraderDTO]
    /// Once closed. A partner user sees its own graders and side, the benchmark and the session's alpha.
    let result: CalibrationResultDTO?
}

struct AlignedQADTO: Content, Equatable {
    let team: TeamRefDTO
    /// QA over the 13 weeks to the team's last day of data.
    let qa: FigureDTO?
    /// lenient, strict, aligned or notMeasured.
    let leniency: String
    let calibration: AlignmentDTO
    let note: String
}

struct CalibrationTrendPointDTO: Content, Equatable {
    let sessionID: UUID
    let heldOn: String
    let alignment: AlignmentDTO
}

struct CalibrationTrendsDTO: Content, Equatable {
    let graders: [String: [CalibrationTrendPointDTO]]
    let sides: [String: [CalibrationTrendPointDTO]]
    let teams: [AlignedQADTO]
}

/// Calibration sessions: set up by the client's managers, scored blind by graders of every side
/// (each side enters its own graders' scores and sees nobody else's), closed into a stored result.
enum CalibrationService {
    static func graderSide(_ teamID: UUID?) -> GraderSide { teamID.map { .team($0.uuidString) } ?? .client }

    static func sessions(scope: PartnerScope, on db: any Database) async throws -> [CalibrationSessionRecord] {
        let all = try await CalibrationSessionRecord.query(on: db).with(\.$graders) { $0.with(\.$scores) }.sort(\.$heldOn, .descending).all()
        return all.filter { visible($0, to: scope) }
    }

    /// A partner user sees a session only when one of its graders scores for that partner.
    static func visible(_ session: CalibrationSessionRecord, to scope: PartnerScope) -> Bool {
        guard let own = scope.partnerID else { return true }
        return session.graders.contains { $0.teamID == own }
    }

    static func require(_ id: UUID, scope: PartnerScope, on db: any Database) async throws -> CalibrationSessionRecord {
        let session = try await CalibrationSessionRecord.query(on: db).filter(\.$id == id).with(\.$graders) { $0.with(\.$scores) }.first()
        return try scope.require(session.flatMap { visible($0, to: scope) ? $0 : nil }, owner: { _ in scope.partnerID }, notFound: "No such calibration session.")
    }

    /// The domain's session over what is stored (scores of every grader; `agreed` for that benchmark).
    static func domain(_ s: CalibrationSessionRecord, graders: [CalibrationGraderRecord], agreed: [String: Double]?) throws(FieldErrors) -> CalibrationSession {
        let benchmark: CalibrationBenchmark
        switch s.benchmark {
        case "expert":
            guard let expert = graders.first(where: { $0.id == s.expertGraderID }) else { throw FieldErrors(["benchmark": "names no expert grader"]) }
            benchmark = .expert(graderID: expert.key)
        case "agreed": benchmark = .agreed(agreed ?? [:])
        default: benchmark = .graderMedian
        }
        return try CalibrationSession(
            id: s.id?.uuidString ?? "new", heldOn: UTCDay(daysSince1970: s.heldOn), items: s.itemList,
            graders: graders.sorted { $0.position < $1.position }.map { CalibrationGrader(id: $0.key, name: $0.name, side: graderSide($0.teamID)) },
            scores: graders.flatMap { g in (g.$scores.value ?? []).map { CalibrationScore(graderID: g.key, itemID: $0.item, score: $0.score) } },
            benchmark: benchmark, agreementTolerance: s.tolerance)
    }

    static func create(_ input: CalibrationSessionInput, by principal: Principal, on db: any Database) async throws -> CalibrationSessionRecord {
        var errors = FieldErrors()
        Check.required(input.title, "title", into: &errors)
        let held = RecognitionService.day(input.heldOn, "heldOn", default: nil, into: &errors)
        if !["expert", "agreed", "median"].contains(input.benchmark) { errors.add("benchmark", "must be expert, agreed or median") }
        let teams = Set(try await Partner.query(on: db).all().compactMap(\.id))
        for (index, grader) in input.graders.enumerated() {
            Check.required(grader.name, "graders[\(index + 1)].name", into: &errors)
            if let team = grader.teamID, !teams.contains(team) { errors.add("graders[\(index + 1)].teamID", "is not a team") }
            if grader.expert == true, grader.teamID != nil { errors.add("graders[\(index + 1)].expert", "the expert is the client's own grader") }
        }
        let experts = input.graders.filter { $0.expert == true }.count
        if input.benchmark == "expert", experts != 1 { errors.add("graders", "mark exactly one client grader as the expert (\(experts) marked)") }
        if input.benchmark != "expert", experts > 0 { errors.add("graders", "only the expert benchmark has an expert grader") }
        let session = CalibrationSessionRecord()
        session.title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        session.heldOn = held?.daysSince1970 ?? 0
        let items = input.items.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        session.items = String(decoding: try JSONEncoder().encode(items), as: UTF8.self)
        session.benchmark = input.benchmark
        session.tolerance = input.tolerance ?? 0
        session.status = "open"
        session.createdBy = principal.name
        let graders: [CalibrationGraderRecord] = input.graders.enumerated().map { index, g in
            let record = CalibrationGraderRecord()
            record.id = UUID()
            record.name = g.name.trimmingCharacters(in: .whitespacesAndNewlines)
            record.teamID = g.teamID
            record.position = index + 1
            record.$scores.value = []
            return record
        }
        if let expert = input.graders.firstIndex(where: { $0.expert == true }) { session.expertGraderID = graders[expert].id }
        if errors.isEmpty {
            do { _ = try domain(session, graders: graders, agreed: nil) } catch {
                for (key, message) in error.messages { errors.add(key == "agreement_tolerance" ? "tolerance" : key, message) }
            }
        }
        if !errors.isEmpty { throw ValidationFailed(fields: errors) }
        try await db.transaction { tx in
            try await session.create(on: tx)
            try await AuditLog.created(session, by: principal.actor, on: tx)
            for grader in graders {
                grader.$session.id = try session.requireID()
                try await grader.create(on: tx)
            }
        }
        return try await require(session.requireID(), scope: .all, on: db)
    }

    /// Who may enter a grader's scores: the grader's own side (the client's people for client graders,
    /// the partner's users for its graders), with the right to take part.
    static func canScore(_ grader: CalibrationGraderRecord, _ principal: Principal) -> Bool {
        guard principal.can(.takePartInRelationship) else { return false }
        if let team = grader.teamID { return principal.scope.includes(team) }
        return !principal.isPartnerUser
    }

    static func submitScores(_ input: CalibrationScoresInput, session: CalibrationSessionRecord, by principal: Principal, on db: any Database) async throws {
        guard let grader = session.graders.first(where: { $0.id == input.graderID }), visibleGrader(grader, to: principal.scope) else {
            throw Abort(.notFound, reason: "No such grader in this session.")
        }
        guard canScore(grader, principal) else { throw Abort(.forbidden, reason: "Only \(grader.teamID == nil ? "the client's people" : "the grader's own team") enter these scores.") }
        var errors = FieldErrors()
        if session.status != "open" { errors.add("scores", "the session is closed") }
        let items = Set(session.itemList)
        var seen = Set<String>()
        for (index, score) in input.scores.enumerated() {
            if !items.contains(score.item) { errors.add("scores[\(index + 1)].item", "\"\(score.item)\" is not one of the session's items") }
            if !seen.insert(score.item).inserted { errors.add("scores[\(index + 1)].item", "\"\(score.item)\" is scored twice") }
            if !(0...100).contains(score.score) { errors.add("scores[\(index + 1)].score", "must be between 0 and 100") }
        }
        if !errors.isEmpty { throw ValidationFailed(fields: errors) }
        let before = grader.auditFields
        try await db.transaction { tx in
            try await CalibrationScoreRecord.query(on: tx).filter(\.$grader.$id == grader.requireID()).delete()
            var stored: [CalibrationScoreRecord] = []
            for score in input.scores {
                let record = CalibrationScoreRecord()
                record.$grader.id = try grader.requireID()
                record.item = score.item
                record.score = score.score
                try await record.create(on: tx)
                stored.append(record)
            }
            grader.$scores.value = stored
            try await AuditLog.updated(grader, before: before, by: principal.actor, on: tx)
        }
    }

    static func close(_ session: CalibrationSessionRecord, input: CalibrationCloseInput, by principal: Principal, on db: any Database) async throws {
        var errors = FieldErrors()
        if session.status != "open" { errors.add("status", "the session is already closed") }
        if session.benchmark == "agreed", (input.agreed ?? [:]).isEmpty { errors.add("agreed", "give the agreed score of each item") }
        var result: CalibrationResult?
        if errors.isEmpty {
            do {
                result = CalibrationResult(try domain(session, graders: session.graders, agreed: input.agreed))
            } catch {
                for (key, message) in error.messages { errors.add(key == "benchmark" ? "agreed" : key, message) }
            }
        }
        guard errors.isEmpty, let result else { throw ValidationFailed(fields: errors) }
        let before = session.auditFields
        session.status = "closed"
        session.closedAt = Date()
        if let agreed = input.agreed, session.benchmark == "agreed" { session.agreed = String(decoding: try JSONEncoder().encode(agreed), as: UTF8.self) }
        session.result = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        try await db.transaction { tx in
            try await session.update(on: tx)
            try await AuditLog.updated(session, before: before, by: principal.actor, on: tx)
        }
    }

    static func visibleGrader(_ grader: CalibrationGraderRecord, to scope: PartnerScope) -> Bool {
        guard let own = scope.partnerID else { return true }
        return grader.teamID == own
    }

    static func result(_ session: CalibrationSessionRecord) -> CalibrationResult? {
        session.result.flatMap { try? JSONDecoder().decode(CalibrationResult.self, from: Data($0.utf8)) }
    }

    /// Every team's name by id: sessions name each grader's side.
    static func teamNames(on db: any Database) async throws -> [UUID: String] {
        Dictionary(try await Partner.query(on: db).all().compactMap { p in p.id.map { ($0, p.name) } }, uniquingKeysWith: { first, _ in first })
    }

    static func dto(_ s: CalibrationSessionRecord, principal: Principal, teamNames: [UUID: String]) -> CalibrationSessionDTO {
        let scope = principal.scope
        let closed = s.status == "closed"
        let graders = s.graders.sorted { $0.position < $1.position }.filter { visibleGrader($0, to: scope) }
        let byKey = Dictionary(s.graders.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        func sideName(_ teamID: UUID?) -> String { teamID.map { teamNames[$0] ?? "a team" } ?? "client" }
        var resultDTO: CalibrationResultDTO?
        if closed, let r = result(s) {
            let benchmark: [String: Double] = {
                switch s.benchmark {
                case "expert":
                    let expert = s.graders.first { $0.id == s.expertGraderID }
                    return Dictionary((expert?.$scores.value ?? []).map { ($0.item, $0.score) }, uniquingKeysWith: { first, _ in first })
                case "agreed": return s.agreed.flatMap { try? JSONDecoder().decode([String: Double].self, from: Data($0.utf8)) } ?? [:]
                default:
                    let all = s.graders.flatMap { $0.$scores.value ?? [] }
                    return Dictionary(grouping: all, by: \.item).compactMapValues { scores in
                        let sorted = scores.map(\.score).sorted()
                        guard !sorted.isEmpty else { return nil }
                        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
                    }
                }
            }()
            let shownGraders = r.graders.compactMap { a -> AlignmentDTO? in
                guard let g = byKey[a.who], visibleGrader(g, to: scope) else { return nil }
                return AlignmentDTO(a, who: g.name, side: sideName(g.teamID))
            }
            let shownSides = r.sides.compactMap { a -> AlignmentDTO? in
                let team: UUID? = if case .team(let id) = a.side { UUID(uuidString: id) } else { nil }
                guard scope.includes(team) else { return nil }
                return AlignmentDTO(a, who: sideName(team), side: sideName(team))
            }
            resultDTO = CalibrationResultDTO(alpha: FigureDTO(r.alpha), benchmark: benchmark, itemsWithoutBenchmark: r.itemsWithoutBenchmark,
                                             graders: shownGraders, sides: shownSides)
        }
        return CalibrationSessionDTO(
            id: s.id!, title: s.title, heldOn: UTCDay(daysSince1970: s.heldOn).description, items: s.itemList, benchmark: s.benchmark, tolerance: s.tolerance,
            status: s.status,
            graders: graders.map { g in
                let mine = canScore(g, principal)
                let scores = g.$scores.value ?? []
                return CalibrationGraderDTO(id: g.id!, name: g.name, side: sideName(g.teamID), teamID: g.teamID, isExpert: g.id == s.expertGraderID,
                                            itemsScored: scores.count,
                                            scores: closed || (mine && !closed) ? Dictionary(scores.map { ($0.item, $0.score) }, uniquingKeysWith: { first, _ in first }) : nil,
                                            canScore: mine && !closed)
            },
            result: resultDTO)
    }

    /// Trends per grader and per side over the closed sessions, and each visible team's QA with its graders' alignment.
    static func trends(principal: Principal, on db: any Database) async throws -> CalibrationTrendsDTO {
        let scope = principal.scope
        let sessions = try await sessions(scope: .all, on: db).filter { $0.status == "closed" }
        let results = sessions.compactMap(result)
        let names = try await teamNames(on: db)
        var graderInfo: [String: CalibrationGraderRecord] = [:]
        for s in sessions { for g in s.graders { graderInfo[g.key] = g } }
        let sessionIDs = Dictionary(sessions.compactMap { s in s.id.map { ($0.uuidString, $0) } }, uniquingKeysWith: { first, _ in first })
        func point(_ p: CalibrationTrend.Point, who: String, side: String) -> CalibrationTrendPointDTO {
            CalibrationTrendPointDTO(sessionID: UUID(uuidString: p.sessionID) ?? UUID(), heldOn: p.heldOn.description, alignment: AlignmentDTO(p.alignment, who: who, side: side))
        }
        var graders: [String: [CalibrationTrendPointDTO]] = [:]
        for (key, points) in CalibrationTrend.byGrader(results) {
            guard let g = graderInfo[key], visibleGrader(g, to: scope) else { continue }
            let side = g.teamID.map { names[$0] ?? "a team" } ?? "client"
            graders["\(g.name) (\(side))"] = points.filter { sessionIDs[$0.sessionID] != nil }.map { point($0, who: g.name, side: side) }
        }
        var sides: [String: [CalibrationTrendPointDTO]] = [:]
        for (side, points) in CalibrationTrend.bySide(results) {
            let team: UUID? = if case .team(let id) = side { UUID(uuidString: id) } else { nil }
            guard scope.includes(team) else { continue }
            let name = team.map { names[$0] ?? "a team" } ?? "client"
            sides[name] = points.map { point($0, who: name, side: name) }
        }
        let settings = try await FrontlineSettingsStore.load(on: db)
        var aligned: [AlignedQADTO] = []
        for team in try await FrontlineAccess.visibleTeams(principal, on: db) {
            let id = try team.requireID()
            let figures = try await FrontlineRefresh.figures(of: id, on: db)
            let qa = figures?.recentQA ?? KPIResult(kind: .qaScore, value: nil, numerator: 0, denominator: 0, sampleSize: 0, minimumSample: settings.minimumSample,
                                                    formula: "Σ evaluation scores ÷ evaluations", unit: .points)
            let score = AlignedQAScore(teamID: id.uuidString, qa: qa, calibrations: results, leniencyPoints: settings.leniencyPoints,
                                       minimumSample: settings.minimumSample)
            let qaFigure = FrontlineFigure(value: qa.value, unit: .points, formula: qa.formula, arithmetic: "\(String(format: "%g", qa.numerator)) ÷ \(Int(qa.denominator))",
                                           period: figures?.asOf.map { "13 weeks to \($0)" } ?? "no data", sampleSize: qa.sampleSize, sampleUnit: "evaluations",
                                           minimumSample: qa.minimumSample)
            aligned.append(AlignedQADTO(team: TeamRefDTO(id: id, name: team.name, kind: team.kind), qa: figures?.recentQA == nil ? nil : FigureDTO(qaFigure),
                                        leniency: score.leniency.rawValue, calibration: AlignmentDTO(score.calibration, who: team.name, side: team.name),
                                        note: score.note.replacingOccurrences(of: id.uuidString, with: team.name)))
        }
        return CalibrationTrendsDTO(graders: graders, sides: sides, teams: aligned)
    }
}
