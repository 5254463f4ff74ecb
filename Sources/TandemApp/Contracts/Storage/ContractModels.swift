import Fluent
import Foundation
import SQLKit
import TandemPartners

// Contracts and money: the tables. Money, rates, quantities and percentages are kept as exact
// decimal text ("18.75"), never as binary floating point, so every figure reads back to the cent
// on SQLite and PostgreSQL alike. Days are `YYYY-MM-DD`, months `YYYY-MM` (both sort as text).

/// A partner's contract: one per partner, amended by adding versions.
final class Contract: Model, @unchecked Sendable {
    static let schema = "contracts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "title") var title: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// One version of a contract's terms, in force from `effective_from` through `effective_through`.
/// Rate lines and the SLA schedule are kept as JSON of their input shape (a version is read and
/// written whole; nothing queries inside them).
final class ContractVersionRecord: Model, @unchecked Sendable {
    static let schema = "contract_versions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "contract_id") var contract: Contract
    /// The contract's partner, kept on the row so partner isolation needs no join.
    @Field(key: "partner_id") var partnerID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "effective_from") var effectiveFrom: String
    @OptionalField(key: "effective_through") var effectiveThrough: String?

    // Term and renewal
    @Field(key: "start_on") var startOn: String
    @Field(key: "initial_end_on") var initialEndOn: String
    @Field(key: "auto_renew") var autoRenew: Bool
    @Field(key: "renewal_term_months") var renewalTermMonths: Int

    // Ending it
    @Field(key: "client_notice_days") var clientNoticeDays: Int
    @Field(key: "partner_notice_days") var partnerNoticeDays: Int
    @Field(key: "cure_days") var cureDays: Int
    /// "" (no convenience exit), "client", "partner" or "client,partner".
    @Field(key: "convenience_sides") var convenienceSides: String
    @Field(key: "convenience_fee") var convenienceFee: String
    @Field(key: "convenience_fee_amount") var convenienceFeeAmount: String
    @Field(key: "convenience_fee_months") var convenienceFeeMonths: String
    @Field(key: "convenience_fee_lookback_months") var convenienceFeeLookbackMonths: Int

    // Headcount
    @OptionalField(key: "minimum_headcount") var minimumHeadcount: Int?
    /// "" (no restriction), "5" (heads) or "10%" (of the current headcount).
    @Field(key: "flex_up") var flexUp: String
    @Field(key: "flex_down") var flexDown: String
    @Field(key: "flex_notice_days") var flexNoticeDays: Int

    // Billing and service credits
    @Field(key: "rates_json") var ratesJSON: String
    /// "" when this version has no service credits.
    @Field(key: "sla_json") var slaJSON: String

    @Field(key: "note") var note: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A file attached to a contract (the signed agreement, an amendment, a rate schedule), kept in
/// the database so a backup of the database is a backup of the documents.
final class ContractDocument: Model, @unchecked Sendable {
    static let schema = "contract_documents"

    @ID(key: .id) var id: UUID?
    @Parent(key: "contract_id") var contract: Contract
    @Field(key: "partner_id") var partnerID: UUID
    @Field(key: "file_name") var fileName: String
    /// A `DocumentKind` raw value, from the content (never from the name).
    @Field(key: "kind") var kind: String
    @Field(key: "size_bytes") var sizeBytes: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "content") var content: Data
    @Field(key: "note") var note: String
    @Field(key: "uploaded_by") var uploadedBy: String
    @Timestamp(key: "uploaded_at", on: .create) var uploadedAt: Date?

    init() {}
}

/// A partner's invoice for one month.
final class Invoice: Model, @unchecked Sendable {
    static let schema = "invoices"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "month") var month: String
    @Field(key: "reference") var reference: String
    /// An `InvoiceStatus` raw value.
    @Field(key: "status") var status: String
    /// What the client pays, worked out when the lines or their inputs change and frozen once the
    /// invoice is approved or resolved.
    @Field(key: "lines_total") var linesTotal: String
    @Field(key: "credit") var credit: String
    @Field(key: "earned_back") var earnedBack: String
    @Field(key: "bonus") var bonus: String
    @Field(key: "payable") var payable: String
    /// JSON: the settlement's arithmetic, line by line.
    @Field(key: "settlement_json") var settlementJSON: String
    /// JSON: every line held against what Tandem knows.
    @Field(key: "reconciliation_json") var reconciliationJSON: String
    @Field(key: "resolution_note") var resolutionNote: String
    @OptionalField(key: "computed_at") var computedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

final class InvoiceLineRecord: Model, @unchecked Sendable {
    static let schema = "invoice_lines"

    @ID(key: .id) var id: UUID?
    @Parent(key: "invoice_id") var invoice: Invoice
    @Field(key: "partner_id") var partnerID: UUID
    /// The CSV line (header = 1) or the order it was entered in.
    @Field(key: "row") var row: Int
    @Field(key: "team") var team: String
    @Field(key: "unit") var unit: String
    @OptionalField(key: "channel") var channel: String?
    @OptionalField(key: "site") var site: String?
    @OptionalField(key: "language") var language: String?
    @Field(key: "quantity") var quantity: String
    @Field(key: "rate") var rate: String
    @Field(key: "amount") var amount: String
    @Field(key: "description") var details: String
    @OptionalField(key: "dispute_reason") var disputeReason: String?
    @OptionalField(key: "disputed_by") var disputedBy: String?

    init() {}
}

/// One month's service-credit evaluation of a partner, stored when its inputs change, with every
/// line of its arithmetic (JSON of `SLAEvaluationDTO`).
final class SLAEvaluationRecord: Model, @unchecked Sendable {
    static let schema = "sla_evaluations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "month") var month: String
    @Field(key: "contract_version_id") var contractVersionID: UUID
    @Field(key: "invoice_id") var invoiceID: UUID
    @Field(key: "credit_applied") var creditApplied: String
    @Field(key: "bonus_payable") var bonusPayable: String
    @Field(key: "earned_back") var earnedBack: String
    @Field(key: "body_json") var bodyJSON: String
    @Field(key: "computed_at") var computedAt: Date

    init() {}
}

/// Hours one agent of a team delivered on one day (the delivered-hours import).
final class DeliveredHours: Model, @unchecked Sendable {
    static let schema = "delivered_hours"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "agent") var agent: String
    @Field(key: "day") var day: String
    @Field(key: "month") var month: String
    @Field(key: "productive_hours") var productiveHours: String
    @Field(key: "logged_hours") var loggedHours: String
    /// Schedule adherence inputs, when the file has them.
    @OptionalField(key: "scheduled_minutes") var scheduledMinutes: String?
    @OptionalField(key: "out_of_adherence_minutes") var outOfAdherenceMinutes: String?

    init() {}
}

/// The in-house team's fully loaded cost for one month.
final class InHouseCost: Model, @unchecked Sendable {
    static let schema = "in_house_costs"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partner_id") var partner: Partner
    @Field(key: "month") var month: String
    @Field(key: "fte") var fte: String
    @Field(key: "salary") var salary: String
    @Field(key: "benefits_load_percent") var benefitsLoadPercent: String
    @Field(key: "facilities") var facilities: String
    @Field(key: "technology") var technology: String
    @Field(key: "management_overhead") var managementOverhead: String
    @Field(key: "note") var note: String

    init() {}
}

/// Workspace settings of contracts and money. At most one row.
final class ContractSettings: Model, @unchecked Sendable {
    static let schema = "contract_settings"

    @ID(key: .id) var id: UUID?
    /// Key dates this many days ahead show on the dashboard and partner pages and go to the webhook.
    @Field(key: "key_date_horizon_days") var keyDateHorizonDays: Int
    @Field(key: "tolerance_percent") var tolerancePercent: String
    @Field(key: "tolerance_absolute") var toleranceAbsolute: String
    /// Productive-hour lines are paid on delivered hours in adherence only.
    @Field(key: "adherence_only") var adherenceOnly: Bool
    /// Hours of one FTE in a week, to turn hours into FTE-months for FTE-month lines.
    @Field(key: "hours_per_fte_week") var hoursPerFTEWeek: String

    init() {}
}

// MARK: Migrations

enum ContractMigrations {
    static let all: [any Migration] = [
        CreateContract(), CreateContractVersion(), CreateContractDocument(), CreateInvoice(), CreateInvoiceLine(),
        CreateSLAEvaluation(), CreateDeliveredHours(), CreateInHouseCost(), CreateContractSettings(),
    ]
}

struct CreateContract: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("contracts")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "partner_id")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("contracts").delete() }
}

struct CreateContractVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("contract_versions")
            .id()
            .field("contract_id", .uuid, .required, .references("contracts", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required)
            .field("number", .int, .required)
            .field("effective_from", .string, .required)
            .field("effective_through", .string)
            .field("start_on", .string, .required)
            .field("initial_end_on", .string, .required)
            .field("auto_renew", .bool, .required)
            .field("renewal_term_months", .int, .required)
            .field("client_notice_days", .int, .required)
            .field("partner_notice_days", .int, .required)
            .field("cure_days", .int, .required)
            .field("convenience_sides", .string, .required)
            .field("convenience_fee", .string, .required)
            .field("convenience_fee_amount", .string, .required)
            .field("convenience_fee_months", .string, .required)
            .field("convenience_fee_lookback_months", .int, .required)
            .field("minimum_headcount", .int)
            .field("flex_up", .string, .required)
            .field("flex_down", .string, .required)
            .field("flex_notice_days", .int, .required)
            .field("rates_json", .string, .required)
            .field("sla_json", .string, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "contract_id", "number")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("contract_versions").delete() }
}

struct CreateContractDocument: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("contract_documents")
            .id()
            .field("contract_id", .uuid, .required, .references("contracts", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required)
            .field("file_name", .string, .required)
            .field("kind", .string, .required)
            .field("size_bytes", .int, .required)
            .field("sha256", .string, .required)
            .field("content", .data, .required)
            .field("note", .string, .required)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("contract_documents").delete() }
}

struct CreateInvoice: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("invoices")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("month", .string, .required)
            .field("reference", .string, .required)
            .field("status", .string, .required)
            .field("lines_total", .string, .required)
            .field("credit", .string, .required)
            .field("earned_back", .string, .required)
            .field("bonus", .string, .required)
            .field("payable", .string, .required)
            .field("settlement_json", .string, .required)
            .field("reconciliation_json", .string, .required)
            .field("resolution_note", .string, .required)
            .field("computed_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "partner_id", "month")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("invoices").delete() }
}

struct CreateInvoiceLine: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("invoice_lines")
            .id()
            .field("invoice_id", .uuid, .required, .references("invoices", "id", onDelete: .cascade))
            .field("partner_id", .uuid, .required)
            .field("row", .int, .required)
            .field("team", .string, .required)
            .field("unit", .string, .required)
            .field("channel", .string)
            .field("site", .string)
            .field("language", .string)
            .field("quantity", .string, .required)
            .field("rate", .string, .required)
            .field("amount", .string, .required)
            .field("description", .string, .required)
            .field("dispute_reason", .string)
            .field("disputed_by", .string)
            .unique(on: "invoice_id", "row")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("invoice_lines").delete() }
}

struct CreateSLAEvaluation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sla_evaluations")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("month", .string, .required)
            .field("contract_version_id", .uuid, .required)
            .field("invoice_id", .uuid, .required)
            .field("credit_applied", .string, .required)
            .field("bonus_payable", .string, .required)
            .field("earned_back", .string, .required)
            .field("body_json", .string, .required)
            .field("computed_at", .datetime, .required)
            .unique(on: "partner_id", "month")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("sla_evaluations").delete() }
}

struct CreateDeliveredHours: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("delivered_hours")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("agent", .string, .required)
            .field("day", .string, .required)
            .field("month", .string, .required)
            .field("productive_hours", .string, .required)
            .field("logged_hours", .string, .required)
            .field("scheduled_minutes", .string)
            .field("out_of_adherence_minutes", .string)
            .unique(on: "partner_id", "agent", "day")
            .create()
        // Reconciliation and adherence read one team's month.
        if let sql = database as? any SQLDatabase {
            try await sql.create(index: "delivered_hours_partner_month").on("delivered_hours").column("partner_id").column("month").run()
        }
    }
    func revert(on database: any Database) async throws { try await database.schema("delivered_hours").delete() }
}

struct CreateInHouseCost: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("in_house_costs")
            .id()
            .field("partner_id", .uuid, .required, .references("partners", "id", onDelete: .cascade))
            .field("month", .string, .required)
            .field("fte", .string, .required)
            .field("salary", .string, .required)
            .field("benefits_load_percent", .string, .required)
            .field("facilities", .string, .required)
            .field("technology", .string, .required)
            .field("management_overhead", .string, .required)
            .field("note", .string, .required)
            .unique(on: "partner_id", "month")
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("in_house_costs").delete() }
}

struct CreateContractSettings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("contract_settings")
            .id()
            .field("key_date_horizon_days", .int, .required)
            .field("tolerance_percent", .string, .required)
            .field("tolerance_absolute", .string, .required)
            .field("adherence_only", .bool, .required)
            .field("hours_per_fte_week", .string, .required)
            .create()
    }
    func revert(on database: any Database) async throws { try await database.schema("contract_settings").delete() }
}

// MARK: Audit

extension Contract: Audited {
    static let auditType = "contract"
    var auditLabel: String { title }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] { ["title": title] }
}

extension ContractVersionRecord: Audited {
    static let auditType = "contract_version"
    var auditLabel: String { "Contract version \(number)" }
    var auditPartnerID: UUID? { partnerID }
    var auditFields: [String: String] {
        ["number": String(number), "effectiveFrom": effectiveFrom, "effectiveThrough": effectiveThrough ?? "", "start": startOn, "initialEnd": initialEndOn,
         "autoRenew": autoRenew ? "yes" : "no", "renewalTermMonths": String(renewalTermMonths), "clientNoticeDays": String(clientNoticeDays),
         "partnerNoticeDays": String(partnerNoticeDays), "cureDays": String(cureDays), "convenienceAllowedFor": convenienceSides,
         "convenienceFee": convenienceFee, "convenienceFeeAmount": convenienceFeeAmount, "convenienceFeeMonths": convenienceFeeMonths,
         "convenienceFeeLookbackMonths": String(convenienceFeeLookbackMonths), "minimumHeadcount": minimumHeadcount.map(String.init) ?? "none",
         "flexUp": flexUp, "flexDown": flexDown, "flexNoticeDays": String(flexNoticeDays),
         "rates": ContractVersionInput.ratesText(ratesJSON), "sla": ContractVersionInput.slaText(slaJSON), "note": note]
    }
}

extension ContractDocument: Audited {
    static let auditType = "contract_document"
    var auditLabel: String { fileName }
    var auditPartnerID: UUID? { partnerID }
    var auditFields: [String: String] { ["fileName": fileName, "kind": kind, "sizeBytes": String(sizeBytes), "sha256": sha256, "note": note] }
}

extension Invoice: Audited {
    static let auditType = "invoice"
    var auditLabel: String { "Invoice \(month)" + (reference.isEmpty ? "" : " (\(reference))") }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] {
        ["month": month, "reference": reference, "status": status, "linesTotal": linesTotal, "credit": credit, "earnedBack": earnedBack,
         "bonus": bonus, "payable": payable, "resolutionNote": resolutionNote]
    }
}

extension InvoiceLineRecord: Audited {
    static let auditType = "invoice_line"
    var auditLabel: String { "Invoice line \(row)" }
    var auditPartnerID: UUID? { partnerID }
    var auditFields: [String: String] {
        ["row": String(row), "team": team, "unit": unit, "channel": channel ?? "", "site": site ?? "", "language": language ?? "",
         "quantity": quantity, "rate": rate, "amount": amount, "description": details, "disputeReason": disputeReason ?? "", "disputedBy": disputedBy ?? ""]
    }
}

extension InHouseCost: Audited {
    static let auditType = "in_house_cost"
    var auditLabel: String { "In-house cost \(month)" }
    var auditPartnerID: UUID? { $partner.id }
    var auditFields: [String: String] {
        ["month": month, "fte": fte, "salary": salary, "benefitsLoadPercent": benefitsLoadPercent, "facilities": facilities,
         "technology": technology, "managementOverhead": managementOverhead, "note": note]
    }
}

extension ContractSettings: Audited {
    static let auditType = "contract_settings"
    var auditLabel: String { "Contract settings" }
    var auditPartnerID: UUID? { nil }
    var auditFields: [String: String] {
        ["keyDateHorizonDays": String(keyDateHorizonDays), "tolerancePercent": tolerancePercent, "toleranceAbsolute": toleranceAbsolute,
         "adherenceOnly": adherenceOnly ? "yes" : "no", "hoursPerFTEWeek": hoursPerFTEWeek]
    }
}
