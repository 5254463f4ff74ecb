import Fluent
import Foundation
import TandemContracts
import TandemPartners
import Vapor

struct InvoiceLineDTO: Content, Equatable {
    let row: Int
    let team: String
    let unit: BillingUnit
    let channel: ChannelKind?
    let site: String?
    let language: String?
    let quantity: String
    let rate: String
    let amount: String
    let description: String
    let disputeReason: String?
    let disputedBy: String?
}

struct InvoiceSummaryDTO: Content, Equatable {
    let id: UUID
    let partnerID: UUID
    let partnerName: String
    let month: String
    let reference: String
    let status: InvoiceStatus
    let linesTotal: String
    let credit: String
    let earnedBack: String
    let bonus: String
    let payable: String
    let flaggedLines: Int
    let disputedLines: Int
}

struct InvoiceDTO: Content, Equatable {
    let id: UUID
    let partnerID: UUID
    let partnerName: String
    let month: String
    let reference: String
    let status: InvoiceStatus
    let lines: [InvoiceLineDTO]
    let reconciliation: ReconciliationDTO
    let settlement: SettlementDTO
    let resolutionNote: String
    let computedAt: Date?
    /// What the caller may do next.
    let actions: [InvoiceAction]
}

struct InvoiceLineInput: Content, Equatable {
    var team: String
    var unit: String
    var quantity: String
    var rate: String
    var channel: String?
    var site: String?
    var language: String?
    var amount: String?
    var description: String?
}

/// A month's invoice: its lines as JSON, or the CSV text (the same columns as the file import).
struct InvoiceInput: Content, Equatable {
    var month: String
    var reference: String?
    var lines: [InvoiceLineInput]?
    var csv: String?
}

struct DisputeInput: Content, Equatable {
    var row: Int
    var reason: String
}

struct InvoiceActionInput: Content, Equatable {
    var action: InvoiceAction
    /// For `dispute`: each disputed line (its row) and why.
    var disputes: [DisputeInput]?
    /// For `resolve`: how the dispute was settled.
    var note: String?
}

extension InvoiceStatus {
    var label: String {
        switch self {
        case .draft: "Draft"
        case .underReview: "Under review"
        case .approved: "Approved"
        case .disputed: "Disputed"
        case .resolved: "Resolved"
        }
    }
}

extension InvoiceAction {
    var label: String {
        switch self {
        case .submitForReview: "Submit for review"
        case .approve: "Approve"
        case .dispute: "Dispute lines"
        case .resolve: "Mark resolved"
        }
    }
}

/// Invoices: entered or imported all-or-nothing, reconciled and settled by `ContractRecompute`,
/// moved draft → under review → approved / disputed → resolved, every step audited.
enum InvoiceService {
    static func isFrozen(_ invoice: Invoice) -> Bool {
        invoice.status == InvoiceStatus.approved.rawValue || invoice.status == InvoiceStatus.resolved.rawValue
    }

    static func status(_ invoice: Invoice) -> InvoiceStatus { InvoiceStatus(rawValue: invoice.status) ?? .draft }

    static func domainLines(_ records: [InvoiceLineRecord]) -> [InvoiceLine] {
        records.sorted { $0.row < $1.row }.map { r in
            InvoiceLine(row: r.row, team: r.team, unit: BillingUnit(rawValue: r.unit) ?? .productiveHour, channel: r.channel.flatMap(ChannelKind.init(rawValue:)),
                        site: r.site, language: r.language, quantity: Decimal(exactly: r.quantity) ?? 0, rate: Decimal(exactly: r.rate) ?? 0,
                        description: r.details.isEmpty ? nil : r.details)
        }
    }

    static func require(_ id: UUID, scope: PartnerScope, on db: any Database) async throws -> Invoice {
        try scope.require(try await Invoice.query(on: db).filter(\.$id == id).with(\.$partner).first(), owner: { $0.$partner.id }, notFound: "No such invoice.")
    }

    static func lines(of invoice: Invoice, on db: any Database) async throws -> [InvoiceLineRecord] {
        try await InvoiceLineRecord.query(on: db).filter(\.$invoice.$id == invoice.requireID()).sort(\.$row).all()
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) -> T? { try? JSONDecoder().decode(T.self, from: Data(json.utf8)) }

    static func store(settlement: InvoiceSettlement, reconciliation: ReconciliationDTO, on invoice: Invoice, now: Date) {
        invoice.linesTotal = settlement.linesTotal.centsText
        invoice.credit = settlement.credit.centsText
        invoice.earnedBack = settlement.earnedBack.centsText
        invoice.bonus = settlement.bonus.centsText
        invoice.payable = settlement.payable.centsText
        invoice.settlementJSON = ContractVersionInput.encode(ReconciliationService.settlement(settlement))
        invoice.reconciliationJSON = ContractVersionInput.encode(reconciliation)
        invoice.computedAt = now
    }

    static func summary(_ i: Invoice, partnerName: String) -> InvoiceSummaryDTO {
        let reconciliation = decode(ReconciliationDTO.self, i.reconciliationJSON)
        return InvoiceSummaryDTO(id: i.id!, partnerID: i.$partner.id, partnerName: partnerName, month: i.month, reference: i.reference, status: status(i),
                                 linesTotal: i.linesTotal, credit: i.credit, earnedBack: i.earnedBack, bonus: i.bonus, payable: i.payable,
                                 flaggedLines: reconciliation?.flaggedLines ?? 0, disputedLines: 0)
    }

    static func list(scope: PartnerScope, partnerID: UUID? = nil, month: String? = nil, on db: any Database) async throws -> [InvoiceSummaryDTO] {
        let query = Invoice.query(on: db).with(\.$partner).sort(\.$month, .descending)
        scope.restrict(query, to: \.$partner.$id)
        if let partnerID { query.filter(\.$partner.$id == partnerID) }
        if let month { query.filter(\.$month == month) }
        let invoices = try await query.all()
        let disputed = try await InvoiceLineRecord.query(on: db).filter(\.$disputeReason != nil).all()
        let disputedByInvoice = Dictionary(grouping: disputed, by: \.$invoice.id).mapValues(\.count)
        return invoices.map { i in
            let s = summary(i, partnerName: i.partner.name)
            return InvoiceSummaryDTO(id: s.id, partnerID: s.partnerID, partnerName: s.partnerName, month: s.month, reference: s.reference, status: s.status,
                                     linesTotal: s.linesTotal, credit: s.credit, earnedBack: s.earnedBack, bonus: s.bonus, payable: s.payable,
                                     flaggedLines: s.flaggedLines, disputedLines: disputedByInvoice[i.id!] ?? 0)
        }
    }

    static func allowedActions(_ invoice: Invoice, principal: Principal) -> [InvoiceAction] {
        InvoiceAction.allCases.filter { action in
            guard action == .dispute ? principal.can(.manageContracts) || principal.isPartnerUser : principal.can(.manageContracts) else { return false }
            let disputes = action == .dispute ? [LineDispute(row: 0, reason: "x")] : []
            return (try? InvoiceWorkflow.next(status(invoice), action, by: principal.role, disputes: disputes, lineRows: [0])) != nil
        }
    }

    static func dto(_ invoice: Invoice, partnerName: String, principal: Principal, on db: any Database) async throws -> InvoiceDTO {
        let lines = try await lines(of: invoice, on: db)
        return InvoiceDTO(
            id: invoice.id!, partnerID: invoice.$partner.id, partnerName: partnerName, month: invoice.month, reference: invoice.reference,
            status: status(invoice),
            lines: lines.map { l in
                InvoiceLineDTO(row: l.row, team: l.team, unit: BillingUnit(rawValue: l.unit) ?? .productiveHour, channel: l.channel.flatMap(ChannelKind.init(rawValue:)),
                               site: l.site, language: l.language, quantity: l.quantity, rate: l.rate, amount: l.amount, description: l.details,
                               disputeReason: l.disputeReason, disputedBy: l.disputedBy)
            },
            reconciliation: decode(ReconciliationDTO.self, invoice.reconciliationJSON) ?? .empty,
            settlement: decode(SettlementDTO.self, invoice.settlementJSON)
                ?? SettlementDTO(linesTotal: invoice.linesTotal, credit: invoice.credit, earnedBack: invoice.earnedBack, bonus: invoice.bonus, payable: invoice.payable, explanation: []),
            resolutionNote: invoice.resolutionNote, computedAt: invoice.computedAt, actions: allowedActions(invoice, principal: principal)
        )
    }

    // MARK: Reading lines

    static func parseCSV(_ text: String, partner: Partner) throws(ContractInputError) -> [InvoiceLine] {
        try InvoiceCSV.parse(text, teams: [partner.name])
    }

    /// JSON lines go through the same checks as a CSV file; issues name `lines[i].field`.
    static func parse(_ inputs: [InvoiceLineInput], partner: Partner) throws -> [InvoiceLine] {
        func cell(_ value: String?) -> String {
            let text = value ?? ""
            return text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        let header = "team,unit,quantity,rate,channel,site,language,amount,description"
        let body = inputs.map { i in [i.team, i.unit, i.quantity, i.rate, i.channel, i.site, i.language, i.amount, i.description].map(cell).joined(separator: ",") }
        do {
            return try InvoiceCSV.parse(([header] + body).joined(separator: "\n"), teams: [partner.name])
        } catch {
            var messages: [String: String] = [:]
            for issue in error.issues {
                let key = issue.row.map { $0 >= 2 ? "lines[\($0 - 2)].\(issue.field == "row" ? "line" : issue.field)" : "lines" } ?? (issue.field == "file" ? "lines" : issue.field)
                messages[key] = messages[key].map { "\($0); \(issue.reason)" } ?? issue.reason
            }
            throw ValidationFailed(fields: FieldErrors(messages))
        }
    }

    static func month(_ text: String) throws(ContractInputError) -> BillingMonth {
        guard let month = BillingMonth(text.trimmingCharacters(in: .whitespaces)) else { throw ContractInputError("month", "must be a month as YYYY-MM") }
        return month
    }

    // MARK: Changes

    /// Creates the month's invoice, or replaces the lines of its draft (a re-import updates it).
    /// Anything other than a draft is refused: its lines are under review or settled. `recompute`
    /// false leaves the settling to the caller (a loader saving many months settles once at the end).
    @discardableResult
    static func save(_ lines: [InvoiceLine], month: BillingMonth, reference: String?, partner: Partner, by actor: Actor, recompute: Bool = true,
                     on db: any Database) async throws -> Invoice {
        let partnerID = try partner.requireID()
        guard partner.kind == .partner else { throw ContractInputError("partner", "the in-house team does not send invoices (enter its cost under Cost)") }
        if lines.isEmpty { throw ContractInputError("lines", "an invoice needs at least one line") }
        let existing = try await Invoice.query(on: db).filter(\.$partner.$id == partnerID).filter(\.$month == month.description).first()
        if let existing, status(existing) != .draft {
            throw ContractInputError("month", "the \(month) invoice is \(status(existing).label.lowercased()): only a draft can be replaced")
        }
        let invoice = existing ?? Invoice()
        let before = existing?.auditFields
        invoice.$partner.id = partnerID
        invoice.month = month.description
        if let reference { invoice.reference = String(reference.trimmingCharacters(in: .whitespaces).prefix(100)) }
        else if existing == nil { invoice.reference = "" }
        if existing == nil {
            invoice.status = InvoiceStatus.draft.rawValue
            invoice.resolutionNote = ""
            let settlement = InvoiceSettlement(lines: lines, evaluation: nil)
            store(settlement: settlement, reconciliation: .empty, on: invoice, now: Date())
        }
        try await db.transaction { tx in
            try await invoice.save(on: tx)
            let invoiceID = try invoice.requireID()
            let old = try await InvoiceLineRecord.query(on: tx).filter(\.$invoice.$id == invoiceID).all()
            let oldByRow = Dictionary(old.map { ($0.row, $0) }, uniquingKeysWith: { a, _ in a })
            for line in lines {
                let record = oldByRow[line.row] ?? InvoiceLineRecord()
                let lineBefore = oldByRow[line.row]?.auditFields
                record.$invoice.id = invoiceID
                record.partnerID = partnerID
                record.row = line.row
                record.team = line.team
                record.unit = line.unit.rawValue
                record.channel = line.channel?.rawValue
                record.site = line.site
                record.language = line.language
                record.quantity = line.quantity.plainText
                record.rate = line.rate.plainText
                record.amount = line.amount.centsText
                record.details = String((line.description ?? "").prefix(500))
                record.disputeReason = nil
                record.disputedBy = nil
                try await record.save(on: tx)
                try await AuditLog.saved(record, before: lineBefore, by: actor, on: tx)
            }
            let rows = Set(lines.map(\.row))
            for record in old where !rows.contains(record.row) {
                try await AuditLog.deleted(record, by: actor, on: tx)
                try await record.delete(on: tx)
            }
            if recompute { try await ContractRecompute.partner(partnerID, on: tx) }
            let saved = try await Invoice.find(invoiceID, on: tx)!
            invoice.linesTotal = saved.linesTotal; invoice.credit = saved.credit; invoice.earnedBack = saved.earnedBack
            invoice.bonus = saved.bonus; invoice.payable = saved.payable; invoice.settlementJSON = saved.settlementJSON
            invoice.reconciliationJSON = saved.reconciliationJSON; invoice.computedAt = saved.computedAt
            try await AuditLog.saved(invoice, before: before, by: actor, on: tx)
        }
        return invoice
    }

    /// Adds one line to a draft: the draft's lines and the new one are checked together (a
    /// duplicate of an existing line is refused).
    static func addLine(_ input: InvoiceLineInput, to invoice: Invoice, partner: Partner, by actor: Actor, on db: any Database) async throws {
        guard status(invoice) == .draft else { throw ContractInputError("lines", "lines can only be added to a draft") }
        let current = domainLines(try await lines(of: invoice, on: db))
        let asInputs = current.map { l in
            InvoiceLineInput(team: l.team, unit: l.unit.rawValue, quantity: l.quantity.plainText, rate: l.rate.plainText, channel: l.channel?.rawValue,
                             site: l.site, language: l.language, amount: nil, description: l.description)
        }
        let parsed: [InvoiceLine]
        do { parsed = try parse(asInputs + [input], partner: partner) } catch let failure as ValidationFailed {
            // Only the new line can be at fault: its errors are shown under the form's own fields.
            let prefix = "lines[\(current.count)]."
            var messages: [String: String] = [:]
            for (key, message) in failure.fields.messages {
                messages[key.hasPrefix(prefix) ? String(key.dropFirst(prefix.count)) : "line"] = message
            }
            throw ValidationFailed(fields: FieldErrors(messages))
        }
        // Rows keep their original numbers; the new line takes the next one.
        let next = (current.map(\.row).max() ?? 1) + 1
        let newLine = parsed.last!
        let lines = current + [InvoiceLine(row: next, team: newLine.team, unit: newLine.unit, channel: newLine.channel, site: newLine.site,
                                           language: newLine.language, quantity: newLine.quantity, rate: newLine.rate, description: newLine.description)]
        try await save(lines, month: BillingMonth(invoice.month)!, reference: nil, partner: partner, by: actor, on: db)
    }

    /// One workflow step. The caller has already checked the invoice is within the principal's scope.
    /// Approving or resolving settles on the latest figures first (`settle` false: the caller just did).
    static func act(_ input: InvoiceActionInput, on invoice: Invoice, principal: Principal, settle: Bool = true, on db: any Database) async throws {
        let allowed = input.action == .dispute ? principal.can(.manageContracts) || principal.isPartnerUser : principal.can(.manageContracts)
        guard allowed else { throw Abort(.forbidden, reason: "Your role (\(principal.role.label)) cannot \(input.action.label.lowercased()) an invoice.") }
        let records = try await lines(of: invoice, on: db)
        if input.action == .submitForReview && records.isEmpty { throw ContractInputError("lines", "an invoice needs at least one line") }
        let disputes = (input.disputes ?? []).map { LineDispute(row: $0.row, reason: $0.reason) }
        let target = try InvoiceWorkflow.next(status(invoice), input.action, by: principal.role, disputes: disputes, lineRows: Set(records.map(\.row)))
        let note = input.note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if input.action == .resolve && note.isEmpty { throw ContractInputError("note", "say how the dispute was resolved") }
        if note.count > 4_000 { throw ContractInputError("note", "must be at most 4000 characters") }
        let partnerID = invoice.$partner.id
        let actor = principal.actor
        try await db.transaction { tx in
            // Settle on the latest figures before the invoice is frozen.
            if settle && (target == .approved || target == .resolved) { try await ContractRecompute.partner(partnerID, on: tx) }
            let fresh = try await Invoice.find(invoice.requireID(), on: tx)!
            let before = fresh.auditFields
            if input.action == .dispute {
                for dispute in disputes {
                    guard let line = records.first(where: { $0.row == dispute.row }) else { continue }
                    let lineBefore = line.auditFields
                    line.disputeReason = String(dispute.reason.trimmingCharacters(in: .whitespacesAndNewlines).prefix(2_000))
                    line.disputedBy = "\(principal.name) (\(principal.side.rawValue))"
                    try await line.update(on: tx)
                    try await AuditLog.updated(line, before: lineBefore, by: actor, on: tx)
                }
            }
            if input.action == .resolve { fresh.resolutionNote = note }
            fresh.status = target.rawValue
            try await fresh.update(on: tx)
            try await AuditLog.updated(fresh, before: before, by: actor, on: tx)
            invoice.status = fresh.status
            invoice.resolutionNote = fresh.resolutionNote
        }
    }
}
