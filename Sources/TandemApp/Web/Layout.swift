import Foundation
import TandemPartners
import Vapor

/// What every page's frame needs to know about the request.
struct PageContext: Sendable {
    let principal: Principal?
    let csrf: String
    var flash: String? = nil
}

enum NavSection: Sendable { case home, partners, catalogue, performance, relationship, staffing, audit, users, account, none
    // Choosing and designing partnerships (issue 15).
    case selection
    // Contracts and money (issue 14).
    case contracts
    // The front line (issue 16).
    case frontline
}

enum Layout {
    static func page(_ title: String, _ context: PageContext, section: NavSection = .none, _ body: HTML) -> HTML {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · Tandem</title>
        <link rel="stylesheet" href="\(SiteURL.stylesheet.path)">
        </head>
        <body>
        \(header(context, section))
        <main>
        \(context.flash.map { HTML("<p class=\"flash\" role=\"status\">\($0)</p>") } ?? .empty)
        \(body)
        </main>
        <footer>Tandem \(TandemVersion.current) · <a href="/api/v1/openapi.json">API</a></footer>
        </body>
        </html>
        """
    }

    private static func header(_ context: PageContext, _ section: NavSection) -> HTML {
        guard let principal = context.principal else {
            return "<header><a class=\"brand\" href=\"/\">Tandem</a></header>"
        }
        func link(_ url: SiteURL, _ label: String, _ mine: NavSection) -> HTML {
            "<a href=\"\(url.path)\"\(mine == section ? HTML(" aria-current=\"page\"") : .empty)>\(label)</a>"
        }
        var links: [HTML] = [link(.home, "Dashboard", .home), link(.partners, principal.isPartnerUser ? "My partnership" : "Partners", .partners)]
        links.append(link(.catalogue, "Channels & queues", .catalogue))
        links.append(link(.performance, "Performance", .performance))
        links.append(link(.relationship, "Relationship", .relationship))
        links.append(link(.staffing, "Staffing", .staffing))
        // Choosing and designing partnerships (issue 15): partner users find their RFPs there.
        links.append(link(.selection, "Selection", .selection))
        links.append(link(.contracts, "Contracts", .contracts))
        // The front line (issue 16).
        links.append(link(.frontline, "Front line", .frontline))
        if principal.can(.administer) {
            links.append(link(.users, "Users", .users))
            links.append(link(.audit, "Audit log", .audit))
        }
        return """
        <header>
        <a class="brand" href="/">Tandem</a>
        <nav>\(links)</nav>
        <div class="who">
        <a href="\(SiteURL.account.path)">\(principal.name)</a> <span class="role">\(principal.role.label)</span>
        <form method="post" action="\(SiteURL.logout.path)" class="inline">\(Components.csrfField(context.csrf))<button class="link">Sign out</button></form>
        </div>
        </header>
        """
    }
}

enum ErrorPage {
    static func render(status: HTTPResponseStatus, reason: String, context: PageContext) -> HTML {
        let title: String
        switch status.code {
        case 404: title = "Not found"
        case 403: title = "Not allowed"
        case 401: title = "Please sign in"
        case 422: title = "Some fields need attention"
        case 429: title = "Too many attempts"
        default: title = status.code >= 500 ? "Something went wrong" : "Request not accepted"
        }
        return Layout.page(title, context, """
        <h1>\(title)</h1>
        <p class="error-reason">\(reason)</p>
        <p><a href="/">Back to the dashboard</a></p>
        """)
    }
}
