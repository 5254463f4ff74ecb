import Foundation
import TandemPartners
import Vapor

extension Request {
    /// The frame of a page: who is signed in, the CSRF token, and a one-time flash message.
    func pageContext() -> PageContext {
        let flash = session.data[SessionKeys.flash]
        if flash != nil { session.data[SessionKeys.flash] = nil }
        return PageContext(principal: principal, csrf: csrfToken, flash: flash)
    }

    func flash(_ message: String) { session.data[SessionKeys.flash] = message }
}

enum FormSubmission {
    /// Runs a form's action. Invalid input re-renders the form (422) with each field's
    /// error beside it and the user's values kept; success redirects with a flash message.
    static func handle(
        _ req: Request,
        parseErrors: FieldErrors = FieldErrors(),
        rerender: @Sendable (FieldErrors) async throws -> HTML,
        action: @Sendable () async throws -> (SiteURL, String)
    ) async throws -> Response {
        if !parseErrors.isEmpty { return try await rerender(parseErrors).response(.unprocessableEntity) }
        do {
            let (target, message) = try await action()
            req.flash(message)
            return req.redirect(to: target.path, redirectType: .normal)
        } catch let failure as ValidationFailed {
            return try await rerender(failure.fields).response(.unprocessableEntity)
        }
    }
}
