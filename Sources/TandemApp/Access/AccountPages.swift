import Foundation
import TandemPartners
import Vapor

/// A user's own account: password and personal API tokens.
enum AccountPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.account.pathComponents, use: account)
        routes.post(SiteURL.accountPassword.pathComponents, use: changePassword)
        routes.post(SiteURL.tokens.pathComponents, use: createToken)
        routes.post(SiteURL.tokenRevoke(.param).pathComponents, use: revokeToken)
    }

    static let passwordFields = [
        FormField(name: "currentPassword", label: "Current password", kind: .password, required: true),
        FormField(name: "newPassword", label: "New password", kind: .password, hint: "At least \(UserService.minimumPasswordLength) characters.", required: true),
    ]
    static let tokenFields = [FormField(name: "name", label: "Token name", hint: "What will use it, e.g. “BI export”.", required: true)]

    @Sendable static func account(req: Request) async throws -> HTML {
        try await page(req, passwordErrors: .init(), tokenErrors: .init(), newSecret: nil, status: .ok)
    }

    static func page(_ req: Request, passwordErrors: FieldErrors, tokenErrors: FieldErrors, newSecret: NewTokenDTO?, status: HTTPStatus) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let context = req.pageContext()
        let tokens = try await TokenService.list(userID: principal.userID, on: req.db)
        let rows: [[HTML]] = tokens.map { t in [
            "\(t.name)", "<code>\(t.prefix)…</code>", "\(Components.date(t.createdAt))", "\(Components.date(t.lastUsedAt))",
            t.revokedAt == nil ? Components.postButton(.tokenRevoke(.id(t.id)), "Revoke", csrf: context.csrf, danger: true) : "Revoked \(Components.date(t.revokedAt))",
        ] }
        let secret: HTML = newSecret.map { created in """
            <div class="secret" role="status"><strong>Copy your new token now: it will not be shown again.</strong>
            <pre id="new-token">\(created.secret)</pre>
            <p>Use it as <code>Authorization: Bearer &lt;token&gt;</code> against <code>/api/v1</code>.</p></div>
            """ } ?? .empty
        return Layout.page("Your account", context, section: .account, """
        <h1>Your account</h1>
        \(Components.details([("Name", "\(principal.name)"), ("Email", "\(principal.email)"), ("Role", "\(principal.role.label)")]))
        <section><h2>API tokens</h2>
        \(secret)
        \(Components.table(["Name", "Starts with", "Created", "Last used", ""], rows, empty: "No tokens yet. Create one to use the JSON API.", id: "tokens"))
        \(FormRenderer.form(action: .tokens, fields: tokenFields, values: FormValues(), errors: tokenErrors, csrf: context.csrf, submit: "Create token"))
        </section>
        <section><h2>Change password</h2>
        \(FormRenderer.form(action: .accountPassword, fields: passwordFields, values: FormValues(), errors: passwordErrors, csrf: context.csrf, submit: "Change password"))
        </section>
        """)
    }

    @Sendable static func changePassword(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let form = try FormValues.from(req)
        let user = try await UserService.require(principal.userID, on: req.db)
        do {
            try await UserService.changePassword(user, current: form.values["currentPassword"] ?? "", new: form.values["newPassword"] ?? "",
                                                 hasher: req.passwordHashing, by: principal.actor, on: req.db)
        } catch let failure as ValidationFailed {
            return try await page(req, passwordErrors: failure.fields, tokenErrors: .init(), newSecret: nil, status: .unprocessableEntity).response(.unprocessableEntity)
        }
        req.flash("Your password was changed.")
        return req.redirect(to: SiteURL.account.path)
    }

    @Sendable static func createToken(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let form = try FormValues.from(req)
        do {
            let created = try await TokenService.create(name: form["name"], userID: principal.userID, by: principal.actor, on: req.db)
            // Rendered directly rather than redirected: the secret must never sit in a session or a URL.
            return try await page(req, passwordErrors: .init(), tokenErrors: .init(), newSecret: created, status: .created).response(.created)
        } catch let failure as ValidationFailed {
            return try await page(req, passwordErrors: .init(), tokenErrors: failure.fields, newSecret: nil, status: .unprocessableEntity).response(.unprocessableEntity)
        }
    }

    @Sendable static func revokeToken(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let token = try await TokenService.requireOwn(req.id("tokenID"), userID: principal.userID, on: req.db)
        try await TokenService.revoke(token, by: principal.actor, on: req.db)
        req.flash("Token \(token.name) was revoked.")
        return req.redirect(to: SiteURL.account.path)
    }
}
