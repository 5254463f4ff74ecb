import Foundation
import TandemSelection

// What each selection record writes to the audit log. Evaluations, references, visits and the
// decision are the client's own deliberations: they carry no partner id, so they never appear
// on a candidate's history page, which the candidate's own users can read. RFP answers are the
// candidate's own words and do.

extension EvaluationTemplate: Audited {
    static let auditType = "evaluation_template"
    var auditLabel: String { name }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        ["name": name, "description": details, "disagreementThreshold": SelectionFormat.number(disagreementThreshold), "minimumCoverage": SelectionFormat.number(minimumCoverage)]
    }
}

extension TemplateCriterion: Audited {
    static let auditType = "template_criterion"
    var auditLabel: String { name }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        ["position": String(position), "group": group, "name": name, "guidance": guidance, "weight": SelectionFormat.number(weight),
         "scale": "\(SelectionFormat.number(scaleMin))–\(SelectionFormat.number(scaleMax))", "passMark": passMark.map(SelectionFormat.number) ?? ""]
    }
}

extension SourcingEvent: Audited {
    static let auditType = "sourcing_event"
    var auditLabel: String { title }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        ["title": title, "templateID": $template.id.uuidString, "status": status.rawValue, "scope": scope, "channels": channels, "shifts": shifts,
         "monthlyVolume": String(monthlyVolume), "languages": languages, "locationPreference": locationPreference,
         "monthlyBudget": monthlyBudget.isEmpty ? "" : "\(monthlyBudget) \(currency)", "startDate": startOn, "rfpQuestions": rfpQuestions, "notes": notes]
    }
}

extension SourcingCandidate: Audited {
    static let auditType = "sourcing_candidate"
    var auditLabel: String { "Candidate" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] { ["eventID": $event.id.uuidString, "partnerID": $partner.id.uuidString] }
}

extension SourcingEvaluator: Audited {
    static let auditType = "sourcing_evaluator"
    var auditLabel: String { "Evaluator" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] { ["eventID": $event.id.uuidString, "userID": $user.id.uuidString] }
}

extension Evaluation: Audited {
    static let auditType = "evaluation"
    var auditLabel: String { "Evaluation" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        ["eventID": $event.id.uuidString, "partnerID": $partner.id.uuidString, "evaluatorID": $evaluator.id.uuidString, "comment": comment,
         "submittedAt": submittedAt.map { Components.date($0) } ?? ""]
    }
}

extension EvaluationScore: Audited {
    static let auditType = "evaluation_score"
    var auditLabel: String { "Score" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] { ["evaluationID": $evaluation.id.uuidString, "criterionID": $criterion.id.uuidString, "score": SelectionFormat.number(score)] }
}

extension RFPAnswer: Audited {
    static let auditType = "rfp_answer"
    var auditLabel: String { "RFP answer \(position)" }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] { ["question": question, "answer": answer] }
}

extension ReferenceCheck: Audited {
    static let auditType = "reference_check"
    var auditLabel: String { "Reference: \(refereeName)" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        ["partnerID": $partner.id.uuidString, "refereeName": refereeName, "refereeCompany": refereeCompany, "refereeRole": refereeRole,
         "checkedOn": checkedOn, "redFlags": redFlags]
    }
}

extension ReferenceAnswer: Audited {
    static let auditType = "reference_answer"
    var auditLabel: String { "Reference answer \(position)" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] { ["question": question, "answer": answer] }
}

extension SiteVisit: Audited {
    static let auditType = "site_visit"
    var auditLabel: String { "Visit: \(location)" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        ["partnerID": $partner.id.uuidString, "siteID": $site.id?.uuidString ?? "", "location": location, "visitedOn": visitedOn, "visitors": visitors, "notes": notes]
    }
}

extension VisitObservationRecord: Audited {
    static let auditType = "visit_observation"
    var auditLabel: String { observation.label }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] { ["finding": finding.rawValue, "note": note] }
}

extension VisitPhoto: Audited {
    static let auditType = "visit_photo"
    var auditLabel: String { fileName }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] { ["fileName": fileName, "mediaType": mediaType, "size": String(size), "caption": caption] }
}

extension SelectionDecision: Audited {
    static let auditType = "selection_decision"
    var auditLabel: String { "Decision" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        ["eventID": $event.id.uuidString, "partnerID": $partner.id.uuidString, "decidedBy": decidedBy, "rationale": rationale, "tradeOffs": tradeOffs]
    }
}

/// Numbers as people write them: 12, 12.5, 0.25.
enum SelectionFormat {
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%g", value)
    }

    static func hours(_ value: Double) -> String { "\(number((value * 10).rounded() / 10)) h" }

    static func percent(_ share: Double, decimals: Int = 0) -> String { String(format: "%.\(decimals)f%%", share * 100) }
}
