import Fluent
import Foundation
import TandemPartners
import Vapor

/// Records a team keeps in its own directory (sites, key contacts). Partner users may keep
/// their own partner's directory current, so these share one set of scoped, audited handlers.
protocol DirectoryRecord: Audited, Sendable {
    associatedtype Input: Sendable
    static var noun: String { get }
    static var parameter: String { get }
    static func newURL(_ partner: SiteURL.Ref) -> SiteURL
    static func editURL(_ partner: SiteURL.Ref, _ record: SiteURL.Ref) -> SiteURL
    static func deleteURL(_ partner: SiteURL.Ref, _ record: SiteURL.Ref) -> SiteURL
    static var fields: [FormField] { get }
    static func formValues(_ record: Self?) -> FormValues
    /// Parses and validates a submitted form; nil when a field could not be read.
    static func input(from form: FormValues, errors: inout FieldErrors) -> Input?
    static func find(_ id: UUID, of partner: Partner, on db: any Database) async throws -> Self
    static func save(_ input: Input, existing: Self?, partner: Partner, by actor: Actor, on db: any Database) async throws -> Self
    var displayName: String { get }
    /// Refuses a write this person may not make on this record (403, or a field error); the
    /// default allows any write the permission allows.
    static func checkWrite(existing: Self?, input: Input?, by principal: Principal) throws
}

extension DirectoryRecord {
    static func checkWrite(existing: Self?, input: Input?, by principal: Principal) throws {}
}

/// An input read from a web form and then checked against its rules.
protocol FormInput: Sendable {
    /// Nil when a field could not even be read; the errors say which.
    static func from(form: FormValues, errors: inout FieldErrors) -> Self?
    func validate() -> FieldErrors
}

extension SiteInput: FormInput {}
extension KeyContactInput: FormInput {}

extension DirectoryRecord where Input: FormInput {
    static func input(from form: FormValues, errors: inout FieldErrors) -> Input? {
        let input = Input.from(form: form, errors: &errors)
        if let input { errors.merge(input.validate()) }
        return input
    }
}

enum DirectoryPages<Record: DirectoryRecord> {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(Record.newURL(.param).pathComponents, use: newForm)
        routes.post(Record.newURL(.param).pathComponents, use: save)
        routes.get(Record.editURL(.param, .param).pathComponents, use: editForm)
        routes.post(Record.editURL(.param, .param).pathComponents, use: save)
        routes.post(Record.deleteURL(.param, .param).pathComponents, use: delete)
    }

    /// Scope first (another partner's record is a 404), then the permission (403).
    private static func load(_ req: Request) async throws -> (Partner, Record?, Principal) {
        let partner = try await PartnerService.require(req.id("partnerID"), scope: req.requirePrincipal().scope, on: req.db)
        let record: Record? = req.parameters.get(Record.parameter) == nil ? nil : try await Record.find(req.id(Record.parameter), of: partner, on: req.db)
        let principal = try req.require(.editPartnerDirectory)
        return (partner, record, principal)
    }

    private static func action(_ partnerID: UUID, _ record: Record?) -> SiteURL {
        record.map { Record.editURL(.id(partnerID), .id($0.id!)) } ?? Record.newURL(.id(partnerID))
    }

    private static func title(_ record: Record?) -> String {
        record.map { "Edit \($0.displayName)" } ?? "New \(Record.noun)"
    }

    @Sendable static func newForm(req: Request) async throws -> HTML {
        try await editForm(req: req)
    }

    @Sendable static func editForm(req: Request) async throws -> HTML {
        let (partner, record, principal) = try await load(req)
        try Record.checkWrite(existing: record, input: nil, by: principal)
        let dto = PartnerService.dto(partner)
        return PartnerViews.childForm(title: title(record), partner: dto, action: action(dto.id, record),
                                      fields: Record.fields, values: Record.formValues(record), errors: .init(), req.pageContext())
    }

    /// Creates (no record id in the path) or updates.
    @Sendable static func save(req: Request) async throws -> Response {
        let (partner, existing, principal) = try await load(req)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let input = Record.input(from: form, errors: &errors)
        try Record.checkWrite(existing: existing, input: nil, by: principal)
        do { try Record.checkWrite(existing: existing, input: input, by: principal) } catch let failure as ValidationFailed { errors.merge(failure.fields) }
        let dto = PartnerService.dto(partner)
        let context = req.pageContext()
        let (title, action) = (title(existing), action(dto.id, existing))
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            PartnerViews.childForm(title: title, partner: dto, action: action, fields: Record.fields, values: form, errors: errors, context)
        }, action: {
            let saved = try await Record.save(input!, existing: existing, partner: partner, by: principal.actor, on: req.db)
            return (.partner(.id(dto.id)), "\(Record.noun.capitalized) \(saved.displayName) was saved.")
        })
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        let (partner, record, principal) = try await load(req)
        guard let record else { throw Abort(.notFound) }
        try Record.checkWrite(existing: record, input: nil, by: principal)
        try await AuditLog.delete(record, by: principal.actor, on: req.db)
        req.flash("\(Record.noun.capitalized) \(record.displayName) was deleted.")
        return req.redirect(to: SiteURL.partner(.id(try partner.requireID())).path)
    }
}

extension Site: DirectoryRecord {
    static let noun = "site"
    static let parameter = "siteID"
    static func newURL(_ partner: SiteURL.Ref) -> SiteURL { .siteNew(partner: partner) }
    static func editURL(_ partner: SiteURL.Ref, _ record: SiteURL.Ref) -> SiteURL { .siteEdit(partner: partner, site: record) }
    static func deleteURL(_ partner: SiteURL.Ref, _ record: SiteURL.Ref) -> SiteURL { .siteDelete(partner: partner, site: record) }
    static var fields: [FormField] { PartnerViews.siteFields() }
    static func formValues(_ record: Site?) -> FormValues { PartnerViews.siteValues(record?.dto) }
    static func find(_ id: UUID, of partner: Partner, on db: any Database) async throws -> Site { try await PartnerService.requireSite(id, of: partner, on: db) }
    static func save(_ input: SiteInput, existing: Site?, partner: Partner, by actor: Actor, on db: any Database) async throws -> Site {
        try await PartnerService.saveSite(input, site: existing, partner: partner, by: actor, on: db)
    }
    var displayName: String { name }
}

extension KeyContact: DirectoryRecord {
    static let noun = "contact"
    static let parameter = "contactID"
    static func newURL(_ partner: SiteURL.Ref) -> SiteURL { .contactNew(partner: partner) }
    static func editURL(_ partner: SiteURL.Ref, _ record: SiteURL.Ref) -> SiteURL { .contactEdit(partner: partner, contact: record) }
    static func deleteURL(_ partner: SiteURL.Ref, _ record: SiteURL.Ref) -> SiteURL { .contactDelete(partner: partner, contact: record) }
    static var fields: [FormField] { PartnerViews.contactFields() }
    static func formValues(_ record: KeyContact?) -> FormValues { PartnerViews.contactValues(record?.dto) }
    static func find(_ id: UUID, of partner: Partner, on db: any Database) async throws -> KeyContact { try await PartnerService.requireKeyContact(id, of: partner, on: db) }
    static func save(_ input: KeyContactInput, existing: KeyContact?, partner: Partner, by actor: Actor, on db: any Database) async throws -> KeyContact {
        try await PartnerService.saveKeyContact(input, contact: existing, partner: partner, by: actor, on: db)
    }
    var displayName: String { name }

    /// The client's own people are the client's to keep: a partner user reads them but cannot
    /// edit or delete them (403), nor add or move a contact to the client's side (field error).
    static func checkWrite(existing: KeyContact?, input: KeyContactInput?, by principal: Principal) throws {
        guard principal.isPartnerUser else { return }
        if let existing, existing.side == .client {
            throw Abort(.forbidden, reason: "\(existing.name) is one of the client's own contacts: only the client's team edits them.")
        }
        if let input, input.side == .client {
            throw ValidationFailed(fields: FieldErrors(["side": "must be your own side: the client's team adds its own contacts"]))
        }
    }
}

extension KeyContact {
    /// Whether this person may change this contact (the page shows Edit and Delete only then).
    func writable(by principal: Principal) -> Bool { (try? Self.checkWrite(existing: self, input: nil, by: principal)) != nil }
}
