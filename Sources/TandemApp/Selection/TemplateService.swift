import Fluent
import Foundation
import TandemPartners
import TandemSelection
import Vapor

struct CriterionDTO: Content, Equatable {
    let id: UUID
    let position: Int
    let group: String
    let name: String
    let guidance: String
    let weight: Double
    let scaleMin: Double
    let scaleMax: Double
    /// Set for a knock-out (must-have) criterion: the lowest acceptable mean score.
    let passMark: Double?
    let knockOut: Bool
}

struct EvaluationTemplateDTO: Content, Equatable {
    let id: UUID
    let name: String
    let description: String
    let disagreementThreshold: Double
    let minimumCoverage: Double
    let criteria: [CriterionDTO]
    let totalWeight: Double
    /// Scores exist against it: weights, scales and the set of criteria are fixed (copy it to change them).
    let locked: Bool
}

struct CriterionInput: Codable, Sendable, Equatable {
    /// An existing criterion to keep (its scores stay attached); nil for a new one.
    var id: UUID?
    var group: String?
    var name: String
    var guidance: String?
    var weight: Double
    var scaleMin: Double?
    var scaleMax: Double?
    /// Makes the criterion a knock-out: a candidate whose mean is below it is out.
    var passMark: Double?
}

struct EvaluationTemplateInput: Content, Equatable {
    var name: String
    var description: String?
    /// Share of a criterion's scale (0–1) above which evaluators' spread is flagged; default 0.25.
    var disagreementThreshold: Double?
    /// Share of the weight (0–1) a candidate's scored criteria must carry to be ranked; default 0.5.
    var minimumCoverage: Double?
    var criteria: [CriterionInput]
}

/// Evaluation templates: weighted criteria in groups, each with a scale, some knock-outs.
enum TemplateService {
    static func list(on db: any Database) async throws -> [EvaluationTemplateDTO] {
        var out: [EvaluationTemplateDTO] = []
        for template in try await EvaluationTemplate.query(on: db).sort(\.$name).all() { out.append(try await dto(template, on: db)) }
        return out
    }

    static func require(_ id: UUID, on db: any Database) async throws -> EvaluationTemplate {
        guard let template = try await EvaluationTemplate.find(id, on: db) else { throw Abort(.notFound, reason: "No such evaluation template.") }
        return template
    }

    static func criteria(of templateID: UUID, on db: any Database) async throws -> [TemplateCriterion] {
        try await TemplateCriterion.query(on: db).filter(\.$template.$id == templateID).sort(\.$position).all()
    }

    /// True once any evaluation has a score against one of the template's criteria.
    static func isLocked(_ templateID: UUID, on db: any Database) async throws -> Bool {
        let ids = try await TemplateCriterion.query(on: db).filter(\.$template.$id == templateID).all(\.$id)
        guard !ids.isEmpty else { return false }
        return try await EvaluationScore.query(on: db).filter(\.$criterion.$id ~~ ids).count() > 0
    }

    static func criterionDTO(_ c: TemplateCriterion) -> CriterionDTO {
        CriterionDTO(id: c.id!, position: c.position, group: c.group, name: c.name, guidance: c.guidance, weight: c.weight,
                     scaleMin: c.scaleMin, scaleMax: c.scaleMax, passMark: c.passMark, knockOut: c.passMark != nil)
    }

    static func dto(_ t: EvaluationTemplate, on db: any Database) async throws -> EvaluationTemplateDTO {
        let criteria = try await criteria(of: t.requireID(), on: db)
        return EvaluationTemplateDTO(id: t.id!, name: t.name, description: t.details, disagreementThreshold: t.disagreementThreshold,
                                     minimumCoverage: t.minimumCoverage, criteria: criteria.map(criterionDTO),
                                     totalWeight: criteria.reduce(0) { $0 + $1.weight }, locked: try await isLocked(t.requireID(), on: db))
    }

    static func create(_ input: EvaluationTemplateInput, by actor: Actor, on db: any Database) async throws -> EvaluationTemplate {
        try await save(input, template: nil, by: actor, on: db)
    }

    /// Creates or replaces a template and its criteria in one transaction. Criteria named by id
    /// are updated in place (their scores stay attached); the others are created; the rest removed.
    static func save(_ input: EvaluationTemplateInput, template existing: EvaluationTemplate?, by actor: Actor, on db: any Database) async throws -> EvaluationTemplate {
        var errors = FieldErrors()
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        Check.required(name, "name", into: &errors)
        Check.length(input.description, "description", max: 10_000, into: &errors)
        let rules = SelectionRules(disagreementThreshold: input.disagreementThreshold ?? existing?.disagreementThreshold ?? 0.25,
                                   minimumCoverage: input.minimumCoverage ?? existing?.minimumCoverage ?? 0.5)
        for (field, message) in rules.problems() { errors.add(field, message) }
        if !name.isEmpty {
            let clash = try await SameNameLookup.matches(in: EvaluationTemplate.schema, name: name, on: db).contains { $0.id != existing?.id }
            if clash { errors.add("name", "is already used by another template") }
        }
        let current = existing == nil ? [] : try await criteria(of: existing!.requireID(), on: db)
        var proposed: [Criterion] = []
        for (i, c) in input.criteria.enumerated() {
            let min = c.scaleMin ?? 1, max = c.scaleMax ?? 5
            guard let scale = ScoreScale(minimum: min, maximum: max) else {
                errors.add("criteria[\(i)].scaleMax", "must be above the scale's minimum")
                continue
            }
            if let id = c.id, !current.contains(where: { $0.id == id }) { errors.add("criteria[\(i)].id", "is not a criterion of this template") }
            proposed.append(Criterion(id: c.id?.uuidString ?? "new-\(i)", name: c.name, group: c.group ?? "", weight: c.weight, scale: scale, passMark: c.passMark))
            Check.length(c.guidance, "criteria[\(i)].guidance", max: 2_000, into: &errors)
        }
        for (field, message) in CriteriaCheck.problems(proposed) { errors.add(field, message) }
        if let existing, try await isLocked(existing.requireID(), on: db) {
            let keptIDs = Set(input.criteria.compactMap(\.id))
            let structural = keptIDs != Set(current.compactMap { $0.id }) || input.criteria.contains { c in
                guard let id = c.id, let old = current.first(where: { $0.id == id }) else { return true }
                return old.weight != c.weight || old.scaleMin != (c.scaleMin ?? 1) || old.scaleMax != (c.scaleMax ?? 5) || old.passMark != c.passMark
            }
            if structural { errors.add("criteria", "are fixed: evaluators have scored against them. Names, groups and guidance can change; copy the template to change weights, scales, knock-outs or the criteria") }
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }

        let template = existing ?? EvaluationTemplate()
        let before = existing?.auditFields
        template.name = name
        template.details = input.description ?? existing?.details ?? ""
        template.disagreementThreshold = rules.disagreementThreshold
        template.minimumCoverage = rules.minimumCoverage
        try await db.transaction { tx in
            try await template.save(on: tx)
            try await AuditLog.saved(template, before: before, by: actor, on: tx)
            let templateID = try template.requireID()
            let kept = Set(input.criteria.compactMap(\.id))
            for old in current where !kept.contains(old.id!) {
                try await AuditLog.deleted(old, by: actor, on: tx)
                try await old.delete(on: tx)
            }
            for (i, c) in input.criteria.enumerated() {
                let row = current.first { $0.id == c.id } ?? TemplateCriterion()
                let rowBefore = row.id == nil ? nil : row.auditFields
                row.$template.id = templateID
                row.position = i + 1
                row.group = (c.group ?? "").trimmingCharacters(in: .whitespaces)
                row.name = c.name.trimmingCharacters(in: .whitespaces)
                row.guidance = c.guidance ?? ""
                row.weight = c.weight
                row.scaleMin = c.scaleMin ?? 1
                row.scaleMax = c.scaleMax ?? 5
                row.passMark = c.passMark
                try await row.save(on: tx)
                try await AuditLog.saved(row, before: rowBefore, by: actor, on: tx)
            }
        }
        return template
    }

    /// A copy with the same criteria, free to change ("Name (copy)", "Name (copy 2)"...).
    static func copy(_ template: EvaluationTemplate, by actor: Actor, on db: any Database) async throws -> EvaluationTemplate {
        let criteria = try await criteria(of: template.requireID(), on: db)
        var name = "\(template.name) (copy)"
        var n = 2
        while try await !SameNameLookup.matches(in: EvaluationTemplate.schema, name: name, on: db).isEmpty {
            name = "\(template.name) (copy \(n))"
            n += 1
        }
        return try await create(.init(name: name, description: template.details, disagreementThreshold: template.disagreementThreshold,
                                      minimumCoverage: template.minimumCoverage,
                                      criteria: criteria.map { .init(id: nil, group: $0.group, name: $0.name, guidance: $0.guidance, weight: $0.weight,
                                                                     scaleMin: $0.scaleMin, scaleMax: $0.scaleMax, passMark: $0.passMark) }),
                                by: actor, on: db)
    }
}
