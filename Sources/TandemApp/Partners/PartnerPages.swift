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

        DirectoryPages<Site>.register(routes)
        DirectoryPages<KeyContact>.register(routes)
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let partners = try await PartnerService.list(scope: principal.scope, on: req.db)
        // A partner user has exactly one partnership: take them straight to it.
        if principal.isPartnerUser, let own = partners.first {
            return req.redirect(to: SiteURL.partner(.id(own.id)).path)
        }
        let filter = ListFilter.parse(req, choices: ["status", "kind"])
        let shown = partners.filter { filter.matches("status", $0.status.rawValue) && filter.matches("kind", $0.kind.rawValue) && filter.contains($0.goLiveDate) }
        let snapshot = try await KPISnapshotService.latest(scope: principal.scope, on: req.db)
        return try await PartnerViews.list(shown, canCreate: principal.can(.editRegistry), snapshots: snapshot?.snapshots ?? [:], snapshotPeriod: snapshot?.period,
                                           filter: filter, req.pageContext()).encodeResponse(for: req)
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
            history: try await AuditQueries.list(.init(partnerID: id, limit: 10), for: principal.scope, on: req.db),
            canEditRegistry: principal.can(.editRegistry),
            canEditDirectory: principal.can(.editPartnerDirectory),
            alerts: try await AlertService.list(scope: .only(id), on: req.db),
            canOpenIncidents: principal.can(.manageRelationship),
            relationship: try await RelationshipSummary.section(for: partner, on: req.db),
            staffing: (try? await StaffingPages.partnerSection(req, team: id, principal: principal)) ?? .empty,
            isPartnerUser: principal.isPartnerUser,
            snapshot: try await KPISnapshotService.section(team: id, scope: principal.scope, on: req.db),
            design: [try await DesignPages.summary(partner, principal: principal, on: req.db), try await GoalPages.summary(partner, principal: principal, on: req.db)].joined(),
            contract: try await ContractSummary.partnerSection(partner, on: req.db)
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
        let entries = try await AuditQueries.list(.init(partnerID: try partner.requireID(), limit: 500), for: try req.requirePrincipal().scope, on: req.db)
        return PartnerViews.history(PartnerService.dto(partner), entries, req.pageContext())
    }

    private static func scoped(_ req: Request) async throws -> Partner {
        try await PartnerService.require(req.id("partnerID"), scope: req.requirePrincipal().scope, on: req.db)
    }
}
