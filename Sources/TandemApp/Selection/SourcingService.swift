import Fluent
import Foundation
import TandemPartners
import TandemSelection
import TandemStaffing
import Vapor

struct SourcingEventDTO: Content, Equatable {
    struct Candidate: Codable, Sendable, Equatable {
        let partnerID: UUID
        let name: String
        let status: PartnerStatus
        /// Evaluators who have submitted their scores for this candidate, of `evaluators`.
        let submitted: Int
    }
    struct Evaluator: Codable, Sendable, Equatable {
        let userID: UUID
        let name: String
        /// Candidates this evaluator has submitted scores for.
        let submitted: Int
    }

    let id: UUID
    let title: String
    let status: SourcingStatus
    let templateID: UUID
    let templateName: String
    let scope: String
    let channels: [ChannelKind]
    let shifts: [Shift]
    let monthlyVolume: Int
    let languages: [String]
    let locationPreference: [LocationType]
    let monthlyBudget: String?
    let currency: String
    let startDate: LocalDate
    let rfpQuestions: [String]
    let notes: String
    let candidates: [Candidate]
    let evaluators: [Evaluator]
    let decidedPartnerID: UUID?
}

struct SourcingEventInput: Content, Equatable {
    var title: String
    var templateID: UUID
    /// The queues or lines of business to outsource, as written.
    var scope: String
    var channels: [ChannelKind]
    var shifts: [Shift]
    var monthlyVolume: Int
    var languages: [String]
    /// In order of preference.
    var locationPreference: [LocationType]
    /// Exact decimal per month, e.g. "85000.00"; empty or absent for none.
    var monthlyBudget: String?
    /// ISO 4217 code; default USD.
    var currency: String?
    var startDate: LocalDate
    var rfpQuestions: [String]?
    var notes: String?
    /// Only on an update: cancel or reopen a selection that has no decision.
    var status: SourcingStatus?
}

/// What a prospect's own users see of a selection: the scope they are asked to answer for and
/// the questionnaire. Never the other candidates, the budget, the evaluators or their scores.
struct RFPDTO: Content, Equatable {
    struct Item: Codable, Sendable, Equatable {
        let position: Int
        let question: String
        let answer: String
        let answeredBy: String?
        let answeredAt: Date?
    }
    let eventID: UUID
    let title: String
    let partnerID: UUID
    let partnerName: String
    let scope: String
    let channels: [ChannelKind]
    let shifts: [Shift]
    let monthlyVolume: Int
    let languages: [String]
    let startDate: LocalDate
    let open: Bool
    let questions: [Item]
}

struct RFPAnswersInput: Content, Equatable {
    /// Question position (from 1) → answer.
    var answers: [String: String]
}

struct AddCandidateInput: Content, Equatable { var partnerID: UUID }
struct AddEvaluatorInput: Content, Equatable { var userID: UUID }

/// Sourcing events, their candidates (prospects in the registry), evaluators and RFP answers.
enum SourcingService {
    // MARK: Reads

    /// Client-side only: a partner user reaches a selection only through its RFP.
    static func require(_ id: UUID, principal: Principal, on db: any Database) async throws -> SourcingEvent {
        guard !principal.isPartnerUser, let event = try await SourcingEvent.query(on: db).filter(\.$id == id).with(\.$template).first()
        else { throw Abort(.notFound, reason: "No such sourcing event.") }
        return event
    }

    static func list(on db: any Database) async throws -> [SourcingEvent] {
        try await SourcingEvent.query(on: db).with(\.$template).sort(\.$createdAt, .descending).all()
    }

    static func candidates(of eventID: UUID, on db: any Database) async throws -> [SourcingCandidate] {
        try await SourcingCandidate.query(on: db).filter(\.$event.$id == eventID).with(\.$partner).all()
            .sorted { $0.partner.name.lowercased() < $1.partner.name.lowercased() }
    }

    static func evaluators(of eventID: UUID, on db: any Database) async throws -> [SourcingEvaluator] {
        try await SourcingEvaluator.query(on: db).filter(\.$event.$id == eventID).with(\.$user).all().sorted { $0.user.name < $1.user.name }
    }

    /// The candidate named in a path: 404 unless it is a candidate of the event.
    static func requireCandidate(_ event: SourcingEvent, partnerID: UUID, on db: any Database) async throws -> Partner {
        guard let row = try await SourcingCandidate.query(on: db).filter(\.$event.$id == event.requireID()).filter(\.$partner.$id == partnerID).with(\.$partner).first()
        else { throw Abort(.notFound, reason: "That partner is not a candidate in this sourcing event.") }
        return row.partner
    }

    static func dto(_ event: SourcingEvent, on db: any Database) async throws -> SourcingEventDTO {
        let id = try event.requireID()
        let candidates = try await candidates(of: id, on: db)
        let evaluators = try await evaluators(of: id, on: db)
        let submitted = try await Evaluation.query(on: db).filter(\.$event.$id == id).filter(\.$submittedAt != nil).all()
        let decision = try await SelectionDecision.query(on: db).filter(\.$event.$id == id).first()
        let template = try await event.$template.get(on: db)
        return SourcingEventDTO(
            id: id, title: event.title, status: event.status, templateID: event.$template.id, templateName: template.name, scope: event.scope,
            channels: list(event.channels, ChannelKind.self), shifts: list(event.shifts, Shift.self), monthlyVolume: event.monthlyVolume,
            languages: Check.list(event.languages), locationPreference: list(event.locationPreference, LocationType.self),
            monthlyBudget: event.monthlyBudget.isEmpty ? nil : event.monthlyBudget, currency: event.currency,
            startDate: LocalDate(event.startOn) ?? LocalDate(year: 2000, month: 1, day: 1)!, rfpQuestions: event.questions, notes: event.notes,
            candidates: candidates.map { c in
                .init(partnerID: c.$partner.id, name: c.partner.name, status: c.partner.status,
                      submitted: submitted.filter { $0.$partner.id == c.$partner.id }.count)
            },
            evaluators: evaluators.map { e in
                .init(userID: e.$user.id, name: e.user.name, submitted: submitted.filter { $0.$evaluator.id == e.$user.id }.count)
            },
            decidedPartnerID: decision?.$partner.id)
    }

    static func list<T: RawRepresentable>(_ text: String, _ type: T.Type) -> [T] where T.RawValue == String {
        Check.list(text).compactMap(T.init(rawValue:))
    }

    // MARK: Events

    static func save(_ input: SourcingEventInput, event existing: SourcingEvent?, by actor: Actor, on db: any Database) async throws -> SourcingEvent {
        var errors = FieldErrors()
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        Check.required(title, "title", into: &errors)
        Check.required(input.scope, "scope", max: 2_000, into: &errors)
        if input.channels.isEmpty { errors.add("channels", "name at least one channel") }
        if input.shifts.isEmpty { errors.add("shifts", "name at least one shift") }
        Check.range(input.monthlyVolume, "monthlyVolume", 0...100_000_000, into: &errors)
        Check.languageTags(input.languages, "languages", into: &errors)
        if input.languages.isEmpty { errors.add("languages", "name at least one language") }
        if input.locationPreference.isEmpty { errors.add("locationPreference", "name at least one location type") }
        let budget = (input.monthlyBudget ?? "").trimmingCharacters(in: .whitespaces)
        if !budget.isEmpty && !isAmount(budget) { errors.add("monthlyBudget", "must be an amount such as 85000 or 85000.50") }
        let currency = (input.currency ?? existing?.currency ?? "USD").trimmingCharacters(in: .whitespaces).uppercased()
        if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isLetter }) { errors.add("currency", "must be a three-letter code such as USD") }
        let questions = (input.rfpQuestions ?? existing?.questions ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if questions.count > 50 { errors.add("rfpQuestions", "at most 50 questions") }
        for (i, q) in questions.enumerated() where q.count > 2_000 { errors.add("rfpQuestions", "question \(i + 1) is longer than 2,000 characters") }
        Check.length(input.notes, "notes", max: Check.longText, into: &errors)
        if try await EvaluationTemplate.find(input.templateID, on: db) == nil { errors.add("templateID", "is not an evaluation template") }
        if let existing, input.templateID != existing.$template.id,
           try await Evaluation.query(on: db).filter(\.$event.$id == existing.requireID()).count() > 0 {
            errors.add("templateID", "cannot change: evaluators have started scoring against the current template")
        }
        if !title.isEmpty {
            let clash = try await SourcingEvent.query(on: db).all().contains { $0.title.lowercased() == title.lowercased() && $0.id != existing?.id }
            if clash { errors.add("title", "is already used by another sourcing event") }
        }
        if let status = input.status, let existing {
            if existing.status == .decided && status != .decided { errors.add("status", "cannot change: a decision is recorded") }
            if status == .decided && existing.status != .decided { errors.add("status", "is set by recording the decision") }
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }

        let event = existing ?? SourcingEvent()
        let before = existing?.auditFields
        event.title = title
        event.$template.id = input.templateID
        event.status = input.status ?? existing?.status ?? .open
        event.scope = input.scope.trimmingCharacters(in: .whitespacesAndNewlines)
        event.channels = input.channels.map(\.rawValue).joined(separator: ",")
        event.shifts = input.shifts.map(\.rawValue).joined(separator: ",")
        event.monthlyVolume = input.monthlyVolume
        event.languages = input.languages.joined(separator: ",")
        event.locationPreference = input.locationPreference.map(\.rawValue).joined(separator: ",")
        event.monthlyBudget = budget
        event.currency = currency
        event.startOn = input.startDate.description
        event.rfpQuestions = questions.joined(separator: "\n")
        event.notes = input.notes ?? existing?.notes ?? ""
        try await db.transaction { tx in
            try await event.save(on: tx)
            try await AuditLog.saved(event, before: before, by: actor, on: tx)
        }
        return event
    }

    /// A non-negative amount with at most two decimals.
    static func isAmount(_ text: String) -> Bool {
        let digits = { (part: Substring) in part.allSatisfy { $0.isASCII && $0.isNumber } }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 12, digits(parts[0]) else { return false }
        return parts.count == 1 || ((1...2).contains(parts[1].count) && digits(parts[1]))
    }

    static func requireOpen(_ event: SourcingEvent) throws {
        guard event.status == .open else { throw Abort(.conflict, reason: "This sourcing event is \(event.status.rawValue): it no longer changes.") }
    }

    // MARK: Candidates and evaluators

    /// Adds a prospect from the registry as a candidate; a prospect moves to "evaluating".
    static func addCandidate(_ partnerID: UUID, to event: SourcingEvent, by actor: Actor, on db: any Database) async throws {
        try requireOpen(event)
        guard let partner = try await Partner.find(partnerID, on: db) else {
            throw ValidationFailed(fields: FieldErrors(["partnerID": "is not a partner in the registry"]))
        }
        var errors = FieldErrors()
        if partner.kind != .partner { errors.add("partnerID", "must be an outsourcing partner, not the in-house team") }
        else if ![.prospect, .evaluating].contains(partner.status) { errors.add("partnerID", "must be a prospect or being evaluated (\(partner.name) is \(partner.status.rawValue))") }
        if try await SourcingCandidate.query(on: db).filter(\.$event.$id == event.requireID()).filter(\.$partner.$id == partnerID).count() > 0 {
            errors.add("partnerID", "is already a candidate")
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let row = SourcingCandidate()
        row.$event.id = try event.requireID()
        row.$partner.id = partnerID
        row.addedAt = Date()
        try await db.transaction { tx in
            try await row.create(on: tx)
            try await AuditLog.created(row, by: actor, on: tx)
            if partner.status == .prospect { try await LifecycleMove.move(partner, to: .evaluating, by: actor, on: tx) }
        }
    }

    static func addEvaluator(_ userID: UUID, to event: SourcingEvent, by actor: Actor, on db: any Database) async throws {
        try requireOpen(event)
        var errors = FieldErrors()
        let user = try await User.find(userID, on: db)
        if user == nil || user?.active == false || user?.role.canBeRelationshipManager == false {
            errors.add("userID", "must be an active admin or relationship manager")
        }
        if try await SourcingEvaluator.query(on: db).filter(\.$event.$id == event.requireID()).filter(\.$user.$id == userID).count() > 0 {
            errors.add("userID", "is already an evaluator")
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let row = SourcingEvaluator()
        row.$event.id = try event.requireID()
        row.$user.id = userID
        try await db.transaction { tx in
            try await row.create(on: tx)
            try await AuditLog.created(row, by: actor, on: tx)
        }
    }

    // MARK: RFP questionnaire

    /// The RFP as the candidate sees it. Partner users: only their own partner (404 otherwise);
    /// the client's users may read any candidate's answers.
    static func rfp(eventID: UUID, partnerID: UUID, principal: Principal, on db: any Database) async throws -> (SourcingEvent, Partner, RFPDTO) {
        try principal.scope.require(partnerID, notFound: "No such request for proposal.")
        guard let event = try await SourcingEvent.find(eventID, on: db) else { throw Abort(.notFound, reason: "No such request for proposal.") }
        let partner = try await requireCandidate(event, partnerID: partnerID, on: db)
        let answers = try await RFPAnswer.query(on: db).filter(\.$event.$id == eventID).filter(\.$partner.$id == partnerID).all()
        let items: [RFPDTO.Item] = event.questions.enumerated().map { i, q in
            let a = answers.first { $0.position == i + 1 }
            return .init(position: i + 1, question: q, answer: a?.answer ?? "", answeredBy: a?.answeredBy, answeredAt: a?.answeredAt)
        }
        return (event, partner, RFPDTO(eventID: eventID, title: event.title, partnerID: partnerID, partnerName: partner.name, scope: event.scope,
                                       channels: list(event.channels, ChannelKind.self), shifts: list(event.shifts, Shift.self),
                                       monthlyVolume: event.monthlyVolume, languages: Check.list(event.languages),
                                       startDate: LocalDate(event.startOn) ?? LocalDate(year: 2000, month: 1, day: 1)!, open: event.status == .open, questions: items))
    }

    /// Answers from the candidate (its own users) or typed in by the client from a reply received.
    static func answer(_ input: RFPAnswersInput, event: SourcingEvent, partner: Partner, principal: Principal, on db: any Database) async throws {
        try requireOpen(event)
        var errors = FieldErrors()
        let questions = event.questions
        var parsed: [(Int, String)] = []
        for (key, value) in input.answers {
            guard let position = Int(key), (1...questions.count).contains(position) else { errors.add("answers.\(key)", "is not a question of this RFP"); continue }
            Check.length(value, "answers.\(key)", max: 20_000, into: &errors)
            parsed.append((position, value.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        guard errors.isEmpty else { throw ValidationFailed(fields: errors) }
        let answers = parsed
        let eventID = try event.requireID(), partnerID = try partner.requireID()
        try await db.transaction { tx in
            let existing = try await RFPAnswer.query(on: tx).filter(\.$event.$id == eventID).filter(\.$partner.$id == partnerID).all()
            for (position, text) in answers.sorted(by: { $0.0 < $1.0 }) {
                let row = existing.first { $0.position == position } ?? RFPAnswer()
                if row.id != nil && row.answer == text { continue }
                if row.id == nil && text.isEmpty { continue }
                let before = row.id == nil ? nil : row.auditFields
                row.$event.id = eventID
                row.$partner.id = partnerID
                row.position = position
                row.question = questions[position - 1]
                row.answer = text
                row.answeredBy = principal.name
                row.answeredAt = Date()
                try await row.save(on: tx)
                try await AuditLog.saved(row, before: before, by: principal.actor, on: tx)
            }
        }
    }

    /// RFPs addressed to a partner user's partner.
    static func rfps(for partnerID: UUID, on db: any Database) async throws -> [(SourcingEvent, Int, Int)] {
        let rows = try await SourcingCandidate.query(on: db).filter(\.$partner.$id == partnerID).with(\.$event).all()
        var out: [(SourcingEvent, Int, Int)] = []
        for row in rows where !row.event.questions.isEmpty {
            let answered = try await RFPAnswer.query(on: db).filter(\.$event.$id == row.$event.id).filter(\.$partner.$id == partnerID).all()
                .filter { !$0.answer.isEmpty }.count
            out.append((row.event, answered, row.event.questions.count))
        }
        return out.sorted { $0.0.title < $1.0.title }
    }
}

/// Lifecycle moves made by selection: checked against the lifecycle rules and the go-live rule,
/// audited like any change to the partner.
enum LifecycleMove {
    static func move(_ partner: Partner, to status: PartnerStatus, by actor: Actor, on db: any Database) async throws {
        guard partner.status != status else { return }
        guard partner.status.canMove(to: status) else {
            throw Abort(.conflict, reason: "\(partner.name) cannot move from \(partner.status.rawValue) to \(status.rawValue).")
        }
        let problems = GoLiveRule.problems(kind: partner.kind, status: status, hasRelationshipManager: partner.$relationshipManager.id != nil)
        guard problems.isEmpty else { throw ValidationFailed(fields: FieldErrors(problems)) }
        let before = partner.auditFields
        partner.status = status
        try await partner.update(on: db)
        try await AuditLog.updated(partner, before: before, by: actor, on: db)
    }
}
