import Fluent
import Foundation
import TandemContracts
import Vapor

/// What `tandem invoices …` needs from the app: the same services as the pages and the API.
public enum InvoiceOperations {
    /// Imports a partner's invoice CSV for a month as a draft (a draft of that month is replaced);
    /// a bad file lists every problem and changes nothing.
    public static func importFile(_ app: Application, path: String, partner name: String, month: String) async throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw OperatorError(message: "Cannot read \(path).") }
        let file = (path as NSString).lastPathComponent
        let partners = try await Partner.query(on: app.db).all()
        guard let partner = partners.first(where: { $0.name.lowercased() == name.lowercased() }) else {
            throw OperatorError(message: "--partner: \"\(name)\" is not a partner in this workspace (\(partners.filter { $0.kind == .partner }.map(\.name).sorted().joined(separator: ", ")))")
        }
        do {
            let billing = try InvoiceService.month(month)
            let lines = try InvoiceService.parseCSV(String(decoding: data, as: UTF8.self), partner: partner)
            let invoice = try await InvoiceService.save(lines, month: billing, reference: nil, partner: partner, by: .cli(), on: app.db)
            return "Imported \(lines.count) line(s) from \(file) as the \(billing) draft invoice of \(partner.name): lines \(invoice.linesTotal), payable \(invoice.payable)"
                + " (after SLA credits \(invoice.credit), earned back \(invoice.earnedBack), bonus \(invoice.bonus))."
        } catch let error as ContractInputError {
            throw OperatorError(message: "\(error.issues.count) problem(s); nothing was imported:\n" + error.issues.map { "\(file): \($0)" }.joined(separator: "\n"))
        }
    }

    /// Imports a delivered-hours CSV (agent × day).
    public static func importDeliveredHours(_ app: Application, path: String) async throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw OperatorError(message: "Cannot read \(path).") }
        do {
            let result = try await DeliveredHoursImport.run(csv: String(decoding: data, as: UTF8.self), fileName: (path as NSString).lastPathComponent, by: .cli(), on: app.db)
            return "Imported \(result.rows) rows from \(result.fileName): \(result.created) new, \(result.updated) changed, \(result.unchanged) unchanged (\(result.period))."
        } catch let failure as StaffingImportFailed {
            throw OperatorError(message: "\(failure.issues.count) problem(s); nothing was imported:\n" + failure.description)
        }
    }
}
