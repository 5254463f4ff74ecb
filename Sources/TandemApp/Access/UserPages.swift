import Foundation
import TandemPartners
import Vapor

/// Admins manage who can sign in and what they may do.
enum UserPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.users.pathComponents, use: list)
        routes.get(SiteURL.userNew.pathComponents, use: newForm)
        routes.post(SiteURL.userNew.pathComponents, use: create)
        routes.get(SiteURL.userEdit(.param).pathComponents, use: editForm)
        routes.post(SiteURL.userEdit(.param).pathComponents, use: update)
    }

    @Sendable static func list(req: Request) async throws -> HTML {
        try req.require(.administer)
        let users = try await UserService.list(on: req.db)
        let partners = Dictionary(uniqueKeysWithValues: try await PartnerService.list(scope: .all, on: req.db).map { ($0.id, $0.name) })
        let rows: [[HTML]] = users.map { u in [
            Components.link(.userEdit(.id(u.id)), u.name), "\(u.email)", "\(u.role.label)",
            "\(u.partnerID.flatMap { partners[$0] } ?? "—")", u.active ? "Active" : Components.badge("Deactivated", "ended"),
            "\(Components.date(u.lastLoginAt))",
        ] }
        return Layout.page("Users", req.pageContext(), section: .users, """
        <div class="page-head"><h1>Users</h1><a class="button" href="\(SiteURL.userNew.path)">New user</a></div>
        <p class="lead">Admins manage everything; relationship managers run partnerships; viewers (executives, finance) read; partner users see only their own partner.</p>
        \(Components.table(["Name", "Email", "Role", "Partner", "State", "Last sign-in"], rows, empty: "No users.", id: "users"))
        """)
    }

    static func fields(partners: [PartnerDTO], isNew: Bool) -> [FormField] {
        var fields: [FormField] = []
        if isNew { fields.append(FormField(name: "email", label: "Email", kind: .email, required: true)) }
        fields += [
            FormField(name: "name", label: "Name", required: true),
            FormField(name: "role", label: "Role", kind: .select(FormRenderer.options(Role.self, label: \.label))),
            FormField(name: "partnerID", label: "Partner", kind: .select([("", "— none —")] + partners.filter { $0.kind == .partner }.map { ($0.id.uuidString, $0.name) }),
                      hint: "Required for partner users, who see only this partner's data."),
        ]
        if !isNew { fields.append(FormField(name: "active", label: "Active", kind: .checkbox)) }
        fields.append(FormField(name: "password", label: isNew ? "Initial password" : "New password", kind: .password,
                                hint: isNew ? "At least \(UserService.minimumPasswordLength) characters; share it privately." : "Leave empty to keep the current password.",
                                required: isNew))
        return fields
    }

    static func form(title: String, action: SiteURL, fields: [FormField], values: FormValues, errors: FieldErrors, _ context: PageContext) -> HTML {
        Layout.page(title, context, section: .users, """
        <p class="crumbs">\(Components.link(.users, "Users"))</p>
        <h1>\(title)</h1>
        \(FormRenderer.form(action: action, fields: fields, values: values, errors: errors, csrf: context.csrf, submit: "Save"))
        """)
    }

    @Sendable static func newForm(req: Request) async throws -> HTML {
        try req.require(.administer)
        let partners = try await PartnerService.list(scope: .all, on: req.db)
        return form(title: "New user", action: .userNew, fields: fields(partners: partners, isNew: true), values: FormValues(["role": "manager"]), errors: .init(), req.pageContext())
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let principal = try req.require(.administer)
        let values = try FormValues.from(req)
        var errors = FieldErrors()
        let role = values.choice("role", Role.self, into: &errors)
        let partnerID = values.uuid("partnerID", into: &errors)
        let partners = try await PartnerService.list(scope: .all, on: req.db)
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            form(title: "New user", action: .userNew, fields: fields(partners: partners, isNew: true), values: values, errors: errors, context)
        }, action: {
            let input = NewUserInput(email: values["email"], name: values["name"], role: role!, partnerID: partnerID, password: values.values["password"] ?? "")
            let user = try await UserService.create(input, hasher: req.passwordHashing, by: principal.actor, on: req.db)
            return (.users, "\(user.name) can now sign in as \(user.email).")
        })
    }

    @Sendable static func editForm(req: Request) async throws -> HTML {
        try req.require(.administer)
        let user = try await UserService.require(req.id("userID"), on: req.db)
        let partners = try await PartnerService.list(scope: .all, on: req.db)
        let values = FormValues(["name": user.name, "role": user.role.rawValue, "partnerID": user.$partner.id?.uuidString ?? "", "active": user.active ? "on" : ""])
        return form(title: "Edit \(user.email)", action: .userEdit(.id(try user.requireID())), fields: fields(partners: partners, isNew: false), values: values, errors: .init(), req.pageContext())
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let principal = try req.require(.administer)
        let user = try await UserService.require(req.id("userID"), on: req.db)
        let values = try FormValues.from(req)
        var errors = FieldErrors()
        let role = values.choice("role", Role.self, into: &errors)
        let partnerID = values.uuid("partnerID", into: &errors)
        let partners = try await PartnerService.list(scope: .all, on: req.db)
        let context = req.pageContext()
        let action = SiteURL.userEdit(.id(try user.requireID()))
        let title = "Edit \(user.email)"
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            form(title: title, action: action, fields: fields(partners: partners, isNew: false), values: values, errors: errors, context)
        }, action: {
            let input = UserUpdateInput(name: values["name"], role: role!, partnerID: partnerID, active: values.flag("active"), password: values.values["password"])
            let saved = try await UserService.update(user, with: input, hasher: req.passwordHashing, by: principal.actor, on: req.db)
            return (.users, "\(saved.name) was updated.")
        })
    }
}
