import Fluent
import Foundation
import TandemContracts
import TandemPartners
import Vapor

/// Invoice pages: the list, entering or importing one, its detail with reconciliation and
/// settlement, the workflow buttons, disputes, and the delivered-hours import.
enum InvoicePages {
    /// Delivered hours: an agent × day file as large as the staffing imports take.
    static let uploadLimit: ByteCount = "20mb"
    /// An invoice is a few hundred lines at most.
    static let invoiceLimit: ByteCount = "5mb"

    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.invoices.pathComponents, use: list)
        routes.get(SiteURL.invoiceNew(partner: .param).pathComponents, use: newForm)
        routes.post(SiteURL.invoiceNew(partner: .param).pathComponents, maxBody: invoiceLimit, use: create)
        routes.get(SiteURL.invoice(.param).pathComponents, use: detail)
        routes.post(SiteURL.invoiceLines(.param).pathComponents, use: addLine)
        routes.post(SiteURL.invoiceAction(.param).pathComponents, use: act)
        routes.post(SiteURL.invoiceDispute(.param).pathComponents, use: dispute)
        routes.get(SiteURL.deliveredHoursImport.pathComponents, use: deliveredForm)
        routes.post(SiteURL.deliveredHoursImport.pathComponents, maxBody: uploadLimit, use: deliveredImport)
    }

    @Sendable static func list(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let invoices = try await InvoiceService.list(scope: principal.scope, on: req.db)
        let partners = try await PartnerService.list(scope: principal.scope, on: req.db).filter { $0.kind == .partner }
        return InvoiceViews.list(invoices, partners: partners, canManage: principal.can(.manageContracts), req.pageContext())
    }

    struct Upload: Content {
        var month: String?
        var reference: String?
        var csv: String?
        var file: File?
    }

    @Sendable static func newForm(req: Request) async throws -> HTML {
        let (partner, _) = try await RelationshipSupport.scopedPartner(req, requiring: .manageContracts)
        let last = BillingMonth(containing: LocalDate(date: Date())).advanced(by: -1)
        return InvoiceViews.newForm(partner: PartnerService.dto(partner), values: FormValues(["month": last.description]), errors: .init(), req.pageContext())
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .manageContracts)
        let upload = (try? req.content.decode(Upload.self)) ?? Upload()
        var csv = upload.csv ?? ""
        var name = "pasted.csv"
        if let file = upload.file, file.data.readableBytes > 0 {
            csv = String(decoding: Data(buffer: file.data), as: UTF8.self)
            name = file.filename
        }
        let values = FormValues(["month": upload.month ?? "", "reference": upload.reference ?? "", "csv": name == "pasted.csv" ? csv : ""])
        do {
            let month = try InvoiceService.month(upload.month ?? "")
            let lines = try InvoiceService.parseCSV(csv, partner: partner)
            let invoice = try await InvoiceService.save(lines, month: month, reference: upload.reference, partner: partner, by: principal.actor, on: req.db)
            return req.back(to: .invoice(.id(try invoice.requireID())), "The \(month) invoice was saved as a draft: \(lines.count) line(s) from \(name).")
        } catch let error as ContractInputError {
            return InvoiceViews.newForm(partner: PartnerService.dto(partner), values: values, errors: .init(), issues: error.issues, file: name, req.pageContext())
                .response(.unprocessableEntity)
        }
    }

    @Sendable static func detail(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let invoice = try await InvoiceService.require(req.id("invoiceID"), scope: principal.scope, on: req.db)
        return try await page(invoice, principal: principal, req: req, errors: .init(), values: .init())
    }

    static func page(_ invoice: Invoice, principal: Principal, req: Request, errors: FieldErrors, values: FormValues) async throws -> HTML {
        let dto = try await InvoiceService.dto(invoice, partnerName: invoice.partner.name, principal: principal, on: req.db)
        let evaluation = try await SLAEvaluationRecord.query(on: req.db).filter(\.$invoiceID == invoice.requireID()).first().flatMap(SLAEvaluationService.decode)
        let lineIDs = Set(try await InvoiceService.lines(of: invoice, on: req.db).compactMap(\.id))
        let history = try await AuditQueries.list(.init(partnerID: invoice.$partner.id, limit: 500), for: principal.scope, on: req.db)
            .filter { $0.entityID == dto.id || lineIDs.contains($0.entityID) }
        return InvoiceViews.detail(dto, evaluation: evaluation, history: Array(history.prefix(30)), canAddLines: principal.can(.manageContracts),
                                   errors: errors, values: values, req.pageContext())
    }

    @Sendable static func addLine(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let invoice = try await InvoiceService.require(req.id("invoiceID"), scope: principal.scope, on: req.db)
        try req.require(.manageContracts)
        let form = try FormValues.from(req)
        let input = InvoiceLineInput(team: invoice.partner.name, unit: form["unit"], quantity: form["quantity"], rate: form["rate"], channel: form.optional("channel"),
                                     site: form.optional("site"), language: form.optional("language"), amount: nil, description: form.optional("description"))
        do {
            try await ContractErrors.apiInvoice { try await InvoiceService.addLine(input, to: invoice, partner: invoice.partner, by: principal.actor, on: req.db) }
            return req.back(to: .invoice(.id(try invoice.requireID())), "The line was added.")
        } catch let failure as ValidationFailed {
            return try await page(invoice, principal: principal, req: req, errors: failure.fields, values: form).response(.unprocessableEntity)
        }
    }

    @Sendable static func act(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let invoice = try await InvoiceService.require(req.id("invoiceID"), scope: principal.scope, on: req.db)
        try req.require(.manageContracts)
        let form = try FormValues.from(req)
        guard let action = InvoiceAction(rawValue: form["action"]), action != .dispute else {
            return req.back(to: .invoice(.id(try invoice.requireID())), "Choose what to do with the invoice.")
        }
        return try await run(InvoiceActionInput(action: action, disputes: nil, note: form.optional("note")), invoice: invoice, principal: principal, form: form, req: req)
    }

    /// Reasons come as `reason_<row>`; a line with an empty reason is not disputed.
    @Sendable static func dispute(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let invoice = try await InvoiceService.require(req.id("invoiceID"), scope: principal.scope, on: req.db)
        guard principal.can(.manageContracts) || principal.isPartnerUser else { throw Abort(.forbidden, reason: "Your role (\(principal.role.label)) cannot dispute invoices.") }
        let form = try FormValues.from(req)
        let disputes = form.values.keys.filter { $0.hasPrefix("reason_") }.compactMap { key -> DisputeInput? in
            guard let row = Int(key.dropFirst("reason_".count)), !form[key].isEmpty else { return nil }
            return DisputeInput(row: row, reason: form[key])
        }.sorted { $0.row < $1.row }
        return try await run(InvoiceActionInput(action: .dispute, disputes: disputes, note: nil), invoice: invoice, principal: principal, form: form, req: req)
    }

    static func run(_ input: InvoiceActionInput, invoice: Invoice, principal: Principal, form: FormValues, req: Request) async throws -> Response {
        do {
            try await InvoiceService.act(input, on: invoice, principal: principal, on: req.db)
            let done: String = switch input.action {
            case .submitForReview: "The invoice was submitted for review."
            case .approve: "The invoice was approved."
            case .dispute: "\(input.disputes?.count ?? 0) line(s) disputed."
            case .resolve: "The dispute was marked resolved."
            }
            return req.back(to: .invoice(.id(try invoice.requireID())), done)
        } catch let error as ContractInputError {
            return try await page(invoice, principal: principal, req: req, errors: error.fieldErrors, values: form).response(.unprocessableEntity)
        }
    }

    // MARK: Delivered hours

    @Sendable static func deliveredForm(req: Request) async throws -> HTML {
        try req.require(.manageContracts)
        return InvoiceViews.deliveredPage(issues: [], csv: "", req.pageContext())
    }

    @Sendable static func deliveredImport(req: Request) async throws -> Response {
        let principal = try req.require(.manageContracts)
        let (csv, name) = try StaffingPages.upload(req)
        do {
            let result = try await DeliveredHoursImport.run(csv: csv, fileName: name, by: principal.actor, on: req.db)
            return req.back(to: .deliveredHoursImport, "Delivered hours \(result.fileName) imported: \(result.rows) rows (\(result.created) new, \(result.updated) changed, \(result.unchanged) unchanged), \(result.period).")
        } catch let failure as StaffingImportFailed {
            return InvoiceViews.deliveredPage(issues: failure.issues, csv: name == "pasted.csv" ? csv : "", req.pageContext()).response(.unprocessableEntity)
        }
    }
}
