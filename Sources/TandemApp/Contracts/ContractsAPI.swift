import Fluent
import Foundation
import TandemContracts
import TandemPartners
import TandemPerformance
import Vapor

/// `/api/v1/...` for contracts, documents, key dates, SLA evaluations, invoices, delivered hours,
/// cost and the contract settings. Money is exact decimal text ("24000.00").
enum ContractsAPI {
    static func register(_ api: APIRoutes) {
        let tag = "Contracts"
        @Sendable func scoped(_ req: Request) async throws -> Partner { try await RelationshipSupport.scopedPartner(req) }
        @Sendable func today() -> LocalDate { LocalDate(date: Date()) }

        // Contracts and versions
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "contract"], summary: "A partner's contract: every version, its documents and key dates", tag: tag,
                      response: .ref("Contract"))) { req in
            let partner = try await scoped(req)
            guard let dto = try await ContractService.dto(partner: partner, today: today(), on: req.db) else { throw Abort(.notFound, reason: "\(partner.name) has no contract yet.") }
            return dto
        }
        api.add(.init(method: .POST, path: ["partners", ":partnerID", "contract", "versions"],
                      summary: "Add a contract version (refused when it overlaps another; closePrevious ends the one in force the day before)", tag: tag,
                      request: .ref("ContractVersionInput"), response: .ref("ContractVersion"), successStatus: 201)) { req in
            let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .manageContracts)
            let input = try req.decodeJSON(ContractVersionInput.self)
            let record = try await ContractErrors.api { try await ContractService.addVersion(input, partner: partner, by: principal.actor, on: req.db) }
            return Created(value: ContractService.versionDTO(record, today: today()))
        }
        api.add(.init(method: .PUT, path: ["contract-versions", ":versionID"], summary: "Correct a contract version (the whole history is checked again)", tag: tag,
                      request: .ref("ContractVersionInput"), response: .ref("ContractVersion"))) { req in
            let principal = try req.requirePrincipal()
            let record = try await ContractService.requireVersion(req.id("versionID"), scope: principal.scope, on: req.db)
            try req.require(.manageContracts)
            let input = try req.decodeJSON(ContractVersionInput.self)
            try await ContractErrors.api { try await ContractService.updateVersion(record, with: input, by: principal.actor, on: req.db) }
            return ContractService.versionDTO(record, today: today())
        }

        // Documents
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "contract", "documents"], summary: "Documents attached to a partner's contract", tag: tag,
                      response: .array(.ref("ContractDocument")))) { req in
            try await DocumentService.list(partnerID: scoped(req).requireID(), on: req.db)
        }
        api.add(.init(method: .POST, path: ["partners", ":partnerID", "contract", "documents"],
                      summary: "Attach a document: send the file itself as the body, its name in ?fileName= (checked by content, at most 10 MB)", tag: tag,
                      response: .ref("ContractDocument"), successStatus: 201,
                      query: [.init(name: "fileName", schema: .string(maxLength: 200), description: "the file's name (its extension must match its content)"),
                              .init(name: "note", schema: .string(maxLength: 500), description: "optional note")]),
                body: .collect(maxSize: DocumentService.uploadLimit)) { req in
            let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .manageContracts)
            let bytes = req.body.data.map { Array($0.readableBytesView) } ?? []
            let name = (try? req.query.get(String.self, at: "fileName")) ?? ""
            let note = (try? req.query.get(String.self, at: "note")) ?? ""
            let document = try await ContractErrors.api { try await DocumentService.upload(bytes, fileName: name, note: note, partner: partner, by: principal.actor, on: req.db) }
            return Created(value: DocumentService.dto(document))
        }

        // Key dates
        api.add(.init(method: .GET, path: ["key-dates"], summary: "Renewal dates, notice deadlines and expiries ahead (partner users: their own)", tag: tag,
                      response: .array(.ref("KeyDate")),
                      query: [.init(name: "horizonDays", schema: .integer(minimum: 1, maximum: 730), description: "days ahead (default: the workspace horizon)")])) { req in
            let principal = try req.requirePrincipal()
            let settings = try await ContractSettingsService.load(on: req.db)
            let horizon = min(730, max(1, (try? req.query.get(Int.self, at: "horizonDays")) ?? settings.keyDateHorizonDays))
            return try await KeyDateService.list(scope: principal.scope, today: today(), horizonDays: horizon, on: req.db)
        }

        // SLA evaluations
        api.add(.init(method: .GET, path: ["partners", ":partnerID", "sla-evaluations"],
                      summary: "Monthly SLA evaluations with their arithmetic line by line, newest first", tag: tag, response: .array(.ref("SLAEvaluation")))) { req in
            try await SLAEvaluationService.list(partnerID: scoped(req).requireID(), on: req.db)
        }

        // Invoices
        api.add(.init(method: .GET, path: ["invoices"], summary: "Invoices, newest month first (partner users: their own)", tag: tag, response: .array(.ref("InvoiceSummary")),
                      query: [.init(name: "partnerID", schema: .uuid, description: "one partner"), .init(name: "month", schema: .string(description: "YYYY-MM"), description: "one month")])) { req in
            let principal = try req.requirePrincipal()
            return try await InvoiceService.list(scope: principal.scope, partnerID: try? req.query.get(UUID.self, at: "partnerID"),
                                                 month: try? req.query.get(String.self, at: "month"), on: req.db)
        }
        api.add(.init(method: .POST, path: ["partners", ":partnerID", "invoices"],
                      summary: "Enter a month's invoice (lines, or the CSV text); a draft of the same month is replaced. All lines or nothing.", tag: tag,
                      request: .ref("InvoiceInput"), response: .ref("Invoice"), successStatus: 201)) { req in
            let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .manageContracts)
            let input = try req.decodeJSON(InvoiceInput.self)
            let invoice = try await ContractErrors.apiInvoice {
                let month = try InvoiceService.month(input.month)
                let lines: [InvoiceLine]
                if let csv = input.csv, !csv.isEmpty { lines = try InvoiceService.parseCSV(csv, partner: partner) }
                else { lines = try InvoiceService.parse(input.lines ?? [], partner: partner) }
                return try await InvoiceService.save(lines, month: month, reference: input.reference, partner: partner, by: principal.actor, on: req.db)
            }
            return Created(value: try await InvoiceService.dto(invoice, partnerName: partner.name, principal: principal, on: req.db))
        }
        api.add(.init(method: .GET, path: ["invoices", ":invoiceID"], summary: "An invoice: lines, reconciliation, settlement and what the caller may do next", tag: tag,
                      response: .ref("Invoice"))) { req in
            let principal = try req.requirePrincipal()
            let invoice = try await InvoiceService.require(req.id("invoiceID"), scope: principal.scope, on: req.db)
            return try await InvoiceService.dto(invoice, partnerName: invoice.partner.name, principal: principal, on: req.db)
        }
        api.add(.init(method: .POST, path: ["invoices", ":invoiceID", "actions"],
                      summary: "Move an invoice along: submit_for_review, approve, dispute (a reason per line; partner users on their own invoices), resolve", tag: tag,
                      request: .ref("InvoiceActionInput"), response: .ref("Invoice"))) { req in
            let principal = try req.requirePrincipal()
            let invoice = try await InvoiceService.require(req.id("invoiceID"), scope: principal.scope, on: req.db)
            guard principal.can(.manageContracts) || principal.isPartnerUser else { throw Abort(.forbidden, reason: "Your role (\(principal.role.label)) cannot change invoices.") }
            let input = try req.decodeJSON(InvoiceActionInput.self)
            try await ContractErrors.apiInvoice { try await InvoiceService.act(input, on: invoice, principal: principal, on: req.db) }
            return try await InvoiceService.dto(invoice, partnerName: invoice.partner.name, principal: principal, on: req.db)
        }
        api.add(.init(method: .POST, path: ["delivered-hours"],
                      summary: "Import delivered hours (agent × day) as text/csv or JSON {fileName, csv}; all rows or nothing, re-import updates", tag: tag,
                      request: .ref("StaffingUpload"), response: .ref("DeliveredHoursImportResult"), successStatus: 201)) { req -> Response in
            let principal = try req.require(.manageContracts)
            return try await StaffingAPI.runImport(req) { csv, name in try await DeliveredHoursImport.run(csv: csv, fileName: name, by: principal.actor, on: req.db) }
        }

        // Cost
        api.add(.init(method: .GET, path: ["costs"], summary: "Cost per handled contact and per resolution by team and month, with quality and credits", tag: tag,
                      response: .ref("CostReport"),
                      query: [.init(name: "from", schema: .string(description: "YYYY-MM"), description: "first month (default: 5 months before through)"),
                              .init(name: "through", schema: .string(description: "YYYY-MM"), description: "last month (default: last month)")])) { req in
            let principal = try req.requirePrincipal()
            let (from, through) = try CostPages.range(from: try? req.query.get(String.self, at: "from"), through: try? req.query.get(String.self, at: "through"))
            return try await CostService.report(scope: principal.scope, from: from, through: through, on: req.db)
        }
        api.add(.init(method: .GET, path: ["in-house-costs"], summary: "The in-house team's fully loaded cost per month (client roles)", tag: tag,
                      response: .array(.ref("InHouseCost")))) { req in
            try req.requirePrincipal().requireClientSide("In-house costs are the client's own figures.")
            return try await CostService.inHouseCosts(on: req.db)
        }
        api.add(.init(method: .PUT, path: ["in-house-costs"], summary: "Enter or replace one month's fully loaded in-house cost", tag: tag,
                      request: .ref("InHouseCostInput"), response: .ref("InHouseCost"))) { req in
            let principal = try req.require(.manageContracts)
            let input = try req.decodeJSON(InHouseCostInput.self)
            return CostService.dto(try await ContractErrors.apiInvoice { try await CostService.saveInHouse(input, by: principal.actor, on: req.db) })
        }

        // Settings
        api.add(.init(method: .GET, path: ["contract-settings"], summary: "Key-date horizon and reconciliation tolerance", tag: tag, response: .ref("ContractSettings"))) { req in
            try req.requirePrincipal()
            return try await ContractSettingsService.load(on: req.db)
        }
        api.add(.init(method: .PUT, path: ["contract-settings"], summary: "Change the key-date horizon and reconciliation tolerance", tag: tag,
                      request: .ref("ContractSettingsInput"), response: .ref("ContractSettings"))) { req in
            let principal = try req.require(.manageContracts)
            return try await ContractSettingsService.save(req.decodeJSON(ContractSettingsInput.self), by: principal.actor, on: req.db)
        }
    }

    // MARK: Schemas

    static let money = JSONSchema.string(description: "exact decimal, e.g. 24000.00")
    static let decimalText = JSONSchema.string(description: "exact decimal text, e.g. 18.75")

    static let versionInput: JSONSchema = .object([
        ("effectiveFrom", .date), ("effectiveThrough", .nullable(.date)), ("start", .date), ("initialEnd", .date), ("autoRenew", .boolean),
        ("renewalTermMonths", .nullable(.integer(minimum: 1))), ("clientNoticeDays", .integer(minimum: 0)), ("partnerNoticeDays", .integer(minimum: 0)),
        ("cureDays", .nullable(.integer(minimum: 0))), ("convenienceAllowedFor", .nullable(.array(.enumeration(ContactSide.self)))),
        ("convenienceFee", .nullable(.enumeration(ConvenienceFeeKind.self))), ("convenienceFeeAmount", .nullable(decimalText)),
        ("convenienceFeeMonths", .nullable(decimalText)), ("convenienceFeeLookbackMonths", .nullable(.integer(minimum: 1))),
        ("minimumHeadcount", .nullable(.integer(minimum: 0))), ("flexUp", .nullable(.string(description: "heads (5) or a share of the current headcount (10%)"))),
        ("flexDown", .nullable(.string(description: "heads (5) or a share of the current headcount (10%)"))), ("flexNoticeDays", .nullable(.integer(minimum: 0))),
        ("rates", .nullable(.array(.object([
            ("unit", .enumeration(BillingUnit.self)), ("channel", .nullable(.enumeration(ChannelKind.self))), ("site", .nullable(.string())),
            ("language", .nullable(.string())), ("rate", decimalText), ("rampWeeks", .nullable(.integer(minimum: 1))), ("rampRate", .nullable(decimalText)),
            ("rampStart", .nullable(.date)),
        ], required: ["unit", "rate"])))),
        ("sla", .nullable(.object([
            ("atRiskPercent", decimalText), ("earnbackMonths", .nullable(.integer(minimum: 0))), ("bonusCapPercent", .nullable(decimalText)),
            ("bonusOffsetsCredits", .nullable(.boolean)), ("volumeExclusionPercent", .nullable(decimalText)),
            ("metrics", .array(.object([
                ("kpi", .string(enumeration: SLASchedule.supportedKinds.map(\.rawValue))),
                ("expected", .number), ("minimum", .number), ("allocationPercent", decimalText), ("stretch", .nullable(.number)), ("bonusPercent", .nullable(decimalText)),
            ], required: ["kpi", "expected", "minimum", "allocationPercent"]))),
        ], required: ["atRiskPercent", "metrics"]))),
        ("note", .nullable(.string(maxLength: 4_000))), ("closePrevious", .nullable(.boolean)),
    ], required: ["effectiveFrom", "start", "initialEnd", "autoRenew", "clientNoticeDays", "partnerNoticeDays"])

    static let keyDate: JSONSchema = .object([
        ("partnerID", .uuid), ("partnerName", .string()), ("contractVersion", .integer(minimum: 1)),
        ("kind", .string(enumeration: ["notice_deadline", "renews", "expires"])), ("date", .date), ("side", .nullable(.enumeration(ContactSide.self))),
        ("termEnd", .date), ("daysAway", .integer(minimum: 0)), ("explanation", .string()),
    ], required: ["partnerID", "partnerName", "contractVersion", "kind", "date", "termEnd", "daysAway", "explanation"])

    static let document: JSONSchema = .object([
        ("id", .uuid), ("partnerID", .uuid), ("fileName", .string()), ("kind", .enumeration(DocumentKind.self)), ("mediaType", .string()),
        ("sizeBytes", .integer(minimum: 1)), ("sha256", .string()), ("note", .string()), ("uploadedBy", .string()), ("uploadedAt", .nullable(.dateTime)),
    ], required: ["id", "partnerID", "fileName", "kind", "mediaType", "sizeBytes", "sha256", "note", "uploadedBy"])

    static let schemas: [String: JSONSchema] = [
        "ContractVersionInput": versionInput,
        "ContractVersion": .object([("id", .uuid), ("partnerID", .uuid), ("number", .integer(minimum: 1)), ("inForce", .boolean), ("createdAt", .nullable(.dateTime)),
                                    ("terms", .ref("ContractVersionInput"))], required: ["id", "partnerID", "number", "inForce", "terms"]),
        "Contract": .object([("id", .uuid), ("partnerID", .uuid), ("partnerName", .string()), ("title", .string()),
                             ("versions", .array(.ref("ContractVersion"))), ("documents", .array(.ref("ContractDocument"))), ("keyDates", .array(.ref("KeyDate")))],
                            required: ["id", "partnerID", "partnerName", "title", "versions", "documents", "keyDates"]),
        "ContractDocument": document,
        "KeyDate": keyDate,
        "ContractExit": .object([
            ("contractVersion", .integer(minimum: 1)), ("partnerNoticeDays", .integer(minimum: 0)), ("partnerExitEndsOn", .date), ("partnerExplanation", .string()),
            ("clientNoticeDays", .integer(minimum: 0)), ("clientExitEndsOn", .date), ("clientConvenienceAllowed", .boolean), ("convenienceFee", .nullable(money)),
            ("convenienceExplanation", .array(.string())), ("minimumHeadcount", .nullable(.integer(minimum: 0))),
        ], required: ["contractVersion", "partnerNoticeDays", "partnerExitEndsOn", "partnerExplanation", "clientNoticeDays", "clientExitEndsOn",
                      "clientConvenienceAllowed", "convenienceExplanation"]),
        "SLAEvaluation": .object([
            ("partnerID", .uuid), ("partnerName", .string()), ("month", .string()), ("contractVersion", .integer(minimum: 1)), ("invoiceID", .uuid),
            ("invoiceAmount", money), ("atRiskPercent", decimalText), ("atRiskAmount", money), ("allocationTotalPercent", decimalText),
            ("volumeExcluded", .boolean), ("volumeExclusionPercent", .nullable(decimalText)), ("offeredVolume", .nullable(.integer(minimum: 0))),
            ("forecastVolume", .nullable(.integer(minimum: 0))),
            ("lines", .array(.object([
                ("kpi", .enumeration(KPIKind.self)), ("label", .string()), ("figure", .nullable(.number)), ("display", .string()), ("sampleSize", .integer(minimum: 0)),
                ("formula", .string()), ("expected", .number), ("minimum", .number), ("stretch", .nullable(.number)), ("allocationPercent", decimalText),
                ("bonusPercent", .nullable(decimalText)), ("outcome", .string(enumeration: ["met", "below_expected", "missed", "excused", "not_measured"])),
                ("creditBeforeCap", money), ("credit", money), ("earnbackEligible", money), ("bonusBeforeCap", money), ("bonus", money),
                ("earnback", .nullable(.object([("status", .string(enumeration: ["pending", "earned_back", "forfeited", "final"])), ("month", .nullable(.string())),
                                                ("counted", .nullable(.integer(minimum: 0))), ("needed", .nullable(.integer(minimum: 0))), ("explanation", .array(.string()))],
                                               required: ["status", "explanation"]))),
                ("explanation", .array(.string())),
            ], required: ["kpi", "label", "display", "sampleSize", "formula", "expected", "minimum", "allocationPercent", "outcome", "creditBeforeCap", "credit",
                          "earnbackEligible", "bonusBeforeCap", "bonus", "explanation"]))),
            ("creditTotalBeforeCap", money), ("creditCapped", .boolean), ("creditTotal", money), ("bonusTotalBeforeCap", money), ("bonusCapped", .boolean),
            ("bonusTotal", money), ("creditApplied", money), ("bonusPayable", money), ("earnedBack", money), ("explanation", .array(.string())), ("computedAt", .dateTime),
        ], required: ["partnerID", "partnerName", "month", "contractVersion", "invoiceID", "invoiceAmount", "atRiskPercent", "atRiskAmount", "allocationTotalPercent",
                      "volumeExcluded", "lines", "creditTotalBeforeCap", "creditCapped", "creditTotal", "bonusTotalBeforeCap", "bonusCapped", "bonusTotal",
                      "creditApplied", "bonusPayable", "earnedBack", "explanation", "computedAt"]),
        "InvoiceSummary": .object([
            ("id", .uuid), ("partnerID", .uuid), ("partnerName", .string()), ("month", .string()), ("reference", .string()), ("status", .enumeration(InvoiceStatus.self)),
            ("linesTotal", money), ("credit", money), ("earnedBack", money), ("bonus", money), ("payable", money), ("flaggedLines", .integer(minimum: 0)),
            ("disputedLines", .integer(minimum: 0)),
        ], required: ["id", "partnerID", "partnerName", "month", "reference", "status", "linesTotal", "credit", "earnedBack", "bonus", "payable", "flaggedLines", "disputedLines"]),
        "Invoice": .object([
            ("id", .uuid), ("partnerID", .uuid), ("partnerName", .string()), ("month", .string()), ("reference", .string()), ("status", .enumeration(InvoiceStatus.self)),
            ("lines", .array(.object([
                ("row", .integer(minimum: 1)), ("team", .string()), ("unit", .enumeration(BillingUnit.self)), ("channel", .nullable(.enumeration(ChannelKind.self))),
                ("site", .nullable(.string())), ("language", .nullable(.string())), ("quantity", decimalText), ("rate", decimalText), ("amount", money),
                ("description", .string()), ("disputeReason", .nullable(.string())), ("disputedBy", .nullable(.string())),
            ], required: ["row", "team", "unit", "quantity", "rate", "amount", "description"]))),
            ("reconciliation", .object([
                ("tolerance", .string()), ("adherenceOnly", .boolean), ("billedTotal", money), ("overbilledAmount", money), ("flaggedLines", .integer(minimum: 0)),
                ("lines", .array(.object([
                    ("row", .integer(minimum: 1)), ("line", .string()), ("unit", .enumeration(BillingUnit.self)), ("quantity", decimalText), ("rate", decimalText),
                    ("amount", money), ("payBasis", .string()), ("flagged", .boolean), ("unverified", .boolean),
                    ("comparisons", .array(.object([("basis", .string()), ("label", .string()), ("reference", .nullable(decimalText)), ("difference", .nullable(decimalText)),
                                                    ("allowed", .nullable(decimalText)), ("withinTolerance", .nullable(.boolean)), ("amount", .nullable(money)), ("explanation", .string())],
                                                   required: ["basis", "label", "explanation"]))),
                    ("contractRate", .nullable(decimalText)), ("rateMatches", .nullable(.boolean)), ("rateCheck", .string()),
                ], required: ["row", "line", "unit", "quantity", "rate", "amount", "payBasis", "flagged", "unverified", "comparisons", "rateCheck"]))),
                ("sources", .array(.string())),
            ], required: ["tolerance", "adherenceOnly", "billedTotal", "overbilledAmount", "flaggedLines", "lines", "sources"])),
            ("settlement", .object([("linesTotal", money), ("credit", money), ("earnedBack", money), ("bonus", money), ("payable", money), ("explanation", .array(.string()))],
                                   required: ["linesTotal", "credit", "earnedBack", "bonus", "payable", "explanation"])),
            ("resolutionNote", .string()), ("computedAt", .nullable(.dateTime)), ("actions", .array(.enumeration(InvoiceAction.self))),
        ], required: ["id", "partnerID", "partnerName", "month", "reference", "status", "lines", "reconciliation", "settlement", "resolutionNote", "actions"]),
        "InvoiceInput": .object([
            ("month", .string(description: "YYYY-MM")), ("reference", .nullable(.string(maxLength: 100))),
            ("lines", .nullable(.array(.object([("team", .string()), ("unit", .enumeration(BillingUnit.self)), ("quantity", decimalText), ("rate", decimalText),
                                                ("channel", .nullable(.enumeration(ChannelKind.self))), ("site", .nullable(.string())), ("language", .nullable(.string())),
                                                ("amount", .nullable(money)), ("description", .nullable(.string(maxLength: 500)))],
                                               required: ["team", "unit", "quantity", "rate"])))),
            ("csv", .nullable(.string(description: "instead of lines: CSV with team,unit,quantity,rate[,channel,site,language,amount,description]"))),
        ], required: ["month"]),
        "InvoiceActionInput": .object([("action", .enumeration(InvoiceAction.self)),
                                       ("disputes", .nullable(.array(.object([("row", .integer(minimum: 1)), ("reason", .string(maxLength: 2_000))], required: ["row", "reason"])))),
                                       ("note", .nullable(.string(maxLength: 4_000)))], required: ["action"]),
        "DeliveredHoursImportResult": .object([("kind", .string(enumeration: ["delivered_hours"])), ("fileName", .string()), ("rows", .integer(minimum: 0)),
                                               ("created", .integer(minimum: 0)), ("updated", .integer(minimum: 0)), ("unchanged", .integer(minimum: 0)), ("period", .string())],
                                              required: ["kind", "fileName", "rows", "created", "updated", "unchanged", "period"]),
        "CostReport": .object([
            ("from", .string()), ("through", .string()), ("months", .array(.string())), ("method", .string()),
            ("rows", .array(.object([
                ("teamID", .uuid), ("teamName", .string()), ("teamKind", .enumeration(TeamKind.self)), ("month", .string()), ("cost", .nullable(money)),
                ("costSource", .string()), ("handled", .nullable(.integer(minimum: 0))), ("resolutions", .nullable(.integer(minimum: 0))),
                ("perContact", .nullable(money)), ("perContactExplanation", .string()), ("perResolution", .nullable(money)), ("perResolutionExplanation", .string()),
                ("credit", .nullable(money)), ("earnedBack", .nullable(money)), ("bonus", .nullable(money)), ("serviceLevel", .nullable(.number)),
                ("customerSatisfaction", .nullable(.number)), ("qaScore", .nullable(.number)),
            ], required: ["teamID", "teamName", "teamKind", "month", "costSource", "perContactExplanation", "perResolutionExplanation"]))),
        ], required: ["from", "through", "months", "rows", "method"]),
        "InHouseCostInput": .object([("month", .string(description: "YYYY-MM")), ("fte", decimalText), ("salary", decimalText), ("benefitsLoadPercent", decimalText),
                                     ("facilities", decimalText), ("technology", decimalText), ("managementOverhead", decimalText), ("note", .nullable(.string(maxLength: 500)))],
                                    required: ["month", "fte", "salary", "benefitsLoadPercent", "facilities", "technology", "managementOverhead"]),
        "InHouseCost": .object([("id", .uuid), ("teamID", .uuid), ("month", .string()), ("fte", decimalText), ("salary", decimalText), ("benefitsLoadPercent", decimalText),
                                ("facilities", decimalText), ("technology", decimalText), ("managementOverhead", decimalText), ("note", .string()),
                                ("perFTEMonth", money), ("monthlyCost", money), ("explanation", .string())],
                               required: ["id", "teamID", "month", "fte", "salary", "benefitsLoadPercent", "facilities", "technology", "managementOverhead", "note",
                                          "perFTEMonth", "monthlyCost", "explanation"]),
        "ContractSettings": .object([("keyDateHorizonDays", .integer(minimum: 1, maximum: 730)), ("tolerancePercent", decimalText), ("toleranceAbsolute", decimalText),
                                     ("adherenceOnly", .boolean), ("hoursPerFTEWeek", decimalText)],
                                    required: ["keyDateHorizonDays", "tolerancePercent", "toleranceAbsolute", "adherenceOnly", "hoursPerFTEWeek"]),
        "ContractSettingsInput": .object([("keyDateHorizonDays", .integer(minimum: 1, maximum: 730)), ("tolerancePercent", decimalText),
                                          ("toleranceAbsolute", .nullable(decimalText)), ("adherenceOnly", .nullable(.boolean)), ("hoursPerFTEWeek", .nullable(decimalText))],
                                         required: ["keyDateHorizonDays", "tolerancePercent"]),
    ]
}

extension ContractErrors {
    /// Invoice and cost input: the domain's names as they are (`month`, `row 3 rate`, `lines[0].team`).
    static func apiInvoice<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as ContractInputError { throw ValidationFailed(fields: error.fieldErrors) }
    }
}
