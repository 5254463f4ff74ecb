import Fluent
import Foundation
import TandemPartners
import TandemPerformance
import TandemSelection
import TandemStaffing
import Vapor

/// The demo's selection and design: a decided sourcing event (three prospects, three evaluators
/// who disagree once, two reference checks, one site visit), a partnership design for each live
/// partner (Meridian with a gap, Harborline over-committing the client) and SMART goals (one at risk).
enum SelectionDemo {
    struct People {
        let admin: User
        let maria: User
        let dev: User
        let harborline: Partner
        let meridian: Partner
    }

    /// A small recognition-wall picture (24 × 16 PNG) for the visit.
    static let photo = Array(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAABgAAAAQCAIAAACDRijCAAAALElEQVR42mNQCTtBFcQwjA169uEXHH04YQNHpIoPZ4Mo0YwsPpwNGk1HBMUBqacnLlXyI60AAAAASUVORK5CYII=")!)

    static func principal(_ user: User) -> Principal {
        Principal(userID: user.id!, name: user.name, email: user.email, role: user.role, partnerID: nil)
    }

    static func load(_ p: People, today: LocalDate = LocalDate(date: Date()), on db: any Database) async throws {
        let actor = Actor.cli("demo loader")
        let template = try await TemplateService.create(.init(name: "Customer-service partner (2026)", description: "Weighted criteria for a new customer-service partner.",
                                                              disagreementThreshold: 0.25, minimumCoverage: 0.5, criteria: [
            .init(id: nil, group: "Fit", name: "Culture and values fit", guidance: "Do they treat customers (and their agents) the way we do?", weight: 15, scaleMin: 1, scaleMax: 5, passMark: nil),
            .init(id: nil, group: "Fit", name: "Trust and transparency", guidance: "Competence, character, communication: do they report their own mistakes?", weight: 15, scaleMin: 1, scaleMax: 5, passMark: nil),
            .init(id: nil, group: "Experience", name: "Industry experience", guidance: "Retail and e-commerce programs of a similar size.", weight: 10, scaleMin: 1, scaleMax: 5, passMark: nil),
            .init(id: nil, group: "Experience", name: "Capability for this process", guidance: "Chat concurrency, returns and order tracking.", weight: 15, scaleMin: 1, scaleMax: 5, passMark: nil),
            .init(id: nil, group: "Risk", name: "Security and compliance", guidance: "PCI DSS, clean desks, access control. Must reach 3.", weight: 10, scaleMin: 1, scaleMax: 5, passMark: 3),
            .init(id: nil, group: "Risk", name: "Scale to 60 agents in 90 days", guidance: nil, weight: 10, scaleMin: 1, scaleMax: 5, passMark: nil),
            .init(id: nil, group: "Commercial", name: "Location and time zones", guidance: "Overlap with our evening peak.", weight: 10, scaleMin: 1, scaleMax: 5, passMark: nil),
            .init(id: nil, group: "Commercial", name: "Cost", guidance: "All-in cost per productive hour.", weight: 15, scaleMin: 1, scaleMax: 5, passMark: nil),
        ]), by: actor, on: db)
        let criteria = try await TemplateService.criteria(of: template.requireID(), on: db).map { $0.id!.uuidString }

        // Three prospects from the registry.
        func prospect(_ name: String, _ notes: String, _ site: SiteInput) async throws -> Partner {
            let partner = try await PartnerService.create(PartnerInput(name: name, kind: .partner, status: .prospect, involvement: .partial, notes: notes), by: actor, on: db)
            _ = try await PartnerService.saveSite(site, site: nil, partner: partner, by: actor, on: db)
            return partner
        }
        let andes = try await prospect("Andes Contact Group", "Nearshore, bilingual; strong in retail chat.",
                                       SiteInput(name: "Medellín El Poblado", city: "Medellín", country: "CO", locationType: .nearshore, timeZone: "America/Bogota", languages: ["es-CO", "en"], seats: 220))
        let kestrel = try await prospect("Kestrel Customer Care", "Onshore boutique; premium price.",
                                         SiteInput(name: "Phoenix", city: "Phoenix", country: "US", locationType: .onshore, timeZone: "America/Phoenix", languages: ["en"], seats: 140))
        let pacific = try await prospect("Pacific Crest BPO", "Offshore, large and inexpensive; newer to retail.",
                                         SiteInput(name: "Davao", city: "Davao City", country: "PH", locationType: .offshore, timeZone: "Asia/Manila", languages: ["en", "fil"], seats: 600))

        let event = try await SourcingService.save(SourcingEventInput(
            title: "Orders and returns chat, 2027", templateID: try template.requireID(), scope: "Orders & delivery (chat) and Returns (chat): 60 agents by March, evening peak.",
            channels: [.chat, .messaging], shifts: [.day, .evening], monthlyVolume: 18_000, languages: ["en", "es"], locationPreference: [.nearshore, .offshore],
            monthlyBudget: "95000.00", currency: "USD", startDate: LocalDate("2027-03-01")!, rfpQuestions: DiligenceService.defaultRFPQuestions,
            notes: "Budget approved by finance in October; keep below 100k a month."), event: nil, by: actor, on: db)
        for candidate in [andes, kestrel, pacific] { try await SourcingService.addCandidate(candidate.requireID(), to: event, by: actor, on: db) }
        for user in [p.maria, p.dev, p.admin] { try await SourcingService.addEvaluator(user.requireID(), to: event, by: actor, on: db) }

        // Andes answered its RFP.
        try await SourcingService.answer(.init(answers: ["1": "Medellín El Poblado: 80 free seats on the second floor.", "2": "Four-week academy; 28% annual attrition.",
                                                         "3": "PCI DSS (audited March 2026), ISO 27001.", "4": "Same-day note to the client's relationship manager."]),
                                         event: event, partner: andes, principal: Principal(userID: p.admin.id!, name: "Andes Contact Group (by email)", email: p.admin.email, role: .admin, partnerID: nil), on: db)

        // Scores (María, Dev, Alex): culture for Andes is the one disagreement (5, 2, 4: a spread of 3).
        let scores: [(Partner, [[Double]])] = [
            (andes, [[5, 2, 4], [4, 4, 4], [3, 3, 4], [4, 4, 4], [4, 4, 4], [4, 3, 4], [5, 5, 5], [4, 4, 4]]),
            (kestrel, [[4, 4, 5], [5, 5, 5], [4, 4, 4], [4, 5, 4], [5, 5, 5], [3, 3, 3], [3, 3, 3], [2, 2, 2]]),
            (pacific, [[3, 3, 3], [3, 3, 4], [4, 4, 4], [3, 3, 3], [3, 3, 3], [5, 5, 5], [2, 2, 2], [5, 5, 5]]),
        ]
        let comments = ["Andes Contact Group": ["Felt like our own team on the floor.", "Culture talk was polished but I saw little of it in the agents' answers.", ""],
                        "Kestrel Customer Care": ["Best trust story of the three.", "", "Excellent, but the price."],
                        "Pacific Crest BPO": ["", "Scale is real; retail experience thin.", ""]]
        for (partner, rows) in scores {
            for (e, evaluator) in [p.maria, p.dev, p.admin].enumerated() {
                let map = Dictionary(uniqueKeysWithValues: rows.enumerated().map { (criteria[$0.offset], Double?.some($0.element[e])) })
                _ = try await EvaluationService.save(.init(scores: map, comment: comments[partner.name]?[e] ?? "", submit: true),
                                                     event: event, partner: partner, principal: principal(evaluator), on: db)
            }
        }

        // Two reference checks, one site visit at the delivery site.
        let maria = principal(p.maria)
        _ = try await DiligenceService.saveReference(.init(refereeName: "Jo Park", refereeCompany: "Summit Outdoor", refereeRole: "Head of CX", checkedOn: today.adding(days: -40),
                                                           answers: [QuestionAnswer(question: DiligenceService.standardReferenceQuestions[0], answer: "Three years, chat and email, 45 agents."),
                                                                     QuestionAnswer(question: DiligenceService.standardReferenceQuestions[1], answer: "Yes: they flagged a refund error before we saw it."),
                                                                     QuestionAnswer(question: DiligenceService.standardReferenceQuestions[4], answer: "Yes, without hesitation.")],
                                                           redFlags: []), reference: nil, event: event, partner: andes, principal: maria, on: db)
        _ = try await DiligenceService.saveReference(.init(refereeName: "Sam Okafor", refereeCompany: "Lakeside Home", refereeRole: "VP Operations", checkedOn: today.adding(days: -35),
                                                           answers: [QuestionAnswer(question: DiligenceService.standardReferenceQuestions[2], answer: "Very stable team leads; agents stay."),
                                                                     QuestionAnswer(question: DiligenceService.standardReferenceQuestions[4], answer: "Yes, if the budget allows.")],
                                                           redFlags: ["Price went up 8% at each renewal"]), reference: nil, event: event, partner: kestrel, principal: maria, on: db)
        let site = try await Site.query(on: db).filter(\.$partner.$id == andes.requireID()).first()
        let visit = try await DiligenceService.saveVisit(.init(siteID: site?.id, location: nil, visitedOn: today.adding(days: -30), visitors: "María López, Dev Patel",
                                                               notes: "Visited the floor that would take our work, not the Bogotá headquarters. Evening shift lead walked us through.",
                                                               observations: [
            VisitObservation.recognitionDisplays.rawValue: .init(finding: .seen, note: "Agent-of-the-month wall by the entrance"),
            VisitObservation.personalisedDesks.rawValue: .init(finding: .seen, note: "Photos and plants on most desks"),
            VisitObservation.celebrations.rawValue: .init(finding: .seen, note: "Birthday board; a chat-quality contest running"),
            VisitObservation.floorSecurity.rawValue: .init(finding: .seen, note: "Badge doors, lockers for phones, clean desks"),
            VisitObservation.leadershipPresence.rawValue: .init(finding: .notSeen, note: "Site director was at headquarters that day"),
            VisitObservation.deliverySite.rawValue: .init(finding: .seen, note: "This is the site that would serve us"),
        ]), visit: nil, event: event, partner: andes, principal: maria, on: db)
        _ = try await DiligenceService.addPhoto(photo, fileName: "recognition-wall.png", caption: "Recognition wall, Medellín", visit: visit, principal: maria, on: db)

        // María decides: Andes, the top of the ranking, moves to onboarding.
        _ = try await DiligenceService.decide(.init(partnerID: try andes.requireID(),
                                                    rationale: "Highest total (73.8 of 100), the best location for our evening peak, a clean reference and a floor that showed its culture.",
                                                    tradeOffs: "Kestrel scored higher on trust and security and had stable team leads, but costs about 30% more; Andes' culture score split the evaluators (5, 2, 4), so we will check it again at the 90-day review."),
                                              event: event, principal: maria, on: db)

        // Designs: Harborline over-commits the client; Meridian leaves a gap.
        try await DesignService.propose(p.harborline.involvement, partner: p.harborline, by: actor, on: db)
        _ = try await DesignService.addPerson(.init(name: "María López", role: "Relationship manager", hoursPerWeek: 10), partner: p.harborline, by: actor, on: db)
        _ = try await DesignService.addPerson(.init(name: "Priya Nair", role: "WFM lead", hoursPerWeek: 6), partner: p.harborline, by: actor, on: db)
        try await DesignService.propose(p.meridian.involvement, partner: p.meridian, by: actor, on: db)
        try await DesignService.save(.init(rows: [.init(activity: .knowledgeBase, owner: .nobody, clientHoursPerWeek: nil)]), partner: p.meridian, by: actor, on: db)
        _ = try await DesignService.addPerson(.init(name: "María López", role: "Relationship manager", hoursPerWeek: 6), partner: p.meridian, by: actor, on: db)
        _ = try await DesignService.addPerson(.init(name: "Sam Rivera", role: "Contact center manager", hoursPerWeek: 4), partner: p.meridian, by: actor, on: db)

        // SMART goals, set around last week's figures so the demo always shows one at risk:
        // Meridian's service level (slipping since launch) is behind its path; Harborline's is ahead of its own.
        let meridianSL = try await lastWeek(.serviceLevel, partner: p.meridian, today: today, on: db)
        let harborlineSL = try await lastWeek(.serviceLevel, partner: p.harborline, today: today, on: db)
        let atRiskBaseline = meridianSL.map { min($0 + 0.05, 0.9) } ?? 0.7
        _ = try await GoalService.save(.init(title: "Service level back to launch levels", kpi: .serviceLevel, unit: nil, manualValue: nil, manualAsOf: nil,
                                             baseline: (atRiskBaseline * 1000).rounded() / 1000, target: (min(atRiskBaseline + 0.15, 0.95) * 1000).rounded() / 1000,
                                             startDate: today.adding(days: -60), deadline: today.adding(days: 60), owner: "Diego Ramírez", ownerSide: .partner),
                                       goal: nil, partner: p.meridian, by: actor, on: db)
        _ = try await GoalService.save(.init(title: "Bilingual agents certified on returns", kpi: nil, unit: "agents", manualValue: 22, manualAsOf: today.adding(days: -3),
                                             baseline: 10, target: 40, startDate: today.adding(days: -30), deadline: today.adding(days: 60), owner: "Lucía Gómez", ownerSide: .partner),
                                       goal: nil, partner: p.meridian, by: actor, on: db)
        let onTrackBaseline = harborlineSL.map { max($0 - 0.1, 0.3) } ?? 0.6
        _ = try await GoalService.save(.init(title: "Service level at 80% or better", kpi: .serviceLevel, unit: nil, manualValue: nil, manualAsOf: nil,
                                             baseline: (onTrackBaseline * 1000).rounded() / 1000, target: (min(onTrackBaseline + 0.15, 0.98) * 1000).rounded() / 1000,
                                             startDate: today.adding(days: -90), deadline: today.adding(days: 90), owner: "Beth Carter", ownerSide: .partner),
                                       goal: nil, partner: p.harborline, by: actor, on: db)
    }

    /// A team's figure for the last full week, when there is enough data.
    static func lastWeek(_ kpi: KPIKind, partner: Partner, today: LocalDate, on db: any Database) async throws -> Double? {
        let (_, row) = try await GoalService.lastWeek(partnerID: partner.requireID(), today: today, on: db)
        guard let cell = row?.cell(kpi), cell.enoughData else { return nil }
        return cell.value
    }
}
