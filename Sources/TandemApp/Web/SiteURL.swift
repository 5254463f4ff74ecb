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
    case webhooks
    case calendarAccount
    /// The secret feed address; nil registers the route.
    case calendarFeed(String?)
    case staffing, staffingHeatmap, staffingExit, staffingCalculator, staffingForecastImport, staffingScheduleImport, staffingBaseline
    case staffingQueueSettings(Ref), staffingAllocation(Ref), staffingRules, staffingLeadTimes, staffingNoticePeriods
    // Truth at a glance: a scorecard figure's days (query: team, kpi, period, at, queue or channel).
    case performanceDrill
    // Choosing and designing partnerships (issue 15).
    case selection, selectionTemplates, selectionTemplateNew, selectionTemplate(Ref), selectionTemplateCopy(Ref)
    case sourcingEventNew, sourcingEvent(Ref), sourcingCandidates(Ref), sourcingEvaluators(Ref)
    case evaluationForm(event: Ref, partner: Ref), rfp(event: Ref, partner: Ref)
    case referenceNew(event: Ref, partner: Ref), reference(Ref), siteVisitNew(event: Ref, partner: Ref), siteVisit(Ref), siteVisitPhotos(Ref), visitPhoto(Ref)
    case sourcingComparison(Ref), sourcingDecision(Ref), sourcingDecisionPrint(Ref)
    case partnerDesign(Ref), partnerDesignPropose(Ref), partnerDesignPeople(Ref), partnerDesignPersonDelete(partner: Ref, person: Ref)
    case partnerGoals(Ref), goal(Ref), goalDelete(Ref)
    // Signals out (issue 17): webhook subscriptions, deliveries, relationship settings.
    case webhookSubscription(Ref), webhookSubscriptionSecret(Ref), webhookSubscriptionPing(Ref), webhookSubscriptionDelete(Ref), webhookReplay(Ref), relationshipSettings
    // Contracts and money (issue 14).
    case contracts, contractSettings, partnerContract(Ref), contractVersionNew(partner: Ref), contractVersion(Ref)
    case contractDocuments(partner: Ref), contractDocument(Ref), contractDocumentDelete(Ref), partnerSLA(Ref)
    case invoices, invoiceNew(partner: Ref), invoice(Ref), invoiceLines(Ref), invoiceAction(Ref), invoiceDispute(Ref), deliveredHoursImport
    case costs, inHouseCosts
    // The front line (issue 16).
    case frontline, frontlineSettings, frontlineTenure, frontlineProficiency, frontlineRamp, frontlineRecognition, frontlineCalibration, frontlineCalibrationNew
    case frontlineRoster(Ref), frontlineRosterImport(Ref), frontlineAgentNew(Ref), frontlineAgent(Ref)
    case frontlineTeamTenure(Ref), frontlineTeamProficiency(Ref), frontlineTeamRecognition(Ref)
    case frontlineKudosNew(Ref), frontlineCelebrationNew(Ref), frontlineSiteVisitNew(Ref), frontlineContestNew(Ref), frontlineRampPlanNew(Ref)
    case frontlineRampPlan(Ref), frontlineRampWaveNew(Ref), frontlineRampWave(Ref), frontlineRampWaveOverride(Ref)
    case frontlineContest(Ref), frontlineContestWinners(Ref)
    case frontlineCalibrationSession(Ref), frontlineCalibrationScores(Ref), frontlineCalibrationClose(Ref)

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
        // Choosing and designing partnerships (issue 15).
        case .selection: return ["selection"]
        case .selectionTemplates: return ["selection", "templates"]
        case .selectionTemplateNew: return ["selection", "templates", "new"]
        case .selectionTemplate(let r): return ["selection", "templates", p(r, "templateID")]
        case .selectionTemplateCopy(let r): return ["selection", "templates", p(r, "templateID"), "copy"]
        case .sourcingEventNew: return ["selection", "events", "new"]
        case .sourcingEvent(let r): return ["selection", "events", p(r, "eventID")]
        case .sourcingCandidates(let r): return ["selection", "events", p(r, "eventID"), "candidates"]
        case .sourcingEvaluators(let r): return ["selection", "events", p(r, "eventID"), "evaluators"]
        case .evaluationForm(let e, let r): return ["selection", "events", p(e, "eventID"), "candidates", p(r, "partnerID"), "score"]
        case .rfp(let e, let r): return ["selection", "events", p(e, "eventID"), "candidates", p(r, "partnerID"), "rfp"]
        case .referenceNew(let e, let r): return ["selection", "events", p(e, "eventID"), "candidates", p(r, "partnerID"), "references"]
        case .reference(let r): return ["selection", "references", p(r, "referenceID")]
        case .siteVisitNew(let e, let r): return ["selection", "events", p(e, "eventID"), "candidates", p(r, "partnerID"), "visits"]
        case .siteVisit(let r): return ["selection", "visits", p(r, "visitID")]
        case .siteVisitPhotos(let r): return ["selection", "visits", p(r, "visitID"), "photos"]
        case .visitPhoto(let r): return ["selection", "photos", p(r, "photoID")]
        case .sourcingComparison(let r): return ["selection", "events", p(r, "eventID"), "compare"]
        case .sourcingDecision(let r): return ["selection", "events", p(r, "eventID"), "decision"]
        case .sourcingDecisionPrint(let r): return ["selection", "events", p(r, "eventID"), "decision", "print"]
        case .partnerDesign(let r): return ["partners", p(r, "partnerID"), "design"]
        case .partnerDesignPropose(let r): return ["partners", p(r, "partnerID"), "design", "propose"]
        case .partnerDesignPeople(let r): return ["partners", p(r, "partnerID"), "design", "people"]
        case .partnerDesignPersonDelete(let r, let person): return ["partners", p(r, "partnerID"), "design", "people", p(person, "personID"), "delete"]
        case .partnerGoals(let r): return ["partners", p(r, "partnerID"), "goals"]
        case .goal(let r): return ["goals", p(r, "goalID")]
        case .goalDelete(let r): return ["goals", p(r, "goalID"), "delete"]
        // Signals out (issue 17).
        case .webhookSubscription(let r): return ["relationship", "webhooks", "subscriptions", p(r, "subscriptionID")]
        case .webhookSubscriptionSecret(let r): return ["relationship", "webhooks", "subscriptions", p(r, "subscriptionID"), "secret"]
        case .webhookSubscriptionPing(let r): return ["relationship", "webhooks", "subscriptions", p(r, "subscriptionID"), "ping"]
        case .webhookSubscriptionDelete(let r): return ["relationship", "webhooks", "subscriptions", p(r, "subscriptionID"), "delete"]
        case .webhookReplay(let r): return ["relationship", "webhooks", "deliveries", p(r, "deliveryID"), "replay"]
        case .relationshipSettings: return ["relationship", "settings"]
        // Contracts and money (issue 14).
        case .contracts: return ["contracts"]
        case .contractSettings: return ["contracts", "settings"]
        case .partnerContract(let r): return ["partners", p(r, "partnerID"), "contract"]
        case .contractVersionNew(let r): return ["partners", p(r, "partnerID"), "contract", "versions"]
        case .contractVersion(let r): return ["contracts", "versions", p(r, "versionID")]
        case .contractDocuments(let r): return ["partners", p(r, "partnerID"), "contract", "documents"]
        case .contractDocument(let r): return ["contracts", "documents", p(r, "documentID")]
        case .contractDocumentDelete(let r): return ["contracts", "documents", p(r, "documentID"), "delete"]
        case .partnerSLA(let r): return ["partners", p(r, "partnerID"), "sla"]
        case .invoices: return ["invoices"]
        case .invoiceNew(let r): return ["partners", p(r, "partnerID"), "invoices"]
        case .invoice(let r): return ["invoices", p(r, "invoiceID")]
        case .invoiceLines(let r): return ["invoices", p(r, "invoiceID"), "lines"]
        case .invoiceAction(let r): return ["invoices", p(r, "invoiceID"), "action"]
        case .invoiceDispute(let r): return ["invoices", p(r, "invoiceID"), "dispute"]
        case .deliveredHoursImport: return ["invoices", "delivered-hours"]
        case .costs: return ["costs"]
        case .inHouseCosts: return ["costs", "in-house"]
        // The front line (issue 16).
        case .frontline: return ["frontline"]
        case .frontlineSettings: return ["frontline", "settings"]
        case .frontlineTenure: return ["frontline", "tenure"]
        case .frontlineProficiency: return ["frontline", "proficiency"]
        case .frontlineRamp: return ["frontline", "ramp"]
        case .frontlineRecognition: return ["frontline", "recognition"]
        case .frontlineCalibration: return ["frontline", "calibration"]
        case .frontlineCalibrationNew: return ["frontline", "calibration", "new"]
        case .frontlineRoster(let r): return ["frontline", "teams", p(r, "partnerID"), "roster"]
        case .frontlineRosterImport(let r): return ["frontline", "teams", p(r, "partnerID"), "roster", "import"]
        case .frontlineAgentNew(let r): return ["frontline", "teams", p(r, "partnerID"), "agents", "new"]
        case .frontlineAgent(let r): return ["frontline", "agents", p(r, "rosterAgentID")]
        case .frontlineTeamTenure(let r): return ["frontline", "teams", p(r, "partnerID"), "tenure"]
        case .frontlineTeamProficiency(let r): return ["frontline", "teams", p(r, "partnerID"), "proficiency"]
        case .frontlineTeamRecognition(let r): return ["frontline", "teams", p(r, "partnerID"), "recognition"]
        case .frontlineKudosNew(let r): return ["frontline", "teams", p(r, "partnerID"), "kudos"]
        case .frontlineCelebrationNew(let r): return ["frontline", "teams", p(r, "partnerID"), "celebrations"]
        case .frontlineSiteVisitNew(let r): return ["frontline", "teams", p(r, "partnerID"), "site-visits"]
        case .frontlineContestNew(let r): return ["frontline", "teams", p(r, "partnerID"), "contests"]
        case .frontlineRampPlanNew(let r): return ["frontline", "teams", p(r, "partnerID"), "ramp-plans"]
        case .frontlineRampPlan(let r): return ["frontline", "ramp", p(r, "planID")]
        case .frontlineRampWaveNew(let r): return ["frontline", "ramp", p(r, "planID"), "waves"]
        case .frontlineRampWave(let r): return ["frontline", "ramp-waves", p(r, "waveID")]
        case .frontlineRampWaveOverride(let r): return ["frontline", "ramp-waves", p(r, "waveID"), "override"]
        case .frontlineContest(let r): return ["frontline", "contests", p(r, "contestID")]
        case .frontlineContestWinners(let r): return ["frontline", "contests", p(r, "contestID"), "winners"]
        case .frontlineCalibrationSession(let r): return ["frontline", "calibration", p(r, "calibrationID")]
        case .frontlineCalibrationScores(let r): return ["frontline", "calibration", p(r, "calibrationID"), "scores"]
        case .frontlineCalibrationClose(let r): return ["frontline", "calibration", p(r, "calibrationID"), "close"]
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
            .webhooks,
            .calendarAccount, .calendarFeed(nil),
            .staffing, .staffingHeatmap, .staffingExit, .staffingCalculator, .staffingForecastImport, .staffingScheduleImport, .staffingBaseline,
            .staffingQueueSettings(p), .staffingAllocation(p), .staffingRules, .staffingLeadTimes, .staffingNoticePeriods,
            // Truth at a glance.
            .performanceDrill,
            // Choosing and designing partnerships.
            .selection, .selectionTemplates, .selectionTemplateNew, .selectionTemplate(p), .selectionTemplateCopy(p),
            .sourcingEventNew, .sourcingEvent(p), .sourcingCandidates(p), .sourcingEvaluators(p),
            .evaluationForm(event: p, partner: p), .rfp(event: p, partner: p),
            .referenceNew(event: p, partner: p), .reference(p), .siteVisitNew(event: p, partner: p), .siteVisit(p), .siteVisitPhotos(p), .visitPhoto(p),
            .sourcingComparison(p), .sourcingDecision(p), .sourcingDecisionPrint(p),
            .partnerDesign(p), .partnerDesignPropose(p), .partnerDesignPeople(p), .partnerDesignPersonDelete(partner: p, person: p),
            .partnerGoals(p), .goal(p), .goalDelete(p),
            // Signals out (issue 17).
            .webhookSubscription(p), .webhookSubscriptionSecret(p), .webhookSubscriptionPing(p), .webhookSubscriptionDelete(p), .webhookReplay(p), .relationshipSettings,
            // Contracts and money (issue 14).
            .contracts, .contractSettings, .partnerContract(p), .contractVersionNew(partner: p), .contractVersion(p),
            .contractDocuments(partner: p), .contractDocument(p), .contractDocumentDelete(p), .partnerSLA(p),
            .invoices, .invoiceNew(partner: p), .invoice(p), .invoiceLines(p), .invoiceAction(p), .invoiceDispute(p), .deliveredHoursImport,
            .costs, .inHouseCosts,
            // The front line (issue 16).
            .frontline, .frontlineSettings, .frontlineTenure, .frontlineProficiency, .frontlineRamp, .frontlineRecognition, .frontlineCalibration, .frontlineCalibrationNew,
            .frontlineRoster(p), .frontlineRosterImport(p), .frontlineAgentNew(p), .frontlineAgent(p),
            .frontlineTeamTenure(p), .frontlineTeamProficiency(p), .frontlineTeamRecognition(p),
            .frontlineKudosNew(p), .frontlineCelebrationNew(p), .frontlineSiteVisitNew(p), .frontlineContestNew(p), .frontlineRampPlanNew(p),
            .frontlineRampPlan(p), .frontlineRampWaveNew(p), .frontlineRampWave(p), .frontlineRampWaveOverride(p),
            .frontlineContest(p), .frontlineContestWinners(p),
            .frontlineCalibrationSession(p), .frontlineCalibrationScores(p), .frontlineCalibrationClose(p),
        ]
    }()
}
