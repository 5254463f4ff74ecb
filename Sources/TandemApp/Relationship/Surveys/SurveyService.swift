import Fluent
import Foundation
import TandemPartners
import TandemRelationship
import Vapor

struct SurveyRoundDTO: Content, Equatable {
    let id: UUID
    let title: String
    let quarter: String
    let opensOn: LocalDate
    let closesOn: LocalDate
}

struct SurveyRoundInput: Content, Equatable {
    var title: String?
    var quarter: String
    var opensOn: LocalDate
    var closesOn: LocalDate
}

struct SurveyAnswerInput: Content, Equatable {
    /// Item key → 1…5. Keys come from the questionnaire of the respondent's direction.
    var scores: [String: Int]
    var comment: String?
}

struct DimensionResultDTO: Codable, Sendable, Equatable {
    let dimension: String
    let responses: Int
    let mean: Double?
    let suppressed: Bool
}

struct SurveyResultDTO: Content, Equatable {
    let roundID: UUID
    let quarter: String
    let partnerID: UUID
    let partnerName: String
    let direction: SurveyDirection
    let responses: Int
    let threshold: Int
    let dimensions: [DimensionResultDTO]
    let overall: Double?
    /// Shown only once the group reaches the anonymity threshold; never with names.
    let comments: [String]
}

/// Trust surveys both ways, with the anonymity threshold applied to every result.
enum SurveyService {
    static func dto(_ r: SurveyRound) -> SurveyRoundDTO {
        SurveyRoundDTO(id: r.id!, title: r.title, quarter: r.quarter, opensOn: LocalDate(r.opensOn)!, closesOn: LocalDate(r.closesOn)!)
    }

    static func rounds(on db: any Database) async throws -> [SurveyRound] {
        try await SurveyRound.query(on: db).sort(\.$opensOn, .descending).all()
    }

    static func require(_ id: UUID, on db: any Database) async throws -> SurveyRound {
        guard let round = try await SurveyRound.find(id, on: db) else { throw Abort(.notFound, reason: "No such survey.") }
        return round
    }

    static func createRound(_ input: SurveyRoundInput, by actor: Actor, on db: any Database) async throws -> SurveyRound {
        var errors = FieldErrors()
        if Quarter(input.quarter) == nil { errors.add("quarter", "must be a quarter such as 2026-Q3") }
        if input.closesOn < input.opensOn { errors.add("closesOn", "must be on or after the opening day") }
        Check.length(input.title, "title", max: 200, into: &errors)
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let round = SurveyRound()
        let title = input.title?.trimmingCharacters(in: .whitespaces) ?? ""
        round.title = title.isEmpty ? "Trust pulse \(Quarter(input.quarter)!)" : title
        round.quarter = Quarter(input.quarter)!.description
        round.opensOn = input.opensOn.description
        round.closesOn = input.closesOn.description
        try await db.transaction { tx in
            try await round.create(on: tx)
            try await AuditLog.created(round, by: actor, on: tx)
        }
        return round
    }

    /// Client users rate the partner; partner users rate the client on their partner's behalf.
    static func direction(for principal: Principal) -> SurveyDirection {
        principal.isPartnerUser ? .partnerRatesClient : .clientRatesPartner
    }

    static func hasAnswered(round: SurveyRound, partnerID: UUID, principal: Principal, on db: any Database) async throws -> Bool {
        try await SurveyResponse.query(on: db).filter(\.$round.$id == round.requireID()).filter(\.$partner.$id == partnerID)
            .filter(\.$direction == direction(for: principal)).filter(\.$respondentID == principal.userID).count() > 0
    }

    static func respond(_ input: SurveyAnswerInput, round: SurveyRound, partner: Partner, principal: Principal, today: LocalDate, now: Date = Date(), on db: any Database) async throws {
        let direction = direction(for: principal)
        var errors = FieldErrors()
        let items = SurveyInstrument.items(direction)
        for item in items {
            guard let score = input.scores[item.key] else { errors.add(item.key, "needs a score from 1 to 5"); continue }
            if !(1...5).contains(score) { errors.add(item.key, "must be from 1 to 5") }
        }
        for key in input.scores.keys where !items.contains(where: { $0.key == key }) { errors.add(key, "is not a question of this survey") }
        Check.length(input.comment, "comment", max: 4_000, into: &errors)
        if today < LocalDate(round.opensOn)! || LocalDate(round.closesOn)! < today { errors.add("survey", "is not open (\(round.opensOn) to \(round.closesOn))") }
        if partner.kind != .partner { errors.add("partner", "surveys rate outsourcing partners, not the in-house team") }
        if try await hasAnswered(round: round, partnerID: partner.requireID(), principal: principal, on: db) { errors.add("survey", "you have already answered for this partnership") }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let response = SurveyResponse()
        response.$round.id = try round.requireID()
        response.$partner.id = try partner.requireID()
        response.direction = direction
        response.respondentID = principal.userID
        response.scores = String(decoding: try JSONEncoder().encode(input.scores), as: UTF8.self)
        response.comment = input.comment?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        response.submittedAt = now
        // Answers are anonymous: not audited field by field (the audit log would name the respondent).
        try await response.create(on: db)
    }

    static func result(round: SurveyRound, partner: PartnerDTO, direction: SurveyDirection, threshold: Int, on db: any Database) async throws -> SurveyResultDTO {
        let responses = try await SurveyResponse.query(on: db).filter(\.$round.$id == round.requireID()).filter(\.$partner.$id == partner.id)
            .filter(\.$direction == direction).all()
        let results = SurveyScoring.results(responses.map(\.scoreMap), direction: direction, threshold: threshold)
        let enough = responses.count >= threshold
        return SurveyResultDTO(roundID: round.id!, quarter: round.quarter, partnerID: partner.id, partnerName: partner.name, direction: direction,
                               responses: responses.count, threshold: threshold,
                               dimensions: results.map { .init(dimension: $0.dimension, responses: $0.responses, mean: $0.mean, suppressed: $0.suppressed) },
                               overall: SurveyScoring.overall(results),
                               comments: enough ? responses.map(\.comment).filter { !$0.isEmpty }.sorted() : [])
    }

    /// Every result of a round the caller may see: partner users only their own partnership.
    static func results(round: SurveyRound, scope: PartnerScope, on db: any Database) async throws -> [SurveyResultDTO] {
        let threshold = try await WebhookService.settings(on: db).anonymityThreshold
        var out: [SurveyResultDTO] = []
        for partner in try await PartnerService.list(scope: scope, on: db) where partner.kind == .partner {
            for direction in SurveyDirection.allCases {
                out.append(try await result(round: round, partner: partner, direction: direction, threshold: threshold, on: db))
            }
        }
        return out
    }

    /// Results for one partner and direction over every round of the given quarters.
    static func results(partner: PartnerDTO, quarter: Quarter, direction: SurveyDirection, on db: any Database) async throws -> SurveyResultDTO? {
        let threshold = try await WebhookService.settings(on: db).anonymityThreshold
        guard let round = try await SurveyRound.query(on: db).filter(\.$quarter == quarter.description).sort(\.$opensOn, .descending).first() else { return nil }
        return try await result(round: round, partner: partner, direction: direction, threshold: threshold, on: db)
    }
}
