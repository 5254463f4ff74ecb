import Foundation
import TandemPerformance
import Testing
import Vapor
@testable import TandemApp

/// Every schema of the OpenAPI document against the Swift type the API decodes or encodes for it:
/// one value of each type, made from its schema (every documented property filled in: the first
/// value of an enumeration, the lower bound of a range, one item in each array), decoded as the
/// API would decode it, encoded again as the API would answer it, and checked against the schema:
/// no property the schema lacks, every required one present, types and enumerations as
/// documented, and no documented property lost on the way through the type.
/// `OpenAPIResponseTests` checks real answers of every GET operation on top.
@Suite struct APIDTOSchemaTests {
    /// Schema name → the Swift type behind it. A new schema needs its type here.
    static let types: [String: any Codable.Type] = [
        "ActionItem": ActionItemDTO.self, "ActionItemInput": ActionItemInput.self, "ActionItemUpdate": ActionItemUpdate.self,
        "AllocationInput": AllocationInput.self, "AllocationSet": AllocationSetDTO.self, "AuditEntry": AuditEntryDTO.self,
        "BaselineForecast": BaselineForecastDTO.self, "BaselineForecastInput": BaselineService.Request.self,
        "BaselineForecastSaved": BaselineSaveResultDTO.self, "Broadcast": BroadcastDTO.self, "BroadcastInput": BroadcastInput.self,
        "Channel": ChannelDTO.self, "ChannelInput": TandemApp.ChannelInput.self, "ChannelLeadTime": ChannelLeadTimeDTO.self,
        "ChannelLeadTimeInput": ChannelLeadTimeInput.self, "Commitments": CommitmentsDTO.self, "ConcentrationWarning": ConcentrationWarningDTO.self,
        "EscalationLevel": EscalationLevelDTO.self, "EscalationPolicyInput": EscalationPolicyInput.self, "ExitScenario": ExitScenarioDTO.self,
        "FeedbackInput": FeedbackInput.self, "FeedbackNote": FeedbackNoteDTO.self, "ForecastInterval": ForecastIntervalDTO.self,
        "ImportRun": ImportRunDTO.self, "Incident": IncidentDTO.self, "IncidentInput": IncidentInput.self, "IncidentUpdate": IncidentUpdate.self,
        "KPITarget": KPITargetDTO.self, "KPITargetInput": KPITargetInput.self, "KeyContact": KeyContactDTO.self, "KeyContactInput": KeyContactInput.self,
        "Meeting": MeetingDTO.self, "MeetingInput": MeetingInput.self, "MeetingSeries": MeetingSeriesDTO.self, "MeetingSeriesInput": MeetingSeriesInput.self,
        "MeetingUpdate": MeetingUpdate.self, "NewToken": NewTokenDTO.self, "NewUserInput": NewUserInput.self, "NoticePeriod": NoticePeriodDTO.self,
        "NoticePeriodInput": NoticePeriodInput.self, "Partner": PartnerDTO.self, "PartnerInput": PartnerInput.self,
        "PerformanceAlert": PerformanceAlertDTO.self, "PerformanceSettings": PerformanceSettings.self, "QAEvaluationInput": QAEvaluationInput.self,
        "QAImportResult": QAImportResult.self, "QBRPack": QBRPack.self, "Queue": QueueDTO.self, "QueueInput": TandemApp.QueueInput.self,
        "QueueStaffingSettings": QueueStaffingSettingsDTO.self, "QueueStaffingSettingsInput": QueueStaffingSettingsInput.self,
        "RelationshipHealth": RelationshipHealthDTO.self, "RelationshipSettings": RelationshipSettingsDTO.self,
        "RelationshipSettingsInput": RelationshipSettingsInput.self, "ScheduledInterval": ScheduledIntervalDTO.self, "Scorecard": Scorecard.self,
        "Site": SiteDTO.self, "SiteInput": SiteInput.self, "StaffingCalculation": CalculatorResultDTO.self,
        "StaffingImportResult": StaffingImportResult.self, "StaffingPlan": PlanDTO.self, "StaffingRules": StaffingRulesDTO.self,
        "StaffingUpload": StaffingUploadInput.self, "SurveyAnswerInput": SurveyAnswerInput.self, "SurveyResult": SurveyResultDTO.self,
        "SurveyRound": SurveyRoundDTO.self, "SurveyRoundInput": SurveyRoundInput.self, "Token": TokenDTO.self, "TokenInput": TokenInput.self,
        "User": UserDTO.self, "UserUpdateInput": UserUpdateInput.self, "WebhookDelivery": WebhookDeliveryDTO.self,
        // Signals out (issue 17).
        "WebhookSubscription": WebhookSubscriptionDTO.self, "WebhookSubscriptionCreated": WebhookSubscriptionCreatedDTO.self,
        "WebhookSubscriptionInput": WebhookSubscriptionInput.self,
        // Contracts and money (issue 14).
        "Contract": ContractDTO.self, "ContractDocument": ContractDocumentDTO.self, "ContractExit": ContractExitDTO.self,
        "ContractSettings": ContractSettingsDTO.self, "ContractSettingsInput": ContractSettingsInput.self, "ContractVersion": ContractVersionDTO.self,
        "ContractVersionInput": ContractVersionInput.self, "CostReport": CostReportDTO.self, "DeliveredHoursImportResult": StaffingImportResult.self,
        "InHouseCost": InHouseCostDTO.self, "InHouseCostInput": InHouseCostInput.self, "Invoice": InvoiceDTO.self,
        "InvoiceActionInput": InvoiceActionInput.self, "InvoiceInput": InvoiceInput.self, "InvoiceSummary": InvoiceSummaryDTO.self,
        "KeyDate": KeyDateDTO.self, "SLAEvaluation": SLAEvaluationDTO.self,
        // Selection and design (issue 15).
        "AddCandidateInput": AddCandidateInput.self, "AddEvaluatorInput": AddEvaluatorInput.self, "CapacityPersonInput": CapacityPersonInput.self,
        "Comparison": ComparisonDTO.self, "Evaluation": EvaluationDTO.self, "EvaluationInput": EvaluationInput.self,
        "EvaluationTemplate": EvaluationTemplateDTO.self, "EvaluationTemplateInput": EvaluationTemplateInput.self,
        "PartnershipDesign": PartnershipDesignDTO.self, "ProposeInput": ProposeInput.self, "QuestionAnswer": QuestionAnswer.self, "RFP": RFPDTO.self,
        "RFPAnswersInput": RFPAnswersInput.self, "ReferenceCheck": ReferenceCheckDTO.self, "ReferenceCheckInput": ReferenceCheckInput.self,
        "ResponsibilityInput": ResponsibilityInput.self, "SelectionDecision": SelectionDecisionDTO.self,
        "SelectionDecisionInput": SelectionDecisionInput.self, "SiteVisit": SiteVisitDTO.self, "SiteVisitInput": SiteVisitInput.self,
        "SmartGoal": SmartGoalDTO.self, "SmartGoalInput": SmartGoalInput.self, "SourcingEvent": SourcingEventDTO.self,
        "SourcingEventInput": SourcingEventInput.self,
        // The front line (issue 16).
        "AgentLinks": AgentLinksDTO.self, "CalibrationAlignment": AlignmentDTO.self, "CalibrationCloseInput": CalibrationCloseInput.self,
        "CalibrationScoresInput": CalibrationScoresInput.self, "CalibrationSession": CalibrationSessionDTO.self,
        "CalibrationSessionInput": CalibrationSessionInput.self, "CalibrationTrends": CalibrationTrendsDTO.self, "Celebration": CelebrationDTO.self,
        "CelebrationInput": CelebrationInput.self, "Contest": ContestDTO.self, "ContestInput": ContestInput.self, "Figure": FigureDTO.self,
        "FrontlineSettings": FrontlineSettings.self, "GateOverrideInput": GateOverrideInput.self, "HeadcountMovement": MovementDTO.self,
        "Kudos": KudosDTO.self, "KudosInput": KudosInput.self, "Proficiency": ProficiencyDTO.self, "ProficiencyCohort": CohortDTO.self,
        "RampPlan": RampPlanDTO.self, "RampPlanInput": RampPlanInput.self, "RampWaveInput": RampWaveInput.self, "RampWaveUpdate": RampWaveUpdate.self,
        "Roster": RosterDTO.self, "RosterAgent": RosterAgentDTO.self, "RosterAgentInput": RosterAgentInput.self, "RosterImport": RosterImportDTO.self,
        "TeamRef": TeamRefDTO.self, "TeamSiteVisit": TeamSiteVisitDTO.self, "TeamSiteVisitInput": TeamSiteVisitInput.self,
        "TeamTenure": TeamTenureDTO.self,
    ]

    @Test func no_two_features_declare_one_schema_name() {
        var declaredBy: [String: Int] = [:]
        var twice: [String] = []
        for (index, set) in apiSchemaSets.enumerated() {
            for name in set.keys {
                if declaredBy[name] != nil { twice.append(name) } else { declaredBy[name] = index }
            }
        }
        #expect(twice.sorted() == [], "schema names declared by two features")
    }

    @Test func every_schema_names_a_type() {
        let documented = Set(apiSchemas.keys)
        #expect(documented.subtracting(Self.types.keys).sorted() == [], "schemas without a type in APIDTOSchemaTests.types")
        #expect(Set(Self.types.keys).subtracting(documented).sorted() == [], "types for schemas that are gone")
    }

    @Test func one_value_of_every_type_encodes_to_what_its_schema_says() throws {
        var problems: [String] = []
        for (name, type) in Self.types.sorted(by: { $0.key < $1.key }) {
            guard let schema = apiSchemas[name] else { continue }
            let sample = Sample.json(schema)
            let input = try JSONSerialization.data(withJSONObject: sample, options: [.sortedKeys, .fragmentsAllowed])
            let output: Data
            do {
                output = try Self.roundTrip(type, input)
            } catch {
                problems.append("\(name): the type does not decode a value made from its schema (\(error)): \(String(decoding: input, as: UTF8.self).prefix(300))")
                continue
            }
            let value = try JSONDecoder().decode(JSONValue.self, from: output)
            problems += SchemaCheck.mismatches(value, schema, at: name)
            problems += Self.lost(sample, in: try JSONSerialization.jsonObject(with: output, options: .fragmentsAllowed), at: name)
        }
        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
    }

    @Test func the_sample_and_the_check_catch_a_type_that_drifts() throws {
        struct Drifted: Codable { let id: UUID; let renamed: Int }
        let schema = JSONSchema.object([("id", .uuid), ("count", .integer())], required: ["id", "count"])
        let sample = Sample.json(schema)
        #expect((try? Self.roundTrip(Drifted.self, try JSONSerialization.data(withJSONObject: sample))) == nil, "a renamed field does not decode")
        struct Lossy: Codable { let id: UUID }
        let output = try Self.roundTrip(Lossy.self, try JSONSerialization.data(withJSONObject: sample))
        let value = try JSONDecoder().decode(JSONValue.self, from: output)
        #expect(SchemaCheck.mismatches(value, schema, at: "$").contains { $0.contains("$.count") && $0.contains("missing") })
    }

    static func roundTrip<T: Codable>(_ type: T.Type, _ data: Data) throws -> Data {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(try decoder.decode(T.self, from: data))
    }

    /// Documented properties the sample carried that the type dropped on the way through.
    static func lost(_ sent: Any, in received: Any, at path: String) -> [String] {
        switch (sent, received) {
        case (let a as [String: Any], let b as [String: Any]):
            return a.keys.sorted().flatMap { key -> [String] in
                guard let value = b[key] else { return ["\(path).\(key): documented, but the type drops it"] }
                return lost(a[key]!, in: value, at: "\(path).\(key)")
            }
        case (let a as [Any], let b as [Any]):
            return zip(a, b).enumerated().flatMap { lost($0.element.0, in: $0.element.1, at: "\(path)[\($0.offset)]") }
        default:
            return []
        }
    }
}

/// A JSON value (Foundation objects) with every documented property filled in.
enum Sample {
    static func json(_ schema: JSONSchema, depth: Int = 0) -> Any {
        switch schema {
        case .string(let format, let values, let maxLength, _):
            if let first = values?.first { return first }
            switch format {
            case "uuid": return "3F2504E0-4F89-11D3-9A0C-0305E82C3301"
            case "date": return "2026-03-02"
            case "date-time": return "2026-03-02T08:30:00Z"
            default: return String("sample".prefix(maxLength ?? 6))
            }
        case .integer(let minimum, let maximum): return minimum ?? min(maximum ?? 1, 1)
        case .number: return 0.5
        case .boolean: return true
        case .array(let items): return depth > 8 ? [] : [json(items, depth: depth + 1)]
        case .dictionary(let values): return depth > 8 ? [:] : ["key": json(values, depth: depth + 1)]
        case .object(let properties, let required):
            // No property required and every one an object: a choice (a Swift enum with associated
            // values, one key per value, like a QA item's {"scored": {...}}): the first is filled.
            if required.isEmpty, properties.count > 1, properties.allSatisfy({ if case .object = $0.1 { true } else { false } }) {
                return [properties[0].0: json(properties[0].1, depth: depth + 1)]
            }
            return Dictionary(uniqueKeysWithValues: properties.map { ($0.0, json($0.1, depth: depth + 1)) })
        case .ref(let name): return apiSchemas[name].map { json($0, depth: depth + 1) } ?? NSNull()
        case .nullable(let inner): return json(inner, depth: depth)
        }
    }
}
