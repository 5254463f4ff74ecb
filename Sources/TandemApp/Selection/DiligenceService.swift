import Fluent
import Foundation
import TandemPartners
import TandemSelection
import Vapor

struct QuestionAnswer: Codable, Sendable, Equatable {
    var question: String
    var answer: String
}

struct ReferenceCheckDTO: Content, Equatable {
    let id: UUID
    let eventID: UUID
    let partnerID: UUID
    let partnerName: String
    let refereeName: String
    let refereeCompany: String
    let refereeRole: String
    let checkedOn: LocalDate
    let answers: [QuestionAnswer]
    let redFlags: [String]
    let checkedBy: String
}

struct ReferenceCheckInput: Content, Equatable {
    var refereeName: String
    var refereeCompany: String
    var refereeRole: String?
    var checkedOn: LocalDate
    /// Questions asked and what the referee said; default questions when absent on creation.
    var answers: [QuestionAnswer]?
    /// One red flag each; empty when none.
    var redFlags: [String]?
}

struct SiteVisitDTO: Content, Equatable {
    struct Observation: Codable, Sendable, Equatable {
        let observation: VisitObservation
        let label: String
        let prompt: String
        let finding: ObservationFinding
        let note: String
    }
    struct Photo: Codable, Sendable, Equatable {
        let id: UUID
        let fileName: String
        let mediaType: String
        let size: Int
        let caption: String
        let uploadedBy: String
        let uploadedAt: Date
    }
    let id: UUID
    let eventID: UUID
    let partnerID: UUID
    let partnerName: String
    let siteID: UUID?
    let location: String
    let visitedOn: LocalDate
    let visitors: String
    let notes: String
    let observations: [Observation]
    let summary: String
    /// The visit did not confirm it saw the site that would deliver the work.
    let notTheDeliverySite: Bool
    let photos: [Photo]
}

struct ObservationInput: Codable, Sendable, Equatable {
    var finding: ObservationFinding
    var note: String?
}

struct SiteVisitInput: Content, Equatable {
    /// One of the candidate's registered sites, or nil with a `location` written out.
    var siteID: UUID?
    var location: String?
    var visitedOn: LocalDate
    var visitors: String
    var notes: String?
    /// Observation (raw value) → what was found; unlisted ones stay "not checked".
    var observations: [String: ObservationInput]?
}

struct SelectionDecisionDTO: Content, Equatable {
    let eventID: UUID
    let eventTitle: String
    let partnerID: UUID
    let partnerName: String
    let decidedBy: String
    let decidedAt: Date
    let rationale: String
    let tradeOffs: String
    /// The comparison when the decision was taken, one candidate a line.
    let ranking: [String]
}

struct SelectionDecisionInput: Content, Equatable {
    var partnerID: UUID
    var rationale: String
    /// What was given up; required when the choice is not the top-ranked candidate.
    var tradeOffs: String?
}

/// Reference checks, site visits with their photos, and the decision.
enum DiligenceService {
    /// A starting RFP questionnaire for a new sourcing event.
    static let defaultRFPQuestions = [
        "Which of your sites would serve this work, and how many seats are free there?",
        "How do you recruit, train and keep agents for a program like this? What was your agent attrition over the last 12 months?",
        "Which security certifications do you hold (PCI DSS, SOC 2, ISO 27001) and when were they last audited?",
        "How do you tell a client about a mistake your team made?",
        "Your pricing model and rates for this scope.",
    ]

    static let standardReferenceQuestions = [
        "How long have you worked with them, on which channels and how many agents?",
        "How did they handle their own mistakes: did they tell you before you found out?",
        "How stable are their team leads and agents (attrition, tenure)?",
        "How did they ramp up and cope with volume spikes?",
        "Would you hire them again for the same work? Why or why not?",
    ]

    // MARK: References

    static func references(eventID: UUID, partnerID: UUID? = nil, on db: any Database) async throws -> [ReferenceCheck] {
        let query = ReferenceCheck.query(on: db).filter(\.$event.$id == eventID).with(\.$partner).sort(\.$checkedOn)
        if let partnerID { query.filter(\.$partner.$id == partnerID) }
        return try await query.all()
    }

    /// Client-side only; 404 for partner users.
    static func requireReference(_ id: UUID, principal: Principal, on db: any Database) async throws -> ReferenceCheck {
        guard !principal.isPartnerUser, let ref = try await ReferenceCheck.query(on: db).filter(\.$id == id).with(\.$partner).with(\.$event).first()
        else { throw Abort(.notFound, reason: "No such reference check.") }
        return ref
    }

    static func referenceDTO(_ r: ReferenceCheck, on db: any Database) async throws -> ReferenceCheckDTO {
        let answers = try await ReferenceAnswer.query(on: db).filter(\.$reference.$id == r.requireID()).sort(\.$position).all()
        return ReferenceCheckDTO(id: r.id!, eventID: r.$event.id, partnerID: r.$partner.id, partnerName: r.partner.name, refereeName: r.refereeName,
                                 refereeCompany: r.refereeCompany, refereeRole: r.refereeRole, checkedOn: LocalDate(r.checkedOn) ?? LocalDate(year: 2000, month: 1, day: 1)!,
                                 answers: answers.map { QuestionAnswer(question: $0.question, answer: $0.answer) }, redFlags: r.flags, checkedBy: r.checkedBy)
    }

    static func saveReference(_ input: ReferenceCheckInput, reference existing: ReferenceCheck?, event: SourcingEvent, partner: Partner,
                              principal: Principal, on db: any Database) async throws -> ReferenceCheck {
        try SourcingService.requireOpen(event)
        var errors = FieldErrors()
        Check.required(input.refereeName, "refereeName", into: &errors)
        Check.required(input.refereeCompany, "refereeCompany", into: &errors)
        Check.length(input.refereeRole, "refereeRole", max: 200, into: &errors)
        let answers = (input.answers ?? (existing == nil ? standardReferenceQuestions.map { QuestionAnswer(question: $0, answer: "") } : nil))
        if let answers {
            if answers.count > 40 { errors.add("answers", "at most 40 questions") }
            for (i, qa) in answers.enumerated() {
                Check.length(qa.question, "answers[\(i)].question", max: 2_000, into: &errors)
                Check.length(qa.answer, "answers[\(i)].answer", max: 20_000, into: &errors)
            }
        }
        let flags = (input.redFlags ?? existing?.flags ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        for (i, f) in flags.enumerated() where f.count > 2_000 || f.contains("\n") { errors.add("redFlags[\(i)]", "must be one line of at most 2,000 characters") }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let ref = existing ?? ReferenceCheck()
        let before = existing?.auditFields
        ref.$event.id = try event.requireID()
        ref.$partner.id = try partner.requireID()
        ref.refereeName = input.refereeName.trimmingCharacters(in: .whitespaces)
        ref.refereeCompany = input.refereeCompany.trimmingCharacters(in: .whitespaces)
        ref.refereeRole = (input.refereeRole ?? "").trimmingCharacters(in: .whitespaces)
        ref.checkedOn = input.checkedOn.description
        ref.redFlags = flags.joined(separator: "\n")
        if existing == nil { ref.checkedBy = principal.name }
        try await db.transaction { tx in
            try await ref.save(on: tx)
            try await AuditLog.saved(ref, before: before, by: principal.actor, on: tx)
            guard let answers else { return }
            let old = try await ReferenceAnswer.query(on: tx).filter(\.$reference.$id == ref.requireID()).all()
            let kept = answers.filter { !$0.question.trimmingCharacters(in: .whitespaces).isEmpty }
            for row in old where row.position > kept.count {
                try await AuditLog.deleted(row, by: principal.actor, on: tx)
                try await row.delete(on: tx)
            }
            for (i, qa) in kept.enumerated() {
                let row = old.first { $0.position == i + 1 } ?? ReferenceAnswer()
                let question = qa.question.trimmingCharacters(in: .whitespacesAndNewlines), answer = qa.answer.trimmingCharacters(in: .whitespacesAndNewlines)
                if row.id != nil && row.question == question && row.answer == answer { continue }
                let rowBefore = row.id == nil ? nil : row.auditFields
                row.$reference.id = try ref.requireID()
                row.position = i + 1
                row.question = question
                row.answer = answer
                try await row.save(on: tx)
                try await AuditLog.saved(row, before: rowBefore, by: principal.actor, on: tx)
            }
        }
        return ref
    }

    // MARK: Site visits

    static func visits(eventID: UUID, partnerID: UUID? = nil, on db: any Database) async throws -> [SiteVisit] {
        let query = SiteVisit.query(on: db).filter(\.$event.$id == eventID).with(\.$partner).sort(\.$visitedOn)
        if let partnerID { query.filter(\.$partner.$id == partnerID) }
        return try await query.all()
    }

    static func requireVisit(_ id: UUID, principal: Principal, on db: any Database) async throws -> SiteVisit {
        guard !principal.isPartnerUser, let visit = try await SiteVisit.query(on: db).filter(\.$id == id).with(\.$partner).with(\.$event).first()
        else { throw Abort(.notFound, reason: "No such site visit.") }
        return visit
    }

    static func visitDTO(_ v: SiteVisit, on db: any Database) async throws -> SiteVisitDTO {
        let records = try await VisitObservationRecord.query(on: db).filter(\.$visit.$id == v.requireID()).all()
        let photos = try await VisitPhoto.query(on: db).filter(\.$visit.$id == v.requireID()).sort(\.$uploadedAt)
            .field(\.$id).field(\.$visit.$id).field(\.$fileName).field(\.$mediaType).field(\.$size).field(\.$caption).field(\.$uploadedBy).field(\.$uploadedAt).all()
        let findings = Dictionary(records.map { ($0.observation, $0.finding) }, uniquingKeysWith: { a, _ in a })
        let summary = VisitSummary(findings)
        return SiteVisitDTO(
            id: v.id!, eventID: v.$event.id, partnerID: v.$partner.id, partnerName: v.partner.name, siteID: v.$site.id, location: v.location,
            visitedOn: LocalDate(v.visitedOn) ?? LocalDate(year: 2000, month: 1, day: 1)!, visitors: v.visitors, notes: v.notes,
            observations: VisitObservation.allCases.map { o in
                let r = records.first { $0.observation == o }
                return .init(observation: o, label: o.label, prompt: o.prompt, finding: r?.finding ?? .notChecked, note: r?.note ?? "")
            },
            summary: summary.text, notTheDeliverySite: summary.notTheDeliverySite,
            photos: photos.map { .init(id: $0.id!, fileName: $0.fileName, mediaType: $0.mediaType, size: $0.size, caption: $0.caption, uploadedBy: $0.uploadedBy, uploadedAt: $0.uploadedAt) })
    }

    static func saveVisit(_ input: SiteVisitInput, visit existing: SiteVisit?, event: SourcingEvent, partner: Partner, principal: Principal,
                          on db: any Database) async throws -> SiteVisit {
        try SourcingService.requireOpen(event)
        var errors = FieldErrors()
        var location = (input.location ?? "").trimmingCharacters(in: .whitespaces)
        if let siteID = input.siteID {
            if let site = try await Site.query(on: db).filter(\.$id == siteID).filter(\.$partner.$id == partner.requireID()).first() {
                if location.isEmpty { location = "\(site.name), \(site.city)" }
            } else {
                errors.add("siteID", "is not one of \(partner.name)'s sites")
            }
        }
        if location.isEmpty && errors["siteID"] == nil { errors.add("location", "is required: pick a registered site or write where the visit was") }
        Check.length(location, "location", max: 200, into: &errors)
        Check.required(input.visitors, "visitors", max: 500, into: &errors)
        Check.length(input.notes, "notes", max: Check.longText, into: &errors)
        var findings: [VisitObservation: ObservationInput] = [:]
        for (key, value) in input.observations ?? [:] {
            guard let observation = VisitObservation(rawValue: key) else { errors.add("observations.\(key)", "is not an observation of the checklist"); continue }
            Check.length(value.note, "observations.\(key).note", max: 2_000, into: &errors)
            findings[observation] = value
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let wantedFindings = findings
        let visit = existing ?? SiteVisit()
        let before = existing?.auditFields
        visit.$event.id = try event.requireID()
        visit.$partner.id = try partner.requireID()
        visit.$site.id = input.siteID
        visit.location = location
        visit.visitedOn = input.visitedOn.description
        visit.visitors = input.visitors.trimmingCharacters(in: .whitespaces)
        visit.notes = input.notes ?? existing?.notes ?? ""
        try await db.transaction { tx in
            try await visit.save(on: tx)
            try await AuditLog.saved(visit, before: before, by: principal.actor, on: tx)
            guard input.observations != nil else { return }
            let old = try await VisitObservationRecord.query(on: tx).filter(\.$visit.$id == visit.requireID()).all()
            for observation in VisitObservation.allCases {
                let wanted = wantedFindings[observation] ?? ObservationInput(finding: .notChecked, note: "")
                let row = old.first { $0.observation == observation } ?? VisitObservationRecord()
                let note = (wanted.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                if row.id == nil && wanted.finding == .notChecked && note.isEmpty { continue }
                if row.id != nil && row.finding == wanted.finding && row.note == note { continue }
                let rowBefore = row.id == nil ? nil : row.auditFields
                row.$visit.id = try visit.requireID()
                row.observation = observation
                row.finding = wanted.finding
                row.note = note
                try await row.save(on: tx)
                try await AuditLog.saved(row, before: rowBefore, by: principal.actor, on: tx)
            }
        }
        return visit
    }

    /// Stores a photo checked by its bytes (PNG or JPEG) and its size.
    static func addPhoto(_ bytes: [UInt8], fileName: String, caption: String, visit: SiteVisit, principal: Principal, on db: any Database) async throws -> VisitPhoto {
        var errors = FieldErrors()
        let kind: PhotoCheck.Kind?
        switch PhotoCheck.check(bytes) {
        case .success(let k): kind = k
        case .failure(let problem): kind = nil; errors.add("photo", problem.message)
        }
        Check.length(caption, "caption", max: 500, into: &errors)
        guard errors.isEmpty, let kind else { throw ValidationFailed(fields: errors) }
        let photo = VisitPhoto()
        photo.$visit.id = try visit.requireID()
        let base = fileName.split(separator: "/").last.map(String.init) ?? "photo"
        photo.fileName = String(base.prefix(200)).isEmpty ? "photo.\(kind.rawValue)" : String(base.prefix(200))
        photo.mediaType = kind.mediaType
        photo.caption = caption.trimmingCharacters(in: .whitespacesAndNewlines)
        photo.size = bytes.count
        photo.bytes = Data(bytes)
        photo.uploadedBy = principal.name
        photo.uploadedAt = Date()
        try await db.transaction { tx in
            try await photo.create(on: tx)
            try await AuditLog.created(photo, by: principal.actor, on: tx)
        }
        return photo
    }

    static func requirePhoto(_ id: UUID, principal: Principal, on db: any Database) async throws -> VisitPhoto {
        guard !principal.isPartnerUser, let photo = try await VisitPhoto.find(id, on: db) else { throw Abort(.notFound, reason: "No such photo.") }
        return photo
    }

    /// The photo's bytes, served with the type its content shows (never what was claimed at upload).
    static func photoResponse(_ photo: VisitPhoto) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = PhotoCheck.kind(of: photo.bytes) == .png ? .png : .jpeg
        headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=3600")
        headers.replaceOrAdd(name: .contentDisposition, value: "inline")
        return Response(status: .ok, headers: headers, body: .init(data: photo.bytes))
    }

    // MARK: Decision

    static func decision(eventID: UUID, on db: any Database) async throws -> SelectionDecision? {
        try await SelectionDecision.query(on: db).filter(\.$event.$id == eventID).with(\.$partner).with(\.$event).first()
    }

    static func decisionDTO(_ d: SelectionDecision) -> SelectionDecisionDTO {
        SelectionDecisionDTO(eventID: d.$event.id, eventTitle: d.event.title, partnerID: d.$partner.id, partnerName: d.partner.name, decidedBy: d.decidedBy,
                             decidedAt: d.decidedAt, rationale: d.rationale, tradeOffs: d.tradeOffs,
                             ranking: d.ranking.components(separatedBy: "\n").filter { !$0.isEmpty })
    }

    /// Records the decision: the chosen candidate moves to onboarding (through the lifecycle's
    /// allowed moves), the others go back to prospect unless another open selection still
    /// evaluates them, and the event is decided. All in one transaction.
    static func decide(_ input: SelectionDecisionInput, event: SourcingEvent, principal: Principal, on db: any Database) async throws -> SelectionDecision {
        try SourcingService.requireOpen(event)
        try await EvaluationService.requireComparisonVisible(event, principal: principal, on: db)
        let comparison = try await ComparisonService.build(event, on: db)
        var errors = FieldErrors()
        Check.required(input.rationale, "rationale", max: Check.longText, into: &errors)
        Check.length(input.tradeOffs, "tradeOffs", max: Check.longText, into: &errors)
        let chosen = comparison.candidates.first { $0.partnerID == input.partnerID }
        if chosen == nil { errors.add("partnerID", "is not a candidate in this sourcing event") }
        else if chosen?.standing == .knockedOut { errors.add("partnerID", "is knocked out on \(chosen!.knockOuts.joined(separator: ", ")): a must-have was not met") }
        else if !comparison.winners.contains(input.partnerID), (input.tradeOffs ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.add("tradeOffs", "is required when the choice is not the top-ranked candidate: say what was traded off")
        }
        guard errors.isEmpty, let chosen else { throw ValidationFailed(fields: errors) }
        let eventID = try event.requireID()
        let decision = SelectionDecision()
        decision.$event.id = eventID
        decision.$partner.id = chosen.partnerID
        decision.decidedByID = principal.userID
        decision.decidedBy = principal.name
        decision.decidedAt = Date()
        decision.rationale = input.rationale.trimmingCharacters(in: .whitespacesAndNewlines)
        decision.tradeOffs = (input.tradeOffs ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        decision.ranking = comparison.candidates.map(rankingLine).joined(separator: "\n")
        let others = comparison.candidates.map(\.partnerID).filter { $0 != chosen.partnerID }
        try await db.transaction { tx in
            try await decision.create(on: tx)
            try await AuditLog.created(decision, by: principal.actor, on: tx)
            let before = event.auditFields
            event.status = .decided
            try await event.update(on: tx)
            try await AuditLog.updated(event, before: before, by: principal.actor, on: tx)
            guard let partner = try await Partner.find(chosen.partnerID, on: tx) else { throw Abort(.notFound, reason: "No such partner.") }
            if partner.status == .prospect { try await LifecycleMove.move(partner, to: .evaluating, by: principal.actor, on: tx) }
            try await LifecycleMove.move(partner, to: .onboarding, by: principal.actor, on: tx)
            for id in others {
                guard let other = try await Partner.find(id, on: tx), other.status == .evaluating else { continue }
                let stillEvaluated = try await SourcingCandidate.query(on: tx).filter(\.$partner.$id == id).filter(\.$event.$id != eventID).with(\.$event).all()
                    .contains { $0.event.status == .open }
                if !stillEvaluated { try await LifecycleMove.move(other, to: .prospect, by: principal.actor, on: tx) }
            }
        }
        return try await self.decision(eventID: eventID, on: db)!
    }

    static func rankingLine(_ c: ComparisonDTO.Candidate) -> String {
        let place = c.rank.map { "\($0)." } ?? "–"
        let total = c.total.map { String(format: "%.1f", $0) } ?? "no total"
        let standing: String = switch c.standing {
        case .ranked: "coverage \(SelectionFormat.percent(c.coverage)), \(c.evaluators) evaluator(s)"
        case .knockedOut: "knocked out on \(c.knockOuts.joined(separator: ", "))"
        case .notEnoughScored: "not enough scored (\(SelectionFormat.percent(c.coverage)) of the weight)"
        }
        return "\(place) \(c.name): \(total) (\(standing))"
    }
}
