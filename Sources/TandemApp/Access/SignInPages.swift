import Fluent
import Foundation
import TandemPartners
import Vapor

/// Sign in, sign out, and the first-run set-up that creates the first admin.
enum SignInPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.login.pathComponents, use: loginForm)
        routes.post(SiteURL.login.pathComponents, use: login)
        routes.post(SiteURL.logout.pathComponents, use: logout)
        routes.get(SiteURL.setup.pathComponents, use: setupForm)
        routes.post(SiteURL.setup.pathComponents, use: setup)
    }

    static let loginFields = [
        FormField(name: "email", label: "Email", kind: .email, required: true),
        FormField(name: "password", label: "Password", kind: .password, required: true),
    ]

    @Sendable static func loginForm(req: Request) async throws -> Response {
        if try await User.query(on: req.db).count() == 0 { return req.redirect(to: SiteURL.setup.path) }
        if req.principal != nil { return req.redirect(to: SiteURL.home.path) }
        let next = (try? req.query.get(String.self, at: "next")) ?? ""
        return try await page(req.pageContext(), values: FormValues(["next": next]), errors: .init(), message: nil).encodeResponse(for: req)
    }

    static func page(_ context: PageContext, values: FormValues, errors: FieldErrors, message: String?) -> HTML {
        Layout.page("Sign in", context, """
        <div class="narrow">
        <h1>Sign in to Tandem</h1>
        \(message.map { HTML("<div class=\"error-summary\" role=\"alert\">\($0)</div>") } ?? .empty)
        <form method="post" action="\(SiteURL.login.path)" class="stacked">
        \(Components.csrfField(context.csrf))
        <input type="hidden" name="next" value="\(values["next"])">
        \(loginFields.map { FormRenderer.field($0, value: values[$0.name], error: errors[$0.name]) })
        <div class="actions"><button type="submit">Sign in</button></div>
        </form>
        </div>
        """)
    }

    @Sendable static func login(req: Request) async throws -> Response {
        let form = try FormValues.from(req)
        let email = form["email"].lowercased()
        let password = form.values["password"] ?? ""
        let config = req.application.tandemConfig
        let throttle = LoginThrottle(failureLimit: config.loginFailureLimit, window: config.loginThrottleWindow)
        if let wait = try await throttle.retryAfter(email: email, address: req.clientAddress, on: req.db) {
            let minutes = (wait + 59) / 60
            let response = page(req.pageContext(), values: form, errors: .init(),
                                message: "Too many failed sign-ins. Try again in \(minutes) minute\(minutes == 1 ? "" : "s").").response(.tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(wait))
            return response
        }
        let user = try await User.query(on: req.db).filter(\.$email == email).first()
        // Verify against a real hash even for unknown emails so timing does not reveal which accounts exist.
        let digest = user?.passwordHash ?? req.application.tandemDummyPasswordHash
        let valid = try await req.passwordHashing.verify(password, created: digest) && user?.active == true
        try await throttle.record(email: email, address: req.clientAddress, succeeded: valid, on: req.db)
        guard valid, let user else {
            return page(req.pageContext(), values: form, errors: .init(), message: "Email or password is not right.").response(.unauthorized)
        }
        try await startSession(for: user, on: req)
        let next = form["next"].removingPercentEncoding ?? ""
        // Only local paths: never bounce a signed-in user to another site.
        let target = next.hasPrefix("/") && !next.hasPrefix("//") ? next : SiteURL.home.path
        return req.redirect(to: target)
    }

    /// A fresh session id at sign-in, so a session fixed before sign-in is worthless after it.
    static func startSession(for user: User, on req: Request) async throws {
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
        }
        req.session.id = nil
        req.session.data = SessionData()
        req.session.data[SessionKeys.userID] = try user.requireID().uuidString
        req.session.data[SessionKeys.csrf] = Secrets.random()
        user.lastLoginAt = Date()
        try await user.save(on: req.db)
        req.auth.login(Principal(userID: try user.requireID(), name: user.name, email: user.email, role: user.role, partnerID: user.$partner.id))
    }

    @Sendable static func logout(req: Request) async throws -> Response {
        req.auth.logout(Principal.self)
        req.session.destroy()
        return req.redirect(to: SiteURL.login.path)
    }

    static let setupFields = [
        FormField(name: "name", label: "Your name", required: true),
        FormField(name: "email", label: "Email", kind: .email, required: true),
        FormField(name: "password", label: "Password", kind: .password, hint: "At least \(UserService.minimumPasswordLength) characters.", required: true),
    ]

    @Sendable static func setupForm(req: Request) async throws -> Response {
        guard try await User.query(on: req.db).count() == 0 else { return req.redirect(to: SiteURL.login.path) }
        return try await setupPage(req.pageContext(), values: FormValues(), errors: .init()).encodeResponse(for: req)
    }

    static func setupPage(_ context: PageContext, values: FormValues, errors: FieldErrors) -> HTML {
        Layout.page("Set up Tandem", context, """
        <div class="narrow">
        <h1>Welcome to Tandem</h1>
        <p class="lead">Nobody has an account yet. Create the first administrator; you can invite everyone else from the Users page.</p>
        \(FormRenderer.form(action: .setup, fields: setupFields, values: values, errors: errors, csrf: context.csrf, submit: "Create admin and sign in"))
        </div>
        """)
    }

    @Sendable static func setup(req: Request) async throws -> Response {
        // Only while the workspace has no user: afterwards this form is closed for good.
        guard try await User.query(on: req.db).count() == 0 else { throw Abort(.forbidden, reason: "Tandem is already set up. Sign in instead.") }
        let form = try FormValues.from(req)
        let context = req.pageContext()
        let input = NewUserInput(email: form["email"], name: form["name"], role: .admin, partnerID: nil, password: form.values["password"] ?? "")
        return try await FormSubmission.handle(req, rerender: { errors in setupPage(context, values: form, errors: errors) }, action: {
            let user = try await UserService.create(input, hasher: req.passwordHashing, by: Actor(userID: nil, name: "first-run set-up"), on: req.db)
            try await startSession(for: user, on: req)
            return (.home, "Welcome, \(user.name). Start by adding your in-house team and your partners.")
        })
    }
}
