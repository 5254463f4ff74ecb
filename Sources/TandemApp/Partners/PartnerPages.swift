import Fluent
import Foundation
import TandemPartners
import Vapor

/// Handlers for the partner registry pages: parse, call `PartnerService`, render.
enum PartnerPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.partners.pathComponents, use: list)
        routes.get(SiteURL.partnerNew.pathComponents, use: newForm)
        routes.post(SiteURL.partners.pathComponents, use: create)
        routes.get(SiteURL.partner(.param).pathComponents, use: detail)
        routes.get(SiteURL.partnerEdit(.param).pathComponents, use: editForm)
        routes.post(SiteURL.partnerEdit(.param).pathComponents, use: update)
        routes.post(SiteURL.partnerDelete(.param).pathComponents, use: delete)
        routes.get(SiteURL.partnerAudit(.param).pathComponents, use: history)

        routes.get(SiteURL.siteNew(partner: .param).pathComponents, use: newSite)
        routes.post(SiteURL.siteNew(partner: .param).pathComponents, use: saveSite)
        routes.get(SiteURL.siteEdit(partner: .param, site: .param).pathComponents, use: editSite)
        routes.post(SiteURL.siteEdit(partner: .param, site: .param).pathComponents, use: saveSite)
        routes.post(SiteURL.siteDelete(partner: .param, site: .param).pathComponents, use: deleteSite)

        routes.get(SiteURL.contactNew(partner: .param).pathComponents, use: newContact)
        routes.post(SiteURL.contactNew(partner: .param).pathComponents, use: saveContact)
        routes.get(SiteURL.contactEdit(partner: .param, contact: .param).pathComponents, use: editContact)
        routes.post(SiteURL.contactEdit(partner: .param, contact: .param).pathComponents, use: saveContact)
        routes.post(SiteURL.contactDelete(partner: .param, contact: .param).pathComponents, use: deleteContact)
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let partners = try await PartnerService.list(scope: principal.scope, on: req.db)
        // A partner user has exactly one partnership: take them straight to it.
        if principal.role.isPartnerScoped, let own = partners.first {
            return req.redirect(to: SiteURL.partner(.id(own.id)).path)
        }
        return try await PartnerViews.list(partners, canCreate: principal.can(.editRegistry), req.pageContext()).encodeResponse(for: req)
    }

    @Sendable static func newForm(req: Request) async throws -> HTML {
        try req.require(.editRegistry)
        return PartnerViews.form(title: "New team", action: .partners, values: PartnerViews.values(nil), errors: .init(),
                                 managers: try await UserService.relationshipManagers(on: req.db), req.pageContext())
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let input = PartnerInput(form: form, errors: &errors)
        let managers = try await UserService.relationshipManagers(on: req.db)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            PartnerViews.form(title: "New team", action: .partners, values: form, errors: errors, managers: managers, context)
        }, action: {
            let partner = try await PartnerService.create(input, by: principal.actor, on: req.db)
            return (.partner(.id(try partner.requireID())), "\(partner.name) was created.")
        })
    }

    @Sendable static func detail(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let partner = try await PartnerService.require(req.id("partnerID"), scope: principal.scope, on: req.db)
        let id = try partner.requireID()
        return PartnerViews.detail(.init(
            partner: PartnerService.dto(partner),
            sites: try await PartnerService.sites(of: id, on: req.db),
            contacts: try await PartnerService.keyContacts(of: id, on: req.db),
            history: try await AuditQueries.list(.init(partnerID: id, limit: 10), on: req.db),
            canEditRegistry: principal.can(.editRegistry),
            canEditDirectory: principal.can(.editPartnerDirectory),
            staffing: (try? await StaffingPages.partnerSection(req, team: id, principal: principal)) ?? .empty
        ), req.pageContext())
    }

    @Sendable static func editForm(req: Request) async throws -> HTML {
        let partner = try await scoped(req)
        try req.require(.editRegistry)
        return PartnerViews.form(title: "Edit \(partner.name)", action: .partnerEdit(.id(try partner.requireID())),
                                 values: PartnerViews.values(PartnerService.dto(partner)), errors: .init(),
                                 managers: try await UserService.relationshipManagers(on: req.db), req.pageContext())
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let partner = try await scoped(req)
        let principal = try req.require(.editRegistry)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let input = PartnerInput(form: form, errors: &errors)
        let managers = try await UserService.relationshipManagers(on: req.db)
        let context = req.pageContext()
        let action = SiteURL.partnerEdit(.id(try partner.requireID()))
        let title = "Edit \(partner.name)"
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            PartnerViews.form(title: title, action: action, values: form, errors: errors, managers: managers, context)
        }, action: {
            let saved = try await PartnerService.update(partner, with: input, by: principal.actor, on: req.db)
            return (.partner(.id(try saved.requireID())), "Changes to \(saved.name) were saved.")
        })
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        let partner = try await scoped(req)
        let principal = try req.require(.editRegistry)
        try await PartnerService.delete(partner, by: principal.actor, on: req.db)
        req.flash("\(partner.name) was deleted.")
        return req.redirect(to: SiteURL.partners.path)
    }

    @Sendable static func history(req: Request) async throws -> HTML {
        let partner = try await scoped(req)
        let entries = try await AuditQueries.list(.init(partnerID: try partner.requireID(), limit: 500), on: req.db)
        return PartnerViews.history(PartnerService.dto(partner), entries, req.pageContext())
    }

    // MARK: Sites

    @Sendable static func newSite(req: Request) async throws -> HTML {
        let partner = try await scoped(req)
        try req.require(.editPartnerDirectory)
        let dto = PartnerService.dto(partner)
        return PartnerViews.childForm(title: "New site", partner: dto, action: .siteNew(partner: .id(dto.id)),
                                      fields: PartnerViews.siteFields(), values: PartnerViews.siteValues(nil), errors: .init(), req.pageContext())
    }

    @Sendable static func editSite(req: Request) async throws -> HTML {
        let partner = try await scoped(req)
        let site = try await PartnerService.requireSite(req.id("siteID"), of: partner, on: req.db)
        try req.require(.editPartnerDirectory)
        let dto = PartnerService.dto(partner)
        return PartnerViews.childForm(title: "Edit \(site.name)", partner: dto, action: .siteEdit(partner: .id(dto.id), site: .id(try site.requireID())),
                                      fields: PartnerViews.siteFields(), values: PartnerViews.siteValues(site.dto), errors: .init(), req.pageContext())
    }

    /// Creates (no siteID in the path) or updates a site.
    @Sendable static func saveSite(req: Request) async throws -> Response {
        let partner = try await scoped(req)
        let existing: Site? = req.parameters.get("siteID") == nil ? nil : try await PartnerService.requireSite(req.id("siteID"), of: partner, on: req.db)
        let principal = try req.require(.editPartnerDirectory)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let input = SiteInput.from(form: form, errors: &errors)
        if let input { errors.merge(input.validate()) }
        let dto = PartnerService.dto(partner)
        let context = req.pageContext()
        let action: SiteURL = existing.map { .siteEdit(partner: .id(dto.id), site: .id($0.id!)) } ?? .siteNew(partner: .id(dto.id))
        let title = existing.map { "Edit \($0.name)" } ?? "New site"
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            PartnerViews.childForm(title: title, partner: dto, action: action, fields: PartnerViews.siteFields(), values: form, errors: errors, context)
        }, action: {
            let site = try await PartnerService.saveSite(input!, site: existing, partner: partner, by: principal.actor, on: req.db)
            return (.partner(.id(dto.id)), "Site \(site.name) was saved.")
        })
    }

    @Sendable static func deleteSite(req: Request) async throws -> Response {
        let partner = try await scoped(req)
        let site = try await PartnerService.requireSite(req.id("siteID"), of: partner, on: req.db)
        let principal = try req.require(.editPartnerDirectory)
        try await AuditLog.delete(site, by: principal.actor, on: req.db)
        req.flash("Site \(site.name) was deleted.")
        return req.redirect(to: SiteURL.partner(.id(try partner.requireID())).path)
    }

    // MARK: Key contacts

    @Sendable static func newContact(req: Request) async throws -> HTML {
        let partner = try await scoped(req)
        try req.require(.editPartnerDirectory)
        let dto = PartnerService.dto(partner)
        return PartnerViews.childForm(title: "New contact", partner: dto, action: .contactNew(partner: .id(dto.id)),
                                      fields: PartnerViews.contactFields(), values: PartnerViews.contactValues(nil), errors: .init(), req.pageContext())
    }

    @Sendable static func editContact(req: Request) async throws -> HTML {
        let partner = try await scoped(req)
        let contact = try await PartnerService.requireKeyContact(req.id("contactID"), of: partner, on: req.db)
        try req.require(.editPartnerDirectory)
        let dto = PartnerService.dto(partner)
        return PartnerViews.childForm(title: "Edit \(contact.name)", partner: dto, action: .contactEdit(partner: .id(dto.id), contact: .id(try contact.requireID())),
                                      fields: PartnerViews.contactFields(), values: PartnerViews.contactValues(contact.dto), errors: .init(), req.pageContext())
    }

    @Sendable static func saveContact(req: Request) async throws -> Response {
        let partner = try await scoped(req)
        let existing: KeyContact? = req.parameters.get("contactID") == nil ? nil : try await PartnerService.requireKeyContact(req.id("contactID"), of: partner, on: req.db)
        let principal = try req.require(.editPartnerDirectory)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let input = KeyContactInput.from(form: form, errors: &errors)
        if let input { errors.merge(input.validate()) }
        let dto = PartnerService.dto(partner)
        let context = req.pageContext()
        let action: SiteURL = existing.map { .contactEdit(partner: .id(dto.id), contact: .id($0.id!)) } ?? .contactNew(partner: .id(dto.id))
        let title = existing.map { "Edit \($0.name)" } ?? "New contact"
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            PartnerViews.childForm(title: title, partner: dto, action: action, fields: PartnerViews.contactFields(), values: form, errors: errors, context)
        }, action: {
            let contact = try await PartnerService.saveKeyContact(input!, contact: existing, partner: partner, by: principal.actor, on: req.db)
            return (.partner(.id(dto.id)), "Contact \(contact.name) was saved.")
        })
    }

    @Sendable static func deleteContact(req: Request) async throws -> Response {
        let partner = try await scoped(req)
        let contact = try await PartnerService.requireKeyContact(req.id("contactID"), of: partner, on: req.db)
        let principal = try req.require(.editPartnerDirectory)
        try await AuditLog.delete(contact, by: principal.actor, on: req.db)
        req.flash("Contact \(contact.name) was deleted.")
        return req.redirect(to: SiteURL.partner(.id(try partner.requireID())).path)
    }

    private static func scoped(_ req: Request) async throws -> Partner {
        try await PartnerService.require(req.id("partnerID"), scope: req.requirePrincipal().scope, on: req.db)
    }
}
