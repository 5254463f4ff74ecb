import Foundation
import Vapor

/// Every page path in one place: used to register routes (with `.param`) and to build
/// links (with `.id(...)`), so a link can never point at a route that does not exist.
enum SiteURL: Sendable {
    enum Ref: Sendable, Equatable {
        case param
        case id(UUID)
    }

    case home, login, logout, setup, stylesheet
    case account, accountPassword, tokens, tokenRevoke(Ref)
    case partners, partnerNew, partner(Ref), partnerEdit(Ref), partnerDelete(Ref), partnerAudit(Ref)
    case siteNew(partner: Ref), siteEdit(partner: Ref, site: Ref), siteDelete(partner: Ref, site: Ref)
    case contactNew(partner: Ref), contactEdit(partner: Ref, contact: Ref), contactDelete(partner: Ref, contact: Ref)
    case catalogue, channelNew, channelEdit(Ref), channelDelete(Ref), queueNew, queueEdit(Ref), queueDelete(Ref)
    case users, userNew, userEdit(Ref)
    case audit
    case performance, performanceCSV, performanceTrends, performanceSettings
    case imports, qaImports, importDetail(Ref), targets, targetDelete(Ref)
    // The relationship loop.
    case relationship, relationshipPartner(Ref), qbr(Ref)
    case broadcasts, broadcastNew, broadcast(Ref), broadcastAcknowledge(Ref)
    case meetingSeriesNew(partner: Ref), meetingNew(partner: Ref), meeting(Ref), meetingActionNew(Ref), actionItem(Ref)
    case escalationPolicy(partner: Ref), feedbackNew(partner: Ref)
    case incidents, incidentNew(partner: Ref), incident(Ref), alertIncident(Ref)
    case surveys, survey(Ref), surveyAnswer(survey: Ref, partner: Ref)
    case webhooks, webhookRetry(Ref)
    case calendarAccount
    /// The secret feed address; nil registers the route.
    case calendarFeed(String?)
    case staffing, staffingHeatmap, staffingExit, staffingCalculator, staffingForecastImport, staffingScheduleImport, staffingBaseline
    case staffingQueueSettings(Ref), staffingAllocation(Ref), staffingRules, staffingLeadTimes, staffingNoticePeriods
    // Truth at a glance: a scorecard figure's days (query: team, kpi, period, at, queue or channel).
    case performanceDrill

    private static func part(_ ref: Ref, _ name: String) -> String {
        switch ref {
        case .param: ":\(name)"
        case .id(let id): id.uuidString.lowercased()
        }
    }

    var components: [String] {
        let p = Self.part
        switch self {
        case .home: return []
        case .login: return ["login"]
        case .logout: return ["logout"]
        case .setup: return ["setup"]
        case .stylesheet: return ["assets", "tandem.css"]
        case .account: return ["account"]
        case .accountPassword: return ["account", "password"]
        case .tokens: return ["account", "tokens"]
        case .tokenRevoke(let t): return ["account", "tokens", p(t, "tokenID"), "revoke"]
        case .partners: return ["partners"]
        case .partnerNew: return ["partners", "new"]
        case .partner(let r): return ["partners", p(r, "partnerID")]
        case .partnerEdit(let r): return ["partners", p(r, "partnerID"), "edit"]
        case .partnerDelete(let r): return ["partners", p(r, "partnerID"), "delete"]
        case .partnerAudit(let r): return ["partners", p(r, "partnerID"), "history"]
        case .siteNew(let r): return ["partners", p(r, "partnerID"), "sites", "new"]
        case .siteEdit(let r, let s): return ["partners", p(r, "partnerID"), "sites", p(s, "siteID"), "edit"]
        case .siteDelete(let r, let s): return ["partners", p(r, "partnerID"), "sites", p(s, "siteID"), "delete"]
        case .contactNew(let r): return ["partners", p(r, "partnerID"), "contacts", "new"]
        case .contactEdit(let r, let c): return ["partners", p(r, "partnerID"), "contacts", p(c, "contactID"), "edit"]
        case .contactDelete(let r, let c): return ["partners", p(r, "partnerID"), "contacts", p(c, "contactID"), "delete"]
        case .catalogue: return ["catalogue"]
        case .channelNew: return ["catalogue", "channels", "new"]
        case .channelEdit(let r): return ["catalogue", "channels", p(r, "channelID"), "edit"]
        case .channelDelete(let r): return ["catalogue", "channels", p(r, "channelID"), "delete"]
        case .queueNew: return ["catalogue", "queues", "new"]
        case .queueEdit(let r): return ["catalogue", "queues", p(r, "queueID"), "edit"]
        case .queueDelete(let r): return ["catalogue", "queues", p(r, "queueID"), "delete"]
        case .users: return ["users"]
        case .userNew: return ["users", "new"]
        case .userEdit(let r): return ["users", p(r, "userID"), "edit"]
        case .audit: return ["audit"]
        case .performance: return ["performance"]
        case .performanceCSV: return ["performance", "scorecard.csv"]
        case .performanceTrends: return ["performance", "trends"]
        case .performanceSettings: return ["performance", "settings"]
        case .imports: return ["performance", "imports"]
        case .qaImports: return ["performance", "imports", "qa"]
        case .importDetail(let r): return ["performance", "imports", p(r, "importID")]
        case .targets: return ["performance", "targets"]
        case .targetDelete(let r): return ["performance", "targets", p(r, "targetID"), "delete"]
        case .relationship: return ["relationship"]
        case .relationshipPartner(let r): return ["relationship", "partners", p(r, "partnerID")]
        case .qbr(let r): return ["relationship", "partners", p(r, "partnerID"), "qbr"]
        case .broadcasts: return ["relationship", "broadcasts"]
        case .broadcastNew: return ["relationship", "broadcasts", "new"]
        case .broadcast(let r): return ["relationship", "broadcasts", p(r, "broadcastID")]
        case .broadcastAcknowledge(let r): return ["relationship", "broadcasts", p(r, "broadcastID"), "acknowledge"]
        case .meetingSeriesNew(let r): return ["relationship", "partners", p(r, "partnerID"), "series"]
        case .meetingNew(let r): return ["relationship", "partners", p(r, "partnerID"), "meetings"]
        case .meeting(let r): return ["relationship", "meetings", p(r, "meetingID")]
        case .meetingActionNew(let r): return ["relationship", "meetings", p(r, "meetingID"), "actions"]
        case .actionItem(let r): return ["relationship", "actions", p(r, "actionID")]
        case .escalationPolicy(let r): return ["relationship", "partners", p(r, "partnerID"), "escalation"]
        case .feedbackNew(let r): return ["relationship", "partners", p(r, "partnerID"), "feedback"]
        case .incidents: return ["relationship", "incidents"]
        case .incidentNew(let r): return ["relationship", "partners", p(r, "partnerID"), "incidents"]
        case .incident(let r): return ["relationship", "incidents", p(r, "incidentID")]
        case .alertIncident(let r): return ["relationship", "alerts", p(r, "alertID"), "incident"]
        case .surveys: return ["relationship", "surveys"]
        case .survey(let r): return ["relationship", "surveys", p(r, "surveyID")]
        case .surveyAnswer(let s, let r): return ["relationship", "surveys", p(s, "surveyID"), "partners", p(r, "partnerID")]
        case .webhooks: return ["relationship", "webhooks"]
        case .webhookRetry(let r): return ["relationship", "webhooks", p(r, "deliveryID"), "retry"]
        case .calendarAccount: return ["account", "calendar"]
        case .calendarFeed(let token): return ["calendar", token ?? ":feedToken"]
        case .staffing: return ["staffing"]
        case .staffingHeatmap: return ["staffing", "heatmap"]
        case .staffingExit: return ["staffing", "exit"]
        case .staffingCalculator: return ["staffing", "calculator"]
        case .staffingForecastImport: return ["staffing", "forecast", "import"]
        case .staffingBaseline: return ["staffing", "forecast", "baseline"]
        case .staffingScheduleImport: return ["staffing", "schedule", "import"]
        case .staffingQueueSettings(let r): return ["staffing", "queues", p(r, "queueID"), "settings"]
        case .staffingAllocation(let r): return ["staffing", "queues", p(r, "queueID"), "allocation"]
        case .staffingRules: return ["staffing", "rules"]
        case .staffingLeadTimes: return ["staffing", "rules", "lead-times"]
        case .staffingNoticePeriods: return ["staffing", "rules", "notice-periods"]
        // Truth at a glance.
        case .performanceDrill: return ["performance", "figure"]
        }
    }

    var path: String { "/" + components.joined(separator: "/") }

    var pathComponents: [PathComponent] { components.map { PathComponent(stringLiteral: $0) } }
}

extension Request {
    /// A UUID path parameter; a malformed id is simply not found.
    func id(_ name: String) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else {
            throw Abort(.notFound, reason: "No such record.")
        }
        return id
    }
}

extension SiteURL {
    /// Every case as a route template. `PageTests.site_urls_and_page_routes_are_the_same_set`
    /// checks this list against the registered routes in both directions, so a page route added
    /// without its template here (or a template never registered) fails the suite.
    static let routeTemplates: [SiteURL] = {
        let p = Ref.param
        return [
            .home, .login, .logout, .setup, .stylesheet,
            .account, .accountPassword, .tokens, .tokenRevoke(p),
            .partners, .partnerNew, .partner(p), .partnerEdit(p), .partnerDelete(p), .partnerAudit(p),
            .siteNew(partner: p), .siteEdit(partner: p, site: p), .siteDelete(partner: p, site: p),
            .contactNew(partner: p), .contactEdit(partner: p, contact: p), .contactDelete(partner: p, contact: p),
            .catalogue, .channelNew, .channelEdit(p), .channelDelete(p), .queueNew, .queueEdit(p), .queueDelete(p),
            .users, .userNew, .userEdit(p), .audit,
            .performance, .performanceCSV, .performanceTrends, .performanceSettings,
            .imports, .qaImports, .importDetail(p), .targets, .targetDelete(p),
            .relationship, .relationshipPartner(p), .qbr(p),
            .broadcasts, .broadcastNew, .broadcast(p), .broadcastAcknowledge(p),
            .meetingSeriesNew(partner: p), .meetingNew(partner: p), .meeting(p), .meetingActionNew(p), .actionItem(p),
            .escalationPolicy(partner: p), .feedbackNew(partner: p),
            .incidents, .incidentNew(partner: p), .incident(p), .alertIncident(p),
            .surveys, .survey(p), .surveyAnswer(survey: p, partner: p),
            .webhooks, .webhookRetry(p),
            .calendarAccount, .calendarFeed(nil),
            .staffing, .staffingHeatmap, .staffingExit, .staffingCalculator, .staffingForecastImport, .staffingScheduleImport, .staffingBaseline,
            .staffingQueueSettings(p), .staffingAllocation(p), .staffingRules, .staffingLeadTimes, .staffingNoticePeriods,
            // Truth at a glance.
            .performanceDrill,
        ]
    }()
}
