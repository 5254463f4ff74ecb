import Foundation
import TandemPartners

/// Work a partnership needs somebody to own (domain guide, "Responsibility matrix").
public enum Activity: String, CaseIterable, Codable, Sendable {
    case recruiting
    case onboarding
    case trainingContent = "training_content"
    case sopWriting = "sop_writing"
    case coaching
    case qualityAssurance = "quality_assurance"
    case escalations
    case workforceManagement = "workforce_management"
    case reporting
    case knowledgeBase = "knowledge_base"
    case changeCommunication = "change_communication"
    case agentRecognition = "agent_recognition"
    case voiceOfCustomer = "voice_of_customer"
    case processImprovement = "process_improvement"

    public var label: String {
        switch self {
        case .recruiting: "Recruiting"
        case .onboarding: "Onboarding"
        case .trainingContent: "Training materials"
        case .sopWriting: "SOP writing"
        case .coaching: "Coaching"
        case .qualityAssurance: "Quality assurance"
        case .escalations: "Escalations"
        case .workforceManagement: "WFM and scheduling"
        case .reporting: "Performance reporting"
        case .knowledgeBase: "Knowledge base"
        case .changeCommunication: "Change communication"
        case .agentRecognition: "Agent recognition"
        case .voiceOfCustomer: "Voice-of-customer insight"
        case .processImprovement: "Best practices and cost-saving ideas"
        }
    }

    /// Client hours a week the activity takes when the client owns it alone, for a program of
    /// a few dozen agents: the starting estimate a design proposes, edited per partnership.
    public var clientHoursWhenOwned: Double {
        switch self {
        case .recruiting: 6
        case .onboarding: 6
        case .trainingContent: 8
        case .sopWriting: 6
        case .coaching: 10
        case .qualityAssurance: 8
        case .escalations: 4
        case .workforceManagement: 6
        case .reporting: 4
        case .knowledgeBase: 4
        case .changeCommunication: 3
        case .agentRecognition: 2
        case .voiceOfCustomer: 3
        case .processImprovement: 3
        }
    }
}

/// Who owns an activity. "Nobody" is a gap and is always flagged.
public enum ResponsibilityOwner: String, CaseIterable, Codable, Sendable {
    case client, partner, shared, nobody

    public var label: String { rawValue.capitalized }

    /// The client puts hours into activities it owns or shares.
    public var takesClientHours: Bool { self == .client || self == .shared }
}

public struct ResponsibilityAssignment: Sendable, Hashable, Codable {
    public let activity: Activity
    public let owner: ResponsibilityOwner
    /// Client hours a week the activity needs; 0 unless the client owns or shares it.
    public let clientHoursPerWeek: Double

    public init(activity: Activity, owner: ResponsibilityOwner, clientHoursPerWeek: Double) {
        self.activity = activity
        self.owner = owner
        self.clientHoursPerWeek = owner.takesClientHours ? clientHoursPerWeek : 0
    }
}

/// The responsibility matrix an involvement level proposes, its gaps and the client hours it needs.
public enum ResponsibilityMatrix {
    public static let proposalRule = "Proposed from the involvement level (low: the partner recruits and employs, the client onboards, trains, coaches, writes SOPs and communicates; partial: the partner also hires, onboards, runs team leads and escalations and reports; high: the partner also brings best practices, tooling advice, voice-of-customer insight and CX guidance). Client hours start at each activity's estimate when the client owns it, half when shared; edit both to fit."
    public static let hoursRule = "Estimated weekly client hours = Σ the hours of the activities the client owns or shares."

    /// Who owns what at each level. Lower partner involvement means more client hours.
    public static func proposedOwner(_ activity: Activity, at level: InvolvementLevel) -> ResponsibilityOwner {
        switch (activity, level) {
        case (.recruiting, _): .partner
        case (.onboarding, .low): .client
        case (.onboarding, _): .partner
        case (.trainingContent, .low): .client
        case (.trainingContent, .partial): .shared
        case (.trainingContent, .high): .partner
        case (.sopWriting, .high): .shared
        case (.sopWriting, _): .client
        case (.coaching, .low): .client
        case (.coaching, .partial): .shared
        case (.coaching, .high): .partner
        case (.qualityAssurance, .low): .client
        case (.qualityAssurance, .partial): .shared
        case (.qualityAssurance, .high): .partner
        case (.escalations, .low): .client
        case (.escalations, _): .partner
        case (.workforceManagement, .low): .client
        case (.workforceManagement, .partial): .shared
        case (.workforceManagement, .high): .partner
        case (.reporting, .low): .client
        case (.reporting, _): .partner
        case (.knowledgeBase, .high): .shared
        case (.knowledgeBase, _): .client
        case (.changeCommunication, .high): .shared
        case (.changeCommunication, _): .client
        case (.agentRecognition, .low): .shared
        case (.agentRecognition, _): .partner
        case (.voiceOfCustomer, .high): .partner
        case (.voiceOfCustomer, _): .client
        case (.processImprovement, .high): .shared
        case (.processImprovement, _): .client
        }
    }

    /// The starting estimate of client hours for an owner: all of them when the client owns it, half when shared.
    public static func proposedHours(_ activity: Activity, owner: ResponsibilityOwner) -> Double {
        switch owner {
        case .client: activity.clientHoursWhenOwned
        case .shared: activity.clientHoursWhenOwned / 2
        case .partner, .nobody: 0
        }
    }

    public static func proposal(for level: InvolvementLevel) -> [ResponsibilityAssignment] {
        Activity.allCases.map { activity in
            let owner = proposedOwner(activity, at: level)
            return ResponsibilityAssignment(activity: activity, owner: owner, clientHoursPerWeek: proposedHours(activity, owner: owner))
        }
    }

    /// Activities nobody owns, in the matrix's order.
    public static func gaps(_ rows: [ResponsibilityAssignment]) -> [Activity] {
        rows.filter { $0.owner == .nobody }.map(\.activity)
    }

    public static func clientHours(_ rows: [ResponsibilityAssignment]) -> Double {
        rows.filter { $0.owner.takesClientHours }.reduce(0) { $0 + $1.clientHoursPerWeek }
    }
}
