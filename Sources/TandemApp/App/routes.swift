import Fluent
import Vapor

/// Every route, registered per feature. Pages sit behind sessions and CSRF; the API behind tokens.
func routes(_ app: Application) throws {
    ServiceHealthCheck.register(app)
    Stylesheet.register(app)

    let api = app.grouped(APIRoutes.prefix)
    let registry = app.apiRegistry
    api.get("openapi.json") { req -> Response in
        let document = OpenAPIDocument.build(operations: req.application.apiRegistry.operations, schemas: apiSchemas)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: try encoder.encode(document)))
    }
    let authenticated = APIRoutes(routes: api.grouped(TokenAuthenticator(), RequireAPILogin()), registry: registry)
    AccessAPI.register(authenticated)
    PartnerAPI.register(authenticated)
    CatalogueAPI.register(authenticated)
    AuditAPI.register(authenticated)
    PerformanceAPI.register(authenticated)
    BroadcastAPI.register(authenticated)
    RelationshipAPI.register(authenticated)

    CadencePages.registerFeed(app)
    StaffingAPI.register(authenticated)
    // Choosing and designing partnerships (issue 15).
    SelectionAPI.register(authenticated)
    DesignAPI.register(authenticated)
    GoalAPI.register(authenticated)
    // Contracts and money (issue 14).
    ContractsAPI.register(authenticated)
    // The front line (issue 16).
    FrontlineAPI.register(authenticated)

    let web = app.grouped(app.sessions.middleware, SessionAuthenticator(), CSRFMiddleware())
    SignInPages.register(web)
    let pages = web.grouped(RequirePageLogin())
    DashboardPage.register(pages)
    PartnerPages.register(pages)
    CataloguePages.register(pages)
    AccountPages.register(pages)
    UserPages.register(pages)
    AuditPages.register(pages)
    PerformancePages.register(pages)
    RelationshipPages.register(pages)
    BroadcastPages.register(pages)
    CadencePages.register(pages)
    IncidentPages.register(pages)
    SurveyPages.register(pages)
    WebhookPages.register(pages)
    StaffingPages.register(pages)
    // Choosing and designing partnerships (issue 15).
    SelectionPages.register(pages)
    DiligencePages.register(pages)
    DesignPages.register(pages)
    GoalPages.register(pages)

    // Signals out (issue 17): Prometheus metrics behind their own token; webhook subscriptions (admins).
    MetricsEndpoint.register(app)
    WebhookAPI.register(authenticated)
    // Contracts and money (issue 14).
    ContractPages.register(pages)
    InvoicePages.register(pages)
    CostPages.register(pages)
    // The front line (issue 16).
    FrontlinePages.register(pages)
}

/// Schemas every feature declares for the OpenAPI document, feature by feature. A name is
/// declared once: `APIDTOSchemaTests` fails when two features use one name (the second would
/// silently describe the first's operations).
let apiSchemaSets: [[String: JSONSchema]] = [PartnerAPI.schemas, CatalogueAPI.schemas, AccessAPI.schemas, AuditAPI.schemas, PerformanceAPI.schemas,
                                             BroadcastAPI.schemas, RelationshipAPI.schemas, StaffingAPI.schemas,
                                             // Choosing and designing partnerships (issue 15).
                                             SelectionAPI.schemas, DesignAPI.schemas, GoalAPI.schemas,
                                             // Signals out (issue 17).
                                             WebhookAPI.schemas,
                                             // Contracts and money (issue 14).
                                             ContractsAPI.schemas,
                                             // The front line (issue 16).
                                             FrontlineAPI.schemas]

/// Every schema of the OpenAPI document by name.
let apiSchemas: [String: JSONSchema] = apiSchemaSets.reduce(into: [:]) { all, next in all.merge(next) { first, _ in first } }
