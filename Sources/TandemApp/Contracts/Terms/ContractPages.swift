import Fluent
import Foundation
import TandemContracts
import TandemPartners
import Vapor

/// Contract pages: the list, a partner's contract, versions, documents, SLA evaluations, settings.
enum ContractPages {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.contracts.pathComponents, use: list)
        routes.get(SiteURL.contractSettings.pathComponents, use: settingsPage)
        routes.post(SiteURL.contractSettings.pathComponents, use: saveSettings)
        routes.get(SiteURL.partnerContract(.param).pathComponents, use: detail)
        routes.get(SiteURL.contractVersionNew(partner: .param).pathComponents, use: newVersionForm)
        routes.post(SiteURL.contractVersionNew(partner: .param).pathComponents, use: createVersion)
        routes.get(SiteURL.contractVersion(.param).pathComponents, use: editVersionForm)
        routes.post(SiteURL.contractVersion(.param).pathComponents, use: updateVersion)
        routes.post(SiteURL.contractDocuments(partner: .param).pathComponents, maxBody: DocumentService.uploadLimit, use: uploadDocument)
        routes.get(SiteURL.contractDocument(.param).pathComponents, use: downloadDocument)
        routes.post(SiteURL.contractDocumentDelete(.param).pathComponents, use: deleteDocument)
        routes.get(SiteURL.partnerSLA(.param).pathComponents, use: SLAPages.show)
    }

    static func today() -> LocalDate { LocalDate(date: Date()) }

    @Sendable static func list(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let partners = try await PartnerService.list(scope: principal.scope, on: req.db).filter { $0.kind == .partner }
        var rows: [(partner: PartnerDTO, current: ContractVersionDTO?)] = []
        for partner in partners {
            let records = try await ContractService.versions(of: partner.id, on: req.db)
            rows.append((partner, ContractService.governing(records, on: today()).map { ContractService.versionDTO($0, today: today()) }))
        }
        let settings = try await ContractSettingsService.load(on: req.db)
        let dates = try await KeyDateService.list(scope: principal.scope, today: today(), horizonDays: settings.keyDateHorizonDays, on: req.db)
        return ContractViews.list(rows, keyDates: dates, horizon: settings.keyDateHorizonDays, canManage: principal.can(.manageContracts), req.pageContext())
    }

    @Sendable static func detail(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let partner = try await RelationshipSupport.scopedPartner(req)
        let settings = try await ContractSettingsService.load(on: req.db)
        return ContractViews.detail(partner: PartnerService.dto(partner), contract: try await ContractService.dto(partner: partner, today: today(), on: req.db),
                                    horizon: settings.keyDateHorizonDays, canManage: principal.can(.manageContracts), req.pageContext())
    }

    // MARK: Versions

    @Sendable static func newVersionForm(req: Request) async throws -> HTML {
        let (partner, _) = try await RelationshipSupport.scopedPartner(req, requiring: .manageContracts)
        let latest = try await ContractService.versions(of: partner.requireID(), on: req.db).last
        var values: FormValues
        if let latest {
            var input = ContractService.input(latest)
            input.effectiveFrom = today()
            input.effectiveThrough = nil
            values = ContractForm.values(input, isNew: true)
        } else {
            values = FormValues(["effectiveFrom": today().description, "start": today().description, "initialEnd": today().adding(months: 24).adding(days: -1).description,
                                 "autoRenew": "on", "renewalTermMonths": "12", "clientNoticeDays": "90", "partnerNoticeDays": "90", "cureDays": "30",
                                 "convenienceFee": "none", "closePrevious": "on"])
        }
        return ContractViews.versionForm(title: latest == nil ? "\(partner.name): contract terms" : "\(partner.name): new contract version",
                                         partner: PartnerService.dto(partner), action: .contractVersionNew(partner: .id(try partner.requireID())), isNew: true,
                                         values: values, errors: .init(), req.pageContext())
    }

    @Sendable static func createVersion(req: Request) async throws -> Response {
        let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .manageContracts)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let input = ContractForm.input(form, errors: &errors)
        let dto = PartnerService.dto(partner)
        let context = req.pageContext()
        let id = try partner.requireID()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            ContractViews.versionForm(title: "\(dto.name): new contract version", partner: dto, action: .contractVersionNew(partner: .id(id)), isNew: true,
                                      values: form, errors: errors, context)
        }, action: {
            let record = try await ContractErrors.form { try await ContractService.addVersion(input!, partner: partner, by: principal.actor, on: req.db) }
            return (.partnerContract(.id(id)), "Contract version \(record.number) was saved.")
        })
    }

    @Sendable static func editVersionForm(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        let record = try await ContractService.requireVersion(req.id("versionID"), scope: principal.scope, on: req.db)
        try req.require(.manageContracts)
        let partner = try await PartnerService.require(record.partnerID, scope: .all, on: req.db)
        return ContractViews.versionForm(title: "\(partner.name): contract version \(record.number)", partner: PartnerService.dto(partner),
                                         action: .contractVersion(.id(try record.requireID())), isNew: false,
                                         values: ContractForm.values(ContractService.input(record), isNew: false), errors: .init(), req.pageContext())
    }

    @Sendable static func updateVersion(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let record = try await ContractService.requireVersion(req.id("versionID"), scope: principal.scope, on: req.db)
        try req.require(.manageContracts)
        let partner = PartnerService.dto(try await PartnerService.require(record.partnerID, scope: .all, on: req.db))
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let input = ContractForm.input(form, errors: &errors)
        let context = req.pageContext()
        let id = try record.requireID()
        let title = "\(partner.name): contract version \(record.number)"
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            ContractViews.versionForm(title: title, partner: partner, action: .contractVersion(.id(id)), isNew: false, values: form, errors: errors, context)
        }, action: {
            try await ContractErrors.form { try await ContractService.updateVersion(record, with: input!, by: principal.actor, on: req.db) }
            return (.partnerContract(.id(partner.id)), "Contract version \(record.number) was saved.")
        })
    }

    // MARK: Documents

    struct Upload: Content {
        var file: File?
        var note: String?
    }

    @Sendable static func uploadDocument(req: Request) async throws -> Response {
        let (partner, principal) = try await RelationshipSupport.scopedPartner(req, requiring: .manageContracts)
        let id = try partner.requireID()
        let upload = try? req.content.decode(Upload.self)
        guard let file = upload?.file, file.data.readableBytes > 0 else {
            return req.back(to: .partnerContract(.id(id)), "No file was chosen: nothing was uploaded.")
        }
        do {
            let document = try await DocumentService.upload(Array(file.data.readableBytesView), fileName: file.filename, note: upload?.note ?? "",
                                                            partner: partner, by: principal.actor, on: req.db)
            return req.back(to: .partnerContract(.id(id)), "\(document.fileName) was attached.")
        } catch let error as ContractInputError {
            let contract = try await ContractService.dto(partner: partner, today: today(), on: req.db)
            let settings = try await ContractSettingsService.load(on: req.db)
            var context = req.pageContext()
            context.flash = nil
            let page = ContractViews.detail(partner: PartnerService.dto(partner), contract: contract, horizon: settings.keyDateHorizonDays, canManage: true, context)
            let problem = error.issues.map { "\($0.field == "file_name" ? "File name" : "File") \($0.reason)" }.joined(separator: "; ")
            let html = HTML(raw: page.raw.replacingOccurrences(of: "<main>", with: "<main>\n<div class=\"error-summary\" role=\"alert\" id=\"upload-error\"><strong>\(HTML.escape(file.filename)) was not attached:</strong> \(HTML.escape(problem)). Nothing was changed.</div>"))
            return html.response(.unprocessableEntity)
        }
    }

    @Sendable static func downloadDocument(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        return DocumentService.response(try await DocumentService.require(req.id("documentID"), scope: principal.scope, on: req.db))
    }

    @Sendable static func deleteDocument(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let document = try await DocumentService.require(req.id("documentID"), scope: principal.scope, on: req.db)
        try req.require(.manageContracts)
        try await DocumentService.delete(document, by: principal.actor, on: req.db)
        return req.back(to: .partnerContract(.id(document.partnerID)), "\(document.fileName) was removed.")
    }

    // MARK: Settings

    static func values(_ s: ContractSettingsDTO) -> FormValues {
        FormValues(["keyDateHorizonDays": String(s.keyDateHorizonDays), "tolerancePercent": s.tolerancePercent, "toleranceAbsolute": s.toleranceAbsolute,
                    "adherenceOnly": s.adherenceOnly ? "on" : "", "hoursPerFTEWeek": s.hoursPerFTEWeek])
    }

    @Sendable static func settingsPage(req: Request) async throws -> HTML {
        let principal = try req.requirePrincipal()
        try principal.requireClientSide("Contract settings are the client's.")
        return ContractViews.settings(values(try await ContractSettingsService.load(on: req.db)), errors: .init(), canManage: principal.can(.manageContracts), req.pageContext())
    }

    @Sendable static func saveSettings(req: Request) async throws -> Response {
        let principal = try req.require(.manageContracts)
        let form = try FormValues.from(req)
        var errors = FieldErrors()
        let horizon = form.int("keyDateHorizonDays", into: &errors)
        if form["keyDateHorizonDays"].isEmpty { errors.add("keyDateHorizonDays", "is required") }
        let context = req.pageContext()
        return try await FormSubmission.handle(req, parseErrors: errors, rerender: { errors in
            ContractViews.settings(form, errors: errors, canManage: true, context)
        }, action: {
            _ = try await ContractSettingsService.save(.init(keyDateHorizonDays: horizon ?? 0, tolerancePercent: form["tolerancePercent"],
                                                             toleranceAbsolute: form.optional("toleranceAbsolute"), adherenceOnly: form.flag("adherenceOnly"),
                                                             hoursPerFTEWeek: form.optional("hoursPerFTEWeek")), by: principal.actor, on: req.db)
            return (.contractSettings, "Contract settings were saved.")
        })
    }
}
